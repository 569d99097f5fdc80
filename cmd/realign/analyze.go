package main

import (
	"bufio"
	"context"
	"fmt"

	"github.com/realign/realign/report"
)

func init() {
	register(command{"analyze", "analyze one article (file, URL or - for stdin) and print actors, quotes and events", runAnalyze})
}

func runAnalyze(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("analyze", "analyze [--format text|json] [--published YYYY-MM-DD] [--timeout D] [--max-bytes N] FILE|URL|-", e)
	format := fs.String("format", "text", "output format: text (a report for people) or json (the analysis.schema.json contract)")
	af := addArticleFlags(fs, "analyze")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	input, err := af.input(fs, pos)
	if err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return usagef("analyze: --format must be text or json, not %q", *format)
	}
	a, err := af.analyze(ctx, e, input)
	if err != nil {
		return err
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
