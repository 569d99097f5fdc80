package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/realign/realign"
)

// prefixRange adds "col >= p AND col < p'" for a code prefix (index
// friendly; codes are ASCII).
func prefixRange(col, p string, args *[]any) string {
	p = strings.ToUpper(strings.TrimSpace(p))
	hi := []byte(p)
	for i := len(hi) - 1; i >= 0; i-- {
		if hi[i] < 0x7f {
			hi[i]++
			hi = hi[:i+1]
			*args = append(*args, p, string(hi))
			return "(" + col + " >= ? AND " + col + " < ?)"
		}
	}
	*args = append(*args, p)
	return col + " >= ?"
}

func efWhere(f EventFilter, args *[]any) (string, error) {
	var conds []string
	if f.Actor != "" {
		conds = append(conds, "("+prefixRange("e.source_code", f.Actor, args)+" OR "+prefixRange("e.target_code", f.Actor, args)+")")
	}
	if d := dyadCond(f.Dyad[0], f.Dyad[1], args); d != "" {
		if f.Undirected {
			d = "(" + d + " OR " + dyadCond(f.Dyad[1], f.Dyad[0], args) + ")"
		}
		conds = append(conds, d)
	}
	if f.Code != "" {
		conds = append(conds, prefixRange("e.code", f.Code, args))
	}
	if f.QuadClass != 0 {
		if f.QuadClass < 1 || f.QuadClass > 4 {
			return "", fmt.Errorf("quad class must be 1..4, not %d", f.QuadClass)
		}
		conds = append(conds, "e.quad_class = ?")
		*args = append(*args, f.QuadClass)
	}
	if !f.Since.IsZero() {
		conds = append(conds, "e.day >= ?")
		*args = append(*args, DayOf(f.Since))
	}
	if !f.Until.IsZero() {
		conds = append(conds, "e.day <= ?")
		*args = append(*args, DayOf(f.Until))
	}
	if f.Text != "" {
		conds = append(conds, "e.document IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)")
		*args = append(*args, f.Text)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), nil
}

// dyadCond matches source prefix a and target prefix b ("" any); "" when
// both are empty.
func dyadCond(a, b string, args *[]any) string {
	var c []string
	if a != "" {
		c = append(c, prefixRange("e.source_code", a, args))
	}
	if b != "" {
		c = append(c, prefixRange("e.target_code", b, args))
	}
	switch len(c) {
	case 0:
		return ""
	case 1:
		return c[0]
	}
	return "(" + c[0] + " AND " + c[1] + ")"
}

func limitClause(limit, offset int, args *[]any) string {
	if limit <= 0 && offset <= 0 {
		return ""
	}
	if limit <= 0 {
		limit = -1
	}
	*args = append(*args, limit, max(offset, 0))
	return " LIMIT ? OFFSET ?"
}

const eventSelect = `SELECT e.pk, e.cluster, e.code, e.label, e.plover, e.goldstein, e.quad_class, e.modality, e.date, e.day,
	e.location_name, e.location_country, e.location_lat, e.location_lon, e.location_precision, e.location_geo_id,
	e.sentence, e.sentence_start, e.sentence_end, e.trigger_start, e.trigger_end, coalesce(q.text, ''), e.rule,
	d.id, d.url, d.title, d.published, d.source, c.num_documents, c.num_sources,
	e.source_code, sa.kb_id, sa.name, sa.country, sa.sector, sa.kind,
	e.target_code, ta.kb_id, ta.name, ta.country, ta.sector, ta.kind,
	aa.code, aa.kb_id, aa.name, aa.country, aa.sector, aa.kind
FROM events e
JOIN documents d ON d.pk = e.document
JOIN event_clusters c ON c.pk = e.cluster
LEFT JOIN actors sa ON sa.pk = e.source_actor
LEFT JOIN actors ta ON ta.pk = e.target_actor
LEFT JOIN actors aa ON aa.pk = e.attributed_to
LEFT JOIN quotations q ON q.pk = e.quotation`

