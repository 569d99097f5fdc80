package queue

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
)

// The tests run against the NATS server at $REALIGN_TEST_NATS (default
// nats://127.0.0.1:4222); when none answers they start a throwaway
// nats-server (JetStream, temporary store) if the binary is installed, and
// skip otherwise.

const natsServerBin = "/usr/sbin/nats-server"

var (
	testURL  string
	skipWhy  string
	quietLog = slog.New(slog.NewTextHandler(io.Discard, nil))
)

func TestMain(m *testing.M) {
	testURL = os.Getenv("REALIGN_TEST_NATS")
	if testURL == "" {
		testURL = DefaultURL
	}
	var stop func()
	if err := ping(testURL); err != nil {
		if bin := serverBinary(); bin != "" {
			dir, derr := os.MkdirTemp("", "queue-nats-")
			if derr == nil {
				var url string
				url, stop, err = startServer(bin, dir, freePort())
				if err == nil {
					testURL = url
				} else {
					skipWhy = fmt.Sprintf("no NATS server at %s and starting %s failed: %v", testURL, bin, err)
				}
				defer os.RemoveAll(dir)
			}
		} else {
			skipWhy = fmt.Sprintf("no NATS server with JetStream at %s (%v) and no nats-server binary: skipping queue tests", testURL, err)
		}
	}
	code := m.Run()
	if stop != nil {
		stop()
	}
	os.Exit(code)
}

func ping(url string) error {
	nc, err := nats.Connect(url, nats.Timeout(2*time.Second))
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_, err = js.AccountInfo(ctx)
	return err
}

func serverBinary() string {
	if p, err := exec.LookPath("nats-server"); err == nil {
		return p
	}
	if _, err := os.Stat(natsServerBin); err == nil {
		return natsServerBin
	}
	return ""
}

func freePort() int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 14222
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startServer starts nats-server with JetStream storing in dir and waits until
// it answers.
func startServer(bin, dir string, port int) (url string, stop func(), err error) {
	cmd := exec.Command(bin, "-a", "127.0.0.1", "-p", fmt.Sprint(port), "-js", "-sd", dir)
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	stop = func() {
		_ = cmd.Process.Kill()
		<-exited
	}
	url = fmt.Sprintf("nats://127.0.0.1:%d", port)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if err = ping(url); err == nil {
			return url, stop, nil
		}
		if time.Now().After(deadline) {
			stop()
			return "", nil, fmt.Errorf("server did not answer: %w", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func needServer(t testing.TB) {
	t.Helper()
	if skipWhy != "" {
		t.Skip(skipWhy)
	}
}

// newTestQueue connects to a queue with a fresh random name and deletes its
// streams and buckets when the test ends.
func newTestQueue(t testing.TB, opts Options) *Queue {
	t.Helper()
	needServer(t)
	if opts.URL == "" {
		opts.URL = testURL
	}
	opts.Name = "T" + strings.ToUpper(randomSuffix())
	if opts.Logger == nil {
		opts.Logger = quietLog
	}
	q, err := Connect(context.Background(), opts)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := q.Delete(ctx); err != nil {
			t.Error(err)
		}
		_ = q.Close()
	})
	return q
}

// sameQueue opens a second connection to q's queue (another worker).
func sameQueue(t testing.TB, q *Queue) *Queue {
	t.Helper()
	opts := q.opts
	q2, err := Connect(context.Background(), opts)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { _ = q2.Close() })
	return q2
}

func makeJobs(prefix string, n int) []Job {
	jobs := make([]Job, n)
	for i := range jobs {
		jobs[i] = Job{
			ID:     fmt.Sprintf("%s-%03d", prefix, i),
			Source: fmt.Sprintf("test/%s/%d", prefix, i),
			Data:   fmt.Appendf(nil, "payload %s %d", prefix, i),
		}
	}
	return jobs
}

func ids(jobs []Job) []string {
	out := make([]string, len(jobs))
	for i, j := range jobs {
		out[i] = j.ID
	}
	sort.Strings(out)
	return out
}

// recorder is a handler that records what it saw; fail decides each job's
// result given how many times the job was seen before.
type recorder struct {
	mu      sync.Mutex
	calls   map[string]int // handler calls per job ID
	done    map[string]int // nil results per job ID
	jobs    map[string]Job // last seen
	workers map[string]int // jobs per worker name (set by per-worker handlers)
	fail    func(j Job, seen int) error
}

