package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/realign/realign/petrarch"
	"github.com/realign/realign/pipeline"
)

// TestEvalEventsSubset scores the real pipeline on a fixed subset of the
// PETR2 GSR validation records (the hand-written test categories VERB,
// PASSIVE, TEST and OTHER) and fails when F1 drops below floors set a
// little under the figures measured (root 0.680, full 0.580).
func TestEvalEventsSubset(t *testing.T) {
	path := sharedFile(t, "eval/events/universalpetrarch/PETR2_GSR_validation.xml")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := petrarch.ParseValidation(string(raw))
	if err != nil {
		t.Fatal(err)
	}
	var subset []petrarch.Record
	for _, r := range recs {
		switch r.Category {
		case "VERB", "PASSIVE", "TEST", "OTHER":
			subset = append(subset, r)
		}
	}
	if len(subset) < 40 {
		t.Fatalf("subset holds %d records, want about 48", len(subset))
	}
	p, err := pipeline.New(pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := scoreEvents(context.Background(), p, subset)
	if err != nil {
		t.Fatal(err)
	}
	root, full := rep.Levels[petrarch.Root], rep.Levels[petrarch.Full]
	t.Logf("%d records: root P %.3f R %.3f F1 %.3f; full F1 %.3f; misses %v",
		rep.Records, root.Precision(), root.Recall(), root.F1(), full.F1(), rep.Misses)
	const rootFloor, fullFloor = 0.70, 0.57
	if root.F1() < rootFloor || full.F1() < fullFloor {
		t.Errorf("F1 root %.3f, full %.3f: below the floors %.2f and %.2f", root.F1(), full.F1(), rootFloor, fullFloor)
	}
}

// TestEvalEventsCommand runs "realign eval events" on a small validation
// file of our own and checks the summary and the dump.
func TestEvalEventsCommand(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "gold.xml")
	xml := `<Validation><Sentences>
<Sentence category="T" date="20190614" id="ok1"/>
<EventCoding eventcode="111" sourcecode="FRAGOV" targetcode="RUS" />
<Text>French President Emmanuel Macron condemned Russia.</Text>
<Sentence category="T" date="20190614" id="miss1"/>
<EventCoding eventcode="042" sourcecode="USA" targetcode="CHN" />
<Text>The United States and China had a fine day.</Text>
</Sentences></Validation>`
	if err := os.WriteFile(data, []byte(xml), 0o644); err != nil {
		t.Fatal(err)
	}
	dump := filepath.Join(dir, "dump.txt")
	code, out, errs := runCLI(t, "", "eval", "events", "--data", data, "--dump", dump)
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	for _, want := range []string{"2 records scored", "source+target+root", "pattern 1", "root, 03x intent as act *", "not the headline"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	d, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(d), "== miss1") || strings.Contains(string(d), "== ok1") || !strings.Contains(string(d), "MISS (pattern)") {
		t.Errorf("dump:\n%s", d)
	}
	if code, _, _ := runCLI(t, "", "eval", "events"); code != exitUsage {
		t.Errorf("no --data: exit %d, want %d", code, exitUsage)
	}
	if code, _, _ := runCLI(t, "", "eval", "events", "--data", filepath.Join(dir, "absent.xml")); code != exitError {
		t.Errorf("absent file: exit %d, want %d", code, exitError)
	}
}

// TestExplain checks that "realign explain" names the pattern, matched
// words and actor reasons of an event, and the reason a matched pattern
// gave no event.
func TestExplain(t *testing.T) {
	in := "Russia was condemned by France on Monday.\n\nThe rebels condemned the decision.\n\nThe weather was fine.\n"
	code, out, errs := runCLI(t, in, "explain", "--published", "2024-03-04", "-")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	for _, want := range []string{
		"FRA -> RUS  CAMEO 111",
		"(passive) matched \"condemned\"",
		"passive: the agent after \"by\"",
		"passive: the subject of \"was condemned\"",
		"no event: verb \"condemned\" (patterns criticize",
		"no event: no verb pattern matched",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runCLI(t, in, "explain", "--format", "json", "--events-only", "-")
	if code != 0 || !strings.Contains(out, `"pattern": "criticize`) || strings.Contains(out, "no verb pattern matched") {
		t.Errorf("json --events-only: exit %d\n%s", code, out)
	}
}
