package ingest

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/nlnwa/gowarc/v3"
	"golang.org/x/net/html/charset"
)

// readWARC emits one item per HTML response record of a WARC file (plain
// or gzip member by member): its HTTP payload as the page, the record's
// WARC-Target-URI as URL and Source, and its WARC-Date as the date used
// when the page gives none. Other records (warcinfo, request, metadata,
// non-HTML responses) are passed over silently; non-2xx responses are
// skipped with a reason. A malformed or truncated record ends the file with
// a skipped item naming its offset.
func (rd *reader) readWARC(ctx context.Context, name string, r io.Reader, emit emitter) (cont bool) {
	defer func() {
		if p := recover(); p != nil {
			cont = emit(item{source: name, skip: fmt.Sprintf("WARC reader internal error: %v", p)})
		}
	}()
	wr, err := gowarc.NewWarcFileReaderFromStream(r, 0,
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrWarn), gowarc.WithSpecViolationPolicy(gowarc.ErrWarn),
		gowarc.WithUnknownRecordTypePolicy(gowarc.ErrIgnore))
	if err != nil {
		return emit(item{source: name, skip: "WARC: " + err.Error()})
	}
	defer wr.Close()
	n := 0
	for {
		if ctx.Err() != nil {
			return false
		}
		rec, err := wr.Next()
		if err == io.EOF {
			if n == 0 {
				return emit(item{source: name, skip: "WARC file has no records"})
			}
			return true
		}
		if err != nil || rec.WarcRecord == nil {
			rec.Close()
			if err == nil {
				err = fmt.Errorf("no record")
			}
			return emit(item{source: fmt.Sprintf("%s@%d", name, rec.Offset),
				skip: fmt.Sprintf("truncated or malformed WARC record at offset %d: %v", rec.Offset, err)})
		}
		n++
		if v := truncation(rec.Validation); v != "" {
			rec.Close()
			return emit(item{source: fmt.Sprintf("%s@%d", name, rec.Offset),
				skip: fmt.Sprintf("truncated or malformed WARC record at offset %d: %s", rec.Offset, v)})
		}
		it, ok := rd.warcItem(name, rec)
		rec.Close()
		if ok && !emit(it) {
			return false
		}
	}
}

// truncation returns the validation finding that shows a record was cut
// short (its block is shorter than its Content-Length), or "". Other
// findings, such as wrong digests, are tolerated.
func truncation(validation []error) string {
	for _, v := range validation {
		if m := v.Error(); strings.Contains(m, "content length mismatch") {
			return m
		}
	}
	return ""
}

// warcItem turns one record into an item; ok is false for records that
// are not HTML responses.
func (rd *reader) warcItem(name string, rec gowarc.Record) (it item, ok bool) {
	wrec := rec.WarcRecord
	if wrec.Type() != gowarc.Response {
		return item{}, false
	}
	uri := strings.TrimSpace(wrec.WarcHeader().Get(gowarc.WarcTargetURI))
	src := uri
	if src == "" {
		src = fmt.Sprintf("%s@%d", name, rec.Offset)
	}
	hb, isHTTP := wrec.Block().(gowarc.HttpResponseBlock)
	if !isHTTP {
		return item{}, false
	}
	ctype := ""
	if h := hb.HttpHeader(); h != nil {
		ctype = h.Get("Content-Type")
	}
	mt, params, _ := mime.ParseMediaType(ctype)
	if ctype != "" && mt != "text/html" && mt != "application/xhtml+xml" {
		return item{}, false
	}
	if c := hb.HttpStatusCode(); c/100 != 2 {
		return item{source: src, skip: fmt.Sprintf("HTTP status %d in WARC response", c)}, true
	}
	pr, err := hb.PayloadBytes()
	if err != nil {
		return item{source: src, skip: "WARC payload: " + err.Error()}, true
	}
	b, skip := readAllLimited(pr, rd.opts.MaxBytes, false)
	if skip != "" {
		return item{source: src, skip: "WARC payload: " + skip}, true
	}
	if ctype == "" && !strings.Contains(strings.ToLower(http.DetectContentType(b)), "html") {
		return item{}, false
	}
	// The HTTP header's charset is lost once the bytes leave the record:
	// decode now and mark the result as UTF-8 with a byte-order mark.
	if cs := params["charset"]; cs != "" && !utf8.Valid(b) {
		if enc, _ := charset.Lookup(cs); enc != nil {
			if d, err := enc.NewDecoder().Bytes(b); err == nil {
				b = append([]byte{0xEF, 0xBB, 0xBF}, d...)
			}
		}
	}
	it = item{source: src, raw: b, meta: meta{url: uri}}
	if d, err := wrec.Date(); err == nil {
		it.meta.fallback = d
	}
	return it, true
}
