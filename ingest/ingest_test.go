package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/google/go-cmp/cmp"
	"github.com/nlnwa/gowarc/v3"

	"github.com/realign/realign"
	"github.com/realign/realign/pipeline"
)

// memStore is an in-memory realign.Store.
type memStore struct {
	mu   sync.Mutex
	docs map[string]*realign.Analysis
	log  []realign.IngestRecord
	// failAfter makes SaveBatch fail once this many batches are saved
	// (0: never), like a process that dies.
	failAfter int
	saves     int
}

func newMem() *memStore { return &memStore{docs: map[string]*realign.Analysis{}} }

func (m *memStore) HasDocument(_ context.Context, id string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.docs[id]
	return ok, nil
}

func (m *memStore) SaveBatch(_ context.Context, as []*realign.Analysis, l []realign.IngestRecord) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failAfter > 0 && m.saves >= m.failAfter {
		return errors.New("disk on fire")
	}
	m.saves++
	for _, a := range as {
		if a.Document.ID != realign.ContentID(a.Document.Text) {
			return fmt.Errorf("document %s: ID is not its ContentID", a.Document.Source)
		}
		if _, ok := m.docs[a.Document.ID]; !ok {
			m.docs[a.Document.ID] = a
		}
	}
	m.log = append(m.log, l...)
	return nil
}

func (m *memStore) Close() error { return nil }

// bySource returns the stored documents keyed by Source.
func (m *memStore) bySource() map[string]*realign.Analysis {
	out := map[string]*realign.Analysis{}
	for _, a := range m.docs {
		out[a.Document.Source] = a
	}
	return out
}

// logOf returns status and reason of each source in the log.
func (m *memStore) logOf() map[string]string {
	out := map[string]string{}
	for _, r := range m.log {
		out[r.Source] = r.Status + ": " + r.Reason
	}
	return out
}

var (
	pipeOnce sync.Once
	pipe     *pipeline.Pipeline
	pipeErr  error
)

func testOptions(t *testing.T) Options {
	t.Helper()
	pipeOnce.Do(func() { pipe, pipeErr = pipeline.New(pipeline.Options{}) })
	if pipeErr != nil {
		t.Fatal(pipeErr)
	}
	return Options{Pipeline: pipe, BatchSize: 3, Workers: 2}
}

func run(t *testing.T, m *memStore, opts Options, args ...string) Stats {
	t.Helper()
	st, err := Run(context.Background(), m, args, opts)
	if err != nil {
		t.Fatalf("Run(%v): %v", args, err)
	}
	return st
}

