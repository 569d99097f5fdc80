// Package storetest is the test suite every realign store backend
// passes (package sqlite, package postgres): Run saves hand-built and
// pipeline-analysed documents and checks every method of store.Backend
// against answers computed here from what was saved, and Equal checks
// that two backends give the same answers for the same data.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/realign/realign"
	"github.com/realign/realign/analytics"
	"github.com/realign/realign/sqlite"
	"github.com/realign/realign/store"
)

// Opener returns a new, empty store for one test; it fails or skips t
// itself and closes the store when t ends.
type Opener func(t *testing.T) store.Backend

// Run runs the shared suite against the backend open returns, one
// subtest a concern, each on a fresh store.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		run  func(t *testing.T, open Opener)
	}{
		{"SaveAndStats", testSaveAndStats},
		{"Idempotent", testIdempotent},
		{"ConcurrentSaveBatch", testConcurrentSave},
		{"Atomicity", testAtomicity},
		{"NotCoded", testNotCoded},
		{"NearDuplicate", testNearDuplicate},
		{"Clustering", testClustering},
		{"EventFilters", testEventFilters},
		{"Clusters", testClusters},
		{"Documents", testDocuments},
		{"DocumentRoundTrip", testDocumentRoundTrip},
		{"Actors", testActors},
		{"Search", testSearch},
		{"Cells", testCells},
		{"Analytics", testAnalytics},
		{"GDELT", testGDELT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, open) })
	}
}

// approx compares floats to 1e-9 relative (sums in another order).
var approx = cmp.Comparer(func(a, b float64) bool {
	return a == b || math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
})

func save(t *testing.T, db store.Backend, as []*realign.Analysis, log ...realign.IngestRecord) {
	t.Helper()
	if err := db.SaveBatch(context.Background(), as, log); err != nil {
		t.Fatal(err)
	}
}

func stats(t *testing.T, db store.Backend) store.Stats {
	t.Helper()
	st, err := db.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func events(t *testing.T, db store.Backend, f store.EventFilter) []store.Event {
	t.Helper()
	evs, err := db.Events(context.Background(), f)
	if err != nil {
		t.Fatalf("events %+v: %v", f, err)
	}
	return evs
}

func clusters(t *testing.T, db store.Backend, f store.EventFilter) []store.Cluster {
	t.Helper()
	var out []store.Cluster
	if err := db.EachCluster(context.Background(), f, func(c store.Cluster) error {
		out = append(out, c)
		return nil
	}); err != nil {
		t.Fatalf("clusters %+v: %v", f, err)
	}
	return out
}

func record(a *realign.Analysis, status string) realign.IngestRecord {
	return realign.IngestRecord{Source: a.Document.Source, DocID: a.Document.ID, Status: status}
}

// counts sums the layers of analyses (coded ones).
func counts(as []*realign.Analysis) (mentions, quotes, evs int64) {
	for _, a := range as {
		mentions += int64(len(a.Mentions))
		quotes += int64(len(a.Quotes))
		evs += int64(len(a.Events))
	}
	return
}

func testSaveAndStats(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t)
	as, _ := Articles(t)
	var log []realign.IngestRecord
	for _, a := range as {
		log = append(log, record(a, realign.IngestStored))
	}
	log = append(log, realign.IngestRecord{Source: "bad.bin", Status: realign.IngestSkipped, Reason: "binary"})
	save(t, db, as, log...)
	m, q, e := counts(as)
	if e == 0 || q == 0 {
		t.Fatalf("fixture has %d events and %d quotations; the suite needs some", e, q)
	}
	got := stats(t, db)
	if got.SchemaVersion <= 0 || got.Actors == 0 || got.Clusters == 0 || got.Clusters > e {
		t.Errorf("stats %+v: want a schema version, actors and 1..%d clusters", got, e)
	}
	want := store.Stats{SchemaVersion: got.SchemaVersion, Documents: int64(len(as)), Coded: int64(len(as)), Mentions: m, Quotations: q,
		Events: e, Actors: got.Actors, Clusters: got.Clusters,
		Ingest: map[string]int64{realign.IngestStored: int64(len(as)), realign.IngestSkipped: 1}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("stats (-want +got):\n%s", d)
	}
	if n := len(clusters(t, db, store.EventFilter{})); int64(n) != got.Clusters {
		t.Errorf("EachCluster gives %d clusters, Stats %d", n, got.Clusters)
	}
	for _, a := range as {
		if ok, err := db.HasDocument(ctx, a.Document.ID); err != nil || !ok {
			t.Errorf("HasDocument(%s) = %v, %v", a.Document.Source, ok, err)
		}
	}
	if ok, err := db.HasDocument(ctx, realign.ContentID("never stored")); err != nil || ok {
		t.Errorf("HasDocument(unknown) = %v, %v", ok, err)
	}
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
}

