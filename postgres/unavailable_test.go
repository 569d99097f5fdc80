package postgres_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/realign/realign/postgres"
	"github.com/realign/realign/store"
	"github.com/realign/realign/store/storetest"
)

// proxy forwards TCP connections from a local port to target until stop is
// called, which closes the listener and every open connection (the server
// going away, as seen by the client).
type proxy struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func startProxy(t *testing.T, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { io.Copy(s, c); s.Close() }()
			go func() { io.Copy(c, s); c.Close() }()
		}
	}()
	t.Cleanup(p.stop)
	return p
}

func (p *proxy) stop() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// TestUnavailable: when the server goes away, reads fail with an error that
// wraps store.ErrUnavailable (the web server answers 503), not a bare
// driver error.
func TestUnavailable(t *testing.T) {
	base := storetest.PostgresURL(t)
	u, err := url.Parse(base)
	if err != nil {
		t.Skipf("REALIGN_TEST_POSTGRES is not a URL (%v): skipping", err)
	}
	schema := freshSchema(t)
	p := startProxy(t, u.Host)
	u.Host = p.ln.Addr().String()
	ctx := context.Background()
	db, err := postgres.Open(ctx, u.String(), postgres.Options{Schema: schema, MaxConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Stats(ctx); err != nil {
		t.Fatalf("stats before the outage: %v", err)
	}
	p.stop()
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	checks := map[string]func() error{
		"stats":  func() error { _, err := db.Stats(ctx); return err },
		"events": func() error { _, err := db.Events(ctx, store.EventFilter{}); return err },
		"search": func() error { _, err := db.Search(ctx, "arms", 5); return err },
	}
	for name, f := range checks {
		err := f()
		if err == nil {
			t.Errorf("%s: no error with the server gone", name)
			continue
		}
		if !errors.Is(err, store.ErrUnavailable) {
			t.Errorf("%s: error %v does not wrap store.ErrUnavailable", name, err)
		}
	}
}
