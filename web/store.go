package web

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/realign/realign"
	"github.com/realign/realign/sqlite"
)

// The queries here read the store's tables through (*sqlite.DB).SQL(): the
// web pages need orders and joins (newest first, one document with all its
// layers) that the sqlite package does not export. They only read.

// errNotFound is returned for a document, actor or route that does not
// exist; it maps to 404.
var errNotFound = errors.New("not found")

// eventQuery selects event mentions for the web: the filters of
// sqlite.EventFilter, newest first (by effective day, then storage order;
// events with no day last), so that the events_day index serves a page
// without sorting the whole table.
type eventQuery struct {
	Actor     string    // actor-code prefix, source or target
	Dyad      [2]string // source, target prefixes ("" any)
	Both      bool      // with Dyad: either direction
	Code      string    // CAMEO prefix
	QuadClass int       // 1..4, 0 all
	Since     time.Time // inclusive, zero none
	Until     time.Time
	Text      string // FTS5 query over documents
	Document  int64  // document row id, 0 all
	Limit     int    // default 50, at most 500
	Offset    int
}

// maxPage is the largest page of events or documents one request returns.
const maxPage = 500

// prefixRange adds "col >= p AND col < p'" for a code prefix (index
// friendly; codes are upper-case ASCII).
func prefixRange(col, p string, args *[]any) string {
	p = strings.ToUpper(strings.TrimSpace(p))
	hi := []byte(p)
	for i := len(hi) - 1; i >= 0; i-- {
		if hi[i] < 0x7f {
			hi[i]++
			hi = hi[:i+1]
			*args = append(*args, p, string(hi))
			return "(" + col + " >= ? AND " + col + " < ?)"
		}
	}
	*args = append(*args, p)
	return col + " >= ?"
}

func (f eventQuery) where(args *[]any) (string, error) {
	var conds []string
	if f.Actor != "" {
		conds = append(conds, "("+prefixRange("e.source_code", f.Actor, args)+" OR "+prefixRange("e.target_code", f.Actor, args)+")")
	}
	switch {
	case f.Both && f.Dyad[0] != "" && f.Dyad[1] != "":
		a1 := prefixRange("e.source_code", f.Dyad[0], args)
		b1 := prefixRange("e.target_code", f.Dyad[1], args)
		b2 := prefixRange("e.source_code", f.Dyad[1], args)
		a2 := prefixRange("e.target_code", f.Dyad[0], args)
		conds = append(conds, "(("+a1+" AND "+b1+") OR ("+b2+" AND "+a2+"))")
	default:
		if f.Dyad[0] != "" {
			conds = append(conds, prefixRange("e.source_code", f.Dyad[0], args))
		}
		if f.Dyad[1] != "" {
			conds = append(conds, prefixRange("e.target_code", f.Dyad[1], args))
		}
	}
	if f.Code != "" {
		conds = append(conds, prefixRange("e.code", f.Code, args))
	}
	if f.QuadClass != 0 {
		if f.QuadClass < 1 || f.QuadClass > 4 {
			return "", badRequest("quad class must be 1..4, not %d", f.QuadClass)
		}
		conds = append(conds, "e.quad_class = ?")
		*args = append(*args, f.QuadClass)
	}
	if !f.Since.IsZero() {
		conds = append(conds, "e.day >= ?")
		*args = append(*args, sqlite.DayOf(f.Since))
	}
	if !f.Until.IsZero() {
		conds = append(conds, "e.day <= ?")
		*args = append(*args, sqlite.DayOf(f.Until))
	}
	if f.Text != "" {
		conds = append(conds, "e.document IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)")
		*args = append(*args, f.Text)
	}
	if f.Document != 0 {
		conds = append(conds, "e.document = ?")
		*args = append(*args, f.Document)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), nil
}

