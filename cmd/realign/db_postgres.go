package main

import (
	"context"
	"errors"

	"github.com/realign/realign/store"
)

func openPostgres(ctx context.Context, dsn string) (store.Backend, error) {
	return nil, errors.New("postgres: not built yet")
}
