package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/realign/realign/analytics"
)

func init() {
	register(command{"shifts", "realignment alerts: dyads whose relations changed beyond noise, with evidence (table, JSON, CSV)", runShifts})
}

func runShifts(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("shifts", "shifts [--db FILE] [--since D] [--until D] [--baseline-days N] [--top 20] [--directed] [--fdr 0.05] [--min-events 5] [--test mann-whitney|welch] [--source coded|gdelt|all] [--format table|json|csv]", e)
	af := addAnalyticsFlags(fs)
	top := fs.Int("top", 20, "at most this many alerts")
	baseline := fs.Int("baseline-days", 365, "length of the baseline period before --since, in days")
	directed := fs.Bool("directed", false, "test A→B and B→A separately")
	fdr := fs.Float64("fdr", 0.05, "Benjamini–Hochberg false-discovery rate")
	minEvents := fs.Int("min-events", 5, "fewest events (clusters) each period needs for a dyad to be tested")
	test := fs.String("test", "mann-whitney", "test: mann-whitney (quad-class scale) or welch (Goldstein)")
	evidence := fs.Int("evidence", 3, "evidence events and quotations listed per alert")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("shifts: unexpected arguments %q", pos)
	}
	q, err := af.check("shifts")
	if err != nil {
		return err
	}
	if *top <= 0 || *baseline <= 0 || *minEvents <= 0 || *evidence < 0 || *fdr <= 0 || *fdr >= 1 {
		return usagef("shifts: --top, --baseline-days and --min-events must be positive, --evidence not negative, --fdr in (0, 1)")
	}
	if *test != "mann-whitney" && *test != "welch" {
		return usagef("shifts: --test must be mann-whitney or welch, not %q", *test)
	}
	db, err := openReadDB(ctx, *af.db)
	if err != nil {
		return err
	}
	defer db.Close()
	opt := analytics.ShiftOptions{Directed: *directed, FDR: *fdr, MinEvents: *minEvents, Test: *test}
	if !q.Until.IsZero() {
		opt.Until = analytics.DayOf(q.Until)
	} else if _, hi, ok, err := db.DayRange(ctx, q.Source); err != nil {
		return err
	} else if ok {
		opt.Until = hi
	}
	if !q.Since.IsZero() {
		opt.Since = analytics.DayOf(q.Since)
	} else {
		opt.Since = opt.Until - 89
	}
	opt.BaselineFrom = opt.Since - int64(*baseline)
	// Monthly cells of each period: the test and the change point use
	// per-period and per-month sums only (see store.Reader.ShiftCells).
	cells, err := db.ShiftCells(ctx, q, opt)
	if err != nil {
		return err
	}
	rep := analytics.Shifts(cells, opt)
	if len(rep.Alerts) > *top {
		rep.Alerts = rep.Alerts[:*top]
	}
	for i := range rep.Alerts {
		s := &rep.Alerts[i]
		eq := q
		eq.A, eq.B = s.A, s.B
		eq.Since, eq.Until = analytics.DayTime(s.ChangeStart()), analytics.DayTime(opt.Until)
		sign := 1
		if s.Delta < 0 {
			sign = -1
		}
		rows, err := db.EvidenceRows(ctx, eq, sign, 200)
		if err != nil {
			return err
		}
		if s.Directed {
			kept := rows[:0]
			for _, r := range rows {
				if analytics.StateOf(r.Source) == s.A {
					kept = append(kept, r)
				}
			}
			rows = kept
		}
		analytics.AddEvidence(s, rows, *evidence)
		if s.Evidence == nil {
			s.Evidence = []analytics.Event{}
		}
		if s.Quotes == nil {
			s.Quotes = []analytics.Event{}
		}
	}
	if rep.Alerts == nil {
		rep.Alerts = []analytics.Shift{}
	}
	return writeShifts(e, *af.format, q.Source, rep)
}

