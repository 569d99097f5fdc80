// Package testcorpus gives tests and benchmarks the corpora of the shared
// data folder (../shared beside the repository). Product code never
// imports it: realign does not need ../shared at run time.
package testcorpus

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/realign/realign"
)

// Shared returns the path of rel inside the shared data folder and whether
// it exists. The folder is found beside the module root (the nearest
// directory above the working directory that holds go.mod).
func Shared(rel string) (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
	p := filepath.Join(filepath.Dir(dir), "shared", rel)
	_, err = os.Stat(p)
	return p, err == nil
}

// VOAPath is the Voice of America corpus: 89 stories as JSON lines.
const VOAPath = "corpora/voa/voa_stories.jsonl"

// VOA returns the VOA stories as documents (ID, title, text, URL, byline,
// publication time), or skips tb with a clear message when the shared
// folder is absent.
func VOA(tb testing.TB) []realign.Document {
	tb.Helper()
	docs, ok := VOAIfPresent(tb)
	if !ok {
		tb.Skipf("shared corpus %s not present beside the repository: skipping", VOAPath)
	}
	return docs
}

// VOAIfPresent is VOA that reports absence instead of skipping; a corpus
// that is present but unreadable fails tb.
func VOAIfPresent(tb testing.TB) ([]realign.Document, bool) {
	tb.Helper()
	p, ok := Shared(VOAPath)
	if !ok {
		return nil, false
	}
	f, err := os.Open(p)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []realign.Document
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for sc.Scan() {
		var s struct{ ID, URL, Title, Author, Published, Text string }
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			tb.Fatalf("%s: %v", p, err)
		}
		pub, _ := time.Parse("2006-01-02 15:04:05Z", s.Published)
		out = append(out, realign.Document{ID: s.ID, Title: s.Title, Text: s.Text, URL: s.URL, Byline: s.Author,
			Published: pub, Language: "en", Format: "text", Source: s.URL})
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("%s: %v", p, err)
	}
	return out, true
}
