package petrarch

import (
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseValidation(t *testing.T) {
	raw, err := os.ReadFile("testdata/validation.xml")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := ParseValidation(string(raw))
	if err != nil {
		t.Fatal(err)
	}
	for i := range recs {
		recs[i].Line = 0
	}
	want := []Record{
		{ID: "T1", Category: "TEST", Date: "20190614", Published: time.Date(2019, 6, 14, 0, 0, 0, 0, time.UTC),
			Text: "Khan flew to Bishkek & Putin praised Pakistan.", Evaluate: true, Parse: "1 Khan ...",
			Gold: []Coding{{"PAKGOV", "KGZ", "042"}, {"RUSGOV", "PAK", "051"}}},
		{ID: "T2", Category: "TEST", Date: "150609", Published: time.Date(2015, 6, 9, 0, 0, 0, 0, time.UTC),
			Text: "Nothing happened.", NoEvents: true, Evaluate: true},
		{ID: "T3", Category: "TEST", Date: "20150609", Published: time.Date(2015, 6, 9, 0, 0, 0, 0, time.UTC),
			Gold: []Coding{{"---REB", "SYR", "190"}}},
	}
	if d := cmp.Diff(want, recs); d != "" {
		t.Errorf("records (-want +got):\n%s", d)
	}
	if _, err := ParseValidation("<Validation></Validation>"); err == nil {
		t.Error("no records: want an error")
	}
}

func TestParseValidationShared(t *testing.T) {
	raw, err := os.ReadFile("../../shared/eval/events/universalpetrarch/PETR2_GSR_validation.xml")
	if err != nil {
		t.Skipf("PETR2 validation file not present (%v): skipping", err)
	}
	recs, err := ParseValidation(string(raw))
	if err != nil {
		t.Fatal(err)
	}
	var gold, none, empty int
	for _, r := range recs {
		gold += len(r.Gold)
		if r.NoEvents {
			none++
		}
		if r.Text == "" {
			empty++
		}
	}
	// 78 records, 80 gold codings, 12 marked noevents, one without text
	if len(recs) != 78 || gold != 80 || none != 12 || empty != 1 {
		t.Errorf("got %d records, %d codings, %d noevents, %d empty; want 78, 80, 12, 1", len(recs), gold, none, empty)
	}
}

func TestMatchActor(t *testing.T) {
	for _, tc := range []struct {
		gold, sys      string
		actor, country bool
	}{
		{"PAKGOV", "PAKGOV", true, true},
		{"PAKGOV", "PAKGOVMIL", true, true},
		{"PAKGOV", "PAK", false, true},
		{"PAKGOV", "PAKMIL", false, true},
		{"USA", "USAGOV", true, true},
		{"USA", "USA", true, true},
		{"USA", "RUS", false, false},
		{"---REB", "SYRREB", true, true},
		{"---REB", "SYRMIL", false, true},
		{"---", "", true, true},
		{"", "", true, true},
		{"", "USA", false, false},
		{"USA", "", false, false},
		{"IGOUNO", "IGOUNOHRI", true, true},
		{"IGOUNOMIL", "IGOUNO", false, true},
		{"IGOUNO", "IGOEUREEC", false, false},
	} {
		if got := MatchActor(tc.gold, tc.sys); got != tc.actor {
			t.Errorf("MatchActor(%q, %q) = %v, want %v", tc.gold, tc.sys, got, tc.actor)
		}
		if got := MatchCountry(tc.gold, tc.sys); got != tc.country {
			t.Errorf("MatchCountry(%q, %q) = %v, want %v", tc.gold, tc.sys, got, tc.country)
		}
	}
}

func TestAlignAndCounts(t *testing.T) {
	gold := []Coding{{"USA", "RUS", "190"}, {"RUS", "USA", "190"}, {"USA", "CHN", "042"}}
	sys := []Event{{"USAGOV", "RUS", "193"}, {"USA", "CHN", "043"}, {"IRN", "IRQ", "190"}}
	var root, full Counts
	g, s := Align(Root, gold, sys)
	if d := cmp.Diff([]int{0, -1, 1}, g); d != "" {
		t.Errorf("gold alignment (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]int{0, 2, -1}, s); d != "" {
		t.Errorf("system alignment (-want +got):\n%s", d)
	}
	root.Add(g, s)
	full.Add(Align(Full, gold, sys))
	if root.Correct != 2 || full.Correct != 0 || root.Gold != 3 || root.System != 3 {
		t.Errorf("root %+v full %+v", root, full)
	}
	if p, r, f := root.Precision(), root.Recall(), root.F1(); p != 2.0/3 || r != 2.0/3 || f < 0.666 || f > 0.667 {
		t.Errorf("P/R/F1 = %v %v %v", p, r, f)
	}
	if (Counts{}).F1() != 0 {
		t.Error("empty counts: F1 want 0")
	}
}

// TestAlignAlt checks that a system event agrees through its alternative
// code as well as its own, and that an event without one does not.
func TestAlignAlt(t *testing.T) {
	gold := []Coding{{"USA", "ISR", "072"}, {"BRA", "USA", "031"}, {"USA", "CHE", "042"}}
	sys := []Event{{"USA", "ISR", "0332"}, {"BRA", "USA", "030"}, {"USAGOV", "CHE", "036"}}
	tests := []struct {
		name    string
		alt     []string
		goldTo  []int
		correct int
	}{
		{"no alternatives is Align", []string{"", "", ""}, []int{-1, 1, -1}, 1},
		{"intent or act", []string{"072", "050", "042"}, []int{0, 1, 2}, 3},
		{"alternative of another root", []string{"040", "", ""}, []int{-1, 1, -1}, 1},
	}
	for _, tc := range tests {
		g, s := AlignAlt(Root, gold, sys, tc.alt)
		if d := cmp.Diff(tc.goldTo, g); d != "" {
			t.Errorf("%s: gold alignment (-want +got):\n%s", tc.name, d)
		}
		var c Counts
		c.Add(g, s)
		if c.Correct != tc.correct {
			t.Errorf("%s: correct %d, want %d", tc.name, c.Correct, tc.correct)
		}
	}
}
