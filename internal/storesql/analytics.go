package storesql

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/realign/realign"
	"github.com/realign/realign/analytics"
	"github.com/realign/realign/store"
)

// Origins in the dyad_days and dyad_months summary tables.
const (
	OriginCoded = 0 // realign's event clusters
	OriginGDELT = 1 // imported GDELT rows
)

// precs is the condition keeping summary rows whose date precision
// q.Window admits (admit true) or does not admit (admit false).
func precs(q store.CellQuery, admit bool) string {
	not := ""
	if !admit {
		not = "NOT "
	}
	return " AND prec " + not + "IN (" + admitted(q.Window) + ")"
}

// admitted lists w's admitted precisions for an SQL IN list.
func admitted(w analytics.Window) string {
	var xs []string
	for _, p := range w.Admitted() {
		xs = append(xs, fmt.Sprint(int(p)))
	}
	return strings.Join(xs, ", ")
}

// ClusterPrec is the date precision of the event cluster c as its
// summary rows store it: the finest analytics.PrecisionOf among its
// mentions that count (analytics.Counts), NULL when none counts, 0 (day,
// asserted) for a cluster with no stored mention.
var ClusterPrec = `(CASE WHEN NOT EXISTS (SELECT 1 FROM events e WHERE e.cluster = c.pk) THEN 0
	ELSE (SELECT min(` + analytics.PrecisionSQL("e.date") + `) FROM events e WHERE e.cluster = c.pk AND ` +
	analytics.CountsSQL("e.modality", "e.code") + `) END)`

// bounds adds day bounds of q on col.
func bounds(q store.CellQuery, col string, args *[]any) string {
	var c string
	if !q.Since.IsZero() {
		c += " AND " + col + " >= ?"
		*args = append(*args, store.DayOf(q.Since))
	}
	if !q.Until.IsZero() {
		c += " AND " + col + " <= ?"
		*args = append(*args, store.DayOf(q.Until))
	}
	return c
}

// dyad adds a filter keeping rows whose source and target code columns
// start with A and B (either way round). Exact state keys are checked
// again in Go.
func dyad(q store.CellQuery, src, tgt string, args *[]any) string {
	if q.A == "" || q.B == "" {
		return ""
	}
	a1 := PrefixRange(src, q.A, args)
	b1 := PrefixRange(tgt, q.B, args)
	b2 := PrefixRange(src, q.B, args)
	a2 := PrefixRange(tgt, q.A, args)
	return " AND ((" + a1 + " AND " + b1 + ") OR (" + b2 + " AND " + a2 + "))"
}

// GDELTCode is the GDELT actor's code for state keys (alias g): its
// CAMEO country code when GDELT gives one, else its actor code.
func GDELTCode(n int) string {
	return fmt.Sprintf("(CASE WHEN g.actor%[1]d_country <> '' THEN g.actor%[1]d_country ELSE g.actor%[1]d_code END)", n)
}

// summaryCols are the summed columns of dyad_days and dyad_months, in
// the order scanCells reads them.
const summaryCols = `n, q0, q1, q2, q3, q4, sum_g, sum_g2, w, wg, wq0, wq1, wq2, wq3, wq4, reports`

const summarySums = `sum(n), sum(q0), sum(q1), sum(q2), sum(q3), sum(q4), sum(sum_g), sum(sum_g2), sum(w), sum(wg),
	sum(wq0), sum(wq1), sum(wq2), sum(wq3), sum(wq4), sum(reports)`

// filter returns the conditions (after the origin and time conditions)
// selecting state keys: non-empty, different, and the dyad or states of q.
func filter(q store.CellQuery, args *[]any) string {
	c := ` AND source <> '' AND target <> '' AND source <> target`
	if q.A != "" && q.B != "" {
		a, b := strings.ToUpper(q.A), strings.ToUpper(q.B)
		c += ` AND ((source = ? AND target = ?) OR (source = ? AND target = ?))`
		*args = append(*args, a, b, b, a)
	}
	if len(q.States) > 0 {
		ph := strings.TrimSuffix(strings.Repeat("?,", len(q.States)), ",")
		c += ` AND (source IN (` + ph + `) OR target IN (` + ph + `))`
		for range 2 {
			for _, s := range q.States {
				*args = append(*args, strings.ToUpper(s))
			}
		}
	}
	return c
}

func origins(q store.CellQuery) (string, error) {
	coded, gdelt, err := q.Sources()
	switch {
	case err != nil:
		return "", err
	case coded && gdelt:
		return `origin IN (0, 1)`, nil
	case gdelt:
		return `origin = 1`, nil
	}
	return `origin = 0`, nil
}

