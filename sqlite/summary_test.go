package sqlite_test

import (
	"context"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/realign/realign/analytics"
	"github.com/realign/realign/sqlite"
	"github.com/realign/realign/store/storetest"
)

var approx = cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-6 })

// TestSummaryFollowsWrites changes and deletes clusters after a first
// read and checks that the summary tables follow: Cells still equals
// analytics.Aggregate over the rows as they now are.
func TestSummaryFollowsWrites(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	evs := insertSynthetic(t, db, analytics.SynthOptions{Seed: 3, Events: 2000}, true)
	if _, err := db.Cells(ctx, sqlite.CellQuery{}); err != nil {
		t.Fatal(err)
	}
	// Row pk i+1 is evs[i]. Change outlets, days, codes; delete some.
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.SQL().Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	var kept []analytics.Event
	for i, e := range evs {
		pk := i + 1
		switch i % 7 {
		case 1:
			e.Sources = 9
			exec(`UPDATE event_clusters SET num_sources = 9 WHERE pk = ?`, pk)
		case 2:
			e.Day += 40
			exec(`UPDATE event_clusters SET first_day = first_day + 40 WHERE pk = ?`, pk)
		case 3:
			e.Target = "IGOUNO"
			exec(`UPDATE event_clusters SET target_code = 'IGOUNO' WHERE pk = ?`, pk)
		case 4:
			exec(`DELETE FROM event_clusters WHERE pk = ?`, pk)
			continue
		}
		e.Cluster = 0
		kept = append(kept, e)
	}
	got, err := db.Cells(ctx, sqlite.CellQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(analytics.Aggregate(kept), got, approx); d != "" {
		t.Errorf("cells after updates (-want +got):\n%s", d)
	}
	var dirty int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM summary_dirty`).Scan(&dirty); err != nil || dirty != 0 {
		t.Errorf("summary_dirty after a read: %d rows, %v", dirty, err)
	}
}

func TestMonthlyCells(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	insertSynthetic(t, db, analytics.SynthOptions{Seed: 5, Events: 4000, Months: 14}, false)
	first, last, ok, err := db.DayRange(ctx, sqlite.SourceCoded)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	for _, r := range []struct{ since, until int64 }{
		{0, 0},                   // everything
		{first + 17, last - 11},  // partial months at both ends
		{first + 40, first + 50}, // inside one month
		{analytics.Month.Start(first + 70), analytics.Month.Next(first+70) - 1}, // exactly one month
		{first + 3, 0},
	} {
		q := sqlite.CellQuery{}
		since := int64(math.MinInt64)
		if r.since != 0 {
			q.Since, since = analytics.DayTime(r.since), r.since
		}
		if r.until != 0 {
			q.Until = analytics.DayTime(r.until)
		}
		daily, err := db.Cells(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []analytics.Window{analytics.Month, analytics.Quarter} {
			q.Window = w
			got, err := db.Cells(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(storetest.InMonths(daily, since), got, approx); d != "" || len(got) == 0 {
				t.Errorf("%v..%v %v: monthly cells (-want +got):\n%s", r.since, r.until, w, d)
			}
		}
	}
	// States keeps the cells touching either state.
	all, err := db.Cells(ctx, sqlite.CellQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var want []analytics.Cell
	for _, c := range all {
		if c.Source == "X00" || c.Target == "X00" || c.Source == "X03" || c.Target == "X03" {
			want = append(want, c)
		}
	}
	got, err := db.Cells(ctx, sqlite.CellQuery{States: []string{"X00", "x03"}})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got, approx); d != "" || len(got) == 0 {
		t.Errorf("cells of X00 or X03 (-want +got):\n%s", d)
	}
}

// TestShiftCellsSameReport checks that the shifts test gives the same
// report on monthly cells (ShiftCells) as on daily cells.
func TestShiftCellsSameReport(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	insertSynthetic(t, db, analytics.SynthOptions{Seed: 11, States: 12, Groups: 2, Events: 8000, Months: 24,
		ShiftA: "X01", ShiftB: "X02", ShiftDay: 18170, ShiftTo: 0.1}, false)
	_, last, _, err := db.DayRange(ctx, sqlite.SourceCoded)
	if err != nil {
		t.Fatal(err)
	}
	opt := analytics.ShiftOptions{Until: last - 3, Since: last - 100}
	opt.BaselineFrom = opt.Since - 300
	daily, err := db.Cells(ctx, sqlite.CellQuery{Since: analytics.DayTime(opt.BaselineFrom), Until: analytics.DayTime(opt.Until)})
	if err != nil {
		t.Fatal(err)
	}
	mon, err := db.ShiftCells(ctx, sqlite.CellQuery{}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(mon) >= len(daily) {
		t.Errorf("monthly cells %d, daily %d: no reduction", len(mon), len(daily))
	}
	want, got := analytics.Shifts(daily, opt), analytics.Shifts(mon, opt)
	if len(want.Alerts) == 0 || want.Alerts[0].Dyad != "X01-X02" {
		t.Fatalf("planted shift not found on daily cells: %+v", want.Alerts)
	}
	if d := cmp.Diff(want, got, approx, cmpopts.IgnoreUnexported(analytics.Shift{})); d != "" {
		t.Errorf("shifts on monthly cells (-daily +monthly):\n%s", d)
	}
	if _, err := db.ShiftCells(ctx, sqlite.CellQuery{}, analytics.ShiftOptions{BaselineFrom: 10, Since: 20, Until: 19}); err == nil {
		t.Error("ShiftCells without periods gave no error")
	}
}
