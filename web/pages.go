package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/realign/realign"
	"github.com/realign/realign/analytics"
	"github.com/realign/realign/report"
	"github.com/realign/realign/store"
)

// pageSet holds one template per page, each the layout plus the page's
// own file.
type pageSet struct{ t map[string]*template.Template }

var pageNames = []string{"overview", "events", "documents", "document", "actor", "dyad", "network", "search", "analyze", "error"}

var funcs = template.FuncMap{
	"quad":  quadName,
	"gold":  func(g float64) string { return fmt.Sprintf("%+.1f", g) },
	"f2":    func(g float64) string { return fmt.Sprintf("%+.2f", g) },
	"pct":   func(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) },
	"actor": report.ActorString,
	"code": func(a *realign.Actor) string {
		if a == nil {
			return ""
		}
		return a.Code
	},
	"state":   analytics.StateOf,
	"clip":    clip,
	"date":    func(s string) string { return cut(s, 10) },
	"short":   func(id string) string { return cut(id, 12) },
	"explain": report.Explain,
	"snippet": snippetHTML,
	"speaker": func(sp *realign.Speaker) string {
		if sp == nil {
			return "no speaker found"
		}
		return speakerString(sp)
	},
	"add":     func(a, b int) int { return a + b },
	"windows": func() []string { return []string{"week", "month", "quarter"} },
	"dyadpath": func(a, b *realign.Actor) string {
		if a == nil || b == nil {
			return ""
		}
		x, y := analytics.StateOf(a.Code), analytics.StateOf(b.Code)
		if x == "" || y == "" || x == y {
			return ""
		}
		return "/dyads/" + x + "/" + y
	},
	"quadcls": func(q int) string { return "q" + strconv.Itoa(q) },
	"orDash": func(s string) string {
		if s == "" {
			return "–"
		}
		return s
	},
}

func parsePages() (*pageSet, error) {
	ps := &pageSet{t: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		ps.t[name] = t
	}
	return ps, nil
}

// pageData is what every page template gets.
type pageData struct {
	Title    string
	Nav      string
	Query    string // search box value
	Data     any
	ReadOnly bool
}

func (ps *pageSet) render(w io.Writer, name string, d pageData) error {
	t, ok := ps.t[name]
	if !ok {
		return fmt.Errorf("no page template %q", name)
	}
	return t.ExecuteTemplate(w, "layout.html", d)
}

// page renders a page into a buffer first, so that a template error
// becomes a clean 500 rather than half a page.
func (s *Server) page(w http.ResponseWriter, name string, d pageData) error {
	d.ReadOnly = s.opts.Token == ""
	var buf bytes.Buffer
	if err := s.pages.render(&buf, name, d); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, err := w.Write(buf.Bytes())
	return err
}

func (s *Server) pageOverview(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	recent, _, err := s.events(ctx, store.EventFilter{Limit: 25})
	if err != nil {
		return err
	}
	docs, _, err := s.documents(ctx, 10, 0)
	if err != nil {
		return err
	}
	sum := s.summary.get(ctx, s.opts.AlertWait)
	data := map[string]any{"Recent": recent, "Documents": docs, "Summary": sum}
	return s.page(w, "overview", pageData{Title: "Overview", Nav: "overview", Data: data})
}

// eventsPage is the data of the events page.
type eventsPage struct {
	Filter   url.Values
	Events   []store.Event
	Prev     string
	Next     string
	Offset   int
	Criteria string
}

func pageLinks(r *http.Request, offset, limit int, more bool) (prev, next string) {
	q := r.URL.Query()
	if offset > 0 {
		q.Set("offset", strconv.Itoa(max(offset-limit, 0)))
		prev = r.URL.Path + "?" + q.Encode()
	}
	if more {
		q.Set("offset", strconv.Itoa(offset+limit))
		next = r.URL.Path + "?" + q.Encode()
	}
	return
}

func (s *Server) pageEvents(w http.ResponseWriter, r *http.Request) error {
	f, err := eventParams(params{r.URL.Query()})
	if err != nil {
		return err
	}
	evs, more, err := s.events(r.Context(), f)
	if err != nil {
		return err
	}
	d := eventsPage{Filter: r.URL.Query(), Events: evs, Offset: f.Offset}
	d.Prev, d.Next = pageLinks(r, f.Offset, f.Limit, more)
	return s.page(w, "events", pageData{Title: "Events", Nav: "events", Query: f.Text, Data: d})
}

func (s *Server) pageDocuments(w http.ResponseWriter, r *http.Request) error {
	p := params{r.URL.Query()}
	limit, offset, err := paging(p)
	if err != nil {
		return err
	}
	docs, more, err := s.documents(r.Context(), limit, offset)
	if err != nil {
		return err
	}
	prev, next := pageLinks(r, offset, limit, more)
	return s.page(w, "documents", pageData{Title: "Documents", Nav: "documents", Data: map[string]any{"Docs": docs, "Prev": prev, "Next": next}})
}

// articleView is an analysis laid out for the article page.
type articleView struct {
	A         *realign.Analysis
	Published string
	Status    string
	NearDup   string
	Body      template.HTML
	Events    []eventView
	Actors    []realign.Actor
	Stored    bool
}

type eventView struct {
	Anchor  string
	E       *realign.Event
	Explain string
	Day     string
	Sent    string
}

