// Package postgres is realign's shared store: the same documents,
// analyses, event clusters, imported GDELT events and ingest log as the
// embedded SQLite store (package sqlite), in a PostgreSQL server (15 or
// later), so that many ingest workers and readers on many machines can
// use one store. *DB implements store.Backend with the same results as
// package sqlite for the same inputs; the shared suite in
// store/storetest checks that.
//
// The schema is a set of ordered SQL migrations embedded from
// migrations/, applied at Open in one transaction each under a
// PostgreSQL advisory lock, so that several processes may Open the same
// database at once. Everything lives in one PostgreSQL schema
// (Options.Schema), so that one database can hold several stores.
//
// Writes (SaveBatch, ImportGDELT, RefreshSummaries) take a
// transaction-level advisory lock of the schema: writers are serialised,
// as in SQLite, which keeps event clustering and near-duplicate
// detection exactly those of a single writer whatever the number of
// worker processes. SaveBatch inserts its documents (and computes their
// full-text vectors, most of its cost) before taking the lock, then
// settles their statuses, clusters their events and writes their layers
// with COPY holding it, in a few round trips; analysis, the expensive
// part of ingest, runs in parallel in the workers. Reads do not wait for writers (MVCC), except that an
// analytics read first brings stale dyad summaries up to date under the
// write lock (RefreshSummaries).
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/realign/realign/analytics"
	"github.com/realign/realign/internal/storesql"
	"github.com/realign/realign/store"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Options configure Open. The zero value gives sensible defaults.
type Options struct {
	// MaxConns bounds the connection pool; default 8. A pool_max_conns
	// parameter in the URL wins over it.
	MaxConns int32
	// Schema is the PostgreSQL schema that holds realign's tables,
	// created when missing; default "public". Names are lower-case
	// letters, digits and underscores, starting with a letter or
	// underscore, at most 63 bytes.
	Schema string
	// NearDupDistance is the largest Hamming distance between two
	// documents' 64-bit SimHashes for them to be near-duplicates;
	// default 3, at most 3 (the banded index finds no more), -1 turns
	// near-duplicate detection off.
	NearDupDistance int
	// NearDupMinWords is the fewest words a document needs to take part
	// in near-duplicate detection (short texts collide); default 40.
	NearDupMinWords int
	// MustExist makes Open fail with ErrNotExist when the schema holds
	// no realign store, instead of creating one (for readers).
	MustExist bool
}

// ErrNotExist is returned (wrapped) by Open with MustExist when the
// schema holds no realign store.
var ErrNotExist = errors.New("no realign store")

// DB is an open realign store in PostgreSQL. It is safe for concurrent
// use, by several goroutines and several processes.
type DB struct {
	reader // the shared read side, over pool
	pool   *pgxpool.Pool
	opts   Options
	hashes store.HashCache // SimHashes computed by NearDuplicate, reused by SaveBatch
	// writeLock is the advisory lock key of the schema's writers.
	writeLock int64

	amu    sync.Mutex
	actors map[string]int64 // committed actor key -> pk
}

// reader is the embedded shared read side (promoted methods: Events,
// EachEvent, EachCluster, EachGDELTEvent, Stats, SchemaVersion,
// Documents, Document, ActorsByCode, QuotesBy, Roles, Cells, Coarse,
// ShiftCells, DayRange, DyadOutlets, EvidenceRows).
type reader = storesql.Reader

var _ store.Backend = (*DB)(nil)

var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// Open connects to the PostgreSQL server at url (postgres://user@host:port/db,
// any libpq URL or key=value string that pgx accepts), creates
// opts.Schema when missing and applies pending migrations. Errors: a bad
// URL or schema name, an unreachable server, a schema newer than this
// program, any PostgreSQL error.
func Open(ctx context.Context, url string, opts Options) (*DB, error) {
	if opts.Schema == "" {
		opts.Schema = "public"
	}
	if !schemaName.MatchString(opts.Schema) {
		return nil, fmt.Errorf("open database: schema name %q: want lower-case letters, digits and _, starting with a letter or _, at most 63 bytes", opts.Schema)
	}
	if opts.MaxConns <= 0 {
		opts.MaxConns = 8
	}
	var err error
	if opts.NearDupDistance, opts.NearDupMinWords, err = storesql.NearDupOptions(opts.NearDupDistance, opts.NearDupMinWords); err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if !strings.Contains(url, "pool_max_conns") {
		cfg.MaxConns = opts.MaxConns
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = opts.Schema
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if opts.MustExist {
		var found bool
		err := pool.QueryRow(ctx, `SELECT to_regclass(quote_ident($1) || '.schema_migrations') IS NOT NULL`, opts.Schema).Scan(&found)
		if err != nil {
			pool.Close()
			return nil, fmt.Errorf("open database %s: %w", redact(cfg), err)
		}
		if !found {
			pool.Close()
			return nil, fmt.Errorf("open database %s schema %s: %w", redact(cfg), opts.Schema, ErrNotExist)
		}
	}
	s := &DB{pool: pool, opts: opts, writeLock: lockKey("realign write " + opts.Schema), actors: map[string]int64{}}
	s.reader = reader{Q: querier{pool}, D: dialect, Refresh: s.RefreshSummaries}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open database %s: %w", redact(cfg), err)
	}
	return s, nil
}

