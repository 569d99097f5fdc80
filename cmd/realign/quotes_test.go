package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestQuotesCommand(t *testing.T) {
	code, out, errs := runCLI(t, "", "quotes", "../../examples/sochi-talks.txt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"Recep Tayyip Erdogan [TURGOV]",
		"(direct, told → reporters) “We believe the grain corridor can be restored”",
		"(block, replied)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// each speaker heads one group: Erdogan's two quotations are together
	if strings.Count(out, "Recep Tayyip Erdogan [TURGOV]") != 1 {
		t.Errorf("Erdogan is listed more than once:\n%s", out)
	}
}

func TestQuotesCommandStdinAndErrors(t *testing.T) {
	code, out, errs := runCLI(t, "“We will win,” a senior official said.\n", "quotes", "-")
	if code != 0 || !strings.Contains(out, "“a senior official” (unresolved)") {
		t.Errorf("stdin: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if code, _, _ := runCLI(t, ""); code == 0 {
		t.Errorf("no command: exit 0")
	}
	for _, args := range [][]string{{"quotes"}, {"quotes", "a", "b"}, {"quotes", "--published", "yesterday", "x.txt"}} {
		if code, _, _ := runCLI(t, "", args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, errs := runCLI(t, "", "quotes", "no-such-file.txt"); code != 1 || !strings.Contains(errs, "no-such-file.txt") {
		t.Errorf("missing file: exit %d, stderr %q", code, errs)
	}
}

func TestEvalQuotesCommand(t *testing.T) {
	dump := filepath.Join(t.TempDir(), "mismatches.txt")
	code, out, errs := runCLI(t, "", "eval", "quotes", "--data", "../../eval/quotes/testdata/mini", "--dump", dump)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	// the pipeline gets the three attributions of the small fixture right
	for _, want := range []string{"documents 1", "overlap (any shared byte)          all         3         3   1.000   1.000   1.000",
		"exact (normalised bounds)", "speaker                            all         3     1.000", "0 mismatches written to"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(dump); err != nil {
		t.Errorf("dump not written: %v", err)
	}
	for _, args := range [][]string{{"eval", "quotes"}, {"eval", "quotes", "dir"}, {"eval", "quotes", "--data", "x", "--limit", "-1"}} {
		if code, _, _ := runCLI(t, "", args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, errs := runCLI(t, "", "eval", "quotes", "--data", t.TempDir()); code != 1 || !strings.Contains(errs, "no attributions") {
		t.Errorf("empty data dir: exit %d, stderr %q", code, errs)
	}
}

func TestQuotesFormats(t *testing.T) {
	in := "“We will win,” a senior official told reporters.\n\nSzijjarto described the plan as \"a dead end\".\n"
	code, out, errs := runCLI(t, in, "quotes", "--format", "json", "-")
	if code != 0 {
		t.Fatalf("json: exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("json: want 2 lines, got %d:\n%s", len(lines), out)
	}
	var r struct {
		Start, End      int
		Kind, Text, Cue string
		Addressee       string
		CueStart        int `json:"cue_start"`
		Speaker         *struct{ Text string }
	}
	if err := json.Unmarshal([]byte(lines[0]), &r); err != nil {
		t.Fatalf("json line 1: %v", err)
	}
	if r.Kind != "direct" || r.Text != "We will win" || r.Cue != "told" || r.Addressee != "reporters" || r.Speaker == nil || r.Speaker.Text != "a senior official" || in[r.Start:r.End] != r.Text {
		t.Errorf("json line 1 = %+v", r)
	}
	code, out, errs = runCLI(t, in, "quotes", "-", "--format", "csv")
	if code != 0 {
		t.Fatalf("csv: exit %d: %s", code, errs)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 3 || rows[0][0] != "source" || rows[2][3] != "partial" || rows[2][8] != "described" || rows[2][10] != "a dead end" {
		t.Errorf("csv: err %v, rows %q", err, rows)
	}
	if code, _, _ := runCLI(t, in, "quotes", "--format", "xml", "-"); code != 2 {
		t.Errorf("--format xml: exit %d, want 2", code)
	}
}
