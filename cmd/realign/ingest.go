package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/realign/realign/extract"
	"github.com/realign/realign/ingest"
)

func init() {
	register(command{"ingest", "store and analyse a corpus: files, directories, JSON lines, feeds, WARC, URLs", runIngest})
}

const ingestUsage = "ingest [--db realign.db | --queue nats://127.0.0.1:4222] [--workers N] [--fetch] [--published YYYY-MM-DD] PATH|URL|- ..."

func runIngest(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("ingest", ingestUsage, e)
	db := fs.String("db", defaultDB, dbUsage+" (created when missing)")
	workers := fs.Int("workers", 0, "extraction and analysis goroutines (default: the number of CPUs)")
	fetch := fs.Bool("fetch", false, "follow feed items' links and extract the pages (one request per second per host)")
	batch := fs.Int("batch", ingest.DefaultBatchSize, "documents per transaction")
	maxBytes := fs.Int64("max-bytes", extract.DefaultMaxBytes, "largest document (file, page, JSON line) accepted, in bytes")
	timeout := fs.Duration("timeout", extract.DefaultTimeout, "time limit for fetching one URL")
	textField := fs.String("text-field", "text", "JSON-lines field with the article text")
	titleField := fs.String("title-field", "title", "JSON-lines field with the headline")
	urlField := fs.String("url-field", "url", "JSON-lines field with the URL")
	pubField := fs.String("published-field", "published", "JSON-lines field with the publication date")
	sourceField := fs.String("source-field", "source", "JSON-lines field with the publisher's name")
	published := fs.String("published", "", "publication date `YYYY-MM-DD` (or RFC 3339) of documents that give none of their own (plain text files, pages without a date); relative dates (\"on Thursday\") and roles are resolved at it")
	qf := addQueueFlags(fs, false)
	progress := fs.String("progress", "auto", "progress on standard error: auto (a live line on a terminal, a log line every 10s otherwise), line, log or none")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return usagef("ingest: want at least one PATH, URL or -")
	}
	switch {
	case *workers < 0:
		return usagef("ingest: --workers must not be negative, not %d", *workers)
	case *batch < 1:
		return usagef("ingest: --batch must be at least 1, not %d", *batch)
	case *maxBytes <= 0:
		return usagef("ingest: --max-bytes must be positive, not %d", *maxBytes)
	case *timeout <= 0:
		return usagef("ingest: --timeout must be positive, not %v", *timeout)
	}
	var pub time.Time
	if *published != "" {
		if pub, err = parseDate(*published); err != nil {
			return usagef("ingest: --published: %v", err)
		}
	}
	mode := *progress
	if mode == "auto" {
		mode = "log"
		if f, ok := e.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			mode = "line"
		}
	}
	every := time.Second
	switch mode {
	case "line":
	case "log":
		every = 10 * time.Second
	case "none":
	default:
		return usagef("ingest: --progress must be auto, line, log or none, not %q", *progress)
	}

	if *qf.url == "" && fs.isSet("queue-name") {
		return usagef("ingest: --queue-name needs --queue nats://…; without --queue, ingest stores into --db here")
	}
	if *qf.url != "" {
		if *qf.name == "" {
			return usagef("ingest: --queue-name must not be empty")
		}
		if fs.isSet("db") {
			return usagef("ingest: --db and --queue do not go together: with --queue, workers store the documents (realign worker --queue %s --db …)", *qf.url)
		}
		opts := ingest.Options{MaxBytes: *maxBytes, Timeout: *timeout, Fetch: *fetch, Stdin: e.stdin, Published: pub,
			Fields: ingest.Fields{Text: *textField, Title: *titleField, URL: *urlField, Published: *pubField, Source: *sourceField}}
		return publishIngest(ctx, e, qf, pos, opts, mode)
	}
	store, err := openDB(ctx, *db, false)
	if err != nil {
		return err
	}
	opts := ingest.Options{
		Workers: *workers, BatchSize: *batch, MaxBytes: *maxBytes, Timeout: *timeout, Fetch: *fetch, Stdin: e.stdin, Published: pub,
		Fields:        ingest.Fields{Text: *textField, Title: *titleField, URL: *urlField, Published: *pubField, Source: *sourceField},
		ProgressEvery: every,
	}
	if mode != "none" {
		opts.Progress = func(st ingest.Stats) { writeProgress(e.stderr, st, mode == "line") }
	}
	st, runErr := ingest.Run(ctx, store, pos, opts)
	if mode == "line" {
		fmt.Fprint(e.stderr, "\r\033[K")
	}
	closeErr := store.Close()
	if werr := writeIngestSummary(e.stdout, st, redactDSN(*db), errors.Is(runErr, context.Canceled)); werr != nil && runErr == nil {
		runErr = werr
	}
	if runErr != nil {
		return runErr
	}
	if closeErr != nil {
		return fmt.Errorf("close database: %w", closeErr)
	}
	return nil
}

