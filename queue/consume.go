package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"regexp"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Handler processes a batch of jobs and returns one result per job, in order:
//
//   - nil: the job is done; it is acknowledged and removed from the queue;
//   - an error: the job is redelivered after Options.RetryDelay (doubled with
//     each delivery, at most 1m) to any worker, and parked once it has
//     failed Options.MaxDeliver times, with the error as reason;
//   - [Permanent](err): the job is parked at once.
//
// The handler may work on the jobs concurrently. Its context is not cancelled
// when Consume's is: a draining worker finishes its current batch. A panic is
// recovered: the batch's jobs are then run one at a time, so that only the
// job that panics fails (with the panic as its error).
type Handler func(ctx context.Context, jobs []Job) []error

type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// releaseError marks a job handed back through no fault of its own.
type releaseError struct{ err error }

func (e *releaseError) Error() string { return e.err.Error() }
func (e *releaseError) Unwrap() error { return e.err }

// Release marks a handler result for a job that is not at fault (its
// store is unavailable and the worker is stopping): the job goes back to
// the queue as a fresh job whose delivery count starts again, so it is
// never parked for this. Release(nil) is nil.
func Release(err error) error {
	if err == nil {
		return nil
	}
	return &releaseError{err}
}

// IsRelease reports whether err (or an error it wraps) came from Release.
func IsRelease(err error) bool {
	var r *releaseError
	return errors.As(err, &r)
}

// Permanent marks err as not worth retrying: the handler's job is parked at
// once with err as reason. Permanent(nil) is nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err}
}

// IsPermanent reports whether err, or an error it wraps, was made by [Permanent].
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}

// ConsumeOptions configures one worker's [Queue.Consume].
type ConsumeOptions struct {
	// Batch: jobs fetched and passed to one handler call. Default 16.
	Batch int
	// MaxWait: how long one fetch waits for a job when the queue is empty.
	// Default 1s; it also bounds how long a cancelled Consume waits for a
	// fetch in progress.
	MaxWait time.Duration
	// Worker names this worker in logs, metrics and heartbeats; default
	// hostname-pid.
	Worker string
	// Exit: return once the queue holds no job at all (none pending, none in
	// flight at any worker, none waiting for a retry), for batch runs and
	// tests. Otherwise Consume runs until ctx is cancelled.
	Exit bool
	// Concurrency: handler calls running at once, each on its own batch.
	// Default 1. Batch × Concurrency is clamped to Options.MaxInFlight.
	Concurrency int
}

// ConsumeStats counts what one Consume did.
type ConsumeStats struct {
	Done    uint64 // jobs acknowledged as done
	Retried uint64 // failed deliveries that will be retried
	Parked  uint64 // jobs parked
	// HandlerErrors counts the errors (and panics) the handler returned,
	// whether the job was then retried or parked.
	HandlerErrors uint64
	Batches       uint64 // handler batches processed
}

// Consume fetches batches of jobs from the shared durable consumer and runs h
// on them until ctx is cancelled (or, with co.Exit, until the queue is
// empty). All workers, in any process, share the consumer, so each job goes
// to one worker at a time.
//
// Cancelling ctx drains the worker: it stops fetching, jobs fetched but not
// yet handed to h are released for other workers at once, the batches being
// handled finish and are acknowledged, and Consume returns nil. Errors:
// the consumer cannot be created, or the connection is closed.
func (q *Queue) Consume(ctx context.Context, co ConsumeOptions, h Handler) (ConsumeStats, error) {
	if ctx.Err() != nil {
		return ConsumeStats{}, nil
	}
	if co.Batch <= 0 {
		co.Batch = 16
	}
	if co.MaxWait <= 0 {
		co.MaxWait = time.Second
	}
	if co.Worker == "" {
		host, _ := os.Hostname()
		co.Worker = fmt.Sprintf("%s-%d", host, os.Getpid())
	}
	if co.Concurrency <= 0 {
		co.Concurrency = 1
	}
	co.Concurrency = min(co.Concurrency, q.opts.MaxInFlight)
	co.Batch = max(1, min(co.Batch, q.opts.MaxInFlight/co.Concurrency))

	cons, err := q.consumer(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return ConsumeStats{}, nil
		}
		return ConsumeStats{}, err
	}
	w := &worker{q: q, cons: cons, co: co, h: h, hctx: context.WithoutCancel(ctx)}

	stopReport := make(chan struct{})
	reportDone := make(chan struct{})
	go func() {
		defer close(reportDone)
		w.report(stopReport)
	}()

	loopCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, co.Concurrency)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() {
			if errs[i] = w.loop(loopCtx); errs[i] != nil {
				cancel() // drain the other loops
			}
		})
	}
	wg.Wait()
	close(stopReport)
	<-reportDone
	return w.stats(), errors.Join(errs...)
}

