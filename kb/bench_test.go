package kb

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"unicode"
)

// BenchmarkLoad times Load of the embedded data: parsing every file and
// building the name and title indexes. Run with -benchmem for memory.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(Options{NoDefaultOverlays: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// voaTexts reads the VOA corpus (read only by benchmarks; skipped when
// absent).
func voaTexts(b *testing.B) []string {
	f, err := os.Open("../../shared/corpora/voa/voa_stories.jsonl")
	if err != nil {
		b.Skipf("VOA corpus not available (%v)", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for sc.Scan() {
		var r struct{ Text string }
		if json.Unmarshal(sc.Bytes(), &r) == nil {
			out = append(out, r.Text)
		}
	}
	return out
}

// BenchmarkMatchVOA measures alias matching alone as the entity stage
// does it: at each word, skip unless some name starts with it
// (MaxWordsFrom) and it is capitalised, else look up the longest phrase of up to that many
// words.
// Throughput is in MB/s of VOA story text.
func BenchmarkMatchVOA(b *testing.B) {
	k, err := Load(Options{NoDefaultOverlays: true})
	if err != nil {
		b.Fatal(err)
	}
	texts := voaTexts(b)
	var words [][]string
	size := 0
	for _, t := range texts {
		size += len(t)
		words = append(words, strings.FieldsFunc(t, func(r rune) bool {
			return unicode.IsSpace(r) || strings.ContainsRune(",.;:!?\"()", r)
		}))
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	matches := 0
	for b.Loop() {
		matches = 0
		for _, ws := range words {
			for i := 0; i < len(ws); i++ {
				maxw := k.MaxWordsFrom(ws[i])
				if maxw == 0 || !unicode.IsUpper([]rune(ws[i])[0]) {
					continue
				}
				for n := min(maxw, len(ws)-i); n >= 1; n-- {
					if len(k.Lookup(strings.Join(ws[i:i+n], " "))) > 0 {
						matches++
						i += n - 1
						break
					}
				}
			}
		}
	}
	b.ReportMetric(float64(matches), "matches")
}
