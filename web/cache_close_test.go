package web

import (
	"context"
	"testing"
	"time"
)

// After close, a running computation sees its context cancelled and no new
// one starts, so background work never outlives the server.
func TestCacheCloseCancels(t *testing.T) {
	started := make(chan struct{})
	cancelled := make(chan struct{})
	calls := 0
	c := newCache(time.Minute, func(ctx context.Context) summary {
		calls++
		close(started)
		<-ctx.Done()
		close(cancelled)
		return summary{Err: ctx.Err()}
	})
	done := c.refresh()
	<-started
	c.close()
	select {
	case <-cancelled:
	case <-time.After(5 * time.Second):
		t.Fatal("the running computation was not cancelled by close")
	}
	<-done
	<-c.refresh() // must return at once without computing
	if calls != 1 {
		t.Errorf("compute ran %d times, want 1 (none after close)", calls)
	}
}
