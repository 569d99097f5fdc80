package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/realign/realign"
	"github.com/realign/realign/ingest"
	"github.com/realign/realign/pipeline"
	"github.com/realign/realign/queue"
)

func init() {
	register(command{"worker", "take ingest jobs from a NATS JetStream queue, analyse them and store them (PostgreSQL or SQLite)", runWorker})
}

const workerUsage = "worker --queue nats://127.0.0.1:4222 --db postgres://… [--batch 16] [--concurrency 1] [--workers N] [--metrics ADDR] [--exit-when-empty]"

// queueFlags are the flags every queue command shares.
type queueFlags struct {
	url, name *string
}

func addQueueFlags(fs *flagSet, required bool) *queueFlags {
	help := "NATS `URL` of the JetStream work queue"
	if !required {
		help += "; with it, ingest publishes jobs for `realign worker` instead of analysing here"
	}
	def := ""
	if required {
		def = "nats://127.0.0.1:4222"
	}
	return &queueFlags{
		url:  fs.String("queue", def, help),
		name: fs.String("queue-name", "REALIGN", "`name` of the queue's streams and buckets (several corpora can share one NATS server)"),
	}
}

func (qf *queueFlags) options(logger *slog.Logger, reg prometheus.Registerer) queue.Options {
	return queue.Options{URL: *qf.url, Name: *qf.name, Logger: logger, Registerer: reg}
}

// workerMetrics count what a worker stored.
type workerMetrics struct {
	docs        *prometheus.CounterVec
	events      prometheus.Counter
	storeErrors prometheus.Counter
}

func newWorkerMetrics(reg prometheus.Registerer, worker string) *workerMetrics {
	m := &workerMetrics{
		docs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "realign_worker_documents_total", Help: "Documents a worker processed, by ingest outcome (stored, duplicate, near-duplicate, not-coded, skipped, failed).",
			ConstLabels: prometheus.Labels{"worker": worker},
		}, []string{"status"}),
		events: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "realign_worker_events_total", Help: "Event mentions a worker stored.", ConstLabels: prometheus.Labels{"worker": worker},
		}),
	}
	m.storeErrors = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "realign_worker_store_errors_total", Help: "Batches a worker could not store (the store unavailable); the batch is held and retried.",
		ConstLabels: prometheus.Labels{"worker": worker},
	})
	reg.MustRegister(m.docs, m.events, m.storeErrors)
	return m
}

