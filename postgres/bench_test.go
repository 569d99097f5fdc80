package postgres_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/realign/realign"
	"github.com/realign/realign/internal/testcorpus"
	"github.com/realign/realign/pipeline"
)

// voaAnalyses returns the VOA stories analysed by the pipeline, or skips
// b when the shared corpus is absent.
func voaAnalyses(b *testing.B) []*realign.Analysis {
	b.Helper()
	docs := testcorpus.VOA(b)
	pipe, err := pipeline.New(pipeline.Options{})
	if err != nil {
		b.Fatal(err)
	}
	out := make([]*realign.Analysis, len(docs))
	for i, d := range docs {
		d.ID = realign.ContentID(d.Text)
		if out[i], err = pipe.Analyze(d); err != nil {
			b.Fatal(err)
		}
	}
	return out
}

// BenchmarkSaveBatch stores the analysed VOA stories (documents,
// mentions, quotations, events, clusters, ingest records) into a fresh
// schema per iteration, in batches of 32, from one writer and from 4
// writers at once (each its own share of the stories, as 4 ingest
// workers would), and reports documents stored per second.
func BenchmarkSaveBatch(b *testing.B) {
	as := voaAnalyses(b)
	ctx := context.Background()
	for _, writers := range []int{1, 4} {
		b.Run(map[int]string{1: "1writer", 4: "4writers"}[writers], func(b *testing.B) {
			var stored int
			var elapsed time.Duration
			for range b.N {
				b.StopTimer()
				db := open(b)
				b.StartTimer()
				start := time.Now()
				var wg sync.WaitGroup
				for w := range writers {
					wg.Go(func() {
						for j := w * 32; j < len(as); j += 32 * writers {
							batch := as[j:min(j+32, len(as))]
							log := make([]realign.IngestRecord, len(batch))
							for k, a := range batch {
								log[k] = realign.IngestRecord{Source: a.Document.URL, DocID: a.Document.ID, Status: realign.IngestStored}
							}
							if err := db.SaveBatch(ctx, batch, log); err != nil {
								b.Error(err)
								return
							}
						}
					})
				}
				wg.Wait()
				elapsed += time.Since(start)
				stored += len(as)
				b.StopTimer()
				db.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(stored)/elapsed.Seconds(), "docs/s")
		})
	}
}
