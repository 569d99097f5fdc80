package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/realign/realign/sqlite"
)

// childEnv holds the arguments of a child process running `realign` from
// the test binary (TestIngestChild), separated by \x1f.
const childEnv = "REALIGN_TEST_CHILD_ARGS"

// TestIngestChild is not a test: it runs the command line in childEnv when
// the crash test starts the test binary as a child process.
func TestIngestChild(t *testing.T) {
	args := os.Getenv(childEnv)
	if args == "" {
		t.Skip("only runs as the crash test's child process")
	}
	os.Exit(run(context.Background(), strings.Split(args, "\x1f"), os.Stdin, os.Stdout, os.Stderr))
}

// child returns the test binary started as `realign args...`.
func child(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestIngestChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+strings.Join(args, "\x1f"))
	return cmd
}

// syntheticCorpus writes n distinct short news items as JSON lines.
func syntheticCorpus(t *testing.T, dir string, n int) string {
	t.Helper()
	actors := []string{"Kenya", "Uganda", "Ghana", "Peru", "Chile", "Japan", "India", "Brazil", "Egypt", "Turkey", "France", "Spain", "Norway", "Mexico", "Canada", "Poland", "Vietnam"}
	verbs := []string{"met the foreign minister of", "signed a trade agreement with", "criticised", "promised aid to", "held talks with"}
	var b strings.Builder
	for i := range n {
		a, c := actors[i%len(actors)], actors[(i*7+3)%len(actors)]
		if a == c {
			c = "Germany"
		}
		fmt.Fprintf(&b, `{"text": "The president of %s %s %s on Monday, officials said in a statement numbered %d. `+
			`\"We will work together,\" the president said after meeting %d, adding that talks would continue.", "title": "Report %d", "published": "2024-03-%02d"}`+"\n",
			a, verbs[i%len(verbs)], c, i, i*31, i, 1+i%28)
	}
	p := filepath.Join(dir, "corpus.jsonl")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func dbStats(t *testing.T, path string) sqlite.Stats {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path, sqlite.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.IntegrityCheck(context.Background()); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	st, err := db.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	st.Ingest = nil // the log also records the interrupted run
	return st
}

// TestIngestCrash kills an ingest child process with SIGKILL part-way,
// checks the database's integrity, runs the same command again and
// compares the final counts with those of an uninterrupted run.
func TestIngestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child processes")
	}
	dir := t.TempDir()
	const n = 600
	corpus := syntheticCorpus(t, dir, n)
	full, crashed := filepath.Join(dir, "full.db"), filepath.Join(dir, "crashed.db")
	common := []string{"--progress", "none", "--batch", "10", corpus}

	// The crashed run: killed once some batches are committed.
	cmd := child(t, append([]string{"ingest", "--db", crashed}, common...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("child stored nothing in 60s: %s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
		if walSize(crashed) > 0 && committedDocs(crashed) >= 30 {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("child was not killed (it finished first?): %v\n%s", err, out.String())
	}
	mid := dbStats(t, crashed) // integrity check included
	if mid.Documents == 0 || mid.Documents >= n {
		t.Fatalf("killed run stored %d of %d documents; want a part", mid.Documents, n)
	}
	t.Logf("killed after %d documents", mid.Documents)

	// Resume, and an uninterrupted run for comparison.
	for _, db := range []string{crashed, full} {
		var o bytes.Buffer
		if code := run(context.Background(), append([]string{"ingest", "--db", db}, common...), nil, &o, &o); code != 0 {
			t.Fatalf("ingest %s: exit %d\n%s", db, code, o.String())
		}
		if db == crashed && !strings.Contains(o.String(), fmt.Sprintf("(%d already stored)", mid.Documents)) {
			t.Errorf("resumed run should find the %d stored documents:\n%s", mid.Documents, o.String())
		}
	}
	want, got := dbStats(t, full), dbStats(t, crashed)
	if want.Documents != n {
		t.Errorf("uninterrupted run stored %d documents, want %d", want.Documents, n)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("counts after kill -9 and resume differ from an uninterrupted run (-want +got):\n%s", diff)
	}
}

func walSize(db string) int64 {
	fi, err := os.Stat(db + "-wal")
	if err != nil {
		return 0
	}
	return fi.Size()
}

// committedDocs counts the documents a concurrent reader sees; 0 on any
// error (the child may still be creating the schema).
func committedDocs(path string) int64 {
	db, err := sqlite.Open(context.Background(), path, sqlite.Options{MustExist: true})
	if err != nil {
		return 0
	}
	defer db.Close()
	var n int64
	if err := db.SQL().QueryRow(`SELECT count(*) FROM documents`).Scan(&n); err != nil {
		return 0
	}
	return n
}

func TestIngestUsage(t *testing.T) {
	for _, args := range [][]string{
		{"ingest"},
		{"ingest", "--workers", "-1", "x"},
		{"ingest", "--batch", "0", "x"},
		{"ingest", "--progress", "loud", "x"},
	} {
		var o bytes.Buffer
		if code := run(context.Background(), args, nil, &o, &o); code != exitUsage {
			t.Errorf("%v: exit %d, want %d\n%s", args, code, exitUsage, o.String())
		}
	}
}

// TestIngestSmall ingests the ingest package's fixtures and checks the
// summary.
func TestIngestSmall(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	var o, e bytes.Buffer
	code := run(context.Background(), []string{"ingest", "--db", db, "--progress", "log",
		"../../ingest/testdata/stories.jsonl", "../../ingest/testdata/feed.rss", "../../ingest/testdata/latin1.rss", "../../ingest/testdata/missing.txt"}, nil, &o, &e)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, o.String(), e.String())
	}
	for _, want := range []string{
		"read             9\n",
		"stored           4 (analysed)\n",
		"not coded        1 (language pt, not English: 1)\n",
		"skipped          4 (cannot open: 1; feed item has no content or description: 1; invalid JSON: 1; no text: 1)\n",
		"failed           0\n",
	} {
		if !strings.Contains(o.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, o.String())
		}
	}
	st := dbStats(t, db)
	if st.Documents != 5 || st.Coded != 4 || st.NotCoded != 1 {
		t.Errorf("database: %d documents, %d coded, %d not coded; want 5, 4, 1", st.Documents, st.Coded, st.NotCoded)
	}
}

