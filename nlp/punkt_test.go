package nlp

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/neurosnap/sentences"
	"github.com/neurosnap/sentences/english"
	"github.com/realign/realign/internal/testcorpus"
)

// sentenceSpans splits text with tok and returns the sentence texts.
func sentenceSpans(tok *sentences.DefaultSentenceTokenizer, text string) []string {
	var out []string
	for _, s := range tok.Tokenize(text) {
		out = append(out, s.Text)
	}
	return out
}

// TestMultiPunctFilterSame checks that the filtered multi-punctuation
// annotation splits exactly as the unfiltered one, on tricky sentences
// and, when ../shared is present, on every VOA paragraph.
func TestMultiPunctFilterSame(t *testing.T) {
	seg, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := english.NewSentenceTokenizer(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range defaultAbbreviations {
		plain.Storage.AbbrevTypes.Add(a)
	}
	texts := []string{
		"The U.S. envoy met Mr. Smith at 5 p.m. on Jan. 3. He left.",
		"Item no. 5 was sold. 1) First point. 2) Second point.",
		"He said \"No.\" Then he left! Did he? Yes.",
		"Coordinates 12.34.56. were given. N°. 7 is next.",
		"J. R. R. Tolkien wrote it. The e.g. case is odd...",
		"Prices rose 3.5% in the U.K. Analysts said (the rise was small.) Others disagreed.",
	}
	if docs, ok := testcorpus.VOAIfPresent(t); !ok {
		t.Logf("VOA corpus absent: checking the built-in sentences only")
	} else {
		for _, d := range docs {
			for _, p := range Paragraphs(d.Text) {
				texts = append(texts, d.Text[p.Start:p.End])
			}
		}
	}
	for _, text := range texts {
		want := sentenceSpans(plain, text)
		got := sentenceSpans(seg.punkt, text)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%q: filtered split differs (-unfiltered +filtered):\n%s", strings.TrimSpace(text[:min(len(text), 60)]), diff)
		}
	}
}
