package main

import (
	"context"
	"fmt"
	"net/url"

	"github.com/realign/realign/postgres"
	"github.com/realign/realign/store"
)

// openPostgres opens (and migrates) the PostgreSQL store at dsn. A
// "schema" query parameter (postgres://host/db?schema=news) names the
// PostgreSQL schema that holds the store (default public), so that one
// database can hold several stores; the other parameters go to pgx.
func openPostgres(ctx context.Context, dsn string) (store.Backend, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return nil, fmt.Errorf("--db: not a PostgreSQL URL: %w", err)
	}
	q := u.Query()
	schema := q.Get("schema")
	q.Del("schema")
	u.RawQuery = q.Encode()
	db, err := postgres.Open(ctx, u.String(), postgres.Options{Schema: schema})
	if err != nil {
		return nil, err
	}
	return db, nil
}