func date(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestReaders ingests each fixture and checks what was stored.
func TestReaders(t *testing.T) {
	type doc struct {
		Title     string
		URL       string
		Published time.Time
		Site      string
		Language  string
		TextHas   string
	}
	tests := []struct {
		file    string
		opts    func(*Options)
		docs    map[string]doc // by Source
		skipped []string       // reasons, sorted
	}{
		{file: "article.txt", docs: map[string]doc{"testdata/article.txt": {Title: "Ministers meet in Geneva on water treaty", Published: date("2024-03-03T00:00:00Z"), Language: "en", TextHas: "Nile water treaty"}}},
		{file: "page.html", docs: map[string]doc{"testdata/page.html": {Title: "Talks resume in Doha", URL: "https://news.example.org/2024/05/doha-talks", Published: date("2024-05-02T00:00:00Z"), Site: "news.example.org", Language: "en", TextHas: "resumed talks in Doha"}}},
		{file: "page.html.gz", docs: map[string]doc{"testdata/page.html.gz": {Title: "Talks resume in Doha", URL: "https://news.example.org/2024/05/doha-talks", Published: date("2024-05-02T00:00:00Z"), Site: "news.example.org", Language: "en", TextHas: "resumed talks in Doha"}}},
		{file: "stories.jsonl", docs: map[string]doc{
			"testdata/stories.jsonl:1": {Title: "Kenya and Uganda sign trade deal", URL: "https://example.org/a", Published: date("2024-02-05T10:00:00Z"), Site: "Example Wire", Language: "en", TextHas: "trade agreement"},
			"testdata/stories.jsonl:3": {Title: "Protest in Santiago", Published: date("2024-02-03T00:00:00Z"), Language: "en", TextHas: "pension system"},
		}, skipped: []string{"invalid JSON", "no text"}},
		{file: "stories.jsonl.gz", docs: map[string]doc{
			"testdata/stories.jsonl.gz:1": {Title: "Kenya and Uganda sign trade deal", URL: "https://example.org/a", Published: date("2024-02-05T10:00:00Z"), Site: "Example Wire", Language: "en", TextHas: "trade agreement"},
			"testdata/stories.jsonl.gz:3": {Title: "Protest in Santiago", Published: date("2024-02-03T00:00:00Z"), Language: "en", TextHas: "pension system"},
		}, skipped: []string{"invalid JSON", "no text"}},
		{file: "custom.jsonl", opts: func(o *Options) {
			o.Fields = Fields{Text: "body", Title: "headline", URL: "link", Published: "date"}
		}, docs: map[string]doc{"testdata/custom.jsonl:1": {Title: "Japan and South Korea meet", URL: "https://example.org/j", Published: date("2024-03-01T00:00:00Z"), Language: "en", TextHas: "missile tests"}}},
		{file: "feed.rss", docs: map[string]doc{
			"https://example.org/rss/1": {Title: "Leaders meet in Brussels", URL: "https://example.org/rss/1", Published: date("2024-03-05T08:00:00Z"), Site: "Example World News", Language: "en", TextHas: "support for Ukraine.\n\nThe summit ended"},
			"https://example.org/rss/2": {Title: "Ceasefire holds in Sudan", URL: "https://example.org/rss/2", Published: date("2024-03-06T08:00:00Z"), Site: "Example World News", Language: "en", TextHas: "Rapid Support Forces"},
		}, skipped: []string{"feed item has no content or description"}},
		{file: "feed.atom", docs: map[string]doc{"https://example.org/atom/1": {Title: "India and China hold border talks", URL: "https://example.org/atom/1", Published: date("2024-04-01T12:00:00Z"), Site: "Example Atom", Language: "en", TextHas: "disputed border"}}},
		{file: "feed.rdf", docs: map[string]doc{"https://example.org/rdf/1": {Title: "Brazil recalls ambassador", URL: "https://example.org/rdf/1", Published: date("2024-02-21T10:00:00Z"), Site: "Example RDF", Language: "en", TextHas: "ambassador to Israel"}}},
		{file: "feed.json", docs: map[string]doc{"https://example.org/json/1": {Title: "Turkey hosts Syria talks", URL: "https://example.org/json/1", Published: date("2024-01-15T09:00:00Z"), Site: "Example JSON Feed", Language: "en", TextHas: "Ankara"}}},
		// Latin-1 bytes without an XML declaration: decoded, not rejected.
		{file: "latin1.rss", docs: map[string]doc{"https://example.org/pt/1": {Title: "Governo anuncia reforma", URL: "https://example.org/pt/1", Published: date("2018-09-24T10:00:00Z"), Site: "Notícias de Exemplo", Language: "pt", TextHas: "reforma da previdência que será votada"}}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			m := newMem()
			opts := testOptions(t)
			if tc.opts != nil {
				tc.opts(&opts)
			}
			st := run(t, m, opts, filepath.Join("testdata", tc.file))
			got := map[string]doc{}
			for src, a := range m.bySource() {
				d := a.Document
				has := ""
				if strings.Contains(d.Text, tc.docs[src].TextHas) {
					has = tc.docs[src].TextHas
				} else {
					has = "text: " + d.Text
				}
				got[src] = doc{Title: d.Title, URL: d.URL, Published: d.Published.UTC(), Site: d.Site, Language: d.Language, TextHas: has}
			}
			if diff := cmp.Diff(tc.docs, got); diff != "" {
				t.Errorf("stored documents (-want +got):\n%s", diff)
			}
			var skipped []string
			for k, n := range st.SkippedBy {
				for range n {
					skipped = append(skipped, k)
				}
			}
			sort.Strings(skipped)
			if diff := cmp.Diff(tc.skipped, skipped); diff != "" {
				t.Errorf("skipped (-want +got):\n%s\nlog: %v", diff, m.logOf())
			}
			if st.Read != len(m.log) || st.Read != len(tc.docs)+len(tc.skipped) {
				t.Errorf("read %d, log has %d records, want %d", st.Read, len(m.log), len(tc.docs)+len(tc.skipped))
			}
		})
	}
}

