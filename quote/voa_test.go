package quote_test

import (
	"testing"

	"github.com/realign/realign"
	"github.com/realign/realign/internal/testcorpus"
	"github.com/realign/realign/nlp"
	"github.com/realign/realign/quote"
)

// TestVOACorpus runs the stage over the VOA stories (no mentions) and
// checks the invariants of every quotation; it logs counts by kind and
// the share of quotations with a speaker.
func TestVOACorpus(t *testing.T) {
	corpus := testcorpus.VOA(t)
	seg, err := nlp.New(nlp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	at, err := quote.New(quote.Options{})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	withSpeaker := map[string]int{}
	stories := 0
	for _, d := range corpus {
		stories++
		a := &realign.Analysis{Document: realign.Document{Title: d.Title, Text: d.Text}}
		if err := seg.Annotate(a); err != nil {
			t.Fatal(err)
		}
		if err := at.Annotate(a); err != nil {
			t.Fatalf("story %d: %v", stories, err)
		}
		checkInvariants(t, a)
		for _, q := range a.Quotes {
			kinds[q.Kind]++
			if q.Speaker != nil {
				withSpeaker[q.Kind]++
			}
		}
	}
	total, spk := 0, 0
	for k, n := range kinds {
		total += n
		spk += withSpeaker[k]
		t.Logf("%-8s %4d quotations, %4d with a speaker (%.0f%%)", k, n, withSpeaker[k], 100*float64(withSpeaker[k])/float64(n))
	}
	t.Logf("%d stories, %d quotations, %.0f%% with a speaker", stories, total, 100*float64(spk)/float64(max(total, 1)))
	// news stories quote people: a stage that finds almost nothing is broken
	if kinds[realign.QuoteDirect] < stories || kinds[realign.QuoteIndirect] < stories {
		t.Errorf("too few quotations for %d stories: %v", stories, kinds)
	}
	if withSpeaker[realign.QuoteDirect] < kinds[realign.QuoteDirect]*8/10 {
		t.Errorf("direct quotations with a speaker: %d of %d, want at least 80%%", withSpeaker[realign.QuoteDirect], kinds[realign.QuoteDirect])
	}
}
