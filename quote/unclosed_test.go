package quote_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/realign/realign"
	"github.com/realign/realign/quote"
)

// TestUnclosedQuotes covers quotation marks that are never closed: a
// quotation opened at a paragraph or sentence start or after a colon ends
// with its paragraph (or, for a multi-paragraph quotation, the last
// paragraph that opens with a continuation mark); it never swallows the
// paragraphs after it, and a quotation running to the end of the document
// stops there without error.
func TestUnclosedQuotes(t *testing.T) {
	std := []ment{{"Khan", khan}, {"He", khan}, {"Qureshi", qureshi}}
	tests := []struct {
		name string
		text string
		want []wq
		// rest must not lie inside any quotation
		rest string
	}{
		{"after colon, next paragraph is narration", "Khan said: “We will win.\n\nThe talks ended in May.",
			[]wq{{D, "We will win.", "Khan", "Imran Khan", "said", ""}}, "The talks ended in May."},
		{"runs to the end of the document", "The talks ended. Khan said: “We will win and we will build roads",
			[]wq{{D, "We will win and we will build roads", "Khan", "Imran Khan", "said", ""}}, "The talks ended."},
		{"multi-paragraph never closed", "“We will build roads,” Khan said.\n\n“We will build schools.\n\n“And we will build ports.",
			[]wq{
				{D, "We will build roads", "Khan", "Imran Khan", "said", ""},
				{D, "We will build schools.", "Khan", "Imran Khan", "said", ""},
				{D, "And we will build ports.", "Khan", "Imran Khan", "said", ""},
			}, ""},
		{"new sentence opens, paragraph ends", "“Yes,” Khan said. “We will win.\n\nThe talks ended in May, Qureshi said.",
			[]wq{
				{D, "Yes", "Khan", "Imran Khan", "said", ""},
				{D, "We will win.", "Khan", "Imran Khan", "said", ""},
				{I, "The talks ended in May", "Qureshi", "Shah Mahmood Qureshi", "said", ""},
			}, "The talks ended in May"},
		{"mark inside a clause stays unpaired", "He said “we will win and left the room.\n\nThe talks ended.",
			[]wq{{I, "“we will win and left the room", "He", "Imran Khan", "said", ""}}, "The talks ended."},
		{"trailing opening mark", "Khan said: “", nil, ""},
		{"opening mark then blank paragraphs", "Khan said: “\n\n\n\n", nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := analyze(t, tc.text, std...)
			if diff := cmp.Diff(tc.want, project(a)); diff != "" {
				t.Errorf("quotes mismatch (-want +got):\n%s", diff)
			}
			if tc.rest == "" {
				return
			}
			i := strings.LastIndex(tc.text, tc.rest)
			rest := realign.Span{Start: i, End: i + len(tc.rest)}
			for _, q := range a.Quotes {
				if q.Kind != realign.QuoteIndirect && q.Span.Overlaps(rest) {
					t.Errorf("quotation %q swallows %q", q.Text, tc.rest)
				}
			}
		})
	}
}

// TestBySpeaker groups quotations by resolved actor, then unresolved
// speaker text, then those without a speaker.
func TestBySpeaker(t *testing.T) {
	text := "“We will win,” Khan said. “The talks failed,” a senior official said. He said that Pakistan wanted peace. The so-called “peace plan” was rejected."
	a := analyze(t, text, ment{"Khan", khan}, ment{"He", khan})
	got := quote.BySpeaker(a)
	type g struct {
		Key   string
		Names []string
		Texts []string
	}
	var out []g
	for _, sq := range got {
		x := g{Key: sq.Key, Names: sq.Names}
		for _, i := range sq.Quotes {
			x.Texts = append(x.Texts, a.Quotes[i].Text)
		}
		out = append(out, x)
	}
	want := []g{
		{"actor:person/imran-khan", []string{"Khan", "He"}, []string{"We will win", "Pakistan wanted peace"}},
		{"text:a senior official", []string{"a senior official"}, []string{"The talks failed"}},
		{"", nil, []string{"peace plan"}},
	}
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("BySpeaker mismatch (-want +got):\n%s", diff)
	}
	if got[0].Actor == nil || got[0].Actor == khan || got[0].Actor.Code != "PAKGOV" {
		t.Errorf("group actor = %+v, want a copy of PAKGOV", got[0].Actor)
	}
	if len(quote.BySpeaker(&realign.Analysis{})) != 0 {
		t.Errorf("empty analysis gives groups")
	}
}
