package queue

import (
	"errors"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the queue's Prometheus collectors; a nil *metrics records nothing.
type metrics struct {
	jobs          *prometheus.CounterVec   // outcome, worker
	handlerErrors *prometheus.CounterVec   // worker
	batchSeconds  *prometheus.HistogramVec // worker
	published     *prometheus.CounterVec   // result
}

// Outcomes of a consumed job, the "outcome" label of realign_queue_jobs_total.
const (
	outcomeDone    = "done"
	outcomeRetried = "retried"
	outcomeParked  = "parked"
)

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		jobs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "realign_queue_jobs_total",
			Help: "Jobs consumed, by outcome (done, retried, parked) and worker.",
		}, []string{"outcome", "worker"}),
		handlerErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "realign_queue_handler_errors_total",
			Help: "Errors returned (or panics raised) by the job handler, by worker.",
		}, []string{"worker"}),
		batchSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "realign_queue_batch_duration_seconds",
			Help:    "Time to process one fetched batch: load payloads, run the handler, acknowledge.",
			Buckets: prometheus.ExponentialBuckets(0.005, 2, 16), // 5ms .. ~164s
		}, []string{"worker"}),
		published: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "realign_queue_jobs_published_total",
			Help: "Jobs published, by result (new, duplicate: dropped by the server's dedup window).",
		}, []string{"result"}),
	}
	var err error
	if m.jobs, err = register(reg, m.jobs); err != nil {
		return nil, err
	}
	if m.handlerErrors, err = register(reg, m.handlerErrors); err != nil {
		return nil, err
	}
	if m.batchSeconds, err = register(reg, m.batchSeconds); err != nil {
		return nil, err
	}
	if m.published, err = register(reg, m.published); err != nil {
		return nil, err
	}
	return m, nil
}

// register registers c, or returns the identical collector already registered
// (several queues in one process share the metrics).
func register[C prometheus.Collector](reg prometheus.Registerer, c C) (C, error) {
	if err := reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if old, ok := are.ExistingCollector.(C); ok {
				return old, nil
			}
		}
		return c, fmt.Errorf("register metrics: %w", err)
	}
	return c, nil
}

func (m *metrics) job(outcome, worker string, n int) {
	if m != nil && n > 0 {
		m.jobs.WithLabelValues(outcome, worker).Add(float64(n))
	}
}

func (m *metrics) handlerError(worker string, n int) {
	if m != nil && n > 0 {
		m.handlerErrors.WithLabelValues(worker).Add(float64(n))
	}
}

func (m *metrics) batch(worker string, seconds float64) {
	if m != nil {
		m.batchSeconds.WithLabelValues(worker).Observe(seconds)
	}
}

func (m *metrics) publish(result string) {
	if m != nil {
		m.published.WithLabelValues(result).Inc()
	}
}
