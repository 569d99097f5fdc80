package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/realign/realign/web"
)

func init() {
	register(command{"serve", "serve a database over HTTP: JSON API under /api/ and dashboard pages (read-only unless --token)", runServe})
}

// serveReady, when not nil, receives the listening address once the
// server accepts connections (for tests).
var serveReady func(addr string)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("serve", "serve [--db realign.db] [--addr 127.0.0.1:8080] [--token T] [--max-body BYTES] [--timeout D] [--quiet]", e)
	dbPath := fs.String("db", defaultDB, dbUsage)
	addr := fs.String("addr", "127.0.0.1:8080", "listen `address` (host:port; port 0 picks a free one)")
	token := fs.String("token", "", "token that allows POST /api/analyze, POST /api/documents and the analyze form (default $REALIGN_TOKEN; none: read-only)")
	maxBody := fs.Int64("max-body", web.DefaultMaxBody, "largest request body accepted, in bytes")
	timeout := fs.Duration("timeout", web.DefaultRequestTimeout, "time limit for one request")
	quiet := fs.Bool("quiet", false, "no access log on standard error")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("serve: unexpected arguments %q", pos)
	}
	if *maxBody <= 0 || *timeout <= 0 {
		return usagef("serve: --max-body and --timeout must be positive")
	}
	if *token == "" {
		*token = os.Getenv("REALIGN_TOKEN")
	}
	db, err := openReadDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	logger := slog.New(slog.NewJSONHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if *quiet {
		logger = slog.New(slog.NewJSONHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	}
	reg := newRegistry()
	srv, err := web.New(web.Options{DB: db, Token: *token, Logger: logger, MaxBody: *maxBody, RequestTimeout: *timeout,
		Observe: newHTTPMetrics(reg).observe})
	if err != nil {
		return err
	}
	defer srv.Close() // runs before the database's deferred Close
	srv.Warm()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", metricsHandler(reg))
	mux.Handle("/", srv)
	hs := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       *timeout + 10*time.Second,
		WriteTimeout:      *timeout + 15*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	mode := "read-only"
	if *token != "" {
		mode = "writes allowed with the token"
	}
	fmt.Fprintf(e.stderr, "realign: serving %s on http://%s/ (%s; metrics at /metrics)\n", redactDSN(*dbPath), ln.Addr(), mode)
	if serveReady != nil {
		serveReady(ln.Addr().String())
	}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("serve: shutdown: %w", err)
		}
		fmt.Fprintln(e.stderr, "realign: server stopped")
		return nil
	}
}