// TestLanguageAndDuplicates: a Portuguese feed item is stored but not
// coded; the same file twice gives duplicates; a run over a stored corpus
// stores nothing new.
func TestLanguageAndDuplicates(t *testing.T) {
	m := newMem()
	st := run(t, m, testOptions(t), "testdata/latin1.rss", "testdata/stories.jsonl", "testdata/stories.jsonl")
	if st.NotCoded != 1 || st.NotCodedBy["language pt, not English"] != 1 {
		t.Errorf("not coded = %d %v, want 1 Portuguese", st.NotCoded, st.NotCodedBy)
	}
	for _, a := range m.docs {
		if a.Document.Language == "pt" && (a.Sentences != nil || a.Events != nil) {
			t.Errorf("Portuguese document was analysed")
		}
	}
	if st.Stored != 2 || st.Duplicates != 2 || st.AlreadyStored != 0 {
		t.Errorf("stored %d, duplicates %d (%d already stored), want 2, 2 (0)", st.Stored, st.Duplicates, st.AlreadyStored)
	}
	st2 := run(t, m, testOptions(t), "testdata/latin1.rss", "testdata/stories.jsonl")
	if st2.Stored != 0 || st2.NotCoded != 0 || st2.AlreadyStored != 3 {
		t.Errorf("second run: stored %d, not coded %d, already stored %d; want 0, 0, 3", st2.Stored, st2.NotCoded, st2.AlreadyStored)
	}
}

// TestNearDuplicates: a wire copy with another dateline and footer is
// stored uncoded and linked to the first copy.
func TestNearDuplicates(t *testing.T) {
	dir := t.TempDir()
	body := strings.Repeat("", 0) + `Foreign ministers of the Association of Southeast Asian Nations met in Jakarta on Tuesday to discuss tensions in the South China Sea, officials said. ` +
		`The ministers called for restraint and urged all parties to resolve their disputes peacefully under international law. ` +
		`Indonesia, which chairs the group this year, said the talks had been constructive and that a code of conduct was within reach. ` +
		`China's foreign ministry said it welcomed the dialogue but warned outside powers not to interfere in the region.`
	write(t, dir, "a.txt", "JAKARTA (Wire) — "+body)
	write(t, dir, "b.txt", "JAKARTA, Indonesia — "+body+"\n\nReporting by staff; editing by the desk.")
	write(t, dir, "c.txt", "Leaders of the African Union gathered in Addis Ababa on Sunday for a summit on security in the Sahel, where several governments have been overthrown in military coups since 2020, and agreed to send a mission to Niger.")
	m := newMem()
	st := run(t, m, testOptions(t), dir)
	if st.Stored != 2 || st.NearDuplicates != 1 {
		t.Fatalf("stored %d, near-duplicates %d; want 2, 1; log %v", st.Stored, st.NearDuplicates, m.logOf())
	}
	aID := realign.ContentID(m.bySource()[filepath.Join(dir, "a.txt")].Document.Text)
	if got := m.logOf()[filepath.Join(dir, "b.txt")]; !strings.HasPrefix(got, "near-duplicate: near-duplicate of "+aID) {
		t.Errorf("b.txt: %q, want a near-duplicate of a.txt (%s)", got, aID)
	}
	if b := m.bySource()[filepath.Join(dir, "b.txt")]; b == nil || b.Sentences != nil {
		t.Errorf("b.txt should be stored without analysis")
	}
}

