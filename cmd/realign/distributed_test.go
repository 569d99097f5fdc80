package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/jackc/pgx/v5"

	"github.com/realign/realign/internal/testcorpus"
	"github.com/realign/realign/queue"
	"github.com/realign/realign/store"
)

// pgAdminURL is the PostgreSQL server the scale-out tests use (this
// machine's, trust auth); REALIGN_TEST_POSTGRES overrides it.
func pgAdminURL() string {
	if u := os.Getenv("REALIGN_TEST_POSTGRES"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

// natsURL is the NATS JetStream server the scale-out tests use;
// REALIGN_TEST_NATS overrides it.
func natsURL() string {
	if u := os.Getenv("REALIGN_TEST_NATS"); u != "" {
		return u
	}
	return "nats://127.0.0.1:4222"
}

func reachable(t *testing.T, what, rawURL, hostport string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", hostport, 2*time.Second)
	if err != nil {
		t.Skipf("%s not reachable at %s (%v): start it or set the override variable to run this test", what, rawURL, err)
	}
	c.Close()
}

// tempPostgres creates a fresh database on the test server and returns its
// URL; it is dropped when the test ends.
func tempPostgres(t *testing.T) string {
	t.Helper()
	admin := pgAdminURL()
	reachable(t, "PostgreSQL", admin, "127.0.0.1:5432")
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Skipf("PostgreSQL at %s: %v", admin, err)
	}
	name := "realign_test_" + randHex(6)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		conn.Close(ctx)
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Logf("drop database %s: %v", name, err)
		}
	})
	cfg, err := pgx.ParseConfig(admin)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("postgres://%s@%s:%d/%s?sslmode=disable", cfg.User, cfg.Host, cfg.Port, name)
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// scaleOutInputs are the VOA stories and the Zyte benchmark pages.
func scaleOutInputs(t *testing.T) []string {
	t.Helper()
	voa, ok1 := testcorpus.Shared("corpora/voa/voa_stories.jsonl")
	zyte, ok2 := testcorpus.Shared("eval/extraction/zyte-benchmark/html")
	if !ok1 || !ok2 {
		t.Skip("../shared/corpora/voa or ../shared/eval/extraction/zyte-benchmark is absent")
	}
	return []string{voa, zyte}
}

// eventKeys returns one line per stored event mention, independent of
// storage order and keys: document, trigger span, code, dyad.
func eventKeys(t *testing.T, db string) []string {
	t.Helper()
	code, out, errOut := runCLI(t, "", "events", "--db", db, "--format", "jsonl")
	if code != 0 {
		t.Fatalf("events --db %s: exit %d: %s", redactDSN(db), code, errOut)
	}
	var keys []string
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var ev store.Event
		if err := dec.Decode(&ev); err != nil {
			t.Fatal(err)
		}
		src, tgt := "", ""
		if ev.Source != nil {
			src = ev.Source.Code
		}
		if ev.Target != nil {
			tgt = ev.Target.Code
		}
		keys = append(keys, fmt.Sprintf("%s %d-%d %s %s>%s %s", ev.Document.ID[:12], ev.Trigger.Start, ev.Trigger.End, ev.Code, src, tgt, ev.Day))
	}
	sort.Strings(keys)
	return keys
}

func statsOf(t *testing.T, db string) store.Stats {
	t.Helper()
	code, out, errOut := runCLI(t, "", "stats", "--db", db, "--format", "json")
	if code != 0 {
		t.Fatalf("stats --db %s: exit %d: %s", redactDSN(db), code, errOut)
	}
	var st store.Stats
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("stats: %v\n%s", err, out)
	}
	return st
}

