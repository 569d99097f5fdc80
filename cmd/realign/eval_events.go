package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/realign/realign"
	"github.com/realign/realign/eventcode"
	"github.com/realign/realign/petrarch"
	"github.com/realign/realign/pipeline"
)

func init() {
	registerEval(command{"events", "score event coding against PETRARCH-style validation XML", runEvalEvents})
}

// eventsReport is the outcome of scoring one validation file.
type eventsReport struct {
	Records, Skipped int // records scored; records left out (no text or evaluate="false")
	Levels           map[petrarch.Level]*petrarch.Counts
	// Misses counts the missed gold codings (at Root level) by cause:
	// "actor" (a gold actor matched no resolved mention of the sentence),
	// "dyad" (an event of the gold root was coded with other actors),
	// "pattern" (the actors were found but no event of that root).
	Misses map[string]int
	// IntentAsAct is a second, non-headline tally at Root level with the
	// issue's intention convention reconciled: a system event coded as an
	// intention of the CAMEO 03 family (modality intended or hoped) also
	// matches a gold coding of the root of the act behind it, as the
	// lexicon pattern that coded it gives it (eventcode.Coder.IntendedAct:
	// "will supply arms" 0332 -> 072), since the gold often codes the act
	// itself.
	IntentAsAct *petrarch.Counts
	// Reconciled counts the system events so read.
	Reconciled int
	// Sentences holds the per-sentence outcome, in file order.
	Sentences []sentenceScore
}

type sentenceScore struct {
	rec      petrarch.Record
	sys      []petrarch.Event
	rules    []string // the rule of each system event
	acts     []string // per system event: the act behind a 03x intention, else ""
	actors   []string // "text=CODE (via)" for each resolved mention
	goldTo   []int    // at Root level
	sysTo    []int
	goldFull []int
	causes   []string // per gold coding: "" when found, else the miss cause
}

// scoreEvents runs the pipeline over every record and scores it. The
// intentions are read back with a coder on the embedded lexicon, the one
// pipeline.New uses by default.
func scoreEvents(ctx context.Context, p *pipeline.Pipeline, recs []petrarch.Record) (*eventsReport, error) {
	ec, err := eventcode.New(eventcode.Options{})
	if err != nil {
		return nil, err
	}
	rep := &eventsReport{Levels: map[petrarch.Level]*petrarch.Counts{}, Misses: map[string]int{}, IntentAsAct: &petrarch.Counts{}}
	levels := []petrarch.Level{petrarch.Root, petrarch.Full, petrarch.RootCountry}
	for _, l := range levels {
		rep.Levels[l] = &petrarch.Counts{}
	}
	for _, r := range recs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if r.Text == "" || !r.Evaluate {
			rep.Skipped++
			continue
		}
		rep.Records++
		doc := realign.Document{ID: r.ID, Text: r.Text, Published: r.Published, Source: r.ID, Language: "en", Format: "text"}
		a, err := p.Analyze(doc)
		if err != nil {
			return nil, fmt.Errorf("record %s: %w", r.ID, err)
		}
		sc := sentenceScore{rec: r}
		seen := map[petrarch.Event]bool{}
		for _, e := range a.Events {
			ev := petrarch.Event{Source: code(e.Source), Target: code(e.Target), Code: e.Code}
			if seen[ev] {
				continue
			}
			seen[ev] = true
			sc.sys = append(sc.sys, ev)
			sc.rules = append(sc.rules, e.Rule+" ["+e.Modality+"] \""+e.Trigger.Text(a.Document.Text)+"\"")
			act := ""
			if c, ok := ec.IntendedAct(e); ok && strings.HasPrefix(e.Code, "03") {
				act = c
			}
			sc.acts = append(sc.acts, act)
		}
		for _, act := range sc.acts {
			if act != "" {
				rep.Reconciled++
			}
		}
		rep.IntentAsAct.Add(petrarch.AlignAlt(petrarch.Root, r.Gold, sc.sys, sc.acts))
		for _, m := range a.Mentions {
			if m.Actor != nil {
				sc.actors = append(sc.actors, fmt.Sprintf("%s=%s (%s)", m.Text, m.Actor.Code, m.Via))
			}
		}
		for _, l := range levels {
			g, s := petrarch.Align(l, r.Gold, sc.sys)
			rep.Levels[l].Add(g, s)
			switch l {
			case petrarch.Root:
				sc.goldTo, sc.sysTo = g, s
			case petrarch.Full:
				sc.goldFull = g
			}
		}
		sc.causes = make([]string, len(r.Gold))
		for gi, g := range r.Gold {
			if sc.goldTo[gi] >= 0 {
				continue
			}
			cause := missCause(a, g, sc.sys)
			sc.causes[gi] = cause
			rep.Misses[cause]++
		}
		rep.Sentences = append(rep.Sentences, sc)
	}
	return rep, nil
}

// missCause classifies a missed gold coding (see eventsReport.Misses).
func missCause(a *realign.Analysis, g petrarch.Coding, sys []petrarch.Event) string {
	found := func(want string) bool {
		if want == "" || want == "---" {
			return true
		}
		for _, m := range a.Mentions {
			if m.Actor != nil && petrarch.MatchActor(want, m.Actor.Code) {
				return true
			}
		}
		return false
	}
	if !found(g.Source) || !found(g.Target) {
		return "actor"
	}
	for _, e := range sys {
		if len(e.Code) >= 2 && len(g.Code) >= 2 && e.Code[:2] == g.Code[:2] {
			return "dyad"
		}
	}
	return "pattern"
}