// nearStore is a memStore that detects near-duplicates itself, like the
// sqlite store: a stored document whose first 200 bytes equal text's.
type nearStore struct {
	*memStore
	calls int
}

func (s *nearStore) NearDuplicate(_ context.Context, text string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	for id, a := range s.docs {
		if len(text) > 200 && len(a.Document.Text) > 200 && a.Document.Text[:200] == text[:200] && a.Sentences != nil {
			return id, nil
		}
	}
	return "", nil
}

// TestStoreNearDuplicates: with a store that detects near-duplicates, its
// decision is used and logged, even for a copy in the same batch.
func TestStoreNearDuplicates(t *testing.T) {
	dir := t.TempDir()
	body := `Foreign ministers of the Association of Southeast Asian Nations met in Jakarta on Tuesday to discuss tensions in the South China Sea, officials said. ` +
		`The ministers called for restraint and urged all parties to resolve their disputes peacefully under international law. ` +
		`Indonesia, which chairs the group this year, said the talks had been constructive and that a code of conduct was within reach.`
	write(t, dir, "a.txt", body)
	write(t, dir, "b.txt", body+" China said it welcomed the dialogue.")
	s := &nearStore{memStore: newMem()}
	opts := testOptions(t)
	opts.BatchSize = 100
	st, err := Run(context.Background(), s, []string{dir}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if st.Stored != 1 || st.NearDuplicates != 1 || s.calls < 3 {
		t.Errorf("stored %d, near-duplicates %d, store asked %d times; want 1, 1, >= 3; log %v", st.Stored, st.NearDuplicates, s.calls, s.logOf())
	}
}

func write(t *testing.T, dir, name, s string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// warcRecord builds one WARC response record.
func warcRecord(t *testing.T, uri, date, ctype, body string) gowarc.WarcRecord {
	t.Helper()
	b := gowarc.NewRecordBuilder(gowarc.Response, gowarc.WithAddMissingDigest(true), gowarc.WithFixContentLength(true))
	http := fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s", ctype, len(body), body)
	if _, err := b.WriteString(http); err != nil {
		t.Fatal(err)
	}
	b.AddWarcHeader(gowarc.WarcRecordID, fmt.Sprintf("<urn:uuid:%08x-0000-0000-0000-000000000000>", len(uri)*7919+len(body)))
	b.AddWarcHeader(gowarc.WarcDate, date)
	b.AddWarcHeader(gowarc.WarcTargetURI, uri)
	b.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=response")
	rec, _, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// makeWARC writes records to a WARC file, gzip member by member when gz.
func makeWARC(t *testing.T, recs []gowarc.WarcRecord, gz bool) []byte {
	t.Helper()
	var out bytes.Buffer
	for _, r := range recs {
		var one bytes.Buffer
		if _, _, err := gowarc.NewMarshaler().Marshal(&one, r, 0); err != nil {
			t.Fatal(err)
		}
		if gz {
			zw := gzip.NewWriter(&out)
			zw.Write(one.Bytes())
			zw.Close()
		} else {
			out.Write(one.Bytes())
		}
	}
	return out.Bytes()
}

func page(title, text string) string {
	return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body><article><h1>" + title +
		"</h1><p>" + text + "</p><p>Officials said further meetings were planned for the coming weeks, and both governments welcomed the progress made so far.</p></article></body></html>"
}

func warcRecords(t *testing.T) []gowarc.WarcRecord {
	return []gowarc.WarcRecord{
		warcRecord(t, "https://example.org/w/1", "2024-06-01T10:00:00Z", "text/html; charset=utf-8", page("Peru and Chile sign accord", "The presidents of Peru and Chile signed a fisheries accord in Lima on Friday after two years of negotiations.")),
		warcRecord(t, "https://example.org/logo.png", "2024-06-01T10:00:01Z", "image/png", "\x89PNG\r\n\x1a\nxxxx"),
		warcRecord(t, "https://example.org/w/2", "2024-06-02T11:00:00Z", "text/html", page("Vietnam hosts ASEAN envoys", "Vietnam hosted envoys from the Association of Southeast Asian Nations in Hanoi on Saturday to prepare a regional summit.")),
	}
}

// TestWARC builds WARC files from HTML pages and ingests them: HTML
// responses are stored with their target URI and the record date; other
// records are passed over.
func TestWARC(t *testing.T) {
	for _, gz := range []bool{false, true} {
		t.Run(fmt.Sprintf("gzip=%v", gz), func(t *testing.T) {
			dir := t.TempDir()
			name := "pages.warc"
			if gz {
				name += ".gz"
			}
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, makeWARC(t, warcRecords(t), gz), 0o644); err != nil {
				t.Fatal(err)
			}
			m := newMem()
			st := run(t, m, testOptions(t), p)
			if st.Stored != 2 || st.Read != 2 {
				t.Fatalf("read %d stored %d, want 2 2; log %v", st.Read, st.Stored, m.logOf())
			}
			a := m.bySource()["https://example.org/w/1"]
			if a == nil {
				t.Fatalf("page 1 not stored: %v", m.logOf())
			}
			if a.Document.URL != "https://example.org/w/1" || !a.Document.Published.Equal(date("2024-06-01T10:00:00Z")) || !strings.Contains(a.Document.Text, "fisheries accord") {
				t.Errorf("page 1: url %q published %v text %q", a.Document.URL, a.Document.Published, a.Document.Text)
			}
		})
	}
}

// TestBadInput: a corpus of broken inputs next to good ones; every broken
// one is skipped with its reason and the good ones are stored.
func TestBadInput(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 100 MB file")
	}
	dir := t.TempDir()
	good := write(t, dir, "good.txt", "The prime minister of Canada visited Mexico City on Tuesday and met the Mexican president to discuss trade and migration.")
	_ = good
	// truncated gzip
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	zw.Write([]byte(strings.Repeat("The foreign minister of France visited Algeria. ", 500)))
	zw.Close()
	write(t, dir, "truncated.txt.gz", string(zb.Bytes()[:zb.Len()/2]))
	// truncated WARC: the first record whole, the second cut
	w := makeWARC(t, warcRecords(t)[:1], false)
	w2 := makeWARC(t, warcRecords(t)[2:], false)
	write(t, dir, "truncated.warc", string(w)+string(w2[:len(w2)/2]))
	write(t, dir, "empty.txt", "")
	write(t, dir, "junk.bin", "\x00\x01\x02\x03\xff\xfe binary \x00\x00\x10\x11")
	write(t, dir, "latin.txt", "The minister said caf\xe9 talks in Paris would resume \xe0 noon on Monday, officials said.")
	write(t, dir, "bomb.rss", `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">`+
		`<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><rss version="2.0"><channel><title>x</title><item><title>&lol3;</title><description>&lol3;</description></item></channel></rss>`)
	write(t, dir, "broken.rss", `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>unclosed`)
	// a 100 MB single line, as JSON lines and as a text file
	big := filepath.Join(dir, "big.jsonl")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"text": "`)
	chunk := bytes.Repeat([]byte("a"), 1<<20)
	for range 100 {
		f.Write(chunk)
	}
	f.WriteString("\"}\n" + `{"text": "The president of Ghana met the president of Togo in Accra on Friday to discuss border security and trade."}` + "\n")
	f.Close()
	if err := os.Link(big, filepath.Join(dir, "bigline.txt")); err != nil {
		t.Fatal(err)
	}

	m := newMem()
	opts := testOptions(t)
	st := run(t, m, opts, dir)
	log := m.logOf()
	want := map[string]string{
		"bigline.txt":      "skipped: too large",
		"bomb.rss":         "skipped: feed declares XML entities",
		"broken.rss":       "skipped: feed parse error",
		"empty.txt":        "skipped: empty file",
		"junk.bin":         "skipped: binary data",
		"latin.txt":        "skipped: invalid UTF-8",
		"truncated.txt.gz": "skipped: truncated or corrupt gzip",
		"big.jsonl:1":      "skipped: line too long",
		"big.jsonl:2":      "stored: ",
		"good.txt":         "stored: ",
	}
	for name, prefix := range want {
		if got := log[filepath.Join(dir, name)]; !strings.HasPrefix(got, prefix) {
			t.Errorf("%s: %q, want %q...", name, got, prefix)
		}
	}
	if got := log["https://example.org/w/1"]; got != "stored: " {
		t.Errorf("first WARC record: %q, want stored", got)
	}
	var warcSkip string
	for src, s := range log {
		if strings.HasPrefix(src, filepath.Join(dir, "truncated.warc")+"@") {
			warcSkip = s
		}
	}
	if !strings.HasPrefix(warcSkip, "skipped: truncated or malformed WARC record") {
		t.Logf("log: %v", log)
		t.Errorf("truncated WARC record: %q", warcSkip)
	}
	if st.Stored != 3 || st.Skipped != 9 || st.Failed != 0 {
		t.Errorf("stored %d skipped %d failed %d, want 3 9 0; %v", st.Stored, st.Skipped, st.Failed, st.SkippedBy)
	}
}

// TestResume: a run whose store dies after two batches, then the same run
// again, leaves the same documents as one uninterrupted run.
func TestResume(t *testing.T) {
	dir := t.TempDir()
	var lines []string
	countries := []string{"Kenya", "Uganda", "Ghana", "Peru", "Chile", "Japan", "India", "Brazil", "Egypt", "Turkey", "France", "Spain"}
	for i := range 40 {
		a, b := countries[i%len(countries)], countries[(i*5+1)%len(countries)]
		lines = append(lines, fmt.Sprintf(`{"text": "The foreign minister of %s met the ambassador of %s in the capital on day %d of the talks, officials said. They discussed trade, migration and security."}`, a, b, i))
	}
	corpus := write(t, dir, "c.jsonl", strings.Join(lines, "\n")+"\n")

	full := newMem()
	stFull := run(t, full, testOptions(t), corpus)

	broken := newMem()
	broken.failAfter = 2
	if _, err := Run(context.Background(), broken, []string{corpus}, testOptions(t)); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("Run with a failing store: err = %v", err)
	}
	if len(broken.docs) == 0 || len(broken.docs) >= len(full.docs) {
		t.Fatalf("interrupted run stored %d of %d documents", len(broken.docs), len(full.docs))
	}
	broken.failAfter = 0
	st := run(t, broken, testOptions(t), corpus)
	if st.AlreadyStored == 0 || st.Stored+st.AlreadyStored != stFull.Stored {
		t.Errorf("resumed: stored %d + already stored %d, want %d", st.Stored, st.AlreadyStored, stFull.Stored)
	}
	if diff := cmp.Diff(docSummary(full), docSummary(broken)); diff != "" {
		t.Errorf("documents after resuming differ (-full +resumed):\n%s", diff)
	}
}

