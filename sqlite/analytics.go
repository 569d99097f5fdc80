package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/realign/realign/analytics"
)

// Event sources for the analytics queries.
const (
	SourceCoded = "coded" // realign's own event clusters
	SourceGDELT = "gdelt" // rows imported with ImportGDELT
	SourceAll   = "all"   // both
)

// CellQuery selects the events the analytics read.
type CellQuery struct {
	// Source is SourceCoded (default), SourceGDELT or SourceAll.
	Source string
	// Since and Until bound the day, inclusive; zero for no bound.
	Since, Until time.Time
	// A and B, when set, keep only events between state keys A and B (see
	// analytics.StateOf), in either direction (the caller filters
	// direction).
	A, B string
}

func (q CellQuery) sources() (coded, gdelt bool, err error) {
	switch q.Source {
	case "", SourceCoded:
		return true, false, nil
	case SourceGDELT:
		return false, true, nil
	case SourceAll:
		return true, true, nil
	}
	return false, false, fmt.Errorf("event source must be coded, gdelt or all, not %q", q.Source)
}

// bounds adds day bounds on col.
func (q CellQuery) bounds(col string, args *[]any) string {
	var c string
	if !q.Since.IsZero() {
		c += " AND " + col + " >= ?"
		*args = append(*args, DayOf(q.Since))
	}
	if !q.Until.IsZero() {
		c += " AND " + col + " <= ?"
		*args = append(*args, DayOf(q.Until))
	}
	return c
}

// dyad adds a filter keeping rows whose source and target code columns
// start with A and B (either way round). Exact state keys are checked
// again in Go.
func (q CellQuery) dyad(src, tgt string, args *[]any) string {
	if q.A == "" || q.B == "" {
		return ""
	}
	a1 := prefixRange(src, q.A, args)
	b1 := prefixRange(tgt, q.B, args)
	b2 := prefixRange(src, q.B, args)
	a2 := prefixRange(tgt, q.A, args)
	return " AND ((" + a1 + " AND " + b1 + ") OR (" + b2 + " AND " + a2 + "))"
}

func (q CellQuery) keep(s, t string) bool {
	if s == "" || t == "" || s == t {
		return false
	}
	if q.A == "" || q.B == "" {
		return true
	}
	a, b := strings.ToUpper(q.A), strings.ToUpper(q.B)
	return (s == a && t == b) || (s == b && t == a)
}

// gdeltCode is the GDELT actor's code for state keys: its CAMEO country
// code when GDELT gives one, else its actor code.
func gdeltCode(n int) string {
	return fmt.Sprintf("(CASE WHEN g.actor%[1]d_country <> '' THEN g.actor%[1]d_country ELSE g.actor%[1]d_code END)", n)
}

const cellAggregates = `count(*), sum(g), sum(g*g), sum(w), sum(w*g),
	sum(q NOT BETWEEN 1 AND 4), sum(q = 1), sum(q = 2), sum(q = 3), sum(q = 4),
	sum(w*(q NOT BETWEEN 1 AND 4)), sum(w*(q = 1)), sum(w*(q = 2)), sum(w*(q = 3)), sum(w*(q = 4)), sum(max(ns, 1))`

