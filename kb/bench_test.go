package kb

import (
	"strings"
	"testing"
	"unicode"

	"github.com/realign/realign/internal/testcorpus"
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

// voaTexts returns the VOA stories' texts (skipped when ../shared is
// absent).
func voaTexts(b *testing.B) []string {
	var out []string
	for _, d := range testcorpus.VOA(b) {
		out = append(out, d.Text)
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
