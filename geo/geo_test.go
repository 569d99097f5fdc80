package geo

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/realign/realign"
	"github.com/realign/realign/internal/testcorpus"
	"github.com/realign/realign/nlp"
)

var (
	setupOnce sync.Once
	seg       *nlp.Segmenter
	gaz       *Gazetteer
	setupErr  error
)

func setup(t testing.TB) {
	t.Helper()
	setupOnce.Do(func() {
		seg, setupErr = nlp.New(nlp.Options{})
		if setupErr == nil {
			gaz, setupErr = New(Options{})
		}
	})
	if setupErr != nil {
		t.Fatal(setupErr)
	}
}

func analyse(t testing.TB, text string, mentions []realign.Mention) *realign.Analysis {
	t.Helper()
	setup(t)
	a := &realign.Analysis{Document: realign.Document{Text: text}, Mentions: mentions}
	if err := seg.Annotate(a); err != nil {
		t.Fatal(err)
	}
	if err := gaz.Annotate(a); err != nil {
		t.Fatal(err)
	}
	return a
}

// short is a Place reduced to what the table checks.
type short struct {
	Text, Name, Country, Precision, GeoID string
}

func simplify(ps []realign.Place) []short {
	out := []short{}
	for _, p := range ps {
		out = append(out, short{p.Text, p.Name, p.Country, p.Precision, p.GeoID})
	}
	return out
}

func TestAnnotate(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []short
	}{
		{"city and country", "Leaders met in Bishkek, Kyrgyzstan, on Friday.", []short{
			{"Bishkek", "Bishkek", "KGZ", "city", "city:KGZ:bishkek"},
			{"Kyrgyzstan", "Kyrgyzstan", "KGZ", "country", "country:KGZ"}}},
		{"organisation name", "The Shanghai Cooperation Organization admitted two members.", []short{}},
		{"newspapers", "The Washington Post and the New York Times both reported it.", []short{}},
		{"university", "She studied at Columbia University before joining.", []short{}},
		{"bank of", "The Bank of China cut its rates.", []short{}},
		{"initiative", "China's Belt and Road Initiative keeps growing.", []short{
			{"China", "China", "CHN", "country", "country:CHN"}}},
		{"adjective is not a place", "Russian and Pakistani officials met.", []short{}},
		{"person name", "Fans cheered as Michael Jordan arrived.", []short{}},
		{"possessive", "Pakistan’s foreign minister spoke.", []short{
			{"Pakistan", "Pakistan", "PAK", "country", "country:PAK"}}},
		{"regions", "Tensions rose in Kashmir, the Middle East and the Strait of Hormuz.", []short{
			{"Kashmir", "Kashmir", "", "region", "region:kashmir"},
			{"Middle East", "Middle East", "", "region", "region:middle-east"},
			{"Strait of Hormuz", "Strait of Hormuz", "", "region", "region:strait-of-hormuz"}}},
		{"demonym before place", "Troops patrolled Indian-administered Kashmir.", []short{
			{"Kashmir", "Kashmir", "", "region", "region:kashmir"}}},
		{"georgia the country", "Georgia's president flew to Tbilisi.", []short{
			{"Georgia", "Georgia", "GEO", "country", "country:GEO"},
			{"Tbilisi", "Tbilisi", "GEO", "city", "city:GEO:tbilisi"}}},
		{"georgia the state", "Voters in Atlanta, Georgia, backed the Republican candidate.", []short{
			{"Atlanta", "Atlanta", "USA", "city", "city:USA:atlanta"},
			{"Georgia", "Georgia", "USA", "region", "region:USA:georgia"}}},
		{"washington the capital", "Officials in Washington said the talks in Doha went well.", []short{
			{"Washington", "Washington", "USA", "city", "city:USA:washington"},
			{"Doha", "Doha", "QAT", "city", "city:QAT:doha"}}},
		{"tripoli by context", "Clashes in Tripoli left Lebanon shaken.", []short{
			{"Tripoli", "Tripoli", "LBN", "city", "city:LBN:tripoli"},
			{"Lebanon", "Lebanon", "LBN", "country", "country:LBN"}}},
		{"tripoli default", "Clashes in Tripoli continued.", []short{
			{"Tripoli", "Tripoli", "LBY", "city", "city:LBY:tripoli"}}},
		{"longest match", "Aid reached the Gaza Strip, the West Bank and Papua New Guinea.", []short{
			{"Gaza Strip", "Gaza Strip", "PSE", "region", "region:PSE:gaza-strip"},
			{"West Bank", "West Bank", "PSE", "region", "region:PSE:west-bank"},
			{"Papua New Guinea", "Papua New Guinea", "PNG", "country", "country:PNG"}}},
		{"abbreviation", "The U.S. and the UAE signed a deal in New Delhi.", []short{
			{"U.S.", "United States", "USA", "country", "country:USA"},
			{"UAE", "United Arab Emirates", "ARE", "country", "country:ARE"},
			{"New Delhi", "New Delhi", "IND", "city", "city:IND:new-delhi"}}},
		{"lower case words", "They will turkey-trot in china shops.", []short{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := analyse(t, tc.text, nil)
			if diff := cmp.Diff(tc.want, simplify(a.Places)); diff != "" {
				t.Errorf("%q: places mismatch (-want +got):\n%s", tc.text, diff)
			}
			checkLayer(t, tc.text, a.Places)
		})
	}
}

