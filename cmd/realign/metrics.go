package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// newRegistry returns a Prometheus registry with the Go runtime and
// process collectors.
func newRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

// metricsHandler serves reg in the Prometheus text format.
func metricsHandler(reg *prometheus.Registry) http.Handler {
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg})
}

// serveMetrics serves reg at http://addr/metrics until ctx is done. It
// returns once the listener is open; an error means it could not listen.
func serveMetrics(ctx context.Context, addr string, reg *prometheus.Registry, stderr io.Writer) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", metricsHandler(reg))
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stderr, "realign: metrics on http://%s/metrics\n", ln.Addr())
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		hs.Shutdown(sctx)
	}()
	go func() {
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(stderr, "realign: metrics: %v\n", err)
		}
	}()
	return nil
}

// httpMetrics counts the requests of `realign serve` by method and status
// code and times them.
type httpMetrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newHTTPMetrics(reg prometheus.Registerer) *httpMetrics {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "realign_http_requests_total", Help: "HTTP requests served, by method, area (api, page, static) and status code.",
		}, []string{"method", "area", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "realign_http_request_duration_seconds", Help: "Time to serve an HTTP request, by area (api, page, static).",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"area"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

// area groups paths so that the metrics' label values stay few.
func area(path string) string {
	switch {
	case strings.HasPrefix(path, "/api/"):
		return "api"
	case strings.HasPrefix(path, "/static/"):
		return "static"
	}
	return "page"
}

// observe records one served request (web.Options.Observe).
func (m *httpMetrics) observe(method, path string, status int, d time.Duration) {
	a := area(path)
	m.requests.WithLabelValues(method, a, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(a).Observe(d.Seconds())
}