func testIdempotent(t *testing.T, open Opener) {
	db := open(t)
	as, by := Articles(t)
	batch := append(append([]*realign.Analysis(nil), as...), as[0]) // a repeat inside the batch
	save(t, db, batch, record(as[0], realign.IngestStored))
	first, firstEvents := stats(t, db), events(t, db, store.EventFilter{})
	// Again, with one text re-indented (the same ContentID) and no ID set.
	again := *by["ceasefire"]
	again.Document.Text = "  " + strings.ReplaceAll(again.Document.Text, " ", "  ")
	again.Document.ID = ""
	if realign.ContentID(again.Document.Text) != by["ceasefire"].Document.ID {
		t.Fatal("ContentID is not whitespace-insensitive")
	}
	save(t, db, append(batch, &again), record(as[0], realign.IngestDuplicate))
	second := stats(t, db)
	if second.Ingest[realign.IngestDuplicate] != 1 {
		t.Errorf("ingest log not appended: %v", second.Ingest)
	}
	first.Ingest, second.Ingest = nil, nil
	if d := cmp.Diff(first, second); d != "" {
		t.Errorf("saving again changed the store (-first +second):\n%s", d)
	}
	if d := cmp.Diff(firstEvents, events(t, db, store.EventFilter{})); d != "" {
		t.Errorf("saving again changed the events (-first +second):\n%s", d)
	}
}