// docSummary is the stored documents' IDs with their event and quote
// counts.
func docSummary(m *memStore) map[string][2]int {
	out := map[string][2]int{}
	for id, a := range m.docs {
		out[id] = [2]int{len(a.Events), len(a.Quotes)}
	}
	return out
}

// TestInterrupt: cancelling the context stops reading; what was read is
// committed and Run returns context.Canceled.
func TestInterrupt(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&b, `{"text": "Item %d: the defence minister of Norway met his Swedish counterpart in Oslo to discuss security, officials said."}`+"\n", i)
	}
	corpus := write(t, dir, "c.jsonl", b.String())
	m := newMem()
	ctx, cancel := context.WithCancel(context.Background())
	opts := testOptions(t)
	opts.Progress = func(st Stats) { cancel() }
	opts.ProgressEvery = 20 * time.Millisecond
	st, err := Run(ctx, m, []string{corpus}, opts)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if st.Read != len(m.log) || st.Stored != len(m.docs) {
		t.Errorf("counts %d read, %d stored; store has %d log records, %d documents", st.Read, st.Stored, len(m.log), len(m.docs))
	}
	if st.Read >= 2000 {
		t.Errorf("read all %d items despite the interruption", st.Read)
	}
}

// failStore rejects any batch holding a document whose text mentions
// "poison".
type failStore struct{ *memStore }