// shiftsOutput is the JSON of realign shifts --format json (documented in
// docs/ANALYTICS.md; a stable interface).
type shiftsOutput struct {
	Source string `json:"source"`
	analytics.ShiftReport
}

var shiftsCSVHeader = []string{"rank", "dyad", "a", "b", "directed", "direction", "delta", "baseline_mean", "recent_mean",
	"baseline_balance", "recent_balance", "baseline_events", "recent_events", "statistic", "p", "q", "change_window",
	"evidence_url", "evidence_sentence"}

func writeShifts(e *env, format, source string, rep analytics.ShiftReport) error {
	switch format {
	case "json":
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(shiftsOutput{Source: source, ShiftReport: rep})
	case "csv":
		cw := csv.NewWriter(e.stdout)
		_ = cw.Write(shiftsCSVHeader)
		for _, s := range rep.Alerts {
			var u, sent string
			if len(s.Evidence) > 0 {
				u, sent = s.Evidence[0].URL, storeSquash(s.Evidence[0].Sentence)
			}
			_ = cw.Write([]string{strconv.Itoa(s.Rank), s.Dyad, s.A, s.B, strconv.FormatBool(s.Directed), s.Direction, ff(s.Delta),
				ff(s.BaselineMean), ff(s.RecentMean), ff(s.BaselineBalance), ff(s.RecentBalance), strconv.Itoa(s.BaselineEvents),
				strconv.Itoa(s.RecentEvents), ff(s.T), strconv.FormatFloat(s.P, 'g', 4, 64), strconv.FormatFloat(s.Q, 'g', 4, 64),
				s.ChangeWindow, u, sent})
		}
		cw.Flush()
		return cw.Error()
	}
	w := e.stdout
	fmt.Fprintf(w, "baseline %s … %s, recent %s … %s (%s events); %d dyads tested, %d alerts at FDR %.2g\n",
		rep.BaselineFrom, rep.BaselineTo, rep.Since, rep.Until, source, rep.Tested, len(rep.Alerts), rep.FDR)
	fmt.Fprintf(w, "test: %s\n", rep.Method)
	if len(rep.Alerts) == 0 {
		fmt.Fprintln(w, "(no dyad changed beyond noise)")
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\nRANK\tDYAD\tDIRECTION\tGOLDSTEIN\tBALANCE\tEVENTS\tQ\tCHANGE")
	for _, s := range rep.Alerts {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%+.1f → %+.1f (%+.1f)\t%+.2f → %+.2f\t%d / %d\t%.2g\t%s\n", s.Rank, s.Dyad, s.Direction,
			s.BaselineMean, s.RecentMean, s.Delta, s.BaselineBalance, s.RecentBalance, s.BaselineEvents, s.RecentEvents, s.Q, s.ChangeWindow)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	for _, s := range rep.Alerts {
		if len(s.Evidence) == 0 && len(s.Quotes) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%d. %s %s — evidence:\n", s.Rank, s.Dyad, s.Direction)
		for _, ev := range s.Evidence {
			fmt.Fprintf(w, "   %s %s>%s %s (%+.1f, %d outlets) %s\n", ev.Date, ev.Source, ev.Target, ev.Code, ev.Goldstein, ev.Sources, evidenceText(ev))
		}
		for _, ev := range s.Quotes {
			fmt.Fprintf(w, "   quote%s: “%s” %s\n", speakerSuffix(ev.Speaker), storeClip(storeSquash(ev.Quote), 120), ev.URL)
		}
	}
	return nil
}

func evidenceText(ev analytics.Event) string {
	var parts []string
	if ev.Sentence != "" {
		parts = append(parts, "“"+storeClip(storeSquash(ev.Sentence), 110)+"”")
	}
	if ev.URL != "" {
		parts = append(parts, ev.URL)
	}
	if ev.DocID != "" {
		parts = append(parts, fmt.Sprintf("[doc %s bytes %d-%d]", storeClip(ev.DocID, 12), ev.Span.Start, ev.Span.End))
	}
	return strings.Join(parts, " ")
}

func speakerSuffix(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}
