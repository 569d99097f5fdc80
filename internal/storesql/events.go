package storesql

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/realign/realign"
	"github.com/realign/realign/analytics"
	"github.com/realign/realign/store"
)

// eventWhere returns the WHERE clause selecting the event mentions (table
// alias e) that f selects, "" for all.
func (r *Reader) eventWhere(f store.EventFilter, args *[]any) (string, error) {
	var conds []string
	if f.Actor != "" {
		conds = append(conds, "("+PrefixRange("e.source_code", f.Actor, args)+" OR "+PrefixRange("e.target_code", f.Actor, args)+")")
	}
	if d := dyadCond(f.Dyad[0], f.Dyad[1], args); d != "" {
		if f.Undirected {
			d = "(" + d + " OR " + dyadCond(f.Dyad[1], f.Dyad[0], args) + ")"
		}
		conds = append(conds, d)
	}
	if f.Code != "" {
		conds = append(conds, PrefixRange("e.code", f.Code, args))
	}
	if f.QuadClass != 0 {
		if f.QuadClass < 1 || f.QuadClass > 4 {
			return "", fmt.Errorf("quad class must be 1..4, not %d", f.QuadClass)
		}
		conds = append(conds, "e.quad_class = ?")
		*args = append(*args, f.QuadClass)
	}
	if !f.Since.IsZero() {
		conds = append(conds, "e.day >= ?")
		*args = append(*args, store.DayOf(f.Since))
	}
	if !f.Until.IsZero() {
		conds = append(conds, "e.day <= ?")
		*args = append(*args, store.DayOf(f.Until))
	}
	if f.Text != "" {
		conds = append(conds, r.D.TextMatch("e.document"))
		*args = append(*args, f.Text)
	}
	switch {
	case len(f.Modalities) == 1 && f.Modalities[0] == store.ModalityCounted:
		conds = append(conds, analytics.CountsSQL("e.modality", "e.code"))
	case len(f.Modalities) > 0:
		conds = append(conds, "e.modality IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(f.Modalities)), ", ")+")")
		for _, m := range f.Modalities {
			*args = append(*args, m)
		}
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), nil
}

// dyadCond matches source prefix a and target prefix b ("" any); "" when
// both are empty.
func dyadCond(a, b string, args *[]any) string {
	var c []string
	if a != "" {
		c = append(c, PrefixRange("e.source_code", a, args))
	}
	if b != "" {
		c = append(c, PrefixRange("e.target_code", b, args))
	}
	switch len(c) {
	case 0:
		return ""
	case 1:
		return c[0]
	}
	return "(" + c[0] + " AND " + c[1] + ")"
}

// EventSelect is the query of EachEvent before its WHERE clause.
var EventSelect = `SELECT e.pk, e.cluster, e.code, e.label, e.plover, e.goldstein, e.quad_class, e.modality, e.date, e.day,
	` + locationSQL("e") + `,
	e.sentence, e.sentence_start, e.sentence_end, e.trigger_start, e.trigger_end, coalesce(q.text, ''), e.rule,
	d.id, d.url, d.title, d.published, d.source, c.num_documents, c.num_sources,
	` + actorSQL("e.source_code", "sa") + `, ` + actorSQL("e.target_code", "ta") + `, ` + actorSQL("aa.code", "aa") + `
FROM events e
JOIN documents d ON d.pk = e.document
JOIN event_clusters c ON c.pk = e.cluster
` + actorJoins("e") + `
LEFT JOIN actors aa ON aa.pk = e.attributed_to
LEFT JOIN quotations q ON q.pk = e.quotation`

// actorSQL lists the columns actorCols scans: the code column, then
// those of the actor row alias a.
func actorSQL(code, a string) string {
	return code + ", " + a + ".kb_id, " + a + ".name, " + a + ".country, " + a + ".sector, " + a + ".kind"
}

// locationSQL lists the columns locCols scans, of the events row alias e.
func locationSQL(e string) string {
	return strings.ReplaceAll("e.location_name, e.location_country, e.location_lat, e.location_lon, e.location_precision, e.location_geo_id",
		"e.", e+".")
}

// actorJoins joins the source and target actor rows (sa, ta) of the
// events row alias e.
func actorJoins(e string) string {
	return "LEFT JOIN actors sa ON sa.pk = " + e + ".source_actor LEFT JOIN actors ta ON ta.pk = " + e + ".target_actor"
}

// EventOrder is the ORDER BY of EachEvent: by effective day, then storage
// order, unknown days last; reversed (unknown days still last) when
// newest.
func EventOrder(newest bool) string {
	if newest {
		return " ORDER BY e.day DESC NULLS LAST, e.pk DESC"
	}
	return " ORDER BY e.day IS NULL, e.day, e.pk"
}

// Events returns the event mentions that match f.
func (r *Reader) Events(ctx context.Context, f store.EventFilter) ([]store.Event, error) {
	var out []store.Event
	err := r.EachEvent(ctx, f, func(e store.Event) error {
		out = append(out, e)
		return nil
	})
	return out, err
}