func runWorker(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("worker", workerUsage, e)
	qf := addQueueFlags(fs, true)
	db := fs.String("db", "", dbUsage+" where the worker stores documents (required: every worker of a queue must name the same store)")
	batch := fs.Int("batch", 16, "jobs taken and committed together")
	workers := fs.Int("workers", 0, "analysis goroutines per batch (default: the number of CPUs)")
	concurrency := fs.Int("concurrency", 1, "batches in progress at once; above 1 a batch can be analysed while another is committed, but batches may commit out of order, so event clusters can differ slightly from a one-process ingest")
	inFlight := fs.Int("max-in-flight", 64, "jobs this worker holds unacknowledged at most")
	ackWait := fs.Duration("ack-wait", 2*time.Minute, "a job not acknowledged within this is given to another worker (a dead worker's jobs)")
	maxDeliver := fs.Int("max-deliver", 5, "a job that failed this many times is parked with its reason")
	metricsAddr := fs.String("metrics", "", "serve Prometheus metrics at http://`ADDR`/metrics (host:port; none when empty)")
	name := fs.String("name", "", "worker `name` in logs and metrics (default host-pid)")
	exit := fs.Bool("exit-when-empty", false, "stop when the queue has no job left (for batch runs) instead of waiting for more")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("worker: unexpected arguments %q", pos)
	}
	if *qf.name == "" {
		return usagef("worker: --queue-name must not be empty")
	}
	if *db == "" {
		return usagef("worker: --db is required: the store all workers share (postgres://user@host:5432/db), or a SQLite file for a one-machine run")
	}
	switch {
	case *batch < 1:
		return usagef("worker: --batch must be at least 1, not %d", *batch)
	case *workers < 0:
		return usagef("worker: --workers must not be negative, not %d", *workers)
	case *concurrency < 1:
		return usagef("worker: --concurrency must be at least 1, not %d", *concurrency)
	case *inFlight < *batch:
		return usagef("worker: --max-in-flight (%d) must be at least --batch (%d)", *inFlight, *batch)
	case *ackWait < time.Second:
		return usagef("worker: --ack-wait must be at least 1s, not %v", *ackWait)
	case *maxDeliver < 1:
		return usagef("worker: --max-deliver must be at least 1, not %d", *maxDeliver)
	}
	if *name == "" {
		host, _ := os.Hostname()
		*name = fmt.Sprintf("%s-%d", host, os.Getpid())
	}
	base := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	logger := base.With("worker", *name)
	reg := newRegistry()
	if *metricsAddr != "" {
		if err := serveMetrics(ctx, *metricsAddr, reg, e.stderr); err != nil {
			return err
		}
	}
	p, err := pipeline.New(pipeline.Options{})
	if err != nil {
		return fmt.Errorf("pipeline: %w", err)
	}
	st, err := openDB(ctx, *db, false)
	if err != nil {
		return err
	}
	defer st.Close()
	qo := qf.options(base, reg) // the queue adds queue and worker to its lines
	qo.AckWait, qo.MaxDeliver, qo.MaxInFlight = *ackWait, *maxDeliver, *inFlight
	q, err := queue.Connect(ctx, qo)
	if err != nil {
		return err
	}
	defer q.Close()
	wm := newWorkerMetrics(reg, *name)
	opts := ingest.Options{Pipeline: p, Workers: *workers, BatchSize: *batch}
	logger.Info("worker started", "queue", queue.RedactURL(*qf.url), "queue_name", *qf.name, "db", redactDSN(*db), "batch", *batch)
	handler := func(hctx context.Context, jobs []queue.Job) []error {
		errs := make([]error, len(jobs))
		items := make([]ingest.Item, 0, len(jobs))
		pos := make([]int, 0, len(jobs))
		for i, j := range jobs {
			var it ingest.Item
			if err := it.UnmarshalBinary(j.Data); err != nil {
				errs[i] = queue.Permanent(fmt.Errorf("job %s: %w", j.Source, err))
				continue
			}
			items, pos = append(items, it), append(pos, i)
		}
		// A store error (the database down, unreachable, full) is no
		// fault of the jobs: the worker holds the batch (the queue keeps
		// it in progress) and tries again with backoff until the store
		// is back, so that an outage parks nothing. When the worker is
		// stopped meanwhile, the jobs go back to the queue. The batch is
		// committed even when the worker is stopped (draining).
		var outs []ingest.Outcome
		for wait := time.Second; ; wait = min(2*wait, 30*time.Second) {
			var err error
			outs, _, err = ingest.Process(context.WithoutCancel(hctx), st, items, opts)
			if err == nil {
				break
			}
			wm.storeErrors.Inc()
			if ctx.Err() != nil {
				for _, i := range pos {
					errs[i] = queue.Release(err) // back to the queue, never parked for this
				}
				return errs
			}
			logger.Warn("store unavailable: holding the batch and trying again", "jobs", len(items), "retry_in", wait, "err", err)
			select {
			case <-time.After(wait):
			case <-ctx.Done():
			}
		}
		for k, o := range outs {
			i := pos[k]
			wm.docs.WithLabelValues(o.Status).Inc()
			wm.events.Add(float64(o.Events))
			switch o.Status {
			case realign.IngestSkipped:
				errs[i] = queue.Permanent(fmt.Errorf("not a document: %s", o.Reason))
			case realign.IngestFailed:
				errs[i] = errors.New(o.Reason)
			}
		}
		return errs
	}
	go func() {
		<-ctx.Done()
		logger.Info("stopping: finishing the batches in hand, then exiting (jobs not started go back to the queue)")
	}()
	cs, err := q.Consume(ctx, queue.ConsumeOptions{Batch: *batch, Concurrency: *concurrency, Worker: *name, Exit: *exit}, handler)
	logger.Info("worker stopped", "done", cs.Done, "retried", cs.Retried, "parked", cs.Parked, "handler_errors", cs.HandlerErrors, "batches", cs.Batches)
	if err != nil {
		return err
	}
	return nil
}
