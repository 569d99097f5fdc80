package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/realign/realign"
	"github.com/realign/realign/internal/storesql"
)

// TestLeanWritesMigration upgrades a version-2 database holding mentions
// and checks that 0003 keeps them, keys them by (document, idx) and drops
// the unused indexes.
func TestLeanWritesMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v2.db")
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	ms, err := storesql.Migrations(migrationFS, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := raw.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
	for _, m := range ms[:2] {
		exec(m.SQL)
		exec(`INSERT INTO schema_migrations VALUES (?, ?, '')`, m.Version, m.Name)
	}
	exec(`INSERT INTO documents(pk, id, text, status, simhash, stored_at) VALUES (7, 'd', 'Khan met Putin.', 'coded', 0, '')`)
	exec(`INSERT INTO actors(pk, key, code) VALUES (3, 'PAKGOV|Khan', 'PAKGOV')`)
	exec(`INSERT INTO mentions(document, idx, start, "end", text, actor, code) VALUES (7, 0, 0, 4, 'Khan', 3, 'PAKGOV'), (7, 1, 9, 14, 'Putin', NULL, '')`)
	raw.Close()

	db, err := Open(ctx, path, Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM mentions WHERE document = 7 AND (idx = 0 AND actor = 3 AND text = 'Khan' OR idx = 1 AND actor IS NULL)`).Scan(&n); err != nil || n != 2 {
		t.Errorf("mentions after migration: %d, %v; want 2", n, err)
	}
	if _, err := db.SQL().Exec(`INSERT INTO mentions(document, idx, start, "end", text) VALUES (7, 1, 0, 1, 'x')`); err == nil {
		t.Error("duplicate (document, idx) accepted")
	}
	for _, name := range []string{"mentions_actor", "quotations_speaker_actor", "ingest_log_source", "ingest_log_doc_id", "mentions_new"} {
		if err := db.SQL().QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = ?`, name).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s still exists (%d, %v)", name, n, err)
		}
	}
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
}

// TestBulkRows stores documents whose mentions and quotations span several
// multi-row chunks (and partial ones), with an event pointing at a
// quotation in the middle, and checks every row and the reference.
func TestBulkRows(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "bulk.db"), Options{NearDupDistance: -1}) // the texts look alike
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	pak := &realign.Actor{ID: "pak", Code: "PAK", Name: "Pakistan"}
	var batch []*realign.Analysis
	for d, n := range []int{130, 1, 64, 0, 97} {
		var sb strings.Builder
		for i := range n + 1 {
			fmt.Fprintf(&sb, "Pakistan said %d. ", d*1000+i*7)
		}
		text := sb.String()
		a := &realign.Analysis{Document: realign.Document{Text: text, Published: time.Date(2019, 6, 14, 0, 0, 0, 0, time.UTC)}}
		for i := range n {
			var actor *realign.Actor
			if i%3 == 0 {
				actor = pak
			}
			a.Mentions = append(a.Mentions, realign.Mention{Span: realign.Span{Start: 18 * i, End: 18*i + 8}, Text: "Pakistan", Type: "GPE", Actor: actor, Antecedent: -1})
		}
		for i := range n / 2 {
			a.Quotes = append(a.Quotes, realign.Quotation{Span: realign.Span{Start: 18 * i, End: 18*i + 17}, Text: "q" + strconv.Itoa(i), Kind: realign.QuoteDirect})
		}
		if len(a.Quotes) > 37 {
			a.Events = append(a.Events, realign.Event{Source: pak, Code: "010", Quote: 37, Sentence: realign.Span{Start: 0, End: 17}})
		}
		a.Sentences = []realign.Sentence{{Span: realign.Span{Start: 0, End: len(text)}}}
		batch = append(batch, a)
	}
	if err := db.SaveBatch(ctx, batch, nil); err != nil {
		t.Fatal(err)
	}
	for d, a := range batch {
		var n, maxIdx, actors int
		if err := db.SQL().QueryRow(`SELECT count(*), coalesce(max(m.idx), -1), count(m.actor) FROM mentions m JOIN documents d ON d.pk = m.document WHERE d.id = ?`,
			realign.ContentID(a.Document.Text)).Scan(&n, &maxIdx, &actors); err != nil {
			t.Fatal(err)
		}
		if n != len(a.Mentions) || maxIdx != len(a.Mentions)-1 || actors != (len(a.Mentions)+2)/3 {
			t.Errorf("document %d: %d mentions (max idx %d, %d with actors), want %d", d, n, maxIdx, actors, len(a.Mentions))
		}
		if err := db.SQL().QueryRow(`SELECT count(*) FROM quotations q JOIN documents d ON d.pk = q.document WHERE d.id = ? AND q.text = 'q' || q.idx`,
			realign.ContentID(a.Document.Text)).Scan(&n); err != nil || n != len(a.Quotes) {
			t.Errorf("document %d: %d quotations, %v; want %d", d, n, err, len(a.Quotes))
		}
	}
	var refs []string
	rows, err := db.SQL().Query(`SELECT q.text FROM events e JOIN quotations q ON q.pk = e.quotation AND q.document = e.document`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		rows.Scan(&s)
		refs = append(refs, s)
	}
	if len(refs) != 2 || refs[0] != "q37" || refs[1] != "q37" {
		t.Errorf("events point at quotations %v, want q37 twice", refs)
	}
}