func (f failStore) SaveBatch(ctx context.Context, as []*realign.Analysis, l []realign.IngestRecord) error {
	for _, a := range as {
		if strings.Contains(a.Document.Text, "poison") {
			return errors.New("constraint failed")
		}
	}
	return f.memStore.SaveBatch(ctx, as, l)
}

// TestOneBadDocument: a document the store rejects fails alone.
func TestOneBadDocument(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "c.jsonl", `{"text": "The president of Senegal met the president of Mali in Dakar on Monday to discuss security."}
{"text": "A poison document that the store rejects, about the king of Morocco visiting Tunisia."}
{"text": "The prime minister of Italy met the chancellor of Austria in Vienna on Tuesday to discuss migration."}
`)
	s := failStore{newMem()}
	st, err := Run(context.Background(), s, []string{filepath.Join(dir, "c.jsonl")}, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	if st.Stored != 2 || st.Failed != 1 || st.FailedBy["store"] != 1 || len(s.log) != 3 {
		t.Errorf("stored %d failed %d %v, log %d; want 2, 1 store, 3", st.Stored, st.Failed, st.FailedBy, len(s.log))
	}
}

func TestInputsMissing(t *testing.T) {
	m := newMem()
	st := run(t, m, testOptions(t), "testdata/nope.txt", "testdata/*.nothing")
	if st.Skipped != 2 || st.SkippedBy["cannot open"] != 1 || st.SkippedBy["no files match"] != 1 {
		t.Errorf("skipped %v", st.SkippedBy)
	}
	// the summary can name each skipped item with its reason
	if len(st.Problems) != 2 {
		t.Fatalf("problems %+v, want the 2 skipped items", st.Problems)
	}
	for _, p := range st.Problems {
		if p.Status != realign.IngestSkipped || p.Reason == "" || !strings.Contains(p.Source, "testdata/") {
			t.Errorf("problem %+v: want a skipped testdata item with a reason", p)
		}
	}
}

