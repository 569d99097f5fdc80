package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"

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
	conn, schema := dsn, ""
	if !isPostgresKeywords(dsn) { // a libpq keyword/value string goes to pgx as it is
		var err error
		if conn, schema, err = splitSchema(dsn); err != nil {
			return nil, fmt.Errorf("--db %s: %w", redactDSN(dsn), err)
		}
	}
	db, err := postgres.Open(ctx, conn, postgres.Options{Schema: schema, MustExist: mustExist})
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

// splitSchema takes the "schema" parameter out of a PostgreSQL URL.
// Errors never repeat the URL (url's errors would, password included).
func splitSchema(dsn string) (conn, schema string, err error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", "", errors.New("not a valid PostgreSQL URL (escape special characters in the user or password with %XX)")
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return "", "", fmt.Errorf("bad query parameters: %w", err)
	}
	switch v := q["schema"]; len(v) {
	case 0:
	case 1:
		if schema = v[0]; schema == "" {
			return "", "", errors.New("empty schema parameter")
		}
	default:
		return "", "", fmt.Errorf("schema given %d times", len(v))
	}
	q.Del("schema")
	u.RawQuery = q.Encode()
	return u.String(), schema, nil
}
