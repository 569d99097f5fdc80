package extract

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/unicode"

	"github.com/realign/realign"
)

// Formats of Document.Format.
const (
	FormatHTML = "html"
	FormatText = "text"
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// document checks raw input bytes, detects HTML or plain text and extracts
// the Document. ctype is the Content-Type header of a URL ("" otherwise)
// and pageURL the URL fetched ("" otherwise).
func (e *Extractor) document(name string, b []byte, ctype, pageURL string) (doc realign.Document, err error) {
	defer func() {
		// Last line of defence: third-party parsers must not crash the
		// caller on odd input.
		if r := recover(); r != nil {
			doc = realign.Document{}
			err = fmt.Errorf("extract %s: internal error: %v", name, r)
		}
	}()
	fr, err := loadData()
	if err != nil {
		return realign.Document{}, err
	}
	if len(bytes.TrimSpace(b)) == 0 || len(bytes.TrimSpace(bytes.TrimPrefix(b, utf8BOM))) == 0 {
		reason := "empty input"
		if len(b) > 0 {
			reason = "input is only white space"
		}
		return realign.Document{}, &realign.InputError{Input: name, Reason: reason}
	}
	// UTF-16 with a byte-order mark is text, not binary: decode it first.
	if bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		d, derr := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Bytes(b)
		if derr != nil {
			return realign.Document{}, &realign.InputError{Input: name, Reason: "invalid UTF-16", Err: derr}
		}
		b = d
		ctype = "" // the bytes are UTF-8 now, whatever the header said
	}
	if reason := binaryReason(b); reason != "" {
		return realign.Document{}, &realign.InputError{Input: name, Reason: "binary data (" + reason + ")"}
	}
	if isHTML(b, ctype) {
		u, err := decodeHTML(name, b, ctype)
		if err != nil {
			return realign.Document{}, err
		}
		return e.fromHTML(name, u, pageURL, fr)
	}
	t, err := decodeText(name, b, ctype)
	if err != nil {
		return realign.Document{}, err
	}
	doc, err = fromText(name, t, fr)
	if err != nil {
		return realign.Document{}, err
	}
	doc.URL = pageURL
	return doc, nil
}

// binaryReason returns why b looks like binary data, or "" when it looks
// like text: a known binary file signature, a NUL byte, or more than 1% C0
// control characters (other than tab, LF, VT, FF, CR, ESC) in the first
// 64 KiB.
func binaryReason(b []byte) string {
	sniff := http.DetectContentType(b)
	mt, _, _ := mime.ParseMediaType(sniff)
	if bad := unsupportedType(sniff); bad != "" {
		return bad
	}
	if mt == "application/postscript" || mt == "application/ogg" || mt == "application/vnd.ms-fontobject" {
		return mt
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return fmt.Sprintf("NUL byte at offset %d", i)
	}
	head := b
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	n := 0
	for _, c := range head {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r' && c != 0x1B) || c == 0x7F {
			n++
		}
	}
	if n >= 4 && n*100 > len(head) {
		return fmt.Sprintf("%d control characters in the first %d bytes", n, len(head))
	}
	return ""
}

var (
	// htmlStart matches the start of an HTML document after white space
	// and comments.
	htmlStart = regexp.MustCompile(`(?is)^(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta[\s>]|title[\s>]|p[\s>]|div[\s>]|article[\s>]|h[1-6][\s>]|section[\s>]|main[\s>]|table[\s>]|ul[\s>]|ol[\s>]|blockquote[\s>]|span[\s>]|a\s|br\s*/?>|script[\s>]|style[\s>]|link[\s>])`)
	// htmlTag matches structural tags anywhere in the text.
	htmlTag = regexp.MustCompile(`(?i)<(?:/?p|/?html|/?body|/?div|br\s*/?)>`)
)

