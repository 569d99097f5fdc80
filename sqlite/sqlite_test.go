package sqlite_test

import (
	"bufio"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/realign/realign"
	"github.com/realign/realign/pipeline"
	"github.com/realign/realign/sqlite"
)

type article struct {
	name string
	doc  realign.Document
}

// loadArticles reads testdata/articles.txt.
func loadArticles(t testing.TB) []article {
	t.Helper()
	f, err := os.Open("testdata/articles.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []article
	var text strings.Builder
	flush := func() {
		if len(out) > 0 {
			out[len(out)-1].doc.Text = strings.TrimSpace(text.String())
		}
		text.Reset()
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") && len(out) == 0 {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "=== "); ok {
			flush()
			parts := strings.Split(rest, " | ")
			if len(parts) != 3 {
				t.Fatalf("articles.txt: bad header %q", line)
			}
			pub, err := time.Parse(time.DateOnly, parts[1])
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, article{parts[0], realign.Document{URL: parts[2], Published: pub, Source: parts[0], Format: "text", Language: "en"}})
			continue
		}
		text.WriteString(line + "\n")
	}
	flush()
	return out
}

var (
	pipeOnce sync.Once
	pipe     *pipeline.Pipeline
	pipeErr  error
)

func analyze(t testing.TB, d realign.Document) *realign.Analysis {
	t.Helper()
	pipeOnce.Do(func() { pipe, pipeErr = pipeline.New(pipeline.Options{}) })
	if pipeErr != nil {
		t.Fatal(pipeErr)
	}
	d.ID = realign.ContentID(d.Text)
	a, err := pipe.Analyze(d)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func analyzeAll(t testing.TB) map[string]*realign.Analysis {
	out := map[string]*realign.Analysis{}
	for _, ar := range loadArticles(t) {
		out[ar.name] = analyze(t, ar.doc)
	}
	return out
}

func openTemp(t testing.TB) (*sqlite.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "realign.db")
	db, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func count(t testing.TB, db *sqlite.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func logRecord(a *realign.Analysis, status string) realign.IngestRecord {
	return realign.IngestRecord{Source: a.Document.Source, DocID: a.Document.ID, Status: status}
}

func TestMigrations(t *testing.T) {
	ctx := context.Background()
	db, path := openTemp(t)
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir("migrations")
	if err != nil {
		t.Fatal(err)
	}
	latest := len(ents) // migrations are numbered 1..n
	if v != latest {
		t.Errorf("schema version = %d, want %d", v, latest)
	}
	for _, table := range []string{"documents", "documents_fts", "simhash_bands", "actors", "mentions", "quotations",
		"events", "event_clusters", "cluster_documents", "ingest_log", "gdelt_events"} {
		if n := count(t, db, `SELECT count(*) FROM sqlite_master WHERE name = ?`, table); n != 1 {
			t.Errorf("table %s missing", table)
		}
	}
	var mode string
	if err := db.SQL().QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	var fk int
	if err := db.SQL().QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d, %v; want 1", fk, err)
	}
	db.Close()

	// Reopening applies nothing twice.
	db2, err := sqlite.Open(ctx, path, sqlite.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, db2, `SELECT count(*) FROM schema_migrations`); n != latest {
		t.Errorf("%d migration rows after reopen, want %d", n, latest)
	}
	// A schema from the future is refused.
	if _, err := db2.SQL().Exec(`INSERT INTO schema_migrations VALUES (999, '0999_future', '2030-01-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	db2.Close()
	if _, err := sqlite.Open(ctx, path, sqlite.Options{}); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("open of a newer schema: err = %v, want 'newer'", err)
	}
}

func TestOpenMustExist(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.db")
	_, err := sqlite.Open(context.Background(), path, sqlite.Options{MustExist: true})
	if !errors.Is(err, sqlite.ErrNotExist) {
		t.Fatalf("err = %v, want ErrNotExist", err)
	}
	if _, statErr := os.Stat(path); statErr == nil {
		t.Error("Open with MustExist created the file")
	}
}

func TestSaveBatchIdempotent(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	as := analyzeAll(t)
	batch := []*realign.Analysis{as["khan-putin"], as["ceasefire"], as["khan-putin"]} // a repeat inside the batch
	log := []realign.IngestRecord{logRecord(as["khan-putin"], realign.IngestStored), logRecord(as["ceasefire"], realign.IngestStored)}
	if err := db.SaveBatch(ctx, batch, log); err != nil {
		t.Fatal(err)
	}
	first, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if first.Documents != 2 || first.Coded != 2 {
		t.Fatalf("after first batch: %+v, want 2 coded documents", first)
	}
	wantEvents := int64(len(as["khan-putin"].Events) + len(as["ceasefire"].Events))
	if first.Events != wantEvents || wantEvents == 0 {
		t.Errorf("events = %d, want %d (> 0)", first.Events, wantEvents)
	}
	if first.Mentions == 0 || first.Quotations == 0 || first.Actors == 0 {
		t.Errorf("layers missing: %+v", first)
	}
	for _, id := range []string{as["khan-putin"].Document.ID, as["ceasefire"].Document.ID} {
		if ok, err := db.HasDocument(ctx, id); err != nil || !ok {
			t.Errorf("HasDocument(%s) = %v, %v", id, ok, err)
		}
	}
	if ok, _ := db.HasDocument(ctx, realign.ContentID("never stored")); ok {
		t.Error("HasDocument true for an unknown ID")
	}
	// Again, with the text re-indented: same ContentID, nothing new but the log.
	again := *as["ceasefire"]
	again.Document.Text = "  " + strings.ReplaceAll(again.Document.Text, " ", "  ")
	again.Document.ID = ""
	if realign.ContentID(again.Document.Text) != as["ceasefire"].Document.ID {
		t.Fatal("ContentID is not whitespace-insensitive")
	}
	if err := db.SaveBatch(ctx, append(batch, &again), log); err != nil {
		t.Fatal(err)
	}
	second, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The log is appended; the records that said "stored" for documents
	// already stored now say "duplicate".
	want := map[string]int64{realign.IngestStored: first.Ingest[realign.IngestStored],
		realign.IngestDuplicate: first.Ingest[realign.IngestStored] + first.Ingest[realign.IngestDuplicate]}
	got := map[string]int64{realign.IngestStored: second.Ingest[realign.IngestStored], realign.IngestDuplicate: second.Ingest[realign.IngestDuplicate]}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ingest log after the second save (-want +got):\n%s", diff)
	}
	first.Ingest, second.Ingest = nil, nil
	if diff := cmp.Diff(first, second); diff != "" {
		t.Errorf("second SaveBatch changed the store (-first +second):\n%s", diff)
	}
}

func TestNotCoded(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	doc := realign.Document{Text: "Ein Artikel auf Deutsch über Politik.", Language: "de", Source: "de.txt"}
	rec := realign.IngestRecord{Source: "de.txt", DocID: realign.ContentID(doc.Text), Status: realign.IngestNotCoded, Reason: "language de"}
	if err := db.SaveBatch(ctx, []*realign.Analysis{{Document: doc}}, []realign.IngestRecord{rec}); err != nil {
		t.Fatal(err)
	}
	st, _ := db.Stats(ctx)
	if st.Documents != 1 || st.NotCoded != 1 || st.Events != 0 || st.Ingest[realign.IngestNotCoded] != 1 {
		t.Errorf("stats = %+v, want one not-coded document and its log record", st)
	}
	var reason string
	if err := db.SQL().QueryRow(`SELECT reason FROM ingest_log`).Scan(&reason); err != nil || reason != "language de" {
		t.Errorf("log reason = %q, %v", reason, err)
	}
}

func TestNearDuplicate(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	as := analyzeAll(t)
	orig := as["khan-putin"]
	// A wire copy: another site, a dateline and a footer.
	cp := orig.Document
	cp.Text = "BISHKEK (Wire) - " + cp.Text + "\n\nCopyright 2019 Wire."
	cp.URL = "https://other-site.example/world/khan-putin"
	cp.Source = "copy"
	copyA := analyze(t, cp)
	if d := sqlite.Hamming(mustHash(orig.Document.Text), mustHash(cp.Text)); d > 3 {
		t.Fatalf("wire copy is %d bits away; test texts too short?", d)
	}
	if err := db.SaveBatch(ctx, []*realign.Analysis{orig}, nil); err != nil {
		t.Fatal(err)
	}
	if id, err := db.NearDuplicate(ctx, cp.Text); err != nil || id != orig.Document.ID {
		t.Errorf("NearDuplicate(copy) = %q, %v; want the original", id, err)
	}
	if id, _ := db.NearDuplicate(ctx, as["ceasefire"].Document.Text+" "+as["khan-putin-2"].Document.Text); id != "" {
		t.Errorf("NearDuplicate(unrelated) = %q, want none", id)
	}
	before, _ := db.Stats(ctx)
	clustersBefore := count(t, db, `SELECT count(*) FROM event_clusters`)
	if err := db.SaveBatch(ctx, []*realign.Analysis{copyA, as["ceasefire"]}, nil); err != nil {
		t.Fatal(err)
	}
	after, _ := db.Stats(ctx)
	if after.NearDuplicates != 1 || after.Documents != 3 {
		t.Fatalf("stats = %+v, want 3 documents, one near-duplicate", after)
	}
	var status string
	var link string
	if err := db.SQL().QueryRow(`SELECT d.status, o.id FROM documents d JOIN documents o ON o.pk = d.near_dup_of WHERE d.id = ?`,
		copyA.Document.ID).Scan(&status, &link); err != nil {
		t.Fatal(err)
	}
	if status != sqlite.StatusNearDuplicate || link != orig.Document.ID {
		t.Errorf("copy: status %q linked to %q, want near-duplicate of %s", status, link, orig.Document.ID)
	}
	if got, want := after.Events-before.Events, int64(len(as["ceasefire"].Events)); got != want {
		t.Errorf("events added = %d, want %d (the copy's events are not coded again)", got, want)
	}
	if n := count(t, db, `SELECT count(*) FROM mentions m JOIN documents d ON d.pk = m.document WHERE d.id = ?`, copyA.Document.ID); n != 0 {
		t.Errorf("copy has %d stored mentions, want 0", n)
	}
	// Every cluster of the original now counts two documents from two outlets.
	rows, err := db.SQL().Query(`SELECT c.num_documents, c.num_sources, c.num_mentions,
		(SELECT count(*) FROM events e WHERE e.cluster = c.pk) FROM event_clusters c
		WHERE c.pk IN (SELECT cluster FROM events e JOIN documents d ON d.pk = e.document WHERE d.id = ?)`, orig.Document.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var docs, srcs, ments, evs int
		if err := rows.Scan(&docs, &srcs, &ments, &evs); err != nil {
			t.Fatal(err)
		}
		n++
		if docs != 2 || srcs != 2 || ments != 2*evs {
			t.Errorf("cluster: documents %d sources %d mentions %d (event rows %d), want 2, 2, %d", docs, srcs, ments, evs, 2*evs)
		}
	}
	if n == 0 || n != clustersBefore {
		t.Errorf("%d clusters of the original, want %d (> 0)", n, clustersBefore)
	}
}

func mustHash(s string) uint64 { h, _ := sqlite.SimHash(s); return h }

func TestSimHash(t *testing.T) {
	base := strings.Repeat("the minister said the talks in the capital were useful and would continue next week ", 4) +
		"officials from both countries declined to give details of the agreement reached on energy and trade"
	tests := []struct {
		name    string
		a, b    string
		maxDist int
		minDist int
	}{
		{"identical", base, base, 0, 0},
		{"case and punctuation", base, strings.ToUpper(base) + "!!", 0, 0},
		{"dateline added", base, "LONDON (Reuters) - " + base, 3, 0},
		{"unrelated", base, strings.Repeat("rain is expected across the north on sunday with strong winds and cold air ", 5), 64, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := sqlite.Hamming(mustHash(tt.a), mustHash(tt.b))
			if d > tt.maxDist || d < tt.minDist {
				t.Errorf("distance %d, want %d..%d", d, tt.minDist, tt.maxDist)
			}
		})
	}
	if _, n := sqlite.SimHash("Khan met Putin."); n != 3 {
		t.Errorf("word count = %d, want 3", n)
	}
}

// event builds a hand-made event (the clustering tests are in the shared
// suite, store/storetest).
func event(src, tgt, code, date string, loc *realign.Place) realign.Event {
	var s, g *realign.Actor
	if src != "" {
		s = &realign.Actor{ID: "state/" + src, Code: src, Name: src, Country: src}
	}
	if tgt != "" {
		g = &realign.Actor{ID: "state/" + tgt, Code: tgt, Name: tgt, Country: tgt}
	}
	return realign.Event{Source: s, Target: g, Code: code, QuadClass: 1, Date: date, Location: loc, Quote: -1,
		Sentence: realign.Span{Start: 0, End: 5}, Rule: "test"}
}

func TestAtomicity(t *testing.T) {
	ctx := context.Background()
	db, path := openTemp(t)
	as := analyzeAll(t)
	good := []*realign.Analysis{as["khan-putin"], as["ceasefire"]}
	bad := []realign.IngestRecord{logRecord(as["khan-putin"], realign.IngestStored), {Source: "x", Status: "bogus"}}
	err := db.SaveBatch(ctx, good, bad)
	if err == nil || !strings.Contains(err.Error(), "bogus") {
		t.Fatalf("SaveBatch with a bad log record: err = %v, want an error naming the status", err)
	}
	for _, table := range []string{"documents", "events", "mentions", "quotations", "event_clusters", "actors", "ingest_log", "simhash_bands"} {
		if n := count(t, db, `SELECT count(*) FROM `+table); n != 0 {
			t.Errorf("%s has %d rows after a failed batch, want 0", table, n)
		}
	}
	if err := db.SaveBatch(ctx, []*realign.Analysis{nil}, nil); err == nil {
		t.Error("SaveBatch accepted a nil analysis")
	}
	// A cancelled context stores nothing either.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := db.SaveBatch(cctx, good, nil); err == nil {
		t.Error("SaveBatch with a cancelled context succeeded")
	}
	if n := count(t, db, `SELECT count(*) FROM documents`); n != 0 {
		t.Errorf("%d documents after a cancelled batch", n)
	}
	// The store still works and is intact after reopening.
	if err := db.SaveBatch(ctx, good, bad[:1]); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db2, err := sqlite.Open(ctx, path, sqlite.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if err := db2.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	st, _ := db2.Stats(ctx)
	if st.Documents != 2 || st.Ingest[realign.IngestStored] != 1 {
		t.Errorf("after reopen: %+v", st)
	}
}

func savedDB(t testing.TB) *sqlite.DB {
	t.Helper()
	db, _ := openTemp(t)
	as := analyzeAll(t)
	var batch []*realign.Analysis
	for _, name := range []string{"khan-putin", "khan-putin-2", "ceasefire", "wang-tehran"} {
		batch = append(batch, as[name])
	}
	if err := db.SaveBatch(context.Background(), batch, nil); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestEventsQuery(t *testing.T) {
	ctx := context.Background()
	db := savedDB(t)
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	tests := []struct {
		name  string
		f     sqlite.EventFilter
		check func(e sqlite.Event) bool
		min   int
		max   int
	}{
		{"all", sqlite.EventFilter{}, func(sqlite.Event) bool { return true }, 5, 100},
		{"actor PAK", sqlite.EventFilter{Actor: "pak"}, func(e sqlite.Event) bool {
			return strings.HasPrefix(code(e.Source), "PAK") || strings.HasPrefix(code(e.Target), "PAK")
		}, 3, 100},
		{"dyad PAK,RUS", sqlite.EventFilter{Dyad: [2]string{"PAK", "RUS"}}, func(e sqlite.Event) bool {
			return strings.HasPrefix(code(e.Source), "PAK") && strings.HasPrefix(code(e.Target), "RUS")
		}, 2, 100},
		{"code 04", sqlite.EventFilter{Code: "04"}, func(e sqlite.Event) bool { return strings.HasPrefix(e.Code, "04") }, 3, 100},
		{"quad 3", sqlite.EventFilter{QuadClass: 3}, func(e sqlite.Event) bool { return e.QuadClass == 3 }, 1, 100},
		{"since", sqlite.EventFilter{Since: day("2019-06-13")}, func(e sqlite.Event) bool { return e.Day >= "2019-06-13" }, 1, 100},
		{"until", sqlite.EventFilter{Until: day("2019-06-11")}, func(e sqlite.Event) bool { return e.Day != "" && e.Day <= "2019-06-11" }, 1, 100},
		{"text", sqlite.EventFilter{Text: "ceasefire"}, func(e sqlite.Event) bool { return strings.Contains(e.Document.URL, "ceasefire") }, 1, 100},
		{"text not FTS syntax", sqlite.EventFilter{Text: `Line of "Control`}, func(e sqlite.Event) bool { return strings.Contains(e.Document.URL, "ceasefire") }, 1, 100},
		{"limit", sqlite.EventFilter{Limit: 2}, func(sqlite.Event) bool { return true }, 2, 2},
		{"nothing", sqlite.EventFilter{Dyad: [2]string{"USA", "CAN"}}, func(sqlite.Event) bool { return true }, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, err := db.Events(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if len(evs) < tt.min || len(evs) > tt.max {
				t.Errorf("%d events, want %d..%d", len(evs), tt.min, tt.max)
			}
			for _, e := range evs {
				if !tt.check(e) {
					t.Errorf("event does not match the filter: %+v", e)
				}
				if e.Sentence == "" || e.Rule == "" || e.Document.URL == "" || e.Document.ID == "" {
					t.Errorf("event without evidence: %+v", e)
				}
			}
		})
	}
	// The meeting carries its place, date and both documents in its cluster.
	evs, err := db.Events(ctx, sqlite.EventFilter{Dyad: [2]string{"PAKGOV", "RUSGOV"}, Code: "040"})
	if err != nil || len(evs) < 2 {
		t.Fatalf("meeting events: %d, %v", len(evs), err)
	}
	m := evs[0]
	if m.Location == nil || m.Location.Name != "Bishkek" || m.Location.Country != "KGZ" || m.Date != "2019-06-13" {
		t.Errorf("meeting: location %+v date %q", m.Location, m.Date)
	}
	if m.Cluster != evs[1].Cluster || m.ClusterDocuments != 2 {
		t.Errorf("the two reports of the meeting are not one cluster of two documents: %d/%d, %d documents", m.Cluster, evs[1].Cluster, m.ClusterDocuments)
	}
	// Offset pages through the same order.
	all, _ := db.Events(ctx, sqlite.EventFilter{})
	page, _ := db.Events(ctx, sqlite.EventFilter{Limit: 2, Offset: 1})
	if len(page) != 2 || page[0].ID != all[1].ID || page[1].ID != all[2].ID {
		t.Errorf("offset page = %v, want events 2 and 3 of %d", ids(page), len(all))
	}
	if _, err := db.Events(ctx, sqlite.EventFilter{QuadClass: 7}); err == nil {
		t.Error("quad class 7 accepted")
	}
}

func code(a *realign.Actor) string {
	if a == nil {
		return ""
	}
	return a.Code
}

func ids(evs []sqlite.Event) []int64 {
	var out []int64
	for _, e := range evs {
		out = append(out, e.ID)
	}
	return out
}

func TestSearch(t *testing.T) {
	ctx := context.Background()
	db := savedDB(t)
	tests := []struct {
		query   string
		wantURL string // of the best hit
		n       int
	}{
		{"arms deal", "https://example.net/wang-yi-tehran", 1},
		{"arm", "", 2}, // porter stemming: "arms" in two articles
		{"Bishkek AND statement", "https://news.example.org/world/khan-meets-putin", 1},
		{`"Line of Control"`, "https://example.com/2019/06/ceasefire", 1},
		{`U.S. (ceasefire`, "", 0}, // not FTS5 syntax: searched as words
		{"zebra", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			hits, err := db.Search(ctx, tt.query, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) != tt.n {
				t.Fatalf("%d hits, want %d: %+v", len(hits), tt.n, hits)
			}
			if tt.wantURL != "" && hits[0].URL != tt.wantURL {
				t.Errorf("best hit %s, want %s", hits[0].URL, tt.wantURL)
			}
			for _, h := range hits {
				if !strings.Contains(h.Snippet, "[") {
					t.Errorf("snippet without a highlighted match: %q", h.Snippet)
				}
			}
		})
	}
	if _, err := db.Search(ctx, "  ", 10); err == nil {
		t.Error("empty query accepted")
	}
}