func newArticleView(a *realign.Analysis, ids []int64, days []string) articleView {
	v := articleView{A: a, Published: report.FormatPublished(a.Document.Published), Actors: report.DistinctActors(a)}
	v.Body = highlight(a.Document.Text, articleMarks(a, ids))
	for i := range a.Events {
		e := &a.Events[i]
		ev := eventView{Anchor: eventAnchor(ids, i), E: e, Explain: report.Explain(a, e), Sent: e.Sentence.Text(a.Document.Text)}
		if i < len(days) {
			ev.Day = days[i]
		}
		v.Events = append(v.Events, ev)
	}
	return v
}

func (s *Server) pageDocument(w http.ResponseWriter, r *http.Request) error {
	sd, err := s.db.Document(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	v := newArticleView(sd.Analysis, sd.EventIDs, sd.EventDays)
	v.Status, v.NearDup, v.Stored = sd.Status, sd.NearDupOf, true
	title := sd.Analysis.Document.Title
	if title == "" {
		title = "Article " + cut(sd.Analysis.Document.ID, 12)
	}
	return s.page(w, "document", pageData{Title: title, Nav: "documents", Data: v})
}

func (s *Server) pageActor(w http.ResponseWriter, r *http.Request) error {
	info, err := s.actorInfo(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	// Partners: the other states in the recent events, for dyad links.
	self := analytics.StateOf(info.Code)
	seen := map[string]bool{}
	var partners []string
	for _, e := range info.Events {
		for _, a := range []*realign.Actor{e.Source, e.Target} {
			if a == nil {
				continue
			}
			if st := analytics.StateOf(a.Code); st != "" && st != self && !seen[st] {
				seen[st] = true
				partners = append(partners, st)
			}
		}
	}
	return s.page(w, "actor", pageData{Title: "Actor " + info.Code, Nav: "events", Data: map[string]any{"Info": info, "Self": self, "Partners": partners}})
}

func (s *Server) pageDyad(w http.ResponseWriter, r *http.Request) error {
	a, b, directed, win, source, since, until, err := dyadParams(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	res, err := s.dyad(ctx, a, b, directed, win, source, since, until)
	if err != nil {
		return err
	}
	f := store.EventFilter{Dyad: [2]string{a, b}, Undirected: !directed, Since: since, Until: until, Limit: 50}
	evs, _, err := s.events(ctx, f)
	if err != nil {
		return err
	}
	strongest, err := s.db.EvidenceRows(ctx, store.CellQuery{Source: source, A: a, B: b, Since: since, Until: until}, 0, 40)
	if err != nil {
		return err
	}
	if directed {
		kept := strongest[:0]
		for _, e := range strongest {
			if analytics.StateOf(e.Source) == a {
				kept = append(kept, e)
			}
		}
		strongest = kept
	}
	strongest = strongest[:min(len(strongest), 10)]
	total := 0
	for _, p := range res.Series {
		total += p.Events
	}
	data := map[string]any{"Dyad": res, "Chart": timelineSVG(res.Series), "Events": evs, "Strongest": strongest, "Total": total,
		"Since": params{r.URL.Query()}.str("since"), "Until": params{r.URL.Query()}.str("until")}
	return s.page(w, "dyad", pageData{Title: a + "–" + b, Nav: "network", Data: data})
}

func (s *Server) pageNetwork(w http.ResponseWriter, r *http.Request) error {
	p := params{r.URL.Query()}
	source, since, until, nodes, minEvents, err := networkParams(p)
	if err != nil {
		return err
	}
	net, err := s.relations(r.Context(), source, since, until, nodes, minEvents)
	if err != nil {
		return err
	}
	data := map[string]any{"Net": net, "SVG": networkSVG(net), "Nodes": nodes, "MinEvents": minEvents}
	return s.page(w, "network", pageData{Title: "Relations network", Nav: "network", Data: data})
}

func (s *Server) pageSearch(w http.ResponseWriter, r *http.Request) error {
	p := params{r.URL.Query()}
	q := p.str("q")
	data := map[string]any{"Q": q}
	if q != "" {
		if len(q) > 500 {
			return badRequest("query longer than 500 bytes")
		}
		hits, err := s.db.Search(r.Context(), q, 30)
		if err != nil {
			return err
		}
		evs, _, err := s.events(r.Context(), store.EventFilter{Text: q, Limit: 30})
		if err != nil {
			return err
		}
		data["Hits"], data["Events"] = hits, evs
	}
	return s.page(w, "search", pageData{Title: "Search", Nav: "search", Query: q, Data: data})
}

func (s *Server) pageAnalyzeForm(w http.ResponseWriter, r *http.Request) error {
	return s.page(w, "analyze", pageData{Title: "Analyze an article", Nav: "analyze", Data: map[string]any{}})
}

func (s *Server) pageAnalyze(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseMultipartForm(s.opts.MaxBody); err != nil && err != http.ErrNotMultipart {
		return err
	}
	if err := s.checkToken(strings.TrimSpace(r.PostFormValue("token"))); err != nil {
		return err
	}
	doc, err := postedDocument(r, s.opts.MaxBody)
	if err != nil {
		return err
	}
	a, err := s.analyze(r.Context(), doc)
	if err != nil {
		return err
	}
	v := newArticleView(a, nil, nil)
	form := map[string]string{"Title": r.PostFormValue("title"), "URL": r.PostFormValue("url"), "Published": r.PostFormValue("published"), "Text": r.PostFormValue("text")}
	return s.page(w, "analyze", pageData{Title: "Analysis", Nav: "analyze", Data: map[string]any{"View": v, "Form": form}})
}
