// Package extract turns an input — a file path, an http(s) URL or "-" for
// standard input — into a realign.Document: the clean main text of the
// article and its metadata.
//
// Usage:
//
//	e := extract.New(extract.Options{})             // zero Options: defaults
//	doc, err := e.Read(ctx, "article.html")         // or a URL, or "-"
//	doc, err = e.FromBytes("upload", body)          // bytes already in hand
//	if errors.Is(err, realign.ErrInput) { ... }     // bad input, *realign.InputError
//
// Format detection: a URL's Content-Type of text/html or
// application/xhtml+xml means HTML; otherwise the first 8 KiB are sniffed
// for a doctype or a leading HTML tag, or for three or more <p>, <div>,
// <br>, <body> or <html> tags. Everything else is plain text.
// Document.Format is "html" or "text".
//
// HTML: the page is decoded to UTF-8 using its byte-order mark,
// Content-Type charset or <meta> declaration (golang.org/x/net/html/charset),
// then github.com/markusmobius/go-trafilatura extracts the main text
// (comments excluded, readability/distiller fallback on) and the title,
// author (Byline), site name, canonical URL, date and language. When it
// finds no date, github.com/markusmobius/go-htmldate's extensive search is
// tried. A " - Site" suffix is removed from the title; a headline repeated
// as the first paragraph is dropped from the text.
//
// Plain text keeps its bytes: CRLF and CR become LF, a byte-order mark is
// dropped, white-space-only lines become empty, runs of blank lines shrink
// to one. Among the first six non-blank lines, a date line ("June 14,
// 2019", "2019-06-14", "Published: …") sets Published, a "By Name" line
// sets Byline, and a short first line without a final period that is
// followed by more text is the Title; these header lines are removed from
// the text. When they give no date, a dated dateline opening the first
// body line ("BERLIN, Feb. 12, 2024 (Reuters) - …", "KYIV, Ukraine, 12
// February 2024 - …") sets Published and stays in the text; a dateline
// without a year ("WASHINGTON, March 3 (AP) —") sets nothing. Page furniture lines listed in data/furniture.tsv are removed:
// some ("Leave a Reply", "Share this:", "%d bloggers like this:") wherever
// they stand on a line of their own, others ("Related", "Posted in …",
// "Tags: …", "Subscribe") only in the run of furniture at the end, as is a
// related-articles block there (a "Related" heading followed only by short
// title-like lines and dates). No other line is removed or changed.
//
// In Document.Text paragraphs are separated by exactly one blank line
// ("\n\n") and the text has no leading or trailing white space.
// Document.Language is an ISO 639-1 code from a stop-word count
// (data/stopwords.tsv) or the script, else the page's declared language,
// else "". Document.Source is the input as given; Document.URL is the
// canonical URL of a page, else the URL fetched after redirects. Published
// is the zero time when unknown. Document.ID is left empty.
//
// Every problem with the input itself is a *realign.InputError naming the
// input: missing file, directory, empty or white-space-only input, binary
// data (file signature, NUL byte, >1% control characters), invalid UTF-8
// (with the byte offset), too large (more than MaxBytes; at most
// MaxBytes+1 bytes are ever read), unreachable URL, non-2xx HTTP status,
// time-out, unsupported content type, and input with no article text.
package extract

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/realign/realign"
)

// Defaults for the zero Options.
const (
	DefaultMaxBytes  int64 = 16 << 20 // 16 MiB
	DefaultTimeout         = 20 * time.Second
	DefaultUserAgent       = "realign-extract/1.0 (+https://github.com/realign/realign)"
)

// Options configures an Extractor. The zero value is ready to use.
type Options struct {
	// MaxBytes is the largest input accepted, in bytes (default 16 MiB).
	// At most MaxBytes+1 bytes of any input are read; larger inputs give
	// an InputError "too large: more than N bytes".
	MaxBytes int64
	// Timeout bounds a whole URL fetch, connection to last byte (default
	// 20s).
	Timeout time.Duration
	// Client fetches URLs; nil means a plain http.Client. Its own Timeout,
	// if any, applies as well.
	Client *http.Client
	// UserAgent is sent with URL requests (default DefaultUserAgent).
	UserAgent string
	// Stdin is read for the input "-" (default os.Stdin).
	Stdin io.Reader
}

// Extractor reads inputs into Documents. It is safe for concurrent use,
// except that concurrent reads of "-" share one Stdin.
type Extractor struct {
	opts   Options
	client *http.Client
}

// New returns an Extractor; zero fields of opts get their defaults.
func New(opts Options) *Extractor {
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.UserAgent == "" {
		opts.UserAgent = DefaultUserAgent
	}
	if opts.Stdin == nil {
		opts.Stdin = os.Stdin
	}
	c := opts.Client
	if c == nil {
		c = &http.Client{}
	}
	return &Extractor{opts: opts, client: c}
}

// Read reads input and extracts its Document. input is "-" for Stdin, an
// http:// or https:// URL, or a file path. Document.Source is input as
// given; for URLs Document.URL is the canonical URL when the page declares
// one, else the URL finally fetched (after redirects).
//
// Errors about the input are *realign.InputError (errors.Is(err,
// realign.ErrInput) holds); ctx cancels a URL fetch.
func (e *Extractor) Read(ctx context.Context, input string) (realign.Document, error) {
	switch {
	case input == "-":
		b, err := e.readLimited(input, e.opts.Stdin)
		if err != nil {
			return realign.Document{}, err
		}
		return e.document(input, b, "", "")
	case isURL(input):
		return e.fetch(ctx, input)
	case strings.Contains(input, "://"):
		scheme, _, _ := strings.Cut(input, "://")
		return realign.Document{}, &realign.InputError{Input: input, Reason: fmt.Sprintf("unsupported URL scheme %q (only http and https)", scheme)}
	default:
		return e.readFile(input)
	}
}