// worker is one Consume call.
type worker struct {
	q    *Queue
	cons jetstream.Consumer
	co   ConsumeOptions
	h    Handler
	hctx context.Context // handler context: not cancelled by a drain

	done, retried, parked, handlerErrors, batches atomic.Uint64
}

func (w *worker) stats() ConsumeStats {
	return ConsumeStats{
		Done:          w.done.Load(),
		Retried:       w.retried.Load(),
		Parked:        w.parked.Load(),
		HandlerErrors: w.handlerErrors.Load(),
		Batches:       w.batches.Load(),
	}
}

func (w *worker) loop(ctx context.Context) error {
	const minBackoff = 100 * time.Millisecond
	backoff := minBackoff
	for ctx.Err() == nil {
		msgs, err := collect(w.cons.FetchNoWait(w.co.Batch))
		if err == nil && len(msgs) == 0 {
			if w.co.Exit {
				empty, err := w.q.empty(ctx)
				if err != nil && ctx.Err() == nil {
					w.q.log.Warn("check queue", "worker", w.co.Worker, "err", err)
				}
				if empty {
					return nil
				}
			}
			msgs, err = w.fetchWait()
		}
		if err != nil {
			if errors.Is(err, nats.ErrConnectionClosed) {
				w.release(msgs)
				return fmt.Errorf("fetch: %w", err)
			}
			w.q.log.Warn("fetch jobs", "worker", w.co.Worker, "err", err)
			if len(msgs) == 0 {
				sleep(ctx, backoff)
				backoff = min(2*backoff, 5*time.Second)
				continue
			}
		}
		backoff = minBackoff
		if len(msgs) == 0 {
			continue
		}
		if ctx.Err() != nil {
			w.release(msgs)
			return nil
		}
		w.process(msgs)
	}
	return nil
}

// fetchWait waits up to MaxWait for one job, then takes what else is
// available, up to a batch. Messages are returned even with an error.
func (w *worker) fetchWait() ([]jetstream.Msg, error) {
	msgs, err := collect(w.cons.Fetch(1, jetstream.FetchMaxWait(w.co.MaxWait)))
	if err != nil || len(msgs) == 0 || w.co.Batch == 1 {
		return msgs, err
	}
	more, err := collect(w.cons.FetchNoWait(w.co.Batch - 1))
	return append(msgs, more...), err
}

func collect(b jetstream.MessageBatch, err error) ([]jetstream.Msg, error) {
	if err != nil {
		return nil, err
	}
	var msgs []jetstream.Msg
	for m := range b.Messages() {
		msgs = append(msgs, m)
	}
	if err := b.Error(); err != nil && !errors.Is(err, jetstream.ErrNoMessages) && !errors.Is(err, nats.ErrTimeout) {
		return msgs, err
	}
	return msgs, nil
}

// release hands jobs back for immediate redelivery.
func (w *worker) release(msgs []jetstream.Msg) {
	for _, m := range msgs {
		if err := m.Nak(); err != nil {
			w.q.log.Warn("release job", "worker", w.co.Worker, "err", err)
		}
	}
}

// item is a fetched job.
type item struct {
	msg        jetstream.Msg
	job        Job
	ref        string // object name of the payload, or ""
	deliveries uint64
	seq        uint64 // stream sequence
}