func newRecorder(fail func(j Job, seen int) error) *recorder {
	return &recorder{calls: map[string]int{}, done: map[string]int{}, jobs: map[string]Job{},
		workers: map[string]int{}, fail: fail}
}

func (r *recorder) handle(_ context.Context, jobs []Job) []error {
	return r.handleAs("", jobs)
}

func (r *recorder) handleAs(worker string, jobs []Job) []error {
	r.mu.Lock()
	defer r.mu.Unlock()
	res := make([]error, len(jobs))
	for i, j := range jobs {
		seen := r.calls[j.ID]
		r.calls[j.ID]++
		r.jobs[j.ID] = j
		if r.fail != nil {
			res[i] = r.fail(j, seen)
		}
		if res[i] == nil {
			r.done[j.ID]++
			r.workers[worker]++
		}
	}
	return res
}

func (r *recorder) count(m map[string]int) map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func ones(idList []string) map[string]int {
	m := make(map[string]int, len(idList))
	for _, id := range idList {
		m[id] = 1
	}
	return m
}

func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func objectCount(t testing.TB, q *Queue) int {
	t.Helper()
	objs, err := q.obj.List(context.Background())
	if errors.Is(err, jetstream.ErrNoObjectsFound) {
		return 0
	}
	if err != nil {
		t.Fatalf("list objects: %v", err)
	}
	return len(objs)
}

// metricValue sums the samples of a metric family whose labels include want.
func metricValue(t testing.TB, reg *prometheus.Registry, name string, want map[string]string) float64 {
	t.Helper()
	fams, err := reg.Gather()
	if err != nil {
		t.Fatalf("gather: %v", err)
	}
	var sum float64
	for _, f := range fams {
		if f.GetName() != name {
			continue
		}
	metric:
		for _, m := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			for k, v := range want {
				if labels[k] != v {
					continue metric
				}
			}
			if c := m.GetCounter(); c != nil {
				sum += c.GetValue()
			}
			if h := m.GetHistogram(); h != nil {
				sum += float64(h.GetSampleCount())
			}
		}
	}
	return sum
}

func TestRoundTrip(t *testing.T) {
	reg := prometheus.NewRegistry()
	q := newTestQueue(t, Options{InlineMax: 1024, Registerer: reg})
	ctx := testCtx(t)
	big := bytes.Repeat([]byte("0123456789abcdef"), 3<<20/16) // 3 MiB: over the server's max_payload
	jobs := []Job{
		{ID: "small", Source: "a.warc#1", Data: []byte("hello")},
		{ID: "empty", Source: "a.warc#2"},
		{ID: "inline-max", Source: "a.warc#3", Data: bytes.Repeat([]byte{'x'}, q.InlineMax())},
		{ID: "just-over", Source: "a.warc#4\nwith newline", Data: bytes.Repeat([]byte{'y'}, q.InlineMax()+1)},
		{ID: "huge", Source: "b.warc#1", Data: big},
	}
	if err := q.Publish(ctx, jobs...); err != nil {
		t.Fatal(err)
	}
	if got := objectCount(t, q); got != 2 {
		t.Errorf("objects stored after publish = %d, want 2 (payloads over InlineMax)", got)
	}
	rec := newRecorder(nil)
	stats, err := q.Consume(ctx, ConsumeOptions{Exit: true, Worker: "w1"}, rec.handle)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Job{}
	for _, j := range jobs {
		j.Source = strings.ReplaceAll(j.Source, "\n", " ")
		want[j.ID] = j
	}
	if diff := cmp.Diff(want, rec.jobs, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("jobs handled (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(ConsumeStats{Done: 5, Batches: 1}, stats); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
	if got := objectCount(t, q); got != 0 {
		t.Errorf("objects left after done = %d, want 0", got)
	}
	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"realign_queue_jobs_total", map[string]string{"outcome": "done", "worker": "w1"}, 5},
		{"realign_queue_jobs_total", map[string]string{"outcome": "parked"}, 0},
		{"realign_queue_jobs_published_total", map[string]string{"result": "new"}, 5},
		{"realign_queue_batch_duration_seconds", map[string]string{"worker": "w1"}, 1},
	} {
		if got := metricValue(t, reg, c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
}

func TestPublishRequiresID(t *testing.T) {
	q := newTestQueue(t, Options{})
	err := q.Publish(testCtx(t), Job{Source: "nameless.warc#7", Data: []byte("x")})
	if err == nil || !strings.Contains(err.Error(), "nameless.warc#7") {
		t.Fatalf("Publish without ID: err = %v, want an error naming the source", err)
	}
}

func TestDedup(t *testing.T) {
	reg := prometheus.NewRegistry()
	q := newTestQueue(t, Options{InlineMax: 16, Registerer: reg})
	ctx := testCtx(t)
	a := Job{ID: "a", Source: "a", Data: []byte("short")}
	b := Job{ID: "b", Source: "b", Data: bytes.Repeat([]byte("b"), 100)} // by reference
	if err := q.Publish(ctx, a, b); err != nil {
		t.Fatal(err)
	}
	if err := q.Publish(ctx, b, a, a); err != nil {
		t.Fatal(err)
	}
	st, err := q.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Pending != 2 {
		t.Errorf("pending after republish = %d, want 2", st.Pending)
	}
	if got := objectCount(t, q); got != 1 {
		t.Errorf("objects after republish = %d, want 1 (duplicate's payload deleted)", got)
	}
	if got := metricValue(t, reg, "realign_queue_jobs_published_total", map[string]string{"result": "duplicate"}); got != 3 {
		t.Errorf("duplicates counted = %v, want 3", got)
	}
	rec := newRecorder(nil)
	if _, err := q.Consume(ctx, ConsumeOptions{Exit: true}, rec.handle); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]int{"a": 1, "b": 1}, rec.count(rec.calls)); diff != "" {
		t.Errorf("handler calls per job (-want +got):\n%s", diff)
	}
}

