package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/realign/realign"
	"github.com/realign/realign/extract"
	"github.com/realign/realign/pipeline"
)

// articleFlags are the flags of the commands that analyse one article
// (analyze, quotes, explain).
type articleFlags struct {
	cmd       string
	published *string
	timeout   *time.Duration
	maxBytes  *int64
}

// addArticleFlags registers --published, --timeout and --max-bytes on fs.
func addArticleFlags(fs *flagSet, cmd string) *articleFlags {
	return &articleFlags{
		cmd:       cmd,
		published: fs.String("published", "", "publication date `YYYY-MM-DD` (or RFC 3339), overriding the one found in the document; relative dates (\"on Thursday\") and each person's role are resolved at it"),
		timeout:   fs.Duration("timeout", extract.DefaultTimeout, "time limit for fetching a URL"),
		maxBytes:  fs.Int64("max-bytes", extract.DefaultMaxBytes, "largest input accepted, in bytes"),
	}
}

// input checks the positional arguments and the flags and returns the one
// input (FILE, URL or -).
func (f *articleFlags) input(fs *flagSet, pos []string) (string, error) {
	if len(pos) != 1 {
		fs.Usage()
		return "", usagef("%s: want exactly one FILE, URL or - (got %d)", f.cmd, len(pos))
	}
	if *f.timeout <= 0 {
		return "", usagef("%s: --timeout must be positive, not %v", f.cmd, *f.timeout)
	}
	if *f.maxBytes <= 0 {
		return "", usagef("%s: --max-bytes must be positive, not %d", f.cmd, *f.maxBytes)
	}
	if *f.published != "" {
		if _, err := parseDate(*f.published); err != nil {
			return "", usagef("%s: --published: %v", f.cmd, err)
		}
	}
	return pos[0], nil
}

// analyze reads the input, applies --published and runs the pipeline;
// Ctrl-C stops it at once.
func (f *articleFlags) analyze(ctx context.Context, e *env, input string) (*realign.Analysis, error) {
	ex := extract.New(extract.Options{MaxBytes: *f.maxBytes, Timeout: *f.timeout, Stdin: e.stdin})
	doc, err := ex.Read(ctx, input)
	if err != nil {
		var ie *realign.InputError
		if errors.As(err, &ie) && strings.HasPrefix(ie.Reason, "too large") {
			return nil, fmt.Errorf("%w (raise the limit with --max-bytes)", err)
		}
		return nil, err
	}
	if *f.published != "" {
		pub, _ := parseDate(*f.published) // checked by input
		doc.Published = pub
	}
	p, err := pipeline.New(pipeline.Options{})
	if err != nil {
		return nil, err
	}
	a, err := analyzeInterruptible(ctx, p, doc)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", input, err)
	}
	return a, nil
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
