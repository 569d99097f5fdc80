// Package web serves a realign database over HTTP: a JSON API under /api/
// (documents, events, actors, dyads, shifts, blocs, search, analyze; an
// OpenAPI 3 description at /api/openapi.json) and server-rendered pages
// for analysts (overview, relations network, dyad timeline, article with
// its actors, quotations and events highlighted, actor, search, analyze
// form). Pages are html/template with embedded templates and CSS; charts
// are SVG written on the server; there is no JavaScript.
//
// The server is read-only unless Options.Token is set: then POST
// /api/analyze, POST /api/documents and the analyze form accept requests
// that carry the token (header "Authorization: Bearer T" or
// "X-Realign-Token: T"; the form has a token field). Every error goes
// through one function that maps it to a status code (see statusOf).
package web

import (
	"context"
	"crypto/subtle"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/realign/realign"
	"github.com/realign/realign/pipeline"
	"github.com/realign/realign/store"
)

//go:embed templates/*.html static/* openapi.json
var assets embed.FS

// Defaults for the zero Options.
const (
	DefaultMaxBody        int64 = 2 << 20 // 2 MiB
	DefaultRequestTimeout       = 30 * time.Second
	DefaultCacheTTL             = time.Minute
)

// Options configure New. DB is required; the zero value of every other
// field gives a sensible default.
type Options struct {
	// DB is the store served.
	DB store.Backend
	// Token, when not "", allows the write endpoints (POST /api/analyze,
	// POST /api/documents, the analyze form) to requests that carry it.
	// When "", the server is read-only and those answer 403.
	Token string
	// Logger receives one structured access-log record per request (and
	// errors); default: discard.
	Logger *slog.Logger
	// MaxBody is the largest request body accepted, in bytes (default 2
	// MiB); larger bodies get 413.
	MaxBody int64
	// RequestTimeout bounds each request's work (default 30 s); a query
	// that runs past it gets 503.
	RequestTimeout time.Duration
	// CacheTTL is how long the overview's corpus statistics and
	// realignment alerts are reused before they are recomputed in the
	// background (default 1 minute; they are recomputed at once after a
	// document is stored through the API).
	CacheTTL time.Duration
	// Pipeline analyses posted articles; nil: the default pipeline,
	// built on first use.
	Pipeline *pipeline.Pipeline
	// AlertWait is how long the overview waits for alerts that are being
	// computed before it renders without them (default 2 s).
	AlertWait time.Duration
	// Observe, when set, is called once per request after it is served,
	// with its method, path, status code and duration (for metrics).
	Observe func(method, path string, status int, d time.Duration)
}

// Server is the HTTP handler. It is safe for concurrent use.
type Server struct {
	opts  Options
	db    store.Backend
	log   *slog.Logger
	mux   *http.ServeMux
	pages *pageSet

	pmu  sync.Mutex
	pipe *pipeline.Pipeline

	summary *cache
}

// Close stops the server's background work (the overview summary); call it
// after http.Server.Shutdown and before closing the database.
func (s *Server) Close() { s.summary.close() }

// New returns a Server for opts.
func New(opts Options) (*Server, error) {
	if opts.DB == nil {
		return nil, errors.New("web: no database")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = DefaultRequestTimeout
	}
	if opts.CacheTTL <= 0 {
		opts.CacheTTL = DefaultCacheTTL
	}
	if opts.AlertWait <= 0 {
		opts.AlertWait = 2 * time.Second
	}
	pages, err := parsePages()
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s := &Server{opts: opts, db: opts.DB, log: opts.Logger, pages: pages, pipe: opts.Pipeline}
	s.summary = newCache(opts.CacheTTL, s.computeSummary)
	s.routes()
	return s, nil
}

// Warm starts computing the overview's statistics and alerts in the
// background, so the first visitor does not wait for them.
func (s *Server) Warm() { s.summary.refresh() }

// handler is a route that returns its error instead of writing it; fail
// writes it.
type handler func(w http.ResponseWriter, r *http.Request) error

func (s *Server) handle(pattern string, h handler) {
	s.mux.Handle(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	}))
}

func (s *Server) routes() {
	s.mux = http.NewServeMux()
	// JSON API.
	s.handle("GET /api/openapi.json", s.apiOpenAPI)
	s.handle("GET /api/stats", s.apiStats)
	s.handle("GET /api/documents", s.apiDocuments)
	s.handle("GET /api/documents/{id}", s.apiDocument)
	s.handle("POST /api/documents", s.writeOnly(s.apiStore))
	s.handle("POST /api/analyze", s.writeOnly(s.apiAnalyze))
	s.handle("GET /api/events", s.apiEvents)
	s.handle("GET /api/actors/{code}", s.apiActor)
	s.handle("GET /api/actors/{code}/quotes", s.apiActorQuotes)
	s.handle("GET /api/dyads/{a}/{b}", s.apiDyad)
	s.handle("GET /api/shifts", s.apiShifts)
	s.handle("GET /api/blocs", s.apiBlocs)
	s.handle("GET /api/network", s.apiNetwork)
	s.handle("GET /api/search", s.apiSearch)
	s.handle("/api/", func(http.ResponseWriter, *http.Request) error { return fmt.Errorf("no such endpoint: %w", errNotFound) })
	// Pages.
	s.handle("GET /{$}", s.pageOverview)
	s.handle("GET /events", s.pageEvents)
	s.handle("GET /documents", s.pageDocuments)
	s.handle("GET /documents/{id}", s.pageDocument)
	s.handle("GET /actors/{code}", s.pageActor)
	s.handle("GET /dyads/{a}/{b}", s.pageDyad)
	s.handle("GET /network", s.pageNetwork)
	s.handle("GET /search", s.pageSearch)
	s.handle("GET /analyze", s.pageAnalyzeForm)
	s.handle("POST /analyze", s.pageAnalyze)
	static, _ := fs.Sub(assets, "static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", cacheFor(time.Hour, http.FileServerFS(static))))
	s.handle("/", func(http.ResponseWriter, *http.Request) error { return fmt.Errorf("no such page: %w", errNotFound) })
}

