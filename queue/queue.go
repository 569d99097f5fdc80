// Package queue is the durable work queue for distributed ingest, on NATS
// JetStream.
//
// Publishers put [Job]s on a work-queue stream; any number of workers share
// one durable pull consumer and run a [Handler] on batches of jobs. Delivery is
// at least once: a job is removed only when a worker acknowledges it, so the
// handler's writes must be idempotent (the store keys documents by content
// hash). A job not acknowledged within [Options.AckWait] (its worker died) is
// redelivered to another worker; a job that fails [Options.MaxDeliver] times,
// or is delivered that many times without an acknowledgement, is parked with
// its reason in a separate stream.
//
// For a queue named N (default "REALIGN") [Connect] creates or reuses:
//
//   - stream N_JOBS, subject N.jobs: the jobs (work-queue retention, file
//     storage, duplicate window [Options.DedupWindow] keyed by Job.ID);
//   - consumer "workers" on N_JOBS (explicit ack), created by [Queue.Consume];
//   - stream N_PARKED, subject N.parked: parked jobs with reason, deliveries,
//     source, worker and time (limits retention, 1 GiB, oldest dropped first);
//   - object store N_PAYLOADS: payloads larger than [Options.InlineMax];
//   - key-value bucket N_WORKERS: one heartbeat per running worker (TTL 30s),
//     for [Status.Workers].
package queue

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
)

// Defaults of [Options].
const (
	DefaultURL         = "nats://127.0.0.1:4222"
	DefaultName        = "REALIGN"
	DefaultMaxDeliver  = 5
	DefaultAckWait     = 2 * time.Minute
	DefaultMaxInFlight = 64
	DefaultInlineMax   = 512 << 10
	DefaultRetryDelay  = time.Second
	DefaultDedupWindow = time.Hour
)

const (
	consumerName      = "workers"
	maxAckPending     = 10000 // unacknowledged jobs over all workers
	maxRetryDelay     = time.Minute
	parkedMaxBytes    = 1 << 30
	heartbeatEvery    = 10 * time.Second
	heartbeatTTL      = 3 * heartbeatEvery
	publishWindow     = 256 // outstanding async publish acks per Publish call
	headerRoom        = 8 << 10
	maxHeaderValue    = 1024
	maxReasonLen      = 4096
	hdrSource         = "Realign-Source"
	hdrRef            = "Realign-Ref"
	hdrJobID          = "Realign-Job-Id"
	hdrReason         = "Realign-Reason"
	hdrDeliveries     = "Realign-Deliveries"
	hdrWorker         = "Realign-Worker"
	hdrParkedAt       = "Realign-Parked-At"
	hdrPayloadDropped = "Realign-Payload-Dropped"
)

// Options configures a [Queue]. Zero fields take the documented defaults.
type Options struct {
	// URL of the NATS server(s), comma-separated; default nats://127.0.0.1:4222.
	URL string
	// Name prefixes the streams and buckets (letters, digits, '-', '_');
	// default "REALIGN".
	Name string
	// MaxDeliver: a job whose handler failed this many times, or that was
	// delivered this many times without an acknowledgement (it kills the
	// worker), is parked. Default 5.
	MaxDeliver int
	// AckWait: a job not acknowledged within this is redelivered to another
	// worker. While a handler runs, Consume tells the server every AckWait/3
	// that its jobs are still in progress, so only a dead worker's jobs are
	// redelivered. It is a setting of the shared consumer: the last Consume to
	// start sets it for all workers. Default 2m.
	AckWait time.Duration
	// MaxInFlight bounds the unacknowledged jobs one worker holds
	// (ConsumeOptions.Batch × ConsumeOptions.Concurrency is clamped to it).
	// Default 64.
	MaxInFlight int
	// InlineMax: payloads larger than this many bytes go to the object store
	// and the message carries a reference; the object is deleted once the job
	// is done or parked. Clamped below the server's max_payload. Default 512 KiB.
	InlineMax int
	// RetryDelay is the delay before a failed job is redelivered; it doubles
	// with each delivery, up to 1 minute. Default 1s.
	RetryDelay time.Duration
	// DedupWindow: a job published again with the same ID within this window
	// is dropped by the server. Default 1h.
	DedupWindow time.Duration
	// Replicas of each stream and bucket in a NATS cluster (1, 3 or 5).
	// Default 1.
	Replicas int
	// Logger for reconnects, parked jobs and worker throughput; default
	// slog.Default().
	Logger *slog.Logger
	// Registerer receives the queue's Prometheus metrics; nil: no metrics.
	Registerer prometheus.Registerer
	// MustExist makes Connect fail with ErrNotExist when the queue's jobs
	// stream does not exist, instead of creating the queue (for status,
	// requeue and delete).
	MustExist bool
}

