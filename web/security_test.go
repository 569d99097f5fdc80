package web

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/realign/realign/sqlite"
)

// xssFixture returns the fixture article whose title and text carry
// markup and attribute-breaking quotes.
func xssID(t *testing.T, s *Server) string {
	t.Helper()
	_, body, _ := do(t, s, "GET", "/api/documents?limit=50", nil)
	var p page[sqlite.DocumentSummary]
	decode(t, body, &p)
	for _, d := range p.Items {
		if strings.Contains(d.Title, "<script>") {
			return d.ID
		}
	}
	t.Fatal("no fixture article with <script> in its title")
	return ""
}

// inert parses page and fails when it holds a script element, an event
// handler attribute, or a javascript: URL: the marks of injected markup.
func inert(t *testing.T, where, page string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "img", "iframe", "object", "embed", "marquee":
				t.Errorf("%s: injected <%s> element in the DOM", where, n.Data)
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") {
					t.Errorf("%s: event handler attribute %s=%q on <%s>", where, a.Key, a.Val, n.Data)
				}
				if (a.Key == "href" || a.Key == "src") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
					t.Errorf("%s: javascript URL %q", where, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

func TestXSSInert(t *testing.T) {
	s, _, _ := testServer(t, "tok")
	id := xssID(t, s)
	pages := []string{"/", "/documents", "/documents/" + id, "/events", "/events?text=friendship", "/search?q=friendship", "/search?q=script", "/search?q=alert+OR+onerror",
		"/search?q=" + url.QueryEscape(`"><script>alert(1)</script>`), "/actors/RUS", "/dyads/PAK/RUS", "/network",
		"/events?actor=" + url.QueryEscape(`"><script>`)}
	for _, p := range pages {
		code, body, h := do(t, s, "GET", p, nil)
		if code != 200 && code != 400 {
			t.Errorf("GET %s: status %d", p, code)
		}
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("GET %s: CSP %q", p, csp)
		}
		inert(t, p, body)
	}
	// The article page shows the title and the text, escaped.
	_, body, _ := do(t, s, "GET", "/documents/"+id, nil)
	if n := strings.Count(body, "&lt;script&gt;alert("); n < 3 { // <title>, <h1>, text
		t.Errorf("article page shows the escaped <script>alert( %d times, want 3 or more", n)
	}
	for _, want := range []string{`&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;`, `&lt;img src=x onerror=alert(4)&gt;`} {
		if !strings.Contains(body, want) {
			t.Errorf("article page lacks the escaped %q", want)
		}
	}
	// A match inside markup is marked, and the markup around it escaped.
	_, body, _ = do(t, s, "GET", "/search?q=script", nil)
	if !strings.Contains(body, "&lt;<mark>script</mark>&gt;") {
		t.Errorf("search page does not show the escaped, marked match:\n%s", clip(body, 3000))
	}
	// The analyze form echoes posted text escaped.
	form := url.Values{"text": {`Putin praised Pakistan. <script>alert("posted")</script> "quoted" onfocus='x'`}, "title": {`"><script>alert(9)</script>`}, "token": {"tok"}}
	code, body, _ := do(t, s, "POST", "/analyze", strings.NewReader(form.Encode()), "Content-Type", "application/x-www-form-urlencoded")
	if code != 200 {
		t.Fatalf("POST /analyze: %d\n%s", code, clip(body, 400))
	}
	inert(t, "POST /analyze", body)
	// JSON is escaped for HTML contexts too (no raw "<script>").
	_, js, _ := do(t, s, "GET", "/api/documents/"+id, nil)
	if strings.Contains(js, "<script>") {
		t.Error("JSON holds a raw <script>")
	}
}

