package eventcode

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/realign/realign"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestGoldenFixture codes testdata/fixture.txt with hand-made mentions,
// places, times and quotes and compares the events with
// testdata/fixture.golden.json (rewrite with -update).
func TestGoldenFixture(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "fixture.txt"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	aCHNGOV := &realign.Actor{ID: "state/CHN", Code: "CHNGOV", Name: "China", Country: "CHN", Sector: "GOV", Kind: "state"}
	a := analysis(t, text, "2019-06-14", map[string]*realign.Actor{
		"Narendra Modi": aModi, "Modi": aModi, "Vladimir Putin": aPutin, "Indian": aIND, "Russian": aRUS,
		"India": aIND, "Russia": aRUS, "Pakistan": aPAK, "China": aCHN, "Beijing": aCHNGOV, "United States": aUSA,
	})
	moscow := realign.Place{Text: "Moscow", Name: "Moscow", Country: "RUS", Precision: realign.PrecisionCity, GeoID: "moscow"}
	for _, k := range []string{"MOSCOW", "Moscow"} {
		p := moscow
		p.Span, p.Text = spanOf(t, text, k, 0), k
		a.Places = append(a.Places, p)
	}
	for k, v := range map[string]string{"on Monday": "2019-06-10", "on Tuesday": "2019-06-11", "1971": "1971"} {
		a.Times = append(a.Times, realign.TimeExpr{Span: spanOf(t, text, k, 0), Text: k, Value: v})
	}
	q := "We will never attack Pakistan,"
	a.Quotes = []realign.Quotation{{
		Span: spanOf(t, text, q, 0), Text: q, Kind: realign.QuoteDirect, Cue: "told", CueSpan: spanOf(t, text, "told", 0),
		Speaker: &realign.Speaker{Span: spanOf(t, text, "Modi", 2), Text: "Modi", Actor: aModi, Mention: -1},
	}}
	got, err := json.MarshalIndent(code(t, a), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "fixture.golden.json")
	if *update {
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)+"\n"); diff != "" {
		t.Errorf("events differ from %s (-want +got):\n%s", golden, diff)
	}
}
