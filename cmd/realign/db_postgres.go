package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/realign/realign/postgres"
	"github.com/realign/realign/store"
)

// openPostgres opens (and migrates) the PostgreSQL store at dsn. A
// "schema" query parameter (postgres://host/db?schema=news) names the
// PostgreSQL schema that holds the store (default public), so that one
// database can hold several stores; the other parameters go to pgx. With
// mustExist (the read commands) a schema holding no realign store is an
// error rather than created empty.
func openPostgres(ctx context.Context, dsn string, mustExist bool) (store.Backend, error) {
	if isPostgresKeywords(dsn) && !strings.Contains(dsn, "://") {
		// A libpq keyword/value string: pgx reads it; no schema parameter.
		db, err := postgres.Open(ctx, dsn, postgres.Options{MustExist: mustExist})
		if errors.Is(err, postgres.ErrNotExist) {
			return nil, fmt.Errorf("%s: no realign store in schema public (store articles with \"realign ingest\" or \"realign worker\")", redactDSN(dsn))
		}
		if err != nil {
			return nil, err
		}
		return db, nil
	}
	u, err := url.Parse(dsn)
	if err != nil {
		// url's error repeats the URL, password included.
		return nil, fmt.Errorf("--db %s: not a valid PostgreSQL URL (escape special characters in the user or password with %%XX)", redactDSN(dsn))
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return nil, fmt.Errorf("--db %s: bad query parameters: %w", redactDSN(dsn), err)
	}
	schema := ""
	switch v := q["schema"]; len(v) {
	case 0:
	case 1:
		if schema = v[0]; schema == "" {
			return nil, fmt.Errorf("--db %s: empty schema parameter", redactDSN(dsn))
		}
	default:
		return nil, fmt.Errorf("--db %s: schema given %d times", redactDSN(dsn), len(v))
	}
	q.Del("schema")
	u.RawQuery = q.Encode()
	db, err := postgres.Open(ctx, u.String(), postgres.Options{Schema: schema, MustExist: mustExist})
	if errors.Is(err, postgres.ErrNotExist) {
		if schema == "" {
			schema = "public"
		}
		return nil, fmt.Errorf("%s: no realign store in schema %s (store articles with \"realign ingest\" or \"realign worker\", or name another with ?schema=)", redactDSN(dsn), schema)
	}
	if err != nil {
		return nil, err
	}
	return db, nil
}