func code(a *realign.Actor) string {
	if a == nil {
		return ""
	}
	return a.Code
}

func runEvalEvents(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("eval events", "eval events --data FILE [--dump FILE]", e)
	data := fs.String("data", "", "PETRARCH-style validation XML `FILE` (e.g. PETR2_GSR_validation.xml)")
	dump := fs.String("dump", "", "write a per-sentence mismatch dump to `FILE` (- for standard output)")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("eval events: unexpected arguments %q (the gold file goes after --data)", pos)
	}
	if *data == "" {
		fs.Usage()
		return usagef("eval events: --data FILE is required")
	}
	raw, err := os.ReadFile(*data)
	if err != nil {
		return fmt.Errorf("eval events: %w", err)
	}
	recs, err := petrarch.ParseValidation(string(raw))
	if err != nil {
		return fmt.Errorf("eval events: %s: %w", *data, err)
	}
	p, err := pipeline.New(pipeline.Options{})
	if err != nil {
		return err
	}
	rep, err := scoreEvents(ctx, p, recs)
	if err != nil {
		return fmt.Errorf("eval events: %w", err)
	}
	w := bufio.NewWriter(e.stdout)
	writeEventsSummary(w, *data, rep)
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	if *dump != "" {
		out := e.stdout
		var f *os.File
		if *dump != "-" {
			if f, err = os.Create(*dump); err != nil {
				return fmt.Errorf("eval events: %w", err)
			}
			out = f
		}
		bw := bufio.NewWriter(out)
		writeEventsDump(bw, rep)
		err = bw.Flush()
		if f != nil {
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			return fmt.Errorf("eval events: write dump: %w", err)
		}
	}
	return nil
}

func writeEventsSummary(w io.Writer, name string, rep *eventsReport) {
	fmt.Fprintf(w, "%s: %d records scored (%d skipped: no text or evaluate=false)\n", name, rep.Records, rep.Skipped)
	fmt.Fprintf(w, "%-26s %6s %6s %7s %9s %6s %6s\n", "level", "gold", "system", "correct", "precision", "recall", "F1")
	for _, l := range []petrarch.Level{petrarch.Root, petrarch.Full, petrarch.RootCountry} {
		c := rep.Levels[l]
		fmt.Fprintf(w, "%-26s %6d %6d %7d %9.3f %6.3f %6.3f\n", l, c.Gold, c.System, c.Correct, c.Precision(), c.Recall(), c.F1())
	}
	c := rep.IntentAsAct
	fmt.Fprintf(w, "%-26s %6d %6d %7d %9.3f %6.3f %6.3f\n", "root, 03x intent as act *", c.Gold, c.System, c.Correct, c.Precision(), c.Recall(), c.F1())
	fmt.Fprintf(w, "* not the headline: %d system events coded as an intention (CAMEO 03x) also matching the root of the act behind it, where the gold codes the act\n", rep.Reconciled)
	var causes []string
	for k := range rep.Misses {
		causes = append(causes, k)
	}
	sort.Strings(causes)
	var parts []string
	for _, k := range causes {
		parts = append(parts, fmt.Sprintf("%s %d", k, rep.Misses[k]))
	}
	if len(parts) > 0 {
		fmt.Fprintf(w, "missed gold codings by cause (root level): %s\n", strings.Join(parts, ", "))
	}
}

// writeEventsDump writes every sentence whose system events differ from
// the gold at Root or Full level.
func writeEventsDump(w io.Writer, rep *eventsReport) {
	for _, sc := range rep.Sentences {
		ok := true
		for gi := range sc.rec.Gold {
			if sc.goldTo[gi] < 0 || sc.goldFull[gi] < 0 {
				ok = false
			}
		}
		for _, g := range sc.sysTo {
			if g < 0 {
				ok = false
			}
		}
		if ok {
			continue
		}
		fmt.Fprintf(w, "== %s (%s, line %d)\n%s\n", sc.rec.ID, sc.rec.Category, sc.rec.Line, sc.rec.Text)
		if len(sc.rec.Gold) == 0 {
			fmt.Fprintln(w, "  gold: no events")
		}
		for gi, g := range sc.rec.Gold {
			mark := "ok  "
			switch {
			case sc.goldTo[gi] < 0:
				mark = "MISS (" + sc.causes[gi] + ")"
			case sc.goldFull[gi] < 0:
				mark = "ROOT-ONLY"
			}
			fmt.Fprintf(w, "  gold %-8s %s -> %s  %s\n", g.Code, dashIfEmpty(g.Source), dashIfEmpty(g.Target), mark)
		}
		for si, e := range sc.sys {
			mark := "ok"
			if sc.sysTo[si] < 0 {
				mark = "EXTRA"
			}
			act := ""
			if sc.acts[si] != "" {
				act = "  (intention of act " + sc.acts[si] + ")"
			}
			fmt.Fprintf(w, "  ours %-8s %s -> %s  %s  %s%s\n", e.Code, dashIfEmpty(e.Source), dashIfEmpty(e.Target), mark, sc.rules[si], act)
		}
		if len(sc.actors) > 0 {
			fmt.Fprintf(w, "  actors: %s\n", strings.Join(sc.actors, "; "))
		} else {
			fmt.Fprintln(w, "  actors: none resolved")
		}
		fmt.Fprintln(w)
	}
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
