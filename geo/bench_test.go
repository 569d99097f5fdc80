package geo

import (
	"runtime"
	"testing"

	"github.com/realign/realign"
	"github.com/realign/realign/internal/testcorpus"
)

// BenchmarkNew measures building the built-in gazetteer from the embedded
// files (hand-written and generated rows), and reports the heap a built
// gazetteer keeps.
func BenchmarkNew(b *testing.B) {
	for _, bc := range []struct {
		name string
		opts Options
	}{{"all", Options{}}, {"hand-written", Options{NoGenerated: true}}} {
		b.Run(bc.name, func(b *testing.B) {
			runtime.GC()
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			g, err := build(bc.opts)
			if err != nil {
				b.Fatal(err)
			}
			runtime.GC()
			runtime.ReadMemStats(&m1)
			runtime.KeepAlive(g)
			b.ResetTimer()
			for b.Loop() {
				if _, err := build(bc.opts); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(int64(m1.HeapAlloc)-int64(m0.HeapAlloc))/(1<<20), "MiB-kept")
		})
	}
}

// BenchmarkAnnotateVOA measures the geo stage alone over the VOA corpus
// (sentences precomputed), reporting places resolved per second.
func BenchmarkAnnotateVOA(b *testing.B) {
	corpus := testcorpus.VOA(b)
	setup(b)
	var docs []*realign.Analysis
	for _, d := range corpus {
		a := &realign.Analysis{Document: realign.Document{Text: d.Text}}
		if err := seg.Annotate(a); err != nil {
			b.Fatal(err)
		}
		docs = append(docs, a)
	}
	places := 0
	b.ResetTimer()
	for b.Loop() {
		places = 0
		for _, a := range docs {
			if err := gaz.Annotate(a); err != nil {
				b.Fatal(err)
			}
			places += len(a.Places)
		}
	}
	b.ReportMetric(float64(places)*float64(b.N)/b.Elapsed().Seconds(), "places/s")
	b.ReportMetric(b.Elapsed().Seconds()*1e3/float64(b.N)/float64(len(docs)), "ms/doc")
}