// process handles one fetched batch: jobs over MaxDeliver deliveries are
// parked, payloads are loaded, the handler runs and each job is acked, retried
// or parked.
func (w *worker) process(msgs []jetstream.Msg) {
	start := time.Now()
	ctx := w.hctx
	stopKeepAlive := w.keepAlive(msgs)
	maxDeliver := uint64(w.q.opts.MaxDeliver)

	items := make([]*item, 0, len(msgs))
	for _, m := range msgs {
		md, err := m.Metadata()
		if err != nil { // not a JetStream message: cannot happen on this consumer
			w.q.log.Error("job metadata", "worker", w.co.Worker, "err", err)
			_ = m.Term()
			continue
		}
		h := m.Headers()
		it := &item{msg: m, ref: h.Get(hdrRef), deliveries: md.NumDelivered, seq: md.Sequence.Stream,
			job: Job{ID: h.Get(jetstream.MsgIDHeader), Source: h.Get(hdrSource)}}
		if it.ref == "" {
			it.job.Data = m.Data()
		}
		if md.NumDelivered > maxDeliver {
			w.park(ctx, it, fmt.Sprintf("delivered %d times without acknowledgement", md.NumDelivered-1))
			continue
		}
		if it.ref != "" {
			data, err := w.q.obj.GetBytes(ctx, it.ref)
			switch {
			case errors.Is(err, jetstream.ErrObjectNotFound):
				w.park(ctx, it, fmt.Sprintf("payload object %s not found", it.ref))
				continue
			case err != nil:
				w.q.log.Warn("load payload", "worker", w.co.Worker, "job", it.job.ID, "source", it.job.Source, "err", err)
				w.retry(it)
				continue
			}
			it.job.Data = data
		}
		items = append(items, it)
	}

	var results []error
	if len(items) > 0 {
		jobs := make([]Job, len(items))
		for i, it := range items {
			jobs[i] = it.job
		}
		results = w.run(jobs)
		w.batches.Add(1)
	}
	stopKeepAlive()

	// Acks of done jobs wait for the server's confirmation, so that a job
	// reported done (stats, status, a drained worker exiting) is not
	// redelivered; they run side by side, one round trip for the batch.
	ackErrs := make([]error, len(items))
	var acks sync.WaitGroup
	actx, cancelAcks := context.WithTimeout(ctx, 10*time.Second)
	for i, it := range items {
		if results[i] == nil {
			acks.Go(func() { ackErrs[i] = it.msg.DoubleAck(actx) })
		}
	}
	acks.Wait()
	cancelAcks()

	var doneRefs []string
	for i, it := range items {
		err := results[i]
		switch {
		case err == nil:
			if aerr := ackErrs[i]; aerr != nil {
				w.q.log.Warn("ack job", "worker", w.co.Worker, "job", it.job.ID, "source", it.job.Source, "err", aerr)
				continue // redelivered later: at least once
			}
			w.done.Add(1)
			w.q.m.job(outcomeDone, w.co.Worker, 1)
			if it.ref != "" {
				doneRefs = append(doneRefs, it.ref)
			}
		case IsRelease(err):
			// Not the job's fault (the worker is stopping while its store
			// is down): back to the queue as a fresh job, its deliveries
			// not counted against it.
			w.handlerErrors.Add(1)
			w.q.m.handlerError(w.co.Worker, 1)
			w.releaseFresh(ctx, it)
		case IsPermanent(err):
			w.handlerErrors.Add(1)
			w.q.m.handlerError(w.co.Worker, 1)
			w.park(ctx, it, err.Error())
		default:
			w.handlerErrors.Add(1)
			w.q.m.handlerError(w.co.Worker, 1)
			if it.deliveries >= maxDeliver {
				w.park(ctx, it, err.Error())
			} else {
				w.q.log.Debug("job failed, will retry", "worker", w.co.Worker, "job", it.job.ID,
					"source", it.job.Source, "deliveries", it.deliveries, "err", err)
				w.retry(it)
			}
		}
	}
	for _, ref := range doneRefs {
		w.q.deleteObject(ctx, ref)
	}
	w.q.m.batch(w.co.Worker, time.Since(start).Seconds())
}

