package main

import (
	"strings"
	"testing"
)

// TestEvalPetrarch runs `realign eval petrarch` on PETRARCH2's unit-test
// records and checks the summary and the dump.
func TestEvalPetrarch(t *testing.T) {
	dir := sharedFile(t, "eval/events/petrarch2")
	code, out, errOut := runCLI(t, "", "eval", "petrarch", "--data", dir, "--dump", "-")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	for _, want := range []string{"DEMO", "SYNSET", "VERB", "\nall ", "== ", "expected:"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func TestEvalPetrarchUsage(t *testing.T) {
	if code, _, _ := runCLI(t, "", "eval", "petrarch"); code != 2 {
		t.Errorf("no --data: exit %d, want 2", code)
	}
	if code, _, _ := runCLI(t, "", "eval", "petrarch", "--data", "/nonexistent/x.xml"); code == 0 {
		t.Error("missing file: want a failure")
	}
}
