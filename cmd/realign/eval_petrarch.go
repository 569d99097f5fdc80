package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/realign/realign/petrarch"
)

func init() {
	registerEval(command{"petrarch", "run PETRARCH2's unit-test records with its own dictionaries; pass rate per category", runEvalPetrarch})
}

// petrarchPaths finds the records file and the dictionary directory from
// --data: a PETRARCH2 directory (holding text/PETR.UnitTest.records.xml
// and dictionaries/) or a records file (its dictionaries are looked for
// in ../dictionaries, then beside it).
func petrarchPaths(data, dictDir string) (records, dicts string, err error) {
	st, err := os.Stat(data)
	if err != nil {
		return "", "", err
	}
	records = data
	base := filepath.Dir(data)
	if st.IsDir() {
		records = filepath.Join(data, "text", "PETR.UnitTest.records.xml")
		base = filepath.Join(data, "text")
	}
	if dictDir != "" {
		return records, dictDir, nil
	}
	for _, d := range []string{filepath.Join(base, "..", "dictionaries"), base} {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return records, d, nil
		}
	}
	return "", "", fmt.Errorf("no dictionaries directory next to %s (use --dict DIR)", records)
}

func runEvalPetrarch(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("eval petrarch", "eval petrarch --data DIR-or-records.xml [--dict DIR] [--dump FILE]", e)
	data := fs.String("data", "", "PETRARCH2 `DIR` (with text/ and dictionaries/) or a unit-test records XML file")
	dict := fs.String("dict", "", "dictionary `DIR` (default: ../dictionaries next to the records file)")
	dump := fs.String("dump", "", "write every failed record (expected, coded, missing, extra) to `FILE` (- for standard output)")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("eval petrarch: unexpected arguments %q (the data goes after --data)", pos)
	}
	if *data == "" {
		fs.Usage()
		return usagef("eval petrarch: --data DIR-or-FILE is required")
	}
	recPath, dictDir, err := petrarchPaths(*data, *dict)
	if err != nil {
		return fmt.Errorf("eval petrarch: %w", err)
	}
	raw, err := os.ReadFile(recPath)
	if err != nil {
		return fmt.Errorf("eval petrarch: %w", err)
	}
	recs, err := petrarch.ParseValidation(string(raw))
	if err != nil {
		return fmt.Errorf("eval petrarch: %s: %w", recPath, err)
	}
	prefix := petrarch.DictionaryPrefix(string(raw))
	if prefix == "" {
		prefix = "PETR.Validate."
	}
	d, err := petrarch.LoadDictionaries(dictDir, prefix)
	if err != nil {
		return fmt.Errorf("eval petrarch: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	res, cats := petrarch.RunUnitTests(d, recs)
	w := bufio.NewWriter(e.stdout)
	writePetrarchSummary(w, recPath, dictDir+string(filepath.Separator)+prefix+"*", cats)
	empty, emptyPass := 0, 0
	for _, r := range res {
		if len(r.Record.Gold) == 0 {
			empty++
			if r.Pass {
				emptyPass++
			}
		}
	}
	fmt.Fprintf(w, "records expecting no event (noevents or a rejection): %d, passed %d; with events: %d, passed %d\n",
		empty, emptyPass, len(res)-empty, petrPassed(res)-emptyPass)
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	if *dump == "" {
		return nil
	}
	out := e.stdout
	var f *os.File
	if *dump != "-" {
		if f, err = os.Create(*dump); err != nil {
			return fmt.Errorf("eval petrarch: %w", err)
		}
		out = f
	}
	bw := bufio.NewWriter(out)
	writePetrarchDump(bw, res)
	err = bw.Flush()
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Errorf("eval petrarch: write dump: %w", err)
	}
	return nil
}

func writePetrarchSummary(w io.Writer, records, dicts string, cats []petrarch.CategoryScore) {
	fmt.Fprintf(w, "records:      %s\ndictionaries: %s\n\n", records, dicts)
	fmt.Fprintf(w, "%-10s %7s %6s %7s\n", "category", "records", "passed", "rate")
	tot, pass := 0, 0
	for _, c := range cats {
		fmt.Fprintf(w, "%-10s %7d %6d %6.1f%%\n", c.Category, c.Records, c.Passed, petrPct(c.Passed, c.Records))
		tot += c.Records
		pass += c.Passed
	}
	fmt.Fprintf(w, "%-10s %7d %6d %6.1f%%\n", "all", tot, pass, petrPct(pass, tot))
}

func petrPassed(res []petrarch.UnitResult) int {
	n := 0
	for _, r := range res {
		if r.Pass {
			n++
		}
	}
	return n
}

func petrPct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

func writePetrarchDump(w io.Writer, res []petrarch.UnitResult) {
	for _, r := range res {
		if r.Pass {
			continue
		}
		fmt.Fprintf(w, "== %s [%s] line %d\n%s\n", r.Record.ID, petrarch.UnitCategory(r.Record.Category), r.Record.Line, r.Record.Text)
		if r.Err != nil {
			fmt.Fprintf(w, "  parse error: %v\n", r.Err)
		}
		if r.Record.Error != "" {
			fmt.Fprintf(w, "  expected: rejected (%s)\n", r.Record.Error)
		}
		fmt.Fprintf(w, "  expected: %s\n", petrJoinCodings(r.Record.Gold))
		for _, g := range r.Got {
			pat := g.Pattern
			if pat == "" {
				pat = "(verb default)"
			}
			fmt.Fprintf(w, "  coded:    %s %s %s  verb %s, pattern %s\n", petrOrNone(g.Source), petrOrNone(g.Target), g.Code, g.Verb, pat)
		}
		if len(r.Got) == 0 {
			fmt.Fprintf(w, "  coded:    nothing\n")
		}
		if len(r.Missing) > 0 {
			fmt.Fprintf(w, "  missing:  %s\n", petrJoinCodings(r.Missing))
		}
		fmt.Fprintln(w)
	}
}

func petrJoinCodings(cs []petrarch.Coding) string {
	if len(cs) == 0 {
		return "no event"
	}
	var parts []string
	for _, c := range cs {
		parts = append(parts, petrOrNone(c.Source)+" "+petrOrNone(c.Target)+" "+c.Code)
	}
	return strings.Join(parts, "; ")
}

func petrOrNone(s string) string {
	if s == "" {
		return `""`
	}
	return s
}
