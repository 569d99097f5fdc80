package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/realign/realign/internal/storesql"
	"github.com/realign/realign/store"
)

// unavailable marks err as store.ErrUnavailable when it says that the server
// cannot be reached or went away (connection refused or reset, the server
// shutting down or refusing connections, too many connections), so that
// callers (the web server's 503) can tell an outage from a fault. Other
// errors, and nil, are returned as they are.
func unavailable(err error) error {
	if err == nil || errors.Is(err, store.ErrUnavailable) || !connectionError(err) {
		return err
	}
	return fmt.Errorf("%w: %w", store.ErrUnavailable, err)
}

// connectionError reports whether err is a failure to reach or keep a
// connection to the server rather than an error in a statement.
func connectionError(err error) bool {
	var ce *pgconn.ConnectError
	var ne net.Error
	var pe *pgconn.PgError
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		// the request's own deadline or cancellation (a net.Error too),
		// not the server going away
		return false
	case errors.As(err, &pe):
		// class 08 connection exception; 57P01..57P03 admin or crash
		// shutdown, cannot connect now; 53300 too many connections
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" ||
			pe.Code == "57P03" || pe.Code == "53300"
	case errors.As(err, &ce), errors.As(err, &ne):
		return true
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed):
		return true
	}
	return pgconn.SafeToRetry(err)
}

// unavailableRows maps the error of a row iteration with unavailable.
type unavailableRows struct{ storesql.Rows }

func (r unavailableRows) Err() error { return unavailable(r.Rows.Err()) }

func (r unavailableRows) Scan(dest ...any) error { return unavailable(r.Rows.Scan(dest...)) }
