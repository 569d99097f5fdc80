package storetest

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// DefaultPostgresURL is the PostgreSQL server the tests use unless
// $REALIGN_TEST_POSTGRES names another: this machine's, trust
// authentication, database test.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

var (
	probeOnce sync.Once
	probeErr  error
)

// PostgresURL returns the URL of the PostgreSQL server for tests
// ($REALIGN_TEST_POSTGRES, else DefaultPostgresURL), or skips tb with a
// clear message when that server does not answer within 3 seconds (it is
// asked once per test binary).
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	url := os.Getenv("REALIGN_TEST_POSTGRES")
	if url == "" {
		url = DefaultPostgresURL
	}
	probeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, url)
		if err == nil {
			err = c.Ping(ctx)
			c.Close(ctx)
		}
		probeErr = err
	})
	if probeErr != nil {
		tb.Skipf("PostgreSQL not reachable at %s (%v): skipping; set REALIGN_TEST_POSTGRES to a server's URL", url, probeErr)
	}
	return url
}
