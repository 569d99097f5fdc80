package entity

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/realign/realign"
	"github.com/realign/realign/kb"
	"github.com/realign/realign/nlp"
)

// largeDoc repeats testdata/bench.txt (blank-line separated) until the
// text has at least size bytes.
func largeDoc(tb testing.TB, size int) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "bench.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	var sb strings.Builder
	for sb.Len() < size {
		sb.Write(b)
		sb.WriteString("\n\n")
	}
	return sb.String()
}

// BenchmarkAnnotateLarge times the entity stage alone (sentences are
// split once, outside the timer) on a synthetic document of 100 KB and
// 1 MB. The stage is meant to scale linearly: ns/op at 1 MB should be
// about ten times that at 100 KB.
func BenchmarkAnnotateLarge(b *testing.B) {
	seg, err := nlp.New(nlp.Options{})
	if err != nil {
		b.Fatal(err)
	}
	k, err := kb.Load(kb.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ann, err := New(Options{KB: k})
	if err != nil {
		b.Fatal(err)
	}
	for _, size := range []int{100 << 10, 1 << 20} {
		text := largeDoc(b, size)
		a := &realign.Analysis{Document: realign.Document{Text: text, Published: time.Date(2024, 6, 20, 0, 0, 0, 0, time.UTC)}}
		if err := seg.Annotate(a); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("%dKB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				if err := ann.Annotate(a); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
