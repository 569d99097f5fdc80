package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/realign/realign/analytics"
	"github.com/realign/realign/store"
)

func init() {
	register(command{"dyad", "time series of one dyad: events by quad class, Goldstein, cooperation balance (table + sparkline, JSON, CSV)", runDyad})
}

// analyticsFlags are the flags shared by dyad, shifts and blocs.
type analyticsFlags struct {
	db, format, source, since, until *string
}

func addAnalyticsFlags(fs *flagSet) *analyticsFlags {
	return &analyticsFlags{
		db:     fs.String("db", defaultDB, dbUsage),
		format: fs.String("format", "table", "output format: table, json or csv"),
		source: fs.String("source", "coded", "events: coded (realign's own), gdelt (imported GDELT rows) or all"),
		since:  fs.String("since", "", "first day `YYYY-MM-DD`, inclusive"),
		until:  fs.String("until", "", "last day `YYYY-MM-DD`, inclusive"),
	}
}

func (af *analyticsFlags) check(cmd string) (store.CellQuery, error) {
	q := store.CellQuery{Source: *af.source}
	if *af.format != "table" && *af.format != "json" && *af.format != "csv" {
		return q, usagef("%s: --format must be table, json or csv, not %q", cmd, *af.format)
	}
	if *af.source != "coded" && *af.source != "gdelt" && *af.source != "all" {
		return q, usagef("%s: --source must be coded, gdelt or all, not %q", cmd, *af.source)
	}
	var err error
	if *af.since != "" {
		if q.Since, err = parseDate(*af.since); err != nil {
			return q, usagef("%s: --since: %v", cmd, err)
		}
	}
	if *af.until != "" {
		if q.Until, err = parseDate(*af.until); err != nil {
			return q, usagef("%s: --until: %v", cmd, err)
		}
	}
	if !q.Since.IsZero() && !q.Until.IsZero() && q.Until.Before(q.Since) {
		return q, usagef("%s: --until %s is before --since %s", cmd, *af.until, *af.since)
	}
	return q, nil
}

// dyadReport is the JSON output of realign dyad.
type dyadReport struct {
	A          string               `json:"a"`
	B          string               `json:"b"`
	Directed   bool                 `json:"directed"`
	Window     string               `json:"window"`
	Source     string               `json:"source"`
	Series     []analytics.Point    `json:"series"`
	Similarity analytics.Similarity `json:"similarity"`
	// Coarse counts the dyad's events left out because their dates are
	// coarser than the window (a year-only date in a month series).
	Coarse int `json:"coarse_dates_left_out"`
}

func runDyad(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("dyad", "dyad A B [--db FILE] [--window day|week|month|quarter] [--directed] [--source coded|gdelt|all] [--since D] [--until D] [--format table|json|csv]", e)
	af := addAnalyticsFlags(fs)
	window := fs.String("window", "month", "window: day, week, month or quarter")
	directed := fs.Bool("directed", false, "only events from A to B (default: both directions)")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("dyad: want two states (e.g. realign dyad PAK RUS), got %d arguments", len(pos))
	}
	q, err := af.check("dyad")
	if err != nil {
		return err
	}
	w, err := analytics.ParseWindow(*window)
	if err != nil {
		return usagef("dyad: --window: %v", err)
	}
	a, b := analytics.StateOf(pos[0]), analytics.StateOf(pos[1])
	if a == "" || b == "" || a == b {
		return usagef("dyad: %q and %q must be two different state or organisation codes (PAK, RUS, IGOSCO)", pos[0], pos[1])
	}
	db, err := openReadDB(ctx, *af.db)
	if err != nil {
		return err
	}
	defer db.Close()
	dq := q
	dq.A, dq.B, dq.Window = a, b, w
	cells, err := db.Cells(ctx, dq)
	if err != nil {
		return err
	}
	from, to := int64(1), int64(0)
	if !q.Since.IsZero() || !q.Until.IsZero() {
		lo, hi, ok, err := db.DayRange(ctx, q.Source)
		if err != nil {
			return err
		}
		if ok {
			from, to = lo, hi
			if !q.Since.IsZero() {
				from = analytics.DayOf(q.Since)
			}
			if !q.Until.IsZero() {
				to = analytics.DayOf(q.Until)
			}
		}
	}
	rep := dyadReport{A: a, B: b, Directed: *directed, Window: w.String(), Source: q.Source}
	if rep.Coarse, err = db.Coarse(ctx, dq, *directed); err != nil {
		return err
	}
	rep.Series = analytics.Series(cells, a, b, *directed, w, from, to, analytics.Bootstrap{})
	if outlets, err := db.DyadOutlets(ctx, dq, w, *directed); err == nil {
		for i := range rep.Series {
			rep.Series[i].Sources = outlets[rep.Series[i].Start]
		}
	} else {
		return err
	}
	// Profile similarity over the same period, against every third party:
	// only the cells of a or b are needed.
	sq := q
	sq.States, sq.Window = []string{a, b}, w
	all, err := db.Cells(ctx, sq)
	if err != nil {
		return err
	}
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if len(rep.Series) > 0 {
		lo, hi = rep.Series[0].Start, w.Next(rep.Series[len(rep.Series)-1].Start)-1
	}
	rep.Similarity = analytics.Similar(all, a, b, lo, hi, analytics.Bootstrap{})
	return writeDyad(e, *af.format, rep)
}