func TestRetryThenSuccess(t *testing.T) {
	q := newTestQueue(t, Options{RetryDelay: 20 * time.Millisecond})
	ctx := testCtx(t)
	jobs := makeJobs("r", 5)
	if err := q.Publish(ctx, jobs...); err != nil {
		t.Fatal(err)
	}
	rec := newRecorder(func(j Job, seen int) error {
		if j.ID == "r-002" && seen == 0 {
			return errors.New("transient")
		}
		return nil
	})
	stats, err := q.Consume(ctx, ConsumeOptions{Exit: true}, rec.handle)
	if err != nil {
		t.Fatal(err)
	}
	wantCalls := ones(ids(jobs))
	wantCalls["r-002"] = 2
	if diff := cmp.Diff(wantCalls, rec.count(rec.calls)); diff != "" {
		t.Errorf("handler calls (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(ones(ids(jobs)), rec.count(rec.done)); diff != "" {
		t.Errorf("jobs done (-want +got):\n%s", diff)
	}
	if stats.Done != 5 || stats.Retried != 1 || stats.HandlerErrors != 1 || stats.Parked != 0 {
		t.Errorf("stats = %+v, want 5 done, 1 retried, 1 handler error", stats)
	}
}

func TestPermanentParked(t *testing.T) {
	q := newTestQueue(t, Options{})
	ctx := testCtx(t)
	jobs := makeJobs("p", 4)
	if err := q.Publish(ctx, jobs...); err != nil {
		t.Fatal(err)
	}
	rec := newRecorder(func(j Job, _ int) error {
		if j.ID == "p-001" {
			return Permanent(fmt.Errorf("parse %s: not a document", j.Source))
		}
		return nil
	})
	stats, err := q.Consume(ctx, ConsumeOptions{Exit: true, Worker: "wp"}, rec.handle)
	if err != nil {
		t.Fatal(err)
	}
	if got := rec.count(rec.calls)["p-001"]; got != 1 {
		t.Errorf("permanent job handled %d times, want 1", got)
	}
	st, err := q.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := Status{Done: 3, Failed: 1, Parked: []Parked{{
		ID: "p-001", Source: "test/p/1", Reason: "parse test/p/1: not a document", Deliveries: 1, Worker: "wp",
	}}}
	if diff := cmp.Diff(want, st, cmpopts.IgnoreFields(Parked{}, "Time")); diff != "" {
		t.Errorf("status (-want +got):\n%s", diff)
	}
	if stats.Parked != 1 || stats.Done != 3 {
		t.Errorf("stats = %+v, want 3 done, 1 parked", stats)
	}
	if !IsPermanent(fmt.Errorf("wrapped: %w", Permanent(io.EOF))) || IsPermanent(io.EOF) || Permanent(nil) != nil {
		t.Error("IsPermanent/Permanent disagree")
	}
}

func TestParkedAfterMaxDeliver(t *testing.T) {
	q := newTestQueue(t, Options{MaxDeliver: 3, RetryDelay: 10 * time.Millisecond})
	ctx := testCtx(t)
	jobs := makeJobs("m", 3)
	if err := q.Publish(ctx, jobs...); err != nil {
		t.Fatal(err)
	}
	rec := newRecorder(func(j Job, seen int) error {
		if j.ID == "m-000" {
			return fmt.Errorf("boom %d", seen+1)
		}
		return nil
	})
	stats, err := q.Consume(ctx, ConsumeOptions{Exit: true}, rec.handle)
	if err != nil {
		t.Fatal(err)
	}
	if got := rec.count(rec.calls)["m-000"]; got != 3 {
		t.Errorf("failing job handled %d times, want MaxDeliver=3", got)
	}
	st, err := q.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Parked) != 1 || st.Parked[0].Reason != "boom 3" || st.Parked[0].Deliveries != 3 || st.Parked[0].ID != "m-000" {
		t.Errorf("parked = %+v, want m-000 with reason %q after 3 deliveries", st.Parked, "boom 3")
	}
	want := ConsumeStats{Done: 2, Retried: 2, Parked: 1, HandlerErrors: 3}
	if diff := cmp.Diff(want, stats, cmpopts.IgnoreFields(ConsumeStats{}, "Batches")); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
}