func TestEventDay(t *testing.T) {
	pub := time.Date(2019, 6, 14, 23, 0, 0, 0, time.UTC)
	tests := []struct {
		date string
		pub  time.Time
		want string
	}{
		{"2019-06-13", pub, "2019-06-13"},
		{"2019-W24", pub, "2019-06-10"},
		{"2020-W01", pub, "2019-12-30"},
		{"2019-06", pub, "2019-06-14"},
		{"2019-05", pub, "2019-05-01"},
		{"2019", pub, "2019-06-14"},
		{"1979", pub, "1979-01-01"},
		{"198X", pub, "1980-01-01"},
		{"201X", pub, "2019-06-14"},
		{"", pub, "2019-06-14"},
		{"", time.Time{}, ""},
		{"2019-06", time.Time{}, "2019-06-01"},
		{"garbage", pub, "2019-06-14"},
	}
	for _, tt := range tests {
		d, ok := sqlite.EventDay(tt.date, tt.pub)
		got := ""
		if ok {
			got = sqlite.DayTime(d).Format(time.DateOnly)
		}
		if got != tt.want {
			t.Errorf("EventDay(%q, %v) = %q, want %q", tt.date, tt.pub, got, tt.want)
		}
	}
}

func TestIntegrityAfterReopen(t *testing.T) {
	ctx := context.Background()
	db, path := openTemp(t)
	as := analyzeAll(t)
	for _, a := range as {
		if err := db.SaveBatch(ctx, []*realign.Analysis{a}, []realign.IngestRecord{logRecord(a, realign.IngestStored)}); err != nil {
			t.Fatal(err)
		}
	}
	want, _ := db.Stats(ctx)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db2, err := sqlite.Open(ctx, path, sqlite.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if err := db2.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	got, _ := db2.Stats(ctx)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stats changed across reopen:\n%s", diff)
	}
	// The FTS index agrees with its content table.
	if _, err := db2.SQL().Exec(`INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Errorf("fts integrity-check: %v", err)
	}
}
