package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/realign/realign"
	"github.com/realign/realign/analytics"
	"github.com/realign/realign/extract"
	"github.com/realign/realign/report"
	"github.com/realign/realign/store"
)

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	b, err := assets.ReadFile("openapi.json")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err = w.Write(b)
	return err
}

func (s *Server) apiStats(w http.ResponseWriter, r *http.Request) error {
	st, err := s.db.Stats(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, st)
}

// page is the envelope of a paged list.
type page[T any] struct {
	Items  []T  `json:"items"`
	Limit  int  `json:"limit"`
	Offset int  `json:"offset"`
	More   bool `json:"more"`
}

func paging(p params) (limit, offset int, err error) {
	if limit, err = p.int("limit", 50, 1, maxPage); err != nil {
		return
	}
	offset, err = p.int("offset", 0, 0, 1<<30)
	return
}

func (s *Server) apiDocuments(w http.ResponseWriter, r *http.Request) error {
	p := params{r.URL.Query()}
	limit, offset, err := paging(p)
	if err != nil {
		return err
	}
	docs, more, err := s.documents(r.Context(), limit, offset)
	if err != nil {
		return err
	}
	if docs == nil {
		docs = []store.DocumentSummary{}
	}
	return writeJSON(w, page[store.DocumentSummary]{docs, limit, offset, more})
}

// storedAnalysis is the JSON of GET /api/documents/{id}: the analysis in
// the report contract with the storage status and each event's stored id
// and effective day. The store keeps mentions, quotations and events but
// not the sentence, place and time-expression layers, so "sentences",
// "places", "times" and "stats.sentences" are null (not available),
// never empty lists that would read as "none found"; "not_stored" names
// them.
type storedAnalysis struct {
	*report.Analysis
	Sentences *[]report.Span     `json:"sentences"`
	Places    *[]report.Place    `json:"places"`
	Times     *[]report.TimeExpr `json:"times"`
	Stats     storedStats        `json:"stats"`
	NotStored []string           `json:"not_stored"`
	Status    string             `json:"status"`
	NearDupOf string             `json:"near_duplicate_of,omitempty"`
	EventIDs  []int64            `json:"event_ids"`
	EventDays []string           `json:"event_days"`
	PageURL   string             `json:"page"`
}

// storedStats is report.Stats with the sentence count unknown (null).
type storedStats struct {
	report.Stats
	Sentences *int `json:"sentences"`
}

// notStoredLayers are the analysis layers the store does not keep.
var notStoredLayers = []string{"sentences", "places", "times"}