func TestPanicIsolated(t *testing.T) {
	q := newTestQueue(t, Options{MaxDeliver: 2, RetryDelay: 10 * time.Millisecond})
	ctx := testCtx(t)
	jobs := makeJobs("x", 5)
	if err := q.Publish(ctx, jobs...); err != nil {
		t.Fatal(err)
	}
	rec := newRecorder(nil)
	h := func(ctx context.Context, jobs []Job) []error {
		for _, j := range jobs {
			if j.ID == "x-003" {
				panic("poison document")
			}
		}
		return rec.handle(ctx, jobs)
	}
	if _, err := q.Consume(ctx, ConsumeOptions{Exit: true}, h); err != nil {
		t.Fatal(err)
	}
	wantDone := ones(ids(jobs))
	delete(wantDone, "x-003")
	if diff := cmp.Diff(wantDone, rec.count(rec.done)); diff != "" {
		t.Errorf("jobs done (-want +got):\n%s", diff)
	}
	st, err := q.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Parked) != 1 || st.Parked[0].ID != "x-003" || !strings.Contains(st.Parked[0].Reason, "poison document") {
		t.Errorf("parked = %+v, want x-003 with the panic as reason", st.Parked)
	}
}

// deadFetch takes n jobs as a worker that dies: it never acknowledges them.
func deadFetch(t *testing.T, q *Queue, n int) {
	t.Helper()
	c, err := q.consumer(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := collect(c.Fetch(n, jetstream.FetchMaxWait(5*time.Second)))
	if err != nil || len(msgs) != n {
		t.Fatalf("dead worker fetched %d jobs (err %v), want %d", len(msgs), err, n)
	}
}

func TestRedeliveryAfterDeadWorker(t *testing.T) {
	q := newTestQueue(t, Options{AckWait: time.Second})
	ctx := testCtx(t)
	jobs := makeJobs("d", 6)
	if err := q.Publish(ctx, jobs...); err != nil {
		t.Fatal(err)
	}
	deadFetch(t, q, 4)
	rec := newRecorder(nil)
	if _, err := sameQueue(t, q).Consume(ctx, ConsumeOptions{Exit: true}, rec.handle); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ones(ids(jobs)), rec.count(rec.done)); diff != "" {
		t.Errorf("jobs done (-want +got):\n%s", diff)
	}
}

