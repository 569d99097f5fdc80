package storetest

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/realign/realign"
	"github.com/realign/realign/pipeline"
)

// articlesJSONL holds short news articles written for the store tests,
// one JSON object a line: name, published (YYYY-MM-DD), url, site, text.
//
//go:embed testdata/articles.jsonl
var articlesJSONL []byte

// gdeltTSV is a hand-written GDELT event export: four GDELT 1.0 rows
// (one a repeat), three GDELT 2.0 rows, four malformed lines and a blank
// one.
//
//go:embed testdata/gdelt.tsv
var gdeltTSV string

// The GDELT fixture's counts, by construction of testdata/gdelt.tsv.
const (
	gdeltRows       = 11 // non-blank lines
	gdeltImported   = 6  // distinct valid GLOBALEVENTIDs
	gdeltDuplicates = 1  // GLOBALEVENTID 101 again
	gdeltSkipped    = 4  // 59 columns, a CSV header, a bad SQLDATE, a bad EventCode
)

var (
	fixtureOnce sync.Once
	fixtureErr  error
	fixtureAll  []*realign.Analysis
	fixtureByID map[string]*realign.Analysis
)

// Articles returns the test articles analysed by the pipeline, in file
// order, and the same keyed by article name. Callers must not modify
// them (copy an Analysis before changing it).
func Articles(t testing.TB) ([]*realign.Analysis, map[string]*realign.Analysis) {
	t.Helper()
	fixtureOnce.Do(func() {
		pipe, err := pipeline.New(pipeline.Options{})
		if err != nil {
			fixtureErr = err
			return
		}
		fixtureByID = map[string]*realign.Analysis{}
		dec := json.NewDecoder(bytes.NewReader(articlesJSONL))
		for dec.More() {
			var ar struct{ Name, Published, URL, Site, Text string }
			if err := dec.Decode(&ar); err != nil {
				fixtureErr = fmt.Errorf("articles.jsonl: %w", err)
				return
			}
			pub, err := time.Parse(time.DateOnly, ar.Published)
			if err != nil {
				fixtureErr = fmt.Errorf("articles.jsonl %s: %w", ar.Name, err)
				return
			}
			d := realign.Document{ID: realign.ContentID(ar.Text), Text: ar.Text, URL: ar.URL, Site: ar.Site,
				Published: pub, Source: ar.Name, Format: "text", Language: "en", Title: titleOf(ar.Text)}
			a, err := pipe.Analyze(d)
			if err != nil {
				fixtureErr = fmt.Errorf("analyse %s: %w", ar.Name, err)
				return
			}
			fixtureAll = append(fixtureAll, a)
			fixtureByID[ar.Name] = a
		}
	})
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	return fixtureAll, fixtureByID
}

// titleOf is the first words of text, as a headline.
func titleOf(text string) string {
	w := strings.Fields(text)
	return strings.Join(w[:min(len(w), 6)], " ")
}

// States and outlets of the synthetic corpus.
var (
	synthActors = []string{"USAGOV", "CHN", "RUSMIL", "PAK", "IND", "IRN", "UKR", "IGOUNO", "GOV", "---REB"}
	synthSites  = []string{"a.example", "b.example", "c.example", "d.example", ""}
	synthCodes  = []struct {
		code      string
		quad      int
		goldstein float64
	}{{"040", 1, 1}, {"042", 1, 1.9}, {"036", 1, 4}, {"0311", 1, 5.2}, {"051", 1, 3.4}, {"061", 2, 6.4},
		{"111", 3, -2}, {"112", 3, -2}, {"130", 3, -4.4}, {"190", 4, -10}, {"173", 4, -5}}
	synthModalities = []string{realign.ModalityAsserted, realign.ModalityAsserted, realign.ModalityAsserted,
		realign.ModalityNegated, realign.ModalityIntended, realign.ModalityHoped, realign.ModalityHistorical, ""}
	synthPlaces = []*realign.Place{nil, nil,
		{Name: "Bishkek", Country: "KGZ", Precision: realign.PrecisionCity, GeoID: "city:KGZ:bishkek", Lat: ptr(42.87), Lon: ptr(74.59)},
		{Name: "Geneva", Country: "CHE", Precision: realign.PrecisionCity, GeoID: "city:CHE:geneva"},
		{Text: "the border", Country: "PAK"}}
)