// writeProgress prints one progress line: a live line (overwritten in
// place) on a terminal, else a log line.
func writeProgress(w io.Writer, st ingest.Stats, live bool) {
	secs := st.Elapsed.Seconds()
	rate := 0.0
	if secs > 0 {
		rate = float64(st.Read) / secs
	}
	line := fmt.Sprintf("%d read, %d stored, %d duplicates, %d near-duplicates, %d not coded, %d skipped, %d failed; %.0f docs/s, %.1f MB/s",
		st.Read, st.Stored, st.Duplicates, st.NearDuplicates, st.NotCoded, st.Skipped, st.Failed, rate, float64(st.Bytes)/1e6/max(secs, 1e-9))
	if st.TotalBytes > 0 && st.Bytes > 0 {
		pct := 100 * float64(st.Bytes) / float64(st.TotalBytes)
		line += fmt.Sprintf(", %.0f%%", min(pct, 100))
		if st.Bytes < st.TotalBytes {
			eta := time.Duration(float64(st.Elapsed) * float64(st.TotalBytes-st.Bytes) / float64(st.Bytes))
			line += ", ETA " + eta.Round(time.Second).String()
		}
	}
	if live {
		fmt.Fprintf(w, "\r\033[K%s", line)
		return
	}
	fmt.Fprintf(w, "%s ingest: %s\n", time.Now().Format("15:04:05"), line)
}

// writeIngestSummary prints the counts of a run.
func writeIngestSummary(w io.Writer, st ingest.Stats, db string, interrupted bool) error {
	var b strings.Builder
	secs := max(st.Elapsed.Seconds(), 1e-9)
	head := "ingest summary"
	if interrupted {
		head += " (interrupted: what was read is committed; run the same command again to continue)"
	}
	fmt.Fprintf(&b, "%s\n", head)
	fmt.Fprintf(&b, "  time             %s, %.1f items/s, %.2f MB/s of input\n", st.Elapsed.Round(time.Millisecond), float64(st.Read)/secs, float64(st.Bytes)/1e6/secs)
	fmt.Fprintf(&b, "  read             %d\n", st.Read)
	fmt.Fprintf(&b, "  stored           %d (analysed)\n", st.Stored)
	fmt.Fprintf(&b, "  duplicates       %d (%d already stored)\n", st.Duplicates, st.AlreadyStored)
	fmt.Fprintf(&b, "  near-duplicates  %d (stored, linked to an earlier copy, not coded)\n", st.NearDuplicates)
	fmt.Fprintf(&b, "  not coded        %d%s\n", st.NotCoded, byReason(st.NotCodedBy))
	fmt.Fprintf(&b, "  skipped          %d%s\n", st.Skipped, byReason(st.SkippedBy))
	fmt.Fprintf(&b, "  failed           %d%s\n", st.Failed, byReason(st.FailedBy))
	fmt.Fprintf(&b, "  events           %d\n", st.Events)
	fmt.Fprintf(&b, "  quotations       %d\n", st.Quotations)
	fmt.Fprintf(&b, "  database         %s\n", db)
	if len(st.Problems) > 0 {
		more := ""
		if n := st.Skipped + st.Failed; n > len(st.Problems) {
			more = fmt.Sprintf(", the first %d of %d", len(st.Problems), n)
		}
		fmt.Fprintf(&b, "skipped or failed (all are in the ingest log%s):\n", more)
		for _, p := range st.Problems {
			fmt.Fprintf(&b, "  %-7s %s: %s\n", p.Status, p.Source, p.Reason)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func byReason(m map[string]int) string {
	if len(m) == 0 {
		return ""
	}
	var parts []string
	for _, k := range ingest.Reasons(m) {
		parts = append(parts, fmt.Sprintf("%s: %d", k, m[k]))
	}
	return " (" + strings.Join(parts, "; ") + ")"
}