func cacheFor(d time.Duration, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", fmt.Sprintf("public, max-age=%d", int(d.Seconds())))
		h.ServeHTTP(w, r)
	})
}

// ServeHTTP serves one request: security headers, a body size limit, a
// time limit, panic recovery and an access-log record around the routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w}
	h := rec.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	if r.Body != nil {
		r.Body = http.MaxBytesReader(rec, r.Body, s.opts.MaxBody)
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.RequestTimeout)
	defer cancel()
	r = r.WithContext(ctx)
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			s.fail(rec, r, fmt.Errorf("internal error: %v", p))
		}
		d := time.Since(start)
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", rec.code()), slog.Int64("bytes", rec.bytes),
			slog.Float64("ms", float64(d.Microseconds())/1000),
			slog.String("remote", r.RemoteAddr))
		if s.opts.Observe != nil {
			s.opts.Observe(r.Method, r.URL.Path, rec.code(), d)
		}
	}()
	s.mux.ServeHTTP(rec, r)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

func (r *statusRecorder) code() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// httpError is an error with its status code.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &httpError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

var (
	errReadOnly = &httpError{http.StatusForbidden, "read-only server: start realign serve with --token (or REALIGN_TOKEN) to allow analysing and storing articles"}
	errToken    = &httpError{http.StatusUnauthorized, "missing or wrong token: send it as \"Authorization: Bearer TOKEN\" or \"X-Realign-Token: TOKEN\""}
)

// statusOf maps an error to its HTTP status code and the message shown to
// the client: the one place that does so. Unexpected errors are 500 with
// a generic message (the details go to the log).
func statusOf(err error) (int, string) {
	var he *httpError
	var mbe *http.MaxBytesError
	var ie *realign.InputError
	switch {
	case errors.As(err, &he):
		return he.status, he.msg
	case errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("request body too large: the limit is %d bytes", mbe.Limit)
	case errors.As(err, &ie):
		if strings.HasPrefix(ie.Reason, "too large") {
			return http.StatusRequestEntityTooLarge, ie.Error()
		}
		return http.StatusUnprocessableEntity, ie.Error()
	case errors.Is(err, errNotFound), errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, err.Error()
	case errors.Is(err, store.ErrUnavailable):
		return http.StatusServiceUnavailable, "the database is unavailable; try again later"
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "the request took too long"
	case errors.Is(err, context.Canceled):
		return 499, "request canceled"
	}
	return http.StatusInternalServerError, "internal error"
}

// fail writes err: JSON {"error": …, "status": …} under /api/, an HTML
// page elsewhere.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := statusOf(err)
	level := slog.LevelDebug
	if code >= 500 {
		level = slog.LevelError
	}
	s.log.LogAttrs(r.Context(), level, "request failed", slog.String("path", r.URL.Path), slog.Int("status", code), slog.String("error", err.Error()))
	if code == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="realign"`)
	}
	if errors.Is(err, store.ErrUnavailable) {
		w.Header().Set("Retry-After", "10")
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeJSONStatus(w, code, map[string]any{"error": msg, "status": code})
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	_ = s.pages.render(w, "error", pageData{Title: http.StatusText(code), Data: map[string]any{"Status": code, "Message": msg}})
}

func writeJSON(w http.ResponseWriter, v any) error {
	return writeJSONStatus(w, http.StatusOK, v)
}

func writeJSONStatus(w http.ResponseWriter, code int, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encode json: %w", err)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	_, err = w.Write(append(b, '\n'))
	return err
}

// writeOnly guards a handler that analyses or stores: 403 when the server
// has no token, 401 when the request does not carry it.
func (s *Server) writeOnly(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := s.checkToken(requestToken(r)); err != nil {
			return err
		}
		return h(w, r)
	}
}

func (s *Server) checkToken(got string) error {
	if s.opts.Token == "" {
		return errReadOnly
	}
	if subtle.ConstantTimeCompare([]byte(got), []byte(s.opts.Token)) != 1 {
		return errToken
	}
	return nil
}

func requestToken(r *http.Request) string {
	if t := r.Header.Get("X-Realign-Token"); t != "" {
		return t
	}
	if a := r.Header.Get("Authorization"); len(a) > 7 && strings.EqualFold(a[:7], "bearer ") {
		return strings.TrimSpace(a[7:])
	}
	return ""
}

// pipeline returns the analysis pipeline, building it on first use.
func (s *Server) pipeline() (*pipeline.Pipeline, error) {
	s.pmu.Lock()
	defer s.pmu.Unlock()
	if s.pipe != nil {
		return s.pipe, nil
	}
	p, err := pipeline.New(pipeline.Options{})
	if err != nil {
		return nil, fmt.Errorf("build pipeline: %w", err)
	}
	s.pipe = p
	return p, nil
}
