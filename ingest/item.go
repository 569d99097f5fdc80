package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/realign/realign"
)

// Item is one input item before extraction, as `realign ingest --queue`
// publishes it for `realign worker` to process: a file's or page's bytes,
// a JSON line's or feed item's text with its metadata, a URL to fetch, or
// the reason an input is not a document.
type Item struct {
	// Source names the item (a path, "path:line", a feed item's link, a
	// WARC record's URI); it becomes Document.Source and the ingest
	// log's Source.
	Source string `json:"source"`
	// Raw is the item's bytes for extraction (HTML or text); with
	// FetchURL set it is the fallback when the fetch fails.
	Raw []byte `json:"-"`
	// FetchURL, when set, is fetched by the worker.
	FetchURL string `json:"fetch_url,omitempty"`
	// Title, URL, Site and Published are metadata given by a container
	// (JSON lines, feed, WARC); empty fields are left to extraction.
	Title     string    `json:"title,omitempty"`
	URL       string    `json:"url,omitempty"`
	Site      string    `json:"site,omitempty"`
	Published time.Time `json:"published,omitzero"`
	// Fallback is a date used when neither container nor page gives one
	// (a WARC record's date).
	Fallback time.Time `json:"fallback,omitzero"`
	// Skip, when not "", is why the input is not a document (unreadable
	// file, malformed line); it is logged as skipped.
	Skip string `json:"skip,omitempty"`
}

func (it item) export() Item {
	return Item{Source: it.source, Raw: it.raw, FetchURL: it.fetchURL, Title: it.meta.title, URL: it.meta.url,
		Site: it.meta.site, Published: it.meta.published, Fallback: it.meta.fallback, Skip: it.skip}
}

func (it Item) internal() item {
	return item{source: it.Source, raw: it.Raw, fetchURL: it.FetchURL, skip: it.Skip, meta: meta{
		title: it.Title, url: it.URL, site: it.Site, published: it.Published, fallback: it.Fallback}}
}

// MarshalBinary encodes the item as one line of JSON metadata, a newline,
// then Raw unchanged (no base64), the payload of a queue job.
func (it Item) MarshalBinary() ([]byte, error) {
	head, err := json.Marshal(it)
	if err != nil {
		return nil, fmt.Errorf("encode item %s: %w", it.Source, err)
	}
	out := make([]byte, 0, len(head)+1+len(it.Raw))
	out = append(out, head...)
	out = append(out, '\n')
	return append(out, it.Raw...), nil
}

// UnmarshalBinary decodes what MarshalBinary wrote.
func (it *Item) UnmarshalBinary(data []byte) error {
	i := bytes.IndexByte(data, '\n')
	if i < 0 {
		return errors.New("decode item: no metadata line")
	}
	var x Item
	if err := json.Unmarshal(data[:i], &x); err != nil {
		return fmt.Errorf("decode item: %w", err)
	}
	if i+1 < len(data) {
		x.Raw = data[i+1:]
	}
	*it = x
	return nil
}

// ReadItems reads the inputs named by args as Run does (files,
// directories, globs, gzip, JSON lines, feeds, WARC, URLs, "-" for
// opts.Stdin) and calls fn with each item, in input order, without
// extracting or analysing it. It stops at fn's first error, which it
// returns, or when ctx is done. n counts the items passed to fn.
func ReadItems(ctx context.Context, args []string, opts Options, fn func(Item) error) (n int, err error) {
	opts.defaults()
	src, _ := inputSource(&opts, args)
	src(ctx, func(it item) bool {
		if ctx.Err() != nil {
			return false
		}
		if err = fn(it.export()); err != nil {
			return false
		}
		n++
		return true
	})
	if err == nil {
		err = ctx.Err()
	}
	return n, err
}

// Outcome is what became of one item passed to Process.
type Outcome struct {
	Status string // one of realign's Ingest* constants
	Reason string
	DocID  string // ContentID, "" when none was computed
	Events int    // events stored for it
}

// Process runs items through the same stages as Run (extraction,
// duplicate and near-duplicate decisions against store, language check,
// analysis) and commits them in one batch (per opts.BatchSize), for a
// queue worker. It returns one Outcome per item, in order, and the
// counts. The error is a store error (nothing of the failed batch is
// stored, so the items may be retried) or ctx's; bad input and failed
// analyses are outcomes, not errors.
func Process(ctx context.Context, store realign.Store, items []Item, opts Options) ([]Outcome, Stats, error) {
	opts.defaults()
	if opts.BatchSize < len(items) {
		opts.BatchSize = len(items)
	}
	out := make([]Outcome, len(items))
	done := make([]bool, len(items))
	idx := map[string][]int{}
	for i, it := range items {
		idx[it.Source] = append(idx[it.Source], i)
	}
	src := func(ctx context.Context, emit func(item) bool) {
		for _, it := range items {
			if !emit(it.internal()) {
				return
			}
		}
	}
	committed := func(batch []result) {
		for _, r := range batch {
			// Results come in input order: the first item of this
			// source not yet done is this one.
			for _, i := range idx[r.source] {
				if !done[i] {
					done[i] = true
					o := Outcome{Status: r.status, Reason: r.reason, DocID: r.id}
					if r.status == realign.IngestStored && r.analysis != nil {
						o.Events = len(r.analysis.Events)
					}
					out[i] = o
					break
				}
			}
		}
	}
	fetch := &fetcher{interval: opts.FetchInterval, next: map[string]time.Time{}}
	st, err := runItems(ctx, store, src, opts, runState{counter: &byteCounter{}, fetch: fetch, committed: committed})
	if err == nil {
		for i := range done {
			if !done[i] {
				err = fmt.Errorf("process: item %s not committed", items[i].Source)
				break
			}
		}
	}
	return out, st, err
}