func TestParkedWithoutAcknowledgement(t *testing.T) {
	q := newTestQueue(t, Options{AckWait: time.Second, MaxDeliver: 2})
	ctx := testCtx(t)
	if err := q.Publish(ctx, Job{ID: "killer", Source: "k.warc#9", Data: []byte("x")}); err != nil {
		t.Fatal(err)
	}
	deadFetch(t, q, 1) // first delivery: the worker dies
	deadFetch(t, q, 1) // redelivered after AckWait: dies again
	if err := q.Publish(ctx, Job{ID: "fine", Source: "f", Data: []byte("y")}); err != nil {
		t.Fatal(err)
	}
	rec := newRecorder(nil)
	if _, err := q.Consume(ctx, ConsumeOptions{Exit: true, Worker: "w"}, rec.handle); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]int{"fine": 1}, rec.count(rec.calls)); diff != "" {
		t.Errorf("handler calls (-want +got):\n%s", diff)
	}
	st, err := q.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := Status{Done: 1, Failed: 1, Parked: []Parked{{ID: "killer", Source: "k.warc#9",
		Reason: "delivered 2 times without acknowledgement", Deliveries: 3, Worker: "w"}}}
	if diff := cmp.Diff(want, st, cmpopts.IgnoreFields(Parked{}, "Time")); diff != "" {
		t.Errorf("status (-want +got):\n%s", diff)
	}
}

func TestInProgressKeepsLiveWorkersJob(t *testing.T) {
	q := newTestQueue(t, Options{AckWait: time.Second})
	ctx := testCtx(t)
	if err := q.Publish(ctx, Job{ID: "slow", Source: "s", Data: []byte("z")}); err != nil {
		t.Fatal(err)
	}
	rec := newRecorder(nil)
	slow := func(ctx context.Context, jobs []Job) []error {
		time.Sleep(3 * time.Second) // three AckWaits: only InProgress keeps the job here
		return rec.handle(ctx, jobs)
	}
	var wg sync.WaitGroup
	for _, qq := range []*Queue{q, sameQueue(t, q)} {
		wg.Go(func() {
			if _, err := qq.Consume(ctx, ConsumeOptions{Exit: true, MaxWait: 200 * time.Millisecond}, slow); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if diff := cmp.Diff(map[string]int{"slow": 1}, rec.count(rec.calls)); diff != "" {
		t.Errorf("handler calls (-want +got):\n%s", diff)
	}
}

func TestGracefulDrain(t *testing.T) {
	// AckWait is short: a job the drain failed to acknowledge would be
	// redelivered and handled twice.
	q := newTestQueue(t, Options{AckWait: 2 * time.Second})
	ctx := testCtx(t)
	jobs := makeJobs("g", 120)
	if err := q.Publish(ctx, jobs...); err != nil {
		t.Fatal(err)
	}
	rec := newRecorder(nil)
	runCtx, cancel := context.WithCancel(ctx)
	var mu sync.Mutex
	batches := 0
	h := func(hctx context.Context, jobs []Job) []error {
		mu.Lock()
		batches++
		if batches == 3 {
			cancel() // SIGTERM arrives mid-batch
		}
		mu.Unlock()
		time.Sleep(50 * time.Millisecond) // the batch finishes after the signal
		if hctx.Err() != nil {
			t.Error("handler context cancelled by the drain")
		}
		return rec.handle(hctx, jobs)
	}
	stats, err := q.Consume(runCtx, ConsumeOptions{Batch: 10, Concurrency: 2}, h)
	if err != nil {
		t.Fatalf("drain: %v", err)
	}
	first := rec.count(rec.done)
	if stats.Done != uint64(len(first)) || len(first) == 0 || len(first) == len(jobs) {
		t.Errorf("drained run: stats %+v, %d jobs handled of %d", stats, len(first), len(jobs))
	}
	st, err := q.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Done != stats.Done || st.Pending+st.InFlight != uint64(len(jobs))-stats.Done {
		t.Errorf("status after drain = %+v, want %d done and the rest left", st, stats.Done)
	}
	if _, err := q.Consume(ctx, ConsumeOptions{Exit: true}, rec.handle); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ones(ids(jobs)), rec.count(rec.calls)); diff != "" {
		t.Errorf("handler calls over both runs (-want +got):\n%s", diff)
	}
}

func TestStatus(t *testing.T) {
	q := newTestQueue(t, Options{})
	ctx := testCtx(t)
	jobs := makeJobs("s", 10)
	if err := q.Publish(ctx, jobs...); err != nil {
		t.Fatal(err)
	}
	st, err := q.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Status{Pending: 10}, st); diff != "" {
		t.Errorf("status after publish (-want +got):\n%s", diff)
	}
	c, err := q.consumer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	held, err := collect(c.Fetch(3, jetstream.FetchMaxWait(5*time.Second)))
	if err != nil || len(held) != 3 {
		t.Fatalf("fetched %d (err %v), want 3", len(held), err)
	}
	st, err = q.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Status{Pending: 7, InFlight: 3}, st); diff != "" {
		t.Errorf("status with 3 held (-want +got):\n%s", diff)
	}
	for _, m := range held {
		if err := m.DoubleAck(ctx); err != nil {
			t.Fatal(err)
		}
	}
	var during Status
	var once sync.Once
	rec := newRecorder(func(j Job, _ int) error {
		if j.ID == "s-005" {
			return Permanent(errors.New("bad"))
		}
		return nil
	})
	h := func(ctx context.Context, jobs []Job) []error {
		once.Do(func() {
			if during, err = q.Status(ctx); err != nil {
				t.Error(err)
			}
		})
		return rec.handle(ctx, jobs)
	}
	if _, err := q.Consume(ctx, ConsumeOptions{Exit: true, Worker: "status worker"}, h); err != nil {
		t.Fatal(err)
	}
	if during.Workers != 1 || during.InFlight != 7 {
		t.Errorf("status while consuming = %+v, want 1 worker and 7 in flight", during)
	}
	st, err = q.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := Status{Done: 9, Failed: 1, Parked: []Parked{{ID: "s-005", Source: "test/s/5", Reason: "bad",
		Deliveries: 1, Worker: "status worker"}}}
	if diff := cmp.Diff(want, st, cmpopts.IgnoreFields(Parked{}, "Time")); diff != "" {
		t.Errorf("final status (-want +got):\n%s", diff)
	}
	if age := time.Since(st.Parked[0].Time); age < 0 || age > time.Minute {
		t.Errorf("parked time %v is not recent", st.Parked[0].Time)
	}
}