const eventSelect = `SELECT e.pk, e.cluster, e.code, e.label, e.plover, e.goldstein, e.quad_class, e.modality, e.date, e.day,
	e.location_name, e.location_country, e.location_lat, e.location_lon, e.location_precision, e.location_geo_id,
	e.sentence, e.sentence_start, e.sentence_end, e.trigger_start, e.trigger_end, coalesce(q.text, ''), e.rule,
	d.id, d.url, d.title, d.published, d.source, c.num_documents, c.num_sources,
	e.source_code, sa.kb_id, sa.name, sa.country, sa.sector, sa.kind,
	e.target_code, ta.kb_id, ta.name, ta.country, ta.sector, ta.kind,
	aa.code, aa.kb_id, aa.name, aa.country, aa.sector, aa.kind
FROM events e
JOIN documents d ON d.pk = e.document
JOIN event_clusters c ON c.pk = e.cluster
LEFT JOIN actors sa ON sa.pk = e.source_actor
LEFT JOIN actors ta ON ta.pk = e.target_actor
LEFT JOIN actors aa ON aa.pk = e.attributed_to
LEFT JOIN quotations q ON q.pk = e.quotation`

// events returns one page of events matching f, newest first, and
// whether there is a next page.
func events(ctx context.Context, db *sql.DB, f eventQuery) ([]sqlite.Event, bool, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit = min(f.Limit, maxPage)
	f.Offset = max(f.Offset, 0)
	run := func(f eventQuery) ([]sqlite.Event, error) {
		var args []any
		where, err := f.where(&args)
		if err != nil {
			return nil, err
		}
		args = append(args, f.Limit+1, f.Offset)
		rows, err := db.QueryContext(ctx, eventSelect+where+" ORDER BY e.day DESC, e.pk DESC LIMIT ? OFFSET ?", args...)
		if err != nil {
			return nil, fmt.Errorf("events: %w", err)
		}
		defer rows.Close()
		var out []sqlite.Event
		for rows.Next() {
			e, err := scanEvent(rows)
			if err != nil {
				return nil, fmt.Errorf("events: %w", err)
			}
			out = append(out, e)
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("events: %w", err)
		}
		return out, nil
	}
	out, err := run(f)
	if err != nil && f.Text != "" && isFTSError(err) {
		f.Text = plainFTS(f.Text)
		out, err = run(f)
	}
	if err != nil {
		return nil, false, err
	}
	more := len(out) > f.Limit
	if more {
		out = out[:f.Limit]
	}
	return out, more, nil
}

type actorCols struct {
	code                            sql.NullString
	id, name, country, sector, kind sql.NullString
}

func (a *actorCols) dest() []any {
	return []any{&a.code, &a.id, &a.name, &a.country, &a.sector, &a.kind}
}

func (a *actorCols) actor() *realign.Actor {
	if !a.name.Valid && !a.id.Valid && (!a.code.Valid || a.code.String == "") {
		return nil
	}
	return &realign.Actor{ID: a.id.String, Code: a.code.String, Name: a.name.String, Country: a.country.String,
		Sector: a.sector.String, Kind: a.kind.String}
}

