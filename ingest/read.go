package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// item is one unit of input on its way to extraction: raw document bytes
// with the metadata its container gave it, or a skip decided while
// reading.
type item struct {
	source string // Source of the IngestRecord and Document.Source
	raw    []byte // bytes for extract.FromBytes ("" when fetchURL is set)
	// isText marks raw as plain text already decoded from a container
	// (JSON lines, feed item) rather than a file's bytes.
	isText bool
	// fetchURL is fetched by the worker (a URL argument or, with Fetch,
	// a feed item's link); raw is the fallback when the fetch fails.
	fetchURL string
	meta     meta
	// skip is the reason this item is not a document ("" when it is).
	skip string
}

// meta is document metadata given by a container; zero fields are left to
// extraction.
type meta struct {
	title     string
	url       string
	site      string
	published time.Time
	fallback  time.Time // used when neither container nor page gives a date (WARC-Date)
}

// emitter receives items in input order; it returns false when reading
// must stop (interrupted).
type emitter func(it item) bool

// input formats
const (
	fmtDoc   = "document"
	fmtJSONL = "jsonl"
	fmtFeed  = "feed"
	fmtWARC  = "warc"
)

// expand turns the command-line arguments into inputs: "-", URLs, and
// files (directories walked recursively in lexical order, hidden entries
// skipped; glob patterns expanded in lexical order). Arguments that name
// nothing become skipped items. total is the sum of the file sizes.
func expand(args []string) (inputs []string, skips []item, total int64) {
	add := func(p string) {
		inputs = append(inputs, p)
		if fi, err := os.Stat(p); err == nil {
			total += fi.Size()
		}
	}
	for _, a := range args {
		switch {
		case a == "-" || isURL(a):
			inputs = append(inputs, a)
			continue
		}
		fi, err := os.Stat(a)
		if err != nil {
			if strings.ContainsAny(a, "*?[") {
				m, gerr := filepath.Glob(a)
				if gerr != nil {
					skips = append(skips, item{source: a, skip: "bad glob pattern: " + gerr.Error()})
					continue
				}
				if len(m) == 0 {
					skips = append(skips, item{source: a, skip: "no files match"})
				}
				sort.Strings(m)
				for _, p := range m {
					in, sk, t := expand([]string{p})
					inputs, skips, total = append(inputs, in...), append(skips, sk...), total+t
				}
				continue
			}
			skips = append(skips, item{source: a, skip: "cannot open: " + errText(err)})
			continue
		}
		if !fi.IsDir() {
			add(a)
			continue
		}
		// WalkDir visits entries in lexical order.
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				skips = append(skips, item{source: p, skip: "cannot read: " + errText(err)})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if p != a && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				add(p)
			}
			return nil
		})
		if err != nil {
			skips = append(skips, item{source: a, skip: "cannot read: " + errText(err)})
		}
	}
	return inputs, skips, total
}

// errText is err's message without the path that os errors repeat.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func isURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// reader reads inputs into items.
type reader struct {
	opts    *Options
	fetcher *fetcher
	counter *byteCounter
	stdin   io.Reader
}

// byteCounter counts the input bytes consumed, for progress.
type byteCounter struct{ n atomic.Int64 }

type countingReader struct {
	r io.Reader
	c *byteCounter
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.c.n.Add(int64(n))
	return n, err
}

// readInput reads one input and emits its items. It returns false when
// emit asked to stop.
func (rd *reader) readInput(ctx context.Context, in string, emit emitter) bool {
	switch {
	case in == "-":
		return rd.readStream(ctx, "-", "-", countingReader{rd.stdin, rd.counter}, emit)
	case isURL(in):
		return rd.readURL(ctx, in, emit)
	}
	f, err := os.Open(in)
	if err != nil {
		return emit(item{source: in, skip: "cannot open: " + errText(err)})
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return emit(item{source: in, skip: "cannot open: " + errText(err)})
	}
	if fi.Size() == 0 {
		return emit(item{source: in, skip: "empty file (0 bytes)"})
	}
	return rd.readStream(ctx, in, in, countingReader{f, rd.counter}, emit)
}