// checkLayer checks spans, order, overlap and coordinates.
func checkLayer(t *testing.T, text string, ps []realign.Place) {
	t.Helper()
	for i, p := range ps {
		if p.Span.Text(text) != p.Text {
			t.Errorf("place %d: span %v does not cover %q", i, p.Span, p.Text)
		}
		if i > 0 && ps[i-1].End > p.Start {
			t.Errorf("places %d and %d overlap or are out of order", i-1, i)
		}
		if (p.Lat == nil) != (p.Lon == nil) {
			t.Errorf("place %q: only one coordinate", p.Text)
		}
	}
}

func TestMentionsBlockPlaces(t *testing.T) {
	text := "Paris Hilton visited Paris."
	mentions := []realign.Mention{{Span: realign.Span{Start: 0, End: 12}, Text: "Paris Hilton", Type: realign.PERSON, Antecedent: -1}}
	a := analyse(t, text, mentions)
	want := []short{{"Paris", "Paris", "FRA", "city", "city:FRA:paris"}}
	if diff := cmp.Diff(want, simplify(a.Places)); diff != "" {
		t.Errorf("places mismatch (-want +got):\n%s", diff)
	}
	if len(a.Places) == 1 && a.Places[0].Start != 21 {
		t.Errorf("tagged the Paris at %d, want the one at 21", a.Places[0].Start)
	}
}

func TestLookup(t *testing.T) {
	setup(t)
	ps := gaz.Lookup("georgia")
	if len(ps) != 2 || ps[0].GeoID != "country:GEO" || ps[1].GeoID != "region:USA:georgia" {
		t.Errorf("Lookup(georgia) = %+v, want the country then the US state", simplify(ps))
	}
	ps = gaz.Lookup("Bishkek")
	if len(ps) != 1 || ps[0].Lat == nil || *ps[0].Lat != 42.87 || *ps[0].Lon != 74.59 || ps[0].Country != "KGZ" || ps[0].Precision != realign.PrecisionCity {
		t.Errorf("Lookup(Bishkek) = %+v", ps)
	}
	if ps := gaz.Lookup("Qwzxv Atlantis"); ps != nil {
		t.Errorf("Lookup(Atlantis) = %+v, want nil", ps)
	}
	if ps := gaz.Lookup("  "); ps != nil {
		t.Errorf("Lookup(blank) = %+v, want nil", ps)
	}
	// Lookup returns copies
	a, b := gaz.Lookup("Bishkek"), gaz.Lookup("Bishkek")
	*a[0].Lat = 0
	if *b[0].Lat != 42.87 {
		t.Error("Lookup shares coordinates between calls")
	}
	if c, ok := gaz.Capital("kgz"); !ok || c.Name != "Bishkek" {
		t.Errorf("Capital(kgz) = %+v, %v", c, ok)
	}
	if c, ok := gaz.Country("KGZ"); !ok || c.Precision != realign.PrecisionCountry || c.Name != "Kyrgyzstan" {
		t.Errorf("Country(KGZ) = %+v, %v", c, ok)
	}
	if _, ok := gaz.Country("XXX"); ok {
		t.Error("Country(XXX) found")
	}
}

