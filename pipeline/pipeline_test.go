package pipeline

import (
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/realign/realign"
	"github.com/realign/realign/internal/testcorpus"
)

// checkInvariants checks what every analysis must satisfy whatever its
// quality: spans inside the text, texts matching spans, ordered layers,
// complete events.
func checkInvariants(t *testing.T, name string, a *realign.Analysis) {
	t.Helper()
	text := a.Document.Text
	valid := func(s realign.Span) bool { return 0 <= s.Start && s.Start <= s.End && s.End <= len(text) }
	for i, s := range a.Sentences {
		if !valid(s.Span) || (i > 0 && s.Start < a.Sentences[i-1].End) {
			t.Errorf("%s: sentence %d span %v invalid or overlapping", name, i, s.Span)
		}
	}
	for i, m := range a.Mentions {
		if !valid(m.Span) || m.Span.Text(text) != m.Text {
			t.Errorf("%s: mention %d %q span %v does not match text", name, i, m.Text, m.Span)
		}
		if m.Antecedent >= len(a.Mentions) {
			t.Errorf("%s: mention %d antecedent %d out of range", name, i, m.Antecedent)
		}
	}
	for i, q := range a.Quotes {
		if !valid(q.Span) || q.Span.Text(text) != q.Text {
			t.Errorf("%s: quote %d span %v does not match text", name, i, q.Span)
		}
	}
	for i, p := range a.Places {
		if !valid(p.Span) || p.Span.Text(text) != p.Text {
			t.Errorf("%s: place %d span %v does not match text", name, i, p.Span)
		}
	}
	for i, e := range a.Events {
		if e.Source == nil || e.Code == "" || e.Rule == "" || e.QuadClass < 1 || e.QuadClass > 4 || e.Goldstein < -10 || e.Goldstein > 10 {
			t.Errorf("%s: event %d incomplete: %+v", name, i, e)
		}
		if !valid(e.Sentence) || a.SentenceAt(e.Sentence.Start) < 0 {
			t.Errorf("%s: event %d sentence span %v invalid", name, i, e.Sentence)
		}
		if e.Quote >= len(a.Quotes) {
			t.Errorf("%s: event %d quote index %d out of range", name, i, e.Quote)
		}
	}
}

// TestVOACorpus runs the whole pipeline over the 89 VOA stories: no story
// may fail, every analysis must satisfy the invariants, and the totals
// must not fall below floors set a little under what was measured when
// the stages were written (see docs/QUALITY.md), so that a regression in
// any stage fails here.
func TestVOACorpus(t *testing.T) {
	stories := testcorpus.VOA(t)
	p, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	var nEvents, nQuotes, nSpeakers, nMentions, nResolved int
	actors := map[string]bool{}
	codes := map[string]int{}
	for _, s := range stories {
		a, err := p.Analyze(s)
		if err != nil {
			t.Errorf("story %s: %v", s.ID, err)
			continue
		}
		checkInvariants(t, "story "+s.ID, a)
		nEvents += len(a.Events)
		nQuotes += len(a.Quotes)
		for _, q := range a.Quotes {
			if q.Speaker != nil && q.Speaker.Actor != nil {
				nSpeakers++
			}
		}
		nMentions += len(a.Mentions)
		for _, m := range a.Mentions {
			if m.Actor != nil {
				nResolved++
				actors[m.Actor.Code+"|"+m.Actor.Name] = true
			}
		}
		for _, e := range a.Events {
			codes[e.Code[:2]]++
		}
	}
	var roots []string
	for c, n := range codes {
		roots = append(roots, c+":"+itoa(n))
	}
	sort.Strings(roots)
	t.Logf("%d stories: %d mentions (%d resolved), %d distinct actors, %d quotes (%d with a resolved speaker), %d events; event roots %s",
		len(stories), nMentions, nResolved, len(actors), nQuotes, nSpeakers, nEvents, strings.Join(roots, " "))
	floors := []struct {
		what      string
		got, want int
	}{
		{"stories", len(stories), 89},
		{"resolved mentions", nResolved, minResolvedMentions},
		{"distinct actors", len(actors), minDistinctActors},
		{"quotes", nQuotes, minQuotes},
		{"quotes with a resolved speaker", nSpeakers, minSpeakers},
		{"events", nEvents, minEvents},
	}
	for _, f := range floors {
		if f.got < f.want {
			t.Errorf("%s: %d, below the floor %d", f.what, f.got, f.want)
		}
	}
}

// Floors for TestVOACorpus, about 90% of the figures measured on
// 2026-11-29 (docs/QUALITY.md).
const (
	minResolvedMentions = 4100 // measured 4567
	minDistinctActors   = 440  // measured 492
	minQuotes           = 1450 // measured 1613
	minSpeakers         = 490  // measured 548
	minEvents           = 162  // measured 180
)

func itoa(n int) string { return strconv.Itoa(n) }

func BenchmarkAnalyzeVOA(b *testing.B) {
	stories := testcorpus.VOA(b)
	p, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	docs := make([]realign.Document, len(stories))
	var bytes int64
	for i, s := range stories {
		docs[i] = s
		bytes += int64(len(s.Text))
	}
	b.SetBytes(bytes)
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			if _, err := p.Analyze(d); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Seconds())/float64(b.N)/float64(len(docs))*1000, "ms/doc")
}

// BenchmarkAnalyzeSize shows how the whole pipeline scales with document
// length: ns/op at 1 MB should be about ten times that at 100 KB.
func BenchmarkAnalyzeSize(b *testing.B) {
	raw, err := os.ReadFile("../examples/sochi-talks.txt")
	if err != nil {
		b.Fatal(err)
	}
	p, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, kb := range []int{100, 1024} {
		var sb strings.Builder
		for sb.Len() < kb<<10 {
			sb.Write(raw)
			sb.WriteString("\n\n")
		}
		doc := realign.Document{Text: sb.String(), Published: time.Date(2023, 9, 4, 0, 0, 0, 0, time.UTC)}
		b.Run(strconv.Itoa(kb)+"KB", func(b *testing.B) {
			b.SetBytes(int64(len(doc.Text)))
			for b.Loop() {
				if _, err := p.Analyze(doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
