package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/realign/realign/store"
)

// TestStatusOf checks the one place that maps errors to HTTP statuses for
// the errors that come from the store rather than from the request.
func TestStatusOf(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"database down", fmt.Errorf("events: %w", fmt.Errorf("%w: dial tcp: connection refused", store.ErrUnavailable)), http.StatusServiceUnavailable},
		{"not found", fmt.Errorf("document x: %w", store.ErrNotFound), http.StatusNotFound},
		{"timeout", fmt.Errorf("events: %w", context.DeadlineExceeded), http.StatusServiceUnavailable},
		{"other store error", errors.New("events: syntax error"), http.StatusInternalServerError},
	}
	for _, tc := range tests {
		if got, _ := statusOf(tc.err); got != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, got, tc.want)
		}
	}
}
