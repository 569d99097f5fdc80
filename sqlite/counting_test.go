package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/realign/realign"
	"github.com/realign/realign/analytics"
	"github.com/realign/realign/sqlite"
)

// countingDB stores one document per event (so none cluster together),
// published 2019-06-14, and returns the store.
func countingDB(t *testing.T, evs []realign.Event) *sqlite.DB {
	t.Helper()
	db, _ := openTemp(t)
	pub := time.Date(2019, 6, 14, 12, 0, 0, 0, time.UTC)
	var as []*realign.Analysis
	for i, ev := range evs {
		text := "Report number " + string(rune('A'+i)) + "."
		as = append(as, &realign.Analysis{Document: realign.Document{Text: text, Site: "a.example", Published: pub},
			Sentences: []realign.Sentence{{Span: realign.Span{Start: 0, End: len(text)}}}, Events: []realign.Event{ev}})
	}
	if err := db.SaveBatch(context.Background(), as, nil); err != nil {
		t.Fatal(err)
	}
	return db
}

func withModality(ev realign.Event, m string, g float64) realign.Event {
	ev.Modality, ev.Goldstein = m, g
	return ev
}

// TestNegatedCooperationDoesNotCount: "signalling its reluctance to
// endorse the U.S. proposal" is coded RUSGOV→USA 051 with modality
// negated; it must not raise cooperation. Hypothetical and historical
// events do not count either; an intended 03x (an intent) does, an
// intended 05x does not.
func TestNegatedCooperationDoesNotCount(t *testing.T) {
	ctx := context.Background()
	base := event("RUS", "USA", "051", "2019-06-13", nil)
	base.Source.Code = "RUSGOV"
	tests := []struct {
		name     string
		ev       realign.Event
		wantN    int
		wantCoop float64
	}{
		{"asserted 051", withModality(base, realign.ModalityAsserted, 3.4), 1, 1},
		{"unmarked 051", withModality(base, "", 3.4), 1, 1},
		{"negated 051", withModality(base, realign.ModalityNegated, 3.4), 0, 0},
		{"hypothetical 051", withModality(base, realign.ModalityHypothetical, 3.4), 0, 0},
		{"historical 051", withModality(base, realign.ModalityHistorical, 3.4), 0, 0},
		{"intended 051", withModality(base, realign.ModalityIntended, 3.4), 0, 0},
		{"intended 036", withModality(event("RUS", "USA", "036", "2019-06-13", nil), realign.ModalityIntended, 4), 1, 1},
		{"hoped 031", withModality(event("RUS", "USA", "031", "2019-06-13", nil), realign.ModalityHoped, 5.2), 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := countingDB(t, []realign.Event{tt.ev})
			for _, w := range []analytics.Window{analytics.Day, analytics.Month} {
				cells, err := db.Cells(ctx, sqlite.CellQuery{A: "RUS", B: "USA", Window: w})
				if err != nil {
					t.Fatal(err)
				}
				pts := analytics.Series(cells, "RUS", "USA", false, w, 1, 0, analytics.Bootstrap{})
				n, coop := 0, 0.0
				for _, p := range pts {
					n += p.Events
					coop += p.WeightedQuad[0] + p.WeightedQuad[1]
				}
				if n != tt.wantN || coop != tt.wantCoop {
					t.Errorf("%s: %d events, cooperation weight %.1f; want %d, %.1f", w, n, coop, tt.wantN, tt.wantCoop)
				}
			}
		})
	}
	// A negated mention in the same cluster as an asserted one leaves the
	// cluster counting once; the summaries follow a later modality change.
	db := countingDB(t, []realign.Event{withModality(base, realign.ModalityNegated, 3.4), withModality(base, realign.ModalityAsserted, 3.4)})
	cells, err := db.Cells(ctx, sqlite.CellQuery{A: "RUS", B: "USA"})
	if err != nil || len(cells) != 1 || cells[0].N != 1 {
		t.Fatalf("mixed cluster: cells %+v, %v; want one cell with one event", cells, err)
	}
	if _, err := db.SQL().Exec(`UPDATE events SET modality = 'negated'`); err != nil {
		t.Fatal(err)
	}
	if cells, err = db.Cells(ctx, sqlite.CellQuery{A: "RUS", B: "USA"}); err != nil || len(cells) != 0 {
		t.Errorf("after negating every mention: cells %+v, %v; want none", cells, err)
	}
}

// TestCoarseDates: year-only and month-only dates do not pile into the
// first window of their period; Coarse counts what each window leaves
// out.
func TestCoarseDates(t *testing.T) {
	ctx := context.Background()
	db := countingDB(t, []realign.Event{
		event("PAK", "RUS", "040", "2019-06-13", nil),
		event("PAK", "RUS", "042", "2019-04", nil),
		event("PAK", "RUS", "043", "2016", nil),
		event("PAK", "RUS", "046", "2019-W20", nil),
	})
	tests := []struct {
		w          analytics.Window
		want, left int
	}{
		{analytics.Day, 1, 3},
		{analytics.Week, 2, 2},
		{analytics.Month, 2, 2},
		{analytics.Quarter, 2, 2},
	}
	for _, tt := range tests {
		q := sqlite.CellQuery{A: "PAK", B: "RUS", Window: tt.w}
		cells, err := db.Cells(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, c := range cells {
			n += c.N
			if c.Day == analytics.DayOf(time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("%s: a year-only date placed on 2016-01-01", tt.w)
			}
		}
		left, err := db.Coarse(ctx, q, false)
		if err != nil {
			t.Fatal(err)
		}
		if n != tt.want || left != tt.left {
			t.Errorf("%s: %d events in windows, %d left out; want %d, %d", tt.w, n, left, tt.want, tt.left)
		}
	}
}

// TestUnknownCountryActors: "---REB" and "---GOV" have no state and
// enter no cell.
func TestUnknownCountryActors(t *testing.T) {
	ev := event("PAK", "RUS", "040", "2019-06-13", nil)
	ev.Target.Code = "---REB"
	db := countingDB(t, []realign.Event{ev})
	cells, err := db.Cells(context.Background(), sqlite.CellQuery{})
	if err != nil || len(cells) != 0 {
		t.Errorf("cells %+v, %v; want none", cells, err)
	}
}
