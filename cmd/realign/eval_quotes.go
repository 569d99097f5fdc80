package main

import (
	"bufio"
	"context"
	"fmt"
	"os"

	quoteeval "github.com/realign/realign/eval/quotes"
	"github.com/realign/realign/pipeline"
)

func init() {
	registerEval(command{"quotes", "quotation content, speaker and cue against PolNeAR (brat standoff)", runEvalQuotes})
}

// runEvalQuotes scores the quotation stage against a PolNeAR compartment
// directory (text/*.txt and attributions/*.ann).
func runEvalQuotes(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("eval quotes", "eval quotes --data DIR [--limit N] [--unattributed] [--dump FILE]", e)
	data := fs.String("data", "", "PolNeAR compartment `DIR` holding text/ and attributions/ (e.g. ../shared/eval/quotes/polnear/dev)")
	limit := fs.Int("limit", 0, "score only the first `N` documents in name order (0: all)")
	unattributed := fs.Bool("unattributed", false, "also score quotations with neither speaker nor cue (scare quotes, titles); for comparison with quote finders that attribute nothing")
	dump := fs.String("dump", "", "write every mismatch (missed, spurious, boundary, speaker, cue) to `FILE` for reading")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("eval quotes: unexpected argument %q (the data directory goes in --data)", pos[0])
	}
	if *data == "" {
		fs.Usage()
		return usagef("eval quotes: --data DIR is required")
	}
	if *limit < 0 {
		return usagef("eval quotes: --limit must not be negative")
	}
	docs, err := quoteeval.LoadDir(*data)
	if err != nil {
		return err
	}
	if *limit > 0 && *limit < len(docs) {
		docs = docs[:*limit]
	}
	p, err := pipeline.New(pipeline.Options{})
	if err != nil {
		return err
	}
	scores, mis, err := quoteeval.EvaluateInto(ctx, &quoteeval.Scores{Unattributed: *unattributed}, docs, p.AnalyzeContext)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(e.stdout)
	fmt.Fprintf(w, "PolNeAR %s\n", *data)
	if *unattributed {
		fmt.Fprintf(w, "(quotations without speaker or cue are scored too)\n")
	}
	if err := scores.Write(w); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	if *dump != "" {
		texts := map[string]string{}
		for _, d := range docs {
			texts[d.Name] = d.Text
		}
		f, err := os.Create(*dump)
		if err != nil {
			return fmt.Errorf("dump: %w", err)
		}
		bw := bufio.NewWriter(f)
		err = quoteeval.WriteMismatches(bw, func(n string) string { return texts[n] }, mis)
		if err == nil {
			err = bw.Flush()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("dump %s: %w", *dump, err)
		}
		fmt.Fprintf(w, "\n%d mismatches written to %s\n", len(mis), *dump)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}