func scanEvent(rows *sql.Rows) (sqlite.Event, error) {
	var e sqlite.Event
	var day sql.NullInt64
	var lname, lcountry, lprec, lgeo string
	var lat, lon sql.NullFloat64
	var src, tgt, att actorCols
	dest := []any{&e.ID, &e.Cluster, &e.Code, &e.Label, &e.PLOVER, &e.Goldstein, &e.QuadClass, &e.Modality, &e.Date, &day,
		&lname, &lcountry, &lat, &lon, &lprec, &lgeo,
		&e.Sentence, &e.SentenceSpan.Start, &e.SentenceSpan.End, &e.Trigger.Start, &e.Trigger.End, &e.Quote, &e.Rule,
		&e.Document.ID, &e.Document.URL, &e.Document.Title, &e.Document.Published, &e.Document.Source,
		&e.ClusterDocuments, &e.ClusterSources}
	dest = append(dest, src.dest()...)
	dest = append(dest, tgt.dest()...)
	dest = append(dest, att.dest()...)
	if err := rows.Scan(dest...); err != nil {
		return e, err
	}
	e.BaseCode, e.RootCode = cut(e.Code, 3), cut(e.Code, 2)
	if day.Valid {
		e.Day = sqlite.DayTime(day.Int64).Format(time.DateOnly)
	}
	if lname != "" || lcountry != "" {
		e.Location = &sqlite.Location{Name: lname, Country: lcountry, Precision: lprec, GeoID: lgeo}
		if lat.Valid {
			e.Location.Lat = &lat.Float64
		}
		if lon.Valid {
			e.Location.Lon = &lon.Float64
		}
	}
	e.Source, e.Target, e.AttributedTo = src.actor(), tgt.actor(), att.actor()
	return e, nil
}