func TestBuiltinData(t *testing.T) {
	setup(t)
	countries, capitals := 0, 0
	for _, e := range gaz.entries {
		switch e.precision {
		case realign.PrecisionCountry:
			countries++
			if !e.hasPoint {
				t.Errorf("country %s has no representative point", e.name)
			}
		case realign.PrecisionCity:
			if !e.hasPoint {
				t.Errorf("city %s has no coordinates", e.name)
			}
			if _, ok := gaz.byCountry[e.country]; !ok {
				t.Errorf("city %s: country %s has no country row", e.name, e.country)
			}
		}
		if e.capital {
			capitals++
		}
	}
	if countries < 220 || capitals < 190 {
		t.Errorf("%d countries and %d capitals, want at least 220 and 190", countries, capitals)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"columns", "city\tKGZ\tBishkek\n", "x.tsv:1: want 7 or 8"},
		{"precision", "town\tKGZ\tBishkek\t\t1\t2\t\t\n", "x.tsv:1: unknown precision"},
		{"coordinates", "# c\ncity\tKGZ\tBishkek\t\t142.87\t74.59\t1M\t\n", "x.tsv:2: bad coordinates"},
		{"half point", "city\tKGZ\tBishkek\t\t42.87\t\t1M\t\n", "x.tsv:1: give both"},
		{"country code", "city\tkg\tBishkek\t\t42.87\t74.59\t1M\t\n", "x.tsv:1: country"},
		{"population", "city\tKGZ\tBishkek\t\t42.87\t74.59\tmany\t\n", "x.tsv:1: population"},
		{"note", "city\tKGZ\tBishkek\t\t42.87\t74.59\t1M\tbig\n", "x.tsv:1: unknown note"},
		{"duplicate", "city\tKGZ\tBishkek\t\t1\t2\t\t\ncity\tKGZ\tBishkek\t\t1\t2\t\t\n", "x.tsv:2: duplicate geo id"},
	}
	for _, tc := range tests {
		_, err := parseGazetteer("x.tsv", []byte(tc.data))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestExtraFiles(t *testing.T) {
	p := filepath.Join(t.TempDir(), "extra.tsv")
	if err := os.WriteFile(p, []byte("# mine\ncity\tKGZ\tOsh\t\t40.51\t72.80\t300K\t\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	g, err := New(Options{ExtraFiles: []string{p}})
	if err != nil {
		t.Fatal(err)
	}
	if ps := g.Lookup("Osh"); len(ps) != 1 || ps[0].GeoID != "city:KGZ:osh" {
		t.Errorf("Lookup(Osh) = %+v", ps)
	}
	if _, err := New(Options{ExtraFiles: []string{filepath.Join(t.TempDir(), "missing.tsv")}}); err == nil {
		t.Error("New accepted a missing extra file")
	}
}

func TestNoSentences(t *testing.T) {
	setup(t)
	a := &realign.Analysis{Document: realign.Document{Text: "Talks in Bishkek."}}
	if err := gaz.Annotate(a); err != nil {
		t.Fatal(err)
	}
	if len(a.Places) != 1 || a.Places[0].Name != "Bishkek" {
		t.Errorf("places = %+v", simplify(a.Places))
	}
	for _, s := range []string{"", "\xff\xfe", "New", "Strait of", "U.S"} {
		analyse(t, s, nil)
	}
}

func sharedPath(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join("..", "..", "shared", rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared data %s absent: %v", p, err)
	}
	return p
}

func TestSCOArticle(t *testing.T) {
	b, err := os.ReadFile(sharedPath(t, "examples/sco-summit-blogpost.txt"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	a := analyse(t, text, nil)
	checkLayer(t, text, a.Places)
	byText := map[string]realign.Place{}
	for _, p := range a.Places {
		byText[p.Text] = p
	}
	if p, ok := byText["Bishkek"]; !ok || p.Country != "KGZ" || p.Precision != realign.PrecisionCity || p.Lat == nil || p.Lon == nil {
		t.Errorf("Bishkek = %+v, want a KGZ city with coordinates", p)
	}
	if p, ok := byText["Kyrgyzstan"]; !ok || p.Country != "KGZ" || p.Precision != realign.PrecisionCountry {
		t.Errorf("Kyrgyzstan = %+v, want KGZ country", p)
	}
	for _, name := range []string{"Middle East", "Kashmir"} {
		if p, ok := byText[name]; !ok || p.Precision != realign.PrecisionRegion {
			t.Errorf("%s = %+v, want a region", name, p)
		}
	}
	sco := strings.Index(text, "Shanghai Cooperation Organization")
	bri := strings.Index(text, "Belt and Road")
	for _, p := range a.Places {
		if sco >= 0 && p.Overlaps(realign.Span{Start: sco, End: sco + len("Shanghai Cooperation Organization")}) {
			t.Errorf("place %q inside the SCO's name", p.Text)
		}
		if bri >= 0 && p.Overlaps(realign.Span{Start: bri, End: bri + len("Belt and Road")}) {
			t.Errorf("place %q inside Belt and Road", p.Text)
		}
	}
}

func TestVOACorpus(t *testing.T) {
	docs, places := 0, 0
	prec := map[string]int{}
	for _, d := range testcorpus.VOA(t) {
		a := analyse(t, d.Text, nil)
		checkLayer(t, d.Text, a.Places)
		docs++
		places += len(a.Places)
		for _, p := range a.Places {
			prec[p.Precision]++
		}
	}
	t.Logf("%d documents, %d places %v", docs, places, prec)
	if docs != 89 || places < 1500 {
		t.Errorf("got %d docs and %d places, want 89 and at least 1500", docs, places)
	}
}