func TestTwoWorkersSplitJobs(t *testing.T) {
	q := newTestQueue(t, Options{})
	ctx := testCtx(t)
	jobs := makeJobs("two", 300)
	if err := q.Publish(ctx, jobs...); err != nil {
		t.Fatal(err)
	}
	rec := newRecorder(nil)
	var started sync.WaitGroup
	started.Add(2)
	allStarted := make(chan struct{})
	go func() { started.Wait(); close(allStarted) }()
	var wg sync.WaitGroup
	for i, qq := range []*Queue{q, sameQueue(t, q)} {
		name := fmt.Sprintf("w%d", i)
		var first sync.Once
		h := func(_ context.Context, jobs []Job) []error {
			// Each worker holds its first batch until both have one, so
			// both take part whatever the scheduling.
			first.Do(func() {
				started.Done()
				select {
				case <-allStarted:
				case <-time.After(20 * time.Second):
					t.Error("the other worker never got a batch")
				}
			})
			return rec.handleAs(name, jobs)
		}
		wg.Go(func() {
			if _, err := qq.Consume(ctx, ConsumeOptions{Exit: true, Worker: name}, h); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if diff := cmp.Diff(ones(ids(jobs)), rec.count(rec.calls)); diff != "" {
		t.Errorf("handler calls (-want +got):\n%s", diff)
	}
	w := rec.count(rec.workers)
	if w["w0"] == 0 || w["w1"] == 0 || w["w0"]+w["w1"] != len(jobs) {
		t.Errorf("jobs per worker = %v, want both > 0, summing to %d", w, len(jobs))
	}
	st, err := q.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Status{Done: 300}, st); diff != "" {
		t.Errorf("status (-want +got):\n%s", diff)
	}
}

func TestServerRestart(t *testing.T) {
	bin := serverBinary()
	if bin == "" {
		t.Skip("no nats-server binary to restart: skipping")
	}
	dir := t.TempDir()
	port := freePort()
	url, stop, err := startServer(bin, dir, port)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { stop() }()
	q := newTestQueueAt(t, url)
	ctx := testCtx(t)
	jobs := makeJobs("rs", 40)
	if err := q.Publish(ctx, jobs...); err != nil {
		t.Fatal(err)
	}
	rec := newRecorder(nil)
	var once sync.Once
	h := func(ctx context.Context, jobs []Job) []error {
		once.Do(func() {
			stop()
			_, stop2, err := startServer(bin, dir, port)
			if err != nil {
				t.Errorf("restart: %v", err)
				return
			}
			stop = stop2
		})
		return rec.handle(ctx, jobs)
	}
	if _, err := q.Consume(ctx, ConsumeOptions{Exit: true, Batch: 8}, h); err != nil {
		t.Fatal(err)
	}
	done := rec.count(rec.done)
	for _, id := range ids(jobs) {
		if done[id] == 0 {
			t.Errorf("job %s never done", id)
		}
	}
	st, err := q.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Pending != 0 || st.InFlight != 0 || st.Done != 40 {
		t.Errorf("status after restart = %+v, want 40 done", st)
	}
}

// newTestQueueAt connects to a throwaway server; its store goes with it.
func newTestQueueAt(t *testing.T, url string) *Queue {
	t.Helper()
	q, err := Connect(context.Background(), Options{URL: url, Name: "RESTART", AckWait: 2 * time.Second, Logger: quietLog})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = q.Close() })
	return q
}

