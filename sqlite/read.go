package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/realign/realign"
)

// Documents lists stored documents, most recently stored first: at most
// limit (0: no limit) after skipping offset.
func (s *DB) Documents(ctx context.Context, limit, offset int) ([]DocumentSummary, error) {
	var args []any
	rows, err := s.db.QueryContext(ctx, `SELECT d.id, d.title, d.url, d.published, d.source, d.status,
		(SELECT count(*) FROM events e WHERE e.document = d.pk)
		FROM documents d ORDER BY d.pk DESC`+limitClause(limit, offset, &args), args...)
	if err != nil {
		return nil, fmt.Errorf("documents: %w", err)
	}
	defer rows.Close()
	var out []DocumentSummary
	for rows.Next() {
		var d DocumentSummary
		if err := rows.Scan(&d.ID, &d.Title, &d.URL, &d.Published, &d.Source, &d.Status, &d.Events); err != nil {
			return nil, fmt.Errorf("documents: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("documents: %w", err)
	}
	return out, nil
}

// Document reads the document whose ContentID is id (64 hex digits, any
// case) with its mentions, quotations and event mentions, each in the
// order of the original Analysis. Errors: ErrNotFound (wrapped) when no
// such document is stored or id is not a ContentID; any SQLite error.
func (s *DB) Document(ctx context.Context, id string) (*StoredDocument, error) {
	id = strings.ToLower(strings.TrimSpace(id))
	if len(id) != 64 || strings.Trim(id, "0123456789abcdef") != "" {
		if len(id) > 80 {
			id = id[:80] + "…"
		}
		return nil, fmt.Errorf("document %q: %w", id, ErrNotFound)
	}
	sd := &StoredDocument{Analysis: &realign.Analysis{}}
	d := &sd.Analysis.Document
	var pk int64
	var pub string
	var near sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT d.pk, d.id, d.title, d.text, d.url, d.published, d.source, d.language, d.format,
		d.byline, d.site, d.status, n.id FROM documents d LEFT JOIN documents n ON n.pk = d.near_dup_of WHERE d.id = ?`, id).
		Scan(&pk, &d.ID, &d.Title, &d.Text, &d.URL, &pub, &d.Source, &d.Language, &d.Format, &d.Byline, &d.Site, &sd.Status, &near)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("document %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("document: %w", err)
	}
	sd.NearDupOf = near.String
	if pub != "" {
		d.Published, _ = time.Parse(time.RFC3339, pub)
	}
	if err := s.loadMentions(ctx, pk, sd); err != nil {
		return nil, fmt.Errorf("document %s: mentions: %w", id, err)
	}
	if err := s.loadQuotes(ctx, pk, sd); err != nil {
		return nil, fmt.Errorf("document %s: quotations: %w", id, err)
	}
	if err := s.loadEvents(ctx, pk, sd); err != nil {
		return nil, fmt.Errorf("document %s: events: %w", id, err)
	}
	return sd, nil
}

func (s *DB) loadMentions(ctx context.Context, pk int64, sd *StoredDocument) error {
	rows, err := s.db.QueryContext(ctx, `SELECT m.start, m."end", m.text, m.type, m.code, m.role, m.via, m.antecedent, m.pronoun,
		a.code, a.kb_id, a.name, a.country, a.sector, a.kind
		FROM mentions m LEFT JOIN actors a ON a.pk = m.actor WHERE m.document = ? ORDER BY m.idx`, pk)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
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
	}
	return rows.Err()
}

func (s *DB) loadQuotes(ctx context.Context, pk int64, sd *StoredDocument) error {
	rows, err := s.db.QueryContext(ctx, `SELECT q.start, q."end", q.text, q.kind, q.cue, q.cue_start, q.cue_end, q.speaker,
		q.speaker_start, q.speaker_end, q.addressee, a.code, a.kb_id, a.name, a.country, a.sector, a.kind
		FROM quotations q LEFT JOIN actors a ON a.pk = q.speaker_actor WHERE q.document = ? ORDER BY q.idx`, pk)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var q realign.Quotation
		var sp string
		var spStart, spEnd sql.NullInt64
		var ac actorCols
		if err := rows.Scan(append([]any{&q.Start, &q.End, &q.Text, &q.Kind, &q.Cue, &q.CueSpan.Start, &q.CueSpan.End, &sp,
			&spStart, &spEnd, &q.Addressee}, ac.dest()...)...); err != nil {
			return err
		}
		if sp != "" || spStart.Valid || ac.actor() != nil {
			q.Speaker = &realign.Speaker{Span: realign.Span{Start: int(spStart.Int64), End: int(spEnd.Int64)}, Text: sp, Actor: ac.actor(), Mention: -1}
		}
		sd.Analysis.Quotes = append(sd.Analysis.Quotes, q)
	}
	return rows.Err()
}

func (s *DB) loadEvents(ctx context.Context, pk int64, sd *StoredDocument) error {
	rows, err := s.db.QueryContext(ctx, `SELECT e.pk, e.source_code, e.target_code, e.source_start, e.source_end, e.target_start, e.target_end,
		e.code, e.label, e.plover, e.goldstein, e.quad_class, e.modality, e.date, e.day,
		e.location_name, e.location_country, e.location_lat, e.location_lon, e.location_precision, e.location_geo_id,
		e.sentence_start, e.sentence_end, e.trigger_start, e.trigger_end, coalesce(q.idx, -1), e.rule,
		sa.code, sa.kb_id, sa.name, sa.country, sa.sector, sa.kind,
		ta.code, ta.kb_id, ta.name, ta.country, ta.sector, ta.kind,
		aa.code, aa.kb_id, aa.name, aa.country, aa.sector, aa.kind
		FROM events e LEFT JOIN actors sa ON sa.pk = e.source_actor LEFT JOIN actors ta ON ta.pk = e.target_actor
		LEFT JOIN actors aa ON aa.pk = e.attributed_to LEFT JOIN quotations q ON q.pk = e.quotation
		WHERE e.document = ? ORDER BY e.idx`, pk)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var e realign.Event
		var id int64
		var scode, tcode, lname, lcountry, lprec, lgeo string
		var day sql.NullInt64
		var lat, lon sql.NullFloat64
		var src, tgt, att actorCols
		dest := []any{&id, &scode, &tcode, &e.SourceSpan.Start, &e.SourceSpan.End, &e.TargetSpan.Start, &e.TargetSpan.End,
			&e.Code, &e.Label, &e.PLOVER, &e.Goldstein, &e.QuadClass, &e.Modality, &e.Date, &day,
			&lname, &lcountry, &lat, &lon, &lprec, &lgeo,
			&e.Sentence.Start, &e.Sentence.End, &e.Trigger.Start, &e.Trigger.End, &e.Quote, &e.Rule}
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
			dstr = DayTime(day.Int64).Format(time.DateOnly)
		}
		sd.Analysis.Events = append(sd.Analysis.Events, e)
		sd.EventIDs = append(sd.EventIDs, id)
		sd.EventDays = append(sd.EventDays, dstr)
	}
	return rows.Err()
}

// ActorsByCode returns the stored actors whose CAMEO code starts with
// prefix (case-insensitive), ordered by code then name, at most limit
// (0: no limit). It reads the actors_code index.
func (s *DB) ActorsByCode(ctx context.Context, prefix string, limit int) ([]ActorRecord, error) {
	var args []any
	cond := prefixRange("code", prefix, &args)
	rows, err := s.db.QueryContext(ctx, `SELECT kb_id, code, name, country, sector, kind FROM actors WHERE `+cond+
		` ORDER BY code, name`+limitClause(limit, 0, &args), args...)
	if err != nil {
		return nil, fmt.Errorf("actors: %w", err)
	}
	defer rows.Close()
	var out []ActorRecord
	for rows.Next() {
		var a ActorRecord
		if err := rows.Scan(&a.ID, &a.Code, &a.Name, &a.Country, &a.Sector, &a.Kind); err != nil {
			return nil, fmt.Errorf("actors: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("actors: %w", err)
	}
	return out, nil
}

// QuotesBy returns the quotations whose speaker's actor code starts with
// prefix (case-insensitive), most recently stored first, at most limit
// (0: no limit) after skipping offset. It finds the actors by the
// actors_code index and their quotations by quotations_speaker
// (migration 0006), then sorts those quotations.
func (s *DB) QuotesBy(ctx context.Context, prefix string, limit, offset int) ([]ActorQuote, error) {
	var args []any
	cond := prefixRange("a.code", prefix, &args)
	rows, err := s.db.QueryContext(ctx, quotesBySQL(cond)+limitClause(limit, offset, &args), args...)
	if err != nil {
		return nil, fmt.Errorf("quotes: %w", err)
	}
	defer rows.Close()
	var out []ActorQuote
	for rows.Next() {
		var q ActorQuote
		if err := rows.Scan(&q.Text, &q.Kind, &q.Cue, &q.Speaker, &q.Span.Start, &q.Span.End, &q.Actor.ID, &q.Actor.Code,
			&q.Actor.Name, &q.Actor.Country, &q.Actor.Sector, &q.Actor.Kind, &q.Document, &q.Title, &q.URL, &q.Published); err != nil {
			return nil, fmt.Errorf("quotes: %w", err)
		}
		out = append(out, q)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("quotes: %w", err)
	}
	return out, nil
}

func quotesBySQL(cond string) string {
	return `SELECT q.text, q.kind, q.cue, q.speaker, q.start, q."end",
		a.kb_id, a.code, a.name, a.country, a.sector, a.kind, d.id, d.title, d.url, d.published
		FROM actors a JOIN quotations q ON q.speaker_actor = a.pk JOIN documents d ON d.pk = q.document
		WHERE ` + cond + ` AND q.speaker_actor IS NOT NULL ORDER BY q.pk DESC`
}

// Roles returns the roles recorded on mentions whose actor code starts
// with prefix (case-insensitive), one per (role, code), ordered by first
// date (undated first), then role. It reads the mentions_code_role
// index (migration 0006) and at most MaxRoleMentions mentions, so for a
// very frequent prefix the counts and dates are those of a sample.
func (s *DB) Roles(ctx context.Context, prefix string) ([]ActorRole, error) {
	var args []any
	cond := prefixRange("m.code", prefix, &args)
	args = append(args, MaxRoleMentions)
	rows, err := s.db.QueryContext(ctx, rolesSQL(cond), args...)
	if err != nil {
		return nil, fmt.Errorf("roles: %w", err)
	}
	defer rows.Close()
	var out []ActorRole
	for rows.Next() {
		var r ActorRole
		var first, last sql.NullString
		if err := rows.Scan(&r.Role, &r.Code, &first, &last, &r.Documents); err != nil {
			return nil, fmt.Errorf("roles: %w", err)
		}
		r.First, r.Last = cut(first.String, 10), cut(last.String, 10)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("roles: %w", err)
	}
	return out, nil
}

func rolesSQL(cond string) string {
	return `SELECT role, code, min(pub), max(pub), count(DISTINCT doc) FROM (
		SELECT m.role AS role, m.code AS code, nullif(d.published, '') AS pub, m.document AS doc
		FROM mentions m JOIN documents d ON d.pk = m.document
		WHERE m.role <> '' AND ` + cond + ` LIMIT ?)
		GROUP BY role, code ORDER BY min(pub), role`
}
