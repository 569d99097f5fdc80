package postgres_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/realign/realign"
	"github.com/realign/realign/analytics"
	"github.com/realign/realign/postgres"
	"github.com/realign/realign/store"
	"github.com/realign/realign/store/storetest"
)

// admin connects to the test server for fixtures (skipping tb when no
// server is reachable) and closes the connection when tb ends.
func admin(tb testing.TB) *pgx.Conn {
	tb.Helper()
	c, err := pgx.Connect(context.Background(), storetest.PostgresURL(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { c.Close(context.Background()) })
	return c
}

// freshSchema returns the name of a new schema, dropped with everything
// in it when tb ends.
func freshSchema(tb testing.TB) string {
	tb.Helper()
	c := admin(tb)
	name := fmt.Sprintf("realign_test_%d_%08x", os.Getpid(), rand.Uint32())
	tb.Cleanup(func() {
		if _, err := c.Exec(context.Background(), `DROP SCHEMA IF EXISTS `+name+` CASCADE`); err != nil {
			tb.Errorf("drop schema %s: %v", name, err)
		}
	})
	return name
}

// open opens a store in a fresh schema.
func open(tb testing.TB) *postgres.DB {
	tb.Helper()
	schema := freshSchema(tb)
	db, err := postgres.Open(context.Background(), storetest.PostgresURL(tb), postgres.Options{Schema: schema, MaxConns: 6})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func openStore(t *testing.T) store.Backend { return open(t) }

func TestStoreSuite(t *testing.T) { storetest.Run(t, openStore) }

// TestSameAsSQLite checks that PostgreSQL answers every read as SQLite
// does for the same data.
func TestSameAsSQLite(t *testing.T) {
	admin(t)
	storetest.Equal(t, storetest.SQLite, openStore)
}

// exec runs statements in schema on the admin connection.
func exec(t *testing.T, schema string, stmts ...string) {
	t.Helper()
	c := admin(t)
	for _, s := range stmts {
		if _, err := c.Exec(context.Background(), `SET search_path TO `+schema+`; `+s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func TestOpenConcurrently(t *testing.T) {
	url, schema := storetest.PostgresURL(t), freshSchema(t)
	var wg sync.WaitGroup
	dbs := make([]*postgres.DB, 5)
	errs := make([]error, len(dbs))
	for i := range dbs {
		wg.Go(func() {
			dbs[i], errs[i] = postgres.Open(context.Background(), url, postgres.Options{Schema: schema, MaxConns: 2})
		})
	}
	wg.Wait()
	for i, db := range dbs {
		if errs[i] != nil {
			t.Fatalf("open %d: %v", i, errs[i])
		}
		defer db.Close()
	}
	st, err := dbs[0].Stats(context.Background())
	if err != nil || st.SchemaVersion < 1 {
		t.Fatalf("stats %+v, %v", st, err)
	}
	var n int
	if err := admin(t).QueryRow(context.Background(), `SELECT count(*) FROM `+schema+`.schema_migrations`).Scan(&n); err != nil || n != st.SchemaVersion {
		t.Errorf("%d migrations recorded, %v; want %d, once each", n, err, st.SchemaVersion)
	}
}

func TestOpenErrors(t *testing.T) {
	ctx, url := context.Background(), storetest.PostgresURL(t)
	for _, tt := range []struct {
		name, url string
		opts      postgres.Options
	}{
		{"bad schema name", url, postgres.Options{Schema: "Robert'); DROP TABLE students;--"}},
		{"upper-case schema", url, postgres.Options{Schema: "Realign"}},
		{"near-duplicate distance", url, postgres.Options{NearDupDistance: 4}},
		{"bad URL", "postgres://[::1", postgres.Options{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if db, err := postgres.Open(ctx, tt.url, tt.opts); err == nil {
				db.Close()
				t.Error("Open succeeded")
			}
		})
	}
	t.Run("newer schema", func(t *testing.T) {
		schema := freshSchema(t)
		db, err := postgres.Open(ctx, url, postgres.Options{Schema: schema})
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		exec(t, schema, `INSERT INTO schema_migrations(version, name) VALUES (9999, 'from the future')`)
		if db, err := postgres.Open(ctx, url, postgres.Options{Schema: schema}); err == nil || !strings.Contains(err.Error(), "newer") {
			if db != nil {
				db.Close()
			}
			t.Errorf("Open of a newer schema: %v", err)
		}
	})
}

func TestIntegrityCheckFindsProblems(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	as, _ := storetest.Articles(t)
	if err := db.SaveBatch(ctx, as, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	exec(t, db.Schema(), `UPDATE event_clusters SET num_documents = num_documents + 1 WHERE pk = (SELECT min(pk) FROM event_clusters)`,
		`UPDATE documents SET status = 'not-coded' WHERE pk = (SELECT min(document) FROM events)`)
	exec(t, db.Schema(), `INSERT INTO mentions(document, idx, start, "end", text) VALUES (-1, 0, 0, 1, 'x')`)
	err := db.IntegrityCheck(ctx)
	for _, want := range []string{"1 clusters with wrong document or mention counts", "event mentions of documents that are not coded",
		"1 mentions of no stored document"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("integrity check after corrupting the store: %v; want %q", err, want)
		}
	}
}

// TestDeleteDocument checks that deleting a document deletes its layers,
// mentions included (they have no foreign key).
func TestDeleteDocument(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	text := `Khan met Putin and said "We want trade."`
	a := &realign.Analysis{Document: realign.Document{Text: text},
		Mentions: []realign.Mention{{Span: realign.Span{Start: 0, End: 4}, Text: "Khan", Actor: &realign.Actor{Code: "PAKGOV", Name: "Khan"}, Antecedent: -1}},
		Quotes:   []realign.Quotation{{Span: realign.Span{Start: 25, End: 38}, Text: "We want trade"}}}
	if err := db.SaveBatch(ctx, []*realign.Analysis{a, {Document: realign.Document{Text: "Another text."}}}, nil); err != nil {
		t.Fatal(err)
	}
	exec(t, db.Schema(), `DELETE FROM documents WHERE id = '`+realign.ContentID(text)+`'`)
	st, err := db.Stats(ctx)
	if err != nil || st.Documents != 1 || st.Mentions != 0 || st.Quotations != 0 {
		t.Errorf("after deleting the coded document: %+v, %v; want one document and no layers", st, err)
	}
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
}

// TestAwkwardText stores texts PostgreSQL text cannot hold as they are
// (NUL bytes, invalid UTF-8) and a text too large for one tsvector.
func TestAwkwardText(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	bad := "Khan met Putin.\x00 Then \xff\xfe they talked."
	var big strings.Builder
	r := rand.New(rand.NewPCG(1, 2))
	for big.Len() < 3<<20 {
		fmt.Fprintf(&big, "w%x ", r.Uint64())
	}
	big.WriteString("needleword")
	docs := []*realign.Analysis{
		{Document: realign.Document{Text: bad, Title: "nul\x00title"}, Sentences: []realign.Sentence{{Span: realign.Span{Start: 0, End: 15}}},
			Events: []realign.Event{{Source: &realign.Actor{Code: "PAK\x00"}, Code: "040", Sentence: realign.Span{Start: 0, End: 15}, Quote: -1}}},
		{Document: realign.Document{Text: big.String(), Title: "big"}},
	}
	if err := db.SaveBatch(ctx, docs, nil); err != nil {
		t.Fatal(err)
	}
	sd, err := db.Document(ctx, realign.ContentID(bad))
	if err != nil {
		t.Fatal(err)
	}
	if got := sd.Analysis.Document.Text; len(got) != len(bad) || got != "Khan met Putin.  Then    they talked." {
		t.Errorf("text stored as %q", got)
	}
	if hits, err := db.Search(ctx, "talked", 0); err != nil || len(hits) != 1 {
		t.Errorf("search in the cleaned text: %v, %v", hits, err)
	}
	if hits, err := db.Search(ctx, "w"+strings.Fields(big.String())[10][1:], 0); err != nil || len(hits) != 1 || hits[0].Title != "big" {
		t.Errorf("search in the large text: %v, %v", hits, err)
	}
}

// TestDialect checks the SQL that replaces SQLite's functions against
// the Go functions it stands for, on the server.
func TestDialect(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	c := admin(t)
	for _, code := range []string{"PAKGOV", "IGOSCO", "IGOUNOWHO", "GOV", "MIL", "US", "", "RUS", "NGOAMN", "---REB", "pak"} {
		var got string
		if err := c.QueryRow(ctx, `SELECT `+postgres.StateSQL("c")+` FROM (SELECT $1::text AS c) AS x`, code).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want := analytics.StateOf(code); got != want && !(code == "pak" && got == "") {
			t.Errorf("state of %q = %q, StateOf = %q", code, got, want)
		}
	}
	for n := -1; n <= 20; n++ {
		var got float64
		if err := c.QueryRow(ctx, `SELECT `+postgres.WeightSQL("n")+` FROM (SELECT $1::int AS n) AS x`, n).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want := analytics.Weight(n); got != want {
			t.Errorf("weight of %d = %v, Weight = %v", n, got, want)
		}
	}
	for _, d := range []string{"1970-01-01", "2019-06-14", "2019-12-31", "2020-02-29", "1969-12-31", "1900-03-01"} {
		day, _ := time.Parse(time.DateOnly, d)
		var got int64
		if err := c.QueryRow(ctx, `SELECT `+postgres.MonthStartSQL("d")+` FROM (SELECT $1::bigint AS d) AS x`, analytics.DayOf(day)).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want := analytics.Month.Start(analytics.DayOf(day)); got != want {
			t.Errorf("month of %s = %d, want %d", d, got, want)
		}
	}
	_ = db
}

func TestRebind(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`SELECT 1`, `SELECT 1`},
		{`a = ? AND b IN (?, ?)`, `a = $1 AND b IN ($2, $3)`},
		{`x = '?' AND "we?ird" = ? AND y = 'it''s ?'`, `x = '?' AND "we?ird" = $1 AND y = 'it''s ?'`},
	} {
		if got := postgres.Rebind(tt.in); got != tt.want {
			t.Errorf("rebind(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