func TestThroughputLog(t *testing.T) {
	var buf syncBuffer
	q := newTestQueue(t, Options{Logger: slog.New(slog.NewTextHandler(&buf, nil))})
	q.logEvery = 20 * time.Millisecond
	ctx := testCtx(t)
	if err := q.Publish(ctx, makeJobs("l", 6)...); err != nil {
		t.Fatal(err)
	}
	slow := func(_ context.Context, jobs []Job) []error {
		time.Sleep(50 * time.Millisecond)
		return make([]error, len(jobs))
	}
	if _, err := q.Consume(ctx, ConsumeOptions{Exit: true, Batch: 2, Worker: "logger"}, slow); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{`msg="queue worker" queue=` + q.opts.Name + ` worker=logger jobs_per_s=`,
		"handler_errors=0", `msg="queue worker stopped"`, "done=6 retried=0 parked=0"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestConnectErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		opts Options
		want string
	}{
		{"bad name", Options{Name: "a.b", URL: testURL}, "queue name"},
		{"no server", Options{Name: "X", URL: fmt.Sprintf("nats://127.0.0.1:%d", freePort())}, "connect"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Connect(context.Background(), c.opts)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Connect: err = %v, want it to mention %q", err, c.want)
			}
		})
	}
}

func TestCleanHeader(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"plain", 10, "plain"},
		{"two\r\nlines", 20, "two  lines"},
		{"abcdef", 3, "abc"},
		{"aé", 2, "a"}, // é is two bytes: not cut in half
	} {
		if got := cleanHeader(c.in, c.n); got != c.want {
			t.Errorf("cleanHeader(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}

// BenchmarkPublishConsume measures the queue's per-job overhead: publish,
// fetch and acknowledge of 1 KiB jobs with a handler that does nothing.
func BenchmarkPublishConsume(b *testing.B) {
	for _, batch := range []int{16, 64} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			q := newTestQueue(b, Options{})
			ctx := context.Background()
			data := bytes.Repeat([]byte("d"), 1024)
			jobs := make([]Job, b.N)
			for i := range jobs {
				jobs[i] = Job{ID: fmt.Sprintf("bench-%d", i), Source: "bench", Data: data}
			}
			noop := func(_ context.Context, jobs []Job) []error { return make([]error, len(jobs)) }
			b.ResetTimer()
			start := time.Now()
			if err := q.Publish(ctx, jobs...); err != nil {
				b.Fatal(err)
			}
			published := time.Now()
			stats, err := q.Consume(ctx, ConsumeOptions{Exit: true, Batch: batch}, noop)
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			if stats.Done != uint64(b.N) {
				b.Fatalf("done %d of %d", stats.Done, b.N)
			}
			b.ReportMetric(float64(published.Sub(start).Nanoseconds())/float64(b.N), "publish-ns/job")
			b.ReportMetric(float64(time.Since(published).Nanoseconds())/float64(b.N), "consume-ns/job")
		})
	}
}

// BenchmarkObjectPayload measures jobs whose 1 MiB payload goes through the
// object store (over InlineMax): put, reference, get, delete.
func BenchmarkObjectPayload(b *testing.B) {
	q := newTestQueue(b, Options{})
	ctx := context.Background()
	data := bytes.Repeat([]byte("o"), 1<<20)
	jobs := make([]Job, b.N)
	for i := range jobs {
		jobs[i] = Job{ID: fmt.Sprintf("obj-%d", i), Source: "bench", Data: data}
	}
	noop := func(_ context.Context, jobs []Job) []error { return make([]error, len(jobs)) }
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	if err := q.Publish(ctx, jobs...); err != nil {
		b.Fatal(err)
	}
	if _, err := q.Consume(ctx, ConsumeOptions{Exit: true}, noop); err != nil {
		b.Fatal(err)
	}
}

