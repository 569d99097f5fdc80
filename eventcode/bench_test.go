package eventcode_test

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/realign/realign"
	"github.com/realign/realign/eventcode"
	"github.com/realign/realign/pipeline"
)

const voaPath = "../../shared/corpora/voa/voa_stories.jsonl"

// voaAnalyses runs the whole pipeline over the VOA corpus once, so that a
// benchmark can time the event coder alone on real layers.
func voaAnalyses(b *testing.B) ([]*realign.Analysis, int, int) {
	b.Helper()
	f, err := os.Open(voaPath)
	if err != nil {
		b.Skipf("VOA corpus not present (%v): skipping", err)
	}
	defer f.Close()
	p, err := pipeline.New(pipeline.Options{})
	if err != nil {
		b.Fatal(err)
	}
	var out []*realign.Analysis
	var sents, bytes int
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var rec struct {
			Text, Title, Published string
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			b.Fatal(err)
		}
		doc := realign.Document{Text: rec.Text, Title: rec.Title}
		for _, layout := range []string{"2006-01-02 15:04:05Z07:00", time.RFC3339, time.DateOnly} {
			if t, err := time.Parse(layout, rec.Published); err == nil {
				doc.Published = t
				break
			}
		}
		a, err := p.Analyze(doc)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, a)
		sents += len(a.Sentences)
		bytes += len(doc.Text)
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
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
