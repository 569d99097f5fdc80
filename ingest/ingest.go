// Package ingest reads corpora — files, directories, glob patterns, gzip,
// plain text, HTML, JSON lines, RSS/RDF/Atom/JSON feeds, WARC files, URLs
// and standard input — and stores every document with its analysis in a
// realign.Store, recording each input item's outcome in the ingest log.
//
// Usage:
//
//	st, err := ingest.Run(ctx, store, []string{"corpus/", "news.warc.gz"}, ingest.Options{})
//	fmt.Println(st.Read, st.Stored, st.Skipped)
//
// The run is a pipeline with bounded memory whatever the input size: one
// reader produces items in input order; Workers goroutines extract each
// item's text and metadata (package extract) and compute its ContentID and
// MinHash signature; one ordered stage, in input order, drops exact
// duplicates (same ContentID earlier in the run or already in the store),
// marks near-duplicates (estimated Jaccard similarity of word 5-shingles
// ≥ NearDupThreshold with one of the last NearDupWindow documents) and
// documents not in English (Document.Language set and not "en"), which are
// stored without analysis; Workers goroutines run the analysis pipeline on
// the rest; one writer commits batches of BatchSize documents, or what has
// arrived after BatchInterval, with Store.SaveBatch.
//
// Outcomes (realign.IngestRecord.Status): stored, duplicate (Reason
// "already stored" or "same text as an earlier item in this run"),
// near-duplicate (stored uncoded; Reason names the earlier document's
// ContentID and the similarity), not-coded (stored uncoded; Reason names
// the language), skipped (bad input: empty, binary, invalid UTF-8, too
// large, truncated gzip or WARC, unparsable JSON or feed, a feed declaring
// XML entities, no article text, ...) and failed (the analysis or the
// store failed for this document). One bad item never stops the run.
//
// Resuming: decisions are made in input order and are the same in every
// run, and documents already stored are dropped before analysis, so
// running the same command again after an interruption finishes the work
// and leaves the store as an uninterrupted run would.
//
// Interruption: when ctx is cancelled, reading stops, the items already
// read are finished and committed, and Run returns the statistics with
// ctx's error.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/realign/realign"
	"github.com/realign/realign/extract"
	"github.com/realign/realign/pipeline"
)

// Fields names the JSON-lines fields read for each document.
type Fields struct {
	Text      string // article text (default "text"); lines without it are skipped
	Title     string // headline (default "title")
	URL       string // canonical URL (default "url")
	Published string // publication date, RFC 3339, "YYYY-MM-DD[ hh:mm:ss]" or Unix seconds (default "published")
	Source    string // publisher or site name, stored as Document.Site (default "source")
}

// Defaults for the zero Options.
const (
	DefaultBatchSize        = 200
	DefaultBatchInterval    = time.Second
	DefaultMaxFeedBytes     = 64 << 20
	DefaultNearDupThreshold = 0.8
	DefaultNearDupWindow    = 100000
	DefaultFetchInterval    = time.Second
	DefaultProgressEvery    = time.Second
)

// Options configures Run. The zero value gives the defaults.
type Options struct {
	// Workers is the number of extraction and of analysis goroutines
	// (default GOMAXPROCS).
	Workers int
	// BatchSize is the number of documents per transaction (default 200);
	// BatchInterval commits what has arrived after that long (default 1s).
	BatchSize     int
	BatchInterval time.Duration
	// MaxBytes is the largest document (file, page, JSON line's text)
	// accepted, in bytes (default extract.DefaultMaxBytes, 16 MiB).
	// MaxLineBytes bounds one JSON line (default MaxBytes); MaxFeedBytes
	// bounds one feed file (default 64 MiB).
	MaxBytes     int64
	MaxLineBytes int64
	MaxFeedBytes int64
	// Fields names the JSON-lines fields (zero fields get the defaults).
	Fields Fields
	// Fetch follows feed items' links and extracts the linked pages
	// (falling back to the item's own text), at most one request per
	// FetchInterval (default 1s) to each host.
	Fetch         bool
	FetchInterval time.Duration
	// Timeout bounds one URL fetch (default extract.DefaultTimeout);
	// UserAgent is sent with requests (default extract.DefaultUserAgent);
	// Client fetches URLs (default a plain http.Client).
	Timeout   time.Duration
	UserAgent string
	Client    *http.Client
	// NearDupThreshold is the estimated Jaccard similarity at or above
	// which a document is a near-duplicate (default 0.8; > 1 disables);
	// NearDupWindow is how many recent documents are compared (default
	// 100000, about 40 MB).
	NearDupThreshold float64
	NearDupWindow    int
	// Published is the publication date of documents that give none
	// (no date in the page, the feed item, the JSON line or the WARC
	// record); zero leaves them undated, so that relative dates ("on
	// Thursday") stay unresolved.
	Published time.Time
	// Stdin is read for the input "-" (default os.Stdin).
	Stdin io.Reader
	// Pipeline analyses documents; nil builds the default one.
	Pipeline *pipeline.Pipeline
	// Progress, when set, is called with a snapshot every ProgressEvery
	// (default 1s) from a separate goroutine.
	Progress      func(Stats)
	ProgressEvery time.Duration
}

