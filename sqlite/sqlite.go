// Package sqlite is realign's embedded store: documents, their analyses
// (mentions, quotations, coded event mentions), event clusters, imported
// GDELT events and the ingest log, in one SQLite database file
// (modernc.org/sqlite, pure Go, with the FTS5 full-text index).
//
// The database runs in WAL mode with foreign keys on; the schema is a set
// of ordered SQL migrations embedded from migrations/ and applied at Open,
// each in its own transaction. Every write happens in a transaction, so a
// crash (even kill -9) leaves either a whole batch or none of it.
//
// *DB implements realign.Store.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/realign/realign"
	"github.com/realign/realign/internal/storesql"
	"github.com/realign/realign/store"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Options configure Open. The zero value gives sensible defaults.
type Options struct {
	// BusyTimeout is how long a statement waits for a lock held by
	// another connection or process; default 10 s.
	BusyTimeout time.Duration
	// MustExist makes Open fail with ErrNotExist when the file is missing
	// instead of creating it (for read-only commands).
	MustExist bool
	// Synchronous is SQLite's synchronous setting: "NORMAL" (default;
	// in WAL mode a committed batch survives a process crash, the last
	// ones may be lost on power failure) or "FULL".
	Synchronous string
	// NearDupDistance is the largest Hamming distance between two
	// documents' 64-bit SimHashes for them to be near-duplicates;
	// default 3, at most 3 (the banded index finds no more), -1 turns
	// near-duplicate detection off.
	NearDupDistance int
	// NearDupMinWords is the fewest words a document needs to take part
	// in near-duplicate detection (short texts collide); default 40.
	NearDupMinWords int
}

// ErrNotExist is returned by Open with Options.MustExist when the database
// file does not exist.
var ErrNotExist = errors.New("no such database")

// DB is an open realign database. It is safe for concurrent use; writes
// are serialised.
type DB struct {
	reader // the shared read side, over db
	// db stays set after Close (database/sql then answers every call
	// with "sql: database is closed"), so that a reader racing with
	// Close, such as a web cache refresh, gets an error, not a nil
	// pointer; closed marks it.
	db     *sql.DB
	closed atomic.Bool
	path   string
	opts   Options
	wmu    sync.Mutex // one writer at a time

	actors map[string]int64 // committed actor key -> pk (under wmu)
	hashes store.HashCache  // recent SimHashes

	smu   sync.Mutex
	stmts map[string]*sql.Stmt // prepared statements, by SQL
}

// Read statements prepared once per DB.
const (
	stmtHasDocument = `SELECT count(*) FROM documents WHERE id = ?`
	stmtDocumentID  = `SELECT id FROM documents WHERE pk = ?`
	stmtNearDup     = nearDupSQL
)

// stmt returns the prepared statement for query, preparing it on first
// use; database/sql prepares it again on each connection that runs it,
// once, and Tx.StmtContext reuses that.
func (s *DB) stmt(query string) (*sql.Stmt, error) {
	s.smu.Lock()
	defer s.smu.Unlock()
	if s.closed.Load() {
		return nil, errors.New("database is closed")
	}
	if st, ok := s.stmts[query]; ok {
		return st, nil
	}
	st, err := s.db.Prepare(query)
	if err != nil {
		return nil, err
	}
	if s.stmts == nil {
		s.stmts = map[string]*sql.Stmt{}
	}
	s.stmts[query] = st
	return st, nil
}

var _ realign.Store = (*DB)(nil)

// Open opens (creating when needed, unless opts.MustExist) the database at
// path and applies pending migrations. Errors: ErrNotExist (wrapped) for a
// missing file with MustExist; a database whose schema is newer than this
// program; any SQLite error.
func Open(ctx context.Context, path string, opts Options) (*DB, error) {
	if path == "" {
		return nil, errors.New("open database: empty path")
	}
	if opts.BusyTimeout <= 0 {
		opts.BusyTimeout = 10 * time.Second
	}
	switch strings.ToUpper(opts.Synchronous) {
	case "":
		opts.Synchronous = "NORMAL"
	case "NORMAL", "FULL", "EXTRA":
		opts.Synchronous = strings.ToUpper(opts.Synchronous)
	default:
		return nil, fmt.Errorf("open database: synchronous must be NORMAL, FULL or EXTRA, not %q", opts.Synchronous)
	}
	var err error
	if opts.NearDupDistance, opts.NearDupMinWords, err = storesql.NearDupOptions(opts.NearDupDistance, opts.NearDupMinWords); err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if opts.MustExist {
		st, err := os.Stat(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", path, ErrNotExist)
		}
		if err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
		if st.IsDir() {
			return nil, fmt.Errorf("open database: %s is a directory", path)
		}
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", opts.BusyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous("+opts.Synchronous+")")
	q.Add("_txlock", "immediate")
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	s := &DB{db: db, path: path, opts: opts, actors: map[string]int64{}}
	s.reader = reader{Q: querier{db}, D: dialect, Refresh: s.RefreshSummaries}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return s, nil
}

// Close releases the database. It checkpoints the write-ahead log.
func (s *DB) Close() error {
	if s == nil || s.db == nil || s.closed.Swap(true) {
		return nil
	}
	s.smu.Lock()
	for _, st := range s.stmts {
		st.Close()
	}
	s.stmts = nil
	s.smu.Unlock()
	_, _ = s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	err := s.db.Close()
	if err != nil {
		return fmt.Errorf("close database: %w", err)
	}
	return nil
}

// Path returns the database file's path.
func (s *DB) Path() string { return s.path }

// SQL returns the underlying *sql.DB. It is for tests and benchmarks
// only (fixtures, row counts, VACUUM INTO): product code reads and writes
// through the DB's methods, which keep all SQL in this package; writing
// through it bypasses the store's invariants.
func (s *DB) SQL() *sql.DB { return s.db }

func (s *DB) migrate(ctx context.Context) error {
	ms, err := storesql.Migrations(migrationFS, "migrations")
	if err != nil {
		return err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	cur, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if latest := ms[len(ms)-1].Version; cur > latest {
		return fmt.Errorf("database schema version %d is newer than this program's (%d): upgrade realign", cur, latest)
	}
	for _, m := range ms {
		if m.Version <= cur {
			continue
		}
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			// Another process may have applied it since we looked.
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, m.Version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)`,
				m.Version, m.Name, time.Now().UTC().Format(time.RFC3339))
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
	}
	return nil
}

// inTx runs f in a transaction, committing when it returns nil and rolling
// back otherwise.
func (s *DB) inTx(ctx context.Context, f func(tx *sql.Tx) error) (err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			err = fmt.Errorf("panic in transaction: %v", p)
			return
		}
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if err = f(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// IntegrityCheck runs PRAGMA integrity_check and returns nil when SQLite
// reports "ok", else an error listing the problems.
func (s *DB) IntegrityCheck(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	defer rows.Close()
	var msgs []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return fmt.Errorf("integrity check: %w", err)
		}
		msgs = append(msgs, m)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if len(msgs) == 1 && msgs[0] == "ok" {
		return s.foreignKeyCheck(ctx)
	}
	return fmt.Errorf("integrity check: %s", strings.Join(msgs, "; "))
}

func (s *DB) foreignKeyCheck(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return fmt.Errorf("foreign key check: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("foreign key check: %w", err)
	}
	if n > 0 {
		return fmt.Errorf("foreign key check: %d rows violate foreign keys", n)
	}
	return nil
}