// run calls the handler; after a panic it runs the jobs one at a time.
func (w *worker) run(jobs []Job) []error {
	res, perr := w.call(jobs)
	if perr == nil {
		return res
	}
	w.q.log.Error("handler panic", "worker", w.co.Worker, "jobs", len(jobs), "err", perr)
	if len(jobs) == 1 {
		return []error{perr}
	}
	res = make([]error, len(jobs))
	for i := range jobs {
		r, perr := w.call(jobs[i : i+1])
		if perr != nil {
			r = []error{perr}
		}
		res[i] = r[0]
	}
	return res
}

// call runs the handler once, recovering a panic, and checks the results.
func (w *worker) call(jobs []Job) (res []error, perr error) {
	defer func() {
		if r := recover(); r != nil {
			perr = fmt.Errorf("handler panic: %v", r)
			w.q.log.Debug("handler panic stack", "worker", w.co.Worker, "stack", string(debug.Stack()))
		}
	}()
	res = w.h(w.hctx, jobs)
	if len(res) != len(jobs) {
		err := fmt.Errorf("handler returned %d results for %d jobs", len(res), len(jobs))
		w.q.log.Error("handler", "worker", w.co.Worker, "err", err)
		res = make([]error, len(jobs))
		for i := range res {
			res[i] = err
		}
	}
	return res, nil
}

// keepAlive tells the server every AckWait/3 that msgs are being worked on,
// until the returned stop is called.
func (w *worker) keepAlive(msgs []jetstream.Msg) (stop func()) {
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(max(w.q.opts.AckWait/3, 10*time.Millisecond))
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				for _, m := range msgs {
					_ = m.InProgress() // fails for jobs already acked: harmless
				}
			}
		}
	})
	return func() {
		close(quit)
		wg.Wait()
	}
}

// releaseFresh puts a job back on the queue as a new message (a new job ID:
// the old one with "/released/" and its stream sequence) and acknowledges
// the old one, so that its delivery count starts again; a marker in the
// parked stream, purged at once, keeps Status's done count right (every
// job removed from the jobs stream is done, parked or released). When
// the job cannot be republished it is retried instead.
func (w *worker) releaseFresh(ctx context.Context, it *item) {
	msg := w.q.jobMsg(it.job.ID+"/released/"+strconv.FormatUint(it.seq, 10), it.job.Source, it.ref, it.job.Data)
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if _, err := w.q.js.PublishMsg(pctx, msg); err != nil {
		w.q.log.Warn("release job", "worker", w.co.Worker, "job", it.job.ID, "err", err)
		w.retry(it)
		return
	}
	if _, err := w.q.js.Publish(pctx, w.q.releasedSubject, nil); err != nil {
		w.q.log.Warn("release marker", "worker", w.co.Worker, "job", it.job.ID, "err", err)
	}
	if err := it.msg.Ack(); err != nil {
		w.q.log.Warn("ack released job", "worker", w.co.Worker, "job", it.job.ID, "err", err)
	}
	if st, err := w.q.js.Stream(pctx, w.q.parkedStream); err == nil {
		if err := st.Purge(pctx, jetstream.WithPurgeSubject(w.q.releasedSubject)); err != nil {
			w.q.log.Warn("purge release markers", "worker", w.co.Worker, "err", err)
		}
	}
	w.retried.Add(1)
	w.q.m.job(outcomeRetried, w.co.Worker, 1)
}

// retry hands a failed job back to be redelivered after the retry delay.
func (w *worker) retry(it *item) {
	d := w.q.opts.RetryDelay
	for i := uint64(1); i < it.deliveries && d < maxRetryDelay; i++ {
		d *= 2
	}
	d = min(d, maxRetryDelay)
	if err := it.msg.NakWithDelay(d); err != nil {
		w.q.log.Warn("nak job", "worker", w.co.Worker, "job", it.job.ID, "source", it.job.Source, "err", err)
	}
	w.retried.Add(1)
	w.q.m.job(outcomeRetried, w.co.Worker, 1)
}

