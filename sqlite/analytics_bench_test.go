package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/realign/realign/analytics"
	"github.com/realign/realign/sqlite"
)

// BenchmarkAnalytics builds a store of REALIGN_BENCH_EVENTS synthetic
// events (default 1,000,000; docs/benchmarks/analytics.md has the 10
// million run) over 60 states and 3 years, once, then times what realign
// dyad (one busy dyad: month series, outlets, profile similarity), shifts
// (cells of the baseline and the last 90 days, test) and blocs (all
// cells, quarterly Louvain) do. The events go through the same triggers
// that keep the dyad summary tables up to date in production.
//
// REALIGN_BENCH_DB=FILE keeps the store in FILE: built there when FILE
// does not exist, reused without building when it does (so that a run
// under /usr/bin/time -v measures the queries' peak memory alone).
//
// Each sub-benchmark reports the peak Go heap in use while it ran
// (sampled every millisecond) and the heap after it.
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
	path := os.Getenv("REALIGN_BENCH_DB")
	build := true
	if path == "" {
		path = filepath.Join(b.TempDir(), "bench.db")
	} else if _, err := os.Stat(path); err == nil {
		build = false
	}
	db, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if build {
		start := time.Now()
		insertSynthetic(b, db, analytics.SynthOptions{Seed: 1, States: 60, Groups: 3, Events: n, Months: 36, Density: 0.5,
			ShiftA: "X00", ShiftB: "X03", ShiftDay: 18536, ShiftTo: 0.05}, false) // shift on 2020-10-01
		b.Logf("generated and stored %d events in %v", n, time.Since(start).Round(time.Millisecond))
		start = time.Now()
		if err := db.RefreshSummaries(ctx); err != nil {
			b.Fatal(err)
		}
		b.Logf("built the dyad summaries in %v", time.Since(start).Round(time.Millisecond))
	}
	var rows [2]int
	for i, t := range []string{"dyad_days", "dyad_months"} {
		if err := db.SQL().QueryRow(`SELECT count(*) FROM ` + t).Scan(&rows[i]); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("summary rows: %d dyad-days, %d dyad-months", rows[0], rows[1])
	_, last, _, err := db.DayRange(ctx, sqlite.SourceCoded)
	if err != nil {
		b.Fatal(err)
	}
	run := func(name string, f func(b *testing.B)) {
		b.Run(name, func(b *testing.B) {
			peak := heapPeak()
			for b.Loop() {
				f(b)
			}
			b.ReportMetric(peak(), "peak-heap-MiB")
			b.ReportMetric(heapNow(), "heap-MiB")
		})
	}
	run("dyad", func(b *testing.B) {
		q := sqlite.CellQuery{A: "X00", B: "X03"}
		cells, err := db.Cells(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		pts := analytics.Series(cells, "X00", "X03", false, analytics.Month, 1, 0, analytics.Bootstrap{})
		if len(pts) == 0 {
			b.Fatal("no series")
		}
		if _, err := db.DyadOutlets(ctx, q, analytics.Month, false); err != nil {
			b.Fatal(err)
		}
		all, err := db.Cells(ctx, sqlite.CellQuery{States: []string{"X00", "X03"}})
		if err != nil {
			b.Fatal(err)
		}
		if sim := analytics.Similar(all, "X00", "X03", pts[0].Start, last, analytics.Bootstrap{}); len(sim.ThirdParties) == 0 {
			b.Fatal("no third parties")
		}
	})
	run("shifts", func(b *testing.B) {
		opt := analytics.ShiftOptions{Until: last, Since: last - 89}
		opt.BaselineFrom = opt.Since - 365
		cells, err := db.ShiftCells(ctx, sqlite.CellQuery{}, opt)
		if err != nil {
			b.Fatal(err)
		}
		rep := analytics.Shifts(cells, opt)
		if len(rep.Alerts) == 0 || rep.Alerts[0].Dyad != "X00-X03" {
			b.Fatalf("planted shift not first: tested %d, %d cells, alerts %+v", rep.Tested, len(cells), rep.Alerts[:min(len(rep.Alerts), 3)])
		}
	})
	run("blocs", func(b *testing.B) {
		cells, err := db.Cells(ctx, sqlite.CellQuery{Window: analytics.Quarter})
		if err != nil {
			b.Fatal(err)
		}
		if ws := analytics.Blocs(cells, analytics.BlocOptions{Seed: 1}); len(ws) == 0 {
			b.Fatal("no blocs")
		}
	})
	// The same on daily cells (what callers that do not set
	// CellQuery.Window read): slower, for comparison.
	run("blocs-daily-cells", func(b *testing.B) {
		cells, err := db.Cells(ctx, sqlite.CellQuery{})
		if err != nil {
			b.Fatal(err)
		}
		if ws := analytics.Blocs(cells, analytics.BlocOptions{Seed: 1}); len(ws) == 0 {
			b.Fatal("no blocs")
		}
	})
}

func heapNow() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapInuse) / (1 << 20)
}

// heapPeak starts sampling the Go heap in use; the returned function
// stops and returns the peak in MiB.
func heapPeak() func() float64 {
	runtime.GC()
	var (
		mu   sync.Mutex
		peak uint64
		stop = make(chan struct{})
		done = make(chan struct{})
	)
	go func() {
		defer close(done)
		var m runtime.MemStats
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&m)
			mu.Lock()
			peak = max(peak, m.HeapInuse)
			mu.Unlock()
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	return func() float64 {
		close(stop)
		<-done
		mu.Lock()
		defer mu.Unlock()
		return float64(peak) / (1 << 20)
	}
}
