package quote_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/realign/realign"
	"github.com/realign/realign/nlp"
	"github.com/realign/realign/quote"
)

var (
	khan      = &realign.Actor{ID: "person/imran-khan", Code: "PAKGOV", Name: "Imran Khan", Country: "PAK", Sector: "GOV", Kind: "person"}
	qureshi   = &realign.Actor{ID: "person/shah-mahmood-qureshi", Code: "PAKGOV", Name: "Shah Mahmood Qureshi", Country: "PAK", Sector: "GOV", Kind: "person"}
	putin     = &realign.Actor{ID: "person/vladimir-putin", Code: "RUSGOV", Name: "Vladimir Putin", Country: "RUS", Sector: "GOV", Kind: "person"}
	zelenskyy = &realign.Actor{ID: "person/volodymyr-zelenskyy", Code: "UKRGOV", Name: "Volodymyr Zelenskyy", Country: "UKR", Sector: "GOV", Kind: "person"}
	moscow    = &realign.Actor{ID: "state/RUS", Code: "RUS", Name: "Russia", Country: "RUS", Kind: "state"}
	pakistan  = &realign.Actor{ID: "state/PAK", Code: "PAK", Name: "Pakistan", Country: "PAK", Kind: "state"}
)

// ment maps an exact string to an actor; every whole-word occurrence
// becomes a mention.
type ment struct {
	s     string
	actor *realign.Actor
}

var pronouns = map[string]bool{"he": true, "she": true, "they": true, "it": true}

