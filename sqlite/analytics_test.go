package sqlite_test

import (
	"context"
	"database/sql"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/realign/realign/analytics"
	"github.com/realign/realign/sqlite"
)

// insertSynthetic writes a synthetic stream straight into event_clusters
// (one cluster per event) in one transaction and returns the events.
func insertSynthetic(tb testing.TB, db *sqlite.DB, o analytics.SynthOptions, keep bool) []analytics.Event {
	tb.Helper()
	tx, err := db.SQL().Begin()
	if err != nil {
		tb.Fatal(err)
	}
	st, err := tx.Prepare(`INSERT INTO event_clusters(source_code, target_code, code, quad_class, goldstein, first_day, num_mentions, num_documents, num_sources, first_seen)
		VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, '2020-01-01T00:00:00Z')`)
	if err != nil {
		tb.Fatal(err)
	}
	var out []analytics.Event
	var ierr error
	analytics.Synthetic(o, func(e analytics.Event) {
		if ierr != nil {
			return
		}
		_, ierr = st.Exec(e.Source, e.Target, e.Code, e.QuadClass, e.Goldstein, e.Day, e.Sources, e.Sources)
		if keep {
			out = append(out, e)
		}
	})
	if ierr != nil {
		tb.Fatal(ierr)
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	return out
}

func TestCellsMatchAggregate(t *testing.T) {
	db, _ := openTemp(t)
	evs := insertSynthetic(t, db, analytics.SynthOptions{Seed: 7, Events: 3000}, true)
	for i := range evs {
		evs[i].Cluster = 0 // every row its own cluster
	}
	ctx := context.Background()
	got, err := db.Cells(ctx, sqlite.CellQuery{})
	if err != nil {
		t.Fatal(err)
	}
	want := analytics.Aggregate(evs)
	approx := cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-6 })
	if d := cmp.Diff(want, got, approx); d != "" {
		t.Errorf("SQL cells differ from analytics.Aggregate (-want +got):\n%s", d)
	}
	// A dyad filter keeps exactly that dyad's cells.
	a, b := want[0].Source, want[0].Target
	dy, err := db.Cells(ctx, sqlite.CellQuery{A: a, B: b})
	if err != nil {
		t.Fatal(err)
	}
	var wantDy []analytics.Cell
	for _, c := range want {
		if (c.Source == a && c.Target == b) || (c.Source == b && c.Target == a) {
			wantDy = append(wantDy, c)
		}
	}
	if d := cmp.Diff(wantDy, dy, approx); d != "" || len(dy) == 0 {
		t.Errorf("dyad cells (-want +got):\n%s", d)
	}
	if _, err := db.Cells(ctx, sqlite.CellQuery{Source: "icews"}); err == nil {
		t.Error("unknown source gave no error")
	}
}

func TestStateSQLMatchesStateOf(t *testing.T) {
	raw, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, code := range []string{"PAKGOV", "IGOSCO", "IGOUNOWHO", "GOV", "MIL", "US", "", "RUS", "NGOAMN"} {
		var got string
		if err := raw.QueryRow(`SELECT `+analytics.StateSQL("c")+` FROM (SELECT ? AS c)`, code).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want := analytics.StateOf(code); got != want {
			t.Errorf("StateSQL(%q) = %q, StateOf = %q", code, got, want)
		}
	}
}

func TestEvidenceRows(t *testing.T) {
	db := savedDB(t)
	rows, err := db.EvidenceRows(context.Background(), sqlite.CellQuery{A: "PAK", B: "RUS"}, 1, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatal("no PAK–RUS evidence rows")
	}
	for _, r := range rows {
		if r.Sentence == "" || r.URL == "" || r.DocID == "" || r.Span.End <= r.Span.Start || r.Goldstein <= 0 {
			t.Errorf("evidence row lacks sentence, URL, document or span: %+v", r)
		}
	}
}

// BenchmarkAnalytics10M is in analytics_bench_test.go.
