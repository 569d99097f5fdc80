package eventcode

import (
	"testing"

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
