package quote_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/realign/realign"
	"github.com/realign/realign/internal/testcorpus"
	"github.com/realign/realign/nlp"
	"github.com/realign/realign/quote"
)

// linearMentions is a fast stand-in for the entity stage in benchmarks:
// every occurrence of each name, sorted, overlaps dropped.
func linearMentions(text string, ms ...ment) []realign.Mention {
	var out []realign.Mention
	for _, m := range ms {
		for off := 0; ; {
			i := strings.Index(text[off:], m.s)
			if i < 0 {
				break
			}
			sp := realign.Span{Start: off + i, End: off + i + len(m.s)}
			off = sp.End
			out = append(out, realign.Mention{Span: sp, Text: m.s, Type: realign.PERSON, Actor: m.actor, Antecedent: -1, Via: "name"})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	kept := out[:0]
	for _, m := range out {
		if len(kept) > 0 && kept[len(kept)-1].End > m.Start {
			continue
		}
		kept = append(kept, m)
	}
	return kept
}

// segmented returns a with sentences (and mentions when ms is given) for
// text; the segmenter runs outside the benchmark timer.
func segmented(tb testing.TB, text string, ms ...ment) *realign.Analysis {
	tb.Helper()
	seg, err := nlp.New(nlp.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	a := &realign.Analysis{Document: realign.Document{Text: text}}
	if err := seg.Annotate(a); err != nil {
		tb.Fatal(err)
	}
	a.Mentions = linearMentions(text, ms...)
	return a
}

// BenchmarkAnnotateVOA measures quote.Annotate alone over the VOA
// stories (sentences precomputed); b.SetBytes makes go test report MB/s.
func BenchmarkAnnotateVOA(b *testing.B) {
	var docs []*realign.Analysis
	total := 0
	for _, d := range testcorpus.VOA(b) {
		docs = append(docs, segmented(b, d.Text))
		total += len(d.Text)
	}
	at, err := quote.New(quote.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(total))
	b.ResetTimer()
	for b.Loop() {
		for _, a := range docs {
			if err := at.Annotate(a); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// syntheticNews returns about size bytes of news-like text rich in cues,
// quotations, block quotations and speaker mentions.
func syntheticNews(size int) string {
	paras := []string{
		"“We will win,” Khan said on Thursday. “We have always been ready.”",
		"Qureshi said that the ‘Russian President appreciated Pakistan’s role’ and warned that talks could stall.",
		"The talks will resume next week, the ministry said, adding that the delegation had left.",
		"According to Putin, the meeting lasted two hours. Officials in Kyiv said the attack was repelled.",
		"Asked about India, he replied,",
		"We want peace. I hope talks resume.",
		"Zelenskyy posted on X that Ukraine was ready for a ceasefire, but Moscow dismissed the offer as a “stunt.”",
		"The White House said it remained skeptical that Iran would honour its commitments.",
	}
	var sb strings.Builder
	for i := 0; sb.Len() < size; i++ {
		if sb.Len() > 0 {
			sb.WriteString("\n\n")
		}
		sb.WriteString(paras[i%len(paras)])
	}
	return sb.String()
}

// BenchmarkAnnotateSize shows that run time grows linearly with document
// length: ns/op of the 1 MB document should be about ten times that of
// the 100 KB one.
func BenchmarkAnnotateSize(b *testing.B) {
	ms := []ment{{"Khan", khan}, {"Qureshi", qureshi}, {"Putin", putin}, {"Zelenskyy", zelenskyy}, {"he", khan}, {"Moscow", moscow}}
	at, err := quote.New(quote.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, size := range []int{100 << 10, 1 << 20} {
		a := segmented(b, syntheticNews(size), ms...)
		b.Run(fmt.Sprintf("%dKB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(a.Document.Text)))
			for b.Loop() {
				if err := at.Annotate(a); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAnnotatePolNeARDev measures quotation extraction on the 84
// PolNeAR dev articles, the input of the compromise comparison in
// bench/compromise: "quote" is the stage alone (sentences precomputed, no
// entity mentions, so speakers stay unresolved), "nlp+quote" adds
// sentence splitting and tokenisation, as compromise's nlp() does.
func BenchmarkAnnotatePolNeARDev(b *testing.B) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "shared", "eval", "quotes", "polnear", "dev", "text", "*.txt"))
	if len(paths) == 0 {
		b.Skip("PolNeAR dev texts not available (../shared/eval/quotes/polnear/dev/text); skipping")
	}
	var texts []string
	total := 0
	for _, p := range paths {
		t, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(t))
		total += len(t)
	}
	seg, err := nlp.New(nlp.Options{})
	if err != nil {
		b.Fatal(err)
	}
	at, err := quote.New(quote.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("quote", func(b *testing.B) {
		docs := make([]*realign.Analysis, len(texts))
		for i, t := range texts {
			docs[i] = segmented(b, t)
		}
		b.SetBytes(int64(total))
		b.ResetTimer()
		for b.Loop() {
			for _, a := range docs {
				if err := at.Annotate(a); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("nlp+quote", func(b *testing.B) {
		b.SetBytes(int64(total))
		for b.Loop() {
			for _, t := range texts {
				a := &realign.Analysis{Document: realign.Document{Text: t}}
				if err := seg.Annotate(a); err != nil {
					b.Fatal(err)
				}
				if err := at.Annotate(a); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
