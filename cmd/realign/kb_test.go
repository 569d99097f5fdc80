package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/realign/realign/kb"
)

func TestKBLookup(t *testing.T) {
	t.Setenv("REALIGN_KB_OVERLAY", "")
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"kb", "lookup", "Imran Khan", "--date", "2019-06-14"}, []string{"1. PAKGOV  Imran Khan  [person/imran-khan]", `name "Imran Khan" matched person/imran-khan`, "role at 2019-06-14: Prime Minister of Pakistan (2018-08-18..2022-04-10)"}},
		{[]string{"kb", "lookup", "--date", "2022-06-01", "President", "Trump"}, []string{"1. USAELI  Donald Trump", "former office holder"}},
		{[]string{"kb", "lookup", "Prime Minister Sharif", "--date", "2024-06-01"}, []string{"1. PAKGOV  Shehbaz Sharif"}},
		{[]string{"kb", "lookup", "Nobody Special"}, []string{"no match"}},
	}
	for _, tt := range tests {
		code, out, errs := runCLI(t, "", tt.args...)
		if code != 0 {
			t.Errorf("%v: exit %d: %s", tt.args, code, errs)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: output lacks %q:\n%s", tt.args, w, out)
			}
		}
	}
	for _, args := range [][]string{{"kb"}, {"kb", "frobnicate"}, {"kb", "lookup"}, {"kb", "lookup", "--date", "June", "X"}, {"kb", "import", "x.txt"}} {
		if code, _, _ := runCLI(t, "", args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}

func TestKBImportExport(t *testing.T) {
	t.Setenv("REALIGN_KB_OVERLAY", "")
	dir := t.TempDir()
	ov := filepath.Join(dir, "sub", "overlay.txt")
	code, _, errs := runCLI(t, "", "kb", "import", "--format", "petrarch", "--overlay", ov, "../../kb/testdata/sample.actors.txt", "../../kb/testdata/sample.agents.txt")
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "wrote "+ov) {
		t.Errorf("import stderr = %q", errs)
	}
	// importing again replaces the records instead of duplicating them
	if code, _, errs := runCLI(t, "", "kb", "import", "--format", "petrarch", "--overlay", ov, "../../kb/testdata/sample.actors.txt"); code != 0 {
		t.Fatalf("second import: exit %d: %s", code, errs)
	}
	_, out, _ := runCLI(t, "", "kb", "lookup", "--overlay", ov, "--date", "1998-01-01", "President Firefly")
	if !strings.Contains(out, "1. PAKGOV  Rufus T. Firefly") {
		t.Errorf("lookup with overlay:\n%s", out)
	}
	t.Setenv("REALIGN_KB_OVERLAY", ov)
	_, out, _ = runCLI(t, "", "kb", "lookup", "--date", "2005-01-01", "Firefly")
	if !strings.Contains(out, "PAKELI") {
		t.Errorf("lookup with $REALIGN_KB_OVERLAY:\n%s", out)
	}
	exp := filepath.Join(dir, "export.txt")
	if code, _, errs := runCLI(t, "", "kb", "export", "-o", exp); code != 0 {
		t.Fatalf("export: exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(exp)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"person | imran-khan | Imran Khan", "actor | pt-sampleactors-rufus-t-firefly |", "title | chief whip | person | - | LEG | -", "state | PAK | PK | state | Pakistan"} {
		if !strings.Contains(string(b), w) {
			t.Errorf("export lacks %q", w)
		}
	}
	if n := strings.Count(string(b), "pt-sampleactors-rufus-t-firefly"); n != 1 {
		t.Errorf("export has the imported actor %d times, want 1", n)
	}
}

// TestKBImportOverlayEnv checks that import without --overlay writes the
// file $REALIGN_KB_OVERLAY names, which lookup reads, and not the file
// under the user configuration directory.
func TestKBImportOverlayEnv(t *testing.T) {
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg) // where the default overlay would go
	t.Setenv("HOME", cfg)
	t.Setenv("AppData", cfg)
	dir := t.TempDir()
	other := filepath.Join(dir, "other.txt")
	if err := os.WriteFile(other, []byte("# an earlier overlay\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ov := filepath.Join(dir, "overlay.txt")
	t.Setenv("REALIGN_KB_OVERLAY", other+string(os.PathListSeparator)+ov)
	code, _, errs := runCLI(t, "", "kb", "import", "--format", "petrarch", "../../kb/testdata/sample.actors.txt")
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "wrote "+ov) {
		t.Errorf("import stderr = %q, want it to write %s", errs, ov)
	}
	if _, err := os.Stat(ov); err != nil {
		t.Errorf("import did not write $REALIGN_KB_OVERLAY's file: %v", err)
	}
	if b, _ := os.ReadFile(other); string(b) != "# an earlier overlay\n" {
		t.Errorf("import changed the first overlay: %q", b)
	}
	if def, err := kb.DefaultOverlayPath(); err == nil {
		if _, err := os.Stat(def); err == nil {
			t.Errorf("import wrote the default overlay %s although $REALIGN_KB_OVERLAY is set", def)
		}
	}
	_, out, _ := runCLI(t, "", "kb", "lookup", "--date", "1998-01-01", "President Firefly")
	if !strings.Contains(out, "1. PAKGOV  Rufus T. Firefly") {
		t.Errorf("lookup does not see the imported actor:\n%s", out)
	}
	// set but empty: overlays are off, so import needs --overlay
	t.Setenv("REALIGN_KB_OVERLAY", "")
	if code, _, errs := runCLI(t, "", "kb", "import", "--format", "petrarch", "../../kb/testdata/sample.actors.txt"); code != exitUsage {
		t.Errorf("import with empty $REALIGN_KB_OVERLAY: exit %d, want %d: %s", code, exitUsage, errs)
	}
}

func TestKBParseGSR(t *testing.T) {
	data := `<Sentences>
<Sentence category="AFP" date="20080804" id="A_1" evaluate="true"/>
<EventCoding eventcode="042" sourcecode="USA" targetcode="CHN" />
<Text>
The US leader went to Beijing.
</Text>
<Parse> junk & < unescaped </Parse>
<Sentence date="20150101" id="B_2">
<Text>No codings here.</Text>
</Sentence>
`
	got := kbParseGSR(data)
	if len(got) != 1 || got[0].ID != "A_1" || got[0].Text != "The US leader went to Beijing." || got[0].Codes[0] != [2]string{"USA", "CHN"} || got[0].Date.Year() != 2008 {
		t.Errorf("kbParseGSR = %+v", got)
	}
}

// TestEvalKB is the regression check on the PETRARCH-2 gold sentences
// (read only by this test): the share of gold actor codes found must not
// fall below a little under what was measured.
func TestEvalKB(t *testing.T) {
	t.Setenv("REALIGN_KB_OVERLAY", "")
	b, err := os.ReadFile("../../../shared/eval/events/universalpetrarch/PETR2_GSR_validation.xml")
	if err != nil {
		t.Skipf("gold file not available (%v)", err)
	}
	r, err := kbEvalKB(kbParseGSR(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	exact, country := pctOf(r.Exact, r.Codes), pctOf(r.Country, r.Codes)
	t.Logf("%d codes: exact %.1f%%, country %.1f%%", r.Codes, exact, country)
	if r.Codes < 150 || exact < 70 || country < 90 {
		t.Errorf("%d codes, exact %.1f%%, country %.1f%%; want at least 150 codes, 70%% exact, 90%% country", r.Codes, exact, country)
	}
}

func pctOf(a, b int) float64 { return 100 * float64(a) / float64(max(b, 1)) }
