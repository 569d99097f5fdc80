package extract

import (
	"bytes"
	nurl "net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/markusmobius/go-htmldate"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/realign/realign"
)

// fromHTML extracts the main text and metadata of an HTML page already
// decoded to UTF-8. pageURL is the URL it was fetched from, or "".
func (e *Extractor) fromHTML(name string, page []byte, pageURL string, t *tables) (realign.Document, error) {
	root, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return realign.Document{}, &realign.InputError{Input: name, Reason: "cannot parse HTML", Err: err}
	}
	opts := trafilatura.Options{
		ExcludeComments: true,
		EnableFallback:  true,
		HtmlDateMode:    trafilatura.Fast,
	}
	if pageURL != "" {
		if u, err := nurl.Parse(pageURL); err == nil {
			opts.OriginalURL = u
		}
	}
	res, err := trafilatura.ExtractDocument(root, opts)
	if err != nil || res == nil || res.ContentNode == nil {
		return realign.Document{}, &realign.InputError{Input: name, Reason: "no article text found in HTML", Err: err}
	}
	md := res.Metadata
	doc := realign.Document{
		Title:     cleanLine(md.Title),
		Byline:    cleanByline(md.Author),
		Site:      cleanLine(md.Sitename),
		URL:       md.URL,
		Published: md.Date,
		Format:    FormatHTML,
		Source:    name,
	}
	if doc.URL == "" {
		doc.URL = pageURL
	}
	if doc.Published.IsZero() {
		// Trafilatura ran htmldate's fast mode; try the extensive search.
		if r, err := htmldate.FromDocument(root, htmldate.Options{UseOriginalDate: true, URL: doc.URL}); err == nil {
			doc.Published = r.DateTime
		}
	}
	doc.Title = stripSiteSuffix(doc.Title, doc.Site)
	paras := renderParagraphs(res.ContentNode)
	if len(paras) > 0 && doc.Title != "" {
		// The headline often opens the content: drop it, and prefer it as
		// the title when the page title is the headline plus a site name.
		if sameText(paras[0], doc.Title) {
			paras = paras[1:]
		} else if h := headlinePrefix(doc.Title, paras[0]); h != "" {
			doc.Title = h
			paras = paras[1:]
		}
	}
	doc.Text = strings.Join(paras, "\n\n")
	if doc.Text == "" {
		return realign.Document{}, &realign.InputError{Input: name, Reason: "no article text found in HTML"}
	}
	doc.Language = detectLanguage(doc.Title+"\n"+doc.Text, t)
	if doc.Language == "" {
		doc.Language = normLang(md.Language)
	}
	return doc, nil
}

func cleanLine(s string) string { return strings.Join(strings.Fields(s), " ") }

var months = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true,
	"july": true, "august": true, "september": true, "october": true, "november": true, "december": true,
}

// cleanByline tidies trafilatura's author field: authors it joined with
// ";" are joined with ", ", repeated names (any case) are dropped, and so
// is a trailing month name that leaked in from a following date.
func cleanByline(s string) string {
	var names []string
	seen := map[string]bool{}
	for _, n := range strings.Split(s, ";") {
		ws := strings.Fields(n)
		if len(ws) >= 3 && months[strings.ToLower(ws[len(ws)-1])] {
			ws = ws[:len(ws)-1]
		}
		n = strings.Join(ws, " ")
		if n == "" || seen[strings.ToLower(n)] {
			continue
		}
		seen[strings.ToLower(n)] = true
		names = append(names, n)
	}
	return strings.Join(names, ", ")
}

// titleSeps separate a headline from a site name in page titles.
var titleSeps = []string{" - ", " | ", " – ", " — ", " · ", " :: ", " « ", " » ", " _ "}

// stripSiteSuffix removes " - Site" (or "Site | ") from a page title when
// Site is the page's site name.
func stripSiteSuffix(title, site string) string {
	if site == "" {
		return title
	}
	lt, ls := strings.ToLower(title), strings.ToLower(site)
	for _, sep := range titleSeps {
		if strings.HasSuffix(lt, sep+ls) && len(title) > len(sep)+len(site) {
			return strings.TrimSpace(title[:len(title)-len(sep)-len(site)])
		}
		if strings.HasPrefix(lt, ls+sep) && len(title) > len(sep)+len(site) {
			return strings.TrimSpace(title[len(site)+len(sep):])
		}
	}
	return title
}

// headlinePrefix returns para, cleaned, when the page title is para
// followed by a separator and more (a site or section name), else "".
func headlinePrefix(title, para string) string {
	t, p := cleanLine(title), cleanLine(para)
	if p == "" || strings.Contains(p, "\n") || len(p) >= len(t) {
		return ""
	}
	if !strings.EqualFold(t[:len(p)], p) {
		return ""
	}
	for _, sep := range titleSeps {
		if strings.HasPrefix(t[len(p):], sep) {
			return p
		}
	}
	return ""
}

func sameText(a, b string) bool {
	return strings.EqualFold(cleanLine(a), cleanLine(b))
}

