package eventcode_test

import (
	"testing"

	"github.com/realign/realign"
	"github.com/realign/realign/eventcode"
	"github.com/realign/realign/internal/testcorpus"
	"github.com/realign/realign/pipeline"
)

// voaAnalyses runs the whole pipeline over the VOA corpus once, so that a
// benchmark can time the event coder alone on real layers.
func voaAnalyses(b *testing.B) ([]*realign.Analysis, int, int) {
	b.Helper()
	p, err := pipeline.New(pipeline.Options{})
	if err != nil {
		b.Fatal(err)
	}
	var out []*realign.Analysis
	var sents, bytes int
	for _, doc := range testcorpus.VOA(b) {
		a, err := p.Analyze(doc)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, a)
		sents += len(a.Sentences)
		bytes += len(doc.Text)
	}
	return out, sents, bytes
}

// BenchmarkCoderVOA times eventcode's Annotate alone over the 89 VOA
// stories (layers from the real pipeline, computed before the timer
// starts) and reports sentences/s and MB/s of text, on one goroutine.
func BenchmarkCoderVOA(b *testing.B) {
	docs, sents, bytes := voaAnalyses(b)
	c, err := eventcode.New(eventcode.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(bytes))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, a := range docs {
			if err := c.Annotate(a); err != nil {
				b.Fatal(err)
			}
		}
	}
	sec := b.Elapsed().Seconds()
	if sec > 0 {
		b.ReportMetric(float64(sents)*float64(b.N)/sec, "sentences/s")
	}
	b.ReportMetric(float64(sents), "sentences/corpus")
}