// testConcurrentSave saves the same documents from several goroutines at
// once (the same batch, and overlapping batches in other orders): each is
// stored once, and the same batch gives exactly what one save gives.
func testConcurrentSave(t *testing.T, open Opener) {
	ctx := context.Background()
	as, _ := Articles(t)
	syn := Synthetic(40, 7)
	all := append(append([]*realign.Analysis(nil), as...), syn...)

	ref := open(t)
	save(t, ref, all)
	db := open(t)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	var recs []realign.IngestRecord
	for _, a := range all {
		id := a.Document.ID
		if id == "" {
			id = realign.ContentID(a.Document.Text)
		}
		recs = append(recs, realign.IngestRecord{Source: a.Document.Source, DocID: id, Status: realign.IngestStored})
	}
	for range 4 {
		wg.Go(func() { errs <- db.SaveBatch(ctx, all, recs) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	st := stats(t, db)
	// Each document is logged stored by the one writer that stored it;
	// the others log it as a duplicate.
	if st.Ingest[realign.IngestStored] != int64(len(all)) || st.Ingest[realign.IngestDuplicate] != int64(3*len(all)) {
		t.Errorf("ingest log after 4 concurrent saves of %d documents: %v; want %d stored, %d duplicates",
			len(all), st.Ingest, len(all), 3*len(all))
	}
	st.Ingest = stats(t, ref).Ingest
	if d := cmp.Diff(stats(t, ref), st); d != "" {
		t.Errorf("4 concurrent saves of one batch (-one save +concurrent):\n%s", d)
	}
	if d := cmp.Diff(events(t, ref, store.EventFilter{}), events(t, db, store.EventFilter{})); d != "" {
		t.Errorf("events after 4 concurrent saves of one batch (-one save +concurrent):\n%s", d)
	}

	// Overlapping batches in different orders, from 6 goroutines.
	db2 := open(t)
	for i := range 6 {
		var batch []*realign.Analysis
		for j := range all {
			if (j+i)%3 != 0 {
				batch = append(batch, all[(j*(i+1))%len(all)])
			}
		}
		wg.Go(func() {
			for k := 0; k < len(batch); k += 5 {
				if err := db2.SaveBatch(ctx, batch[k:min(k+5, len(batch))], nil); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := db2.SaveBatch(ctx, all, nil); err != nil { // whatever no goroutine saved
		t.Fatal(err)
	}
	got := stats(t, db2)
	_, _, e := counts(all)
	if got.Documents != int64(len(all)) || got.Events != e {
		t.Errorf("overlapping concurrent batches: %d documents, %d events; want each of %d documents (%d events) once",
			got.Documents, got.Events, len(all), e)
	}
	if err := db2.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
	seen := map[int64]bool{}
	for _, c := range clusters(t, db2, store.EventFilter{}) {
		if seen[c.ID] {
			t.Errorf("cluster %d listed twice", c.ID)
		}
		seen[c.ID] = true
	}

	// A story and its wire copy saved at once: whichever is stored
	// first, the other is its near-duplicate.
	orig := as[0]
	cp := wireCopy(t, orig, "Wire")
	for round := range 3 {
		db := open(t)
		for _, a := range []*realign.Analysis{orig, cp} {
			wg.Go(func() {
				if err := db.SaveBatch(ctx, []*realign.Analysis{a}, nil); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		st := stats(t, db)
		if st.Documents != 2 || st.Coded != 1 || st.NearDuplicates != 1 || st.Events != int64(len(orig.Events)) {
			t.Errorf("round %d: a story and its copy saved at once: %+v; want one coded, one near-duplicate", round, st)
		}
		if err := db.IntegrityCheck(ctx); err != nil {
			t.Error(err)
		}
	}
}

func testAtomicity(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t)
	as, _ := Articles(t)
	bad := []realign.IngestRecord{record(as[0], realign.IngestStored), {Source: "x", Status: "bogus"}}
	if err := db.SaveBatch(ctx, as, bad); err == nil || !strings.Contains(err.Error(), "bogus") {
		t.Fatalf("SaveBatch with a bad log record: err = %v, want an error naming the status", err)
	}
	empty := store.Stats{SchemaVersion: stats(t, db).SchemaVersion, Ingest: map[string]int64{}}
	if d := cmp.Diff(empty, stats(t, db)); d != "" {
		t.Errorf("after a failed batch (-empty +got):\n%s", d)
	}
	if err := db.SaveBatch(ctx, []*realign.Analysis{nil}, nil); err == nil {
		t.Error("SaveBatch accepted a nil analysis")
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := db.SaveBatch(cctx, as, nil); err == nil {
		t.Error("SaveBatch with a cancelled context succeeded")
	}
	if d := cmp.Diff(empty, stats(t, db)); d != "" {
		t.Errorf("after a cancelled batch (-empty +got):\n%s", d)
	}
	save(t, db, as, bad[0])
	if st := stats(t, db); st.Documents != int64(len(as)) || st.Ingest[realign.IngestStored] != 1 {
		t.Errorf("after a good batch: %+v", st)
	}
}

func testNotCoded(t *testing.T, open Opener) {
	db := open(t)
	doc := realign.Document{Text: "Ein Artikel auf Deutsch über Politik.", Language: "de", Source: "de.txt"}
	rec := realign.IngestRecord{Source: "de.txt", DocID: realign.ContentID(doc.Text), Status: realign.IngestNotCoded, Reason: "language de"}
	save(t, db, []*realign.Analysis{{Document: doc}}, rec)
	st := stats(t, db)
	want := store.Stats{SchemaVersion: st.SchemaVersion, Documents: 1, NotCoded: 1, Ingest: map[string]int64{realign.IngestNotCoded: 1}}
	if d := cmp.Diff(want, st); d != "" {
		t.Errorf("stats (-want +got):\n%s", d)
	}
	sd, err := db.Document(context.Background(), rec.DocID)
	if err != nil || sd.Status != "not-coded" || sd.Analysis.Document.Text != doc.Text {
		t.Errorf("Document = %+v, %v", sd, err)
	}
}

// wireCopy is a copy of a's document as the outlet wire runs it: a
// dateline and a footer added.
func wireCopy(t *testing.T, a *realign.Analysis, wire string) *realign.Analysis {
	cp := *a
	cp.Document.Text = "BISHKEK (" + wire + ") - " + a.Document.Text + "\n\nCopyright 2019 " + wire + "."
	cp.Document.ID = realign.ContentID(cp.Document.Text)
	cp.Document.URL = "https://" + strings.ToLower(wire) + ".example/world/copy"
	cp.Document.Site = ""
	cp.Document.Source = "copy by " + wire
	h1, _ := store.SimHash(a.Document.Text)
	h2, _ := store.SimHash(cp.Document.Text)
	if d := store.Hamming(h1, h2); d > 3 {
		t.Fatalf("wire copy is %d bits away; test text too short?", d)
	}
	return &cp
}

func testNearDuplicate(t *testing.T, open Opener) {
	ctx := context.Background()
	_, by := Articles(t)
	orig := by["khan-putin"]
	for _, sameBatch := range []bool{false, true} {
		t.Run(fmt.Sprintf("same batch %v", sameBatch), func(t *testing.T) {
			db := open(t)
			cp := wireCopy(t, orig, "Wire")
			if sameBatch {
				save(t, db, []*realign.Analysis{orig, cp, by["ceasefire"]})
			} else {
				save(t, db, []*realign.Analysis{orig})
				if id, err := db.NearDuplicate(ctx, cp.Document.Text); err != nil || id != orig.Document.ID {
					t.Errorf("NearDuplicate(copy) = %q, %v; want the original", id, err)
				}
				if id, err := db.NearDuplicate(ctx, by["ceasefire"].Document.Text+" "+by["wang-tehran"].Document.Text); err != nil || id != "" {
					t.Errorf("NearDuplicate(unrelated) = %q, %v; want none", id, err)
				}
				save(t, db, []*realign.Analysis{cp, by["ceasefire"]})
			}
			st := stats(t, db)
			_, _, e := counts([]*realign.Analysis{orig, by["ceasefire"]})
			if st.Documents != 3 || st.NearDuplicates != 1 || st.Events != e {
				t.Errorf("stats %+v: want 3 documents, one near-duplicate, %d events (the copy's not coded)", st, e)
			}
			sd, err := db.Document(ctx, cp.Document.ID)
			if err != nil || sd.Status != "near-duplicate" || sd.NearDupOf != orig.Document.ID || len(sd.Analysis.Events) != 0 {
				t.Fatalf("copy read back as %+v, %v", sd, err)
			}
			// Every cluster of the original counts two documents from two
			// outlets, and twice its mentions.
			evs := events(t, db, store.EventFilter{})
			perCluster := map[int64]int{}
			for _, e := range evs {
				if e.Document.ID == orig.Document.ID {
					perCluster[e.Cluster]++
				}
			}
			if len(perCluster) == 0 {
				t.Fatal("the original has no events; the test needs some")
			}
			for _, c := range clusters(t, db, store.EventFilter{}) {
				if n, ok := perCluster[c.ID]; ok && (c.NumDocuments != 2 || c.NumSources != 2 || c.NumMentions != 2*n) {
					t.Errorf("cluster %d: %d documents, %d sources, %d mentions; want 2, 2, %d", c.ID, c.NumDocuments, c.NumSources, c.NumMentions, 2*n)
				}
			}
			for _, e := range evs {
				if _, ok := perCluster[e.Cluster]; ok && (e.ClusterDocuments != 2 || e.ClusterSources != 2) {
					t.Errorf("event %d: cluster documents %d, sources %d; want 2, 2", e.ID, e.ClusterDocuments, e.ClusterSources)
				}
			}
			if err := db.IntegrityCheck(ctx); err != nil {
				t.Error(err)
			}
		})
	}
}

// ev is a hand-made event mention from src to tgt ("" none).
func ev(src, tgt, code, date string, loc *realign.Place) realign.Event {
	actor := func(c string) *realign.Actor {
		if c == "" {
			return nil
		}
		return &realign.Actor{ID: "state/" + c, Code: c, Name: c, Country: c, Kind: "state"}
	}
	return realign.Event{Source: actor(src), Target: actor(tgt), Code: code, QuadClass: 1, Goldstein: 1, Date: date,
		Location: loc, Quote: -1, Sentence: realign.Span{Start: 0, End: 5}, Rule: "test"}
}

// report is a one-sentence document from site with events.
func report(text, site string, pub time.Time, evs ...realign.Event) *realign.Analysis {
	return &realign.Analysis{Document: realign.Document{ID: realign.ContentID(text), Text: text, Site: site, Published: pub},
		Sentences: []realign.Sentence{{Span: realign.Span{Start: 0, End: len(text)}}}, Events: evs}
}

func testClustering(t *testing.T, open Opener) {
	bishkek := &realign.Place{Name: "Bishkek", Country: "KGZ", Precision: realign.PrecisionCity, GeoID: "city:KGZ:bishkek"}
	moscow := &realign.Place{Name: "Moscow", Country: "RUS", Precision: realign.PrecisionCity, GeoID: "city:RUS:moscow"}
	tests := []struct {
		name string
		a, b realign.Event
		same bool
	}{
		{"same day", ev("PAK", "RUS", "040", "2019-06-13", nil), ev("PAK", "RUS", "040", "2019-06-13", nil), true},
		{"one day apart", ev("PAK", "RUS", "040", "2019-06-13", nil), ev("PAK", "RUS", "040", "2019-06-14", nil), true},
		{"two days apart", ev("PAK", "RUS", "040", "2019-06-13", nil), ev("PAK", "RUS", "040", "2019-06-15", nil), false},
		{"same place, five days", ev("PAK", "RUS", "040", "2019-06-10", bishkek), ev("PAK", "RUS", "040", "2019-06-15", bishkek), true},
		{"other place, five days", ev("PAK", "RUS", "040", "2019-06-10", bishkek), ev("PAK", "RUS", "040", "2019-06-15", moscow), false},
		{"same place, a month", ev("PAK", "RUS", "040", "2019-06-10", bishkek), ev("PAK", "RUS", "040", "2019-07-10", bishkek), false},
		{"other code", ev("PAK", "RUS", "040", "2019-06-13", nil), ev("PAK", "RUS", "042", "2019-06-13", nil), false},
		{"reversed dyad", ev("PAK", "RUS", "040", "2019-06-13", nil), ev("RUS", "PAK", "040", "2019-06-13", nil), false},
		{"no target", ev("PAK", "", "190", "2019-06-13", nil), ev("PAK", "", "190", "2019-06-13", nil), true},
		{"undated, same publication day", ev("PAK", "RUS", "040", "", nil), ev("PAK", "RUS", "040", "", nil), true},
	}
	pub := time.Date(2019, 6, 14, 12, 0, 0, 0, time.UTC)
	for _, tt := range tests {
		for _, oneBatch := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/one batch %v", tt.name, oneBatch), func(t *testing.T) {
				db := open(t)
				a, b := report("First report.", "a.example", pub, tt.a), report("Second report.", "b.example", pub, tt.b)
				if oneBatch {
					save(t, db, []*realign.Analysis{a, b})
				} else {
					save(t, db, []*realign.Analysis{a})
					save(t, db, []*realign.Analysis{b})
				}
				cs := clusters(t, db, store.EventFilter{})
				if tt.same != (len(cs) == 1) || len(cs) == 0 || len(cs) > 2 {
					t.Fatalf("%d clusters, want same=%v", len(cs), tt.same)
				}
				if tt.same && (cs[0].NumDocuments != 2 || cs[0].NumSources != 2 || cs[0].NumMentions != 2) {
					t.Errorf("cluster %+v: want 2 documents, 2 sources, 2 mentions", cs[0])
				}
			})
		}
	}
}

// sortEvents orders events as EventFilter documents: by day (unknown
// last), then id; newest reverses both but keeps unknown days last.
func sortEvents(evs []store.Event, newest bool) {
	sort.SliceStable(evs, func(i, j int) bool {
		a, b := evs[i], evs[j]
		if (a.Day == "") != (b.Day == "") {
			return b.Day == ""
		}
		if a.Day != b.Day {
			return (a.Day < b.Day) != newest
		}
		return (a.ID < b.ID) != newest
	})
}

func hasPrefixFold(code, p string) bool { return strings.HasPrefix(code, strings.ToUpper(p)) }

func code(a *realign.Actor) string {
	if a == nil {
		return ""
	}
	return a.Code
}

// matches is EventFilter's selection, written again for the test.
func matches(f store.EventFilter, e store.Event, texts map[string]string) bool {
	src, tgt := code(e.Source), code(e.Target)
	dyad := func(a, b string) bool {
		return (a == "" || hasPrefixFold(src, a)) && (b == "" || hasPrefixFold(tgt, b))
	}
	switch {
	case f.Actor != "" && !hasPrefixFold(src, f.Actor) && !hasPrefixFold(tgt, f.Actor):
		return false
	case (f.Dyad[0] != "" || f.Dyad[1] != "") && !dyad(f.Dyad[0], f.Dyad[1]) && !(f.Undirected && dyad(f.Dyad[1], f.Dyad[0])):
		return false
	case f.Code != "" && !hasPrefixFold(e.Code, f.Code):
		return false
	case f.QuadClass != 0 && e.QuadClass != f.QuadClass:
		return false
	case !f.Since.IsZero() && (e.Day == "" || e.Day < f.Since.Format(time.DateOnly)):
		return false
	case !f.Until.IsZero() && (e.Day == "" || e.Day > f.Until.Format(time.DateOnly)):
		return false
	case f.Text != "" && !strings.Contains(strings.ToLower(texts[e.Document.ID]), strings.ToLower(f.Text)):
		return false
	case len(f.Modalities) == 1 && f.Modalities[0] == store.ModalityCounted:
		return analytics.Counts(e.Modality, e.Code)
	case len(f.Modalities) > 0 && !slices.Contains(f.Modalities, e.Modality):
		return false
	}
	return true
}

func ids(evs []store.Event) []int64 {
	out := []int64{}
	for _, e := range evs {
		out = append(out, e.ID)
	}
	return out
}

// filterFixture saves the articles and a synthetic corpus; it returns
// the store, every event and the documents' texts by ID.
func filterFixture(t *testing.T, open Opener) (store.Backend, []store.Event, map[string]string) {
	db := open(t)
	as, _ := Articles(t)
	all := append(append([]*realign.Analysis(nil), as...), Synthetic(120, 1)...)
	for i := 0; i < len(all); i += 25 {
		save(t, db, all[i:min(i+25, len(all))])
	}
	texts := map[string]string{}
	for _, a := range all {
		texts[a.Document.ID] = a.Document.Text
	}
	evs := events(t, db, store.EventFilter{})
	return db, evs, texts
}

var filters = []struct {
	name string
	f    store.EventFilter
}{
	{"all", store.EventFilter{}},
	{"actor", store.EventFilter{Actor: "pak"}},
	{"actor of two letters", store.EventFilter{Actor: "US"}},
	{"dyad", store.EventFilter{Dyad: [2]string{"USA", "CHN"}}},
	{"dyad undirected", store.EventFilter{Dyad: [2]string{"USA", "CHN"}, Undirected: true}},
	{"dyad source only", store.EventFilter{Dyad: [2]string{"RUS", ""}}},
	{"dyad target only, undirected", store.EventFilter{Dyad: [2]string{"", "IRN"}, Undirected: true}},
	{"code", store.EventFilter{Code: "04"}},
	{"quad class", store.EventFilter{QuadClass: 4}},
	{"since", store.EventFilter{Since: time.Date(2019, 6, 1, 0, 0, 0, 0, time.UTC)}},
	{"until", store.EventFilter{Until: time.Date(2018, 3, 31, 0, 0, 0, 0, time.UTC)}},
	{"since and until", store.EventFilter{Since: time.Date(2018, 5, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2018, 6, 30, 0, 0, 0, 0, time.UTC)}},
	{"text", store.EventFilter{Text: "ceasefire"}},
	{"text and actor", store.EventFilter{Text: "Khan", Actor: "PAK"}},
	{"modality", store.EventFilter{Modalities: []string{realign.ModalityNegated}}},
	{"modalities", store.EventFilter{Modalities: []string{realign.ModalityIntended, realign.ModalityHistorical}}},
	{"counted modalities", store.EventFilter{Modalities: []string{store.ModalityCounted}}},
	{"counted, newest, with a code", store.EventFilter{Modalities: []string{store.ModalityCounted}, Code: "0", Newest: true, Limit: 20}},
	{"page", store.EventFilter{Limit: 7, Offset: 5}},
	{"offset only", store.EventFilter{Offset: 300}},
	{"newest page", store.EventFilter{Newest: true, Limit: 10, Offset: 3}},
	{"newest actor", store.EventFilter{Newest: true, Actor: "IGO"}},
	{"all filters", store.EventFilter{Actor: "U", Code: "1", QuadClass: 3, Since: time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC),
		Until: time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC), Limit: 5, Newest: true}},
}

func testEventFilters(t *testing.T, open Opener) {
	db, all, texts := filterFixture(t, open)
	sortEvents(all, false)
	for _, tt := range filters {
		t.Run(tt.name, func(t *testing.T) {
			var want []store.Event
			for _, e := range all {
				if matches(tt.f, e, texts) {
					want = append(want, e)
				}
			}
			sortEvents(want, tt.f.Newest)
			if tt.f.Offset > 0 {
				want = want[min(tt.f.Offset, len(want)):]
			}
			if tt.f.Limit > 0 {
				want = want[:min(tt.f.Limit, len(want))]
			}
			got := events(t, db, tt.f)
			if d := cmp.Diff(ids(want), ids(got)); d != "" {
				t.Errorf("event ids (-want +got):\n%s", d)
			}
			if len(want) == 0 && tt.f.Offset < len(all) {
				t.Errorf("no events match %+v; the fixture should have some", tt.f)
			}
			var n int
			err := db.EachEvent(context.Background(), tt.f, func(store.Event) error {
				n++
				return nil
			})
			if err != nil || n != len(got) {
				t.Errorf("EachEvent: %d events, %v; Events gave %d", n, err, len(got))
			}
		})
	}
	stop := errors.New("stop")
	if err := db.EachEvent(context.Background(), store.EventFilter{}, func(store.Event) error { return stop }); err != stop {
		t.Errorf("EachEvent returned %v, want the callback's error", err)
	}
	if _, err := db.Events(context.Background(), store.EventFilter{QuadClass: 7}); err == nil {
		t.Error("quad class 7 accepted")
	}
	// Every event's fields are those of the saved analysis.
	as, _ := Articles(t)
	saved := map[string]*realign.Analysis{}
	for _, a := range append(as, Synthetic(120, 1)...) {
		saved[a.Document.ID] = a
	}
	for _, e := range all {
		a := saved[e.Document.ID]
		if a == nil || e.Document.URL != a.Document.URL || e.Sentence == "" || e.BaseCode != e.Code[:min(3, len(e.Code))] {
			t.Errorf("event %d does not match its document: %+v", e.ID, e)
		}
	}
}

func testClusters(t *testing.T, open Opener) {
	db, all, _ := filterFixture(t, open)
	byID := map[int64]store.Cluster{}
	for _, c := range clusters(t, db, store.EventFilter{}) {
		byID[c.ID] = c
	}
	for _, tt := range filters {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.f
			f.Limit, f.Offset, f.Newest = 0, 0, false
			seen := map[int64]bool{}
			var want []store.Cluster
			for _, e := range events(t, db, f) {
				if !seen[e.Cluster] {
					seen[e.Cluster] = true
					want = append(want, byID[e.Cluster])
				}
			}
			sort.SliceStable(want, func(i, j int) bool {
				a, b := want[i], want[j]
				if a.HasDay != b.HasDay {
					return a.HasDay
				}
				if !a.Day.Equal(b.Day) {
					return a.Day.Before(b.Day) != tt.f.Newest
				}
				return (a.ID < b.ID) != tt.f.Newest
			})
			if tt.f.Offset > 0 {
				want = want[min(tt.f.Offset, len(want)):]
			}
			if tt.f.Limit > 0 {
				want = want[:min(tt.f.Limit, len(want))]
			}
			if d := cmp.Diff(want, clusters(t, db, tt.f), cmpopts.EquateEmpty()); d != "" {
				t.Errorf("clusters (-want +got):\n%s", d)
			}
		})
	}
	// Each cluster's counts and first mention agree with its events.
	mentions := map[int64][]store.Event{}
	for _, e := range all {
		mentions[e.Cluster] = append(mentions[e.Cluster], e)
	}
	for id, c := range byID {
		ms := mentions[id]
		if len(ms) == 0 || c.Code != ms[0].Code || code(c.Source) != code(ms[0].Source) || c.NumMentions < len(ms) ||
			c.NumDocuments < 1 || c.NumSources < 1 || c.NumSources > c.NumDocuments || c.Added.IsZero() {
			t.Errorf("cluster %+v does not match its %d mentions", c, len(ms))
		}
		for _, e := range ms {
			if e.ClusterDocuments != c.NumDocuments || e.ClusterSources != c.NumSources {
				t.Errorf("event %d: cluster counts %d, %d; cluster %d has %d, %d", e.ID, e.ClusterDocuments, e.ClusterSources, id, c.NumDocuments, c.NumSources)
			}
		}
	}
}

func testDocuments(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t)
	as, _ := Articles(t)
	for _, a := range as {
		save(t, db, []*realign.Analysis{a})
	}
	all, err := db.Documents(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var want []store.DocumentSummary
	for i := len(as) - 1; i >= 0; i-- {
		d := as[i].Document
		want = append(want, store.DocumentSummary{ID: d.ID, Title: d.Title, URL: d.URL, Published: d.Published.Format(time.RFC3339),
			Source: d.Source, Status: "coded", Events: len(as[i].Events)})
	}
	if d := cmp.Diff(want, all); d != "" {
		t.Errorf("documents, most recently stored first (-want +got):\n%s", d)
	}
	page, err := db.Documents(ctx, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want[1:3], page); d != "" {
		t.Errorf("documents page (2, 1) (-want +got):\n%s", d)
	}
}

func testDocumentRoundTrip(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t)
	as, _ := Articles(t)
	syn := Synthetic(10, 3)
	save(t, db, append(append([]*realign.Analysis(nil), as...), syn...))
	stored := map[int64]store.Event{}
	for _, e := range events(t, db, store.EventFilter{}) {
		stored[e.ID] = e
	}
	for _, a := range append(as, syn...) {
		sd, err := db.Document(ctx, strings.ToUpper(a.Document.ID))
		if err != nil {
			t.Fatal(err)
		}
		got := sd.Analysis
		if d := cmp.Diff(a.Document, got.Document, cmpopts.EquateApproxTime(time.Second)); d != "" {
			t.Errorf("%s document (-saved +read):\n%s", a.Document.Source, d)
		}
		if sd.Status != "coded" || sd.NearDupOf != "" {
			t.Errorf("%s: status %q, near-duplicate of %q", a.Document.Source, sd.Status, sd.NearDupOf)
		}
		// Actor rows are shared by key: compare each layer's own fields.
		mentionOpts := cmpopts.IgnoreFields(realign.Actor{}, "ID", "Name", "Country", "Sector", "Kind")
		if d := cmp.Diff(a.Mentions, got.Mentions, mentionOpts, cmpopts.EquateEmpty()); d != "" {
			t.Errorf("%s mentions (-saved +read):\n%s", a.Document.Source, d)
		}
		if d := cmp.Diff(a.Quotes, got.Quotes, cmpopts.IgnoreFields(realign.Speaker{}, "Mention", "Actor"), cmpopts.EquateEmpty()); d != "" {
			t.Errorf("%s quotations (-saved +read):\n%s", a.Document.Source, d)
		}
		if len(got.Events) != len(a.Events) || len(sd.EventIDs) != len(a.Events) || len(sd.EventDays) != len(a.Events) {
			t.Fatalf("%s: %d events, %d ids, %d days; want %d", a.Document.Source, len(got.Events), len(sd.EventIDs), len(sd.EventDays), len(a.Events))
		}
		for i, e := range a.Events {
			g := got.Events[i]
			if g.Code != e.Code || g.Trigger != e.Trigger || g.Sentence != e.Sentence || g.Date != e.Date || g.Quote != e.Quote ||
				g.Modality != e.Modality || g.Goldstein != e.Goldstein || code(g.Source) != code(e.Source) ||
				code(g.Target) != code(e.Target) || (g.Location == nil) != (e.Location == nil) {
				t.Errorf("%s event %d read back as %+v, saved %+v", a.Document.Source, i, g, e)
			}
			s, ok := stored[sd.EventIDs[i]]
			if !ok || s.Day != sd.EventDays[i] || s.Document.ID != a.Document.ID {
				t.Errorf("event id %d, day %q: not the stored event %+v", sd.EventIDs[i], sd.EventDays[i], s)
			}
		}
	}
	for _, id := range []string{strings.Repeat("0", 64), "abc", "", strings.Repeat("g", 64), "' OR 1=1 --"} {
		if _, err := db.Document(ctx, id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Document(%q) error = %v, want ErrNotFound", id, err)
		}
	}
}

// actorDoc is a hand-made analysis with a role and a resolved speaker.
func actorDoc(text, published, role string) *realign.Analysis {
	khan := &realign.Actor{ID: "Q1", Code: "PAKGOV", Name: "Imran Khan", Country: "PAK", Role: role}
	putin := &realign.Actor{ID: "Q2", Code: "RUSGOV", Name: "Vladimir Putin", Country: "RUS"}
	a := &realign.Analysis{Document: realign.Document{ID: realign.ContentID(text), Text: text, Format: "text", URL: "https://x.example/" + published}}
	if published != "" {
		a.Document.Published, _ = time.Parse(time.DateOnly, published)
	}
	k, p, q := strings.Index(text, "Khan"), strings.Index(text, "Putin"), strings.Index(text, `"`)
	a.Mentions = []realign.Mention{
		{Span: realign.Span{Start: k, End: k + 4}, Text: "Khan", Type: realign.PERSON, Actor: khan, Via: "surname", Antecedent: -1},
		{Span: realign.Span{Start: p, End: p + 5}, Text: "Putin", Type: realign.PERSON, Actor: putin, Via: "surname", Antecedent: -1},
	}
	a.Quotes = []realign.Quotation{{Span: realign.Span{Start: q, End: len(text)}, Text: text[q+1 : len(text)-1], Kind: realign.QuoteDirect,
		Cue: "said", Speaker: &realign.Speaker{Span: realign.Span{Start: k, End: k + 4}, Text: "Khan", Actor: khan, Mention: 0}}}
	return a
}

func testActors(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t)
	docs := []*realign.Analysis{
		actorDoc(`Khan met Putin and said "We want trade."`, "2018-09-01", "Prime Minister"),
		actorDoc(`Khan phoned Putin and said "We want arms."`, "2019-06-14", "Prime Minister"),
		actorDoc(`Khan, then in opposition, saw Putin and said "Not now."`, "", "Opposition leader"),
	}
	save(t, db, docs)
	khan := store.ActorRecord{ID: "Q1", Code: "PAKGOV", Name: "Imran Khan", Country: "PAK"}
	putin := store.ActorRecord{ID: "Q2", Code: "RUSGOV", Name: "Vladimir Putin", Country: "RUS"}
	for _, tt := range []struct {
		prefix string
		limit  int
		want   []store.ActorRecord
	}{{"pak", 0, []store.ActorRecord{khan}}, {"", 0, []store.ActorRecord{khan, putin}}, {"", 1, []store.ActorRecord{khan}}, {"USA", 0, nil}} {
		got, err := db.ActorsByCode(ctx, tt.prefix, tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); d != "" {
			t.Errorf("ActorsByCode(%q, %d) (-want +got):\n%s", tt.prefix, tt.limit, d)
		}
	}
	quote := func(a *realign.Analysis) store.ActorQuote {
		q := a.Quotes[0]
		return store.ActorQuote{Text: q.Text, Kind: q.Kind, Cue: q.Cue, Speaker: "Khan", Actor: khan, Span: q.Span,
			Document: a.Document.ID, URL: a.Document.URL, Published: publishedString(a.Document.Published)}
	}
	for _, tt := range []struct {
		prefix        string
		limit, offset int
		want          []store.ActorQuote
	}{
		{"PAKGOV", 0, 0, []store.ActorQuote{quote(docs[2]), quote(docs[1]), quote(docs[0])}},
		{"PAK", 1, 1, []store.ActorQuote{quote(docs[1])}},
		{"RUS", 0, 0, nil},
	} {
		got, err := db.QuotesBy(ctx, tt.prefix, tt.limit, tt.offset)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); d != "" {
			t.Errorf("QuotesBy(%q, %d, %d), newest stored first (-want +got):\n%s", tt.prefix, tt.limit, tt.offset, d)
		}
	}
	roles, err := db.Roles(ctx, "PAK")
	if err != nil {
		t.Fatal(err)
	}
	want := []store.ActorRole{
		{Role: "Opposition leader", Code: "PAKGOV", Documents: 1},
		{Role: "Prime Minister", Code: "PAKGOV", First: "2018-09-01", Last: "2019-06-14", Documents: 2},
	}
	if d := cmp.Diff(want, roles); d != "" {
		t.Errorf("Roles(PAK) (-want +got):\n%s", d)
	}
	if rus, err := db.Roles(ctx, "RUS"); err != nil || len(rus) != 0 {
		t.Errorf("Roles(RUS) = %+v, %v; Putin has no role", rus, err)
	}
}