// readStream detects r's compression and format and emits its items.
// name is the input's name for Source; fname is used for its extension.
func (rd *reader) readStream(ctx context.Context, name, fname string, r io.Reader, emit emitter) bool {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(4096)
	if len(head) == 0 {
		return emit(item{source: name, skip: "empty input"})
	}
	lower := strings.ToLower(fname)
	gz := len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b
	inner := strings.TrimSuffix(lower, ".gz")
	// WARC files compress record by record; gowarc reads them as they are.
	if strings.HasSuffix(inner, ".warc") {
		return rd.readWARC(ctx, name, br, emit)
	}
	var src io.Reader = br
	if gz {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return emit(item{source: name, skip: "bad gzip header: " + err.Error()})
		}
		defer zr.Close()
		inb := bufio.NewReaderSize(zr, 64<<10)
		head, _ = inb.Peek(4096)
		if len(head) == 0 {
			// Either empty or broken at once: read to get the error.
			if _, err := inb.ReadByte(); err != nil && err != io.EOF {
				return emit(item{source: name, skip: "truncated or corrupt gzip: " + err.Error()})
			}
			return emit(item{source: name, skip: "empty input"})
		}
		if bytes.HasPrefix(head, []byte("WARC/")) {
			// A whole-file gzip of a WARC: parse the decompressed stream.
			return rd.readWARC(ctx, name, inb, emit)
		}
		src = inb
	}
	switch detectFormat(inner, head) {
	case fmtWARC:
		return rd.readWARC(ctx, name, src, emit)
	case fmtJSONL:
		return rd.readJSONL(ctx, name, src, emit)
	case fmtFeed:
		b, skip := readAllLimited(src, rd.opts.MaxFeedBytes, gz)
		if skip != "" {
			return emit(item{source: name, skip: skip})
		}
		return rd.readFeed(ctx, name, b, emit)
	default:
		b, skip := readAllLimited(src, rd.opts.MaxBytes, gz)
		if skip != "" {
			return emit(item{source: name, skip: skip})
		}
		return emit(item{source: name, raw: b})
	}
}

// readAllLimited reads r to its end, failing with a reason when it has more
// than limit bytes or breaks off (a truncated gzip stream).
func readAllLimited(r io.Reader, limit int64, gz bool) ([]byte, string) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		if gz {
			return nil, "truncated or corrupt gzip: " + err.Error()
		}
		return nil, "read failed: " + err.Error()
	}
	if int64(len(b)) > limit {
		return nil, fmt.Sprintf("too large: more than %d bytes", limit)
	}
	return b, ""
}

