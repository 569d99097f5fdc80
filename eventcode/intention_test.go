package eventcode

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/realign/realign"
)

// An intention reported as indirect speech ("threatened to close …") does
// not make its speaker the reporter of another event in the same clause;
// reported speech with "said that" does.
func TestIntentionIsNotAttribution(t *testing.T) {
	tests := []struct {
		text, content string
		wantBy        *realign.Actor
	}{
		{"Khan threatened to close the border after the United States imposed sanctions on Iran.",
			"to close the border after the United States imposed sanctions on Iran", nil},
		{"Khan said that the United States imposed sanctions on Iran.",
			"the United States imposed sanctions on Iran", aKhan},
	}
	for _, tc := range tests {
		a := analysis(t, tc.text, "2019-06-14", defaultMentions)
		sp := spanOf(t, tc.text, tc.content, 0)
		a.Quotes = append(a.Quotes, realign.Quotation{Span: sp, Text: tc.content, Kind: realign.QuoteIndirect,
			Speaker: &realign.Speaker{Span: spanOf(t, tc.text, "Khan", 0), Text: "Khan", Actor: aKhan, Mention: -1}})
		var sanction *realign.Event
		events := code(t, a)
		for i := range events {
			if events[i].Code[:2] == "16" {
				sanction = &events[i]
			}
		}
		if sanction == nil {
			t.Fatalf("%q: no sanctions event in %v", tc.text, events)
		}
		if (sanction.AttributedTo == nil) != (tc.wantBy == nil) || (tc.wantBy != nil && sanction.AttributedTo.Code != tc.wantBy.Code) {
			t.Errorf("%q: attributed to %+v, want %+v", tc.text, sanction.AttributedTo, tc.wantBy)
		}
	}
}

// TestIntendedAct checks that the act behind an intention is read from the
// lexicon pattern that coded it, and only for intended or hoped events
// coded with the pattern's intent= code.
func TestIntendedAct(t *testing.T) {
	c, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	ment := map[string]*realign.Actor{"United States": aUSA, "Israel": state("ISR"), "Khan": aKhan, "Putin": aPutin}
	tests := []struct {
		text string
		want []string // per event: "CODE MODALITY -> ACT", ACT "-" when none
	}{
		{"The United States will supply arms to Israel.", []string{"0332 intended -> 072"}},
		{"The United States supplied arms to Israel.", []string{"072 asserted -> -"}},
		{"Khan will hold talks with Putin.", []string{"036 intended -> 046", "036 intended -> 046"}},
		{"Khan did not meet Putin.", []string{"125 asserted -> -"}},
	}
	for _, tc := range tests {
		a := analysis(t, tc.text, "2019-06-14", ment)
		if err := c.Annotate(a); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range a.Events {
			act, ok := c.IntendedAct(e)
			if !ok {
				act = "-"
			}
			got = append(got, e.Code+" "+e.Modality+" -> "+act)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tc.text, diff)
		}
	}
}
