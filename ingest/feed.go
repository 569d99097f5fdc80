package ingest

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

var (
	// entityDecl matches a DTD entity declaration: feeds never need one,
	// and they are how XML bombs (billion laughs, external entities) work.
	entityDecl = regexp.MustCompile(`(?i)<!ENTITY`)
	// xmlDecl matches an XML declaration and its encoding.
	xmlDecl = regexp.MustCompile(`^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']`)
)

// readFeed parses an RSS 2.0, RSS 1.0 (RDF), Atom or JSON Feed document
// with gofeed and emits one item per feed item: its content (else its
// description) as text, its title, link and date (published, else
// updated). With Options.Fetch the item's link is fetched and extracted
// instead, the feed text being the fallback.
func (rd *reader) readFeed(ctx context.Context, name string, b []byte, emit emitter) bool {
	if entityDecl.Match(b) {
		return emit(item{source: name, skip: "feed declares XML entities (possible XML bomb); not parsed"})
	}
	b, err := feedUTF8(b)
	if err != nil {
		return emit(item{source: name, skip: "feed charset: " + err.Error()})
	}
	feed, err := parseFeed(b)
	if err != nil {
		return emit(item{source: name, skip: "feed parse error: " + err.Error()})
	}
	if len(feed.Items) == 0 {
		return emit(item{source: name, skip: "feed has no items"})
	}
	for i, fi := range feed.Items {
		if ctx.Err() != nil {
			return false
		}
		if fi == nil {
			continue
		}
		src := strings.TrimSpace(fi.Link)
		if src == "" {
			src = name + "#" + strconv.Itoa(i+1)
		}
		body := fi.Content
		if strings.TrimSpace(body) == "" {
			body = fi.Description
		}
		text := fragmentText(body)
		it := item{source: src, isText: true, raw: []byte(text), meta: meta{
			title: strings.TrimSpace(fi.Title), url: strings.TrimSpace(fi.Link), site: strings.TrimSpace(feed.Title),
		}}
		if fi.PublishedParsed != nil {
			it.meta.published = *fi.PublishedParsed
		} else if fi.UpdatedParsed != nil {
			it.meta.published = *fi.UpdatedParsed
		}
		if rd.opts.Fetch && isURL(it.meta.url) {
			it.fetchURL = it.meta.url
		} else if text == "" {
			it.skip = "feed item has no content or description"
		}
		if !emit(it) {
			return false
		}
	}
	return true
}

// parseFeed runs gofeed, turning a panic on odd input into an error.
func parseFeed(b []byte) (feed *gofeed.Feed, err error) {
	defer func() {
		if r := recover(); r != nil {
			feed, err = nil, fmt.Errorf("internal error in feed parser: %v", r)
		}
	}()
	return gofeed.NewParser().Parse(bytes.NewReader(b))
}

// feedUTF8 returns the feed as UTF-8 when it is not valid UTF-8 and does
// not declare its encoding (the XML default): such feeds are almost always
// Latin-1 / Windows-1252, which is decoded and the declaration removed.
// Feeds that declare an encoding are left to the parser's charset reader.
func feedUTF8(b []byte) ([]byte, error) {
	b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
	if utf8.Valid(b) {
		return b, nil
	}
	if m := xmlDecl.FindSubmatch(b); m != nil {
		label := strings.ToLower(string(m[1]))
		if label != "utf-8" && label != "utf8" {
			return b, nil
		}
	}
	enc, name, _ := charset.DetermineEncoding(b, "text/xml")
	if name == "utf-8" {
		enc, _ = charset.Lookup("windows-1252")
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return nil, err
	}
	// Drop a declaration that says UTF-8 (or nothing) so the parser
	// reads the decoded bytes as they are.
	if loc := regexp.MustCompile(`^\s*<\?xml[^>]*\?>`).FindIndex(out); loc != nil {
		out = out[loc[1]:]
	}
	return out, nil
}

// blockTags end a paragraph in an HTML fragment.
var blockTags = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "ul": true, "ol": true, "h1": true, "h2": true,
	"h3": true, "h4": true, "h5": true, "h6": true, "blockquote": true, "tr": true, "table": true,
	"section": true, "article": true, "figure": true, "figcaption": true, "hr": true, "pre": true,
}

// fragmentText turns an HTML fragment (a feed item's content) into plain
// text: one paragraph per block element, separated by blank lines, white
// space folded, scripts, styles and figures' captions kept out.
func fragmentText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.TrimSpace(s)
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var paras []string
	var cur strings.Builder
	flush := func() {
		if p := strings.Join(strings.Fields(cur.String()), " "); p != "" {
			paras = append(paras, p)
		}
		cur.Reset()
	}
	skip := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			flush()
			return strings.Join(paras, "\n\n")
		case html.TextToken:
			if skip == 0 {
				cur.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			n, _ := z.TagName()
			tag := string(n)
			if tag == "script" || tag == "style" || tag == "figcaption" {
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
				continue
			}
			if blockTags[tag] {
				flush()
			}
		}
	}
}