// eventOrder is the ORDER BY of EachEvent: by effective day, then storage
// order, unknown days last; reversed (unknown days still last, as NULL
// sorts lowest) when newest.
func eventOrder(newest bool) string {
	if newest {
		return " ORDER BY e.day DESC, e.pk DESC"
	}
	return " ORDER BY e.day IS NULL, e.day, e.pk"
}

// Events returns the event mentions that match f.
func (s *DB) Events(ctx context.Context, f EventFilter) ([]Event, error) {
	var out []Event
	err := s.EachEvent(ctx, f, func(e Event) error {
		out = append(out, e)
		return nil
	})
	return out, err
}

// EachEvent calls fn for each event mention that matches f, in order
// (see EventFilter.Limit and Newest),
// streaming from the database; an error from fn stops and is returned.
func (s *DB) EachEvent(ctx context.Context, f EventFilter, fn func(Event) error) error {
	return withFTSFallback(&f.Text, func() error {
		var args []any
		where, err := efWhere(f, &args)
		if err != nil {
			return fmt.Errorf("events: %w", err)
		}
		q := eventSelect + where + eventOrder(f.Newest) + limitClause(f.Limit, f.Offset, &args)
		rows, err := s.db.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("events: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanEvent(rows)
			if err != nil {
				return fmt.Errorf("events: %w", err)
			}
			if err := fn(e); err != nil {
				return err
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("events: %w", err)
		}
		return nil
	})
}

type actorCols struct {
	code                            sql.NullString
	id, name, country, sector, kind sql.NullString
}

func (a *actorCols) dest() []any {
	return []any{&a.code, &a.id, &a.name, &a.country, &a.sector, &a.kind}
}

func (a *actorCols) actor() *realign.Actor {
	if !a.name.Valid && !a.id.Valid && (!a.code.Valid || a.code.String == "") {
		return nil
	}
	return &realign.Actor{ID: a.id.String, Code: a.code.String, Name: a.name.String, Country: a.country.String,
		Sector: a.sector.String, Kind: a.kind.String}
}

func scanEvent(rows *sql.Rows) (Event, error) {
	var e Event
	var day sql.NullInt64
	var lname, lcountry, lprec, lgeo string
	var lat, lon sql.NullFloat64
	var src, tgt, att actorCols
	dest := []any{&e.ID, &e.Cluster, &e.Code, &e.Label, &e.PLOVER, &e.Goldstein, &e.QuadClass, &e.Modality, &e.Date, &day,
		&lname, &lcountry, &lat, &lon, &lprec, &lgeo,
		&e.Sentence, &e.SentenceSpan.Start, &e.SentenceSpan.End, &e.Trigger.Start, &e.Trigger.End, &e.Quote, &e.Rule,
		&e.Document.ID, &e.Document.URL, &e.Document.Title, &e.Document.Published, &e.Document.Source,
		&e.ClusterDocuments, &e.ClusterSources}
	dest = append(dest, src.dest()...)
	dest = append(dest, tgt.dest()...)
	dest = append(dest, att.dest()...)
	if err := rows.Scan(dest...); err != nil {
		return e, err
	}
	e.BaseCode, e.RootCode = cut(e.Code, 3), cut(e.Code, 2)
	if day.Valid {
		e.Day = DayTime(day.Int64).Format(time.DateOnly)
	}
	if lname != "" || lcountry != "" {
		e.Location = &Location{Name: lname, Country: lcountry, Precision: lprec, GeoID: lgeo}
		if lat.Valid {
			e.Location.Lat = &lat.Float64
		}
		if lon.Valid {
			e.Location.Lon = &lon.Float64
		}
	}
	e.Source, e.Target, e.AttributedTo = src.actor(), tgt.actor(), att.actor()
	return e, nil
}

func cut(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// withFTSFallback runs f; when it fails because *q is not valid FTS5
// syntax, it retries once with *q rewritten as plain quoted words.
func withFTSFallback(q *string, f func() error) error {
	err := f()
	if err == nil || *q == "" || !isFTSSyntaxError(err) {
		return err
	}
	plain := plainFTS(*q)
	if plain == "" || plain == *q {
		return err
	}
	*q = plain
	return f()
}

func isFTSSyntaxError(err error) bool {
	m := err.Error()
	return strings.Contains(m, "fts5: syntax error") || strings.Contains(m, "no such column") ||
		strings.Contains(m, "unterminated string") || strings.Contains(m, "fts5:")
}

// plainFTS turns free text into an FTS5 query of quoted words, all of
// which must occur.
func plainFTS(q string) string {
	var parts []string
	for _, w := range strings.Fields(q) {
		w = strings.Trim(w, `"`)
		if w == "" {
			continue
		}
		parts = append(parts, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
	}
	return strings.Join(parts, " ")
}

// Search runs an FTS5 full-text query over the documents' title and text
// (porter-stemmed: "arms deal" also finds "arm deals"; FTS5 syntax such
// as AND, OR, NOT, "phrases" and prefix* works; other text is searched
// as plain words) and returns up to limit hits (default 20), best first.
func (s *DB) Search(ctx context.Context, query string, limit int) ([]SearchHit, error) {
	if strings.TrimSpace(query) == "" {
		return nil, fmt.Errorf("search: empty query")
	}
	if limit <= 0 {
		limit = 20
	}
	var out []SearchHit
	err := withFTSFallback(&query, func() error {
		out = out[:0]
		rows, err := s.db.QueryContext(ctx, `SELECT d.id, d.url, d.title, d.published, d.source, d.status,
			snippet(documents_fts, -1, '[', ']', '…', 16), f.rank,
			(SELECT count(*) FROM events e WHERE e.document = d.pk)
			FROM documents_fts f JOIN documents d ON d.pk = f.rowid
			WHERE documents_fts MATCH ? ORDER BY f.rank LIMIT ?`, query, limit)
		if err != nil {
			return fmt.Errorf("search: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var h SearchHit
			if err := rows.Scan(&h.ID, &h.URL, &h.Title, &h.Published, &h.Source, &h.Status, &h.Snippet, &h.Rank, &h.Events); err != nil {
				return fmt.Errorf("search: %w", err)
			}
			out = append(out, h)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("search: %w", err)
		}
		return nil
	})
	return out, err
}

// Stats returns the counts.
func (s *DB) Stats(ctx context.Context) (Stats, error) {
	st := Stats{Ingest: map[string]int64{}}
	var err error
	if st.SchemaVersion, err = s.SchemaVersion(ctx); err != nil {
		return st, err
	}
	counts := []struct {
		dst *int64
		sql string
	}{
		{&st.Documents, `SELECT count(*) FROM documents`},
		{&st.Coded, `SELECT count(*) FROM documents WHERE status = 'coded'`},
		{&st.NotCoded, `SELECT count(*) FROM documents WHERE status = 'not-coded'`},
		{&st.NearDuplicates, `SELECT count(*) FROM documents WHERE status = 'near-duplicate'`},
		{&st.Actors, `SELECT count(*) FROM actors`},
		{&st.Mentions, `SELECT count(*) FROM mentions`},
		{&st.Quotations, `SELECT count(*) FROM quotations`},
		{&st.Events, `SELECT count(*) FROM events`},
		{&st.Clusters, `SELECT count(*) FROM event_clusters`},
		{&st.GDELTEvents, `SELECT count(*) FROM gdelt_events`},
	}
	for _, c := range counts {
		if err := s.db.QueryRowContext(ctx, c.sql).Scan(c.dst); err != nil {
			return st, fmt.Errorf("stats: %w", err)
		}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT status, count(*) FROM ingest_log GROUP BY status`)
	if err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int64
		if err := rows.Scan(&k, &n); err != nil {
			return st, fmt.Errorf("stats: %w", err)
		}
		st.Ingest[k] = n
	}
	return st, rows.Err()
}