// detectFormat picks the format from the file name's extension (after
// removing .gz), else from the first bytes.
func detectFormat(name string, head []byte) string {
	switch filepath.Ext(name) {
	case ".jsonl", ".ndjson", ".jsonlines":
		return fmtJSONL
	case ".rss", ".atom", ".rdf", ".xml", ".feed":
		return fmtFeed
	case ".warc":
		return fmtWARC
	case ".html", ".htm", ".xhtml", ".txt", ".text", ".md":
		return fmtDoc
	case ".json":
		if isJSONFeed(head) {
			return fmtFeed
		}
		return fmtJSONL
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n")
	switch {
	case bytes.HasPrefix(t, []byte("WARC/")):
		return fmtWARC
	case bytes.HasPrefix(t, []byte("{")):
		if isJSONFeed(head) {
			return fmtFeed
		}
		return fmtJSONL
	case isFeedXML(t):
		return fmtFeed
	}
	return fmtDoc
}

func isJSONFeed(head []byte) bool {
	return bytes.Contains(head, []byte("jsonfeed.org"))
}

// isFeedXML reports whether t starts an RSS, RDF or Atom document.
func isFeedXML(t []byte) bool {
	l := bytes.ToLower(t)
	if !bytes.HasPrefix(l, []byte("<")) {
		return false
	}
	for _, tag := range []string{"<rss", "<feed", "<rdf:rdf"} {
		if i := bytes.Index(l, []byte(tag)); i >= 0 && !bytes.Contains(l[:i], []byte("<html")) {
			return true
		}
	}
	return false
}

// readJSONL emits one item per non-blank line. Lines longer than
// MaxLineBytes are skipped without being held in memory.
func (rd *reader) readJSONL(ctx context.Context, name string, r io.Reader, emit emitter) bool {
	br := bufio.NewReaderSize(r, 64<<10)
	f := rd.opts.Fields
	for lineNo := 1; ; lineNo++ {
		if ctx.Err() != nil {
			return false
		}
		src := name + ":" + strconv.Itoa(lineNo)
		line, tooLong, err := readLine(br, rd.opts.MaxLineBytes)
		if tooLong {
			if !emit(item{source: src, skip: fmt.Sprintf("line too long: more than %d bytes", rd.opts.MaxLineBytes)}) {
				return false
			}
		} else if len(bytes.TrimSpace(line)) > 0 {
			if !emit(jsonItem(src, line, f)) {
				return false
			}
		}
		if err != nil {
			if err != io.EOF {
				return emit(item{source: src, skip: "read failed after this line (truncated or corrupt input): " + err.Error()})
			}
			return true
		}
	}
}

// readLine reads one line without its newline. When the line has more
// than max bytes it is discarded up to its end and tooLong is true.
func readLine(br *bufio.Reader, max int64) (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if int64(len(buf)+len(chunk)) > max+1 {
				tooLong, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == nil {
			err = nil
			buf = bytes.TrimSuffix(buf, []byte("\n"))
			buf = bytes.TrimSuffix(buf, []byte("\r"))
		}
		return buf, tooLong, err
	}
}

// jsonItem decodes one JSON line into an item.
func jsonItem(src string, line []byte, f Fields) item {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(line, &m); err != nil {
		return item{source: src, skip: "invalid JSON: " + err.Error()}
	}
	str := func(key string) string {
		v, ok := m[key]
		if !ok {
			return ""
		}
		var s string
		if json.Unmarshal(v, &s) != nil {
			return ""
		}
		return strings.TrimSpace(s)
	}
	text := str(f.Text)
	if text == "" {
		return item{source: src, skip: fmt.Sprintf("no text: field %q missing or empty", f.Text)}
	}
	it := item{source: src, raw: []byte(text), isText: true, meta: meta{
		title: str(f.Title), url: str(f.URL), site: str(f.Source),
	}}
	if p := str(f.Published); p != "" {
		it.meta.published = parseTime(p)
	}
	return it
}

// timeLayouts are the date formats accepted in JSON lines.
var timeLayouts = []string{
	time.RFC3339Nano, "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05Z", "2006-01-02 15:04:05",
	"2006-01-02T15:04:05", time.DateOnly, time.RFC1123Z, time.RFC1123, "2006-01-02 15:04:05 -0700",
}

// parseTime parses a date in one of timeLayouts (or Unix seconds); the zero
// time when none fits.
func parseTime(s string) time.Time {
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t
		}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 && n < 1e11 {
		return time.Unix(n, 0).UTC()
	}
	return time.Time{}
}

// readURL fetches a URL argument (always: the user named it) and emits
// the items of a feed, or the page as one document.
func (rd *reader) readURL(ctx context.Context, u string, emit emitter) bool {
	if err := rd.fetcher.wait(ctx, u); err != nil {
		return false
	}
	b, ctype, err := fetchBody(ctx, rd.opts.Client, u, rd.opts.UserAgent, rd.opts.MaxFeedBytes, rd.opts.Timeout)
	if err != nil {
		if ctx.Err() != nil {
			return false
		}
		return emit(item{source: u, skip: "fetch failed: " + err.Error()})
	}
	rd.counter.n.Add(int64(len(b)))
	ct := strings.ToLower(ctype)
	head := b
	if len(head) > 4096 {
		head = head[:4096]
	}
	if strings.Contains(ct, "rss") || strings.Contains(ct, "atom") || strings.Contains(ct, "feed") ||
		detectFormat(strings.ToLower(u), head) == fmtFeed && !strings.Contains(ct, "html") {
		return rd.readFeed(ctx, u, b, emit)
	}
	if int64(len(b)) > rd.opts.MaxBytes {
		return emit(item{source: u, skip: fmt.Sprintf("too large: more than %d bytes", rd.opts.MaxBytes)})
	}
	return emit(item{source: u, raw: b, meta: meta{url: u}})
}

// fetchBody fetches a URL's body with the extractor's limits; used for
// URL arguments so feeds can be told from pages.
func fetchBody(ctx context.Context, client *http.Client, rawURL, ua string, limit int64, timeout time.Duration) ([]byte, string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, "", err
	}
	req.Header.Set("User-Agent", ua)
	resp, err := client.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return nil, "", fmt.Errorf("HTTP status %s", resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, "", err
	}
	if int64(len(b)) > limit {
		return nil, "", fmt.Errorf("too large: more than %d bytes", limit)
	}
	return b, resp.Header.Get("Content-Type"), nil
}