// FromBytes extracts the Document of b, which came from the input called
// name (used for Document.Source and in errors). It applies the same checks
// as Read, MaxBytes included.
func (e *Extractor) FromBytes(name string, b []byte) (realign.Document, error) {
	if int64(len(b)) > e.opts.MaxBytes {
		return realign.Document{}, e.tooLarge(name)
	}
	return e.document(name, b, "", "")
}

// looksLikeHost reports whether a missing file's name looks like a URL
// without its scheme ("www.example.org/news", "127.0.0.1:8080/a").
func looksLikeHost(s string) bool {
	host, _, ok := strings.Cut(s, "/")
	if !ok || host == "" {
		return false
	}
	if strings.HasPrefix(host, "www.") || host == "localhost" || strings.HasPrefix(host, "localhost:") {
		return true
	}
	h, port, ok := strings.Cut(host, ":")
	return ok && h != "" && port != "" && strings.Trim(port, "0123456789") == ""
}

func isURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

func (e *Extractor) tooLarge(name string) error {
	return &realign.InputError{Input: name, Reason: fmt.Sprintf("too large: more than %d bytes", e.opts.MaxBytes)}
}

// readLimited reads at most MaxBytes+1 bytes of r and fails when there are
// more than MaxBytes.
func (e *Extractor) readLimited(name string, r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, e.opts.MaxBytes+1))
	if err != nil {
		return nil, &realign.InputError{Input: name, Reason: "read failed", Err: err}
	}
	if int64(len(b)) > e.opts.MaxBytes {
		return nil, e.tooLarge(name)
	}
	return b, nil
}

func (e *Extractor) readFile(path string) (realign.Document, error) {
	if path == "" {
		return realign.Document{}, &realign.InputError{Input: `""`, Reason: "empty file name"}
	}
	f, err := os.Open(path)
	if err != nil {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			reason := "no such file"
			if looksLikeHost(path) {
				reason += " (for a URL, start it with http:// or https://)"
			}
			return realign.Document{}, &realign.InputError{Input: path, Reason: reason}
		case errors.Is(err, fs.ErrPermission):
			return realign.Document{}, &realign.InputError{Input: path, Reason: "permission denied"}
		}
		return realign.Document{}, &realign.InputError{Input: path, Reason: "cannot open", Err: unwrapPath(err)}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return realign.Document{}, &realign.InputError{Input: path, Reason: "cannot stat", Err: unwrapPath(err)}
	}
	if st.IsDir() {
		return realign.Document{}, &realign.InputError{Input: path, Reason: "is a directory, not a file"}
	}
	if st.Mode().IsRegular() && st.Size() > e.opts.MaxBytes {
		return realign.Document{}, e.tooLarge(path)
	}
	b, err := e.readLimited(path, f)
	if err != nil {
		return realign.Document{}, err
	}
	return e.document(path, b, "", "")
}

// unwrapPath drops the *fs.PathError wrapper, whose text repeats the path
// the InputError already names.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (e *Extractor) fetch(ctx context.Context, rawURL string) (realign.Document, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		if err == nil {
			err = errors.New("no host")
		}
		return realign.Document{}, &realign.InputError{Input: rawURL, Reason: "malformed URL", Err: err}
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithTimeout(ctx, e.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return realign.Document{}, &realign.InputError{Input: rawURL, Reason: "malformed URL", Err: err}
	}
	req.Header.Set("User-Agent", e.opts.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5")
	resp, err := e.client.Do(req)
	if err != nil {
		return realign.Document{}, e.fetchError(ctx, rawURL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return realign.Document{}, &realign.InputError{Input: rawURL, Reason: "HTTP status " + resp.Status}
	}
	if resp.ContentLength > e.opts.MaxBytes {
		return realign.Document{}, e.tooLarge(rawURL)
	}
	ctype := resp.Header.Get("Content-Type")
	if bad := unsupportedType(ctype); bad != "" {
		return realign.Document{}, &realign.InputError{Input: rawURL, Reason: "unsupported content type " + bad}
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, e.opts.MaxBytes+1))
	if err != nil {
		return realign.Document{}, e.fetchError(ctx, rawURL, err)
	}
	if int64(len(b)) > e.opts.MaxBytes {
		return realign.Document{}, e.tooLarge(rawURL)
	}
	final := rawURL
	if resp.Request != nil && resp.Request.URL != nil {
		final = resp.Request.URL.String()
	}
	return e.document(rawURL, b, ctype, final)
}

func (e *Extractor) fetchError(ctx context.Context, rawURL string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var ne net.Error
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) ||
		(errors.As(err, &ne) && ne.Timeout()) {
		return &realign.InputError{Input: rawURL, Reason: fmt.Sprintf("timed out after %s", e.opts.Timeout)}
	}
	if errors.Is(err, context.Canceled) {
		return &realign.InputError{Input: rawURL, Reason: "fetch cancelled", Err: err}
	}
	return &realign.InputError{Input: rawURL, Reason: "unreachable", Err: err}
}

// unsupportedType returns the media type of a Content-Type header that
// cannot hold an article (images, audio, video, PDF, archives), else "".
func unsupportedType(ctype string) string {
	mt, _, err := mime.ParseMediaType(ctype)
	if err != nil {
		return ""
	}
	for _, p := range []string{"image/", "audio/", "video/", "font/"} {
		if strings.HasPrefix(mt, p) {
			return mt
		}
	}
	switch mt {
	case "application/pdf", "application/zip", "application/gzip", "application/x-gzip",
		"application/x-tar", "application/x-7z-compressed", "application/vnd.rar",
		"application/x-rar-compressed", "application/wasm", "application/msword":
		return mt
	}
	return ""
}
