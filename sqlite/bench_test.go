package sqlite_test

import (
	"context"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/realign/realign"
	"github.com/realign/realign/internal/testcorpus"
	"github.com/realign/realign/sqlite"
)

// benchAnalyses returns analysed documents for the benchmarks: the VOA
// stories from ../shared when present, else the test articles.
func benchAnalyses(b *testing.B) ([]*realign.Analysis, string) {
	b.Helper()
	docs, ok := testcorpus.VOAIfPresent(b)
	if !ok {
		var out []*realign.Analysis
		for _, ar := range loadArticles(b) {
			out = append(out, analyze(b, ar.doc))
		}
		return out, "testdata"
	}
	var out []*realign.Analysis
	for _, d := range docs {
		out = append(out, analyze(b, d))
	}
	return out, "voa"
}

// BenchmarkSaveBatch stores every analysed document (with its mentions,
// quotations and events) into a fresh database per iteration, in batches
// of 32, and reports documents per second.
func BenchmarkSaveBatch(b *testing.B) {
	as, _ := benchAnalyses(b)
	ctx := context.Background()
	dir := b.TempDir()
	b.ReportAllocs()
	b.ResetTimer()
	var stored int
	var elapsed, cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := sqlite.Open(ctx, filepath.Join(dir, "bench"+strconv.Itoa(i)+".db"), sqlite.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start, cpu0 := time.Now(), cpuTime()
		for j := 0; j < len(as); j += 32 {
			batch := as[j:min(j+32, len(as))]
			log := make([]realign.IngestRecord, len(batch))
			for k, a := range batch {
				log[k] = realign.IngestRecord{Source: a.Document.URL, DocID: a.Document.ID, Status: realign.IngestStored}
			}
			if err := db.SaveBatch(ctx, batch, log); err != nil {
				b.Fatal(err)
			}
		}
		elapsed += time.Since(start)
		cpu += cpuTime() - cpu0
		stored += len(as)
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(stored)/elapsed.Seconds(), "docs/s")
	b.ReportMetric(cpu.Seconds()*1000/float64(stored), "cpu-ms/doc")
}

// cpuTime returns the process's user and system CPU time so far: a
// measure of work that, unlike wall time, hardly depends on what else
// the machine is running.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSaveBatchNearDuplicates stores wire copies of already stored
// documents (a dateline added), which are linked, not coded.
func BenchmarkSaveBatchNearDuplicates(b *testing.B) {
	as, _ := benchAnalyses(b)
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"), sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.SaveBatch(ctx, as, nil); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		batch := make([]*realign.Analysis, 0, 32)
		for j := 0; j < 32; j++ {
			orig := as[(i*32+j)%len(as)]
			cp := *orig
			cp.Document.Text = "CITY" + strconv.Itoa(i*32+j) + " (Wire) - " + orig.Document.Text
			cp.Document.ID = ""
			batch = append(batch, &cp)
		}
		if err := db.SaveBatch(ctx, batch, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(32*b.N)/time.Since(start).Seconds(), "docs/s")
}