// Elements that start and end a paragraph of the output text.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Blockquote: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Pre: true, atom.Table: true, atom.Tr: true, atom.Section: true,
	atom.Article: true, atom.Main: true, atom.Header: true, atom.Footer: true, atom.Aside: true,
	atom.Figure: true, atom.Figcaption: true, atom.Hr: true, atom.Details: true, atom.Summary: true,
	atom.Address: true, atom.Form: true, atom.Fieldset: true, atom.Body: true, atom.Html: true,
	atom.Caption: true, atom.Thead: true, atom.Tbody: true, atom.Tfoot: true, atom.Nav: true,
}

// Elements whose content is not text.
var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Svg: true,
	atom.Math: true, atom.Iframe: true, atom.Object: true, atom.Img: true, atom.Video: true,
	atom.Audio: true, atom.Canvas: true, atom.Button: true, atom.Select: true, atom.Textarea: true,
}

// renderer turns an extracted content tree into paragraphs.
type renderer struct {
	paras []string
	cur   strings.Builder
	// space is true when white space was seen since the last text written
	// to cur.
	space bool
	// boundary is true when an inline element started or ended since the
	// last text: trafilatura trims the white space around inline
	// elements, so a word boundary may be lost there.
	boundary bool
	pre      int
}

// renderParagraphs returns the text paragraphs of n: one per block element
// (paragraph, heading, list item, quotation, table row), white space
// collapsed, <br> kept as a line break, table cells joined by " | ",
// a paragraph repeated right after itself kept once, paragraphs without
// a letter or digit dropped.
func renderParagraphs(n *html.Node) []string {
	r := &renderer{}
	r.walk(n)
	r.flush()
	// Trafilatura's baseline for short pages can repeat a paragraph.
	out := r.paras[:0]
	for i, p := range r.paras {
		if i == 0 || p != r.paras[i-1] {
			out = append(out, p)
		}
	}
	return out
}

func (r *renderer) flush() {
	var p string
	if r.pre > 0 {
		p = strings.Trim(r.cur.String(), "\n")
	} else {
		lines := strings.Split(r.cur.String(), "\n")
		for i, l := range lines {
			lines[i] = trimDocSpace(l)
		}
		p = strings.Join(lines, "\n")
	}
	// A paragraph never holds a blank line: that would split it.
	for strings.Contains(p, "\n\n") {
		p = strings.ReplaceAll(p, "\n\n", "\n")
	}
	p = trimDocSpace(p)
	// Separators left behind by removed bylines and buttons ("·", "|")
	// are not text.
	if strings.IndexFunc(p, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
		r.paras = append(r.paras, p)
	}
	r.cur.Reset()
	r.space, r.boundary = false, false
}

func (r *renderer) text(s string) {
	if r.pre > 0 {
		r.cur.WriteString(s)
		return
	}
	for _, w := range strings.FieldsFunc(s, isSpaceRune) {
		first, _ := utf8.DecodeRuneInString(w)
		lead, _ := utf8.DecodeRuneInString(s)
		if r.cur.Len() > 0 && !strings.HasSuffix(r.cur.String(), "\n") &&
			(r.space || isSpaceRune(lead) || (r.boundary && needsSpace(r.cur.String(), first))) {
			r.cur.WriteByte(' ')
		}
		r.cur.WriteString(w)
		r.space, r.boundary = false, false
		s = s[strings.Index(s, w)+len(w):]
	}
	if s != "" {
		r.space = true
	}
}

// needsSpace reports whether a word starting with next, following text
// prev across an inline element boundary, needs a separating space.
func needsSpace(prev string, next rune) bool {
	last, _ := utf8.DecodeLastRuneInString(prev)
	if last == '\n' || strings.ContainsRune(`([{“‘"'/-`, last) {
		return false
	}
	return unicode.IsLetter(next) || unicode.IsDigit(next) || strings.ContainsRune(`(“‘`, next)
}

func (r *renderer) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		r.text(n.Data)
		return
	case html.ElementNode:
	case html.DocumentNode:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			r.walk(c)
		}
		return
	default:
		return
	}
	a := n.DataAtom
	if a == 0 {
		// Trafilatura creates elements without setting DataAtom.
		a = atom.Lookup([]byte(strings.ToLower(n.Data)))
	}
	switch {
	case skipTags[a]:
		return
	case a == atom.Br:
		r.cur.WriteByte('\n')
		r.space, r.boundary = false, false
		return
	case a == atom.Td || a == atom.Th:
		if r.cur.Len() > 0 {
			r.cur.WriteString(" | ")
			r.space, r.boundary = false, false
		}
		r.children(n)
		return
	case blockTags[a]:
		r.flush()
		if a == atom.Pre {
			r.pre++
			r.children(n)
			r.flush()
			r.pre--
			return
		}
		r.children(n)
		r.flush()
		return
	}
	// Inline element.
	r.boundary = true
	r.children(n)
	r.boundary = true
}

func (r *renderer) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.walk(c)
	}
}