// TestDistributedIngest is the scale-out acceptance test: the VOA corpus
// and the Zyte pages are published to a JetStream queue, three worker
// processes store them in PostgreSQL, one of them is killed with SIGKILL
// mid-way and another stopped with SIGTERM (it drains), and at the end
// every document is stored exactly once and the events equal those of a
// single-process SQLite run on the same input.
func TestDistributedIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the distributed-ingest test starts three worker processes")
	}
	inputs := scaleOutInputs(t)
	reachable(t, "NATS", natsURL(), strings.TrimPrefix(natsURL(), "nats://"))
	pg := tempPostgres(t)

	// Reference: one process, SQLite.
	ref := filepath.Join(t.TempDir(), "ref.db")
	if code, _, errOut := runCLI(t, "", append([]string{"ingest", "--db", ref, "--progress", "none"}, inputs...)...); code != 0 {
		t.Fatalf("reference ingest: exit %d: %s", code, errOut)
	}

	// Publish.
	qname := "RT" + strings.ToUpper(randHex(4))
	t.Cleanup(func() { deleteQueue(t, qname) })
	code, out, errOut := runCLI(t, "", append([]string{"ingest", "--queue", natsURL(), "--queue-name", qname, "--progress", "none"}, inputs...)...)
	if code != 0 {
		t.Fatalf("ingest --queue: exit %d: %s", code, errOut)
	}
	t.Logf("%s", out)

	// Three workers; the first is killed once documents are being stored,
	// the second is stopped.
	var workers []*exec.Cmd
	var logs []*bytes.Buffer
	for i := range 3 {
		cmd := exec.Command(os.Args[0], "worker", "--queue", natsURL(), "--queue-name", qname, "--db", pg,
			"--batch", "4", "--workers", "1", "--ack-wait", "5s", "--exit-when-empty", "--name", fmt.Sprintf("w%d", i))
		cmd.Env = append(os.Environ(), "REALIGN_TEST_MAIN=1")
		var buf bytes.Buffer
		cmd.Stdout, cmd.Stderr = &buf, &buf
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		workers, logs = append(workers, cmd), append(logs, &buf)
	}
	defer func() {
		for _, w := range workers {
			if w.ProcessState == nil {
				w.Process.Kill()
				w.Wait()
			}
		}
	}()
	deadline := time.Now().Add(3 * time.Minute)
	var atKill int64
	for {
		if atKill = pgDocuments(t, pg); atKill >= 40 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("workers stored too few documents in time; worker 0 log:\n%s", logs[0])
		}
		time.Sleep(200 * time.Millisecond)
	}
	if err := workers[0].Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	workers[0].Wait()
	// The second is stopped with SIGTERM: it drains (finishes and
	// acknowledges the batch in hand) and exits 0; the third finishes.
	if err := workers[1].Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for i, w := range workers[1:] {
		done := make(chan error, 1)
		go func() { done <- w.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("worker %d: %v\n%s", i+1, err, logs[i+1])
			}
		case <-time.After(5 * time.Minute):
			t.Fatalf("worker %d did not finish\n%s", i+1, logs[i+1])
		}
	}

	// Every job done, none parked beyond the inputs that are not documents.
	refStats, pgStats := statsOf(t, ref), statsOf(t, pg)
	if atKill >= refStats.Documents {
		t.Fatalf("the worker was killed after all %d documents were stored: nothing was redelivered", atKill)
	}
	t.Logf("worker 0 killed with %d of %d documents stored", atKill, refStats.Documents)
	q, err := queue.Connect(context.Background(), queue.Options{URL: natsURL(), Name: qname})
	if err != nil {
		t.Fatal(err)
	}
	qs, err := q.Status(context.Background())
	q.Close()
	if err != nil {
		t.Fatal(err)
	}
	if qs.Pending != 0 || qs.InFlight != 0 {
		t.Errorf("queue not drained: %+v", qs)
	}
	if int64(qs.Failed) != refStats.Ingest["skipped"]+refStats.Ingest["failed"] {
		t.Errorf("queue parked %d jobs; the reference skipped %d and failed %d: %+v", qs.Failed, refStats.Ingest["skipped"], refStats.Ingest["failed"], qs.Parked)
	}

	// Stored exactly once, same events.
	if pgStats.Documents != refStats.Documents || pgStats.Coded != refStats.Coded || pgStats.NearDuplicates != refStats.NearDuplicates {
		t.Errorf("documents: postgres %d (%d coded, %d near-duplicates), sqlite %d (%d coded, %d near-duplicates)",
			pgStats.Documents, pgStats.Coded, pgStats.NearDuplicates, refStats.Documents, refStats.Coded, refStats.NearDuplicates)
	}
	if n := pgDistinctDocuments(t, pg); n != pgStats.Documents {
		t.Errorf("%d distinct documents, %d rows", n, pgStats.Documents)
	}
	if pgStats.Events != refStats.Events || pgStats.Events == 0 {
		t.Errorf("events: postgres %d, sqlite %d", pgStats.Events, refStats.Events)
	}
	if diff := cmp.Diff(eventKeys(t, ref), eventKeys(t, pg)); diff != "" {
		t.Errorf("events differ (-sqlite +postgres):\n%s", diff)
	}
	t.Logf("stored %d documents, %d events; queue %+v", pgStats.Documents, pgStats.Events, qs)

	// The read commands give the same answers from PostgreSQL.
	for _, args := range [][]string{
		{"shifts", "--format", "json", "--min-events", "2"},
		{"dyad", "USA", "RUS", "--format", "json"},
		{"blocs", "--format", "json"},
		{"events", "--actor", "PAK", "--format", "jsonl"},
	} {
		_, want, _ := runCLI(t, "", append(args, "--db", ref)...)
		code, got, errOut := runCLI(t, "", append(args, "--db", pg)...)
		if code != 0 {
			t.Errorf("%v --db postgres: exit %d: %s", args, code, errOut)
			continue
		}
		want, got = stripIDs(want), stripIDs(got)
		if args[0] == "events" {
			// Same-day events come in storage order, which is the
			// workers' commit order.
			want, got = sortedLines(want), sortedLines(got)
		}
		if diff := cmp.Diff(jsonValues(t, want), jsonValues(t, got), cmpopts.EquateApprox(0, 1e-9)); diff != "" {
			t.Errorf("%v: sqlite and postgres differ (-sqlite +postgres):\n%s", args, diff)
		}
	}
	checkServe(t, pg)
}