func TestSnippetHTML(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"no match", "no match"},
		{"Khan wants [arms] from [Russia]…", "Khan wants <mark>arms</mark> from <mark>Russia</mark>…"},
		{"<[script]>[alert](1)</script>", "&lt;<mark>script</mark>&gt;<mark>alert</mark>(1)&lt;/script&gt;"},
		{`[<img src=x onerror=alert(4)>] & "q"`, `<mark>&lt;img src=x onerror=alert(4)&gt;</mark> &amp; &#34;q&#34;`},
		{"open [ then [word]", "open [ then <mark>word</mark>"},
		{"stray ] and [] and [tail", "stray ] and [] and [tail"},
		{"[a][b]", "<mark>a</mark><mark>b</mark>"},
	} {
		if got := string(snippetHTML(tt.in)); got != tt.want {
			t.Errorf("snippetHTML(%q)\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestHighlightEscapes(t *testing.T) {
	text := `A "b" <c> & 'd' é`
	got := string(highlight(text, []mark{{Span: span(2, 5), class: "actor", title: `x" onclick="y`}, {Span: span(4, 11), class: "event", id: `ev-1"><b>`}, {Span: span(16, 17), class: "bad"}}))
	want := `A <span class="actor" title="x&#34; onclick=&#34;y">&#34;b</span><a class="anchor" id="ev-1&#34;&gt;&lt;b&gt;"></a><span class="actor event" title="x&#34; onclick=&#34;y">&#34;</span><span class="event"> &lt;c&gt; &amp;</span> &#39;d&#39; é`
	if got != want {
		t.Errorf("highlight:\n got %s\nwant %s", got, want)
	}
}

func TestTokens(t *testing.T) {
	body := func() io.Reader {
		b, _ := json.Marshal(map[string]string{"text": "Russian President Vladimir Putin praised Pakistan on Friday.", "title": "Praise", "published": "2019-06-14"})
		return bytes.NewReader(b)
	}
	ro, _, _ := testServer(t, "")
	for _, p := range []string{"/api/analyze", "/api/documents"} {
		code, b, _ := do(t, ro, "POST", p, body(), "Content-Type", "application/json", "Authorization", "Bearer anything")
		if code != http.StatusForbidden || !strings.Contains(b, "read-only") {
			t.Errorf("read-only POST %s: %d %s", p, code, b)
		}
	}
	form := url.Values{"text": {"Putin praised Pakistan."}, "token": {""}}
	if code, _, _ := do(t, ro, "POST", "/analyze", strings.NewReader(form.Encode()), "Content-Type", "application/x-www-form-urlencoded"); code != http.StatusForbidden {
		t.Errorf("read-only analyze form: %d", code)
	}

	s, db, _ := testServer(t, "s3cret")
	for _, hdr := range [][]string{nil, {"Authorization", "Bearer wrong"}, {"X-Realign-Token", "s3cre"}} {
		code, _, h := do(t, s, "POST", "/api/documents", body(), append([]string{"Content-Type", "application/json"}, hdr...)...)
		if code != http.StatusUnauthorized || h.Get("WWW-Authenticate") == "" {
			t.Errorf("POST with %v: %d, want 401", hdr, code)
		}
	}
	code, b, _ := do(t, s, "POST", "/api/analyze", body(), "Content-Type", "application/json", "Authorization", "Bearer s3cret")
	var an struct {
		Events []struct{ CAMEO string }
	}
	decode(t, b, &an)
	if code != 200 || len(an.Events) == 0 {
		t.Errorf("analyze: %d %s", code, clip(b, 300))
	}
	before, _ := db.Stats(t.Context())
	code, b, _ = do(t, s, "POST", "/api/documents", body(), "Content-Type", "application/json", "X-Realign-Token", "s3cret")
	var st struct {
		ID     string
		Stored bool
	}
	decode(t, b, &st)
	after, _ := db.Stats(t.Context())
	if code != http.StatusCreated || !st.Stored || after.Documents != before.Documents+1 {
		t.Errorf("store: %d %s (documents %d → %d)", code, b, before.Documents, after.Documents)
	}
	if code, _, _ := do(t, s, "GET", "/api/documents/"+st.ID, nil); code != 200 {
		t.Errorf("stored document: %d", code)
	}
	// Storing again is idempotent.
	code, b, _ = do(t, s, "POST", "/api/documents", body(), "Content-Type", "application/json", "X-Realign-Token", "s3cret")
	if code != 200 || !strings.Contains(b, `"stored": false`) {
		t.Errorf("store again: %d %s", code, b)
	}
	// Plain-text bodies with metadata in the query.
	code, b, _ = do(t, s, "POST", "/api/analyze?title=T&published=2019-06-14", strings.NewReader("Putin praised Pakistan on Friday."), "Content-Type", "text/plain", "X-Realign-Token", "s3cret")
	if code != 200 || !strings.Contains(b, `"published": "2019-06-14"`) {
		t.Errorf("text/plain analyze: %d %s", code, clip(b, 300))
	}
}

func TestLimits(t *testing.T) {
	db, _ := testDB(t)
	s, err := New(Options{DB: db, Token: "t", MaxBody: 1000, Pipeline: testPipeline(t)})
	if err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("Putin praised Pakistan. ", 100)
	for _, ct := range []string{"text/plain", "application/json"} {
		b := big
		if ct == "application/json" {
			j, _ := json.Marshal(map[string]string{"text": big})
			b = string(j)
		}
		code, body, _ := do(t, s, "POST", "/api/analyze", strings.NewReader(b), "Content-Type", ct, "X-Realign-Token", "t")
		if code != http.StatusRequestEntityTooLarge {
			t.Errorf("%s body over the limit: %d %s", ct, code, clip(body, 200))
		}
	}
	for _, tt := range []struct {
		ct, body string
		status   int
	}{
		{"application/xml", "<a/>", 415},
		{"application/json", `{"txt": "x"}`, 400},
		{"application/json", `{"text": "   "}`, 400},
		{"text/plain", "", 422},
		{"application/json", `{"text": "Putin praised Pakistan.", "published": "June"}`, 400},
	} {
		code, body, _ := do(t, s, "POST", "/api/analyze", strings.NewReader(tt.body), "Content-Type", tt.ct, "X-Realign-Token", "t")
		if code != tt.status {
			t.Errorf("%s %q: %d, want %d (%s)", tt.ct, tt.body, code, tt.status, clip(body, 200))
		}
	}
}

var _ = regexp.MustCompile
