package quotes

import (
	"context"
	"fmt"
	"regexp"
	"runtime"
	"sync"
	"time"

	"github.com/realign/realign"
)

var nameDate = regexp.MustCompile(`_(\d{4}-\d{2}-\d{2})_`)

// Document returns the realign document for d: its text unchanged (so
// that gold offsets stay valid) and the publication date read from the
// PolNeAR file name (publisher_YYYY-MM-DD_slug), zero when absent.
func (d Doc) Document() realign.Document {
	doc := realign.Document{Text: d.Text, Source: d.Name, Format: "text", Language: "en"}
	if m := nameDate.FindStringSubmatch(d.Name); m != nil {
		if t, err := time.Parse(time.DateOnly, m[1]); err == nil {
			doc.Published = t
		}
	}
	return doc
}

// Analyzer analyses one document (pipeline.Pipeline.AnalyzeContext fits).
type Analyzer func(ctx context.Context, doc realign.Document) (*realign.Analysis, error)

// Evaluate analyses every document with analyze, on up to GOMAXPROCS
// goroutines, and scores the results in document order. It stops at the
// first analysis error, naming the document, or when ctx is done.
func Evaluate(ctx context.Context, docs []Doc, analyze Analyzer) (*Scores, []Mismatch, error) {
	return EvaluateInto(ctx, &Scores{}, docs, analyze)
}

// EvaluateInto is Evaluate adding to s (whose Unattributed field may be
// set), which it returns.
func EvaluateInto(ctx context.Context, s *Scores, docs []Doc, analyze Analyzer) (*Scores, []Mismatch, error) {
	results := make([]*realign.Analysis, len(docs))
	errs := make([]error, len(docs))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				a, err := analyze(ctx, docs[i].Document())
				if err != nil {
					errs[i] = fmt.Errorf("%s: %w", docs[i].Name, err)
					cancel()
					continue
				}
				results[i] = a
			}
		}()
	}
feed:
	for i := range docs {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	var mis []Mismatch
	for i, d := range docs {
		mis = append(mis, s.Add(d, results[i])...)
	}
	return s, mis, nil
}
