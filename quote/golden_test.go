package quote_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/realign/realign"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// goldenQuote is the stored form of a quotation in golden files.
type goldenQuote struct {
	Kind      string       `json:"kind"`
	Span      realign.Span `json:"span"`
	Text      string       `json:"text"`
	Cue       string       `json:"cue"`
	Speaker   string       `json:"speaker,omitempty"`
	Actor     string       `json:"actor,omitempty"`
	Mention   int          `json:"mention"`
	Addressee string       `json:"addressee,omitempty"`
}

func TestGoldenArticle(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "article.txt"))
	if err != nil {
		t.Fatal(err)
	}
	dosov := &realign.Actor{ID: "person/aibek-dosov", Code: "KAZGOV", Name: "Aibek Dosov", Country: "KAZ", Sector: "GOV", Kind: "person"}
	karimova := &realign.Actor{ID: "person/lola-karimova", Code: "UZBGOV", Name: "Lola Karimova", Country: "UZB", Sector: "GOV", Kind: "person"}
	uzbMin := &realign.Actor{ID: "org/uzb-mfa", Code: "UZBGOV", Name: "Uzbek foreign ministry", Country: "UZB", Sector: "GOV", Kind: "org"}
	a := analyze(t, string(b),
		ment{"Aibek Dosov", dosov}, ment{"Dosov", dosov},
		ment{"Lola Karimova", karimova}, ment{"Karimova", karimova}, ment{"She", karimova}, ment{"she", karimova},
		ment{"Uzbek foreign ministry", uzbMin}, ment{"Uzbek ministry", uzbMin})
	got := []goldenQuote{}
	for _, q := range a.Quotes {
		g := goldenQuote{Kind: q.Kind, Span: q.Span, Text: q.Text, Cue: q.Cue, Mention: -1, Addressee: q.Addressee}
		if q.Speaker != nil {
			g.Speaker, g.Mention = q.Speaker.Text, q.Speaker.Mention
			if q.Speaker.Actor != nil {
				g.Actor = q.Speaker.Actor.Code + " " + q.Speaker.Actor.Name
			}
		}
		got = append(got, g)
	}
	path := filepath.Join("testdata", "article.golden.json")
	if *update {
		out, err := json.MarshalIndent(got, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(out, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gb, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./quote -run Golden -update)", err)
	}
	var want []goldenQuote
	if err := json.Unmarshal(gb, &want); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("quotes differ from %s (-want +got):\n%s", path, diff)
	}
}
