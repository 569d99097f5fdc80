package postgres

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/realign/realign"
	"github.com/realign/realign/internal/storesql"
	"github.com/realign/realign/store"
)

// Clustering windows, as in package sqlite: a mention joins a cluster
// whose first day is within sameDayWindow days of its own, or within
// sameLocationWindow days at the same location; the nearest
// maxClusterCandidates clusters are considered.
const (
	sameDayWindow        = 1
	sameLocationWindow   = 7
	maxClusterCandidates = 32
)

// NearDuplicate returns the ContentID of a stored, coded document whose
// text is a near-duplicate of text (SimHash within Options.NearDupDistance
// bits; the nearest, the earliest stored on ties), or "" when there is
// none.
func (s *DB) NearDuplicate(ctx context.Context, text string) (string, error) {
	h, words := s.hashes.SimHash(text)
	if s.opts.NearDupDistance < 0 || words < s.opts.NearDupMinWords {
		return "", nil
	}
	k := store.BandKeys(h)
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT d.pk, d.simhash, d.id FROM simhash_bands b JOIN documents d ON d.pk = b.document
		WHERE b.key = ANY($1)`, k[:])
	if err != nil {
		return "", fmt.Errorf("near duplicate: %w", err)
	}
	defer rows.Close()
	var best nearCand
	var bestID string
	for rows.Next() {
		var c nearCand
		var id string
		if err := rows.Scan(&c.pk, &c.hash, &id); err != nil {
			return "", fmt.Errorf("near duplicate: %w", err)
		}
		if c.better(best, h, s.opts.NearDupDistance) {
			best, bestID = c, id
		}
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("near duplicate: %w", err)
	}
	return bestID, nil
}

// nearCand is a document indexed in simhash_bands: stored (pk set) or
// indexed earlier in the batch (doc set).
type nearCand struct {
	pk   int64
	doc  *docRow
	hash int64
}

// better reports whether c is a nearer near-duplicate of h than best (the
// zero nearCand: none): within dist bits, nearer, or as near and stored
// earlier (stored documents before the batch's, the batch's in order).
func (c nearCand) better(best nearCand, h uint64, dist int) bool {
	d := store.Hamming(h, uint64(c.hash))
	if d > dist {
		return false
	}
	if best.pk == 0 && best.doc == nil {
		return true
	}
	bd := store.Hamming(h, uint64(best.hash))
	switch {
	case d != bd:
		return d < bd
	case (c.doc == nil) != (best.doc == nil):
		return c.doc == nil
	case c.doc == nil:
		return c.pk < best.pk
	}
	return c.doc.order < best.doc.order
}

// docRow is one new document of a batch.
type docRow struct {
	a      *realign.Analysis
	doc    realign.Document // with its ID
	order  int              // position among the batch's new documents
	hash   uint64
	words  int
	pk     int64
	status string
	canon  nearCand // the original of a near-duplicate
	banded bool     // indexed in simhash_bands
	// inserted are the status and link the row was inserted with.
	inserted struct {
		status string
		near   any
	}
	// clusters are the document's event clusters, in order of first
	// mention, with its mentions of each.
	clusters []*clusterRef
	mentions map[*clusterRef]int
	events   []eventRef
}

// clusterRef is an event cluster: stored (pk set) or created by the batch
// (pk drawn after clustering; order its creation order).
type clusterRef struct {
	pk         int64
	isNew      bool
	order      int
	day        int64
	hasDay     bool
	loc        string
	ev         *realign.Event // the first mention (new clusters)
	firstEvent *eventRef
	seen       time.Time
}

// before orders cluster candidates as SQLite's query does: nearest day,
// then lowest pk (clusters created by the batch have the highest pks, in
// creation order).
func (c *clusterRef) before(o *clusterRef, day int64) bool {
	dc, do := abs(c.day-day), abs(o.day-day)
	switch {
	case dc != do:
		return dc < do
	case c.isNew != o.isNew:
		return !c.isNew
	case c.isNew:
		return c.order < o.order
	}
	return c.pk < o.pk
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// eventRef is one event mention of a coded document.
type eventRef struct {
	pk      int64
	idx     int
	cluster *clusterRef
	day     int64
	hasDay  bool
}

type clusterKey struct{ src, tgt, code string }

// batch is the state of one SaveBatch transaction.
type batch struct {
	ctx    context.Context
	tx     pgx.Tx
	db     *DB
	docs   []*docRow
	actors map[string]int64 // actor key -> pk, for this batch's actors
	// clusters holds the candidate clusters by key: those stored near
	// the batch's days and those the batch creates.
	clusters   map[clusterKey][]*clusterRef
	newCluster []*clusterRef
	dirty      map[*clusterRef]bool
	// stored maps stored cluster pks to their refs.
	stored map[int64]*clusterRef
	// quoteKeys are the keys drawn for the coded documents' quotations,
	// in order.
	quoteKeys []int64
}

// SaveBatch stores the analyses and appends the ingest records in one
// transaction: after an error or a crash either all of the batch is
// stored or none of it. Batches saved at once by several processes are
// stored as if one after the other (see the package documentation): the
// documents are inserted first, in order of ID (a document another
// transaction is inserting is waited for, then skipped), and the rest
// under the schema's write lock.
//
// A document whose ID is already stored (or repeats within the batch) is
// skipped, so SaveBatch is idempotent; an empty Document.ID is filled with
// realign.ContentID. An analysis with no layers is stored as not coded. A
// document whose SimHash is within Options.NearDupDistance bits of a
// stored coded document is stored as a near-duplicate linked to it: its
// layers are not stored and it counts as one more document (and source)
// of every event cluster of the original. Other documents' events are
// clustered as package sqlite does. Texts are stored with NUL bytes and
// invalid UTF-8 bytes replaced by spaces (PostgreSQL text holds neither;
// offsets are kept). Errors: a nil analysis, an ingest record with an
// unknown status, any PostgreSQL error; the batch is then rolled back.
func (s *DB) SaveBatch(ctx context.Context, analyses []*realign.Analysis, log []realign.IngestRecord) error {
	for i, a := range analyses {
		if a == nil {
			return fmt.Errorf("save batch: analysis %d is nil", i)
		}
	}
	for _, r := range log {
		if !storesql.ValidStatus(r.Status) {
			return fmt.Errorf("save batch: ingest log %s: unknown status %q", r.Source, r.Status)
		}
	}
	// Hash outside the lock.
	var docs []*docRow
	seen := map[string]bool{}
	for _, a := range analyses {
		d := a.Document
		if d.ID == "" {
			d.ID = realign.ContentID(d.Text)
		}
		if seen[d.ID] {
			continue
		}
		seen[d.ID] = true
		h, words := s.hashes.SimHash(d.Text)
		docs = append(docs, &docRow{a: a, doc: d, hash: h, words: words})
	}
	var b *batch
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		b = &batch{ctx: ctx, tx: tx, db: s, actors: map[string]int64{}, clusters: map[clusterKey][]*clusterRef{},
			dirty: map[*clusterRef]bool{}, stored: map[int64]*clusterRef{}}
		if err := b.insertDocuments(docs); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, s.writeLock); err != nil {
			return fmt.Errorf("write lock: %w", err)
		}
		if err := b.save(); err != nil {
			return err
		}
		mine := map[string]bool{}
		for _, d := range b.docs {
			mine[d.doc.ID] = true
		}
		return b.writeLog(storesql.SettleLog(log, seen, mine))
	})
	if err != nil {
		return fmt.Errorf("save batch: %w", err)
	}
	s.amu.Lock()
	if len(s.actors)+len(b.actors) > maxCachedActors {
		clear(s.actors)
	}
	for k, pk := range b.actors {
		s.actors[k] = pk
	}
	s.amu.Unlock()
	return nil
}

// maxCachedActors bounds the DB's actor-key cache.
const maxCachedActors = 200000

// insertDocuments inserts the batch's documents that are not stored yet,
// before the write lock is taken, so that computing their full-text
// vectors (most of the cost of a batch) does not hold it. Each is
// inserted with the status the stored documents give it (near-duplicate
// or not); save checks that status again under the lock. Documents are
// inserted in order of ID, so that two transactions inserting the same
// ones wait for each other (the unique index) without deadlock; one that
// another transaction stores first is skipped. Keys are drawn in batch
// order.
func (b *batch) insertDocuments(all []*docRow) error {
	ids := make([]string, len(all))
	for i, d := range all {
		ids[i] = d.doc.ID
	}
	stored, err := b.strings(`SELECT id FROM documents WHERE id = ANY($1)`, ids)
	if err != nil {
		return fmt.Errorf("find stored documents: %w", err)
	}
	have := map[string]bool{}
	for _, id := range stored {
		have[id] = true
	}
	for _, d := range all {
		if !have[d.doc.ID] {
			d.order = len(b.docs)
			b.docs = append(b.docs, d)
		}
	}
	if len(b.docs) == 0 {
		return nil
	}
	if err := b.nearDuplicates(); err != nil {
		return err
	}
	var pks []int64
	if err := b.tx.QueryRow(b.ctx, `SELECT array_agg(nextval('documents_pk_seq')) FROM generate_series(1, $1)`, len(b.docs)).Scan(&pks); err != nil {
		return fmt.Errorf("draw keys: %w", err)
	}
	sort.Slice(pks, func(i, j int) bool { return pks[i] < pks[j] })
	rows := make([][]any, len(b.docs))
	for i, d := range b.docs {
		d.pk = pks[i]
		d.inserted.status = d.status
		d.inserted.near = nil
		if d.canon.doc == nil && d.canon.pk != 0 {
			d.inserted.near = d.canon.pk // a stored document (a batch's is linked under the lock)
		}
		rows[i] = append([]any{d.pk}, storesql.DocumentValues(d.doc, d.status, d.inserted.near, d.hash, len(d.a.Sentences))...)
	}
	cols := append([]string{"pk"}, storesql.DocumentColumns...)
	types := []string{"bigint", "text", "text", "text", "text", "text", "text", "text", "text", "text", "text", "text", "text",
		"bigint", "bigint", "integer"}
	var sel []string
	for i := range cols {
		sel = append(sel, fmt.Sprintf("$%d::%s[]", i+1, types[i]))
	}
	inserted, err := b.tx.Query(b.ctx, `INSERT INTO documents(`+storesql.Columns(cols)+`, fts)
		SELECT u.*, realign_fts(u.title, u.text) FROM unnest(`+strings.Join(sel, ", ")+`) AS u(`+storesql.Columns(cols)+`)
		ORDER BY u.id ON CONFLICT (id) DO NOTHING RETURNING pk`, columnArrays(rows, types)...)
	if err != nil {
		return fmt.Errorf("insert documents: %w", err)
	}
	got, err := pgx.CollectRows(inserted, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("insert documents: %w", err)
	}
	ok := map[int64]bool{}
	for _, pk := range got {
		ok[pk] = true
	}
	kept := b.docs[:0]
	for _, d := range b.docs {
		if ok[d.pk] {
			d.order = len(kept)
			kept = append(kept, d)
		}
	}
	b.docs = kept
	return nil
}

// columnArrays turns rows into one array a column, for unnest: types
// are text (strings, made fit by pgText), bigint or integer (nil for
// NULL).
func columnArrays(rows [][]any, types []string) []any {
	out := make([]any, len(types))
	for j, t := range types {
		switch t {
		case "text":
			a := make([]string, len(rows))
			for i, r := range rows {
				a[i] = pgText(r[j].(string))
			}
			out[j] = a
		default:
			a := make([]*int64, len(rows))
			for i, r := range rows {
				switch v := r[j].(type) {
				case int64:
					a[i] = &v
				case int:
					x := int64(v)
					a[i] = &x
				}
			}
			out[j] = a
		}
	}
	return out
}

// save stores the layers of the batch's new documents, holding the write
// lock: it settles their statuses (stored documents may have changed
// since insertDocuments looked), then finds or creates actors and
// clusters, and writes the rest.
func (b *batch) save() error {
	if len(b.docs) == 0 {
		return nil
	}
	if err := b.nearDuplicates(); err != nil {
		return err
	}
	if err := b.settle(); err != nil {
		return err
	}
	if err := b.resolveActors(); err != nil {
		return err
	}
	if err := b.cluster(); err != nil {
		return err
	}
	links, err := b.nearDupLinks()
	if err != nil {
		return err
	}
	if err := b.drawKeys(); err != nil {
		return err
	}
	return b.write(links)
}

// settle updates the documents whose status or link differs from what
// they were inserted with.
func (b *batch) settle() error {
	var pks, nears []*int64
	var statuses []string
	for _, d := range b.docs {
		var near any
		switch {
		case d.canon.doc != nil:
			near = d.canon.doc.pk
		case d.canon.pk != 0:
			near = d.canon.pk
		}
		if d.status == d.inserted.status && near == d.inserted.near {
			continue
		}
		pk := d.pk
		pks, statuses = append(pks, &pk), append(statuses, d.status)
		if n, ok := near.(int64); ok {
			nears = append(nears, &n)
		} else {
			nears = append(nears, nil)
		}
	}
	if len(pks) == 0 {
		return nil
	}
	if _, err := b.tx.Exec(b.ctx, `UPDATE documents d SET status = u.status, near_dup_of = u.near
		FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS u(pk, status, near) WHERE d.pk = u.pk`, pks, statuses, nears); err != nil {
		return fmt.Errorf("update documents: %w", err)
	}
	return nil
}

// strings runs a query returning one text column.
func (b *batch) strings(query string, args ...any) ([]string, error) {
	rows, err := b.tx.Query(b.ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// nearDuplicates sets each new document's status, finding near-duplicates
// among the stored documents and the batch's earlier ones (as SQLite's
// SaveBatch does, in batch order).
func (b *batch) nearDuplicates() error {
	opts := b.db.opts
	eligible := func(d *docRow) bool { return opts.NearDupDistance >= 0 && d.words >= opts.NearDupMinWords }
	var keys []int64
	for _, d := range b.docs {
		if eligible(d) {
			k := store.BandKeys(d.hash)
			keys = append(keys, k[:]...)
		}
	}
	bands := map[int64][]nearCand{}
	if len(keys) > 0 {
		rows, err := b.tx.Query(b.ctx, `SELECT b.key, d.pk, d.simhash FROM simhash_bands b JOIN documents d ON d.pk = b.document
			WHERE b.key = ANY($1)`, keys)
		if err != nil {
			return fmt.Errorf("near-duplicate lookup: %w", err)
		}
		for rows.Next() {
			var key int64
			var c nearCand
			if err := rows.Scan(&key, &c.pk, &c.hash); err != nil {
				rows.Close()
				return fmt.Errorf("near-duplicate lookup: %w", err)
			}
			bands[key] = append(bands[key], c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("near-duplicate lookup: %w", err)
		}
	}
	for _, d := range b.docs {
		d.canon, d.banded = nearCand{}, false
		coded := storesql.HasLayers(d.a)
		k := store.BandKeys(d.hash)
		if eligible(d) {
			for _, key := range k {
				for _, c := range bands[key] {
					if c.better(d.canon, d.hash, opts.NearDupDistance) {
						d.canon = c
					}
				}
			}
		}
		switch {
		case d.canon.pk != 0 || d.canon.doc != nil:
			d.status = storesql.StatusNearDuplicate
		case coded:
			d.status = storesql.StatusCoded
			if eligible(d) {
				d.banded = true
				for _, key := range k {
					bands[key] = append(bands[key], nearCand{doc: d, hash: int64(d.hash)})
				}
			}
		default:
			d.status = storesql.StatusNotCoded
		}
	}
	return nil
}

// coded returns the batch's documents whose layers are stored.
func (b *batch) coded() []*docRow {
	var out []*docRow
	for _, d := range b.docs {
		if d.status == storesql.StatusCoded {
			out = append(out, d)
		}
	}
	return out
}

// resolveActors finds or creates the actors of the coded documents.
func (b *batch) resolveActors() error {
	cache := b.db.actors
	b.db.amu.Lock()
	var missing []*realign.Actor
	seen := map[string]bool{}
	add := func(a *realign.Actor) {
		if a == nil {
			return
		}
		k := actorKey(a)
		if seen[k] {
			return
		}
		seen[k] = true
		if pk, ok := cache[k]; ok {
			b.actors[k] = pk
			return
		}
		missing = append(missing, a)
	}
	for _, d := range b.coded() {
		for _, m := range d.a.Mentions {
			add(m.Actor)
		}
		for _, q := range d.a.Quotes {
			if q.Speaker != nil {
				add(q.Speaker.Actor)
			}
		}
		for _, e := range d.a.Events {
			add(e.Source)
			add(e.Target)
			add(e.AttributedTo)
		}
	}
	b.db.amu.Unlock()
	if len(missing) == 0 {
		return nil
	}
	cols := make([][]string, 7)
	for _, a := range missing {
		for i, v := range []string{actorKey(a), a.ID, a.Code, a.Name, a.Country, a.Sector, a.Kind} {
			cols[i] = append(cols[i], pgText(v))
		}
	}
	if _, err := b.tx.Exec(b.ctx, `INSERT INTO actors(key, kb_id, code, name, country, sector, kind)
		SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
		ON CONFLICT (key) DO NOTHING`, cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], cols[6]); err != nil {
		return fmt.Errorf("insert actors: %w", err)
	}
	rows, err := b.tx.Query(b.ctx, `SELECT key, pk FROM actors WHERE key = ANY($1)`, cols[0])
	if err != nil {
		return fmt.Errorf("find actors: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var pk int64
		if err := rows.Scan(&k, &pk); err != nil {
			return fmt.Errorf("find actors: %w", err)
		}
		b.actors[k] = pk
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("find actors: %w", err)
	}
	for _, a := range missing {
		if _, ok := b.actors[actorKey(a)]; !ok {
			return fmt.Errorf("actor %s was not stored", actorKey(a))
		}
	}
	return nil
}

// actor is the pk of a (nil for a nil actor).
func (b *batch) actor(a *realign.Actor) any {
	if a == nil {
		return nil
	}
	return b.actors[actorKey(a)]
}

// cluster assigns every event mention of the coded documents to a
// cluster, reading the stored clusters near the mentions' days first.
func (b *batch) cluster() error {
	var src, tgt, code []string
	var days []int64
	for _, d := range b.coded() {
		for i := range d.a.Events {
			ev := &d.a.Events[i]
			day, ok := store.EventDay(ev.Date, d.doc.Published)
			d.events = append(d.events, eventRef{idx: i, day: day, hasDay: ok})
			if ok {
				src = append(src, storesql.ActorCode(ev.Source))
				tgt = append(tgt, storesql.ActorCode(ev.Target))
				code = append(code, ev.Code)
				days = append(days, day)
			}
		}
	}
	if len(days) > 0 {
		rows, err := b.tx.Query(b.ctx, `SELECT DISTINCT c.pk, c.source_code, c.target_code, c.code, c.first_day, c.location_key
			FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) AS k(src, tgt, code, day)
			JOIN event_clusters c ON c.source_code = k.src AND c.target_code = k.tgt AND c.code = k.code
				AND c.first_day BETWEEN k.day - $5 AND k.day + $5
			ORDER BY c.pk`, src, tgt, code, days, sameLocationWindow)
		if err != nil {
			return fmt.Errorf("find event clusters: %w", err)
		}
		for rows.Next() {
			c := &clusterRef{hasDay: true}
			var k clusterKey
			if err := rows.Scan(&c.pk, &k.src, &k.tgt, &k.code, &c.day, &c.loc); err != nil {
				rows.Close()
				return fmt.Errorf("find event clusters: %w", err)
			}
			b.clusters[k] = append(b.clusters[k], c)
			b.stored[c.pk] = c
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("find event clusters: %w", err)
		}
	}
	for _, d := range b.coded() {
		d.mentions = map[*clusterRef]int{}
		for j := range d.events {
			er := &d.events[j]
			ev := &d.a.Events[er.idx]
			c := b.find(ev, er)
			if c == nil {
				c = &clusterRef{isNew: true, order: len(b.newCluster), day: er.day, hasDay: er.hasDay,
					loc: store.LocationKey(ev.Location), ev: ev, seen: time.Now().UTC()}
				if !d.doc.Published.IsZero() {
					c.seen = d.doc.Published.UTC()
				}
				b.newCluster = append(b.newCluster, c)
				if c.hasDay {
					k := clusterKey{storesql.ActorCode(ev.Source), storesql.ActorCode(ev.Target), ev.Code}
					b.clusters[k] = append(b.clusters[k], c)
				}
			}
			if c.isNew && c.firstEvent == nil {
				c.firstEvent = er
			}
			er.cluster = c
			if _, ok := d.mentions[c]; !ok {
				d.clusters = append(d.clusters, c)
			}
			d.mentions[c]++
			b.dirty[c] = true
		}
	}
	return nil
}

// find returns the cluster ev joins, nil for a new one: among the
// nearest clusters with its key within sameLocationWindow days, the first
// within sameDayWindow days or at the same location.
func (b *batch) find(ev *realign.Event, er *eventRef) *clusterRef {
	if !er.hasDay {
		return nil
	}
	loc := store.LocationKey(ev.Location)
	var cands []*clusterRef
	for _, c := range b.clusters[clusterKey{storesql.ActorCode(ev.Source), storesql.ActorCode(ev.Target), ev.Code}] {
		if abs(c.day-er.day) <= sameLocationWindow {
			cands = append(cands, c)
		}
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].before(cands[j], er.day) })
	for i, c := range cands {
		if i == maxClusterCandidates {
			break
		}
		if abs(c.day-er.day) <= sameDayWindow || (loc != "" && loc == c.loc) {
			return c
		}
	}
	return nil
}

// clusterLink is one near-duplicate's share of a cluster.
type clusterLink struct {
	doc      *docRow
	cluster  *clusterRef
	mentions int
}

// nearDupLinks returns the clusters each near-duplicate counts for: those
// of its original, with the original's mentions.
func (b *batch) nearDupLinks() ([]clusterLink, error) {
	var canons []int64
	for _, d := range b.docs {
		if d.status == storesql.StatusNearDuplicate && d.canon.doc == nil {
			canons = append(canons, d.canon.pk)
		}
	}
	storedLinks := map[int64][]clusterLink{}
	if len(canons) > 0 {
		rows, err := b.tx.Query(b.ctx, `SELECT document, cluster, mentions FROM cluster_documents WHERE document = ANY($1)
			ORDER BY document, cluster`, canons)
		if err != nil {
			return nil, fmt.Errorf("near-duplicate clusters: %w", err)
		}
		for rows.Next() {
			var doc, cl int64
			var n int
			if err := rows.Scan(&doc, &cl, &n); err != nil {
				rows.Close()
				return nil, fmt.Errorf("near-duplicate clusters: %w", err)
			}
			c := b.stored[cl]
			if c == nil {
				c = &clusterRef{pk: cl}
				b.stored[cl] = c
			}
			storedLinks[doc] = append(storedLinks[doc], clusterLink{cluster: c, mentions: n})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("near-duplicate clusters: %w", err)
		}
	}
	var out []clusterLink
	for _, d := range b.docs {
		if d.status != storesql.StatusNearDuplicate {
			continue
		}
		if o := d.canon.doc; o != nil {
			for _, c := range o.clusters {
				out = append(out, clusterLink{d, c, o.mentions[c]})
			}
		} else {
			for _, l := range storedLinks[d.canon.pk] {
				out = append(out, clusterLink{d, l.cluster, l.mentions})
			}
		}
	}
	for _, l := range out {
		b.dirty[l.cluster] = true
	}
	return out, nil
}

// drawKeys draws the primary keys of the new quotations, events and
// clusters from their sequences, in order.
func (b *batch) drawKeys() error {
	nq, ne := 0, 0
	for _, d := range b.coded() {
		nq += len(d.a.Quotes)
		ne += len(d.events)
	}
	var quotes, events, clusters []int64
	err := b.tx.QueryRow(b.ctx, `SELECT
		(SELECT array_agg(nextval('quotations_pk_seq')) FROM generate_series(1, $1)),
		(SELECT array_agg(nextval('events_pk_seq')) FROM generate_series(1, $2)),
		(SELECT array_agg(nextval('event_clusters_pk_seq')) FROM generate_series(1, $3))`,
		nq, ne, len(b.newCluster)).Scan(&quotes, &events, &clusters)
	if err != nil {
		return fmt.Errorf("draw keys: %w", err)
	}
	for _, ks := range [][]int64{quotes, events, clusters} {
		sort.Slice(ks, func(i, j int) bool { return ks[i] < ks[j] })
	}
	for i, c := range b.newCluster {
		c.pk = clusters[i]
	}
	for _, d := range b.coded() {
		for j := range d.events {
			d.events[j].pk, events = events[0], events[1:]
		}
	}
	b.quoteKeys = quotes
	return nil
}

// write stores the layers of the batch's documents with COPY and
// updates the counts of the clusters it touched.
func (b *batch) write(links []clusterLink) error {
	var bands, mentions, quotes, clusters, events, cdocs [][]any
	for _, d := range b.docs {
		if d.banded {
			for _, k := range store.BandKeys(d.hash) {
				bands = append(bands, []any{k, d.pk})
			}
		}
	}
	quoteKeys := b.quoteKeys
	for _, d := range b.coded() {
		a := d.a
		for i := range a.Mentions {
			mentions = append(mentions, append([]any{d.pk}, storesql.MentionValues(&a.Mentions[i], i, b.actor(a.Mentions[i].Actor))...))
		}
		qpk := quoteKeys[:len(a.Quotes)]
		quoteKeys = quoteKeys[len(a.Quotes):]
		for i := range a.Quotes {
			var sp any
			if a.Quotes[i].Speaker != nil {
				sp = b.actor(a.Quotes[i].Speaker.Actor)
			}
			quotes = append(quotes, append([]any{qpk[i], d.pk}, storesql.QuoteValues(&a.Quotes[i], i, sp)...))
		}
		for _, er := range d.events {
			ev := &a.Events[er.idx]
			var day, quote any
			if er.hasDay {
				day = er.day
			}
			if ev.Quote >= 0 && ev.Quote < len(a.Quotes) {
				quote = qpk[ev.Quote]
			}
			k := storesql.EventActors{Source: b.actor(ev.Source), Target: b.actor(ev.Target), AttributedTo: b.actor(ev.AttributedTo), Quotation: quote}
			events = append(events, append([]any{er.pk, d.pk, er.cluster.pk}, storesql.EventValues(a, er.idx, day, k)...))
		}
		for _, c := range d.clusters {
			cdocs = append(cdocs, []any{c.pk, d.pk, d.mentions[c]})
		}
	}
	for _, c := range b.newCluster {
		var day any
		if c.hasDay {
			day = c.day
		}
		clusters = append(clusters, []any{c.pk, storesql.ActorCode(c.ev.Source), storesql.ActorCode(c.ev.Target), c.ev.Code,
			c.ev.QuadClass, c.ev.Goldstein, day, c.loc, c.firstEvent.pk, c.seen})
	}
	for _, l := range links {
		cdocs = append(cdocs, []any{l.cluster.pk, l.doc.pk, l.mentions})
	}
	for _, t := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"simhash_bands", []string{"key", "document"}, bands},
		{"mentions", append([]string{"document"}, storesql.MentionColumns...), mentions},
		{"quotations", append([]string{"pk", "document"}, storesql.QuoteColumns...), quotes},
		{"event_clusters", []string{"pk", "source_code", "target_code", "code", "quad_class", "goldstein", "first_day",
			"location_key", "first_event", "first_seen"}, clusters},
		{"events", append([]string{"pk", "document", "cluster"}, storesql.EventColumns...), events},
		{"cluster_documents", []string{"cluster", "document", "mentions"}, cdocs},
	} {
		if err := b.copy(t.table, t.cols, t.rows); err != nil {
			return err
		}
	}
	if len(b.dirty) == 0 {
		return nil
	}
	pks := make([]int64, 0, len(b.dirty))
	for c := range b.dirty {
		pks = append(pks, c.pk)
	}
	sort.Slice(pks, func(i, j int) bool { return pks[i] < pks[j] })
	if _, err := b.tx.Exec(b.ctx, `UPDATE event_clusters SET `+storesql.ClusterCounts+`,
		first_event = coalesce(first_event, (SELECT min(e.pk) FROM events e WHERE e.cluster = event_clusters.pk))
		WHERE pk = ANY($1)`, pks); err != nil {
		return fmt.Errorf("update clusters: %w", err)
	}
	return nil
}

// writeLog appends the ingest records.
func (b *batch) writeLog(log []realign.IngestRecord) error {
	now := time.Now().UTC()
	rows := make([][]any, len(log))
	for i, r := range log {
		t := r.Time
		if t.IsZero() {
			t = now
		}
		rows[i] = []any{r.Source, r.DocID, r.Status, r.Reason, t}
	}
	return b.copy("ingest_log", []string{"source", "doc_id", "status", "reason", "time"}, rows)
}

// copy writes rows into table with COPY.
func (b *batch) copy(table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if _, err := b.tx.CopyFrom(b.ctx, pgx.Identifier{table}, cols, &copyRows{rows: rows}); err != nil {
		return fmt.Errorf("copy %s: %w", table, err)
	}
	return nil
}

// copyRows is a pgx.CopyFromSource over rows whose strings are made fit
// for PostgreSQL text (pgText).
type copyRows struct {
	rows [][]any
	i    int
}

func (c *copyRows) Next() bool { c.i++; return c.i <= len(c.rows) }

func (c *copyRows) Values() ([]any, error) {
	r := c.rows[c.i-1]
	for j, v := range r {
		if s, ok := v.(string); ok {
			r[j] = pgText(s)
		}
	}
	return r, nil
}

func (c *copyRows) Err() error { return nil }

// pgText returns s with NUL bytes and bytes that are not valid UTF-8
// replaced by spaces, byte for byte, so that offsets into it still hold:
// PostgreSQL text holds neither.
func pgText(s string) string {
	if utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 {
		return s
	}
	b := []byte(s)
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == 0 || (r == utf8.RuneError && n == 1) {
			b[i] = ' '
		}
		i += n
	}
	return string(b)
}

// actorKey is the key of a's row (storesql.ActorKey, as stored).
func actorKey(a *realign.Actor) string { return pgText(storesql.ActorKey(a)) }
