// Package storesql is the read side that realign's SQL store backends
// (package sqlite, an embedded file; package postgres, a shared server)
// have in common: the queries behind store.Reader (events, clusters,
// GDELT rows, documents, actors, quotations, roles, counts and the
// analytics cells), written once in the SQL both engines accept with ?
// placeholders, the code that scans their rows into the records of
// package store, and the statements that rebuild the dyad summary
// tables. A backend supplies a Querier (its connection; postgres
// rewrites ? as $1, $2, ...) and a Dialect (the few expressions that
// differ), and embeds a Reader.
//
// The schemas of the two backends keep the same tables and columns
// (documents, actors, mentions, quotations, events, event_clusters,
// cluster_documents, gdelt_events, ingest_log, dyad_days, dyad_months,
// summary_dirty, schema_migrations); see each backend's migrations.
package storesql

import (
	"context"
	"errors"
	"math"
	"strings"

	"github.com/realign/realign/store"
)

// Rows is a result set: *sql.Rows (behind a Close without result) and
// pgx.Rows both fit.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// Querier runs a read query whose placeholders are ?.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (Rows, error)
}

// Dialect holds the SQL that differs between the backends.
type Dialect struct {
	// TextMatch is the condition that the document key column col (a
	// documents.pk) is a document matching a full-text query given as
	// one ? parameter.
	TextMatch func(col string) string
	// PlainText, when set, rewrites a full-text query that failed with
	// err into one that cannot fail; ok is false when err is not a query
	// syntax error (SQLite's FTS5 syntax). Nil: no retry.
	PlainText func(query string, err error) (plain string, ok bool)
	// State and Weight are analytics.StateOf and analytics.Weight as SQL
	// over a column expression.
	State, Weight func(col string) string
	// Int turns a condition into 1 (true) or 0 (false).
	Int func(cond string) string
	// Greatest is the larger of two expressions.
	Greatest func(a, b string) string
	// MonthStart is the first day of the month of day, both in days since
	// 1970-01-01.
	MonthStart func(day string) string
	// TempMonths are the statements that leave an empty temporary table
	// summary_months(origin, month) for the current transaction.
	TempMonths []string
	// Timestamp formats a stored time column as RFC 3339 text in UTC,
	// to the second.
	Timestamp func(col string) string
}

// Reader implements the methods of store.Reader but Search and Close
// over a Querier.
type Reader struct {
	Q Querier
	D *Dialect
	// Refresh brings the summary tables up to date; the analytics reads
	// call it first.
	Refresh func(ctx context.Context) error
}

// errNoRows is queryRow's answer when the query returns no row.
var errNoRows = errors.New("no rows")

// queryRow scans the first row of query into dest; errNoRows when there
// is none.
func (r *Reader) queryRow(ctx context.Context, query string, args []any, dest ...any) error {
	rows, err := r.Q.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return errNoRows
	}
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	return rows.Err()
}

// each runs query and calls scan for every row; an error from scan stops
// and is returned.
func (r *Reader) each(ctx context.Context, query string, args []any, scan func(Rows) error) error {
	rows, err := r.Q.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// WithText runs f; when it fails because *q is not a valid full-text
// query (Dialect.PlainText), it retries once with *q rewritten. An error
// of the caller's callback (a stop) is never retried.
func (r *Reader) WithText(q *string, f func() error) error {
	err := f()
	var s stop
	if err == nil || errors.As(err, &s) || *q == "" || r.D.PlainText == nil {
		return err
	}
	plain, ok := r.D.PlainText(*q, err)
	if !ok || plain == "" || plain == *q {
		return err
	}
	*q = plain
	return f()
}

// PrefixRange returns "col >= p AND col < p'" for an actor or CAMEO code
// prefix p (upper-cased; index friendly, as codes are ASCII) and appends
// its arguments.
func PrefixRange(col, p string, args *[]any) string {
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

// Limit returns " LIMIT ? OFFSET ?" for limit (0: none) and offset, and
// appends its arguments; "" when neither is set.
func Limit(limit, offset int, args *[]any) string {
	if limit <= 0 && offset <= 0 {
		return ""
	}
	n := int64(limit)
	if limit <= 0 {
		n = math.MaxInt64
	}
	*args = append(*args, n, max(offset, 0))
	return " LIMIT ? OFFSET ?"
}

func cut(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// GDELTColumns are the columns of gdelt_events that GDELTValues fills,
// in order.
var GDELTColumns = []string{"global_event_id", "gdelt_version", "day", "sqldate",
	"actor1_code", "actor1_name", "actor1_country", "actor2_code", "actor2_name", "actor2_country", "is_root_event",
	"event_code", "quad_class", "goldstein", "num_mentions", "num_sources", "num_articles", "avg_tone",
	"action_geo_type", "action_geo_name", "action_geo_country", "action_geo_lat", "action_geo_lon",
	"date_added", "source_url", "row"}

// GDELTValues are the values of a GDELT row for GDELTColumns.
func GDELTValues(g store.GDELTRecord) []any {
	return []any{g.GlobalEventID, g.Version, g.Day, g.SQLDate,
		g.Actor1Code, g.Actor1Name, g.Actor1Country, g.Actor2Code, g.Actor2Name, g.Actor2Country, g.IsRootEvent,
		g.EventCode, g.QuadClass, g.Goldstein, g.NumMentions, g.NumSources, g.NumArticles, g.AvgTone,
		g.ActionGeoType, g.ActionGeoName, g.ActionGeoCountry, nullable(g.ActionGeoLat), nullable(g.ActionGeoLon),
		g.DateAdded, g.SourceURL, g.Row}
}

// nullable is *p, or nil (SQL NULL) for a nil p.
func nullable[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}