func cut(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func isFTSError(err error) bool {
	m := err.Error()
	return strings.Contains(m, "fts5") || strings.Contains(m, "no such column") || strings.Contains(m, "unterminated string")
}

// plainFTS turns free text into an FTS5 query of quoted words, all of
// which must occur.
func plainFTS(q string) string {
	var parts []string
	for _, w := range strings.Fields(q) {
		w = strings.Trim(w, `"`)
		if w == "" {
			continue
		}
		parts = append(parts, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
	}
	return strings.Join(parts, " ")
}

// docSummary is one row of the document list.
type docSummary struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	URL       string `json:"url,omitempty"`
	Published string `json:"published,omitempty"`
	Source    string `json:"source,omitempty"`
	Status    string `json:"status"`
	Events    int    `json:"events"`
}

// documents lists stored documents, most recently stored first.
func documents(ctx context.Context, db *sql.DB, limit, offset int) ([]docSummary, bool, error) {
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, maxPage)
	rows, err := db.QueryContext(ctx, `SELECT d.id, d.title, d.url, d.published, d.source, d.status,
		(SELECT count(*) FROM events e WHERE e.document = d.pk)
		FROM documents d ORDER BY d.pk DESC LIMIT ? OFFSET ?`, limit+1, max(offset, 0))
	if err != nil {
		return nil, false, fmt.Errorf("documents: %w", err)
	}
	defer rows.Close()
	var out []docSummary
	for rows.Next() {
		var d docSummary
		if err := rows.Scan(&d.ID, &d.Title, &d.URL, &d.Published, &d.Source, &d.Status, &d.Events); err != nil {
			return nil, false, fmt.Errorf("documents: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("documents: %w", err)
	}
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	return out, more, nil
}

// storedDoc is a stored document rebuilt as an Analysis (sentences,
// places and time expressions are not stored, so those layers are
// empty; each event's location comes from its own columns).
type storedDoc struct {
	PK       int64
	Status   string
	NearDup  string // ContentID of the document this one copies, "" none
	Analysis *realign.Analysis
	// EventIDs are the stored ids of Analysis.Events, in order; Days
	// their effective days ("" unknown).
	EventIDs []int64
	Days     []string
}

// loadDocument reads the document with ContentID id and its layers.
func loadDocument(ctx context.Context, db *sql.DB, id string) (*storedDoc, error) {
	id = strings.ToLower(strings.TrimSpace(id))
	if len(id) != 64 || strings.Trim(id, "0123456789abcdef") != "" {
		return nil, fmt.Errorf("document %q: %w", clip(id, 80), errNotFound)
	}
	sd := &storedDoc{Analysis: &realign.Analysis{}}
	d := &sd.Analysis.Document
	var pub string
	var near sql.NullString
	err := db.QueryRowContext(ctx, `SELECT d.pk, d.id, d.title, d.text, d.url, d.published, d.source, d.language, d.format,
		d.byline, d.site, d.status, n.id FROM documents d LEFT JOIN documents n ON n.pk = d.near_dup_of WHERE d.id = ?`, id).
		Scan(&sd.PK, &d.ID, &d.Title, &d.Text, &d.URL, &pub, &d.Source, &d.Language, &d.Format, &d.Byline, &d.Site, &sd.Status, &near)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("document %s: %w", id, errNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("document: %w", err)
	}
	sd.NearDup = near.String
	if pub != "" {
		d.Published, _ = time.Parse(time.RFC3339, pub)
	}
	if err := loadMentions(ctx, db, sd); err != nil {
		return nil, err
	}
	if err := loadQuotes(ctx, db, sd); err != nil {
		return nil, err
	}
	if err := loadEvents(ctx, db, sd); err != nil {
		return nil, err
	}
	return sd, nil
}

func loadMentions(ctx context.Context, db *sql.DB, sd *storedDoc) error {
	rows, err := db.QueryContext(ctx, `SELECT m.start, m."end", m.text, m.type, m.code, m.role, m.via, m.antecedent, m.pronoun,
		a.code, a.kb_id, a.name, a.country, a.sector, a.kind
		FROM mentions m LEFT JOIN actors a ON a.pk = m.actor WHERE m.document = ? ORDER BY m.idx`, sd.PK)
	if err != nil {
		return fmt.Errorf("mentions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m realign.Mention
		var code, role string
		var ac actorCols
		if err := rows.Scan(append([]any{&m.Start, &m.End, &m.Text, &m.Type, &code, &role, &m.Via, &m.Antecedent, &m.Pronoun}, ac.dest()...)...); err != nil {
			return fmt.Errorf("mentions: %w", err)
		}
		if m.Actor = ac.actor(); m.Actor != nil {
			if code != "" {
				m.Actor.Code = code
			}
			m.Actor.Role = role
		}
		sd.Analysis.Mentions = append(sd.Analysis.Mentions, m)
	}
	return rows.Err()
}

func loadQuotes(ctx context.Context, db *sql.DB, sd *storedDoc) error {
	rows, err := db.QueryContext(ctx, `SELECT q.start, q."end", q.text, q.kind, q.cue, q.cue_start, q.cue_end, q.speaker,
		q.speaker_start, q.speaker_end, q.addressee, a.code, a.kb_id, a.name, a.country, a.sector, a.kind
		FROM quotations q LEFT JOIN actors a ON a.pk = q.speaker_actor WHERE q.document = ? ORDER BY q.idx`, sd.PK)
	if err != nil {
		return fmt.Errorf("quotations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var q realign.Quotation
		var sp string
		var spStart, spEnd sql.NullInt64
		var ac actorCols
		if err := rows.Scan(append([]any{&q.Start, &q.End, &q.Text, &q.Kind, &q.Cue, &q.CueSpan.Start, &q.CueSpan.End, &sp,
			&spStart, &spEnd, &q.Addressee}, ac.dest()...)...); err != nil {
			return fmt.Errorf("quotations: %w", err)
		}
		if sp != "" || spStart.Valid || ac.actor() != nil {
			q.Speaker = &realign.Speaker{Span: realign.Span{Start: int(spStart.Int64), End: int(spEnd.Int64)}, Text: sp, Actor: ac.actor(), Mention: -1}
		}
		sd.Analysis.Quotes = append(sd.Analysis.Quotes, q)
	}
	return rows.Err()
}

func loadEvents(ctx context.Context, db *sql.DB, sd *storedDoc) error {
	rows, err := db.QueryContext(ctx, `SELECT e.pk, e.source_code, e.target_code, e.source_start, e.source_end, e.target_start, e.target_end,
		e.code, e.label, e.plover, e.goldstein, e.quad_class, e.modality, e.date, e.day,
		e.location_name, e.location_country, e.location_lat, e.location_lon, e.location_precision, e.location_geo_id,
		e.sentence_start, e.sentence_end, e.trigger_start, e.trigger_end, coalesce(q.idx, -1), e.rule,
		sa.code, sa.kb_id, sa.name, sa.country, sa.sector, sa.kind,
		ta.code, ta.kb_id, ta.name, ta.country, ta.sector, ta.kind,
		aa.code, aa.kb_id, aa.name, aa.country, aa.sector, aa.kind
		FROM events e LEFT JOIN actors sa ON sa.pk = e.source_actor LEFT JOIN actors ta ON ta.pk = e.target_actor
		LEFT JOIN actors aa ON aa.pk = e.attributed_to LEFT JOIN quotations q ON q.pk = e.quotation
		WHERE e.document = ? ORDER BY e.idx`, sd.PK)
	if err != nil {
		return fmt.Errorf("events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e realign.Event
		var pk int64
		var scode, tcode, lname, lcountry, lprec, lgeo string
		var day sql.NullInt64
		var lat, lon sql.NullFloat64
		var src, tgt, att actorCols
		dest := []any{&pk, &scode, &tcode, &e.SourceSpan.Start, &e.SourceSpan.End, &e.TargetSpan.Start, &e.TargetSpan.End,
			&e.Code, &e.Label, &e.PLOVER, &e.Goldstein, &e.QuadClass, &e.Modality, &e.Date, &day,
			&lname, &lcountry, &lat, &lon, &lprec, &lgeo,
			&e.Sentence.Start, &e.Sentence.End, &e.Trigger.Start, &e.Trigger.End, &e.Quote, &e.Rule}
		dest = append(dest, src.dest()...)
		dest = append(dest, tgt.dest()...)
		dest = append(dest, att.dest()...)
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("events: %w", err)
		}
		e.Source, e.Target, e.AttributedTo = src.actor(), tgt.actor(), att.actor()
		// The event's own code columns win over the actor table's.
		if e.Source != nil && scode != "" {
			e.Source.Code = scode
		}
		if e.Target != nil && tcode != "" {
			e.Target.Code = tcode
		}
		if lname != "" || lcountry != "" {
			e.Location = &realign.Place{Name: lname, Text: lname, Country: lcountry, Precision: lprec, GeoID: lgeo}
			if lat.Valid {
				e.Location.Lat = &lat.Float64
			}
			if lon.Valid {
				e.Location.Lon = &lon.Float64
			}
		}
		dstr := ""
		if day.Valid {
			dstr = sqlite.DayTime(day.Int64).Format(time.DateOnly)
		}
		sd.Analysis.Events = append(sd.Analysis.Events, e)
		sd.EventIDs = append(sd.EventIDs, pk)
		sd.Days = append(sd.Days, dstr)
	}
	return rows.Err()
}

// actorRecord is one stored actor.
type actorRecord struct {
	ID      string `json:"id,omitempty"`
	Code    string `json:"code"`
	Name    string `json:"name"`
	Country string `json:"country,omitempty"`
	Sector  string `json:"sector,omitempty"`
	Kind    string `json:"kind,omitempty"`
}

// actorsByCode returns the stored actors whose code starts with code (at
// most 50).
func actorsByCode(ctx context.Context, db *sql.DB, code string) ([]actorRecord, error) {
	var args []any
	cond := prefixRange("code", code, &args)
	rows, err := db.QueryContext(ctx, `SELECT kb_id, code, name, country, sector, kind FROM actors WHERE `+cond+` ORDER BY code, name LIMIT 50`, args...)
	if err != nil {
		return nil, fmt.Errorf("actors: %w", err)
	}
	defer rows.Close()
	var out []actorRecord
	for rows.Next() {
		var a actorRecord
		if err := rows.Scan(&a.ID, &a.Code, &a.Name, &a.Country, &a.Sector, &a.Kind); err != nil {
			return nil, fmt.Errorf("actors: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// quoteRow is one quotation attributed to an actor.
type quoteRow struct {
	Text      string       `json:"text"`
	Kind      string       `json:"kind"`
	Cue       string       `json:"cue,omitempty"`
	Speaker   string       `json:"speaker"`
	Actor     actorRecord  `json:"actor"`
	Span      realign.Span `json:"span"`
	Document  string       `json:"document_id"`
	Title     string       `json:"title,omitempty"`
	URL       string       `json:"url,omitempty"`
	Published string       `json:"published,omitempty"`
}

// quotesBy returns quotations whose speaker's actor code starts with
// code, most recently stored first. (The store has no index on
// quotations.speaker_actor, so this scans quotations from the newest
// until it has a page.)
func quotesBy(ctx context.Context, db *sql.DB, code string, limit, offset int) ([]quoteRow, bool, error) {
	if limit <= 0 {
		limit = 20
	}
	limit = min(limit, maxPage)
	args := []any{}
	cond := prefixRange("a.code", code, &args)
	args = append(args, limit+1, max(offset, 0))
	rows, err := db.QueryContext(ctx, `SELECT q.text, q.kind, q.cue, q.speaker, q.start, q."end",
		a.kb_id, a.code, a.name, a.country, a.sector, a.kind, d.id, d.title, d.url, d.published
		FROM quotations q JOIN actors a ON a.pk = q.speaker_actor JOIN documents d ON d.pk = q.document
		WHERE `+cond+` ORDER BY q.pk DESC LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, false, fmt.Errorf("quotes: %w", err)
	}
	defer rows.Close()
	var out []quoteRow
	for rows.Next() {
		var q quoteRow
		if err := rows.Scan(&q.Text, &q.Kind, &q.Cue, &q.Speaker, &q.Span.Start, &q.Span.End, &q.Actor.ID, &q.Actor.Code,
			&q.Actor.Name, &q.Actor.Country, &q.Actor.Sector, &q.Actor.Kind, &q.Document, &q.Title, &q.URL, &q.Published); err != nil {
			return nil, false, fmt.Errorf("quotes: %w", err)
		}
		out = append(out, q)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("quotes: %w", err)
	}
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	return out, more, nil
}

// roleSpan is one role an actor held in the stored documents: the first
// and last publication dates of the documents that mention it so.
type roleSpan struct {
	Role      string `json:"role"`
	Code      string `json:"code"`
	First     string `json:"first,omitempty"`
	Last      string `json:"last,omitempty"`
	Documents int    `json:"documents"`
}

// roles returns the roles (mentions.role) recorded for actors whose code
// starts with code. It scans the mentions of those actors' documents; the
// store keeps no index on mentions.actor, so it is bounded by the first
// rolesScan mentions found.
func roles(ctx context.Context, db *sql.DB, code string) ([]roleSpan, error) {
	args := []any{}
	cond := prefixRange("m.code", code, &args)
	rows, err := db.QueryContext(ctx, `SELECT role, code, min(pub), max(pub), count(DISTINCT doc) FROM (
		SELECT m.role AS role, m.code AS code, nullif(d.published, '') AS pub, m.document AS doc
		FROM mentions m JOIN documents d ON d.pk = m.document
		WHERE m.role <> '' AND `+cond+` LIMIT 20000)
		GROUP BY role, code ORDER BY min(pub), role`, args...)
	if err != nil {
		return nil, fmt.Errorf("roles: %w", err)
	}
	defer rows.Close()
	var out []roleSpan
	for rows.Next() {
		var r roleSpan
		var first, last sql.NullString
		if err := rows.Scan(&r.Role, &r.Code, &first, &last, &r.Documents); err != nil {
			return nil, fmt.Errorf("roles: %w", err)
		}
		r.First, r.Last = cut(first.String, 10), cut(last.String, 10)
		out = append(out, r)
	}
	return out, rows.Err()
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