func (o *Options) defaults() {
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.BatchSize <= 0 {
		o.BatchSize = DefaultBatchSize
	}
	if o.BatchInterval <= 0 {
		o.BatchInterval = DefaultBatchInterval
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = extract.DefaultMaxBytes
	}
	if o.MaxLineBytes <= 0 {
		o.MaxLineBytes = o.MaxBytes
	}
	if o.MaxFeedBytes <= 0 {
		o.MaxFeedBytes = DefaultMaxFeedBytes
	}
	f := &o.Fields
	for _, p := range []struct {
		v   *string
		def string
	}{{&f.Text, "text"}, {&f.Title, "title"}, {&f.URL, "url"}, {&f.Published, "published"}, {&f.Source, "source"}} {
		if *p.v == "" {
			*p.v = p.def
		}
	}
	if o.FetchInterval <= 0 {
		o.FetchInterval = DefaultFetchInterval
	}
	if o.Timeout <= 0 {
		o.Timeout = extract.DefaultTimeout
	}
	if o.UserAgent == "" {
		o.UserAgent = extract.DefaultUserAgent
	}
	if o.Client == nil {
		o.Client = &http.Client{}
	}
	if o.NearDupThreshold <= 0 {
		o.NearDupThreshold = DefaultNearDupThreshold
	}
	if o.NearDupWindow <= 0 {
		o.NearDupWindow = DefaultNearDupWindow
	}
	if o.Stdin == nil {
		o.Stdin = os.Stdin
	}
	if o.ProgressEvery <= 0 {
		o.ProgressEvery = DefaultProgressEvery
	}
}

// Stats counts the outcomes of the items committed so far.
type Stats struct {
	Read           int // input items with an outcome (documents, lines, feed items, records, unreadable files)
	Stored         int // stored and analysed
	Duplicates     int // not stored again: same ContentID
	AlreadyStored  int // of Duplicates, those stored by an earlier run
	NearDuplicates int // stored uncoded, linked to an earlier copy
	NotCoded       int // stored uncoded (not English)
	Skipped        int // not stored: bad input
	Failed         int // not stored: analysis or store failed
	// SkippedBy, FailedBy and NotCodedBy count by short reason ("too
	// large", "binary data", "language fr").
	SkippedBy  map[string]int
	FailedBy   map[string]int
	NotCodedBy map[string]int
	Events     int // events of the documents stored and analysed
	Quotations int // quotations of the documents stored and analysed
	Mentions   int // mentions of the documents stored and analysed
	TextBytes  int64
	// Bytes is how many input bytes were read (files, streams, fetched
	// feeds); TotalBytes is the total size of the input files (0 when
	// unknown, e.g. standard input only).
	Bytes      int64
	TotalBytes int64
	Batches    int
	Elapsed    time.Duration
	// Problems lists the first MaxProblems skipped or failed items with
	// their reasons, in input order (all of them are in the ingest log).
	Problems []Problem
}

// MaxProblems is how many skipped or failed items Stats.Problems keeps.
const MaxProblems = 20

// Problem is one skipped or failed input item.
type Problem struct {
	Source string // the item: a path, "path:line", a feed item's link …
	Status string // realign.IngestSkipped or realign.IngestFailed
	Reason string
}

func (s *Stats) addProblem(r *result) {
	if len(s.Problems) < MaxProblems {
		s.Problems = append(s.Problems, Problem{Source: r.source, Status: r.status, Reason: r.reason})
	}
}