func ptr[T any](v T) *T { return &v }

// Synthetic returns n hand-built analyses (seeded, so the same for the
// same arguments): short documents published over 2018–2019 by a few
// outlets, each with one to four events among states, organisations and
// actors with no state, in every modality, with day, week, month, year
// and no dates, some at a location and some from a quotation. Their
// texts are too short for near-duplicate detection; one in 17 has no
// publication date, so its undated events have no day. Events of nearby
// documents share codes and days, so many cluster.
func Synthetic(n int, seed uint64) []*realign.Analysis {
	r := rand.New(rand.NewPCG(seed, 17))
	from := time.Date(2018, 1, 1, 9, 0, 0, 0, time.UTC)
	var out []*realign.Analysis
	for i := range n {
		pub := from.AddDate(0, 0, r.IntN(700))
		text := fmt.Sprintf("Synthetic report %d of seed %d. Officials met. \"We agree,\" one said.", i, seed)
		site := synthSites[r.IntN(len(synthSites))]
		url := fmt.Sprintf("https://%s/report/%d", site, i)
		if site == "" {
			url = ""
		}
		a := &realign.Analysis{
			Document: realign.Document{ID: realign.ContentID(text), Text: text, Title: fmt.Sprintf("Report %d", i),
				Published: pub, Site: site, URL: url, Language: "en", Format: "text", Source: fmt.Sprintf("synthetic-%d", i)},
			Sentences: []realign.Sentence{{Span: realign.Span{Start: 0, End: 20}, Paragraph: 0},
				{Span: realign.Span{Start: 21, End: len(text)}, Paragraph: 1}},
		}
		q := strings.Index(text, `"`)
		speaker := synthActor(r)
		a.Quotes = []realign.Quotation{{Span: realign.Span{Start: q + 1, End: q + 10}, Text: "We agree,", Kind: realign.QuoteDirect,
			Cue: "said", Speaker: &realign.Speaker{Text: "one", Actor: speaker, Mention: -1}}}
		a.Mentions = []realign.Mention{{Span: realign.Span{Start: 0, End: 9}, Text: "Synthetic", Type: realign.ORG,
			Actor: speaker, Via: "name", Antecedent: -1}}
		for range 1 + r.IntN(4) {
			c := synthCodes[r.IntN(len(synthCodes))]
			ev := realign.Event{Source: synthActor(r), Target: synthActor(r), Code: c.code, QuadClass: c.quad, Goldstein: c.goldstein,
				Modality: synthModalities[r.IntN(len(synthModalities))], Date: synthDate(r, pub), Location: synthPlaces[r.IntN(len(synthPlaces))],
				Sentence: a.Sentences[r.IntN(2)].Span, Trigger: realign.Span{Start: 22, End: 31}, Quote: -1, Rule: "synthetic"}
			if r.IntN(3) == 0 {
				ev.Quote, ev.AttributedTo = 0, speaker
			}
			if r.IntN(8) == 0 {
				ev.Target = nil
			}
			a.Events = append(a.Events, ev)
		}
		if i%17 == 16 {
			a.Document.Published = time.Time{} // undated: events with no date have no day
		}
		out = append(out, a)
	}
	return out
}

func synthActor(r *rand.Rand) *realign.Actor {
	code := synthActors[r.IntN(len(synthActors))]
	country := ""
	if len(code) >= 3 && code[:3] != "IGO" && code[:3] != "GOV" && code[0] != '-' {
		country = code[:3]
	}
	return &realign.Actor{ID: "test/" + strings.ToLower(code), Code: code, Name: "Actor " + code, Country: country, Kind: "state"}
}

// synthDate is a coded event date near pub: mostly a day, sometimes a
// week, a month, a year or none.
func synthDate(r *rand.Rand, pub time.Time) string {
	d := pub.AddDate(0, 0, -r.IntN(3))
	switch r.IntN(10) {
	case 0:
		y, w := d.ISOWeek()
		return fmt.Sprintf("%d-W%02d", y, w)
	case 1:
		return d.Format("2006-01")
	case 2:
		return d.Format("2006")
	case 3, 4:
		return ""
	}
	return d.Format(time.DateOnly)
}