// TestRequeue parks every job (an outage), requeues them, and checks a
// second run does them all, payloads in the object store included.
func TestRequeue(t *testing.T) {
	q := newTestQueue(t, Options{InlineMax: 64})
	ctx := testCtx(t)
	jobs := makeJobs("r", 3)
	jobs = append(jobs, Job{ID: "r-big", Source: "test/r/big", Data: bytes.Repeat([]byte("z"), 200)})
	if err := q.Publish(ctx, jobs...); err != nil {
		t.Fatal(err)
	}
	down := newRecorder(func(Job, int) error { return Permanent(errors.New("store: connection refused")) })
	if _, err := q.Consume(ctx, ConsumeOptions{Exit: true, Worker: "down"}, down.handle); err != nil {
		t.Fatal(err)
	}
	st, err := q.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Failed != 4 || st.Done != 0 {
		t.Fatalf("after the outage: %+v, want 4 failed", st)
	}
	rs, err := q.Requeue(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if rs.Requeued != 4 || rs.Lost != 0 {
		t.Errorf("Requeue = %+v, want 4 requeued", rs)
	}
	up := newRecorder(nil)
	if _, err := q.Consume(ctx, ConsumeOptions{Exit: true, Worker: "up"}, up.handle); err != nil {
		t.Fatal(err)
	}
	want, got := map[string]string{}, map[string]string{}
	for _, j := range jobs {
		want[j.Source] = string(j.Data)
	}
	for id, j := range up.jobs {
		if !strings.Contains(id, "/requeue/") {
			t.Errorf("requeued job id %q keeps the old id (the dedup window would drop it)", id)
		}
		got[j.Source] = string(j.Data)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("jobs done after requeue, by source (-want +got):\n%s", diff)
	}
	st, err = q.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Failed != 0 || st.Done != 4 || st.Pending != 0 {
		t.Errorf("after requeue: %+v, want 4 done, 0 failed", st)
	}
	if n := objectCount(t, q); n != 0 {
		t.Errorf("%d payload objects left", n)
	}
}

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"nats://127.0.0.1:4222", "nats://127.0.0.1:4222"},
		{"nats://user:secret@h:4222", "nats://user:xxxxx@h:4222"},
		{"nats://s3cr3ttoken@h:4222", "nats://xxxxx@h:4222"},
		{"nats://a:pw@h1:4222,nats://h2:4222", "nats://a:xxxxx@h1:4222,nats://h2:4222"},
	}
	for _, tt := range tests {
		if got := RedactURL(tt.in); got != tt.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestReleaseNotParked: a job released (its store down while the worker
// stops) more times than MaxDeliver allows is still not parked, and the
// done count stays right.
func TestReleaseNotParked(t *testing.T) {
	q := newTestQueue(t, Options{MaxDeliver: 2, RetryDelay: 10 * time.Millisecond})
	ctx := testCtx(t)
	if err := q.Publish(ctx, makeJobs("rel", 2)...); err != nil {
		t.Fatal(err)
	}
	rec := newRecorder(func(j Job, seen int) error {
		if strings.HasPrefix(j.ID, "rel-000") && len(strings.Split(j.ID, "/released/")) <= 4 {
			return Release(errors.New("store: connection refused"))
		}
		return nil
	})
	if _, err := q.Consume(ctx, ConsumeOptions{Exit: true, Worker: "r"}, rec.handle); err != nil {
		t.Fatal(err)
	}
	st, err := q.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Done != 2 || st.Failed != 0 || st.Pending != 0 || st.InFlight != 0 {
		t.Errorf("status %+v, want 2 done, 0 parked", st)
	}
	released := 0
	for id := range rec.calls {
		if strings.Contains(id, "/released/") {
			released++
		}
	}
	if released != 4 {
		t.Errorf("%d released copies handled, want 4 (more than MaxDeliver 2)", released)
	}
	if !IsRelease(fmt.Errorf("w: %w", Release(io.EOF))) || IsRelease(io.EOF) || Release(nil) != nil {
		t.Error("IsRelease/Release disagree")
	}
}

func TestMustExist(t *testing.T) {
	needServer(t)
	_, err := Connect(testCtx(t), Options{URL: testURL, Name: "NOPE" + randomSuffix(), MustExist: true})
	if !errors.Is(err, ErrNotExist) {
		t.Errorf("Connect(MustExist) to a missing queue: %v, want ErrNotExist", err)
	}
}
