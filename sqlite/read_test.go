package sqlite_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/realign/realign/sqlite"
)

func TestEventsNewestAndUndirected(t *testing.T) {
	ctx := context.Background()
	db := savedDB(t)
	all, err := db.Events(ctx, sqlite.EventFilter{})
	if err != nil || len(all) < 5 {
		t.Fatalf("events: %d, %v", len(all), err)
	}
	newest, err := db.Events(ctx, sqlite.EventFilter{Newest: true})
	if err != nil || len(newest) != len(all) {
		t.Fatalf("newest: %d, %v; want %d", len(newest), err, len(all))
	}
	for i := 1; i < len(newest); i++ {
		a, b := newest[i-1], newest[i]
		switch {
		case a.Day == "" && b.Day != "":
			t.Errorf("event %d with no day before event %d of %s", a.ID, b.ID, b.Day)
		case a.Day != "" && b.Day != "" && a.Day < b.Day, a.Day == b.Day && a.ID < b.ID:
			t.Errorf("newest first: event %d (%s) before %d (%s)", a.ID, a.Day, b.ID, b.Day)
		}
	}
	page, err := db.Events(ctx, sqlite.EventFilter{Newest: true, Limit: 2, Offset: 1})
	if err != nil || len(page) != 2 || page[0].ID != newest[1].ID || page[1].ID != newest[2].ID {
		t.Errorf("newest page = %v, %v; want events 2 and 3 of %v", ids(page), err, ids(newest))
	}

	dir := func(a, b string) []int64 {
		evs, err := db.Events(ctx, sqlite.EventFilter{Dyad: [2]string{a, b}})
		if err != nil {
			t.Fatal(err)
		}
		return ids(evs)
	}
	both := func(a, b string) []int64 {
		evs, err := db.Events(ctx, sqlite.EventFilter{Dyad: [2]string{a, b}, Undirected: true})
		if err != nil {
			t.Fatal(err)
		}
		return ids(evs)
	}
	sorted := cmpopts.SortSlices(func(x, y int64) bool { return x < y })
	for _, d := range [][2]string{{"PAK", "RUS"}, {"CHN", "IRN"}} {
		want := append(dir(d[0], d[1]), dir(d[1], d[0])...)
		if len(want) == 0 {
			t.Errorf("%s-%s: no events in either direction; the test needs some", d[0], d[1])
		}
		if diff := cmp.Diff(want, both(d[0], d[1]), sorted, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("undirected %s-%s (-directed both ways +undirected):\n%s", d[0], d[1], diff)
		}
	}
	// One side only: that prefix as source or target, as Actor does.
	actor, _ := db.Events(ctx, sqlite.EventFilter{Actor: "PAK"})
	if diff := cmp.Diff(ids(actor), both("PAK", ""), sorted, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("undirected PAK-any differs from actor PAK:\n%s", diff)
	}
}

// TestDocumentRoundTrip stores analysed articles and reads them back.
// TestReadAfterClose checks that reads racing with Close (the web
// server's background refresh) get errors, not a nil-pointer panic.
func TestReadAfterClose(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := db.Events(ctx, sqlite.EventFilter{Newest: true}); err == nil {
		t.Error("Events after Close: no error")
	}
	if _, err := db.Documents(ctx, 10, 0); err == nil {
		t.Error("Documents after Close: no error")
	}
	if _, err := db.Stats(ctx); err == nil {
		t.Error("Stats after Close: no error")
	}
	if _, err := db.HasDocument(ctx, strings.Repeat("0", 64)); err == nil {
		t.Error("HasDocument after Close: no error")
	}
	if err := db.SaveBatch(ctx, nil, nil); err == nil {
		t.Error("SaveBatch after Close: no error")
	}
}
