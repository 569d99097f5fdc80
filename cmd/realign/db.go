package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/realign/realign/sqlite"
	"github.com/realign/realign/store"
)

// dbUsage is the help text of every --db flag.
const dbUsage = "SQLite database `file`, or a PostgreSQL URL (postgres://user@host:5432/db)"

// isPostgresURL reports whether a --db value names a PostgreSQL server
// rather than a SQLite file.
func isPostgresURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") || isPostgresKeywords(dsn)
}

// isPostgresKeywords reports whether dsn is a libpq keyword/value
// connection string ("host=db user=realign dbname=news"), not a URL.
func isPostgresKeywords(dsn string) bool {
	return !strings.Contains(dsn, "://") && pgKeyword.MatchString(dsn)
}

var (
	pgKeyword  = regexp.MustCompile(`(^|\s)(host|hostaddr|dbname|user|port|password|sslmode)\s*=`)
	pgPassword = regexp.MustCompile(`(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)`)
)

// redactDSN returns a --db value fit for messages: a PostgreSQL URL with
// its password masked.
func redactDSN(dsn string) string {
	if !isPostgresURL(dsn) {
		return dsn
	}
	if isPostgresKeywords(dsn) {
		return pgPassword.ReplaceAllString(dsn, "${1}xxxxx")
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://…"
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// openDB opens the store a --db value names: a PostgreSQL URL, or a
// SQLite file (created when missing unless mustExist).
func openDB(ctx context.Context, dsn string, mustExist bool) (store.Backend, error) {
	if isPostgresURL(dsn) {
		return openPostgres(ctx, dsn, mustExist)
	}
	db, err := sqlite.Open(ctx, dsn, sqlite.Options{MustExist: mustExist})
	if errors.Is(err, sqlite.ErrNotExist) {
		return nil, fmt.Errorf("%s: no such database (store articles with \"realign ingest\" or name a database with --db)", dsn)
	}
	if err != nil {
		return nil, err
	}
	return db, nil
}

// openReadDB opens an existing database for a read command, with a clear
// error when it does not exist.
func openReadDB(ctx context.Context, dsn string) (store.Backend, error) {
	return openDB(ctx, dsn, true)
}