func (o Options) withDefaults() Options {
	if o.URL == "" {
		o.URL = DefaultURL
	}
	if o.Name == "" {
		o.Name = DefaultName
	}
	if o.MaxDeliver <= 0 {
		o.MaxDeliver = DefaultMaxDeliver
	}
	if o.AckWait <= 0 {
		o.AckWait = DefaultAckWait
	}
	if o.MaxInFlight <= 0 {
		o.MaxInFlight = DefaultMaxInFlight
	}
	if o.InlineMax <= 0 {
		o.InlineMax = DefaultInlineMax
	}
	if o.RetryDelay <= 0 {
		o.RetryDelay = DefaultRetryDelay
	}
	if o.DedupWindow <= 0 {
		o.DedupWindow = DefaultDedupWindow
	}
	if o.Replicas <= 0 {
		o.Replicas = 1
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// Job is one unit of work.
type Job struct {
	// ID is the idempotency key, set by the publisher (e.g. a content hash);
	// required. The server drops a job whose ID was published within the
	// dedup window.
	ID string
	// Source names the input in logs and parked records (e.g. a file path and
	// record number); newlines are replaced and it is cut to 1 KiB.
	Source string
	// Data is the opaque payload, of any size.
	Data []byte
}

// ErrNotExist is returned (wrapped) by Connect with MustExist when the
// queue does not exist on the server.
var ErrNotExist = errors.New("no such queue")

// Queue is a connection to the work queue. It is safe for concurrent use.
type Queue struct {
	opts      Options
	nc        *nats.Conn
	js        jetstream.JetStream
	obj       jetstream.ObjectStore
	kv        jetstream.KeyValue
	log       *slog.Logger
	m         *metrics
	inlineMax int
	// names
	jobsStream, parkedStream, jobsSubject, parkedSubject string
	releasedSubject                                      string // markers in the parked stream (see release)
	logEvery                                             time.Duration
}

var validName = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// Connect connects to the NATS server and creates, or reuses, the streams and
// buckets of the queue named opts.Name (see the package documentation).
// Errors: the server is unreachable, JetStream is disabled, or a stream
// exists with an incompatible configuration.
func Connect(ctx context.Context, opts Options) (*Queue, error) {
	opts = opts.withDefaults()
	if !validName.MatchString(opts.Name) {
		return nil, fmt.Errorf("queue name %q: only letters, digits, '-' and '_'", opts.Name)
	}
	log := opts.Logger.With("queue", opts.Name)
	for _, u := range strings.Split(opts.URL, ",") {
		if _, err := url.Parse(strings.TrimSpace(u)); err != nil {
			// url's error repeats the URL, password included.
			return nil, fmt.Errorf("connect %s: not a valid URL (escape special characters in the user or password with %%XX)", RedactURL(opts.URL))
		}
	}
	nc, err := nats.Connect(opts.URL,
		nats.Name("realign "+opts.Name),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(time.Second),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				log.Warn("nats disconnected", "err", err)
			}
		}),
		nats.ReconnectHandler(func(c *nats.Conn) {
			log.Info("nats reconnected", "url", c.ConnectedUrlRedacted())
		}),
	)
	if err != nil {
		return nil, fmt.Errorf("connect %s: %w", RedactURL(opts.URL), err)
	}
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(16*publishWindow))
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("jetstream: %w", err)
	}
	q := &Queue{
		opts:            opts,
		nc:              nc,
		js:              js,
		log:             log,
		inlineMax:       min(opts.InlineMax, int(nc.MaxPayload())-headerRoom),
		jobsStream:      opts.Name + "_JOBS",
		parkedStream:    opts.Name + "_PARKED",
		jobsSubject:     opts.Name + ".jobs",
		parkedSubject:   opts.Name + ".parked",
		releasedSubject: opts.Name + ".released",
		logEvery:        heartbeatEvery,
	}
	if q.inlineMax < 0 {
		q.inlineMax = 0
	}
	if opts.MustExist {
		if _, err := js.Stream(ctx, q.jobsStream); errors.Is(err, jetstream.ErrStreamNotFound) {
			nc.Close()
			return nil, fmt.Errorf("queue %s on %s: %w", opts.Name, RedactURL(opts.URL), ErrNotExist)
		} else if err != nil {
			nc.Close()
			return nil, fmt.Errorf("queue %s: %w", opts.Name, err)
		}
	}
	if err := q.setup(ctx); err != nil {
		nc.Close()
		return nil, err
	}
	if opts.Registerer != nil {
		if q.m, err = newMetrics(opts.Registerer); err != nil {
			nc.Close()
			return nil, err
		}
	}
	return q, nil
}