var dyadCSVHeader = []string{"window", "from", "to", "events", "verbal_coop", "material_coop", "verbal_conflict", "material_conflict",
	"weighted", "goldstein_sum", "goldstein_mean", "coop_share", "balance", "balance_lo", "balance_hi", "reports", "sources"}

func ff(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) }

func writeDyad(e *env, format string, rep dyadReport) error {
	switch format {
	case "json":
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	case "csv":
		cw := csv.NewWriter(e.stdout)
		_ = cw.Write(dyadCSVHeader)
		for _, p := range rep.Series {
			// Undefined means and shares (an empty window) are empty fields,
			// not zeros.
			opt := func(ok bool, x float64) string {
				if !ok {
					return ""
				}
				return ff(x)
			}
			hb := p.HasBalance()
			_ = cw.Write([]string{p.Window, p.From, p.To, strconv.Itoa(p.Events), strconv.Itoa(p.Quad[0]), strconv.Itoa(p.Quad[1]),
				strconv.Itoa(p.Quad[2]), strconv.Itoa(p.Quad[3]), ff(p.Weighted), ff(p.GoldsteinSum), opt(p.HasMean(), p.GoldsteinMean),
				opt(hb, p.CoopShare), opt(hb, p.Balance), opt(hb, p.BalanceLo), opt(hb, p.BalanceHi), strconv.Itoa(p.Reports), strconv.Itoa(p.Sources)})
		}
		cw.Flush()
		return cw.Error()
	}
	sep := "–"
	if rep.Directed {
		sep = " → "
	}
	fmt.Fprintf(e.stdout, "%s%s%s by %s (%s events; each reported event once, weighted by its outlets; asserted events and 03x intents only; other intended, hypothetical, negated and historical events are not counted)\n", rep.A, sep, rep.B, rep.Window, rep.Source)
	if rep.Coarse > 0 {
		fmt.Fprintf(e.stdout, "note: %d events left out: their dates (a year, or a month for day and week windows) are coarser than a %s\n",
			rep.Coarse, rep.Window)
	}
	if len(rep.Series) == 0 {
		fmt.Fprintln(e.stdout, "(no events between them)")
		return nil
	}
	var vals []float64
	for _, p := range rep.Series {
		v := math.NaN()
		if p.Events > 0 {
			v = p.GoldsteinMean
		}
		vals = append(vals, v)
	}
	fmt.Fprintf(e.stdout, "mean Goldstein %s  (-10 … +10; blank: no events)\n\n", analytics.Sparkline(vals, -10, 10))
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "WINDOW\tEVENTS\tVCOOP\tMCOOP\tVCONF\tMCONF\tWEIGHTED\tGOLD SUM\tGOLD MEAN\tCOOP%\tBALANCE [95% CI]\tOUTLETS\t")
	unknownOutlets := false
	for _, p := range rep.Series {
		if p.Events == 0 {
			fmt.Fprintf(tw, "%s\t0\t\t\t\t\t\t\t\t\t\t\t\n", p.Window)
			continue
		}
		outlets := strconv.Itoa(p.Sources)
		if p.Sources == 0 {
			outlets, unknownOutlets = "?", true
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%.1f\t%.1f\t%+.2f\t%.0f%%\t%+.2f [%+.2f, %+.2f]\t%s\t\n", p.Window, p.Events,
			p.Quad[0], p.Quad[1], p.Quad[2], p.Quad[3], p.Weighted, p.GoldsteinSum, p.GoldsteinMean, 100*p.CoopShare,
			p.Balance, p.BalanceLo, p.BalanceHi, outlets)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	if unknownOutlets {
		fmt.Fprintln(e.stdout, "OUTLETS: distinct sites or URL hosts reporting; ?: the documents have neither (e.g. local text files)")
	}
	s := rep.Similarity
	if len(s.ThirdParties) == 0 {
		fmt.Fprintf(e.stdout, "\nprofile similarity: no third parties in common data\n")
		return nil
	}
	fmt.Fprintf(e.stdout, "\nprofile similarity towards %d third parties (%s): cosine %+.2f [%+.2f, %+.2f], S-score %+.2f [%+.2f, %+.2f]\n",
		len(s.ThirdParties), strings.Join(clipList(s.ThirdParties, 8), " "), s.Cosine, s.CosineLo, s.CosineHi, s.S, s.SLo, s.SHi)
	return nil
}

func clipList(xs []string, n int) []string {
	if len(xs) <= n {
		return xs
	}
	return append(append([]string(nil), xs[:n]...), fmt.Sprintf("+%d", len(xs)-n))
}
