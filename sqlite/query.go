package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/realign/realign/analytics"
	"github.com/realign/realign/internal/storesql"
)

// querier runs the shared read queries (package storesql) on the
// database.
type querier struct{ db *sql.DB }

func (q querier) Query(ctx context.Context, query string, args ...any) (storesql.Rows, error) {
	rows, err := q.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

// sqlRows is *sql.Rows with the Close of storesql.Rows.
type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { _ = r.Rows.Close() }

// dialect is SQLite's SQL for the shared queries.
var dialect = &storesql.Dialect{
	TextMatch: func(col string) string {
		return col + " IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)"
	},
	PlainText: func(q string, err error) (string, bool) {
		if !isFTSSyntaxError(err) {
			return "", false
		}
		return plainFTS(q), true
	},
	State:    analytics.StateSQL,
	Weight:   analytics.WeightSQL,
	Int:      func(cond string) string { return "(" + cond + ")" },
	Greatest: func(a, b string) string { return "max(" + a + ", " + b + ")" },
	MonthStart: func(day string) string {
		return "(" + day + " - CAST(strftime('%d', " + day + " * 86400, 'unixepoch') AS INTEGER) + 1)"
	},
	TempMonths: []string{
		`CREATE TEMP TABLE IF NOT EXISTS summary_months (origin INTEGER NOT NULL, month INTEGER NOT NULL, PRIMARY KEY (origin, month)) WITHOUT ROWID`,
		`DELETE FROM temp.summary_months`,
	},
	Timestamp: func(col string) string { return col },
}

// reader is the embedded shared read side (promoted methods: Events,
// EachEvent, EachCluster, EachGDELTEvent, Stats, SchemaVersion,
// Documents, Document, ActorsByCode, QuotesBy, Roles, Cells, Coarse,
// ShiftCells, DayRange, DyadOutlets, EvidenceRows).
type reader = storesql.Reader

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
// as plain words) and returns up to limit hits (default 20), best first;
// SearchHit.Rank is FTS5's BM25 rank, lower is better.
func (s *DB) Search(ctx context.Context, query string, limit int) ([]SearchHit, error) {
	if strings.TrimSpace(query) == "" {
		return nil, fmt.Errorf("search: empty query")
	}
	if limit <= 0 {
		limit = 20
	}
	var out []SearchHit
	err := s.reader.WithText(&query, func() error {
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
