package nlp

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/realign/realign"
)

func tokenTexts(text string) []string {
	var out []string
	for _, t := range Tokenize(text, realign.Span{Start: 0, End: len(text)}) {
		out = append(out, t.Text)
	}
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Pakistan’s Foreign Minister said.", []string{"Pakistan", "’s", "Foreign", "Minister", "said", "."}},
		{"the U.S. and the U.K. agreed", []string{"the", "U.S.", "and", "the", "U.K.", "agreed"}},
		{"He replied,", []string{"He", "replied", ","}},
		{"“Yes, we are,” he said.", []string{"“", "Yes", ",", "we", "are", ",", "”", "he", "said", "."}},
		{"the ‘Russian President appreciated’.", []string{"the", "‘", "Russian", "President", "appreciated", "’", "."}},
		{"Dr. Smith met Gen. Lee at 3.5 p.m.", []string{"Dr.", "Smith", "met", "Gen.", "Lee", "at", "3.5", "p.m."}},
		{"people-to-people contact — people", []string{"people-to-people", "contact", "—", "people"}},
		{"They don't know; 1,200 died (reports).", []string{"They", "do", "n't", "know", ";", "1,200", "died", "(", "reports", ")", "."}},
		{"in the '90s", []string{"in", "the", "'90s"}},
		{"Kim's and Moon’s", []string{"Kim", "'s", "and", "Moon", "’s"}},
		{"", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, tokenTexts(tt.in)); diff != "" {
			t.Errorf("Tokenize(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestTokenSpansPointIntoText(t *testing.T) {
	text := "  “Yes,” PM Khan\u00a0told the outlet on Thursday.  \n\nHe replied, «non».  "
	seg, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range seg.Sentences(text) {
		for _, tok := range s.Tokens {
			if tok.Text != text[tok.Start:tok.End] {
				t.Errorf("token %q does not match text at %d:%d (%q)", tok.Text, tok.Start, tok.End, text[tok.Start:tok.End])
			}
			if !s.Span.Contains(tok.Span) {
				t.Errorf("token %q outside its sentence", tok.Text)
			}
		}
	}
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"abbreviations", "He met U.S. officials in Washington. Dr. Rice and Gen. Smith agreed.", []string{"He met U.S. officials in Washington.", "Dr. Rice and Gen. Smith agreed."}},
		{"paragraph break ends a sentence", "He replied,\n\nWell, we agree. Times changed.", []string{"He replied,", "Well, we agree.", "Times changed."}},
		{"quote closing", "“We will,” he said. “We must.”", []string{"“We will,” he said.", "“We must.”"}},
		{"title line", "SCO Summit: a title\n\nBody text here.", []string{"SCO Summit: a title", "Body text here."}},
		{"empty", "  \n\n  ", nil},
		{"quote after closing quote", `India condemns terror in all its forms." "We will respond at a time of our choosing," Modi told a rally.`,
			[]string{`India condemns terror in all its forms."`, `"We will respond at a time of our choosing," Modi told a rally.`}},
		{"curly quote after closing quote", "India condemns terror in all its forms.” “We will respond,” Modi said.",
			[]string{"India condemns terror in all its forms.”", "“We will respond,” Modi said."}},
		{"question in quotes then quote", "“Who did this?” “Nobody knows,” she said.",
			[]string{"“Who did this?”", "“Nobody knows,” she said."}},
		{"single curly quotes", "He called it ‘a disgrace.’ ‘We object,’ the minister said.",
			[]string{"He called it ‘a disgrace.’", "‘We object,’ the minister said."}},
		{"quoted phrase continues", `He said "stop." "go" was her reply.`, []string{`He said "stop." "go" was her reply.`}},
		{"comma in quote continues", `"Yes," "no," and "maybe" were the answers.`, []string{`"Yes," "no," and "maybe" were the answers.`}},
		{"year ends sentence", "They first met in Singapore in June 2018. Their second summit was in Hanoi.",
			[]string{"They first met in Singapore in June 2018.", "Their second summit was in Hanoi."}},
		{"full date ends sentence", "The deal was signed on Feb. 12, 2024. It took effect in March.",
			[]string{"The deal was signed on Feb. 12, 2024.", "It took effect in March."}},
		{"year then quote", "It ended in 1999. “Never again,” he said.", []string{"It ended in 1999.", "“Never again,” he said."}},
		{"year then lower case", "It rose in 2018. and fell later.", []string{"It rose in 2018. and fell later."}},
		{"abbreviations kept", "U.S. President Biden spoke on Feb. 12 in No. 10 Downing Street about the Jan. 6 attack. J. R. R. Tolkien agreed.",
			[]string{"U.S. President Biden spoke on Feb. 12 in No. 10 Downing Street about the Jan. 6 attack.", "J. R. R. Tolkien agreed."}},
		{"number abbreviation before a four-digit number", "See No. 2018 Main Street. It is new.", []string{"See No. 2018 Main Street.", "It is new."}},
	}
	seg, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range seg.Sentences(tt.in) {
				got = append(got, tt.in[s.Start:s.End])
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParagraphs(t *testing.T) {
	text := "Title\n\n  First para\nline two.\n\n\n\nSecond.\n"
	var got []string
	for _, p := range Paragraphs(text) {
		got = append(got, text[p.Start:p.End])
	}
	want := []string{"Title", "First para\nline two.", "Second."}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Paragraphs mismatch (-want +got):\n%s", diff)
	}
}

func FuzzSentences(f *testing.F) {
	f.Add("He said, “Yes.” Then\n\nleft.")
	f.Add("’s ‘ ’ '' U.S.. ...")
	seg, err := New(Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, se := range seg.Sentences(s) {
			if se.Start < 0 || se.End > len(s) || se.Start >= se.End {
				t.Fatalf("bad sentence span %v for len %d", se.Span, len(s))
			}
			if strings.TrimSpace(s[se.Start:se.End]) == "" {
				t.Fatalf("blank sentence")
			}
			for _, tok := range se.Tokens {
				if tok.Text != s[tok.Start:tok.End] {
					t.Fatalf("token text mismatch")
				}
			}
		}
	})
}

func BenchmarkSentences(b *testing.B) {
	seg, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Repeat("Pakistan’s Foreign Minister Shah Mahmood Qureshi said that Khan’s meeting with Putin, on the sidelines of the summit, focused on Afghanistan. “Yes,” he said.\n\n", 50)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		seg.Sentences(text)
	}
}
