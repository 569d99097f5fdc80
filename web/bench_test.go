package web

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/realign/realign"
	"github.com/realign/realign/analytics"
	"github.com/realign/realign/sqlite"
)

// benchWords make the synthetic article texts searchable.
var benchWords = []string{"summit", "ceasefire", "sanctions", "pipeline", "border", "election", "treaty", "arms", "talks", "aid",
	"protest", "visit", "trade", "missile", "drill", "embassy", "loan", "refugees", "vaccine", "grain"}

// benchStore builds (or reuses, when $REALIGN_BENCH_DB names an existing
// file) a store of n synthetic event mentions: one document per 10
// events with a short searchable text, each event its own cluster
// (analytics.Synthetic: 60 states in 3 groups over 36 months). Rows are
// inserted through (*sqlite.DB).SQL() in one transaction, not through
// SaveBatch, which would need analysed articles (about 3 ms each).
func benchStore(b *testing.B, n int) *sqlite.DB {
	ctx := context.Background()
	path := os.Getenv("REALIGN_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "bench.db")
	}
	_, statErr := os.Stat(path)
	db, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if statErr == nil {
		st, err := db.Stats(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if st.Events >= int64(n) {
			b.Logf("reusing %s: %d events", path, st.Events)
			return db
		}
	}
	start := time.Now()
	tx, err := db.SQL().Begin()
	if err != nil {
		b.Fatal(err)
	}
	prep := func(q string) *sql.Stmt {
		st, err := tx.Prepare(q)
		if err != nil {
			b.Fatal(err)
		}
		return st
	}
	docIns := prep(`INSERT INTO documents(id, title, text, url, published, outlet, status, simhash, sentences, stored_at)
		VALUES (?, ?, ?, ?, ?, ?, 'coded', 0, 3, '2024-01-01T00:00:00Z')`)
	clIns := prep(`INSERT INTO event_clusters(source_code, target_code, code, quad_class, goldstein, first_day, first_event,
		num_mentions, num_documents, num_sources, first_seen) VALUES (?, ?, ?, ?, ?, ?, NULL, 1, 1, ?, '2024-01-01T00:00:00Z')`)
	evIns := prep(`INSERT INTO events(document, cluster, idx, source_code, target_code, code, label, goldstein, quad_class,
		modality, date, day, sentence_start, sentence_end, sentence, trigger_start, trigger_end, rule)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'asserted', ?, ?, 0, ?, ?, 0, 4, 'synthetic')`)
	cdIns := prep(`INSERT INTO cluster_documents(cluster, document, mentions) VALUES (?, ?, 1)`)
	firstIns := prep(`UPDATE event_clusters SET first_event = ? WHERE pk = ?`)
	rng := rand.New(rand.NewPCG(1, 2))
	var doc int64
	idx := 0
	i := 0
	var ierr error
	analytics.Synthetic(analytics.SynthOptions{Seed: 1, States: 60, Groups: 3, Events: n, Months: 36, Density: 0.5,
		ShiftA: "X00", ShiftB: "X03", ShiftDay: 18536, ShiftTo: 0.05}, func(e analytics.Event) {
		if ierr != nil {
			return
		}
		if i%10 == 0 {
			w1, w2 := benchWords[rng.IntN(len(benchWords))], benchWords[rng.IntN(len(benchWords))]
			text := fmt.Sprintf("Story %d. Officials of %s and %s discussed the %s and the %s on the day.", i/10, e.Source, e.Target, w1, w2)
			pub := analytics.Date(e.Day) + "T00:00:00Z"
			res, err := docIns.Exec(realign.ContentID(text), fmt.Sprintf("%s %s talks %d", e.Source, e.Target, i/10), text,
				"https://example.com/"+strconv.Itoa(i/10), pub, "outlet"+strconv.Itoa(rng.IntN(50)))
			if err != nil {
				ierr = err
				return
			}
			doc, _ = res.LastInsertId()
			idx = 0
		}
		sent := fmt.Sprintf("%s and %s: event %s.", e.Source, e.Target, e.Code)
		res, err := clIns.Exec(e.Source, e.Target, e.Code, e.QuadClass, e.Goldstein, e.Day, e.Sources)
		if err != nil {
			ierr = err
			return
		}
		cl, _ := res.LastInsertId()
		res, err = evIns.Exec(doc, cl, idx, e.Source, e.Target, e.Code, "synthetic "+e.Code, e.Goldstein, e.QuadClass,
			analytics.Date(e.Day), e.Day, len(sent), sent)
		if err != nil {
			ierr = err
			return
		}
		ev, _ := res.LastInsertId()
		if _, err := firstIns.Exec(ev, cl); err != nil {
			ierr = err
			return
		}
		if _, err := cdIns.Exec(cl, doc); err != nil {
			ierr = err
			return
		}
		idx++
		i++
	})
	if ierr != nil {
		b.Fatal(ierr)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if _, err := db.SQL().Exec(`ANALYZE`); err != nil {
		b.Fatal(err)
	}
	b.Logf("stored %d synthetic events in %d documents in %v", i, doc, time.Since(start).Round(time.Second))
	return db
}

// BenchmarkPages times pages and API calls on a store of
// $REALIGN_BENCH_EVENTS (default 1,000,000) synthetic events and reports
// the median and 90th percentile per request in ms. The overview is
// timed with its cached part (statistics, alerts) computed once before.
func BenchmarkPages(b *testing.B) {
	n := 1_000_000
	if s := os.Getenv("REALIGN_BENCH_EVENTS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("REALIGN_BENCH_EVENTS=%q is not a positive number", s)
		}
		n = v
	}
	db := benchStore(b, n)
	s, err := New(Options{DB: db, CacheTTL: time.Hour})
	if err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	<-s.summary.refresh()
	b.Logf("overview summary (stats + shifts) computed in %v", time.Since(t0).Round(time.Millisecond))
	for _, tt := range []struct{ name, path string }{
		{"overview", "/"},
		{"dyad_page", "/dyads/X00/X03"},
		{"dyad_api", "/api/dyads/X00/X03"},
		{"event_search_actor", "/api/events?actor=X07&limit=50"},
		{"event_search_text", "/api/events?text=ceasefire&limit=50"},
		{"event_search_filters", "/events?dyad=X01-X04&quad=4&since=2019-06-01&until=2019-12-31"},
		{"event_search_text_actor", "/api/events?text=pipeline+summit&actor=X05&limit=50"},
		{"search_page", "/search?q=sanctions"},
		{"network", "/network"},
		{"actor_page", "/actors/X10"},
	} {
		b.Run(tt.name, func(b *testing.B) {
			var ds []time.Duration
			for b.Loop() {
				t := time.Now()
				code, body, _ := do(b, s, "GET", tt.path, nil)
				ds = append(ds, time.Since(t))
				if code != http.StatusOK {
					b.Fatalf("%s: %d %s", tt.path, code, clip(body, 300))
				}
			}
			slices.Sort(ds)
			b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, "median-ms")
			b.ReportMetric(float64(ds[len(ds)*9/10].Microseconds())/1000, "p90-ms")
		})
	}
}