// scanCells appends the cells of query, whose columns are day (or any
// day standing for the row; see CellQuery.Window), source, target and
// the summed columns, to out.
func (r *Reader) scanCells(ctx context.Context, out []analytics.Cell, query string, args []any) ([]analytics.Cell, error) {
	err := r.each(ctx, query, args, func(rows Rows) error {
		var c analytics.Cell
		if err := rows.Scan(&c.Day, &c.Source, &c.Target, &c.N, &c.Quad[0], &c.Quad[1], &c.Quad[2], &c.Quad[3], &c.Quad[4],
			&c.SumG, &c.SumG2, &c.W, &c.WG, &c.WQuad[0], &c.WQuad[1], &c.WQuad[2], &c.WQuad[3], &c.WQuad[4], &c.Reports); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

// summarySelect is the SELECT list of one source row's contribution to
// the summary tables, as columns day, source, target and summaryCols.
func (d *Dialect) summarySelect(day, src, tgt, q, g, ns string) string {
	w := d.Weight(ns)
	quads := []string{q + " NOT BETWEEN 1 AND 4", q + " = 1", q + " = 2", q + " = 3", q + " = 4"}
	cols := []string{day + " AS day", d.State("upper(trim("+src+"))") + " AS source",
		d.State("upper(trim("+tgt+"))") + " AS target", "1 AS n"}
	for i, x := range quads {
		cols = append(cols, fmt.Sprintf("%s AS q%d", d.Int(x), i))
	}
	cols = append(cols, g+" AS sum_g", g+"*"+g+" AS sum_g2", w+" AS w", w+"*"+g+" AS wg")
	for i, x := range quads {
		cols = append(cols, fmt.Sprintf("%s*%s AS wq%d", w, d.Int(x), i))
	}
	cols = append(cols, d.Greatest(ns, "1")+" AS reports")
	return strings.Join(cols, ", ")
}

// SummaryDirty is a query answering whether the summary tables need a
// refresh.
const SummaryDirty = `SELECT EXISTS (SELECT 1 FROM summary_dirty)`

// RefreshStatements are the statements that bring the summary tables
// dyad_days and dyad_months up to date, to run in one transaction that no
// other writer interleaves with: they recompute, from event_clusters and
// gdelt_events, every (origin, day) marked in summary_dirty and the
// months holding them, then clear summary_dirty.
func (d *Dialect) RefreshStatements() []string {
	sums := strings.ReplaceAll(summarySums, "\n\t", " ")
	st := append([]string(nil), d.TempMonths...)
	return append(st,
		`INSERT INTO summary_months(origin, month) SELECT DISTINCT origin, `+d.MonthStart("day")+` FROM summary_dirty`,
		`DELETE FROM dyad_days WHERE (origin, day) IN (SELECT origin, day FROM summary_dirty)`,
		`INSERT INTO dyad_days(origin, day, source, target, prec, `+summaryCols+`)
			SELECT 0, day, source, target, prec, `+sums+` FROM (
				SELECT `+d.summarySelect("c.first_day", "c.source_code", "c.target_code", "c.quad_class", "c.goldstein", "c.num_sources")+`,
					`+ClusterPrec+` AS prec
				FROM summary_dirty d JOIN event_clusters c ON c.first_day = d.day WHERE d.origin = 0) AS x
			WHERE prec IS NOT NULL
			GROUP BY day, source, target, prec`,
		`INSERT INTO dyad_days(origin, day, source, target, prec, `+summaryCols+`)
			SELECT 1, day, source, target, 0, `+sums+` FROM (
				SELECT `+d.summarySelect("g.day", GDELTCode(1), GDELTCode(2), "g.quad_class", "g.goldstein", "g.num_sources")+`
				FROM summary_dirty d JOIN gdelt_events g ON g.day = d.day WHERE d.origin = 1) AS x
			GROUP BY day, source, target`,
		`DELETE FROM dyad_months WHERE (origin, month) IN (SELECT origin, month FROM summary_months)`,
		`INSERT INTO dyad_months(origin, month, source, target, prec, `+summaryCols+`)
			SELECT m.origin, m.month, x.source, x.target, x.prec, `+strings.ReplaceAll(sums, "sum(", "sum(x.")+`
			FROM summary_months m JOIN dyad_days x ON x.origin = m.origin AND x.day BETWEEN m.month AND m.month + 30
			WHERE `+d.MonthStart("x.day")+` = m.month
			GROUP BY m.origin, m.month, x.source, x.target, x.prec`,
		`DELETE FROM summary_dirty`,
	)
}

// Cells returns the aggregates of the selected events per directed state
// dyad (analytics.Cell): for coded events one count per event cluster (so
// a story reported by many documents counts once, weighted by its
// distinct outlets), for GDELT one per imported event (weighted by its
// NumSources). Clusters with no known day, actors with no state, and
// events within one state are left out.
//
// By default there is one cell per dyad and day. With q.Window Month or
// Quarter there is one per dyad and calendar month instead, dated on the
// first day of the month that lies in [q.Since, q.Until]: exactly what any
// computation that groups by month or quarter needs (blocs, the shifts
// test), in about 30 times fewer rows.
//
// The cells are read from the summary tables dyad_days and dyad_months,
// refreshed first (Reader.Refresh), so the work and memory grow with the
// number of dyad-days (or dyad-months) selected, not with the number of
// events. Cells come sorted by day, source, target.
func (r *Reader) Cells(ctx context.Context, q store.CellQuery) ([]analytics.Cell, error) {
	org, err := origins(q)
	if err != nil {
		return nil, fmt.Errorf("cells: %w", err)
	}
	if err := r.Refresh(ctx); err != nil {
		return nil, fmt.Errorf("cells: %w", err)
	}
	var out []analytics.Cell
	if q.Window != analytics.Month && q.Window != analytics.Quarter {
		var args []any
		where := bounds(q, "day", &args) + filter(q, &args) + precs(q, true)
		out, err = r.scanCells(ctx, out, `SELECT day, source, target, `+summaryCols+` FROM dyad_days WHERE `+org+where, args)
		if err != nil {
			return nil, fmt.Errorf("cells: %w", err)
		}
		return analytics.MergeCells(out), nil
	}
	// Whole months from dyad_months; the partial months at either end of
	// [Since, Until] summed from dyad_days.
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if !q.Since.IsZero() {
		lo = store.DayOf(q.Since)
	}
	if !q.Until.IsZero() {
		hi = store.DayOf(q.Until)
	}
	partial := func(from, to int64) error {
		args := []any{from, from, to}
		where := filter(q, &args) + precs(q, true)
		out, err = r.scanCells(ctx, out, `SELECT CAST(? AS BIGINT), source, target, `+summarySums+` FROM dyad_days WHERE `+org+
			` AND day BETWEEN ? AND ?`+where+` GROUP BY source, target`, args)
		return err
	}
	if lo != math.MinInt64 && analytics.Month.Start(lo) != lo {
		end := min(analytics.Month.Next(analytics.Month.Start(lo))-1, hi)
		if err := partial(lo, end); err != nil {
			return nil, fmt.Errorf("cells: %w", err)
		}
		lo = end + 1
	}
	if hi != math.MaxInt64 && hi >= lo && analytics.Month.Next(analytics.Month.Start(hi))-1 != hi {
		start := max(analytics.Month.Start(hi), lo)
		if err := partial(start, hi); err != nil {
			return nil, fmt.Errorf("cells: %w", err)
		}
		hi = start - 1
	}
	if hi >= lo {
		args := []any{lo, hi}
		where := filter(q, &args) + precs(q, true)
		out, err = r.scanCells(ctx, out, `SELECT month, source, target, `+summaryCols+` FROM dyad_months WHERE `+org+
			` AND month BETWEEN ? AND ?`+where, args)
		if err != nil {
			return nil, fmt.Errorf("cells: %w", err)
		}
	}
	return analytics.MergeCells(out), nil
}

// Coarse returns the number of events (clusters, or GDELT rows) that
// Cells(q) leaves out because their dates are coarser than q.Window
// admits (analytics.Window.Admits): a "2016" event in a month series, a
// "2019-04" one in a weekly series. Events that do not count for other
// reasons (modality, no state) are not included. With directed, only
// events from q.A to q.B are counted.
func (r *Reader) Coarse(ctx context.Context, q store.CellQuery, directed bool) (int, error) {
	org, err := origins(q)
	if err != nil {
		return 0, fmt.Errorf("coarse: %w", err)
	}
	if err := r.Refresh(ctx); err != nil {
		return 0, fmt.Errorf("coarse: %w", err)
	}
	var args []any
	where := bounds(q, "day", &args) + filter(q, &args) + precs(q, false)
	if directed && q.A != "" {
		where += " AND source = ?"
		args = append(args, strings.ToUpper(q.A))
	}
	var n int
	if err := r.queryRow(ctx, `SELECT coalesce(sum(n), 0) FROM dyad_days WHERE `+org+where, args, &n); err != nil {
		return 0, fmt.Errorf("coarse: %w", err)
	}
	return n, nil
}

// ShiftCells returns the cells analytics.Shifts needs for opt (whose
// BaselineFrom < Since <= Until must be set; an error otherwise): monthly
// cells of the baseline [opt.BaselineFrom, opt.Since) and of the recent
// period [opt.Since, opt.Until] read separately, so that every cell lies
// wholly in one period. Shifts gives the same report on them as on daily
// cells (its test uses per-period and per-month sums only) when
// opt.Window is Month, Quarter or unset; for Day or Week windows the
// cells are daily. q's Since, Until and Window are ignored.
func (r *Reader) ShiftCells(ctx context.Context, q store.CellQuery, opt analytics.ShiftOptions) ([]analytics.Cell, error) {
	if opt.BaselineFrom >= opt.Since || opt.Since > opt.Until {
		return nil, fmt.Errorf("shift cells: want baseline from < since <= until, got %d, %d, %d", opt.BaselineFrom, opt.Since, opt.Until)
	}
	q.Window = opt.Window
	if q.Window == 0 {
		q.Window = analytics.Month
	}
	q.Since, q.Until = analytics.DayTime(opt.BaselineFrom), analytics.DayTime(opt.Since-1)
	base, err := r.Cells(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("shift cells: %w", err)
	}
	q.Since, q.Until = analytics.DayTime(opt.Since), analytics.DayTime(opt.Until)
	rec, err := r.Cells(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("shift cells: %w", err)
	}
	return analytics.MergeCells(append(base, rec...)), nil
}

// DayRange returns the first and last day (days since 1970-01-01) of the
// selected events; ok is false when there are none.
func (r *Reader) DayRange(ctx context.Context, source string) (first, last int64, ok bool, err error) {
	coded, gdelt, err := store.CellQuery{Source: source}.Sources()
	if err != nil {
		return 0, 0, false, fmt.Errorf("day range: %w", err)
	}
	var qs []string
	if coded {
		qs = append(qs, `SELECT min(first_day), max(first_day) FROM event_clusters`)
	}
	if gdelt {
		qs = append(qs, `SELECT min(day), max(day) FROM gdelt_events`)
	}
	for _, qq := range qs {
		var lo, hi *int64
		if err := r.queryRow(ctx, qq, nil, &lo, &hi); err != nil {
			return 0, 0, false, fmt.Errorf("day range: %w", err)
		}
		if lo == nil {
			continue
		}
		if !ok {
			first, last, ok = *lo, *hi, true
			continue
		}
		first, last = min(first, *lo), max(last, *hi)
	}
	return first, last, ok, nil
}

// DyadOutlets returns, for the dyad q.A–q.B (a→b only when directed),
// the number of distinct outlets reporting its events in each window,
// keyed by the window's first day. Coded events count the outlets of
// every document in each cluster (near-duplicates included); GDELT rows
// count the host names of their source URLs.
func (r *Reader) DyadOutlets(ctx context.Context, q store.CellQuery, w analytics.Window, directed bool) (map[int64]int, error) {
	coded, gdelt, err := q.Sources()
	if err != nil {
		return nil, fmt.Errorf("dyad outlets: %w", err)
	}
	if q.A == "" || q.B == "" {
		return nil, fmt.Errorf("dyad outlets: both states are needed")
	}
	sets := map[int64]map[string]bool{}
	scan := func(query string, args []any, host bool) error {
		return r.each(ctx, query, args, func(rows Rows) error {
			var day int64
			var src, tgt, outlet string
			if err := rows.Scan(&day, &src, &tgt, &outlet); err != nil {
				return err
			}
			a, b := analytics.StateOf(src), analytics.StateOf(tgt)
			if !q.Keep(a, b) || (directed && a != strings.ToUpper(q.A)) {
				return nil
			}
			if host {
				if o := Outlet(realign.Document{URL: outlet}); o != "" {
					outlet = o
				}
			}
			if outlet == "" {
				return nil
			}
			ws := w.Start(day)
			if sets[ws] == nil {
				sets[ws] = map[string]bool{}
			}
			sets[ws][outlet] = true
			return nil
		})
	}
	if coded {
		var args []any
		where := bounds(q, "c.first_day", &args) + dyad(q, "c.source_code", "c.target_code", &args)
		if err := scan(`SELECT DISTINCT c.first_day, c.source_code, c.target_code, d.outlet
			FROM event_clusters c JOIN cluster_documents cd ON cd.cluster = c.pk JOIN documents d ON d.pk = cd.document
			WHERE c.first_day IS NOT NULL AND `+ClusterPrec+` IN (`+admitted(w)+`)`+where, args, false); err != nil {
			return nil, fmt.Errorf("dyad outlets: %w", err)
		}
	}
	if gdelt {
		var args []any
		where := bounds(q, "g.day", &args) + dyad(q, GDELTCode(1), GDELTCode(2), &args)
		if err := scan(`SELECT DISTINCT g.day, `+GDELTCode(1)+`, `+GDELTCode(2)+`, g.source_url
			FROM gdelt_events g WHERE g.day IS NOT NULL`+where, args, true); err != nil {
			return nil, fmt.Errorf("dyad outlets: %w", err)
		}
	}
	out := map[int64]int{}
	for k, v := range sets {
		out[k] = len(v)
	}
	return out, nil
}

// EvidenceRows returns candidate evidence for a shift of the dyad
// q.A–q.B: event mentions (coded: with sentence, span, document and
// quotation; GDELT: with the source URL) whose Goldstein value has the
// sign of sign (negative: below 0; positive: above 0; 0: any), strongest
// first by analytics.Weight(outlets)·|Goldstein|, at most limit (default
// 200). The caller filters direction and picks with analytics.AddEvidence.
func (r *Reader) EvidenceRows(ctx context.Context, q store.CellQuery, sign, limit int) ([]analytics.Event, error) {
	coded, gdelt, err := q.Sources()
	if err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	if limit <= 0 {
		limit = 200
	}
	signCond := func(col string) string {
		switch {
		case sign < 0:
			return " AND " + col + " < 0"
		case sign > 0:
			return " AND " + col + " > 0"
		}
		return ""
	}
	var out []analytics.Event
	scan := func(query string, args []any) error {
		return r.each(ctx, query, args, func(rows Rows) error {
			var e analytics.Event
			if err := rows.Scan(&e.ID, &e.Cluster, &e.Source, &e.Target, &e.Day, &e.Code, &e.QuadClass, &e.Goldstein, &e.Sources,
				&e.Sentence, &e.Span.Start, &e.Span.End, &e.DocID, &e.URL, &e.Title, &e.Quote, &e.Speaker); err != nil {
				return err
			}
			if q.Keep(analytics.StateOf(e.Source), analytics.StateOf(e.Target)) {
				out = append(out, e)
			}
			return nil
		})
	}
	if coded {
		var args []any
		where := bounds(q, "e.day", &args) + dyad(q, "e.source_code", "e.target_code", &args) + signCond("e.goldstein") +
			" AND " + analytics.CountsSQL("e.modality", "e.code") + " AND " + analytics.PrecisionSQL("e.date") + " < 3"
		args = append(args, limit)
		if err := scan(`SELECT e.pk, e.cluster, e.source_code, e.target_code, e.day, e.code, e.quad_class, e.goldstein, c.num_sources,
			e.sentence, e.sentence_start, e.sentence_end, d.id, d.url, d.title, coalesce(qt.text, ''), coalesce(sp.code, '')
			FROM events e JOIN event_clusters c ON c.pk = e.cluster JOIN documents d ON d.pk = e.document
			LEFT JOIN quotations qt ON qt.pk = e.quotation LEFT JOIN actors sp ON sp.pk = qt.speaker_actor
			WHERE e.day IS NOT NULL`+where+`
			ORDER BY `+r.D.Weight("c.num_sources")+` * abs(e.goldstein) DESC, e.day, e.pk LIMIT ?`, args); err != nil {
			return nil, fmt.Errorf("evidence: %w", err)
		}
	}
	if gdelt {
		var args []any
		where := bounds(q, "g.day", &args) + dyad(q, GDELTCode(1), GDELTCode(2), &args) + signCond("g.goldstein")
		args = append(args, limit)
		if err := scan(`SELECT g.global_event_id, g.global_event_id, `+GDELTCode(1)+`, `+GDELTCode(2)+`, g.day, g.event_code,
			g.quad_class, g.goldstein, g.num_sources, '', 0, 0, '', g.source_url, '', '', ''
			FROM gdelt_events g WHERE g.day IS NOT NULL`+where+`
			ORDER BY `+r.D.Weight("g.num_sources")+` * abs(g.goldstein) DESC, g.day, g.global_event_id LIMIT ?`, args); err != nil {
			return nil, fmt.Errorf("evidence: %w", err)
		}
	}
	return out, nil
}