// mentions builds mentions for every whole-word occurrence of each string,
// longer strings first, skipping occurrences that overlap an earlier
// mention. Pronoun strings get Pronoun and Via "pronoun".
func mentions(text string, ms ...ment) []realign.Mention {
	var out []realign.Mention
	sorted := append([]ment(nil), ms...)
	for i := 1; i < len(sorted); i++ {
		for j := i; j > 0 && len(sorted[j].s) > len(sorted[j-1].s); j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	for _, m := range sorted {
		for off := 0; ; {
			i := strings.Index(text[off:], m.s)
			if i < 0 {
				break
			}
			sp := realign.Span{Start: off + i, End: off + i + len(m.s)}
			off = sp.End
			before, _ := utf8.DecodeLastRuneInString(text[:sp.Start])
			after, _ := utf8.DecodeRuneInString(text[sp.End:])
			if sp.Start > 0 && unicode.IsLetter(before) || sp.End < len(text) && unicode.IsLetter(after) {
				continue
			}
			overlap := false
			for _, o := range out {
				if o.Span.Overlaps(sp) {
					overlap = true
				}
			}
			if overlap {
				continue
			}
			mn := realign.Mention{Span: sp, Text: m.s, Type: realign.PERSON, Actor: m.actor, Antecedent: -1, Via: "name"}
			if pronouns[strings.ToLower(m.s)] {
				mn.Pronoun, mn.Via = true, "pronoun"
			}
			out = append(out, mn)
		}
	}
	return out
}

func analyze(t testing.TB, text string, ms ...ment) *realign.Analysis {
	t.Helper()
	seg, err := nlp.New(nlp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := &realign.Analysis{Document: realign.Document{Text: text}}
	if err := seg.Annotate(a); err != nil {
		t.Fatal(err)
	}
	a.Mentions = mentions(text, ms...)
	at, err := quote.New(quote.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := at.Annotate(a); err != nil {
		t.Fatalf("Annotate: %v", err)
	}
	checkInvariants(t, a)
	return a
}

// checkInvariants asserts what must hold for any input: spans inside the
// text, Text equal to the spanned text, cue and speaker text matching
// their spans, known kinds, sorted by start, mention indexes valid.
func checkInvariants(t testing.TB, a *realign.Analysis) {
	t.Helper()
	text := a.Document.Text
	kinds := map[string]bool{realign.QuoteDirect: true, realign.QuotePartial: true, realign.QuoteIndirect: true, realign.QuoteBlock: true}
	for i, q := range a.Quotes {
		if q.Start < 0 || q.End > len(text) || q.Start >= q.End {
			t.Errorf("quote %d: bad span %v", i, q.Span)
			continue
		}
		if q.Text != q.Span.Text(text) {
			t.Errorf("quote %d: Text %q != span text %q", i, q.Text, q.Span.Text(text))
		}
		if !utf8.ValidString(q.Text) {
			t.Errorf("quote %d: text is not valid UTF-8: %q", i, q.Text)
		}
		if !kinds[q.Kind] {
			t.Errorf("quote %d: kind %q", i, q.Kind)
		}
		if q.Cue != "" && q.CueSpan.Text(text) != q.Cue {
			t.Errorf("quote %d: cue %q != cue span text %q", i, q.Cue, q.CueSpan.Text(text))
		}
		if s := q.Speaker; s != nil {
			if s.Text == "" || s.Span.Text(text) != s.Text {
				t.Errorf("quote %d: speaker %q != span text %q", i, s.Text, s.Span.Text(text))
			}
			if s.Mention < -1 || s.Mention >= len(a.Mentions) {
				t.Errorf("quote %d: speaker mention %d out of range", i, s.Mention)
			}
			if s.Mention >= 0 && !a.Mentions[s.Mention].Span.Overlaps(s.Span) {
				t.Errorf("quote %d: speaker mention %d does not overlap the speaker", i, s.Mention)
			}
		}
		if i > 0 && a.Quotes[i-1].Start > q.Start {
			t.Errorf("quotes not sorted at %d", i)
		}
	}
}

// wq is the comparable projection of a quotation.
type wq struct {
	Kind, Text, Speaker, Actor, Cue, Addressee string
}

func project(a *realign.Analysis) []wq {
	var out []wq
	for _, q := range a.Quotes {
		w := wq{Kind: q.Kind, Text: q.Text, Cue: q.Cue, Addressee: q.Addressee}
		if q.Speaker != nil {
			w.Speaker = q.Speaker.Text
			if q.Speaker.Actor != nil {
				w.Actor = q.Speaker.Actor.Name
			}
		}
		out = append(out, w)
	}
	return out
}

const (
	D = realign.QuoteDirect
	P = realign.QuotePartial
	I = realign.QuoteIndirect
	B = realign.QuoteBlock
)

func TestForms(t *testing.T) {
	std := []ment{{"PM Khan", khan}, {"Imran Khan", khan}, {"Khan", khan}, {"He", khan}, {"he", khan},
		{"Qureshi", qureshi}, {"Putin", putin}, {"Zelenskyy", zelenskyy}, {"Pakistan", pakistan}, {"Moscow", moscow}}
	tests := []struct {
		name string
		text string
		want []wq
	}{
		{"curly after", `“We will win,” Khan said.`,
			[]wq{{D, "We will win", "Khan", "Imran Khan", "said", ""}}},
		{"straight inverted", `"We will win," said Khan.`,
			[]wq{{D, "We will win", "Khan", "Imran Khan", "said", ""}}},
		{"told addressee", `“Yes, we are looking for arms,” PM Khan told the Russian news outlet on Thursday.`,
			[]wq{{D, "Yes, we are looking for arms", "PM Khan", "Imran Khan", "told", "the Russian news outlet"}}},
		{"colon before", `Khan said: “We want peace with India.”`,
			[]wq{{D, "We want peace with India.", "Khan", "Imran Khan", "said", ""}}},
		{"comma before with addressee", `He told reporters, “We are ready.”`,
			[]wq{{D, "We are ready.", "He", "Imran Khan", "told", "reporters"}}},
		{"split by attribution", `“Yes,” he said, “we will.”`,
			[]wq{{D, "Yes,", "he", "Imran Khan", "said", ""}, {D, "we will.", "he", "Imran Khan", "said", ""}}},
		{"dash byline", "Readers wrote in.\n“We are afraid of what comes next.”― Imran Khan\n“Not me.” — Putin.",
			[]wq{{D, "We are afraid of what comes next.", "Imran Khan", "Imran Khan", "―", ""}, {D, "Not me.", "Putin", "Vladimir Putin", "—", ""}}},
		{"dash and a lower-case clause is not a byline", "Posters appeared.\n“We are ready” — the slogan spread fast.",
			[]wq{{P, "We are ready", "", "", "", ""}}},
		{"british single", `‘We are ready,’ Qureshi said.`,
			[]wq{{D, "We are ready", "Qureshi", "Shah Mahmood Qureshi", "said", ""}}},
		{"british straight single", `'We are ready,' Qureshi said.`,
			[]wq{{D, "We are ready", "Qureshi", "Shah Mahmood Qureshi", "said", ""}}},
		{"partial in reported speech", `Qureshi further said that the ‘Russian President appreciated Pakistan’s role’.`,
			[]wq{
				{I, "the ‘Russian President appreciated Pakistan’s role’", "Qureshi", "Shah Mahmood Qureshi", "said", ""},
				{P, "Russian President appreciated Pakistan’s role", "Qureshi", "Shah Mahmood Qureshi", "said", ""},
			}},
		{"partial few words", `Khan said the talks were “very productive” and would continue.`,
			[]wq{
				{I, "the talks were “very productive” and would continue", "Khan", "Imran Khan", "said", ""},
				{P, "very productive", "Khan", "Imran Khan", "said", ""},
			}},
		{"apostrophes are not quotes", `Pakistan’s leaders’ summit in the '90s didn't matter, Khan said.`,
			[]wq{{I, "Pakistan’s leaders’ summit in the '90s didn't matter", "Khan", "Imran Khan", "said", ""}}},
		{"description speaker", `“The talks failed,” a senior official said.`,
			[]wq{{D, "The talks failed", "a senior official", "", "said", ""}}},
		{"spokesperson told reporters that", `The spokesperson told reporters that the visit was cancelled.`,
			[]wq{{I, "the visit was cancelled", "The spokesperson", "", "told", "reporters"}}},
		{"that-less", `Putin said Russia would supply the jets next year.`,
			[]wq{{I, "Russia would supply the jets next year", "Putin", "Vladimir Putin", "said", ""}}},
		{"postposed", `The talks will resume next week, the ministry said on Friday.`,
			[]wq{{I, "The talks will resume next week", "the ministry", "", "said", ""}}},
		{"postposed inverted", `The talks will resume next week, said Qureshi.`,
			[]wq{{I, "The talks will resume next week", "Qureshi", "Shah Mahmood Qureshi", "said", ""}}},
		{"according to first", `According to Qureshi, the meeting lasted two hours.`,
			[]wq{{I, "the meeting lasted two hours", "Qureshi", "Shah Mahmood Qureshi", "According to", ""}}},
		{"according to last", `The meeting lasted two hours, according to Qureshi.`,
			[]wq{{I, "The meeting lasted two hours", "Qureshi", "Shah Mahmood Qureshi", "according to", ""}}},
		{"adding that", `Khan said Pakistan wanted arms, adding that the military was in touch.`,
			[]wq{
				{I, "Pakistan wanted arms", "Khan", "Imran Khan", "said", ""},
				{I, "the military was in touch", "Khan", "Imran Khan", "adding", ""},
			}},
		{"interview with", `In an interview with Sputnik, Khan said that Pakistan wanted closer ties.`,
			[]wq{{I, "Pakistan wanted closer ties", "Khan", "Imran Khan", "said", "Sputnik"}}},
		{"posted on X", `Zelenskyy posted on X that Ukraine was ready for a ceasefire.`,
			[]wq{{I, "Ukraine was ready for a ceasefire", "Zelenskyy", "Volodymyr Zelenskyy", "posted on", "X"}}},
		{"nested single in double", `“He told me ‘never again’ and left,” Qureshi said.`,
			[]wq{{D, "He told me ‘never again’ and left", "Qureshi", "Shah Mahmood Qureshi", "said", ""}}},
		{"nested double in single", `‘He told me “never again” and left,’ Qureshi said.`,
			[]wq{{D, "He told me “never again” and left", "Qureshi", "Shah Mahmood Qureshi", "said", ""}}},
		{"headline without speaker", "“Arms for peace”: Pakistan looks to Russia\n\nThe visit ended.",
			[]wq{{P, "Arms for peace", "", "", "", ""}}},
		{"multi-paragraph", "“We will build roads.\n\n“We will build schools,” Khan said.",
			[]wq{{D, "We will build roads.", "Khan", "Imran Khan", "said", ""}, {D, "We will build schools", "Khan", "Imran Khan", "said", ""}}},
		{"block two paragraphs", "Asked about India, he replied,\n\nWe want peace. I hope talks resume.\n\nWe are ready to talk at any level.\n\nThe minister left later.",
			[]wq{{B, "We want peace. I hope talks resume.\n\nWe are ready to talk at any level.", "he", "Imran Khan", "replied", ""}}},
		{"block colon", "Khan told reporters:\n\nPeace is the only option.\n\nPakistan and India met in May.",
			[]wq{{B, "Peace is the only option.", "Khan", "Imran Khan", "told", "reporters"}}},
		{"passive is not a cue", `Khan was asked about India.`, nil},
		{"infinitive is not a cue", `Khan wanted to say more about India.`, nil},
		{"continuation inherits speaker", `“We are ready,” Khan said. “We have always been ready.”`,
			[]wq{{D, "We are ready", "Khan", "Imran Khan", "said", ""}, {D, "We have always been ready.", "Khan", "Imran Khan", "said", ""}}},
		{"question inverted", `“Why now?” asked Qureshi.`,
			[]wq{{D, "Why now?", "Qureshi", "Shah Mahmood Qureshi", "asked", ""}}},
		{"dash parenthetical", `Qureshi — the foreign minister — said that talks would resume.`,
			[]wq{{I, "talks would resume", "Qureshi", "Shah Mahmood Qureshi", "said", ""}}},
		{"comma parenthetical", `PM Khan, in his final remarks, stressed that poverty must end.`,
			[]wq{{I, "poverty must end", "PM Khan", "Imran Khan", "stressed", ""}}},
		{"speaker phrase with possessor", `Pakistan’s Prime Minister Imran Khan said that ties were improving.`,
			[]wq{{I, "ties were improving", "Pakistan’s Prime Minister Imran Khan", "Imran Khan", "said", ""}}},
		{"officials in a city", `Officials in Kyiv said the attack was repelled.`,
			[]wq{{I, "the attack was repelled", "Officials in Kyiv", "", "said", ""}}},
		{"head before post-modifier", `Putin in Moscow said the offer stood.`,
			[]wq{{I, "the offer stood", "Putin in Moscow", "Vladimir Putin", "said", ""}}},
		{"interview venue participle", `Speaking to VOA, Khan warned that the region was unstable.`,
			[]wq{{I, "the region was unstable", "Khan", "Imran Khan", "warned", "VOA"}}},
		{"scare quotes without cue", `The so-called “peace plan” was rejected.`,
			[]wq{{P, "peace plan", "", "", "", ""}}},
		{"medial attribution", `The talks will resume, Qureshi said, after the elections.`,
			[]wq{{I, "The talks will resume", "Qureshi", "Shah Mahmood Qureshi", "said", ""}}},
		{"medial according to", `The talks lasted two hours, according to Qureshi, and ended well.`,
			[]wq{{I, "The talks lasted two hours", "Qureshi", "Shah Mahmood Qureshi", "according to", ""}}},
		{"quantifier opens the clause", `Khan said much of the talk was about trade.`,
			[]wq{{I, "much of the talk was about trade", "Khan", "Imran Khan", "said", ""}}},
		{"conditional opens the clause", `Khan said if elected he would visit Moscow.`,
			[]wq{{I, "if elected he would visit Moscow", "Khan", "Imran Khan", "said", ""}}},
		{"belief verb", `Putin believes the sanctions will fail.`,
			[]wq{{I, "the sanctions will fail", "Putin", "Vladimir Putin", "believes", ""}}},
		{"intention infinitive", `Khan vowed to end poverty in Pakistan.`,
			[]wq{{I, "to end poverty in Pakistan", "Khan", "Imran Khan", "vowed", ""}}},
		{"request with object", `Zelenskyy called for new talks, but Moscow refused.`,
			[]wq{{I, "new talks", "Zelenskyy", "Volodymyr Zelenskyy", "called for", ""}}},
		{"indirect question", `Qureshi asked whether the talks would resume.`,
			[]wq{{I, "whether the talks would resume", "Qureshi", "Shah Mahmood Qureshi", "asked", ""}}},
		{"intention inside reported speech belongs to it", `Khan said Pakistan wanted closer ties with Moscow.`,
			[]wq{{I, "Pakistan wanted closer ties with Moscow", "Khan", "Imran Khan", "said", ""}}},
		{"noun use of an object cue", `The tax plans would cost billions, Khan said.`,
			[]wq{{I, "The tax plans would cost billions", "Khan", "Imran Khan", "said", ""}}},
		{"unbalanced mark ignored", `He said “we will win and left the room.`,
			[]wq{{I, "“we will win and left the room", "He", "Imran Khan", "said", ""}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := analyze(t, tc.text, std...)
			if diff := cmp.Diff(tc.want, project(a)); diff != "" {
				t.Errorf("quotes mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSpeakerMention(t *testing.T) {
	text := `“The talks failed,” a senior official said. “We will return,” he said.`
	a := analyze(t, text, ment{"he", khan})
	if len(a.Quotes) != 2 {
		t.Fatalf("got %d quotes, want 2: %+v", len(a.Quotes), project(a))
	}
	s0, s1 := a.Quotes[0].Speaker, a.Quotes[1].Speaker
	if s0 == nil || s0.Actor != nil || s0.Mention != -1 {
		t.Errorf("anonymous speaker = %+v, want actor nil, mention -1", s0)
	}
	if s1 == nil || s1.Mention != 0 || s1.Actor == nil || s1.Actor.Code != "PAKGOV" {
		t.Errorf("pronoun speaker = %+v, want mention 0 with PAKGOV", s1)
	}
	if s1 != nil && s1.Actor == khan {
		t.Errorf("speaker actor aliases the mention's actor; want a copy")
	}
}

func TestEmptyAndOddInput(t *testing.T) {
	for _, text := range []string{
		"", " ", "\"", "“", "”", "‘", "’", "'", "\"\"", "“”", "‘’", "said", "He said", "he said,", "according to",
		"\"a\" \"b\" \"c", "“x” said", "said “", ",", ":\n\nx", "He replied,\n\n", "He replied,\n\n“",
		"told told told", "\"\n\n\"\n\n\"", "‘a ‘b ‘c’", "according to X,", "“Yes,” he said, “",
		"\xff\xfe said \"x\"",
	} {
		a := analyze(t, text, ment{"He", khan}, ment{"X", khan})
		_ = a
	}
}

func TestNoSentences(t *testing.T) {
	at, err := quote.New(quote.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := &realign.Analysis{Document: realign.Document{Text: "“We will win,” Khan said."}}
	if err := at.Annotate(a); err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, a)
	if got := project(a); len(got) != 1 || got[0].Speaker != "Khan" {
		t.Errorf("without sentences got %+v, want one quote by Khan", got)
	}
}

func TestBadInput(t *testing.T) {
	at, err := quote.New(quote.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := at.Annotate(nil); err == nil {
		t.Error("Annotate(nil): want error")
	}
	a := &realign.Analysis{Document: realign.Document{Text: "short"},
		Mentions: []realign.Mention{{Span: realign.Span{Start: 2, End: 40}}}}
	if err := at.Annotate(a); err == nil {
		t.Error("mention outside text: want error")
	}
	a = &realign.Analysis{Document: realign.Document{Text: "short"},
		Sentences: []realign.Sentence{{Span: realign.Span{Start: 0, End: 9}}}}
	if err := at.Annotate(a); err == nil {
		t.Error("sentence outside text: want error")
	}
}

func TestLexiconErrors(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"columns", "said\n", "cues:1: want PHRASE<TAB>CLASS"},
		{"class", "# c\nsaid\tnoun\n", "cues:2: unknown class \"noun\""},
		{"flag", "said\tverb\tloud\n", "cues:1: unknown flag \"loud\""},
		{"duplicate", "said\tverb\nsaid\tverb\n", "cues:2: duplicate cue"},
		{"empty", "# nothing\n", "cues: no cues"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := quote.New(quote.Options{Cues: []byte(tc.data)})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("New error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestCustomLexicon(t *testing.T) {
	at, err := quote.New(quote.Options{Cues: []byte("# only one\nquipped\tverb\tdirect\n")})
	if err != nil {
		t.Fatal(err)
	}
	seg, _ := nlp.New(nlp.Options{})
	a := &realign.Analysis{Document: realign.Document{Text: "“Fine,” Khan quipped. Khan said that talks failed."}}
	if err := seg.Annotate(a); err != nil {
		t.Fatal(err)
	}
	if err := at.Annotate(a); err != nil {
		t.Fatal(err)
	}
	got := project(a)
	want := []wq{{D, "Fine", "Khan", "", "quipped", ""}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("custom lexicon (-want +got):\n%s", diff)
	}
}

func FuzzAnnotate(f *testing.F) {
	for _, s := range []string{
		"“Yes,” he said, “we will.”", "Khan said:\n\n“We", "He replied,\n\nWe hope.\n\nWe do.",
		"‘a’ 'b' \"c\" “d” ‘e", "according to , said", "\"x\n\n\"y\n\n\"z\"",
	} {
		f.Add(s)
	}
	seg, err := nlp.New(nlp.Options{})
	if err != nil {
		f.Fatal(err)
	}
	at, err := quote.New(quote.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		a := &realign.Analysis{Document: realign.Document{Text: text}}
		if err := seg.Annotate(a); err != nil {
			return
		}
		a.Mentions = mentions(text, ment{"he", khan}, ment{"Khan", khan})
		if err := at.Annotate(a); err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, a)
	})
}