// Cells returns the per-day, per-directed-dyad aggregates of the selected
// events (analytics.Cell, merged by state key), computed in the database:
// for coded events one row per event cluster (so a story reported by
// many documents counts once, weighted by its distinct outlets), for
// GDELT one row per imported event (weighted by its NumSources). Clusters
// with no known day, actors with no state, and events within one state are
// left out. Memory grows with the number of dyad-days, not events.
func (s *DB) Cells(ctx context.Context, q CellQuery) ([]analytics.Cell, error) {
	coded, gdelt, err := q.sources()
	if err != nil {
		return nil, fmt.Errorf("cells: %w", err)
	}
	var out []analytics.Cell
	scan := func(query string, args []any) error {
		rows, err := s.db.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c analytics.Cell
			var src, tgt string
			if err := rows.Scan(&c.Day, &src, &tgt, &c.N, &c.SumG, &c.SumG2, &c.W, &c.WG,
				&c.Quad[0], &c.Quad[1], &c.Quad[2], &c.Quad[3], &c.Quad[4],
				&c.WQuad[0], &c.WQuad[1], &c.WQuad[2], &c.WQuad[3], &c.WQuad[4], &c.Reports); err != nil {
				return err
			}
			c.Source, c.Target = analytics.StateOf(src), analytics.StateOf(tgt)
			if q.keep(c.Source, c.Target) {
				out = append(out, c)
			}
		}
		return rows.Err()
	}
	if coded {
		var args []any
		where := q.bounds("c.first_day", &args) + q.dyad("c.source_code", "c.target_code", &args)
		// Grouping by the raw columns of the covering index
		// event_clusters_day streams without a sort.
		query := `SELECT day, sc, tc, ` + cellAggregates + ` FROM (
			SELECT c.first_day AS day, c.source_code AS sc, c.target_code AS tc, c.goldstein AS g, c.quad_class AS q,
				c.num_sources AS ns, ` + analytics.WeightSQL("c.num_sources") + ` AS w
			FROM event_clusters c WHERE c.first_day IS NOT NULL` + where + `)
			GROUP BY day, sc, tc`
		if err := scan(query, args); err != nil {
			return nil, fmt.Errorf("cells: %w", err)
		}
	}
	if gdelt {
		var args []any
		where := q.bounds("g.day", &args) + q.dyad(gdeltCode(1), gdeltCode(2), &args)
		query := `SELECT day, sc, tc, ` + cellAggregates + ` FROM (
			SELECT g.day AS day, ` + gdeltCode(1) + ` AS sc, ` + gdeltCode(2) + ` AS tc, g.goldstein AS g,
				g.quad_class AS q, g.num_sources AS ns, ` + analytics.WeightSQL("g.num_sources") + ` AS w
			FROM gdelt_events g WHERE g.day IS NOT NULL` + where + `)
			GROUP BY day, sc, tc`
		if err := scan(query, args); err != nil {
			return nil, fmt.Errorf("cells: %w", err)
		}
	}
	return analytics.MergeCells(out), nil
}

// DayRange returns the first and last day (days since 1970-01-01) of the
// selected events; ok is false when there are none.
func (s *DB) DayRange(ctx context.Context, source string) (first, last int64, ok bool, err error) {
	coded, gdelt, err := CellQuery{Source: source}.sources()
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
		var lo, hi sql.NullInt64
		if err := s.db.QueryRowContext(ctx, qq).Scan(&lo, &hi); err != nil {
			return 0, 0, false, fmt.Errorf("day range: %w", err)
		}
		if !lo.Valid {
			continue
		}
		if !ok {
			first, last, ok = lo.Int64, hi.Int64, true
			continue
		}
		first, last = min(first, lo.Int64), max(last, hi.Int64)
	}
	return first, last, ok, nil
}

