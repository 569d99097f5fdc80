package quote_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/realign/realign"
	"github.com/realign/realign/quote"
)

// TestTrial2Errors covers the errors of a second user trial: a quotation
// left open to the end of the document, an unclosed mark that must stop
// before its own attribution, datelines in reported speech, split and
// multi-paragraph quotations, verbs of intention with a noun object,
// addressees inside the content, "described … as", and definite
// descriptions that refer to an earlier speaker.
func TestTrial2Errors(t *testing.T) {
	otunbayeva := &realign.Actor{ID: "person/roza-otunbayeva", Code: "IGOUNO", Name: "Roza Otunbayeva", Kind: "person"}
	peskov := &realign.Actor{ID: "person/dmitry-peskov", Code: "RUSGOV", Name: "Dmitry Peskov", Kind: "person"}
	officials := &realign.Actor{ID: "igo/UN", Code: "IGOUNO", Name: "United Nations", Kind: "igo"}
	france := &realign.Actor{ID: "state/FRA", Code: "FRACOP", Name: "France", Kind: "state"}
	georgia := &realign.Actor{ID: "state/GEO", Code: "GEO", Name: "Georgia", Kind: "state"}
	ms := []ment{{"Otunbayeva", otunbayeva}, {"Peskov", peskov}, {"Putin", putin}, {"Khan", khan}, {"she", khan},
		{"United Nations officials", officials}, {"Georgia", georgia}, {"a French interior ministry source", france}}
	tests := []struct {
		name string
		text string
		want []wq
	}{
		{"open to the end of the document after a comma",
			"The envoy spoke on Monday.\n\nOtunbayeva said, \"We are not leaving Afghanistan. We will stay and deliver, whatever the conditions, and we",
			[]wq{{D, "We are not leaving Afghanistan. We will stay and deliver, whatever the conditions, and we", "Otunbayeva", "Roza Otunbayeva", "said", ""}}},
		{"unclosed mark stops before its own attribution",
			"“Russia threatens no one,” Peskov said.\n\n“They are not listening to us, Putin told French President Emmanuel Macron during a phone call.\n\nThe talks ended.",
			[]wq{
				{D, "Russia threatens no one", "Peskov", "Dmitry Peskov", "said", ""},
				{D, "They are not listening to us", "Putin", "Vladimir Putin", "told", "French President Emmanuel Macron"},
			}},
		{"unclosed mark with an inverted attribution",
			"“We will not move, said Khan.",
			[]wq{{D, "We will not move", "Khan", "Imran Khan", "said", ""}}},
		{"dateline is not reported speech",
			"KABUL — The Taliban administration has barred foreign aid workers from travelling, United Nations officials said on Monday.",
			[]wq{{I, "The Taliban administration has barred foreign aid workers from travelling", "United Nations officials", "United Nations", "said", ""}}},
		{"dateline with country",
			"KYIV, Ukraine — Washington and Tbilisi signed a defence agreement on Friday, Khan said.",
			[]wq{{I, "Washington and Tbilisi signed a defence agreement on Friday", "Khan", "Imran Khan", "said", ""}}},
		{"dateline with agency",
			"WASHINGTON (Reuters) — The two sides will meet again, Khan said.",
			[]wq{{I, "The two sides will meet again", "Khan", "Imran Khan", "said", ""}}},
		{"dated dateline with agency and a hyphen",
			"KYIV, March 3, 2024 (Reuters) - Ukraine will need more air defence systems, Khan said on Sunday.",
			[]wq{{I, "Ukraine will need more air defence systems", "Khan", "Imran Khan", "said", ""}}},
		{"split quotation keeps the comma of its first part",
			`"We will," she said, "not back down."`,
			[]wq{{D, "We will,", "she", "Imran Khan", "said", ""}, {D, "not back down.", "she", "Imran Khan", "said", ""}}},
		{"two sentences around an attribution are not a split",
			`"We will win," she said. "They will lose."`,
			[]wq{{D, "We will win", "she", "Imran Khan", "said", ""}, {D, "They will lose.", "she", "Imran Khan", "said", ""}}},
		{"multi-paragraph quotation gives one quotation per paragraph",
			"Khan said: “We have no reason to trust them.\n\n“The West has chosen escalation.”\n\nThe meeting ended.",
			[]wq{{D, "We have no reason to trust them.", "Khan", "Imran Khan", "said", ""}, {D, "The West has chosen escalation.", "Khan", "Imran Khan", "said", ""}}},
		{"sought with a noun object is not speech",
			"Georgia has sought closer ties with NATO since its 2008 war with Russia.",
			nil},
		{"sought to with an infinitive is an intention",
			"Georgia has sought to join NATO since 2008.",
			[]wq{{I, "to join NATO since 2008", "Georgia", "Georgia", "sought", ""}}},
		{"addressee never from inside the content",
			"Khan added that the UN would keep talking to the authorities in Kabul.",
			[]wq{{I, "the UN would keep talking to the authorities in Kabul", "Khan", "Imran Khan", "added", ""}}},
		{"addressee between cue and content",
			"Speaking to reporters, Khan said the UN would stay.",
			[]wq{{I, "the UN would stay", "Khan", "Imran Khan", "said", "reporters"}}},
		{"described as attributes the partial quotation",
			`Khan described the proposal as "a dead end for Europe" and said his country would not support it.`,
			[]wq{
				{P, "a dead end for Europe", "Khan", "Imran Khan", "described", ""},
				{I, "his country would not support it", "Khan", "Imran Khan", "said", ""},
			}},
		{"described without as attributes nothing",
			`Khan described the talks at length, while the "experts" were silent.`,
			[]wq{{P, "experts", "", "", "", ""}}},
		{"the source takes the actor of a source",
			"“It’s their problem,” a French interior ministry source said. “They,” the source added, “have to fix it.”",
			[]wq{
				{D, "It’s their problem", "a French interior ministry source", "France", "said", ""},
				{D, "They,", "the source", "France", "added", ""},
				{D, "have to fix it.", "the source", "France", "added", ""},
			}},
		{"the official does not take the actor of a source",
			"“It’s their problem,” a French interior ministry source said.\n\n“We will see,” the official added.",
			[]wq{
				{D, "It’s their problem", "a French interior ministry source", "France", "said", ""},
				{D, "We will see", "the official", "", "added", ""},
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := analyze(t, tc.text, ms...)
			if diff := cmp.Diff(tc.want, project(a)); diff != "" {
				t.Errorf("quotes mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestBySpeakerPronounAndChain checks the reading view: an unresolved
// "She" with no antecedent joins the earlier unresolved person speaker,
// and a surname mention whose antecedent is the full name joins it too;
// a "he" does not join a speaker known to be a woman.
func TestBySpeakerPronounAndChain(t *testing.T) {
	text := "“Lives are at risk,” said Roza Otunbayeva, the UN envoy.\n\nThe minister spoke later.\n\nShe added that the UN would stay. Otunbayeva said, “We are not leaving.”\n\nHe said the roads were closed."
	a := analyze(t, text)
	// mentions: the full name, a pronoun without antecedent, the surname
	// pointing at the full name, and a "He" without antecedent
	a.Mentions = nil
	add := func(s string, pron bool, ante int) {
		i := indexOf(text, s)
		a.Mentions = append(a.Mentions, realign.Mention{Span: realign.Span{Start: i, End: i + len(s)}, Text: s, Type: realign.PERSON, Antecedent: ante, Pronoun: pron})
	}
	add("Roza Otunbayeva", false, -1)
	add("She", true, -1)
	add("Otunbayeva said", false, 0)
	a.Mentions[2].Span.End -= len(" said")
	a.Mentions[2].Text = "Otunbayeva"
	add("He", true, -1)
	at, err := quote.New(quote.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := at.Annotate(a); err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for _, g := range quote.BySpeaker(a) {
		got = append(got, g.Names)
	}
	want := [][]string{{"Roza Otunbayeva", "She", "Otunbayeva"}, {"He"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("groups (-want +got):\n%s", diff)
	}
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}