// park records the job in the parked stream, deletes its payload object and
// acknowledges it. If the record cannot be written the job is retried.
func (w *worker) park(ctx context.Context, it *item, reason string) {
	reason = cleanHeader(reason, maxReasonLen)
	msg := nats.NewMsg(w.q.parkedSubject)
	if it.job.ID != "" {
		msg.Header.Set(jetstream.MsgIDHeader, it.job.ID)
	}
	msg.Header.Set(hdrJobID, it.job.ID)
	msg.Header.Set(hdrSource, it.job.Source)
	msg.Header.Set(hdrReason, reason)
	msg.Header.Set(hdrDeliveries, strconv.FormatUint(it.deliveries, 10))
	msg.Header.Set(hdrWorker, cleanHeader(w.co.Worker, maxHeaderValue))
	msg.Header.Set(hdrParkedAt, time.Now().UTC().Format(time.RFC3339Nano))
	switch {
	case it.ref != "":
		// The payload stays in the object store so that Requeue can
		// put the job back.
		msg.Header.Set(hdrRef, it.ref)
	case len(it.job.Data)+2*headerRoom <= int(w.q.nc.MaxPayload()):
		msg.Data = it.job.Data
	default:
		msg.Header.Set(hdrPayloadDropped, "true")
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := w.q.js.PublishMsg(pctx, msg); err != nil {
		w.q.log.Error("park job", "worker", w.co.Worker, "job", it.job.ID, "source", it.job.Source, "err", err)
		w.retry(it)
		return
	}
	if err := it.msg.Ack(); err != nil {
		w.q.log.Warn("ack parked job", "worker", w.co.Worker, "job", it.job.ID, "err", err)
	}
	w.parked.Add(1)
	w.q.m.job(outcomeParked, w.co.Worker, 1)
	w.q.log.Warn("job parked", "worker", w.co.Worker, "job", it.job.ID, "source", it.job.Source,
		"deliveries", it.deliveries, "reason", reason)
}

// report logs the worker's throughput every logEvery and keeps its heartbeat
// in the workers bucket, until stop is closed.
func (w *worker) report(stop <-chan struct{}) {
	key := workerKey(w.co.Worker)
	beat := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		b, _ := json.Marshal(heartbeat{Worker: w.co.Worker, Seen: time.Now().UTC(), Stats: w.stats()})
		if _, err := w.q.kv.Put(ctx, key, b); err != nil {
			w.q.log.Debug("worker heartbeat", "worker", w.co.Worker, "err", err)
		}
	}
	beat()
	started := time.Now()
	last, lastAt := w.stats(), started
	t := time.NewTicker(w.q.logEvery)
	defer t.Stop()
	for {
		select {
		case <-stop:
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			_ = w.q.kv.Delete(ctx, key)
			cancel()
			s := w.stats()
			w.q.log.Info("queue worker stopped", "worker", w.co.Worker,
				"jobs_per_s", rate(s.Done, time.Since(started)), "done", s.Done, "retried", s.Retried,
				"parked", s.Parked, "handler_errors", s.HandlerErrors)
			return
		case now := <-t.C:
			s := w.stats()
			w.q.log.Info("queue worker", "worker", w.co.Worker,
				"jobs_per_s", rate(s.Done-last.Done, now.Sub(lastAt)),
				"done", s.Done-last.Done, "retried", s.Retried-last.Retried,
				"parked", s.Parked-last.Parked, "handler_errors", s.HandlerErrors-last.HandlerErrors,
				"total_done", s.Done)
			last, lastAt = s, now
			beat()
		}
	}
}

// heartbeat is a worker's entry in the workers bucket.
type heartbeat struct {
	Worker string       `json:"worker"`
	Seen   time.Time    `json:"seen"`
	Stats  ConsumeStats `json:"stats"`
}

var keyUnsafe = regexp.MustCompile(`[^-_=a-zA-Z0-9]`)

func workerKey(name string) string {
	k := keyUnsafe.ReplaceAllString(name, "_")
	if k == "" {
		k = "_"
	}
	return k
}

func rate(n uint64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return math.Round(float64(n)/d.Seconds()*10) / 10
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
