package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/realign/realign"
	"github.com/realign/realign/extract"
	"github.com/realign/realign/pipeline"
	"github.com/realign/realign/report"
)

func init() {
	register(command{"analyze", "analyze one article (file, URL or - for stdin) and print actors, quotes and events", runAnalyze})
}

func runAnalyze(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("analyze", "analyze [--format text|json] [--published YYYY-MM-DD] [--timeout D] [--max-bytes N] FILE|URL|-", e)
	format := fs.String("format", "text", "output format: text (a report for people) or json (the analysis.schema.json contract)")
	published := fs.String("published", "", "publication date `YYYY-MM-DD` (or RFC 3339), overriding the one found in the document; relative dates such as \"on Thursday\" are resolved against it")
	timeout := fs.Duration("timeout", 20*time.Second, "time limit for fetching a URL")
	maxBytes := fs.Int64("max-bytes", extract.DefaultMaxBytes, "largest input accepted, in bytes")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return usagef("analyze: want exactly one FILE, URL or - (got %d arguments)", len(pos))
	}
	if *timeout <= 0 {
		return usagef("analyze: --timeout must be positive, not %v", *timeout)
	}
	if *maxBytes <= 0 {
		return usagef("analyze: --max-bytes must be positive, not %d", *maxBytes)
	}
	if *format != "text" && *format != "json" {
		return usagef("analyze: --format must be text or json, not %q", *format)
	}
	var pub time.Time
	if *published != "" {
		if pub, err = parseDate(*published); err != nil {
			return usagef("analyze: --published: %v", err)
		}
	}

	ex := extract.New(extract.Options{MaxBytes: *maxBytes, Timeout: *timeout, Stdin: e.stdin})
	doc, err := ex.Read(ctx, pos[0])
	if err != nil {
		var ie *realign.InputError
		if errors.As(err, &ie) && strings.HasPrefix(ie.Reason, "too large") {
			return fmt.Errorf("%w (raise the limit with --max-bytes)", err)
		}
		return err
	}
	if !pub.IsZero() {
		doc.Published = pub
	}
	p, err := pipeline.New(pipeline.Options{})
	if err != nil {
		return err
	}
	a, err := analyzeInterruptible(ctx, p, doc)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	w := bufio.NewWriter(e.stdout)
	if *format == "json" {
		err = report.WriteJSON(w, a)
	} else {
		err = report.WriteText(w, a)
	}
	if err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}

// analyzeInterruptible runs the pipeline and returns as soon as ctx is
// done (Ctrl-C, SIGTERM), without waiting for the stage in progress.
func analyzeInterruptible(ctx context.Context, p *pipeline.Pipeline, doc realign.Document) (*realign.Analysis, error) {
	type result struct {
		a   *realign.Analysis
		err error
	}
	ch := make(chan result, 1)
	go func() {
		a, err := p.AnalyzeContext(ctx, doc)
		ch <- result{a, err}
	}()
	select {
	case r := <-ch:
		return r.a, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// parseDate parses YYYY-MM-DD or an RFC 3339 date-time.
func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is not a date (want YYYY-MM-DD, e.g. 2019-06-14)", s)
}
