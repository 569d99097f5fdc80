package eventcode

import (
	"html"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/realign/realign"
)

const petrPath = "../../shared/eval/events/universalpetrarch/PETR2_GSR_validation.xml"

// countryNames is a test-only mention tagger: country names, demonyms and
// capitals to ISO 3166-1 alpha-3 (facts, no knowledge base).
var countryNames = map[string]string{
	"United States": "USA", "US": "USA", "U.S.": "USA", "USA": "USA", "American": "USA", "Washington": "USA",
	"Russia": "RUS", "Russian": "RUS", "Moscow": "RUS", "China": "CHN", "Chinese": "CHN", "Beijing": "CHN",
	"Brazil": "BRA", "Brazilian": "BRA", "Guyana": "GUY", "Tunisia": "TUN", "Tunisian": "TUN", "tunisian": "TUN",
	"Nigeria": "NGA", "Nigerian": "NGA", "Rwanda": "RWA", "Rwandan": "RWA", "Kigali": "RWA",
	"France": "FRA", "French": "FRA", "Paris": "FRA", "Israel": "ISR", "Israeli": "ISR", "iSrael": "ISR",
	"Palestinian": "PSE", "Gaza": "PSE", "Lebanon": "LBN", "Beirut": "LBN", "Iraq": "IRQ", "Iraqi": "IRQ",
	"Baghdad": "IRQ", "Syria": "SYR", "Syrian": "SYR", "Damascus": "SYR", "Ukraine": "UKR", "Ukrainian": "UKR",
	"Kiev": "UKR", "Philippines": "PHL", "Filipino": "PHL", "Qatar": "QAT", "Egypt": "EGY", "Egyptian": "EGY",
	"Saudi Arabia": "SAU", "Malaysia": "MYS", "Malaysian": "MYS", "Somalia": "SOM", "Somali": "SOM",
	"Kenya": "KEN", "Kenyan": "KEN", "Iran": "IRN", "Iranian": "IRN", "Tehran": "IRN", "Switzerland": "CHE",
	"Swiss": "CHE", "Zurich": "CHE", "Georgia": "GEO", "Georgian": "GEO", "Britain": "GBR", "British": "GBR",
	"Canada": "CAN", "Canadian": "CAN", "Myanmar": "MMR", "Afghanistan": "AFG", "Pakistan": "PAK", "India": "IND",
}

type petrRecord struct {
	id   string
	text string
	gold [][3]string // source, target, code
}

var (
	petrSentenceRE = regexp.MustCompile(`(?s)<Sentence\s([^>]*)>(.*?)(?:</Sentence>|$)`)
	petrEventRE    = regexp.MustCompile(`<EventCoding\s([^>]*?)/?>`)
	petrAttrRE     = regexp.MustCompile(`(\w+)="([^"]*)"`)
	petrTextRE     = regexp.MustCompile(`(?s)<Text>(.*?)</Text>`)
)

// parsePETR reads the validation records leniently: the file is not
// well-formed XML, so records are cut at each <Sentence and read by
// pattern.
func parsePETR(data string) []petrRecord {
	var out []petrRecord
	chunks := strings.Split(data, "<Sentence ")
	for _, ch := range chunks[1:] {
		attrs := map[string]string{}
		head, _, _ := strings.Cut(ch, ">")
		for _, m := range petrAttrRE.FindAllStringSubmatch(head, -1) {
			attrs[m[1]] = m[2]
		}
		tm := petrTextRE.FindStringSubmatch(ch)
		if tm == nil {
			continue
		}
		r := petrRecord{id: attrs["id"], text: strings.Join(strings.Fields(html.UnescapeString(tm[1])), " ")}
		for _, em := range petrEventRE.FindAllStringSubmatch(ch, -1) {
			ea := map[string]string{}
			for _, m := range petrAttrRE.FindAllStringSubmatch(em[1], -1) {
				ea[m[1]] = m[2]
			}
			if ea["eventcode"] != "" {
				r.gold = append(r.gold, [3]string{ea["sourcecode"], ea["targetcode"], ea["eventcode"]})
			}
		}
		out = append(out, r)
	}
	return out
}

// TestPETRValidation measures the coder on the PETRARCH-2 validation
// records: a system event counts as correct when its source country, target
// country and CAMEO root equal a gold event's. Mentions come from the
// test's country-name tagger, so sentences whose actors are people or
// groups are out of reach by construction.
func TestPETRValidation(t *testing.T) {
	raw, err := os.ReadFile(petrPath)
	if err != nil {
		t.Skipf("PETR2 validation file not available (%v); skipping", err)
	}
	recs := parsePETR(string(raw))
	if len(recs) < 70 {
		t.Fatalf("parsed %d records, want about 78", len(recs))
	}
	mentions := map[string]*realign.Actor{}
	for name, iso := range countryNames {
		mentions[name] = state(iso)
	}
	var sys, gold, hit, rootSys, rootHit int
	for _, r := range recs {
		if r.text == "" {
			continue
		}
		a := analysis(t, r.text, "", mentions)
		events := code(t, a)
		gset := map[string]bool{}
		groots := map[string]bool{}
		for _, g := range r.gold {
			gold++
			gset[g[0][:min(3, len(g[0]))]+" "+g[1][:min(3, len(g[1]))]+" "+g[2][:2]] = true
			groots[g[2][:2]] = true
		}
		if testing.Verbose() {
			for _, g := range r.gold {
				found := false
				for _, e := range events {
					if e.Code[:2] == g[2][:2] {
						found = true
					}
				}
				if !found {
					t.Logf("%s: missed %v in %q", r.id, g, r.text)
				}
			}
		}
		seen := map[string]bool{}
		for _, e := range events {
			tgt := ""
			if e.Target != nil {
				tgt = e.Target.Country
			}
			key := e.Source.Country + " " + tgt + " " + e.Code[:2]
			if seen[key] {
				continue
			}
			seen[key] = true
			sys++
			rootSys++
			if groots[e.Code[:2]] {
				rootHit++
			}
			if gset[key] {
				hit++
			} else {
				t.Logf("%s: extra %s (%s) in %q; gold %v", r.id, key, e.Rule, r.text, r.gold)
			}
		}
	}
	p := float64(hit) / float64(max(sys, 1))
	rc := float64(hit) / float64(max(gold, 1))
	t.Logf("PETR2 validation: %d records, %d gold events, %d system events; dyad+root precision %.2f recall %.2f; root-only precision %.2f",
		len(recs), gold, sys, p, rc, float64(rootHit)/float64(max(rootSys, 1)))
	// regression floors, set below the figures measured when written
	if rp := float64(rootHit) / float64(max(rootSys, 1)); sys == 0 || p < 0.5 || rp < 0.7 {
		t.Errorf("dyad+root precision %.2f, root-only precision %.2f over %d events: below the floors 0.50 and 0.70", p, rp, sys)
	}
}