func (s Stats) clone() Stats {
	c := s
	c.Problems = append([]Problem(nil), s.Problems...)
	c.SkippedBy, c.FailedBy, c.NotCodedBy = cloneMap(s.SkippedBy), cloneMap(s.FailedBy), cloneMap(s.NotCodedBy)
	return c
}

func cloneMap(m map[string]int) map[string]int {
	c := make(map[string]int, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// Reasons returns m's keys ordered by count, most frequent first.
func Reasons(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}

// ReasonKey shortens an ingest-log reason to the category counted in
// Stats: the text before the first ":", " (" or " at byte"/" at offset".
func ReasonKey(reason string) string {
	k := reason
	for _, sep := range []string{":", " (", " at byte", " at offset"} {
		if i := strings.Index(k, sep); i > 0 {
			k = k[:i]
		}
	}
	return strings.TrimSpace(k)
}

// result is an item after extraction and, later, analysis.
type result struct {
	source      string
	doc         realign.Document
	id          string
	sig         signature
	hasSig      bool
	status      string
	reason      string
	analysis    *realign.Analysis
	analyze     bool
	interrupted bool // dropped: the run was interrupted while fetching it
	// maybeNear marks a document similar to an earlier one of this run
	// that may not be committed yet: the writer commits what it holds and
	// asks the store before saving it.
	maybeNear bool
	textBytes int
}

type job struct {
	it  item
	fut chan result
}

type job2 struct {
	r   result
	out chan result
}

// hintThreshold is the similarity at which a document is checked against
// the store's own near-duplicate detection (NearDuplicateFinder) after
// what precedes it is committed.
const hintThreshold = 0.5

// NearDuplicateFinder is implemented by stores that detect near-duplicates
// themselves (package sqlite): NearDuplicate returns the ContentID of a
// stored document that text is a near-duplicate of, or "". With such a
// store its decision is the one used (and logged), so that the ingest log
// and the stored documents agree; otherwise Run's own MinHash index
// decides.
type NearDuplicateFinder interface {
	NearDuplicate(ctx context.Context, text string) (string, error)
}

// Run ingests the inputs named by args ("-" for Stdin, http(s) URLs, files,
// directories, glob patterns) into store and returns the counts. The error
// is ctx's error when interrupted (the counts then cover what was
// committed), or a store error that stopped the run; bad input never
// stops it.
func Run(ctx context.Context, store realign.Store, args []string, opts Options) (Stats, error) {
	opts.defaults()
	src, rs := inputSource(&opts, args)
	return runItems(ctx, store, src, opts, rs)
}

// inputSource returns the items of the inputs args names, in input order
// (src stops when emit returns false), and the state a run shares with
// their reading.
func inputSource(opts *Options, args []string) (src func(context.Context, func(item) bool), rs runState) {
	rs.counter = &byteCounter{}
	rs.fetch = &fetcher{interval: opts.FetchInterval, next: map[string]time.Time{}}
	rd := &reader{opts: opts, counter: rs.counter, stdin: opts.Stdin, fetcher: rs.fetch}
	inputs, skips, total := expand(args)
	rs.total = total
	src = func(ctx context.Context, emit func(item) bool) {
		if pub := opts.Published; !pub.IsZero() {
			next := emit
			emit = func(it item) bool {
				if it.meta.fallback.IsZero() {
					it.meta.fallback = pub
				}
				return next(it)
			}
		}
		for _, s := range skips {
			if !emit(s) {
				return
			}
		}
		for _, in := range inputs {
			if !rd.readInput(ctx, in, emit) {
				return
			}
		}
	}
	return src, rs
}

// runState is what a run shares with the reading of its inputs.
type runState struct {
	counter *byteCounter
	fetch   *fetcher
	total   int64
	// committed, when set, is called with each committed batch's
	// results, in input order.
	committed func([]result)
}

// runItems is Run over the items src emits (src stops when emit returns
// false).
func runItems(ctx context.Context, store realign.Store, src func(context.Context, func(item) bool), opts Options, rs runState) (Stats, error) {
	p := opts.Pipeline
	if p == nil {
		var err error
		if p, err = pipeline.New(pipeline.Options{}); err != nil {
			return Stats{}, fmt.Errorf("pipeline: %w", err)
		}
	}
	ex := extract.New(extract.Options{MaxBytes: opts.MaxBytes, Timeout: opts.Timeout, Client: opts.Client, UserAgent: opts.UserAgent, Stdin: opts.Stdin})
	start := time.Now()

	// stop ends reading: on interruption or on a fatal store error.
	readCtx, stop := context.WithCancel(ctx)
	defer stop()
	var fatalMu sync.Mutex
	var fatal error
	setFatal := func(err error) {
		fatalMu.Lock()
		if fatal == nil {
			fatal = err
		}
		fatalMu.Unlock()
		stop()
	}
	failed := func() bool {
		fatalMu.Lock()
		defer fatalMu.Unlock()
		return fatal != nil
	}

	w := opts.Workers
	counter, fetch, total := rs.counter, rs.fetch, rs.total

	jobs := make(chan job, w)
	ordered := make(chan chan result, 4*w+16)
	anJobs := make(chan job2, w)
	// The writer's queue holds a whole batch so that analysis goes on
	// while a batch is being committed.
	toWrite := make(chan chan result, opts.BatchSize+4*w)

	// Reader: items in input order.
	go func() {
		defer close(jobs)
		defer close(ordered)
		emit := func(it item) bool {
			if readCtx.Err() != nil {
				return false
			}
			fut := make(chan result, 1)
			jobs <- job{it, fut}
			ordered <- fut
			return true
		}
		src(readCtx, emit)
	}()

	// Extraction workers.
	for range w {
		go func() {
			for j := range jobs {
				j.fut <- extractItem(readCtx, ex, fetch, j.it)
			}
		}()
	}

	// Ordered stage: duplicates, near-duplicates, language. It hands the
	// writer one future per item, in input order, so that batches are
	// committed in input order whatever order the analyses finish in.
	finder, _ := store.(NearDuplicateFinder)
	thr := opts.NearDupThreshold
	if finder != nil {
		thr = hintThreshold
	}
	go func() {
		defer close(anJobs)
		defer close(toWrite)
		seen := map[string]struct{}{}
		near := newNearIndex(thr, opts.NearDupWindow)
		for fut := range ordered {
			r := <-fut
			if r.interrupted || failed() {
				continue
			}
			if r.status == "" {
				decide(ctx, store, finder, seen, near, &r, setFatal)
			}
			out := make(chan result, 1)
			if r.analyze {
				anJobs <- job2{r, out}
			} else {
				out <- r
			}
			toWrite <- out
		}
	}()

	// Analysis workers.
	for range w {
		go func() {
			for j := range anJobs {
				analyzeResult(p, &j.r)
				j.out <- j.r
			}
		}()
	}

	// Progress.
	var mu sync.Mutex
	st := Stats{SkippedBy: map[string]int{}, FailedBy: map[string]int{}, NotCodedBy: map[string]int{}, TotalBytes: total}
	snapshot := func() Stats {
		mu.Lock()
		defer mu.Unlock()
		c := st.clone()
		c.Bytes = counter.n.Load()
		c.Elapsed = time.Since(start)
		return c
	}
	progressDone := make(chan struct{})
	var progWG sync.WaitGroup
	if opts.Progress != nil {
		progWG.Add(1)
		go func() {
			defer progWG.Done()
			t := time.NewTicker(opts.ProgressEvery)
			defer t.Stop()
			for {
				select {
				case <-t.C:
					opts.Progress(snapshot())
				case <-progressDone:
					return
				}
			}
		}()
	}

	// Writer: batches committed even when ctx is cancelled (draining).
	saveCtx := context.WithoutCancel(ctx)
	var batch []result
	nDocs := 0
	commit := func() {
		if len(batch) == 0 {
			return
		}
		if !failed() {
			if err := saveIsolated(saveCtx, store, batch); err != nil {
				setFatal(err)
			} else {
				mu.Lock()
				count(&st, batch)
				st.Batches++
				mu.Unlock()
				if rs.committed != nil {
					rs.committed(batch)
				}
			}
		}
		batch, nDocs = batch[:0], 0
	}
	timer := time.NewTimer(opts.BatchInterval)
	defer timer.Stop()
loop:
	for {
		select {
		case out, ok := <-toWrite:
			if !ok {
				break loop
			}
			var r result
		wait:
			for {
				select {
				case r = <-out:
					break wait
				case <-timer.C:
					commit()
					timer.Reset(opts.BatchInterval)
				}
			}
			if r.maybeNear && finder != nil && r.analysis != nil && !failed() {
				// Commit what precedes it, then ask the store, which
				// will link it to the earlier copy if it is one.
				commit()
				if id, err := finder.NearDuplicate(saveCtx, r.doc.Text); err != nil {
					setFatal(fmt.Errorf("store: %w", err))
				} else if id != "" && id != r.id {
					r.status, r.reason = realign.IngestNearDuplicate, "near-duplicate of "+id
					r.analysis = &realign.Analysis{Document: r.doc}
				}
			}
			batch = append(batch, r)
			if r.analysis != nil {
				nDocs++
			}
			if nDocs >= opts.BatchSize || len(batch) >= 10*opts.BatchSize {
				commit()
				timer.Reset(opts.BatchInterval)
			}
		case <-timer.C:
			commit()
			timer.Reset(opts.BatchInterval)
		}
	}
	commit()
	close(progressDone)
	progWG.Wait()
	out := snapshot()
	if fatal != nil {
		return out, fatal
	}
	if err := ctx.Err(); err != nil {
		return out, err
	}
	return out, nil
}

// extractItem turns an item into a result: a skipped one, or a document
// with its ContentID and signature.
func extractItem(ctx context.Context, ex *extract.Extractor, f *fetcher, it item) (r result) {
	r.source = it.source
	if it.skip != "" {
		r.status, r.reason = realign.IngestSkipped, it.skip
		return r
	}
	var doc realign.Document
	var err error
	if it.fetchURL != "" {
		if err = f.wait(ctx, it.fetchURL); err == nil {
			doc, err = ex.Read(ctx, it.fetchURL)
		}
		if err != nil && ctx.Err() != nil {
			r.interrupted = true
			return r
		}
		if err != nil && len(it.raw) > 0 {
			doc, err = ex.FromBytes(it.source, it.raw)
		}
	} else {
		doc, err = ex.FromBytes(it.source, it.raw)
	}
	if err != nil {
		var ie *realign.InputError
		if errors.As(err, &ie) {
			r.status, r.reason = realign.IngestSkipped, ie.Reason
			if ie.Err != nil {
				r.reason += ": " + ie.Err.Error()
			}
		} else {
			r.status, r.reason = realign.IngestFailed, "extraction: "+err.Error()
		}
		return r
	}
	m := it.meta
	if m.title != "" {
		doc.Title = m.title
	}
	if m.url != "" {
		doc.URL = m.url
	}
	if m.site != "" {
		doc.Site = m.site
	}
	if !m.published.IsZero() {
		doc.Published = m.published
	}
	if doc.Published.IsZero() && !m.fallback.IsZero() {
		doc.Published = m.fallback
	}
	doc.Source = it.source
	doc.ID = realign.ContentID(doc.Text)
	r.doc, r.id = doc, doc.ID
	r.sig, r.hasSig = minhash(doc.Text)
	r.textBytes = len(doc.Text)
	return r
}

// decide sets the outcome of an extracted document, in input order.
func decide(ctx context.Context, store realign.Store, finder NearDuplicateFinder, seen map[string]struct{}, near *nearIndex, r *result, setFatal func(error)) {
	key := r.id[:32] // 128 bits of the hash are plenty to tell documents apart
	if _, dup := seen[key]; dup {
		r.status, r.reason = realign.IngestDuplicate, "same text as an earlier item in this run"
		return
	}
	seen[key] = struct{}{}
	sctx := context.WithoutCancel(ctx)
	has, err := store.HasDocument(sctx, r.id)
	if err != nil {
		setFatal(fmt.Errorf("store: %w", err))
		r.status, r.reason = realign.IngestFailed, "store: "+err.Error()
		return
	}
	var nearID, reason string
	var sim float64
	if r.hasSig {
		nearID, sim = near.find(&r.sig)
		near.add(r.id, &r.sig)
		reason = fmt.Sprintf("near-duplicate of %s (similarity %.2f)", nearID, sim)
	}
	if finder != nil && !has {
		// The store decides; nearID only hints at a copy not yet
		// committed.
		r.maybeNear = nearID != ""
		nearID = ""
		id, err := finder.NearDuplicate(sctx, r.doc.Text)
		if err != nil {
			setFatal(fmt.Errorf("store: %w", err))
			r.status, r.reason = realign.IngestFailed, "store: "+err.Error()
			return
		}
		if id != "" && id != r.id {
			nearID, reason = id, "near-duplicate of "+id
		}
	}
	switch {
	case has:
		r.status, r.reason = realign.IngestDuplicate, "already stored"
	case nearID != "":
		r.status, r.reason = realign.IngestNearDuplicate, reason
		r.analysis = &realign.Analysis{Document: r.doc}
	case r.doc.Language != "" && r.doc.Language != "en":
		r.status, r.reason = realign.IngestNotCoded, fmt.Sprintf("language %s, not English", r.doc.Language)
		r.analysis = &realign.Analysis{Document: r.doc}
	default:
		r.analyze = true
	}
}

// analyzeResult runs the pipeline; a failure is the document's outcome.
func analyzeResult(p *pipeline.Pipeline, r *result) {
	a, err := p.Analyze(r.doc)
	if err != nil {
		r.status, r.reason = realign.IngestFailed, "analysis: "+err.Error()
		return
	}
	a.Document.ID = r.id
	r.status, r.analysis = realign.IngestStored, a
}

// saveIsolated saves a batch; when the store rejects it, it saves the
// documents one by one so that one bad document fails alone. The error is
// returned only when even a log-only batch cannot be saved.
func saveIsolated(ctx context.Context, store realign.Store, batch []result) error {
	as, logs := batchOf(batch)
	err := store.SaveBatch(ctx, as, logs)
	if err == nil {
		return nil
	}
	var rest []result
	for i := range batch {
		r := &batch[i]
		if r.analysis != nil {
			one, l := batchOf(batch[i : i+1])
			e := store.SaveBatch(ctx, one, l)
			if e == nil {
				continue
			}
			r.status, r.reason, r.analysis = realign.IngestFailed, "store: "+e.Error(), nil
		}
		rest = append(rest, *r)
	}
	if len(rest) == 0 {
		return nil
	}
	_, logs = batchOf(rest)
	if e := store.SaveBatch(ctx, nil, logs); e != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

func batchOf(batch []result) ([]*realign.Analysis, []realign.IngestRecord) {
	now := time.Now().UTC()
	var as []*realign.Analysis
	logs := make([]realign.IngestRecord, 0, len(batch))
	for _, r := range batch {
		if r.analysis != nil {
			as = append(as, r.analysis)
		}
		logs = append(logs, realign.IngestRecord{Source: r.source, DocID: r.id, Status: r.status, Reason: r.reason, Time: now})
	}
	return as, logs
}

// count adds a committed batch's outcomes to st.
func count(st *Stats, batch []result) {
	for _, r := range batch {
		st.Read++
		switch r.status {
		case realign.IngestStored:
			st.Stored++
			st.TextBytes += int64(r.textBytes)
			if a := r.analysis; a != nil {
				st.Events += len(a.Events)
				st.Quotations += len(a.Quotes)
				st.Mentions += len(a.Mentions)
			}
		case realign.IngestDuplicate:
			st.Duplicates++
			if r.reason == "already stored" {
				st.AlreadyStored++
			}
		case realign.IngestNearDuplicate:
			st.NearDuplicates++
			st.TextBytes += int64(r.textBytes)
		case realign.IngestNotCoded:
			st.NotCoded++
			st.NotCodedBy[ReasonKey(r.reason)]++
			st.TextBytes += int64(r.textBytes)
		case realign.IngestSkipped:
			st.Skipped++
			st.SkippedBy[ReasonKey(r.reason)]++
			st.addProblem(&r)
		default:
			st.Failed++
			st.FailedBy[ReasonKey(r.reason)]++
			st.addProblem(&r)
		}
	}
}

// fetcher spaces requests to each host by interval.
type fetcher struct {
	mu       sync.Mutex
	interval time.Duration
	next     map[string]time.Time
}

// wait blocks until a request to rawURL's host is allowed or ctx is done.
func (f *fetcher) wait(ctx context.Context, rawURL string) error {
	host := rawURL
	if u, err := url.Parse(rawURL); err == nil {
		host = u.Host
	}
	f.mu.Lock()
	now := time.Now()
	t := f.next[host]
	if t.Before(now) {
		t = now
	}
	f.next[host] = t.Add(f.interval)
	f.mu.Unlock()
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err()
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-tm.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