// EachEvent calls fn for each event mention that matches f, in order
// (see EventFilter.Limit and Newest), streaming from the database; an
// error from fn stops and is returned.
func (r *Reader) EachEvent(ctx context.Context, f store.EventFilter, fn func(store.Event) error) error {
	return r.eachFiltered(ctx, "events", f, func(where string, args *[]any) string {
		return EventSelect + where + EventOrder(f.Newest) + Limit(f.Limit, f.Offset, args)
	}, func(rows Rows) error {
		e, err := scanEvent(rows)
		if err != nil {
			return err
		}
		return stopWith(fn(e))
	})
}

// stop is an error of the caller's callback: it ends a scan and is
// returned as it is.
type stop struct{ err error }

func (s stop) Error() string { return s.err.Error() }

// stopWith wraps a callback's error as a stop (nil stays nil).
func stopWith(err error) error {
	if err == nil {
		return nil
	}
	return stop{err}
}

// eachFiltered runs the query that query builds around the WHERE clause
// selecting f's event mentions (alias e; "" for all) and calls scan for
// each row. A stop from scan is returned unwrapped; other errors are
// wrapped with what.
func (r *Reader) eachFiltered(ctx context.Context, what string, f store.EventFilter, query func(where string, args *[]any) string,
	scan func(Rows) error) error {
	err := r.WithText(&f.Text, func() error {
		var args []any
		where, err := r.eventWhere(f, &args)
		if err != nil {
			return err
		}
		return r.each(ctx, query(where, &args), args, scan)
	})
	var s stop
	switch {
	case errors.As(err, &s):
		return s.err
	case err != nil:
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// actorCols scans the code and the actor-table columns of an actor.
type actorCols struct {
	code, id, name, country, sector, kind *string
}

func (a *actorCols) dest() []any {
	return []any{&a.code, &a.id, &a.name, &a.country, &a.sector, &a.kind}
}

func (a *actorCols) actor() *realign.Actor {
	if a.name == nil && a.id == nil && (a.code == nil || *a.code == "") {
		return nil
	}
	ra := &realign.Actor{ID: str(a.id), Code: str(a.code), Name: str(a.name), Country: str(a.country),
		Sector: str(a.sector), Kind: str(a.kind)}
	// Rows stored before actor keys included the code (sqlite migration
	// 0008, postgres 0002) are shared by every code one knowledge-base
	// actor had (state/PAK as PAKGOV and PAKMIL) and keep the sector of
	// the first stored; the event's own code decides.
	if ra.Country != "" && strings.HasPrefix(ra.Code, ra.Country) {
		ra.Sector = ra.Code[len(ra.Country):]
	}
	return ra
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// locCols scans the location columns of an event.
type locCols struct {
	name, country, prec, geo string
	lat, lon                 *float64
}

func (l *locCols) dest() []any {
	return []any{&l.name, &l.country, &l.lat, &l.lon, &l.prec, &l.geo}
}

func (l *locCols) location() *store.Location {
	if l.name == "" && l.country == "" {
		return nil
	}
	return &store.Location{Name: l.name, Country: l.country, Precision: l.prec, GeoID: l.geo, Lat: l.lat, Lon: l.lon}
}

// dayString is the YYYY-MM-DD of a stored day, "" for none.
func dayString(day *int64) string {
	if day == nil {
		return ""
	}
	return store.DayTime(*day).Format(time.DateOnly)
}

func scanEvent(rows Rows) (store.Event, error) {
	var e store.Event
	var day *int64
	var loc locCols
	var src, tgt, att actorCols
	dest := []any{&e.ID, &e.Cluster, &e.Code, &e.Label, &e.PLOVER, &e.Goldstein, &e.QuadClass, &e.Modality, &e.Date, &day}
	dest = append(dest, loc.dest()...)
	dest = append(dest, &e.Sentence, &e.SentenceSpan.Start, &e.SentenceSpan.End, &e.Trigger.Start, &e.Trigger.End, &e.Quote, &e.Rule,
		&e.Document.ID, &e.Document.URL, &e.Document.Title, &e.Document.Published, &e.Document.Source,
		&e.ClusterDocuments, &e.ClusterSources)
	dest = append(dest, src.dest()...)
	dest = append(dest, tgt.dest()...)
	dest = append(dest, att.dest()...)
	if err := rows.Scan(dest...); err != nil {
		return e, err
	}
	e.BaseCode, e.RootCode = cut(e.Code, 3), cut(e.Code, 2)
	e.Day = dayString(day)
	e.Location = loc.location()
	e.Source, e.Target, e.AttributedTo = src.actor(), tgt.actor(), att.actor()
	return e, nil
}

// EachCluster calls fn for each event cluster, in order of day (latest
// first with f.Newest; no day last either way), that has a mention
// matching f (Limit and Offset apply to clusters).
func (r *Reader) EachCluster(ctx context.Context, f store.EventFilter, fn func(store.Cluster) error) error {
	return r.eachFiltered(ctx, "clusters", f, func(where string, args *[]any) string {
		order := ` ORDER BY c.first_day IS NULL, c.first_day, c.pk`
		if f.Newest {
			order = ` ORDER BY c.first_day DESC NULLS LAST, c.pk DESC`
		}
		filter := ""
		if where != "" {
			filter = " AND c.pk IN (SELECT e.cluster FROM events e" + where + ")"
		}
		return `SELECT c.pk, c.code, c.quad_class, c.goldstein, c.first_day, c.num_mentions, c.num_sources, c.num_documents,
			EXISTS (SELECT 1 FROM events x WHERE x.cluster = c.pk AND x.paragraph = 0), ` + locationSQL("fe") + `,
			` + r.D.Timestamp("d.stored_at") + `, d.url, ` + actorSQL("c.source_code", "sa") + `, ` + actorSQL("c.target_code", "ta") + `
			FROM event_clusters c
			JOIN events fe ON fe.pk = c.first_event
			JOIN documents d ON d.pk = fe.document
			` + actorJoins("fe") + `
			WHERE TRUE` + filter + order + Limit(f.Limit, f.Offset, args)
	}, func(rows Rows) error {
		var c store.Cluster
		var day *int64
		var loc locCols
		var added string
		var src, tgt actorCols
		dest := []any{&c.ID, &c.Code, &c.QuadClass, &c.Goldstein, &day, &c.NumMentions, &c.NumSources, &c.NumDocuments, &c.IsRoot}
		dest = append(dest, loc.dest()...)
		dest = append(dest, &added, &c.SourceURL)
		dest = append(dest, src.dest()...)
		dest = append(dest, tgt.dest()...)
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		if day != nil {
			c.Day, c.HasDay = store.DayTime(*day), true
		}
		c.Location = loc.location()
		c.Added, _ = time.Parse(time.RFC3339, added)
		c.Source, c.Target = src.actor(), tgt.actor()
		return stopWith(fn(c))
	})
}

// EachGDELTEvent calls fn for each imported GDELT event matching f
// (Actor, Dyad, Undirected, Code, QuadClass, Since, Until, Limit, Offset,
// Newest; Text is not supported and is an error), as an Event with Rule
// "gdelt" and the source URL as its document; ClusterDocuments and
// ClusterSources hold NumArticles and NumSources.
func (r *Reader) EachGDELTEvent(ctx context.Context, f store.EventFilter, fn func(store.Event) error) error {
	if f.Text != "" {
		return errors.New("gdelt events: full-text search is not available for imported GDELT events")
	}
	g := store.EventFilter{Actor: f.Actor, Dyad: f.Dyad, Undirected: f.Undirected, Code: f.Code, QuadClass: f.QuadClass, Since: f.Since, Until: f.Until}
	return r.eachFiltered(ctx, "gdelt events", g, func(where string, args *[]any) string {
		order := ` ORDER BY e.day NULLS FIRST, e.global_event_id`
		if f.Newest {
			order = ` ORDER BY e.day DESC NULLS LAST, e.global_event_id DESC`
		}
		// The inner select names the columns as the events table does, so
		// that the same filter applies.
		return `SELECT e.global_event_id, e.code, e.quad_class, e.goldstein, e.day, e.source_code, e.actor1_name,
			e.actor1_country, e.target_code, e.actor2_name, e.actor2_country, e.action_geo_name, e.action_geo_lat,
			e.action_geo_lon, e.source_url, e.num_articles, e.num_sources
			FROM (SELECT *, actor1_code AS source_code, actor2_code AS target_code, event_code AS code,
			      CAST(NULL AS INTEGER) AS document FROM gdelt_events) e` + where + order + Limit(f.Limit, f.Offset, args)
	}, func(rows Rows) error {
		var e store.Event
		var day *int64
		var c1, n1, k1, c2, n2, k2, lname string
		var lat, lon *float64
		if err := rows.Scan(&e.ID, &e.Code, &e.QuadClass, &e.Goldstein, &day, &c1, &n1, &k1, &c2, &n2, &k2,
			&lname, &lat, &lon, &e.Document.URL, &e.ClusterDocuments, &e.ClusterSources); err != nil {
			return err
		}
		e.Cluster = e.ID
		e.BaseCode, e.RootCode = cut(e.Code, 3), cut(e.Code, 2)
		e.Rule = "gdelt"
		e.Day = dayString(day)
		e.Date = e.Day
		if c1 != "" || n1 != "" {
			e.Source = &realign.Actor{Code: c1, Name: n1, Country: k1}
		}
		if c2 != "" || n2 != "" {
			e.Target = &realign.Actor{Code: c2, Name: n2, Country: k2}
		}
		if lname != "" {
			e.Location = &store.Location{Name: lname, Lat: lat, Lon: lon}
		}
		return stopWith(fn(e))
	})
}