// isHTML reports whether b is HTML: by a Content-Type of text/html or
// application/xhtml+xml, else by sniffing the first 8 KiB for a doctype or
// a leading HTML tag, or for three or more <p>, <div>, <br>, <body> or
// <html> tags.
func isHTML(b []byte, ctype string) bool {
	if mt, _, err := mime.ParseMediaType(ctype); err == nil {
		switch mt {
		case "text/html", "application/xhtml+xml":
			return true
		}
	}
	head := bytes.TrimPrefix(b, utf8BOM)
	if len(head) > 8<<10 {
		head = head[:8<<10]
	}
	if htmlStart.Match(head) {
		return true
	}
	return len(htmlTag.FindAllIndex(head, 3)) >= 3
}

// decodeHTML converts an HTML page to UTF-8: the charset comes from a
// byte-order mark, the Content-Type header or a <meta> declaration (via
// golang.org/x/net/html/charset), else UTF-8 when the bytes are valid
// UTF-8, else windows-1252. A page that declares UTF-8 but is not valid
// UTF-8 is an InputError giving the offset of the first bad byte.
func decodeHTML(name string, b []byte, ctype string) ([]byte, error) {
	enc, cs, certain := charset.DetermineEncoding(b, ctype)
	body := bytes.TrimPrefix(b, utf8BOM)
	if cs == "utf-8" {
		if utf8.Valid(body) {
			return body, nil
		}
		if certain || declaresUTF8(b) {
			return nil, invalidUTF8(name, b, "HTML declared as UTF-8")
		}
		// DetermineEncoding saw only the first KiB; undeclared pages that
		// turn out not to be UTF-8 get the HTML default.
		enc, cs = charset.Lookup("windows-1252")
	}
	// A page whose <meta> declares a legacy charset while its bytes are
	// valid UTF-8 with non-ASCII characters is almost always UTF-8.
	if !certain && utf8.Valid(body) && hasNonASCII(body) {
		return body, nil
	}
	if enc == nil {
		return nil, &realign.InputError{Input: name, Reason: "unknown charset " + cs}
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return nil, &realign.InputError{Input: name, Reason: "cannot decode charset " + cs, Err: err}
	}
	return bytes.TrimPrefix(out, utf8BOM), nil
}

var metaUTF8 = regexp.MustCompile(`(?i)charset\s*=\s*["']?\s*utf-?8`)

func declaresUTF8(b []byte) bool {
	if len(b) > 4096 {
		b = b[:4096]
	}
	return metaUTF8.Match(b)
}

func hasNonASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// decodeText returns plain text as a UTF-8 string. A non-UTF-8 charset
// given by a URL's Content-Type is decoded; otherwise the bytes must be
// valid UTF-8.
func decodeText(name string, b []byte, ctype string) (string, error) {
	if _, params, err := mime.ParseMediaType(ctype); err == nil {
		if cs := params["charset"]; cs != "" {
			if enc, cname := charset.Lookup(cs); enc != nil && cname != "utf-8" {
				out, err := enc.NewDecoder().Bytes(b)
				if err != nil {
					return "", &realign.InputError{Input: name, Reason: "cannot decode charset " + cname, Err: err}
				}
				return string(out), nil
			}
		}
	}
	if !utf8.Valid(b) {
		return "", invalidUTF8(name, b, "text")
	}
	return string(b), nil
}

// invalidUTF8 reports the byte offset of the first invalid UTF-8 sequence.
func invalidUTF8(name string, b []byte, what string) error {
	off := 0
	for off < len(b) {
		r, size := utf8.DecodeRune(b[off:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		off += size
	}
	return &realign.InputError{Input: name, Reason: fmt.Sprintf("invalid UTF-8 in %s at byte offset %d", what, off)}
}

// trimDocSpace trims white space, including no-break spaces and BOMs,
// from both ends of s.
func trimDocSpace(s string) string {
	return strings.TrimFunc(s, isSpaceRune)
}

func isSpaceRune(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\ufeff', '\u2000', '\u2001', '\u2002', '\u2003',
		'\u2004', '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200a', '\u200b', '\u2028',
		'\u2029', '\u202f', '\u205f', '\u3000':
		return true
	}
	return false
}
