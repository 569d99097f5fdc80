package web

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/realign/realign"
	"github.com/realign/realign/sqlite"
)

func TestPagesRender(t *testing.T) {
	s, _, as := testServer(t, "")
	id := as[0].Document.ID
	tests := []struct {
		path string
		want []string // substrings the page must contain
	}{
		{"/", []string{"Recent events", "Top realignment alerts", "articles", `href="/documents/` + id}},
		{"/events?actor=PAK", []string{"PAKGOV", "/dyads/PAK/RUS"}},
		{"/events?dyad=PAK-RUS&quad=1", []string{"PAK", "RUS"}},
		{"/documents", []string{"Khan meets Putin in Bishkek"}},
		{"/documents/" + id, []string{`class="actor"`, `class="event"`, `class="quote"`, "Imran Khan", "CAMEO", "Goldstein"}},
		{"/actors/PAK", []string{"PAKGOV", "Recent events", "/dyads/PAK/RUS"}},
		{"/dyads/PAK/RUS", []string{"<svg", "Strongest evidence", "Latest events", "/documents/"}},
		{"/network", []string{"<svg", `href="/dyads/PAK/RUS"`, "cooperation"}},
		{"/search?q=arms", []string{"Khan meets Putin in Bishkek", "<mark>arms</mark>"}},
		{"/analyze", []string{"read-only", `name="text"`}},
		{"/static/style.css", []string{".event"}},
	}
	for _, tt := range tests {
		code, body, _ := do(t, s, "GET", tt.path, nil)
		if code != http.StatusOK {
			t.Errorf("GET %s: status %d\n%s", tt.path, code, clip(body, 500))
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s: no %q in the page", tt.path, w)
			}
		}
	}
}

func TestArticleEventsLinkBack(t *testing.T) {
	s, _, as := testServer(t, "")
	a := as[0]
	if len(a.Events) == 0 {
		t.Fatal("fixture article has no events")
	}
	_, body, _ := do(t, s, "GET", "/documents/"+a.Document.ID, nil)
	// Every event in the side list links to an anchor present in the text.
	for _, m := range regexp.MustCompile(`href="#(ev-\d+)"`).FindAllStringSubmatch(body, -1) {
		if !strings.Contains(body, `id="`+m[1]+`"`) {
			t.Errorf("side list links to #%s, which the text lacks", m[1])
		}
	}
	if n := strings.Count(body, `<p class="explain">`); n != len(a.Events) {
		t.Errorf("%d explanations, want one per event (%d)", n, len(a.Events))
	}
	// The recent-events list on the overview links into the article.
	_, over, _ := do(t, s, "GET", "/", nil)
	if !regexp.MustCompile(`href="/documents/[0-9a-f]{64}#ev-\d+"`).MatchString(over) {
		t.Error("overview has no event link into an article")
	}
}