// TestIngestShared ingests the VOA stories, the Zyte benchmark pages and
// every feed of ../shared in one command.
func TestIngestShared(t *testing.T) {
	shared := "../../../shared"
	voa := filepath.Join(shared, "corpora/voa/voa_stories.jsonl")
	if _, err := os.Stat(voa); err != nil {
		t.Skip("../shared is absent: no shared corpora to ingest")
	}
	if testing.Short() {
		t.Skip("ingests about 500 documents")
	}
	feeds := filepath.Join(shared, "corpora/feeds")
	db := filepath.Join(t.TempDir(), "t.db")
	var o, e bytes.Buffer
	code := run(context.Background(), []string{"ingest", "--db", db, "--progress", "none", voa,
		filepath.Join(shared, "eval/extraction/zyte-benchmark/html"),
		filepath.Join(feeds, "rss-parser/*.rss"), filepath.Join(feeds, "rss-parser/*.atom"), filepath.Join(feeds, "trafilatura/feed.json")}, nil, &o, &e)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, o.String(), e.String())
	}
	t.Logf("\n%s", o.String())
	num := func(label string) int {
		m := regexp.MustCompile(`(?m)^  ` + label + ` +(\d+)`).FindStringSubmatch(o.String())
		if m == nil {
			t.Fatalf("summary lacks %s:\n%s", label, o.String())
		}
		v, _ := strconv.Atoi(m[1])
		return v
	}
	// 89 stories, 181 pages, 251 feed items; about 40% of the feed items
	// carry no text (titles only), Portuguese, German and other pages are
	// not coded.
	if r := num("read"); r < 500 {
		t.Errorf("read %d items, want >= 500", r)
	}
	if s := num("stored"); s < 340 {
		t.Errorf("stored %d, want >= 340", s)
	}
	if nc := num("not coded"); nc < 60 {
		t.Errorf("not coded %d, want >= 60 (Portuguese and German feeds)", nc)
	}
	if f := num("failed"); f != 0 {
		t.Errorf("failed %d, want 0", f)
	}
	if ev := num("events"); ev < 100 {
		t.Errorf("events %d, want >= 100", ev)
	}
	st := dbStats(t, db)
	if int(st.Documents) != num("stored")+num("near-duplicates")+num("not coded") {
		t.Errorf("database has %d documents, summary says %d+%d+%d", st.Documents, num("stored"), num("near-duplicates"), num("not coded"))
	}
}