// redact names the server and database of cfg, without credentials.
func redact(cfg *pgxpool.Config) string {
	c := cfg.ConnConfig
	return fmt.Sprintf("postgres://%s:%d/%s", c.Host, c.Port, c.Database)
}

// Close releases the connections. Calls after Close fail.
func (s *DB) Close() error {
	if s != nil && s.pool != nil {
		s.pool.Close()
	}
	return nil
}

// Schema returns the PostgreSQL schema holding the store's tables.
func (s *DB) Schema() string { return s.opts.Schema }

// lockKey is the advisory lock key of name.
func lockKey(name string) int64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return int64(h.Sum64())
}

// querier runs the shared read queries, rewriting their ? placeholders.
type querier struct{ pool *pgxpool.Pool }

func (q querier) Query(ctx context.Context, query string, args ...any) (storesql.Rows, error) {
	rows, err := q.pool.Query(ctx, rebind(query), args...)
	if err != nil {
		return nil, unavailable(err)
	}
	return unavailableRows{rows}, nil
}

// rebind rewrites the ? placeholders of query as $1, $2, ..., leaving
// quoted strings and identifiers alone.
func rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	var quote byte
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// dialect is PostgreSQL's SQL for the shared queries.
var dialect = &storesql.Dialect{
	TextMatch: func(col string) string {
		return col + " IN (SELECT pk FROM documents WHERE fts @@ websearch_to_tsquery('english', ?))"
	},
	State:    stateSQL,
	Weight:   weightSQL,
	Int:      func(cond string) string { return "(" + cond + ")::integer" },
	Greatest: func(a, b string) string { return "greatest(" + a + ", " + b + ")" },
	MonthStart: func(day string) string {
		return "(" + day + " - extract(day FROM date '1970-01-01' + (" + day + ")::integer)::bigint + 1)"
	},
	TempMonths: []string{`CREATE TEMP TABLE summary_months (origin integer NOT NULL, month bigint NOT NULL, PRIMARY KEY (origin, month)) ON COMMIT DROP`},
	Timestamp: func(col string) string {
		return `to_char(` + col + ` AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`
	},
}

// stateSQL is analytics.StateSQL with SQLite's GLOB as a PostgreSQL
// regular expression.
func stateSQL(col string) string {
	const glob, re = ` GLOB '*[^A-Z0-9]*'`, ` ~ '[^A-Z0-9]'`
	s := analytics.StateSQL(col)
	if !strings.Contains(s, glob) {
		panic("postgres: analytics.StateSQL no longer uses " + glob)
	}
	return strings.ReplaceAll(s, glob, re)
}

// weightSQL is analytics.Weight over the outlet count col, as a table of
// its 16 values (exactly Weight's float64s).
func weightSQL(col string) string {
	var b strings.Builder
	b.WriteString("(CASE least(greatest(" + col + ", 1), " + strconv.Itoa(analytics.MaxWeightSources) + ")")
	for n := 1; n <= analytics.MaxWeightSources; n++ {
		b.WriteString(" WHEN " + strconv.Itoa(n) + " THEN " + strconv.FormatFloat(analytics.Weight(n), 'g', -1, 64) + "::float8")
	}
	b.WriteString(" END)")
	return b.String()
}

