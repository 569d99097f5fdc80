package storesql

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/realign/realign"
	"github.com/realign/realign/store"
)

// Documents lists stored documents, most recently stored first: at most
// limit (0: no limit) after skipping offset.
func (r *Reader) Documents(ctx context.Context, limit, offset int) ([]store.DocumentSummary, error) {
	var args []any
	q := `SELECT d.id, d.title, d.url, d.published, d.source, d.status,
		(SELECT count(*) FROM events e WHERE e.document = d.pk)
		FROM documents d ORDER BY d.pk DESC` + Limit(limit, offset, &args)
	var out []store.DocumentSummary
	err := r.each(ctx, q, args, func(rows Rows) error {
		var d store.DocumentSummary
		if err := rows.Scan(&d.ID, &d.Title, &d.URL, &d.Published, &d.Source, &d.Status, &d.Events); err != nil {
			return err
		}
		out = append(out, d)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("documents: %w", err)
	}
	return out, nil
}

// Document reads the document whose ContentID is id (64 hex digits, any
// case) with its mentions, quotations and event mentions, each in the
// order of the original Analysis. Errors: store.ErrNotFound (wrapped)
// when no such document is stored or id is not a ContentID; any database
// error.
func (r *Reader) Document(ctx context.Context, id string) (*store.StoredDocument, error) {
	id = strings.ToLower(strings.TrimSpace(id))
	if len(id) != 64 || strings.Trim(id, "0123456789abcdef") != "" {
		if len(id) > 80 {
			id = id[:80] + "…"
		}
		return nil, fmt.Errorf("document %q: %w", id, store.ErrNotFound)
	}
	sd := &store.StoredDocument{Analysis: &realign.Analysis{}}
	d := &sd.Analysis.Document
	var pk int64
	var pub string
	var near *string
	err := r.queryRow(ctx, `SELECT d.pk, d.id, d.title, d.text, d.url, d.published, d.source, d.language, d.format,
		d.byline, d.site, d.status, n.id FROM documents d LEFT JOIN documents n ON n.pk = d.near_dup_of WHERE d.id = ?`, []any{id},
		&pk, &d.ID, &d.Title, &d.Text, &d.URL, &pub, &d.Source, &d.Language, &d.Format, &d.Byline, &d.Site, &sd.Status, &near)
	if errors.Is(err, errNoRows) {
		return nil, fmt.Errorf("document %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("document: %w", err)
	}
	sd.NearDupOf = str(near)
	if pub != "" {
		d.Published, _ = time.Parse(time.RFC3339, pub)
	}
	if err := r.loadMentions(ctx, pk, sd); err != nil {
		return nil, fmt.Errorf("document %s: mentions: %w", id, err)
	}
	if err := r.loadQuotes(ctx, pk, sd); err != nil {
		return nil, fmt.Errorf("document %s: quotations: %w", id, err)
	}
	if err := r.loadEvents(ctx, pk, sd); err != nil {
		return nil, fmt.Errorf("document %s: events: %w", id, err)
	}
	return sd, nil
}

func (r *Reader) loadMentions(ctx context.Context, pk int64, sd *store.StoredDocument) error {
	return r.each(ctx, `SELECT m.start, m."end", m.text, m.type, m.code, m.role, m.via, m.antecedent, m.pronoun,
		a.code, a.kb_id, a.name, a.country, a.sector, a.kind
		FROM mentions m LEFT JOIN actors a ON a.pk = m.actor WHERE m.document = ? ORDER BY m.idx`, []any{pk}, func(rows Rows) error {
		var m realign.Mention
		var code, role string
		var ac actorCols
		if err := rows.Scan(append([]any{&m.Start, &m.End, &m.Text, &m.Type, &code, &role, &m.Via, &m.Antecedent, &m.Pronoun}, ac.dest()...)...); err != nil {
			return err
		}
		if m.Actor = ac.actor(); m.Actor != nil {
			// The mention's own code (which may carry a role) wins.
			if code != "" {
				m.Actor.Code = code
			}
			m.Actor.Role = role
		}
		sd.Analysis.Mentions = append(sd.Analysis.Mentions, m)
		return nil
	})
}

func (r *Reader) loadQuotes(ctx context.Context, pk int64, sd *store.StoredDocument) error {
	return r.each(ctx, `SELECT q.start, q."end", q.text, q.kind, q.cue, q.cue_start, q.cue_end, q.speaker,
		q.speaker_start, q.speaker_end, q.addressee, a.code, a.kb_id, a.name, a.country, a.sector, a.kind
		FROM quotations q LEFT JOIN actors a ON a.pk = q.speaker_actor WHERE q.document = ? ORDER BY q.idx`, []any{pk}, func(rows Rows) error {
		var q realign.Quotation
		var sp string
		var spStart, spEnd *int
		var ac actorCols
		if err := rows.Scan(append([]any{&q.Start, &q.End, &q.Text, &q.Kind, &q.Cue, &q.CueSpan.Start, &q.CueSpan.End, &sp,
			&spStart, &spEnd, &q.Addressee}, ac.dest()...)...); err != nil {
			return err
		}
		if sp != "" || spStart != nil || ac.actor() != nil {
			q.Speaker = &realign.Speaker{Span: realign.Span{Start: deref(spStart), End: deref(spEnd)}, Text: sp, Actor: ac.actor(), Mention: -1}
		}
		sd.Analysis.Quotes = append(sd.Analysis.Quotes, q)
		return nil
	})
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

func (r *Reader) loadEvents(ctx context.Context, pk int64, sd *store.StoredDocument) error {
	return r.each(ctx, `SELECT e.pk, e.source_code, e.target_code, e.source_start, e.source_end, e.target_start, e.target_end,
		e.code, e.label, e.plover, e.goldstein, e.quad_class, e.modality, e.date, e.day, `+locationSQL("e")+`,
		e.sentence_start, e.sentence_end, e.trigger_start, e.trigger_end, coalesce(q.idx, -1), e.rule,
		`+actorSQL("sa.code", "sa")+`, `+actorSQL("ta.code", "ta")+`, `+actorSQL("aa.code", "aa")+`
		FROM events e `+actorJoins("e")+`
		LEFT JOIN actors aa ON aa.pk = e.attributed_to LEFT JOIN quotations q ON q.pk = e.quotation
		WHERE e.document = ? ORDER BY e.idx`, []any{pk}, func(rows Rows) error {
		var e realign.Event
		var id int64
		var scode, tcode string
		var day *int64
		var loc locCols
		var src, tgt, att actorCols
		dest := []any{&id, &scode, &tcode, &e.SourceSpan.Start, &e.SourceSpan.End, &e.TargetSpan.Start, &e.TargetSpan.End,
			&e.Code, &e.Label, &e.PLOVER, &e.Goldstein, &e.QuadClass, &e.Modality, &e.Date, &day}
		dest = append(dest, loc.dest()...)
		dest = append(dest, &e.Sentence.Start, &e.Sentence.End, &e.Trigger.Start, &e.Trigger.End, &e.Quote, &e.Rule)
		dest = append(dest, src.dest()...)
		dest = append(dest, tgt.dest()...)
		dest = append(dest, att.dest()...)
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		e.Source, e.Target, e.AttributedTo = src.actor(), tgt.actor(), att.actor()
		// The event's own code columns win over the actor table's.
		if e.Source != nil && scode != "" {
			e.Source.Code = scode
		}
		if e.Target != nil && tcode != "" {
			e.Target.Code = tcode
		}
		if l := loc.location(); l != nil {
			e.Location = &realign.Place{Name: l.Name, Text: l.Name, Country: l.Country, Precision: l.Precision, GeoID: l.GeoID,
				Lat: l.Lat, Lon: l.Lon}
		}
		sd.Analysis.Events = append(sd.Analysis.Events, e)
		sd.EventIDs = append(sd.EventIDs, id)
		sd.EventDays = append(sd.EventDays, dayString(day))
		return nil
	})
}

// ActorsByCode returns the stored actors whose CAMEO code starts with
// prefix (case-insensitive), ordered by code then name, at most limit
// (0: no limit). It reads the actors_code index.
func (r *Reader) ActorsByCode(ctx context.Context, prefix string, limit int) ([]store.ActorRecord, error) {
	var args []any
	cond := PrefixRange("code", prefix, &args)
	q := `SELECT kb_id, code, name, country, sector, kind FROM actors WHERE ` + cond + ` ORDER BY code, name` + Limit(limit, 0, &args)
	var out []store.ActorRecord
	err := r.each(ctx, q, args, func(rows Rows) error {
		var a store.ActorRecord
		if err := rows.Scan(&a.ID, &a.Code, &a.Name, &a.Country, &a.Sector, &a.Kind); err != nil {
			return err
		}
		out = append(out, a)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("actors: %w", err)
	}
	return out, nil
}

// QuotesBy returns the quotations whose speaker's actor code starts with
// prefix (case-insensitive), most recently stored first, at most limit
// (0: no limit) after skipping offset. It finds the actors by the
// actors_code index and their quotations by quotations_speaker, then
// sorts those quotations.
func (r *Reader) QuotesBy(ctx context.Context, prefix string, limit, offset int) ([]store.ActorQuote, error) {
	var args []any
	cond := PrefixRange("a.code", prefix, &args)
	var out []store.ActorQuote
	err := r.each(ctx, QuotesBySQL(cond)+Limit(limit, offset, &args), args, func(rows Rows) error {
		var q store.ActorQuote
		if err := rows.Scan(&q.Text, &q.Kind, &q.Cue, &q.Speaker, &q.Span.Start, &q.Span.End, &q.Actor.ID, &q.Actor.Code,
			&q.Actor.Name, &q.Actor.Country, &q.Actor.Sector, &q.Actor.Kind, &q.Document, &q.Title, &q.URL, &q.Published); err != nil {
			return err
		}
		out = append(out, q)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("quotes: %w", err)
	}
	return out, nil
}

// QuotesBySQL is the query of QuotesBy for the actor condition cond.
func QuotesBySQL(cond string) string {
	return `SELECT q.text, q.kind, q.cue, q.speaker, q.start, q."end",
		a.kb_id, a.code, a.name, a.country, a.sector, a.kind, d.id, d.title, d.url, d.published
		FROM actors a JOIN quotations q ON q.speaker_actor = a.pk JOIN documents d ON d.pk = q.document
		WHERE ` + cond + ` AND q.speaker_actor IS NOT NULL ORDER BY q.pk DESC`
}

// Roles returns the roles recorded on mentions whose actor code starts
// with prefix (case-insensitive), one per (role, code), ordered by first
// date (undated first), then role. It reads the mentions_code_role index
// and at most store.MaxRoleMentions mentions, so for a very frequent
// prefix the counts and dates are those of a sample.
func (r *Reader) Roles(ctx context.Context, prefix string) ([]store.ActorRole, error) {
	var args []any
	cond := PrefixRange("m.code", prefix, &args)
	args = append(args, store.MaxRoleMentions)
	var out []store.ActorRole
	err := r.each(ctx, RolesSQL(cond), args, func(rows Rows) error {
		var x store.ActorRole
		var first, last *string
		if err := rows.Scan(&x.Role, &x.Code, &first, &last, &x.Documents); err != nil {
			return err
		}
		x.First, x.Last = cut(str(first), 10), cut(str(last), 10)
		out = append(out, x)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("roles: %w", err)
	}
	return out, nil
}

// RolesSQL is the query of Roles for the mention condition cond; its last
// parameter is the number of mentions read.
func RolesSQL(cond string) string {
	return `SELECT role, code, min(pub), max(pub), count(DISTINCT doc) FROM (
		SELECT m.role AS role, m.code AS code, nullif(d.published, '') AS pub, m.document AS doc
		FROM mentions m JOIN documents d ON d.pk = m.document
		WHERE m.role <> '' AND ` + cond + ` LIMIT ?) AS r
		GROUP BY role, code ORDER BY min(pub) NULLS FIRST, role`
}

// SchemaVersion returns the highest migration applied to the database.
func (r *Reader) SchemaVersion(ctx context.Context) (int, error) {
	var v *int64
	if err := r.queryRow(ctx, `SELECT max(version) FROM schema_migrations`, nil, &v); err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	if v == nil {
		return 0, nil
	}
	return int(*v), nil
}

// Stats returns the counts.
func (r *Reader) Stats(ctx context.Context) (store.Stats, error) {
	st := store.Stats{Ingest: map[string]int64{}}
	var err error
	if st.SchemaVersion, err = r.SchemaVersion(ctx); err != nil {
		return st, err
	}
	counts := []struct {
		dst *int64
		sql string
	}{
		{&st.Documents, `SELECT count(*) FROM documents`},
		{&st.Coded, `SELECT count(*) FROM documents WHERE status = 'coded'`},
		{&st.NotCoded, `SELECT count(*) FROM documents WHERE status = 'not-coded'`},
		{&st.NearDuplicates, `SELECT count(*) FROM documents WHERE status = 'near-duplicate'`},
		{&st.Actors, `SELECT count(*) FROM actors`},
		{&st.Mentions, `SELECT count(*) FROM mentions`},
		{&st.Quotations, `SELECT count(*) FROM quotations`},
		{&st.Events, `SELECT count(*) FROM events`},
		{&st.Clusters, `SELECT count(*) FROM event_clusters`},
		{&st.GDELTEvents, `SELECT count(*) FROM gdelt_events`},
	}
	for _, c := range counts {
		if err := r.queryRow(ctx, c.sql, nil, c.dst); err != nil {
			return st, fmt.Errorf("stats: %w", err)
		}
	}
	err = r.each(ctx, `SELECT status, count(*) FROM ingest_log GROUP BY status`, nil, func(rows Rows) error {
		var k string
		var n int64
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		st.Ingest[k] = n
		return nil
	})
	if err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	return st, nil
}
