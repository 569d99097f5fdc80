package kb

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func importFile(t *testing.T, k *KB, path string) ([]string, ImportStats) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, st, err := ImportPetrarch(f, filepath.Base(path), ImportOptions{Known: k})
	if err != nil {
		t.Fatal(err)
	}
	return recs, st
}

func TestImportPetrarchSample(t *testing.T) {
	k := load(t)
	recs, st := importFile(t, k, "testdata/sample.actors.txt")
	want := []string{
		"actor | pt-rufus-t-firefly | PAKELI ..1997-02-17; PAKGOV 1997-02-17..1999-01-01; PAKOPP 1999-01-01..2000-01-02; PAKELI 2000-01-02..2013-06-05; PAKGOV 2013-06-05.. | Rufus T. Firefly | President Firefly; Firefly | PERSON",
		"actor | pt-general-example | PAKMIL ..2001-07-01 | General Example | - | PERSON",
		"actor | pt-sylvania-liberation-front | PAKREB | Sylvania Liberation Front | SLF | ORG",
		"actor | pt-broken-dates | PAKGOV 2003-01-01..2003-07-02 | Broken Dates | - | PERSON",
	}
	if d := cmp.Diff(want, recs); d != "" {
		t.Errorf("records (-want +got):\n%s", d)
	}
	if st.Known != 1 || st.Skipped != 3 || len(st.Warnings) != 2 {
		t.Errorf("stats = %+v, want 1 known name (Pakistan), 3 skipped entries, 2 warnings", st)
	}
	arecs, ast := importFile(t, k, "testdata/sample.agents.txt")
	wantA := []string{
		"title | chief whip | person | - | LEG | -",
		"title | chief whips | group | - | LEG | -",
		"title | attorney general | person | - | JUD | -",
		"title | attorneys general | group | - | JUD | -",
		"title | coastman | person | - | MIL | -",
		"title | coastwoman | person | - | MIL | -",
	}
	if d := cmp.Diff(wantA, arecs); d != "" {
		t.Errorf("agent records (-want +got):\n%s", d)
	}
	if ast.Known != 2 { // president, media
		t.Errorf("agent stats = %+v, want 2 known", ast)
	}
	// the records load as an overlay, and resolve by date
	ov := OverlayHeader + strings.Join(append(recs, arecs...), "\n") + "\n"
	k2, err := LoadOverlayFS(Options{NoDefaultOverlays: true}, fstest.MapFS{"o.txt": &fstest.MapFile{Data: []byte(ov)}}, "o.txt")
	if err != nil {
		t.Fatal(err)
	}
	for at, code := range map[string]string{"1998-01-01": "PAKGOV", "1999-06-01": "PAKOPP", "2005-01-01": "PAKELI", "2015-01-01": "PAKGOV"} {
		res := k2.Explain("President Firefly", day(at))
		if len(res.Matches) == 0 || res.Matches[0].Actor.Code != code {
			t.Errorf("President Firefly at %s = %+v, want %s", at, res.Matches, code)
		}
	}
}

// TestImportPetrarchShared imports the real dictionaries (read only by
// this test) and checks that every one yields a loadable overlay.
func TestImportPetrarchShared(t *testing.T) {
	files := []string{
		"../../shared/dictionaries/phoenix/Phoenix.Countries.actors.txt",
		"../../shared/dictionaries/phoenix/Phoenix.International.actors.txt",
		"../../shared/dictionaries/phoenix/Phoenix.MilNonState.actors.txt",
		"../../shared/dictionaries/phoenix/Phoenix.agents.txt",
		"../../shared/eval/events/petrarch2/dictionaries/PETR.Validate.actors.txt",
		"../../shared/eval/events/petrarch2/dictionaries/PETR.Validate.agents.txt",
	}
	if _, err := os.Stat(files[0]); err != nil {
		t.Skipf("shared dictionaries not available (%v)", err)
	}
	k := load(t)
	var all strings.Builder
	all.WriteString(OverlayHeader)
	total := 0
	seen := map[string]bool{}
	for i, f := range files {
		recs, st := importFile(t, k, f)
		t.Logf("%s: %d entries, %d actors (%d names), %d titles, %d known names, %d skipped, %d warnings",
			filepath.Base(f), st.Entries, st.Actors, st.Forms, st.Titles, st.Known, st.Skipped, len(st.Warnings))
		if len(recs) == 0 {
			t.Errorf("%s: no records", f)
		}
		// IDs must be unique across files: prefix per file as the CLI does
		for j, r := range recs {
			recs[j] = strings.Replace(r, "| pt-", "| pt"+string(rune('a'+i))+"-", 1)
		}
		for _, r := range recs {
			key := strings.Join(strings.SplitN(r, " | ", 3)[:2], "|")
			if seen[key] {
				continue // a title in two agent files: the first wins
			}
			seen[key] = true
			all.WriteString(r + "\n")
		}
		total += len(recs)
	}
	k2, err := LoadOverlayFS(Options{NoDefaultOverlays: true}, fstest.MapFS{"o.txt": &fstest.MapFile{Data: []byte(all.String())}}, "o.txt")
	if err != nil {
		t.Fatalf("imported overlay does not load: %v", err)
	}
	if total < 5000 {
		t.Errorf("%d records, want at least 5000", total)
	}
	// an imported dated person resolves by date; curated data still wins
	// for names it knows
	if res := k2.Explain("Imran Khan", day("2019-06-14")); len(res.Matches) == 0 || res.Matches[0].Actor.Code != "PAKGOV" {
		t.Errorf("Imran Khan 2019 with the Phoenix overlay = %+v, want PAKGOV", res.Matches)
	}
	if res := k2.Explain("Shaukat Aziz", day("2005-01-01")); len(res.Matches) == 0 || res.Matches[0].Actor.Code != "PAKGOV" {
		t.Errorf("Shaukat Aziz 2005 = %+v", res.Matches)
	}
}
