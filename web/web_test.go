package web

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/realign/realign"
	"github.com/realign/realign/pipeline"
	"github.com/realign/realign/sqlite"
)

type fixture struct {
	url, published, title, text string
}

func loadFixtures(t testing.TB) []fixture {
	t.Helper()
	f, err := os.Open("testdata/articles.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []fixture
	var lines []string
	flush := func() {
		for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
			lines = lines[:len(lines)-1]
		}
		if len(lines) >= 4 {
			out = append(out, fixture{lines[0], lines[1], lines[2], strings.Join(lines[3:], "\n")})
		}
		lines = nil
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "#"):
		case l == "---":
			flush()
		default:
			lines = append(lines, l)
		}
	}
	flush()
	if len(out) < 5 {
		t.Fatalf("testdata/articles.txt: %d articles, want 5", len(out))
	}
	return out
}

var (
	pipeOnce sync.Once
	pipe     *pipeline.Pipeline
	pipeErr  error
)

func testPipeline(t testing.TB) *pipeline.Pipeline {
	t.Helper()
	pipeOnce.Do(func() { pipe, pipeErr = pipeline.New(pipeline.Options{}) })
	if pipeErr != nil {
		t.Fatal(pipeErr)
	}
	return pipe
}

// testDB stores the fixture articles, analysed by the pipeline, in a new
// database and returns it with the analyses.
func testDB(t testing.TB) (*sqlite.DB, []*realign.Analysis) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "web.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var batch []*realign.Analysis
	for _, f := range loadFixtures(t) {
		pub, _ := time.Parse(time.DateOnly, f.published)
		a, err := testPipeline(t).Analyze(realign.Document{ID: realign.ContentID(f.text), Title: f.title, Text: f.text, URL: f.url, Published: pub, Format: "text", Language: "en"})
		if err != nil {
			t.Fatal(err)
		}
		batch = append(batch, a)
	}
	if err := db.SaveBatch(ctx, batch, nil); err != nil {
		t.Fatal(err)
	}
	return db, batch
}

func testServer(t testing.TB, token string) (*Server, *sqlite.DB, []*realign.Analysis) {
	t.Helper()
	db, as := testDB(t)
	s, err := New(Options{DB: db, Token: token, Pipeline: testPipeline(t), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return s, db, as
}

// do runs one request against s and returns the status and body.
func do(t testing.TB, s http.Handler, method, target string, body io.Reader, header ...string) (int, string, http.Header) {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String(), rec.Header()
}

func decode(t testing.TB, body string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, clip(body, 2000))
	}
}