func TestStdinAndGlob(t *testing.T) {
	m := newMem()
	opts := testOptions(t)
	opts.Stdin = strings.NewReader(`{"text": "The president of Chile met the president of Argentina in Santiago on Monday to discuss energy."}` + "\n")
	st := run(t, m, opts, "-", "testdata/feed.r*")
	// "-": 1 JSON line; feed.rdf: 1 item; feed.rss: 2 items and 1 without text
	if st.Stored != 4 || st.Skipped != 1 {
		t.Errorf("stored %d skipped %d, want 4 1; %v", st.Stored, st.Skipped, m.logOf())
	}
	if _, ok := m.logOf()["-:1"]; !ok {
		t.Errorf("no log record for -:1: %v", m.logOf())
	}
}

func TestFragmentText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"<p>One &amp; two.</p><p>Three <b>four</b>.</p>", "One & two.\n\nThree four."},
		{"a<br>b<script>x()</script><style>p{}</style> c", "a\n\nb c"},
		{"<div><figure><img src=x><figcaption>Photo: AP</figcaption></figure>Text</div>", "Text"},
	}
	for _, tc := range tests {
		if got := fragmentText(tc.in); got != tc.want {
			t.Errorf("fragmentText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestReasonKey(t *testing.T) {
	tests := map[string]string{
		"too large: more than 16 bytes":                       "too large",
		"binary data (NUL byte at offset 3)":                  "binary data",
		"invalid UTF-8 in text at byte offset 31":             "invalid UTF-8 in text",
		"truncated or malformed WARC record at offset 9: EOF": "truncated or malformed WARC record",
		"language fr, not English":                            "language fr, not English",
	}
	for in, want := range tests {
		if got := ReasonKey(in); got != want {
			t.Errorf("ReasonKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadLine(t *testing.T) {
	in := "short\n" + strings.Repeat("x", 100) + "\nlast"
	br := bufioReader(in)
	var got []string
	for {
		line, long, err := readLine(br, 50)
		if long {
			got = append(got, "LONG")
		} else {
			got = append(got, string(line))
		}
		if err != nil {
			break
		}
	}
	if diff := cmp.Diff([]string{"short", "LONG", "last"}, got); diff != "" {
		t.Error(diff)
	}
}

func TestMinhash(t *testing.T) {
	var words []string
	for i := range 60 {
		words = append(words, fmt.Sprintf("w%d", i))
	}
	a := strings.Join(words, " ")
	sa, ok := minhash(a)
	if !ok {
		t.Fatal("no signature")
	}
	sb, _ := minhash(a + " w60 w61")
	other, _ := minhash(strings.Repeat("one two three four five six seven eight nine ten eleven twelve ", 4))
	if s := similarity(&sa, &sb); s < 0.8 {
		t.Errorf("similar texts: %.2f", s)
	}
	if s := similarity(&sa, &other); s > 0.2 {
		t.Errorf("different texts: %.2f", s)
	}
	if _, ok := minhash("too short to compare"); ok {
		t.Error("short text got a signature")
	}
	x := newNearIndex(0.8, 2)
	x.add("a", &sa)
	x.add("o", &other)
	if id, _ := x.find(&sb); id != "a" {
		t.Errorf("find = %q, want a", id)
	}
	x.add("o2", &other) // evicts a
	if id, _ := x.find(&sb); id != "" {
		t.Errorf("after eviction find = %q, want none", id)
	}
}

func bufioReader(s string) *bufio.Reader { return bufio.NewReaderSize(strings.NewReader(s), 16) }

// minhashRef is the plain statement of minhash: the signature must not
// depend on how the words are found.
func minhashRef(text string) (sig signature, ok bool) {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	n := len(words) - shingleWords + 1
	if n < minShingles {
		return sig, false
	}
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	for i := 0; i < n; i++ {
		v := uint64(14695981039346656037)
		for _, w := range words[i : i+shingleWords] {
			for k := 0; k < len(w); k++ {
				v ^= uint64(w[k])
				v *= 1099511628211
			}
			v ^= ' '
			v *= 1099511628211
		}
		for j := range sig {
			x := v * hashSeeds[j]
			x ^= x >> 29
			if m := uint32(x >> 32); m < sig[j] {
				sig[j] = m
			}
		}
	}
	return sig, true
}

func TestMinhashMatchesReference(t *testing.T) {
	base := "Pakistani Prime Minister Imran Khan met Russian President Vladimir Putin in Bishkek on Thursday; " +
		"they discussed the SCO summit, arms sales and the 2019 agenda. "
	texts := []string{
		strings.Repeat(base, 3),
		strings.Repeat("İSTANBUL — Erdoğan ve Putin görüştü, ÇAĞRI yapıldı: Ünlü “İKİ” ülke 12,5 milyar. ", 6),
		strings.Repeat("Москва, 14 июня. ПРЕЗИДЕНТ России встретился с премьер-министром Пакистана. ", 6),
		strings.Repeat("北京 6月14日 中国外交部 表示 Σίσυφος ΣΟΦΊΑ ǅemal ﬁnance ℌ Ⅻ ", 10),
		strings.Repeat("bad \xff\xfe utf-8 \xc3 bytes mixed with words A1B2 c3d4 ", 8),
		"too short",
	}
	if f, err := os.Open("../../shared/corpora/voa/voa_stories.jsonl"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			var r struct{ Text string }
			if json.Unmarshal(sc.Bytes(), &r) == nil {
				texts = append(texts, r.Text)
			}
		}
	}
	for i, s := range texts {
		got, gotOK := minhash(s)
		want, wantOK := minhashRef(s)
		if got != want || gotOK != wantOK {
			t.Errorf("text %d (%.40q): signature differs from the reference (ok %v, want %v)", i, s, gotOK, wantOK)
		}
	}
}
