package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/realign/realign"
	"github.com/realign/realign/internal/storesql"
	"github.com/realign/realign/store"
)

// Document statuses in the documents table.
const (
	StatusCoded         = storesql.StatusCoded         // analysed; its layers are stored
	StatusNotCoded      = storesql.StatusNotCoded      // stored without layers
	StatusNearDuplicate = storesql.StatusNearDuplicate // linked to an earlier copy; layers not stored
)

// HasDocument reports whether a document with this ContentID is stored.
func (s *DB) HasDocument(ctx context.Context, id string) (bool, error) {
	st, err := s.stmt(stmtHasDocument)
	if err != nil {
		return false, fmt.Errorf("has document: %w", err)
	}
	var n int
	if err := st.QueryRowContext(ctx, id).Scan(&n); err != nil {
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
	h, words := s.hashes.SimHash(text)
	if s.opts.NearDupDistance < 0 || words < s.opts.NearDupMinWords {
		return "", nil
	}
	look, err := s.stmt(stmtNearDup)
	if err != nil {
		return "", fmt.Errorf("near duplicate: %w", err)
	}
	pk, err := findNearDup(ctx, look, h, s.opts.NearDupDistance)
	if err != nil || pk == 0 {
		return "", err
	}
	st, err := s.stmt(stmtDocumentID)
	if err != nil {
		return "", fmt.Errorf("near duplicate: %w", err)
	}
	var id string
	if err := st.QueryRowContext(ctx, pk).Scan(&id); err != nil {
		return "", fmt.Errorf("near duplicate: %w", err)
	}
	return id, nil
}

// nearDupSQL finds the documents sharing a SimHash band with a hash.
const nearDupSQL = `SELECT d.pk, d.simhash FROM simhash_bands b JOIN documents d ON d.pk = b.document
	WHERE b.key IN (?, ?, ?, ?)`

// findNearDup returns the pk of the indexed document nearest to h within
// dist bits (the earliest stored on ties), or 0; st is a prepared
// nearDupSQL.
func findNearDup(ctx context.Context, st *sql.Stmt, h uint64, dist int) (int64, error) {
	k := store.BandKeys(h)
	rows, err := st.QueryContext(ctx, k[0], k[1], k[2], k[3])
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
		if d := store.Hamming(h, uint64(sh)); d < bestD || (d == bestD && pk < best) {
			best, bestD = pk, d
		}
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("near-duplicate lookup: %w", err)
	}
	return best, nil
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
	if s.closed.Load() {
		return errors.New("save batch: database is closed")
	}
	var w *writer
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		w, err = newWriter(ctx, tx, s)
		if err != nil {
			return err
		}
		defer w.close()
		for _, a := range analyses {
			if err := w.saveAnalysis(a); err != nil {
				return fmt.Errorf("document %s: %w", docName(a), err)
			}
		}
		if err := w.mentions.flush(); err != nil {
			return fmt.Errorf("insert mentions: %w", err)
		}
		if err := w.quotes.flush(); err != nil {
			return fmt.Errorf("insert quotations: %w", err)
		}
		if err := w.updateClusters(); err != nil {
			return err
		}
		now := time.Now().UTC()
		var logErr error
		for _, r := range storesql.SettleLog(log, w.seen, w.inserted) {
			t := r.Time
			if t.IsZero() {
				t = now
			}
			w.logs.args = append(w.logs.args, r.Source, r.DocID, r.Status, r.Reason, t.UTC().Format(time.RFC3339Nano))
			if logErr = w.logs.rowDone(); logErr != nil {
				break
			}
		}
		if logErr == nil {
			logErr = w.logs.flush()
		}
		if err := logErr; err != nil {
			// Name the first bad record: the CHECK constraint rejects an
			// unknown status.
			for _, r := range log {
				if !storesql.ValidStatus(r.Status) {
					return fmt.Errorf("ingest log %s (status %q): %w", r.Source, r.Status, err)
				}
			}
			return fmt.Errorf("ingest log: %w", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save batch: %w", err)
	}
	// The batch's actors are committed: later batches may use their pks.
	if len(s.actors)+len(w.newActors) > maxCachedActors {
		clear(s.actors)
	}
	for k, pk := range w.newActors {
		s.actors[k] = pk
	}
	return nil
}

// maxCachedActors bounds the DB's actor-key cache.
const maxCachedActors = 200000

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

// bulkRows is a multi-row INSERT: rows are appended to args (cols values
// each) and written perRow rows per statement (perRow a power of two),
// so that per-statement overhead (binding, stepping, database/sql) is
// paid once per chunk. A partial chunk is written as chunks of 32, 16,
// ..., 1 rows, so that at most log2(perRow)+1 statements per table are
// ever prepared.
type bulkRows struct {
	w      *writer
	prefix string // "INSERT INTO t(a, b) VALUES "
	cols   int
	perRow int
	args   []any
	sqls   map[int]string
}

func (b *bulkRows) sql(rows int) string {
	if q, ok := b.sqls[rows]; ok {
		return q
	}
	var sb strings.Builder
	one := "(" + strings.Repeat("?,", b.cols-1) + "?)"
	sb.Grow(len(b.prefix) + rows*(len(one)+1))
	sb.WriteString(b.prefix)
	for i := range rows {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(one)
	}
	if b.sqls == nil {
		b.sqls = map[int]string{}
	}
	b.sqls[rows] = sb.String()
	return b.sqls[rows]
}

// rowDone writes a full chunk once cols*perRow values have been appended.
func (b *bulkRows) rowDone() error {
	if len(b.args) < b.cols*b.perRow {
		return nil
	}
	return b.flush()
}

// flush writes the rows appended since the last chunk.
func (b *bulkRows) flush() error {
	done := 0
	for n := b.perRow; n > 0; n /= 2 {
		for (len(b.args)-done)/b.cols >= n {
			st, err := b.w.stmt(b.sql(n))
			if err != nil {
				return err
			}
			if _, err := st.ExecContext(b.w.ctx, b.args[done:done+n*b.cols]...); err != nil {
				return err
			}
			done += n * b.cols
		}
	}
	clear(b.args)
	b.args = b.args[:0]
	return nil
}

// writer holds the prepared statements of one SaveBatch transaction.
type writer struct {
	ctx       context.Context
	tx        *sql.Tx
	opts      Options
	actors    map[string]int64   // actor key -> pk, committed by earlier batches (the DB's cache)
	newActors map[string]int64   // actor key -> pk, this transaction
	inserted  map[string]bool    // ContentIDs of the documents this transaction inserted
	hashes    *store.HashCache   // SimHashes computed by NearDuplicate
	seen      map[string]bool    // ContentIDs of the batch's documents
	dirty     map[int64]struct{} // clusters whose counts changed
	db        *DB
	stmts     map[string]*sql.Stmt // this transaction's statements, by SQL

	mentions, quotes, logs bulkRows

	docStmt, bandStmt, actorIns, actorSel, quotePK, eventStmt, nearDup,
	clusterSel, clusterIns, clusterFirst, cdocStmt, canonClusters *sql.Stmt
}

func newWriter(ctx context.Context, tx *sql.Tx, s *DB) (*writer, error) {
	w := &writer{ctx: ctx, tx: tx, opts: s.opts, actors: s.actors, newActors: map[string]int64{}, inserted: map[string]bool{}, hashes: &s.hashes,
		seen: map[string]bool{}, dirty: map[int64]struct{}{}, db: s, stmts: map[string]*sql.Stmt{}}
	w.mentions = bulkRows{w: w, cols: 1 + len(storesql.MentionColumns), perRow: 64,
		prefix: `INSERT INTO mentions(document, ` + storesql.Columns(storesql.MentionColumns) + `) VALUES `}
	w.quotes = bulkRows{w: w, cols: 1 + len(storesql.QuoteColumns), perRow: 32,
		prefix: `INSERT INTO quotations(document, ` + storesql.Columns(storesql.QuoteColumns) + `) VALUES `}
	w.logs = bulkRows{w: w, cols: 5, perRow: 64, prefix: `INSERT INTO ingest_log(source, doc_id, status, reason, time) VALUES `}
	prep := []struct {
		dst **sql.Stmt
		sql string
	}{
		{&w.docStmt, `INSERT INTO documents(` + storesql.Columns(storesql.DocumentColumns) + `, stored_at)
			VALUES (?` + strings.Repeat(", ?", len(storesql.DocumentColumns)) + `) ON CONFLICT(id) DO NOTHING`},
		{&w.bandStmt, `INSERT OR IGNORE INTO simhash_bands(key, document) VALUES (?, ?), (?, ?), (?, ?), (?, ?)`},
		{&w.nearDup, nearDupSQL},
		{&w.actorIns, `INSERT INTO actors(key, kb_id, code, name, country, sector, kind) VALUES (?,?,?,?,?,?,?)
			ON CONFLICT(key) DO NOTHING`},
		{&w.actorSel, `SELECT pk FROM actors WHERE key = ?`},
		{&w.quotePK, `SELECT pk FROM quotations WHERE document = ? AND idx = ?`},
		{&w.eventStmt, `INSERT INTO events(document, cluster, ` + storesql.Columns(storesql.EventColumns) + `)
			VALUES (?, ?` + strings.Repeat(", ?", len(storesql.EventColumns)) + `)`},
		{&w.clusterSel, `SELECT pk, first_day, location_key FROM event_clusters
			WHERE source_code = ? AND target_code = ? AND code = ? AND first_day BETWEEN ? AND ?
			ORDER BY abs(first_day - ?), pk LIMIT 32`},
		{&w.clusterIns, `INSERT INTO event_clusters(source_code, target_code, code, quad_class, goldstein, first_day,
			location_key, first_seen) VALUES (?,?,?,?,?,?,?,?)`},
		{&w.clusterFirst, `UPDATE event_clusters SET first_event = ? WHERE pk = ? AND first_event IS NULL`},
		{&w.cdocStmt, `INSERT INTO cluster_documents(cluster, document, mentions) VALUES (?, ?, ?)
			ON CONFLICT(cluster, document) DO UPDATE SET mentions = mentions + excluded.mentions`},
		{&w.canonClusters, `SELECT cluster, mentions FROM cluster_documents WHERE document = ?`},
	}
	for _, p := range prep {
		st, err := w.stmt(p.sql)
		if err != nil {
			w.close()
			return nil, err
		}
		*p.dst = st
	}
	return w, nil
}

// stmt returns query prepared for this transaction. Statements are
// prepared once per DB connection (DB.stmt) and only bound to each
// transaction here.
func (w *writer) stmt(query string) (*sql.Stmt, error) {
	if st, ok := w.stmts[query]; ok {
		return st, nil
	}
	ps, err := w.db.stmt(query)
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	st := w.tx.StmtContext(w.ctx, ps)
	w.stmts[query] = st
	return st, nil
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
	coded := storesql.HasLayers(a)
	h, words := w.hashes.SimHash(d.Text)
	var canon int64
	if w.opts.NearDupDistance >= 0 && words >= w.opts.NearDupMinWords {
		var err error
		if canon, err = findNearDup(w.ctx, w.nearDup, h, w.opts.NearDupDistance); err != nil {
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
	res, err := w.docStmt.ExecContext(w.ctx, append(storesql.DocumentValues(d, status, nullID(canon), h, len(a.Sentences)),
		time.Now().UTC().Format(time.RFC3339))...)
	if err != nil {
		return fmt.Errorf("insert document: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil // already stored
	}
	w.inserted[d.ID] = true
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
		k := store.BandKeys(h)
		if _, err := w.bandStmt.ExecContext(w.ctx, k[0], doc, k[1], doc, k[2], doc, k[3], doc); err != nil {
			return fmt.Errorf("insert simhash band: %w", err)
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

// saveLayers stores a coded document's mentions and quotations (buffered
// into multi-row INSERTs, written by the end of the batch) and its events.
func (w *writer) saveLayers(doc int64, d *realign.Document, a *realign.Analysis) error {
	for i, m := range a.Mentions {
		actor, err := w.actor(m.Actor)
		if err != nil {
			return err
		}
		w.mentions.args = append(append(w.mentions.args, doc), storesql.MentionValues(&a.Mentions[i], i, actor)...)
		if err := w.mentions.rowDone(); err != nil {
			return fmt.Errorf("insert mentions: %w", err)
		}
	}
	for i, q := range a.Quotes {
		var spActor any
		if q.Speaker != nil {
			var err error
			if spActor, err = w.actor(q.Speaker.Actor); err != nil {
				return err
			}
		}
		w.quotes.args = append(append(w.quotes.args, doc), storesql.QuoteValues(&a.Quotes[i], i, spActor)...)
		if err := w.quotes.rowDone(); err != nil {
			return fmt.Errorf("insert quotations: %w", err)
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
		var quote any
		if ev.Quote >= 0 && ev.Quote < len(a.Quotes) {
			if quote, err = w.quotationPK(doc, ev.Quote); err != nil {
				return fmt.Errorf("insert event %d: %w", i, err)
			}
		}
		k := storesql.EventActors{Source: src, Target: tgt, AttributedTo: att, Quotation: quote}
		res, err := w.eventStmt.ExecContext(w.ctx, append([]any{doc, cl}, storesql.EventValues(a, i, dayArg, k)...)...)
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

// quotationPK returns the row id of quotation idx of doc, writing the
// buffered quotations first.
func (w *writer) quotationPK(doc int64, idx int) (int64, error) {
	if err := w.quotes.flush(); err != nil {
		return 0, fmt.Errorf("insert quotations: %w", err)
	}
	var pk int64
	if err := w.quotePK.QueryRowContext(w.ctx, doc, idx).Scan(&pk); err != nil {
		return 0, fmt.Errorf("find quotation %d: %w", idx, err)
	}
	return pk, nil
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
	src, tgt := storesql.ActorCode(ev.Source), storesql.ActorCode(ev.Target)
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
	st, err := w.stmt(`UPDATE event_clusters SET ` + storesql.ClusterCounts + ` WHERE pk = ?`)
	if err != nil {
		return fmt.Errorf("update clusters: %w", err)
	}
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
	key := storesql.ActorKey(a)
	if pk, ok := w.actors[key]; ok {
		return pk, nil
	}
	if pk, ok := w.newActors[key]; ok {
		return pk, nil
	}
	if _, err := w.actorIns.ExecContext(w.ctx, key, a.ID, a.Code, a.Name, a.Country, a.Sector, a.Kind); err != nil {
		return nil, fmt.Errorf("insert actor %s: %w", key, err)
	}
	var pk int64
	if err := w.actorSel.QueryRowContext(w.ctx, key).Scan(&pk); err != nil {
		return nil, fmt.Errorf("find actor %s: %w", key, err)
	}
	w.newActors[key] = pk
	return pk, nil
}

func nullID(pk int64) any {
	if pk == 0 {
		return nil
	}
	return pk
}
