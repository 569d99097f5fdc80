package web

import (
	"context"
	"sync"
	"time"
)

// summary is what the overview shows that is costly on a large store:
// the corpus statistics and the realignment alerts of the last 90 days.
type summary struct {
	Stats    any
	Shifts   *shiftsResult
	Computed time.Time
	Err      error
}

// cache holds one summary, recomputed in the background when older than
// ttl (readers get the stale value meanwhile) or after invalidate.
type cache struct {
	ttl     time.Duration
	compute func(ctx context.Context) summary
	// base is cancelled by stop: a computation never outlives the server.
	base context.Context
	stop context.CancelFunc

	mu      sync.Mutex
	val     *summary
	running chan struct{} // closed when the running computation ends
	dirty   bool
}

func newCache(ttl time.Duration, compute func(ctx context.Context) summary) *cache {
	base, stop := context.WithCancel(context.Background())
	return &cache{ttl: ttl, compute: compute, base: base, stop: stop}
}

// close cancels a running computation and keeps new ones from starting.
func (c *cache) close() { c.stop() }

// refresh starts a computation unless one is running; it returns the
// channel closed when that computation ends.
func (c *cache) refresh() chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.startLocked()
}

func (c *cache) startLocked() chan struct{} {
	if c.running != nil {
		return c.running
	}
	done := make(chan struct{})
	if c.base.Err() != nil { // closed
		close(done)
		return done
	}
	c.running = done
	c.dirty = false
	go func() {
		ctx, cancel := context.WithTimeout(c.base, 5*time.Minute)
		v := c.compute(ctx)
		cancel()
		c.mu.Lock()
		c.val = &v
		c.running = nil
		again := c.dirty
		c.mu.Unlock()
		close(done)
		if again {
			c.refresh()
		}
	}()
	return done
}

// invalidate marks the value stale and recomputes it.
func (c *cache) invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running != nil {
		c.dirty = true
		return
	}
	c.startLocked()
}

// get returns the summary, waiting up to wait for one when there is none
// yet (nil when none came in time). A stale value is returned at once and
// refreshed in the background.
func (c *cache) get(ctx context.Context, wait time.Duration) *summary {
	c.mu.Lock()
	v := c.val
	var ch chan struct{}
	switch {
	case v == nil:
		ch = c.startLocked()
	case time.Since(v.Computed) > c.ttl:
		c.startLocked()
	}
	c.mu.Unlock()
	if ch == nil {
		return v
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-ch:
	case <-t.C:
	case <-ctx.Done():
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.val
}