func (q *Queue) setup(ctx context.Context) error {
	r := q.opts.Replicas
	if _, err := q.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        q.jobsStream,
		Description: "realign ingest jobs",
		Subjects:    []string{q.jobsSubject},
		Retention:   jetstream.WorkQueuePolicy,
		Storage:     jetstream.FileStorage,
		Duplicates:  q.opts.DedupWindow,
		Replicas:    r,
	}); err != nil {
		return fmt.Errorf("create stream %s: %w", q.jobsStream, err)
	}
	if _, err := q.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        q.parkedStream,
		Description: "realign ingest jobs parked after failures",
		Subjects:    []string{q.parkedSubject, q.releasedSubject},
		Retention:   jetstream.LimitsPolicy,
		Storage:     jetstream.FileStorage,
		MaxBytes:    parkedMaxBytes,
		Discard:     jetstream.DiscardOld,
		Duplicates:  q.opts.DedupWindow,
		Replicas:    r,
	}); err != nil {
		return fmt.Errorf("create stream %s: %w", q.parkedStream, err)
	}
	var err error
	if q.obj, err = q.js.CreateOrUpdateObjectStore(ctx, jetstream.ObjectStoreConfig{
		Bucket:      q.opts.Name + "_PAYLOADS",
		Description: "realign ingest payloads larger than the inline limit",
		Storage:     jetstream.FileStorage,
		Replicas:    r,
	}); err != nil {
		return fmt.Errorf("create object store %s_PAYLOADS: %w", q.opts.Name, err)
	}
	if q.kv, err = q.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket:      q.opts.Name + "_WORKERS",
		Description: "realign worker heartbeats",
		TTL:         heartbeatTTL,
		Storage:     jetstream.FileStorage,
		Replicas:    r,
	}); err != nil {
		return fmt.Errorf("create key-value bucket %s_WORKERS: %w", q.opts.Name, err)
	}
	return nil
}

// consumer creates or updates the shared durable consumer.
func (q *Queue) consumer(ctx context.Context) (jetstream.Consumer, error) {
	c, err := q.js.CreateOrUpdateConsumer(ctx, q.jobsStream, jetstream.ConsumerConfig{
		Durable:       consumerName,
		Description:   "realign workers",
		DeliverPolicy: jetstream.DeliverAllPolicy,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       q.opts.AckWait,
		MaxDeliver:    -1, // MaxDeliver is enforced by Consume, which parks the job
		MaxAckPending: maxAckPending,
		Replicas:      q.opts.Replicas,
	})
	if err != nil {
		return nil, fmt.Errorf("create consumer %s: %w", consumerName, err)
	}
	return c, nil
}

// InlineMax is the effective inline payload limit in bytes: Options.InlineMax
// clamped below the server's max_payload.
func (q *Queue) InlineMax() int { return q.inlineMax }

// Close waits up to 5s for outstanding publish acknowledgements, flushes
// pending acknowledgements and closes the connection.
func (q *Queue) Close() error {
	select {
	case <-q.js.PublishAsyncComplete():
	case <-time.After(5 * time.Second):
	}
	err := q.nc.FlushTimeout(5 * time.Second)
	q.nc.Close()
	if err != nil && !errors.Is(err, nats.ErrConnectionClosed) {
		return fmt.Errorf("flush: %w", err)
	}
	return nil
}

// cleanHeader makes s a valid one-line header value of at most n bytes.
func cleanHeader(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' {
			return ' '
		}
		return r
	}, s)
	if len(s) > n {
		s = strings.ToValidUTF8(s[:n], "")
	}
	return s
}

func randomSuffix() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Delete removes the queue from the server: its jobs and parked-jobs
// streams, the payload object store and the worker heartbeats. Jobs not
// yet done are lost. The Queue is unusable afterwards except for Close.
func (q *Queue) Delete(ctx context.Context) error {
	var errs []error
	for _, s := range []string{q.jobsStream, q.parkedStream} {
		if err := q.js.DeleteStream(ctx, s); err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) {
			errs = append(errs, fmt.Errorf("delete stream %s: %w", s, err))
		}
	}
	if err := q.js.DeleteObjectStore(ctx, q.opts.Name+"_PAYLOADS"); err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) && !errors.Is(err, jetstream.ErrBucketNotFound) {
		errs = append(errs, fmt.Errorf("delete object store: %w", err))
	}
	if err := q.js.DeleteKeyValue(ctx, q.opts.Name+"_WORKERS"); err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) && !errors.Is(err, jetstream.ErrBucketNotFound) {
		errs = append(errs, fmt.Errorf("delete key-value bucket: %w", err))
	}
	return errors.Join(errs...)
}

// RedactURL returns a NATS server URL (or a comma-separated list of them)
// fit for messages: a password, or a token given as the user, is masked.
func RedactURL(raw string) string {
	parts := strings.Split(raw, ",")
	for i, p := range parts {
		u, err := url.Parse(strings.TrimSpace(p))
		if err != nil || u.User == nil {
			if err != nil && strings.Contains(p, "@") {
				parts[i] = "nats://xxxxx@…"
			}
			continue
		}
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		} else {
			u.User = url.User("xxxxx")
		}
		parts[i] = u.String()
	}
	return strings.Join(parts, ",")
}