// DyadOutlets returns, for the dyad q.A–q.B (a→b only when directed),
// the number of distinct outlets reporting its events in each window,
// keyed by the window's first day. Coded events count the outlets of
// every document in each cluster (near-duplicates included); GDELT rows
// count the host names of their source URLs.
func (s *DB) DyadOutlets(ctx context.Context, q CellQuery, w analytics.Window, directed bool) (map[int64]int, error) {
	coded, gdelt, err := q.sources()
	if err != nil {
		return nil, fmt.Errorf("dyad outlets: %w", err)
	}
	if q.A == "" || q.B == "" {
		return nil, fmt.Errorf("dyad outlets: both states are needed")
	}
	sets := map[int64]map[string]bool{}
	scan := func(query string, args []any, host bool) error {
		rows, err := s.db.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var day int64
			var src, tgt, outlet string
			if err := rows.Scan(&day, &src, &tgt, &outlet); err != nil {
				return err
			}
			a, b := analytics.StateOf(src), analytics.StateOf(tgt)
			if !q.keep(a, b) || (directed && a != strings.ToUpper(q.A)) {
				continue
			}
			if host {
				if u, err := url.Parse(outlet); err == nil && u.Host != "" {
					outlet = strings.TrimPrefix(strings.ToLower(u.Host), "www.")
				}
			}
			if outlet == "" {
				continue
			}
			ws := w.Start(day)
			if sets[ws] == nil {
				sets[ws] = map[string]bool{}
			}
			sets[ws][outlet] = true
		}
		return rows.Err()
	}
	if coded {
		var args []any
		where := q.bounds("c.first_day", &args) + q.dyad("c.source_code", "c.target_code", &args)
		if err := scan(`SELECT DISTINCT c.first_day, c.source_code, c.target_code, d.outlet
			FROM event_clusters c JOIN cluster_documents cd ON cd.cluster = c.pk JOIN documents d ON d.pk = cd.document
			WHERE c.first_day IS NOT NULL`+where, args, false); err != nil {
			return nil, fmt.Errorf("dyad outlets: %w", err)
		}
	}
	if gdelt {
		var args []any
		where := q.bounds("g.day", &args) + q.dyad(gdeltCode(1), gdeltCode(2), &args)
		if err := scan(`SELECT DISTINCT g.day, `+gdeltCode(1)+`, `+gdeltCode(2)+`, g.source_url
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
func (s *DB) EvidenceRows(ctx context.Context, q CellQuery, sign, limit int) ([]analytics.Event, error) {
	coded, gdelt, err := q.sources()
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
		rows, err := s.db.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e analytics.Event
			if err := rows.Scan(&e.ID, &e.Cluster, &e.Source, &e.Target, &e.Day, &e.Code, &e.QuadClass, &e.Goldstein, &e.Sources,
				&e.Sentence, &e.Span.Start, &e.Span.End, &e.DocID, &e.URL, &e.Title, &e.Quote, &e.Speaker); err != nil {
				return err
			}
			if q.keep(analytics.StateOf(e.Source), analytics.StateOf(e.Target)) {
				out = append(out, e)
			}
		}
		return rows.Err()
	}
	if coded {
		var args []any
		where := q.bounds("e.day", &args) + q.dyad("e.source_code", "e.target_code", &args) + signCond("e.goldstein")
		args = append(args, limit)
		if err := scan(`SELECT e.pk, e.cluster, e.source_code, e.target_code, e.day, e.code, e.quad_class, e.goldstein, c.num_sources,
			e.sentence, e.sentence_start, e.sentence_end, d.id, d.url, d.title, coalesce(qt.text, ''), coalesce(sp.code, '')
			FROM events e JOIN event_clusters c ON c.pk = e.cluster JOIN documents d ON d.pk = e.document
			LEFT JOIN quotations qt ON qt.pk = e.quotation LEFT JOIN actors sp ON sp.pk = qt.speaker_actor
			WHERE e.day IS NOT NULL`+where+`
			ORDER BY `+analytics.WeightSQL("c.num_sources")+` * abs(e.goldstein) DESC, e.day, e.pk LIMIT ?`, args); err != nil {
			return nil, fmt.Errorf("evidence: %w", err)
		}
	}
	if gdelt {
		var args []any
		where := q.bounds("g.day", &args) + q.dyad(gdeltCode(1), gdeltCode(2), &args) + signCond("g.goldstein")
		args = append(args, limit)
		if err := scan(`SELECT g.global_event_id, g.global_event_id, `+gdeltCode(1)+`, `+gdeltCode(2)+`, g.day, g.event_code,
			g.quad_class, g.goldstein, g.num_sources, '', 0, 0, '', g.source_url, '', '', ''
			FROM gdelt_events g WHERE g.day IS NOT NULL`+where+`
			ORDER BY `+analytics.WeightSQL("g.num_sources")+` * abs(g.goldstein) DESC, g.day, g.global_event_id LIMIT ?`, args); err != nil {
			return nil, fmt.Errorf("evidence: %w", err)
		}
	}
	return out, nil
}
