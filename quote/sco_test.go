package quote_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/realign/realign"
)

// findQuote returns the first quotation whose text starts with prefix.
func findQuote(a *realign.Analysis, prefix string) *realign.Quotation {
	for i := range a.Quotes {
		if strings.HasPrefix(a.Quotes[i].Text, prefix) {
			return &a.Quotes[i]
		}
	}
	return nil
}

func TestSCOBlogpost(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "examples", "sco-summit-blogpost.txt")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("motivating article not available (%v); skipping", err)
	}
	text := string(b)
	a := analyze(t, text,
		ment{"Imran Khan", khan}, ment{"PM Khan", khan}, ment{"Khan", khan}, ment{"He", khan},
		ment{"Shah Mahmood Qureshi", qureshi}, ment{"Qureshi", qureshi})
	for _, q := range a.Quotes {
		sp := "<nil>"
		if q.Speaker != nil {
			sp = q.Speaker.Text
		}
		t.Logf("%-8s %-55q cue=%q speaker=%q addressee=%q", q.Kind, trunc(q.Text, 55), q.Cue, sp, q.Addressee)
	}
	tests := []struct {
		prefix, kind, speaker, actor, addressee string
	}{
		{"Yes, we are looking for arms from Russia", D, "PM Khan", "Imran Khan", "the Russian news outlet"},
		{"Russian President appreciated", P, "Qureshi", "Shah Mahmood Qureshi", ""},
		{"Well, to the Russian audience", B, "He", "Imran Khan", ""},
		{"Khan’s interactions", I, "Pakistan’s Foreign Minister Shah Mahmood Qureshi", "Shah Mahmood Qureshi", ""},
		{"closer to Russia in the changing world", P, "PM Khan", "Imran Khan", "Russian state news outlet Sputnik"},
		{"Pakistan was interested in procuring arms", I, "PM Khan", "Imran Khan", "Russian state news outlet Sputnik"},
		{"where his country previously used to rely", I, "He", "Imran Khan", ""},
	}
	for _, tc := range tests {
		q := findQuote(a, tc.prefix)
		if q == nil {
			t.Errorf("no quotation starting %q", tc.prefix)
			continue
		}
		got := wq{Kind: q.Kind, Addressee: q.Addressee}
		if q.Speaker != nil {
			got.Speaker = q.Speaker.Text
			if q.Speaker.Actor != nil {
				got.Actor = q.Speaker.Actor.Name
			}
		}
		want := wq{Kind: tc.kind, Speaker: tc.speaker, Actor: tc.actor, Addressee: tc.addressee}
		if got != want {
			t.Errorf("quotation %q:\n got %+v\nwant %+v", tc.prefix, got, want)
		}
	}
	// the block is exactly the paragraph after "He replied," and nothing
	// inside it is a quotation of its own
	blk := findQuote(a, "Well, to the Russian audience")
	if blk != nil {
		if !strings.HasSuffix(blk.Text, "Russia and Pakistan move closer.") || strings.Contains(blk.Text, "PM Khan also discussed") {
			t.Errorf("block text = %q, want the one paragraph after \"He replied,\"", trunc(blk.Text, 80))
		}
		for _, q := range a.Quotes {
			if q.Span != blk.Span && blk.Span.Overlaps(q.Span) {
				t.Errorf("quotation %q overlaps the block", q.Text)
			}
		}
	}
	// the headline has no quotation and no speech cue
	for _, q := range a.Quotes {
		if a.SentenceAt(q.Start) == 0 {
			t.Errorf("quotation %q in the headline", q.Text)
		}
	}
}

func trunc(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