func publishedString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

func testSearch(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t)
	as, by := Articles(t)
	save(t, db, as)
	name := map[string]string{}
	for n, a := range by {
		name[a.Document.ID] = n
	}
	for _, tt := range []struct {
		query string
		want  []string // article names, any order
	}{
		{"ceasefire", []string{"ceasefire", "russia-ukraine"}},
		{"Tehran", []string{"wang-tehran"}},
		{"Putin Bishkek", []string{"khan-putin", "khan-putin-2"}},
		{`"prisoner exchange"`, []string{"russia-ukraine"}},
		{"tariffs", []string{"us-china"}},
		{"zebra", nil},
	} {
		hits, err := db.Search(ctx, tt.query, 0)
		if err != nil {
			t.Fatalf("search %q: %v", tt.query, err)
		}
		var got []string
		for _, h := range hits {
			got = append(got, name[h.ID])
			a := by[name[h.ID]]
			if h.Title != a.Document.Title || h.Status != "coded" || h.Events != len(a.Events) || !strings.Contains(h.Snippet, "[") {
				t.Errorf("search %q: hit %+v", tt.query, h)
			}
		}
		for i := 1; i < len(hits); i++ {
			if hits[i].Rank < hits[i-1].Rank {
				t.Errorf("search %q: hit %d ranks better than hit %d", tt.query, i, i-1)
			}
		}
		if d := cmp.Diff(tt.want, got, cmpopts.SortSlices(func(a, b string) bool { return a < b }), cmpopts.EquateEmpty()); d != "" {
			t.Errorf("search %q (-want +got):\n%s", tt.query, d)
		}
	}
	if hits, err := db.Search(ctx, "Putin", 1); err != nil || len(hits) != 1 {
		t.Errorf("search with limit 1: %d hits, %v", len(hits), err)
	}
	if _, err := db.Search(ctx, "  ", 0); err == nil {
		t.Error("empty query accepted")
	}
}

// SQLite opens a fresh SQLite store in t's temporary directory: the
// reference backend, for Run in package sqlite and for Equal.
func SQLite(t *testing.T) store.Backend {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "realign.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