// migrate creates the schema and applies the pending migrations, each in
// its own transaction, holding a session advisory lock of the schema so
// that processes opening the store at once migrate it one after another.
func (s *DB) migrate(ctx context.Context) error {
	ms, err := storesql.Migrations(migrationFS, "migrations")
	if err != nil {
		return err
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	key := lockKey("realign migrate " + s.opts.Schema)
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, key); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer func() {
		// A broken connection drops the lock with its session.
		_, _ = conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, key)
	}()
	for _, q := range []string{
		`CREATE SCHEMA IF NOT EXISTS ` + pgx.Identifier{s.opts.Schema}.Sanitize(),
		`CREATE TABLE IF NOT EXISTS schema_migrations (
			version    integer PRIMARY KEY,
			name       text NOT NULL,
			applied_at timestamptz NOT NULL DEFAULT now())`,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	}
	var cur int
	if err := conn.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&cur); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if latest := ms[len(ms)-1].Version; cur > latest {
		return fmt.Errorf("database schema version %d is newer than this program's (%d): upgrade realign", cur, latest)
	}
	for _, m := range ms {
		if m.Version <= cur {
			continue
		}
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations(version, name) VALUES ($1, $2)`, m.Version, m.Name)
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
	}
	return nil
}

// inWriteTx runs f in a transaction holding the schema's write lock,
// committing when f returns nil and rolling back otherwise.
func (s *DB) inWriteTx(ctx context.Context, f func(tx pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, s.writeLock); err != nil {
			return fmt.Errorf("write lock: %w", err)
		}
		return f(tx)
	})
}

// HasDocument reports whether a document with this ContentID is stored.
func (s *DB) HasDocument(ctx context.Context, id string) (bool, error) {
	var ok bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE id = $1)`, id).Scan(&ok); err != nil {
		return false, fmt.Errorf("has document: %w", unavailable(err))
	}
	return ok, nil
}

// RefreshSummaries brings the summary tables dyad_days and dyad_months
// up to date: it recomputes, from event_clusters and gdelt_events, every
// day that triggers marked as changed since the last refresh, and the
// months holding them, under the write lock. Cells calls it before
// reading; writers may call it after a large import so that the first
// query does not pay for it.
func (s *DB) RefreshSummaries(ctx context.Context) error {
	var dirty bool
	if err := s.pool.QueryRow(ctx, storesql.SummaryDirty).Scan(&dirty); err != nil {
		return fmt.Errorf("refresh summaries: %w", err)
	}
	if !dirty {
		return nil
	}
	err := s.inWriteTx(ctx, func(tx pgx.Tx) error {
		for _, st := range dialect.RefreshStatements() {
			if _, err := tx.Exec(ctx, rebind(st)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("refresh summaries: %w", err)
	}
	return nil
}

// IntegrityCheck checks that the store is consistent: the schema is
// this program's, every near-duplicate links to a coded document, only
// coded documents have layers, every mention belongs to a stored
// document and actor (mentions have no foreign keys; see migration
// 0001), every cluster's first mention is one of its own, and the
// clusters' document and mention counts match cluster_documents. (The
// other references are foreign keys, PostgreSQL's to enforce.)
// The error lists what is wrong.
func (s *DB) IntegrityCheck(ctx context.Context) error {
	ms, err := storesql.Migrations(migrationFS, "migrations")
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	var problems []string
	if latest := ms[len(ms)-1].Version; v != latest {
		problems = append(problems, fmt.Sprintf("schema version %d, want %d", v, latest))
	}
	checks := []struct{ what, sql string }{
		{"near-duplicates not linked to a coded document", `SELECT count(*) FROM documents d LEFT JOIN documents o ON o.pk = d.near_dup_of
			WHERE d.status = 'near-duplicate' AND (o.pk IS NULL OR o.status <> 'coded')`},
		{"links on documents that are not near-duplicates", `SELECT count(*) FROM documents WHERE status <> 'near-duplicate' AND near_dup_of IS NOT NULL`},
		{"event mentions of documents that are not coded", `SELECT count(*) FROM events e JOIN documents d ON d.pk = e.document WHERE d.status <> 'coded'`},
		{"mentions of documents that are not coded", `SELECT count(*) FROM mentions m JOIN documents d ON d.pk = m.document WHERE d.status <> 'coded'`},
		{"mentions of no stored document", `SELECT count(*) FROM mentions m WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.pk = m.document)`},
		{"mentions of no stored actor", `SELECT count(*) FROM mentions m WHERE m.actor IS NOT NULL AND NOT EXISTS (SELECT 1 FROM actors a WHERE a.pk = m.actor)`},
		{"clusters whose first mention is not theirs", `SELECT count(*) FROM event_clusters c
			WHERE c.first_event IS NULL OR NOT EXISTS (SELECT 1 FROM events e WHERE e.pk = c.first_event AND e.cluster = c.pk)`},
		{"clusters with wrong document or mention counts", `SELECT count(*) FROM event_clusters c LEFT JOIN (
			SELECT cluster, count(*) AS docs, sum(mentions) AS ments FROM cluster_documents GROUP BY cluster) x ON x.cluster = c.pk
			WHERE c.num_documents <> coalesce(x.docs, 0) OR c.num_mentions <> coalesce(x.ments, 0)`},
	}
	for _, c := range checks {
		var n int64
		if err := s.pool.QueryRow(ctx, c.sql).Scan(&n); err != nil {
			return fmt.Errorf("integrity check: %w", err)
		}
		if n > 0 {
			problems = append(problems, fmt.Sprintf("%d %s", n, c.what))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("integrity check: %s", strings.Join(problems, "; "))
	}
	return nil
}