func TestAPI(t *testing.T) {
	s, _, as := testServer(t, "")
	t.Run("documents", func(t *testing.T) {
		code, body, _ := do(t, s, "GET", "/api/documents?limit=2", nil)
		var p page[sqlite.DocumentSummary]
		decode(t, body, &p)
		if code != 200 || len(p.Items) != 2 || !p.More {
			t.Errorf("status %d, %d items, more %v; want 200, 2, true", code, len(p.Items), p.More)
		}
	})
	t.Run("document", func(t *testing.T) {
		a := as[0]
		code, body, _ := do(t, s, "GET", "/api/documents/"+a.Document.ID, nil)
		var d struct {
			Document struct{ Title, Text string }
			Mentions []json.RawMessage
			Quotes   []json.RawMessage
			Events   []struct{ Explanation string }
			Status   string
			EventIDs []int64 `json:"event_ids"`
		}
		decode(t, body, &d)
		// Layers the store does not keep are null, not empty lists.
		var raw struct {
			Sentences, Places, Times json.RawMessage
			Stats                    map[string]json.RawMessage
			NotStored                []string `json:"not_stored"`
		}
		decode(t, body, &raw)
		for name, v := range map[string]json.RawMessage{"sentences": raw.Sentences, "places": raw.Places, "times": raw.Times, "stats.sentences": raw.Stats["sentences"]} {
			if string(v) != "null" {
				t.Errorf("%s = %s, want null (not stored)", name, v)
			}
		}
		if string(raw.Stats["events"]) != strconv.Itoa(len(a.Events)) || len(raw.NotStored) != 3 {
			t.Errorf("stats %v, not_stored %v", raw.Stats, raw.NotStored)
		}
		if code != 200 || d.Document.Text != a.Document.Text || len(d.Mentions) != len(a.Mentions) || len(d.Quotes) != len(a.Quotes) ||
			len(d.Events) != len(a.Events) || len(d.EventIDs) != len(a.Events) || d.Status != "coded" {
			t.Errorf("status %d; got %d mentions, %d quotes, %d events (%d ids), status %q; want %d, %d, %d, coded",
				code, len(d.Mentions), len(d.Quotes), len(d.Events), len(d.EventIDs), d.Status, len(a.Mentions), len(a.Quotes), len(a.Events))
		}
		// Explanations match what report.Explain says of the original.
		for i, e := range d.Events {
			if !strings.Contains(e.Explanation, a.Events[i].Code) || !strings.Contains(e.Explanation, "Goldstein") {
				t.Errorf("event %d explanation %q", i, e.Explanation)
			}
		}
	})
	t.Run("events filters", func(t *testing.T) {
		for _, tt := range []struct {
			q     string
			check func(sqliteEvent) bool
		}{
			{"actor=PAK", func(e sqliteEvent) bool {
				return strings.HasPrefix(e.src(), "PAK") || strings.HasPrefix(e.tgt(), "PAK")
			}},
			{"dyad=PAK>RUS", func(e sqliteEvent) bool {
				return strings.HasPrefix(e.src(), "PAK") && strings.HasPrefix(e.tgt(), "RUS")
			}},
			{"dyad=PAK,RUS", func(e sqliteEvent) bool { // the CLI's --dyad form: directed
				return strings.HasPrefix(e.src(), "PAK") && strings.HasPrefix(e.tgt(), "RUS")
			}},
			{"dyad=PAK,", func(e sqliteEvent) bool { return strings.HasPrefix(e.src(), "PAK") }},
			{"dyad=RUS-PAK", func(e sqliteEvent) bool {
				return (strings.HasPrefix(e.src(), "PAK") && strings.HasPrefix(e.tgt(), "RUS")) || (strings.HasPrefix(e.src(), "RUS") && strings.HasPrefix(e.tgt(), "PAK"))
			}},
			{"code=04", func(e sqliteEvent) bool { return strings.HasPrefix(e.Code, "04") }},
			{"quad=1", func(e sqliteEvent) bool { return e.QuadClass == 1 }},
			{"since=2019-06-13&until=2019-06-14", func(e sqliteEvent) bool { return e.Day >= "2019-06-13" && e.Day <= "2019-06-14" }},
			{"text=ceasefire", func(e sqliteEvent) bool { return strings.Contains(e.Document.URL, "ceasefire") }},
		} {
			code, body, _ := do(t, s, "GET", "/api/events?"+tt.q, nil)
			var p page[sqliteEvent]
			decode(t, body, &p)
			if code != 200 || len(p.Items) == 0 {
				t.Errorf("%s: status %d, %d events", tt.q, code, len(p.Items))
				continue
			}
			for _, e := range p.Items {
				if !tt.check(e) {
					t.Errorf("%s: event %s %s>%s day %s does not match", tt.q, e.Code, e.src(), e.tgt(), e.Day)
				}
			}
			for i := 1; i < len(p.Items); i++ {
				if p.Items[i].Day > p.Items[i-1].Day && p.Items[i-1].Day != "" {
					t.Errorf("%s: not newest first: %s after %s", tt.q, p.Items[i].Day, p.Items[i-1].Day)
				}
			}
		}
		// Paging: two pages of one give two different events.
		_, b1, _ := do(t, s, "GET", "/api/events?limit=1", nil)
		_, b2, _ := do(t, s, "GET", "/api/events?limit=1&offset=1", nil)
		var p1, p2 page[sqliteEvent]
		decode(t, b1, &p1)
		decode(t, b2, &p2)
		if len(p1.Items) != 1 || len(p2.Items) != 1 || p1.Items[0].ID == p2.Items[0].ID || !p1.More {
			t.Errorf("paging: %+v / %+v", p1, p2)
		}
	})
	t.Run("search", func(t *testing.T) {
		code, body, _ := do(t, s, "GET", "/api/search?q=Putin", nil)
		var all searchPage
		decode(t, body, &all)
		if code != 200 || all.Query != "Putin" || len(all.Items) < 3 || all.More || all.Limit != 20 || all.Offset != 0 {
			t.Fatalf("status %d, query %q, %d items, more %v, limit %d, offset %d", code, all.Query, len(all.Items), all.More, all.Limit, all.Offset)
		}
		// Pages of one walk the same ranking, with more on all but the last.
		for i, want := range all.Items {
			_, body, _ := do(t, s, "GET", "/api/search?q=Putin&limit=1&offset="+strconv.Itoa(i), nil)
			var p searchPage
			decode(t, body, &p)
			if len(p.Items) != 1 || p.Items[0].ID != want.ID || p.More != (i < len(all.Items)-1) || p.Offset != i || p.Limit != 1 {
				t.Errorf("offset %d: %d items, more %v; want %s, more %v", i, len(p.Items), p.More, want.ID, i < len(all.Items)-1)
			}
		}
		_, body, _ = do(t, s, "GET", "/api/search?q=Putin&offset="+strconv.Itoa(len(all.Items)), nil)
		var past map[string]json.RawMessage
		decode(t, body, &past)
		if string(past["items"]) != "[]" || string(past["more"]) != "false" {
			t.Errorf("past the end: %s", body)
		}
	})
	t.Run("actor", func(t *testing.T) {
		code, body, _ := do(t, s, "GET", "/api/actors/PAKGOV", nil)
		var info actorInfo
		decode(t, body, &info)
		if code != 200 || len(info.Actors) == 0 || len(info.Events) == 0 || len(info.Quotes) == 0 || len(info.Roles) == 0 {
			t.Errorf("status %d: %d actors, %d events, %d quotes, %d roles", code, len(info.Actors), len(info.Events), len(info.Quotes), len(info.Roles))
		}
		code, body, _ = do(t, s, "GET", "/api/actors/PAKGOV/quotes?limit=1", nil)
		var qp page[sqlite.ActorQuote]
		decode(t, body, &qp)
		if code != 200 || len(qp.Items) != 1 || !strings.Contains(qp.Items[0].Text, "arms") {
			t.Errorf("quotes: status %d, %+v", code, qp.Items)
		}
	})
	t.Run("dyad shifts blocs network search", func(t *testing.T) {
		for _, path := range []string{"/api/dyads/PAK/RUS?window=week", "/api/shifts", "/api/shifts?min_events=1&top=3",
			"/api/blocs?window=month", "/api/network", "/api/search?q=arms", "/api/stats", "/api/openapi.json"} {
			code, body, h := do(t, s, "GET", path, nil)
			var v map[string]any
			decode(t, body, &v)
			if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
				t.Errorf("GET %s: status %d, type %q", path, code, h.Get("Content-Type"))
			}
		}
		_, body, _ := do(t, s, "GET", "/api/dyads/PAK/RUS", nil)
		var d dyadResult
		decode(t, body, &d)
		if len(d.Series) != 1 || d.Series[0].Events == 0 || d.Series[0].Window != "2019-06" {
			t.Errorf("dyad series %+v", d.Series)
		}
	})
}

