package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/realign/realign/analytics"
	"github.com/realign/realign/sqlite"
)

// BenchmarkAnalytics builds a store of REALIGN_BENCH_EVENTS synthetic
// events (default 1,000,000; docs/benchmarks/analytics.md has the 10
// million run) over 60 states and 3 years, once, then times the queries
// behind realign dyad (one busy dyad, month series), shifts (cells of
// the last 15 months, test) and blocs (all cells, quarterly Louvain).
// It reports the heap after each query (memory grows with dyad-days,
// not with events).
func BenchmarkAnalytics(b *testing.B) {
	n := 1_000_000
	if s := os.Getenv("REALIGN_BENCH_EVENTS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("REALIGN_BENCH_EVENTS=%q is not a positive number", s)
		}
		n = v
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"), sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	insertSynthetic(b, db, analytics.SynthOptions{Seed: 1, States: 60, Groups: 3, Events: n, Months: 36, Density: 0.5,
		ShiftA: "X00", ShiftB: "X03", ShiftDay: 18536, ShiftTo: 0.05}, false) // shift on 2020-10-01
	b.Logf("generated and stored %d events in %v", n, time.Since(start).Round(time.Millisecond))
	_, last, _, err := db.DayRange(ctx, sqlite.SourceCoded)
	if err != nil {
		b.Fatal(err)
	}
	heap := func() float64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return float64(m.HeapInuse) / (1 << 20)
	}
	b.Run("dyad", func(b *testing.B) {
		for b.Loop() {
			cells, err := db.Cells(ctx, sqlite.CellQuery{A: "X00", B: "X03"})
			if err != nil {
				b.Fatal(err)
			}
			pts := analytics.Series(cells, "X00", "X03", false, analytics.Month, 1, 0, analytics.Bootstrap{})
			if len(pts) == 0 {
				b.Fatal("no series")
			}
		}
		b.ReportMetric(heap(), "heap-MiB")
	})
	b.Run("shifts", func(b *testing.B) {
		for b.Loop() {
			opt := analytics.ShiftOptions{Until: last, Since: last - 89}
			opt.BaselineFrom = opt.Since - 365
			cells, err := db.Cells(ctx, sqlite.CellQuery{Since: analytics.DayTime(opt.BaselineFrom), Until: analytics.DayTime(last)})
			if err != nil {
				b.Fatal(err)
			}
			rep := analytics.Shifts(cells, opt)
			if len(rep.Alerts) == 0 || rep.Alerts[0].Dyad != "X00-X03" {
				b.Fatalf("planted shift not first: tested %d, %d cells, alerts %+v", rep.Tested, len(cells), rep.Alerts[:min(len(rep.Alerts), 3)])
			}
		}
		b.ReportMetric(heap(), "heap-MiB")
	})
	b.Run("blocs", func(b *testing.B) {
		for b.Loop() {
			cells, err := db.Cells(ctx, sqlite.CellQuery{})
			if err != nil {
				b.Fatal(err)
			}
			if ws := analytics.Blocs(cells, analytics.BlocOptions{Seed: 1}); len(ws) == 0 {
				b.Fatal("no blocs")
			}
		}
		b.ReportMetric(heap(), "heap-MiB")
	})
}
