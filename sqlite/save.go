package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/realign/realign"
)

// Document statuses in the documents table.
const (
	StatusCoded         = "coded"          // analysed; its layers are stored
	StatusNotCoded      = "not-coded"      // stored without layers
	StatusNearDuplicate = "near-duplicate" // linked to an earlier copy; layers not stored
)

// HasDocument reports whether a document with this ContentID is stored.
func (s *DB) HasDocument(ctx context.Context, id string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE id = ?`, id).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("has document: %w", err)
	}
	return n > 0, nil
}

// NearDuplicate returns the ContentID of a stored, coded document whose
// text is a near-duplicate of text (SimHash within Options.NearDupDistance
// bits), or "" when there is none. An ingester may call it before
// analysing a document to save the work: SaveBatch links near-duplicates
// whether or not they were analysed.
func (s *DB) NearDuplicate(ctx context.Context, text string) (string, error) {
	h, words := SimHash(text)
	if s.opts.NearDupDistance < 0 || words < s.opts.NearDupMinWords {
		return "", nil
	}
	pk, err := findNearDup(ctx, s.db, h, s.opts.NearDupDistance)
	if err != nil || pk == 0 {
		return "", err
	}
	var id string
	if err := s.db.QueryRowContext(ctx, `SELECT id FROM documents WHERE pk = ?`, pk).Scan(&id); err != nil {
		return "", fmt.Errorf("near duplicate: %w", err)
	}
	return id, nil
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// findNearDup returns the pk of the indexed document nearest to h within
// dist bits (the earliest stored on ties), or 0.
func findNearDup(ctx context.Context, q querier, h uint64, dist int) (int64, error) {
	k := bandKeys(h)
	rows, err := q.QueryContext(ctx, `SELECT d.pk, d.simhash FROM simhash_bands b JOIN documents d ON d.pk = b.document
		WHERE b.key IN (?, ?, ?, ?)`, k[0], k[1], k[2], k[3])
	if err != nil {
		return 0, fmt.Errorf("near-duplicate lookup: %w", err)
	}
	defer rows.Close()
	var best int64
	bestD := dist + 1
	for rows.Next() {
		var pk, sh int64
		if err := rows.Scan(&pk, &sh); err != nil {
			return 0, fmt.Errorf("near-duplicate lookup: %w", err)
		}
		if d := Hamming(h, uint64(sh)); d < bestD || (d == bestD && pk < best) {
			best, bestD = pk, d
		}
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("near-duplicate lookup: %w", err)
	}
	return best, nil
}

// hasLayers reports whether the analysis carries any annotation layer.
func hasLayers(a *realign.Analysis) bool {
	return a.Sentences != nil || a.Mentions != nil || a.Places != nil || a.Times != nil ||
		a.Quotes != nil || a.Events != nil
}

// SaveBatch stores the analyses and appends the ingest records in one
// transaction: after an error or a crash either all of the batch is
// stored or none of it.
//
// A document whose ID is already stored (or repeats within the batch) is
// skipped, so SaveBatch is idempotent; an empty Document.ID is filled with
// realign.ContentID. An analysis with no layers is stored as not coded. A
// document whose SimHash is within Options.NearDupDistance bits of a
// stored coded document is stored as a near-duplicate linked to it: its
// layers are not stored and it counts as one more document (and source)
// of every event cluster of the original. Other documents' events are
// clustered (see Cluster). Errors: a nil analysis, an ingest record with
// an unknown status (rejected by the table's CHECK constraint), any SQLite
// error; the batch is then rolled back.
func (s *DB) SaveBatch(ctx context.Context, analyses []*realign.Analysis, log []IngestRecord) error {
	for i, a := range analyses {
		if a == nil {
			return fmt.Errorf("save batch: analysis %d is nil", i)
		}
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.db == nil {
		return errors.New("save batch: database is closed")
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		w, err := newWriter(ctx, tx, s.opts)
		if err != nil {
			return err
		}
		defer w.close()
		for _, a := range analyses {
			if err := w.saveAnalysis(a); err != nil {
				return fmt.Errorf("document %s: %w", docName(a), err)
			}
		}
		if err := w.updateClusters(); err != nil {
			return err
		}
		now := time.Now().UTC()
		for _, r := range log {
			t := r.Time
			if t.IsZero() {
				t = now
			}
			if _, err := w.logStmt.ExecContext(ctx, r.Source, r.DocID, r.Status, r.Reason, t.UTC().Format(time.RFC3339Nano)); err != nil {
				return fmt.Errorf("ingest log %s (status %q): %w", r.Source, r.Status, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save batch: %w", err)
	}
	return nil
}

// IngestRecord is realign.IngestRecord, named here for convenience.
type IngestRecord = realign.IngestRecord

func docName(a *realign.Analysis) string {
	switch {
	case a.Document.Source != "":
		return a.Document.Source
	case a.Document.URL != "":
		return a.Document.URL
	case a.Document.ID != "":
		return a.Document.ID
	}
	return strconv.Quote(a.Document.Title)
}

// writer holds the prepared statements of one SaveBatch transaction.
type writer struct {
	ctx    context.Context
	tx     *sql.Tx
	opts   Options
	actors map[string]int64   // actor key -> pk, this transaction
	seen   map[string]bool    // document IDs stored in this batch
	dirty  map[int64]struct{} // clusters whose counts changed
	stmts  []*sql.Stmt

	docStmt, bandStmt, actorIns, actorSel, mentionStmt, quoteStmt, eventStmt,
	clusterSel, clusterIns, clusterFirst, cdocStmt, canonClusters, logStmt *sql.Stmt
}

func newWriter(ctx context.Context, tx *sql.Tx, opts Options) (*writer, error) {
	w := &writer{ctx: ctx, tx: tx, opts: opts, actors: map[string]int64{}, seen: map[string]bool{}, dirty: map[int64]struct{}{}}
	prep := []struct {
		dst **sql.Stmt
		sql string
	}{
		{&w.docStmt, `INSERT INTO documents(id, title, text, url, published, source, language, format, byline, site, outlet,
			status, near_dup_of, simhash, sentences, stored_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
			ON CONFLICT(id) DO NOTHING`},
		{&w.bandStmt, `INSERT OR IGNORE INTO simhash_bands(key, document) VALUES (?, ?)`},
		{&w.actorIns, `INSERT INTO actors(key, kb_id, code, name, country, sector, kind) VALUES (?,?,?,?,?,?,?)
			ON CONFLICT(key) DO NOTHING`},
		{&w.actorSel, `SELECT pk FROM actors WHERE key = ?`},
		{&w.mentionStmt, `INSERT INTO mentions(document, idx, start, "end", text, type, actor, code, role, via, antecedent, pronoun)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`},
		{&w.quoteStmt, `INSERT INTO quotations(document, idx, start, "end", text, kind, cue, cue_start, cue_end, speaker,
			speaker_start, speaker_end, speaker_actor, addressee) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`},
		{&w.eventStmt, `INSERT INTO events(document, cluster, idx, source_actor, target_actor, source_code, target_code,
			source_start, source_end, target_start, target_end, code, label, plover, goldstein, quad_class, modality,
			date, day, location_name, location_country, location_lat, location_lon, location_precision, location_geo_id,
			sentence_start, sentence_end, sentence, paragraph, trigger_start, trigger_end, attributed_to, quotation, rule)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`},
		{&w.clusterSel, `SELECT pk, first_day, location_key FROM event_clusters
			WHERE source_code = ? AND target_code = ? AND code = ? AND first_day BETWEEN ? AND ?
			ORDER BY abs(first_day - ?), pk LIMIT 32`},
		{&w.clusterIns, `INSERT INTO event_clusters(source_code, target_code, code, quad_class, goldstein, first_day,
			location_key, first_seen) VALUES (?,?,?,?,?,?,?,?)`},
		{&w.clusterFirst, `UPDATE event_clusters SET first_event = ? WHERE pk = ? AND first_event IS NULL`},
		{&w.cdocStmt, `INSERT INTO cluster_documents(cluster, document, mentions) VALUES (?, ?, ?)
			ON CONFLICT(cluster, document) DO UPDATE SET mentions = mentions + excluded.mentions`},
		{&w.canonClusters, `SELECT cluster, mentions FROM cluster_documents WHERE document = ?`},
		{&w.logStmt, `INSERT INTO ingest_log(source, doc_id, status, reason, time) VALUES (?,?,?,?,?)`},
	}
	for _, p := range prep {
		st, err := tx.PrepareContext(ctx, p.sql)
		if err != nil {
			w.close()
			return nil, fmt.Errorf("prepare: %w", err)
		}
		*p.dst = st
		w.stmts = append(w.stmts, st)
	}
	return w, nil
}

func (w *writer) close() {
	for _, st := range w.stmts {
		st.Close()
	}
}

func (w *writer) saveAnalysis(a *realign.Analysis) error {
	d := a.Document
	if d.ID == "" {
		d.ID = realign.ContentID(d.Text)
	}
	if w.seen[d.ID] {
		return nil
	}
	w.seen[d.ID] = true
	coded := hasLayers(a)
	h, words := SimHash(d.Text)
	var canon int64
	if w.opts.NearDupDistance >= 0 && words >= w.opts.NearDupMinWords {
		var err error
		if canon, err = findNearDup(w.ctx, w.tx, h, w.opts.NearDupDistance); err != nil {
			return err
		}
	}
	status := StatusNotCoded
	switch {
	case canon != 0:
		status = StatusNearDuplicate
	case coded:
		status = StatusCoded
	}
	pub := ""
	if !d.Published.IsZero() {
		pub = d.Published.Format(time.RFC3339)
	}
	res, err := w.docStmt.ExecContext(w.ctx, d.ID, d.Title, d.Text, d.URL, pub, d.Source, d.Language, d.Format,
		d.Byline, d.Site, outlet(d), status, nullID(canon), int64(h), len(a.Sentences), time.Now().UTC().Format(time.RFC3339))
	if err != nil {
		return fmt.Errorf("insert document: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil // already stored
	}
	doc, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("insert document: %w", err)
	}
	if canon != 0 {
		return w.linkNearDup(doc, canon)
	}
	if !coded {
		return nil
	}
	if w.opts.NearDupDistance >= 0 && words >= w.opts.NearDupMinWords {
		for _, k := range bandKeys(h) {
			if _, err := w.bandStmt.ExecContext(w.ctx, k, doc); err != nil {
				return fmt.Errorf("insert simhash band: %w", err)
			}
		}
	}
	return w.saveLayers(doc, &d, a)
}

// linkNearDup counts doc as one more document of every cluster of canon.
func (w *writer) linkNearDup(doc, canon int64) error {
	rows, err := w.canonClusters.QueryContext(w.ctx, canon)
	if err != nil {
		return fmt.Errorf("near-duplicate clusters: %w", err)
	}
	type cm struct{ cluster, mentions int64 }
	var cms []cm
	for rows.Next() {
		var c cm
		if err := rows.Scan(&c.cluster, &c.mentions); err != nil {
			rows.Close()
			return fmt.Errorf("near-duplicate clusters: %w", err)
		}
		cms = append(cms, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("near-duplicate clusters: %w", err)
	}
	for _, c := range cms {
		if _, err := w.cdocStmt.ExecContext(w.ctx, c.cluster, doc, c.mentions); err != nil {
			return fmt.Errorf("link near-duplicate: %w", err)
		}
		w.dirty[c.cluster] = struct{}{}
	}
	return nil
}

func (w *writer) saveLayers(doc int64, d *realign.Document, a *realign.Analysis) error {
	for i, m := range a.Mentions {
		actor, err := w.actor(m.Actor)
		if err != nil {
			return err
		}
		code, role := "", ""
		if m.Actor != nil {
			code, role = m.Actor.Code, m.Actor.Role
		}
		if _, err := w.mentionStmt.ExecContext(w.ctx, doc, i, m.Start, m.End, m.Text, m.Type, actor, code, role,
			m.Via, m.Antecedent, m.Pronoun); err != nil {
			return fmt.Errorf("insert mention %d: %w", i, err)
		}
	}
	quotes := make([]int64, len(a.Quotes))
	for i, q := range a.Quotes {
		var spText string
		var spStart, spEnd, spActor any
		if q.Speaker != nil {
			spText, spStart, spEnd = q.Speaker.Text, q.Speaker.Start, q.Speaker.End
			var err error
			if spActor, err = w.actor(q.Speaker.Actor); err != nil {
				return err
			}
		}
		res, err := w.quoteStmt.ExecContext(w.ctx, doc, i, q.Start, q.End, q.Text, q.Kind, q.Cue, q.CueSpan.Start,
			q.CueSpan.End, spText, spStart, spEnd, spActor, q.Addressee)
		if err != nil {
			return fmt.Errorf("insert quotation %d: %w", i, err)
		}
		if quotes[i], err = res.LastInsertId(); err != nil {
			return fmt.Errorf("insert quotation %d: %w", i, err)
		}
	}
	perCluster := map[int64]int64{}
	var order []int64
	for i := range a.Events {
		ev := &a.Events[i]
		src, err := w.actor(ev.Source)
		if err != nil {
			return err
		}
		tgt, err := w.actor(ev.Target)
		if err != nil {
			return err
		}
		att, err := w.actor(ev.AttributedTo)
		if err != nil {
			return err
		}
		day, hasDay := EventDay(ev.Date, d.Published)
		var dayArg any
		if hasDay {
			dayArg = day
		}
		cl, err := w.cluster(ev, dayArg, day, hasDay, d.Published)
		if err != nil {
			return err
		}
		if _, ok := perCluster[cl]; !ok {
			order = append(order, cl)
		}
		perCluster[cl]++
		var locName, locCountry, locPrec, locGeo string
		var lat, lon any
		if l := ev.Location; l != nil {
			locName, locCountry, locPrec, locGeo = l.Name, l.Country, l.Precision, l.GeoID
			if locName == "" {
				locName = l.Text
			}
			if l.Lat != nil {
				lat = *l.Lat
			}
			if l.Lon != nil {
				lon = *l.Lon
			}
		}
		para := -1
		if si := a.SentenceAt(ev.Sentence.Start); si >= 0 {
			para = a.Sentences[si].Paragraph
		}
		var quote any
		if ev.Quote >= 0 && ev.Quote < len(quotes) {
			quote = quotes[ev.Quote]
		}
		res, err := w.eventStmt.ExecContext(w.ctx, doc, cl, i, src, tgt, actorCode(ev.Source), actorCode(ev.Target),
			ev.SourceSpan.Start, ev.SourceSpan.End, ev.TargetSpan.Start, ev.TargetSpan.End, ev.Code, ev.Label, ev.PLOVER,
			ev.Goldstein, ev.QuadClass, ev.Modality, ev.Date, dayArg, locName, locCountry, lat, lon, locPrec, locGeo,
			ev.Sentence.Start, ev.Sentence.End, ev.Sentence.Text(d.Text), para, ev.Trigger.Start, ev.Trigger.End,
			att, quote, ev.Rule)
		if err != nil {
			return fmt.Errorf("insert event %d: %w", i, err)
		}
		eid, err := res.LastInsertId()
		if err != nil {
			return fmt.Errorf("insert event %d: %w", i, err)
		}
		if _, err := w.clusterFirst.ExecContext(w.ctx, eid, cl); err != nil {
			return fmt.Errorf("event cluster: %w", err)
		}
	}
	for _, cl := range order {
		if _, err := w.cdocStmt.ExecContext(w.ctx, cl, doc, perCluster[cl]); err != nil {
			return fmt.Errorf("cluster document: %w", err)
		}
		w.dirty[cl] = struct{}{}
	}
	return nil
}

// Clustering window: mentions within sameDayWindow days of a cluster's
// first day join it; mentions at the same location join it within
// sameLocationWindow days.
const (
	sameDayWindow      = 1
	sameLocationWindow = 7
)

// cluster finds or creates the event cluster of ev. The cluster key is
// (source code, target code, CAMEO code) plus time and place: an existing
// cluster with that key is joined when its first day is within one day of
// the mention's effective day (EventDay), or when both have the same
// location and the days are within seven days. A mention with no
// effective day starts a cluster of its own.
func (w *writer) cluster(ev *realign.Event, dayArg any, day int64, hasDay bool, pub time.Time) (int64, error) {
	src, tgt := actorCode(ev.Source), actorCode(ev.Target)
	loc := LocationKey(ev.Location)
	if hasDay {
		rows, err := w.clusterSel.QueryContext(w.ctx, src, tgt, ev.Code, day-sameLocationWindow, day+sameLocationWindow, day)
		if err != nil {
			return 0, fmt.Errorf("find event cluster: %w", err)
		}
		var found int64
		for rows.Next() {
			var pk, first int64
			var cloc string
			if err := rows.Scan(&pk, &first, &cloc); err != nil {
				rows.Close()
				return 0, fmt.Errorf("find event cluster: %w", err)
			}
			dd := first - day
			if dd < 0 {
				dd = -dd
			}
			if dd <= sameDayWindow || (loc != "" && loc == cloc) {
				found = pk
				break
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, fmt.Errorf("find event cluster: %w", err)
		}
		if found != 0 {
			return found, nil
		}
	}
	seen := time.Now().UTC()
	if !pub.IsZero() {
		seen = pub.UTC()
	}
	res, err := w.clusterIns.ExecContext(w.ctx, src, tgt, ev.Code, ev.QuadClass, ev.Goldstein, dayArg, loc, seen.Format(time.RFC3339))
	if err != nil {
		return 0, fmt.Errorf("create event cluster: %w", err)
	}
	return res.LastInsertId()
}

// updateClusters recomputes the counts of the clusters the batch touched:
// mentions (event mentions over all documents, near-duplicates counting
// their original's), documents, and sources (distinct outlets; a document
// with no outlet counts as its own source).
func (w *writer) updateClusters() error {
	if len(w.dirty) == 0 {
		return nil
	}
	st, err := w.tx.PrepareContext(w.ctx, `UPDATE event_clusters SET
		num_mentions  = (SELECT coalesce(sum(mentions), 0) FROM cluster_documents WHERE cluster = event_clusters.pk),
		num_documents = (SELECT count(*) FROM cluster_documents WHERE cluster = event_clusters.pk),
		num_sources   = (SELECT count(DISTINCT CASE WHEN d.outlet = '' THEN 'doc:' || d.pk ELSE d.outlet END)
		                 FROM cluster_documents c JOIN documents d ON d.pk = c.document WHERE c.cluster = event_clusters.pk)
		WHERE pk = ?`)
	if err != nil {
		return fmt.Errorf("update clusters: %w", err)
	}
	defer st.Close()
	for cl := range w.dirty {
		if _, err := st.ExecContext(w.ctx, cl); err != nil {
			return fmt.Errorf("update cluster %d: %w", cl, err)
		}
	}
	return nil
}

// actor returns the pk of the stored actor, inserting it when new; nil for
// a nil actor.
func (w *writer) actor(a *realign.Actor) (any, error) {
	if a == nil {
		return nil, nil
	}
	key := a.ID
	if key == "" {
		key = a.Code + "|" + a.Name
	}
	if pk, ok := w.actors[key]; ok {
		return pk, nil
	}
	if _, err := w.actorIns.ExecContext(w.ctx, key, a.ID, a.Code, a.Name, a.Country, a.Sector, a.Kind); err != nil {
		return nil, fmt.Errorf("insert actor %s: %w", key, err)
	}
	var pk int64
	if err := w.actorSel.QueryRowContext(w.ctx, key).Scan(&pk); err != nil {
		return nil, fmt.Errorf("find actor %s: %w", key, err)
	}
	w.actors[key] = pk
	return pk, nil
}

func actorCode(a *realign.Actor) string {
	if a == nil {
		return ""
	}
	return a.Code
}

func nullID(pk int64) any {
	if pk == 0 {
		return nil
	}
	return pk
}

// outlet names the publisher of d for source counts: its site, else its
// URL's host without "www.", in lower case; "" when neither is known.
func outlet(d realign.Document) string {
	if d.Site != "" {
		return strings.ToLower(strings.TrimSpace(d.Site))
	}
	if u, err := url.Parse(d.URL); err == nil && u.Host != "" {
		return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	}
	return ""
}

// LocationKey identifies a place for clustering: its gazetteer ID, else
// its lower-cased name and country; "" for nil.
func LocationKey(p *realign.Place) string {
	if p == nil {
		return ""
	}
	if p.GeoID != "" {
		return p.GeoID
	}
	name := p.Name
	if name == "" {
		name = p.Text
	}
	if name == "" {
		return ""
	}
	return strings.ToLower(name) + "|" + p.Country
}