// sqliteEvent is the JSON of one event with helpers.
type sqliteEvent struct {
	ID        int64
	Code      string `json:"cameo"`
	QuadClass int    `json:"quad_class"`
	Day       string
	Source    *realign.Actor
	Target    *realign.Actor
	Document  struct{ URL string }
}

func (e sqliteEvent) src() string {
	if e.Source == nil {
		return ""
	}
	return e.Source.Code
}

func (e sqliteEvent) tgt() string {
	if e.Target == nil {
		return ""
	}
	return e.Target.Code
}

func TestErrors(t *testing.T) {
	s, _, _ := testServer(t, "")
	for _, tt := range []struct {
		method, path string
		status       int
	}{
		{"GET", "/api/events?quad=7", 400},
		{"GET", "/api/events?since=yesterday", 400},
		{"GET", "/api/events?since=2019-06-14&until=2019-06-01", 400},
		{"GET", "/api/events?limit=100000", 400},
		{"GET", "/api/events?dyad=PAK", 400},
		{"GET", "/api/events?dyad=PAK,RUS-IND", 400},
		{"GET", "/api/events?dyad=PAK>RUS>IND", 400},
		{"GET", "/api/events?dyad=,", 400},
		{"GET", "/api/search?q=arms&offset=-1", 400},
		{"GET", "/api/search?q=arms&offset=100000", 400},
		{"GET", "/api/events?code=abc", 400},
		{"GET", "/api/events?modality=maybe", 400},
		{"GET", "/api/documents/" + strings.Repeat("0", 64), 404},
		{"GET", "/api/documents/not-an-id", 404},
		{"GET", "/api/actors/ZZZ", 404},
		{"GET", "/api/dyads/PAK/PAK", 400},
		{"GET", "/api/dyads/PAK/R%3CS", 400},
		{"GET", "/api/search", 400},
		{"GET", "/api/shifts?fdr=2", 400},
		{"GET", "/api/nope", 404},
		{"GET", "/documents/" + strings.Repeat("0", 64), 404},
		{"GET", "/nope", 404},
		{"GET", "/events?quad=9", 400},
	} {
		code, body, h := do(t, s, tt.method, tt.path, nil)
		if code != tt.status {
			t.Errorf("%s %s: status %d, want %d\n%s", tt.method, tt.path, code, tt.status, clip(body, 300))
			continue
		}
		if strings.HasPrefix(tt.path, "/api/") && tt.status != 405 {
			var e struct {
				Error  string
				Status int
			}
			decode(t, body, &e)
			if e.Error == "" || e.Status != tt.status || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
				t.Errorf("%s %s: error body %q", tt.method, tt.path, body)
			}
		}
	}
}

func TestOpenAPIListsEveryRoute(t *testing.T) {
	b, err := assets.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	src, err := readSource("server.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`s\.handle\("(GET|POST) (/api/[^"]*)"`).FindAllStringSubmatch(src, -1) {
		p := m[2]
		ops, ok := doc.Paths[p]
		if !ok {
			t.Errorf("route %s %s not in openapi.json", m[1], p)
			continue
		}
		if _, ok := ops[strings.ToLower(m[1])]; !ok {
			t.Errorf("route %s %s: openapi.json lacks the %s operation", m[1], p, m[1])
		}
	}
}
