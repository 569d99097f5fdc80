// Package pipeline composes the analysis stages and runs them over one
// document, in order: sentences and tokens (nlp), entity mentions resolved
// to actors (entity, with the kb knowledge base), places (geo), time
// expressions (timex), quotations (quote) and events (eventcode).
//
// It is the one place, besides cmd/, that wires stage packages together,
// so that the CLI, batch ingest and the HTTP API run the same analysis.
package pipeline

import (
	"context"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/realign/realign"
	"github.com/realign/realign/entity"
	"github.com/realign/realign/eventcode"
	"github.com/realign/realign/geo"
	"github.com/realign/realign/kb"
	"github.com/realign/realign/nlp"
	"github.com/realign/realign/quote"
	"github.com/realign/realign/timex"
)

// Annotator is one stage: it reads the layers of a filled by earlier
// stages and sets its own layer.
type Annotator interface {
	Annotate(a *realign.Analysis) error
}

// Stage is a named annotator.
type Stage struct {
	Name string
	Annotator
}

// Options configures a Pipeline. The zero value builds every stage with
// its defaults and the embedded knowledge base and gazetteer.
type Options struct {
	// KB is the actor knowledge base; nil loads the embedded one.
	KB *kb.KB
}

// Pipeline runs stages in order. It is safe for concurrent use: stages
// keep no per-document state.
type Pipeline struct {
	stages []Stage
}

// New builds the default pipeline. Loading the embedded data takes a few
// milliseconds; build one Pipeline and reuse it.
func New(opts Options) (*Pipeline, error) {
	k := opts.KB
	if k == nil {
		var err error
		if k, err = kb.Load(kb.Options{}); err != nil {
			return nil, fmt.Errorf("knowledge base: %w", err)
		}
	}
	seg, err := nlp.New(nlp.Options{NameWord: k.NameWord})
	if err != nil {
		return nil, fmt.Errorf("nlp: %w", err)
	}
	gaz, err := geo.New(geo.Options{})
	if err != nil {
		return nil, fmt.Errorf("geo: %w", err)
	}
	ent, err := entity.New(entity.Options{KB: k, Gazetteer: gaz})
	if err != nil {
		return nil, fmt.Errorf("entity: %w", err)
	}
	tx, err := timex.New(timex.Options{})
	if err != nil {
		return nil, fmt.Errorf("timex: %w", err)
	}
	qt, err := quote.New(quote.Options{})
	if err != nil {
		return nil, fmt.Errorf("quote: %w", err)
	}
	ec, err := eventcode.New(eventcode.Options{})
	if err != nil {
		return nil, fmt.Errorf("eventcode: %w", err)
	}
	return &Pipeline{stages: []Stage{
		{"nlp", seg}, {"entity", ent}, {"geo", gaz}, {"timex", tx}, {"quote", qt}, {"eventcode", ec},
	}}, nil
}

// Stages returns the stages in the order they run.
func (p *Pipeline) Stages() []Stage { return append([]Stage(nil), p.stages...) }

// Timing is how long one stage took on one document.
type Timing struct {
	Stage    string
	Duration time.Duration
}

// Analyze runs every stage over doc and returns the analysis. An error
// names the stage that failed; a panic inside a stage is turned into an
// error so that one bad document never stops a batch.
func (p *Pipeline) Analyze(doc realign.Document) (*realign.Analysis, error) {
	a, _, err := p.AnalyzeTimed(doc)
	return a, err
}

// AnalyzeTimed is Analyze that also reports each stage's duration.
func (p *Pipeline) AnalyzeTimed(doc realign.Document) (*realign.Analysis, []Timing, error) {
	return p.analyze(context.Background(), doc)
}

// AnalyzeContext is Analyze that stops between stages when ctx is done,
// returning ctx's error.
func (p *Pipeline) AnalyzeContext(ctx context.Context, doc realign.Document) (*realign.Analysis, error) {
	a, _, err := p.analyze(ctx, doc)
	return a, err
}

func (p *Pipeline) analyze(ctx context.Context, doc realign.Document) (*realign.Analysis, []Timing, error) {
	a := &realign.Analysis{Document: doc}
	timings := make([]Timing, 0, len(p.stages))
	for _, s := range p.stages {
		if err := ctx.Err(); err != nil {
			return a, timings, err
		}
		t0 := time.Now()
		if err := run(s, a); err != nil {
			return a, timings, err
		}
		timings = append(timings, Timing{s.Name, time.Since(t0)})
	}
	return a, timings, nil
}

func run(s Stage, a *realign.Analysis) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: internal error: %v\n%s", s.Name, r, debug.Stack())
		}
	}()
	if err := s.Annotate(a); err != nil {
		return fmt.Errorf("%s: %w", s.Name, err)
	}
	return nil
}