func (s *Server) apiDocument(w http.ResponseWriter, r *http.Request) error {
	sd, err := s.db.Document(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	ra := report.FromAnalysis(sd.Analysis)
	out := storedAnalysis{Analysis: ra, Stats: storedStats{Stats: ra.Stats}, NotStored: notStoredLayers,
		Status: sd.Status, NearDupOf: sd.NearDupOf,
		EventIDs: append([]int64{}, sd.EventIDs...), EventDays: append([]string{}, sd.EventDays...), PageURL: "/documents/" + sd.Analysis.Document.ID}
	return writeJSON(w, out)
}

// dyadParam reads the dyad filter of /api/events and /events: "A-B"
// (either direction), "A>B" or "A,B" (A source, B target: the same
// meaning as `realign events --dyad A,B`). A and B are actor-code
// prefixes; one of them may be empty (any actor).
func dyadParam(d string) (dyad [2]string, undirected bool, err error) {
	bad := func() error {
		return badRequest("dyad must be SOURCE-TARGET (either direction), SOURCE>TARGET or SOURCE,TARGET (directed), e.g. PAK-RUS, not %q", clip(d, 40))
	}
	sep := ""
	for _, c := range []string{"-", ">", ","} {
		if n := strings.Count(d, c); n > 1 || (n == 1 && sep != "") {
			return dyad, false, bad()
		} else if n == 1 {
			sep = c
		}
	}
	if sep == "" {
		return dyad, false, bad()
	}
	a, b, _ := strings.Cut(d, sep)
	if dyad[0], err = codeParam("dyad", a); err != nil {
		return dyad, false, err
	}
	if dyad[1], err = codeParam("dyad", b); err != nil {
		return dyad, false, err
	}
	if dyad[0] == "" && dyad[1] == "" {
		return dyad, false, bad()
	}
	return dyad, sep == "-", nil
}

// eventParams reads the event filters shared by /api/events and /events.
func eventParams(p params) (store.EventFilter, error) {
	var f store.EventFilter
	var err error
	if f.Actor, err = codeParam("actor", p.str("actor")); err != nil {
		return f, err
	}
	if d := p.str("dyad"); d != "" {
		if f.Dyad, f.Undirected, err = dyadParam(d); err != nil {
			return f, err
		}
	}
	if src := p.str("source"); src != "" {
		if f.Dyad[0], err = codeParam("source", src); err != nil {
			return f, err
		}
	}
	if tgt := p.str("target"); tgt != "" {
		if f.Dyad[1], err = codeParam("target", tgt); err != nil {
			return f, err
		}
	}
	f.Code = p.str("code")
	if len(f.Code) > 4 || strings.Trim(f.Code, "0123456789") != "" {
		return f, badRequest("code must be a CAMEO code or prefix (digits), not %q", clip(f.Code, 40))
	}
	if f.QuadClass, err = p.int("quad", 0, 0, 4); err != nil {
		return f, err
	}
	if f.Modalities, err = store.ParseModalities(p.str("modality")); err != nil {
		return f, badRequest("modality: %v", err)
	}
	if f.Since, f.Until, err = p.period(); err != nil {
		return f, err
	}
	f.Text = p.str("text")
	if f.Text == "" {
		f.Text = p.str("q")
	}
	if len(f.Text) > 500 {
		return f, badRequest("text query longer than 500 bytes")
	}
	if f.Limit, f.Offset, err = paging(p); err != nil {
		return f, err
	}
	return f, nil
}

func (s *Server) apiEvents(w http.ResponseWriter, r *http.Request) error {
	f, err := eventParams(params{r.URL.Query()})
	if err != nil {
		return err
	}
	evs, more, err := s.events(r.Context(), f)
	if err != nil {
		return err
	}
	if evs == nil {
		evs = []store.Event{}
	}
	return writeJSON(w, page[store.Event]{evs, f.Limit, f.Offset, more})
}

// actorInfo is the JSON of GET /api/actors/{code}.
type actorInfo struct {
	Code   string              `json:"code"`
	Actors []store.ActorRecord `json:"actors"`
	Roles  []store.ActorRole   `json:"roles"`
	Events []store.Event       `json:"recent_events"`
	Quotes []store.ActorQuote  `json:"recent_quotes"`
}

func (s *Server) actorInfo(ctx context.Context, raw string) (actorInfo, error) {
	code, err := codeParam("code", raw)
	if err != nil {
		return actorInfo{}, err
	}
	if len(code) < 3 {
		return actorInfo{}, badRequest("actor code must have at least three letters, not %q", code)
	}
	info := actorInfo{Code: code}
	if info.Actors, err = s.db.ActorsByCode(ctx, code, 50); err != nil {
		return info, err
	}
	if info.Roles, err = s.db.Roles(ctx, code); err != nil {
		return info, err
	}
	if info.Events, _, err = s.events(ctx, store.EventFilter{Actor: code, Limit: 20}); err != nil {
		return info, err
	}
	if info.Quotes, _, err = s.quotesBy(ctx, code, 10, 0); err != nil {
		return info, err
	}
	if len(info.Actors) == 0 && len(info.Events) == 0 {
		return info, fmt.Errorf("actor %s: %w", code, errNotFound)
	}
	info.Actors = nonNil(info.Actors)
	info.Roles = nonNil(info.Roles)
	info.Events = nonNil(info.Events)
	info.Quotes = nonNil(info.Quotes)
	return info, nil
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

func (s *Server) apiActor(w http.ResponseWriter, r *http.Request) error {
	info, err := s.actorInfo(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	return writeJSON(w, info)
}

func (s *Server) apiActorQuotes(w http.ResponseWriter, r *http.Request) error {
	code, err := codeParam("code", r.PathValue("code"))
	if err != nil {
		return err
	}
	p := params{r.URL.Query()}
	limit, offset, err := paging(p)
	if err != nil {
		return err
	}
	qs, more, err := s.quotesBy(r.Context(), code, limit, offset)
	if err != nil {
		return err
	}
	return writeJSON(w, page[store.ActorQuote]{nonNil(qs), limit, offset, more})
}

// dyadParams reads a dyad request.
func dyadParams(r *http.Request) (a, b string, directed bool, win analytics.Window, source string, since, until time.Time, err error) {
	p := params{r.URL.Query()}
	if a, err = stateParam("a", r.PathValue("a")); err != nil {
		return
	}
	if b, err = stateParam("b", r.PathValue("b")); err != nil {
		return
	}
	if a == b {
		err = badRequest("a dyad needs two different states, not %s twice", a)
		return
	}
	directed = p.bool("directed")
	if win, err = p.window("window", analytics.Month); err != nil {
		return
	}
	if source, err = p.source(); err != nil {
		return
	}
	since, until, err = p.period()
	return
}

func (s *Server) apiDyad(w http.ResponseWriter, r *http.Request) error {
	a, b, directed, win, source, since, until, err := dyadParams(r)
	if err != nil {
		return err
	}
	res, err := s.dyad(r.Context(), a, b, directed, win, source, since, until)
	if err != nil {
		return err
	}
	return writeJSON(w, res)
}

func shiftsFromQuery(p params) (shiftsParams, error) {
	sp := defaultShifts()
	var err error
	if sp.Source, err = p.source(); err != nil {
		return sp, err
	}
	if sp.Since, sp.Until, err = p.period(); err != nil {
		return sp, err
	}
	if sp.BaselineDays, err = p.int("baseline_days", 365, 1, 100000); err != nil {
		return sp, err
	}
	if sp.Top, err = p.int("top", 20, 1, 1000); err != nil {
		return sp, err
	}
	if sp.MinEvents, err = p.int("min_events", 5, 1, 1000000); err != nil {
		return sp, err
	}
	if sp.Evidence, err = p.int("evidence", 3, 0, 50); err != nil {
		return sp, err
	}
	if sp.FDR, err = p.float("fdr", 0.05); err != nil {
		return sp, err
	}
	if sp.FDR <= 0 || sp.FDR >= 1 {
		return sp, badRequest("fdr must be between 0 and 1")
	}
	sp.Directed = p.bool("directed")
	switch t := p.str("test"); t {
	case "", "mann-whitney", "welch":
		if t != "" {
			sp.Test = t
		}
	default:
		return sp, badRequest("test must be mann-whitney or welch, not %q", clip(t, 40))
	}
	return sp, nil
}

func (s *Server) apiShifts(w http.ResponseWriter, r *http.Request) error {
	p := params{r.URL.Query()}
	sp, err := shiftsFromQuery(p)
	if err != nil {
		return err
	}
	var res *shiftsResult
	if sp == defaultShifts() {
		if sum := s.summary.get(r.Context(), s.opts.RequestTimeout); sum != nil && sum.Shifts != nil {
			res = sum.Shifts
		}
	}
	if res == nil {
		if res, err = s.shifts(r.Context(), sp); err != nil {
			return err
		}
	}
	return writeJSON(w, res)
}

func (s *Server) apiBlocs(w http.ResponseWriter, r *http.Request) error {
	p := params{r.URL.Query()}
	source, err := p.source()
	if err != nil {
		return err
	}
	win, err := p.window("window", analytics.Quarter)
	if err != nil {
		return err
	}
	since, until, err := p.period()
	if err != nil {
		return err
	}
	minW, err := p.float("min_weight", 1)
	if err != nil {
		return err
	}
	res, err := p.float("resolution", 1)
	if err != nil {
		return err
	}
	if minW <= 0 || res <= 0 {
		return badRequest("min_weight and resolution must be positive")
	}
	cells, err := s.db.Cells(r.Context(), store.CellQuery{Source: source, Since: since, Until: until, Window: win})
	if err != nil {
		return err
	}
	ws := analytics.Blocs(cells, analytics.BlocOptions{Window: win, MinWeight: minW, Resolution: res, Seed: 1})
	return writeJSON(w, map[string]any{"source": source, "window": win.String(), "windows": nonNil(ws)})
}

func networkParams(p params) (source string, since, until time.Time, nodes, minEvents int, err error) {
	if source, err = p.source(); err != nil {
		return
	}
	if since, until, err = p.period(); err != nil {
		return
	}
	if nodes, err = p.int("nodes", 30, 2, 200); err != nil {
		return
	}
	minEvents, err = p.int("min_events", 1, 1, 1000000)
	return
}

func (s *Server) apiNetwork(w http.ResponseWriter, r *http.Request) error {
	source, since, until, nodes, minEvents, err := networkParams(params{r.URL.Query()})
	if err != nil {
		return err
	}
	net, err := s.relations(r.Context(), source, since, until, nodes, minEvents)
	if err != nil {
		return err
	}
	return writeJSON(w, net)
}

// maxSearchOffset bounds the offset of /api/search: the store ranks
// offset+limit+1 hits to cut a page, so deep pages cost more.
const maxSearchOffset = 5000

// searchPage is the JSON of GET /api/search: the page envelope of the
// other lists plus the query as understood.
type searchPage struct {
	Query string `json:"query"`
	page[store.SearchHit]
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) error {
	p := params{r.URL.Query()}
	q := p.str("q")
	if q == "" {
		return badRequest("q (the search query) is required")
	}
	if len(q) > 500 {
		return badRequest("q longer than 500 bytes")
	}
	limit, err := p.int("limit", 20, 1, maxPage)
	if err != nil {
		return err
	}
	offset, err := p.int("offset", 0, 0, maxSearchOffset)
	if err != nil {
		return err
	}
	hits, err := s.db.Search(r.Context(), q, offset+limit+1)
	if err != nil {
		return err
	}
	hits, more := pageOf(hits, limit, offset)
	return writeJSON(w, searchPage{Query: q, page: page[store.SearchHit]{nonNil(hits), limit, offset, more}})
}

// pageOf cuts items[offset:offset+limit] out of a list fetched with at
// most offset+limit+1 items, and reports whether more follow.
func pageOf[T any](items []T, limit, offset int) ([]T, bool) {
	if offset >= len(items) {
		return nil, false
	}
	items = items[offset:]
	if len(items) > limit {
		return items[:limit], true
	}
	return items, false
}

// postedDocument reads the article of a POST: JSON {"text" | "html",
// "title", "url", "published"}, or a text/plain or text/html body (a
// form's "text" field for the analyze page).
func postedDocument(r *http.Request, maxBody int64) (realign.Document, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	ex := extract.New(extract.Options{MaxBytes: maxBody})
	var doc realign.Document
	var err error
	var title, url, published string
	switch ct {
	case "application/json":
		var in struct {
			Text      string `json:"text"`
			HTML      string `json:"html"`
			Title     string `json:"title"`
			URL       string `json:"url"`
			Published string `json:"published"`
		}
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return doc, err
			}
			return doc, badRequest("body is not the expected JSON object {\"text\" or \"html\", \"title\", \"url\", \"published\"}: %v", err)
		}
		body := in.Text
		if in.HTML != "" {
			body = in.HTML
		}
		if strings.TrimSpace(body) == "" {
			return doc, badRequest("the JSON body needs \"text\" or \"html\"")
		}
		doc, err = ex.FromBytes("request", []byte(body))
		title, url, published = in.Title, in.URL, in.Published
	case "text/plain", "text/html", "":
		b, rerr := io.ReadAll(r.Body)
		if rerr != nil {
			return doc, rerr
		}
		doc, err = ex.FromBytes("request", b)
		q := r.URL.Query()
		title, url, published = q.Get("title"), q.Get("url"), q.Get("published")
	case "application/x-www-form-urlencoded", "multipart/form-data":
		if err := r.ParseMultipartForm(maxBody); err != nil && !errors.Is(err, http.ErrNotMultipart) {
			return doc, err
		}
		body := r.PostFormValue("text")
		if strings.TrimSpace(body) == "" {
			return doc, badRequest("paste the text or HTML of an article")
		}
		doc, err = ex.FromBytes("form", []byte(body))
		title, url, published = r.PostFormValue("title"), r.PostFormValue("url"), r.PostFormValue("published")
	default:
		return doc, &httpError{http.StatusUnsupportedMediaType, fmt.Sprintf("content type %q is not accepted: send application/json, text/plain or text/html", ct)}
	}
	if err != nil {
		return doc, err
	}
	if title = strings.TrimSpace(title); title != "" {
		doc.Title = title
	}
	if url = strings.TrimSpace(url); url != "" {
		doc.URL = url
	}
	if published = strings.TrimSpace(published); published != "" {
		t, perr := params{map[string][]string{"published": {published}}}.date("published")
		if perr != nil {
			return doc, perr
		}
		doc.Published = t
	}
	doc.Source = "web"
	return doc, nil
}

func (s *Server) analyze(ctx context.Context, doc realign.Document) (*realign.Analysis, error) {
	p, err := s.pipeline()
	if err != nil {
		return nil, err
	}
	return p.AnalyzeContext(ctx, doc)
}

func (s *Server) apiAnalyze(w http.ResponseWriter, r *http.Request) error {
	doc, err := postedDocument(r, s.opts.MaxBody)
	if err != nil {
		return err
	}
	a, err := s.analyze(r.Context(), doc)
	if err != nil {
		return err
	}
	return writeJSON(w, report.FromAnalysis(a))
}

func (s *Server) apiStore(w http.ResponseWriter, r *http.Request) error {
	doc, err := postedDocument(r, s.opts.MaxBody)
	if err != nil {
		return err
	}
	doc.ID = realign.ContentID(doc.Text)
	ctx := r.Context()
	had, err := s.db.HasDocument(ctx, doc.ID)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if !had {
		a, err := s.analyze(ctx, doc)
		if err != nil {
			return err
		}
		a.Document.ID = doc.ID
		rec := []realign.IngestRecord{{Source: "web", DocID: doc.ID, Status: realign.IngestStored, Time: time.Now().UTC()}}
		if err := s.db.SaveBatch(ctx, []*realign.Analysis{a}, rec); err != nil {
			return err
		}
		s.summary.invalidate()
		status = http.StatusCreated
	}
	w.Header().Set("Location", "/api/documents/"+doc.ID)
	return writeJSONStatus(w, status, map[string]any{"id": doc.ID, "stored": !had,
		"document": "/api/documents/" + doc.ID, "page": "/documents/" + doc.ID})
}