// jsonValues decodes a JSON document or JSON lines, so that numbers
// compare with a tolerance (sums in another order differ in the last bit).
func jsonValues(t *testing.T, s string) []any {
	t.Helper()
	var out []any
	dec := json.NewDecoder(strings.NewReader(s))
	for dec.More() {
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("decode: %v", err)
		}
		out = append(out, v)
	}
	return out
}

func sortedLines(s string) string {
	lines := strings.Split(s, "\n")
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// stripIDs blanks the storage keys (event and cluster ids) that depend on
// the order in which workers committed.
func stripIDs(s string) string {
	return idField.ReplaceAllString(s, "$1 0")
}

var idField = regexp.MustCompile(`("(?:id|cluster|event_id|cluster_id)":)\s*\d+`)

// checkServe runs realign serve over db and reads the API, a page and the
// metrics.
func checkServe(t *testing.T, db string) {
	t.Helper()
	addrc := make(chan string, 1)
	serveReady = func(a string) { addrc <- a }
	defer func() { serveReady = nil }()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: &stderr}
		done <- runServe(ctx, e, []string{"--db", db, "--addr", "127.0.0.1:0", "--quiet"})
	}()
	var addr string
	select {
	case addr = <-addrc:
	case err := <-done:
		t.Fatalf("serve ended early: %v\n%s", err, stderr.String())
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	for _, c := range []struct{ path, want string }{
		{"/api/stats", `"documents"`},
		{"/api/events?limit=3", `"cameo"`},
		{"/api/search?q=Putin", `"snippet"`},
		{"/", "Recent events"},
		{"/metrics", "realign_http_requests_total"},
	} {
		resp, err := http.Get("http://" + addr + c.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), c.want) {
			t.Errorf("serve --db postgres: GET %s: %d %.300s", c.path, resp.StatusCode, body)
		}
	}
	cancel()
	<-done
}

func pgDocuments(t *testing.T, url string) int64 {
	return pgCount(t, url, "SELECT count(*) FROM documents")
}

func pgDistinctDocuments(t *testing.T, url string) int64 {
	return pgCount(t, url, "SELECT count(DISTINCT id) FROM documents")
}

func pgCount(t *testing.T, url, q string) int64 {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int64
	if err := conn.QueryRow(ctx, q).Scan(&n); err != nil {
		if strings.Contains(err.Error(), "does not exist") {
			return 0 // not migrated yet
		}
		t.Fatal(err)
	}
	return n
}

func deleteQueue(t *testing.T, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	q, err := queue.Connect(ctx, queue.Options{URL: natsURL(), Name: name})
	if err != nil {
		t.Logf("delete queue %s: %v", name, err)
		return
	}
	defer q.Close()
	if err := q.Delete(ctx); err != nil {
		t.Logf("delete queue %s: %v", name, err)
	}
}
