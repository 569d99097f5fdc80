package extract

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/realign/realign"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// render writes a Document in the stable form kept in the golden files.
func render(d realign.Document) string {
	pub := ""
	if !d.Published.IsZero() {
		pub = d.Published.UTC().Format(time.RFC3339)
	}
	return fmt.Sprintf("format: %s\ntitle: %s\npublished: %s\nbyline: %s\nsite: %s\nurl: %s\nlanguage: %s\n---\n%s\n",
		d.Format, d.Title, pub, d.Byline, d.Site, d.URL, d.Language, d.Text)
}

func TestGolden(t *testing.T) {
	e := New(Options{})
	for _, name := range []string{"news.html", "blog.html", "latin1.html", "fragment.html", "blog.txt", "middle.txt", "crlf.txt", "bom.txt", "footer.txt"} {
		t.Run(name, func(t *testing.T) {
			doc, err := e.Read(context.Background(), filepath.Join("testdata", name))
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			checkTextShape(t, doc.Text)
			got := render(doc)
			golden := filepath.Join("testdata", "golden", strings.TrimSuffix(name, filepath.Ext(name))+"."+strings.TrimPrefix(filepath.Ext(name), ".")+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("read golden (run with -update to create it): %v", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", golden, diff)
			}
		})
	}
}

// checkTextShape checks the invariants every Document.Text keeps.
func checkTextShape(t *testing.T, text string) {
	t.Helper()
	if text != strings.TrimSpace(text) {
		t.Errorf("text has leading or trailing white space: %q", text)
	}
	if strings.Contains(text, "\n\n\n") {
		t.Errorf("text has more than one blank line in a row")
	}
	if strings.Contains(text, "\r") {
		t.Errorf("text has a carriage return")
	}
}

func TestMetadataAndText(t *testing.T) {
	e := New(Options{})
	tests := []struct {
		file       string
		title      string
		byline     string
		published  string // YYYY-MM-DD, "" for unknown
		lang       string
		format     string
		contains   []string
		notContain []string
		paragraphs int // minimum number of paragraphs
	}{
		{
			file: "news.html", title: "Ministers meet in Tashkent to discuss water sharing", byline: "Aigerim Sadykova",
			published: "2021-03-09", lang: "en", format: FormatHTML, paragraphs: 6,
			contains:   []string{"Foreign ministers of five Central Asian states met in Tashkent", "\"Water is not a weapon and must never become one,\""},
			notContain: []string{"Great article", "Privacy", "All rights reserved", "Drought threatens", "Leave a Reply", "Home"},
		},
		{
			file: "blog.html", title: "Envoy visits the capital", byline: "Sam Porter", published: "2019-06-14", lang: "en", format: FormatHTML, paragraphs: 3,
			contains:   []string{"The special envoy arrived in the capital on Thursday", "\"cautiously hopeful\""},
			notContain: []string{"Leave a Reply", "Cancel reply", "Your email address", "Proudly powered"},
		},
		{
			file: "latin1.html", title: "Rencontre à Genève", lang: "fr", format: FormatHTML, paragraphs: 2,
			contains: []string{"Les ministres des affaires étrangères se sont rencontrés à Genève", "Zürich"},
		},
		{
			file: "blog.txt", title: "Border talks resume after a long pause", byline: "Jane Doe", published: "2019-06-14",
			lang: "en", format: FormatText, paragraphs: 3,
			contains: []string{"Delegations from the two neighbouring countries met again on Thursday",
				"Observers cautioned that the hardest questions"},
			notContain: []string{"Share this", "Like this", "Loading", "Related", "Grazing rights dispute", "In \"Politics\"",
				"Posted in", "Tags:", "Leave a Reply", "Cancel reply", "bloggers like this", "June 14, 2019", "By Jane Doe"},
		},
		{
			file: "crlf.txt", title: "Trade deal signed", lang: "en", format: FormatText, paragraphs: 2,
			contains: []string{"The two governments signed a trade agreement on Monday.\n\nOfficials said"},
		},
		{
			file: "bom.txt", lang: "en", format: FormatText, paragraphs: 2,
			contains: []string{"The ministry issued a statement on Friday"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			doc, err := e.Read(context.Background(), filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if doc.Title != tc.title {
				t.Errorf("Title = %q, want %q", doc.Title, tc.title)
			}
			if doc.Byline != tc.byline {
				t.Errorf("Byline = %q, want %q", doc.Byline, tc.byline)
			}
			pub := ""
			if !doc.Published.IsZero() {
				pub = doc.Published.Format("2006-01-02")
			}
			if pub != tc.published {
				t.Errorf("Published = %q, want %q", pub, tc.published)
			}
			if doc.Language != tc.lang {
				t.Errorf("Language = %q, want %q", doc.Language, tc.lang)
			}
			if doc.Format != tc.format {
				t.Errorf("Format = %q, want %q", doc.Format, tc.format)
			}
			if want := filepath.Join("testdata", tc.file); doc.Source != want {
				t.Errorf("Source = %q, want %q", doc.Source, want)
			}
			if n := len(strings.Split(doc.Text, "\n\n")); n < tc.paragraphs {
				t.Errorf("%d paragraphs, want at least %d:\n%s", n, tc.paragraphs, doc.Text)
			}
			for _, s := range tc.contains {
				if !strings.Contains(doc.Text, s) {
					t.Errorf("text lacks %q:\n%s", s, doc.Text)
				}
			}
			for _, s := range tc.notContain {
				if strings.Contains(doc.Text, s) {
					t.Errorf("text has furniture %q:\n%s", s, doc.Text)
				}
			}
		})
	}
}

func TestNewsHTMLMetadata(t *testing.T) {
	doc, err := New(Options{}).Read(context.Background(), "testdata/news.html")
	if err != nil {
		t.Fatal(err)
	}
	if want := "https://courier.example.org/world/2021/03/09/tashkent-water-talks"; doc.URL != want {
		t.Errorf("URL = %q, want %q", doc.URL, want)
	}
	if want := "The Steppe Courier"; doc.Site != want {
		t.Errorf("Site = %q, want %q", doc.Site, want)
	}
}

func TestPlainTextKeepsBytes(t *testing.T) {
	// Every kept line of a plain text must be byte-identical to its
	// source line, including odd spacing inside it.
	in := "Heading of the piece\n\n\u00a0“Quoted,”  he said  \n\nTabs\tinside\tstay.\n\n\n\n\nLast line here.\n\nLeave a Reply\n"
	doc, err := New(Options{}).FromBytes("mem", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := "\u00a0“Quoted,”  he said  \n\nTabs\tinside\tstay.\n\nLast line here."
	// Leading and trailing white space of the whole text is trimmed.
	want = strings.TrimFunc(want, isSpaceRune)
	if diff := cmp.Diff(want, doc.Text); diff != "" {
		t.Errorf("text (-want +got):\n%s", diff)
	}
	if doc.Title != "Heading of the piece" {
		t.Errorf("Title = %q", doc.Title)
	}
}

func TestTitleDetection(t *testing.T) {
	tests := []struct {
		in, title string
		text      string // the whole text, when it must be checked exactly
	}{
		{"Short headline\n\nBody text follows here and goes on.", "Short headline", ""},
		{"Short headline\nBody text follows directly on the next line.", "Short headline", ""},
		{"This first line is a sentence and ends with a period.\n\nMore text.", "", ""},
		{"He replied,\n\nWell, that is all.", "", ""},
		{"Only one line without a period", "", ""},
		{"Why did the talks fail?\n\nThe talks failed for three reasons.", "Why did the talks fail?", ""},
		{strings.Repeat("word ", 30) + "\n\nbody", "", ""},
		{"Advertisement\n\nThe story starts here.", "", "The story starts here."},
	}
	e := New(Options{})
	for _, tc := range tests {
		doc, err := e.FromBytes("mem", []byte(tc.in))
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if doc.Title != tc.title {
			t.Errorf("%q: Title = %q, want %q", tc.in, doc.Title, tc.title)
		}
		if tc.text != "" {
			if doc.Text != tc.text {
				t.Errorf("%q: Text = %q, want %q", tc.in, doc.Text, tc.text)
			}
		} else if tc.title == "" && !strings.HasPrefix(doc.Text, strings.TrimSpace(strings.SplitN(tc.in, "\n", 2)[0])) {
			t.Errorf("%q: first line lost from text %q", tc.in, doc.Text)
		}
	}
}

func TestParseDateLine(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" when not a date line
	}{
		{"June 14, 2019", "2019-06-14"},
		{"Jun 14, 2019", "2019-06-14"},
		{"Jun. 14, 2019", "2019-06-14"},
		{"June 14th, 2019", "2019-06-14"},
		{"14 June 2019", "2019-06-14"},
		{"Friday, June 14, 2019", "2019-06-14"},
		{"Fri 14 June 2019 10:30 GMT", "2019-06-14"},
		{"2019-06-14", "2019-06-14"},
		{"2019-06-14T10:30:00Z", "2019-06-14"},
		{"Published: June 14, 2019", "2019-06-14"},
		{"Published on 14 Jun 2019", "2019-06-14"},
		{"Updated: 2019-06-14 10:30", "2019-06-14"},
		{"Posted on Sept. 3, 2019", "2019-09-03"},
		{"June 14, 2019 at 6:01 am", "2019-06-14"},
		{"June 2019", "2019-06-01"},
		{"June 14 was a hot day in Bishkek.", ""},
		{"The summit ended on June 14, 2019", ""},
		{"Published by the ministry", ""},
		{"1234-56-78", ""},
	}
	for _, tc := range tests {
		d, ok := parseDateLine(tc.in)
		got := ""
		if ok {
			got = d.Format("2006-01-02")
		}
		if got != tc.want {
			t.Errorf("parseDateLine(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseDateline(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" when no dated dateline
	}{
		{"BERLIN, Feb. 12, 2024 (Reuters) - German Chancellor Olaf Scholz said", "2024-02-12"},
		{"KYIV, Ukraine, 12 February 2024 - Russian drones struck", "2024-02-12"},
		{"NEW DELHI, March 3, 2024 (AP) — Prime Minister Narendra Modi", "2024-03-03"},
		{"WASHINGTON, Sept. 3, 2019 -- The Senate voted", "2019-09-03"},
		{"ST. PETERSBURG, Russia, Monday, June 14, 2019 – Officials met", "2019-06-14"},
		{"Berlin, 2024-02-12 (dpa) - Die Regierung", "2024-02-12"},
		{"WASHINGTON, March 3 (AP) — President Biden said", ""},
		{"LONDON (Reuters) - Britain said", ""},
		{"WINSTON-SALEM, N.C. — The city council", ""},
		{"German Chancellor Olaf Scholz said on Feb. 12, 2024 - in Berlin - that", ""},
		{"On Feb. 12, 2024 - a Monday - the talks resumed.", ""},
		{"The talks, held on Feb. 12, 2024 - ended.", ""},
		{"BERLIN, Feb. 12, 2024 (Reuters)", ""},
	}
	for _, tc := range tests {
		d, ok := parseDateline(tc.in)
		got := ""
		if ok {
			got = d.Format("2006-01-02")
		}
		if got != tc.want {
			t.Errorf("parseDateline(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestDatelinePublished checks that a dated dateline on the first body line
// of a plain text sets Published when the header gives no date, and that
// the dateline stays in the text.
func TestDatelinePublished(t *testing.T) {
	const body = "German Chancellor Olaf Scholz said on Monday that the talks would continue.\n\nOfficials gave no details.\n"
	tests := []struct {
		name      string
		in        string
		published string // YYYY-MM-DD, "" for unknown
		keep      string // must stay in Text
	}{
		{"dateline with title", "Scholz says talks will continue\n\nBERLIN, Feb. 12, 2024 (Reuters) - " + body, "2024-02-12", "BERLIN, Feb. 12, 2024 (Reuters) - German"},
		{"dateline first line", "BERLIN, Feb. 12, 2024 (Reuters) - " + body, "2024-02-12", "BERLIN, Feb. 12, 2024 (Reuters) - German"},
		{"dateline after byline", "Talks continue\nBy Jane Doe\n\nKYIV, Ukraine, 12 February 2024 - " + body, "2024-02-12", "KYIV, Ukraine, 12 February 2024 - German"},
		{"header date wins", "Talks continue\nMarch 1, 2024\n\nBERLIN, Feb. 12, 2024 (Reuters) - " + body, "2024-03-01", "BERLIN, Feb. 12, 2024"},
		{"no year, no date", "WASHINGTON, March 3 (AP) — " + body, "", "WASHINGTON, March 3 (AP) — German"},
		{"dateline later is ignored", body + "\nBERLIN, Feb. 12, 2024 (Reuters) - More news.\n", "", "BERLIN, Feb. 12, 2024"},
	}
	e := New(Options{})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := e.FromBytes("in.txt", []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			pub := ""
			if !doc.Published.IsZero() {
				pub = doc.Published.Format("2006-01-02")
			}
			if pub != tc.published {
				t.Errorf("Published = %q, want %q", pub, tc.published)
			}
			if !strings.Contains(doc.Text, tc.keep) {
				t.Errorf("text lacks %q:\n%s", tc.keep, doc.Text)
			}
		})
	}
}

func TestParseByline(t *testing.T) {
	tests := []struct {
		in, name, date string
	}{
		{"By Jane Doe", "Jane Doe", ""},
		{"BY JANE DOE", "JANE DOE", ""},
		{"By Jane Doe and John Smith", "Jane Doe and John Smith", ""},
		{"By J.R. Ewing, Reuters", "J.R. Ewing, Reuters", ""},
		{"By Jane Doe | June 14, 2019", "Jane Doe", "2019-06-14"},
		{"By Jane Doe on June 14, 2019", "Jane Doe", "2019-06-14"},
		{"Posted on June 14, 2019 by Sam Porter", "Sam Porter", "2019-06-14"},
		{"Written by Ahmed al Rashid", "Ahmed al Rashid", ""},
		{"By the time the summit ended, nothing was agreed.", "", ""},
		{"By contrast", "", ""},
		{"Bystanders said the convoy passed at noon.", "", ""},
	}
	for _, tc := range tests {
		name, d, ok := parseByline(tc.in)
		if !ok {
			name = ""
		}
		date := ""
		if !d.IsZero() {
			date = d.Format("2006-01-02")
		}
		if name != tc.name || date != tc.date {
			t.Errorf("parseByline(%q) = %q, %q; want %q, %q", tc.in, name, date, tc.name, tc.date)
		}
	}
}

func TestDetectLanguage(t *testing.T) {
	tab, err := loadData()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ in, want string }{
		{"The minister said that the talks with the delegation were useful and that they would continue in the spring.", "en"},
		{"Le ministre a déclaré que les négociations avec la délégation étaient utiles et qu'elles se poursuivraient au printemps.", "fr"},
		{"Der Minister sagte, dass die Gespräche mit der Delegation nützlich waren und im Frühjahr fortgesetzt werden.", "de"},
		{"El ministro dijo que las conversaciones con la delegación fueron útiles y que continuarán en la primavera.", "es"},
		{"Министр сказал, что переговоры с делегацией были полезными и что они будут продолжены весной.", "ru"},
		{"外務大臣は、代表団との会談は有益であり、春に続けられると述べた。", "ja"},
		{"Short line", ""},
		{"", ""},
	}
	for _, tc := range tests {
		if got := detectLanguage(tc.in, tab); got != tc.want {
			t.Errorf("detectLanguage(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for in, want := range map[string]string{"en-US": "en", "EN_gb": "en", "fr": "fr", "": "", "english": "", "x-klingon": ""} {
		if got := normLang(in); got != want {
			t.Errorf("normLang(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestInputFormats(t *testing.T) {
	e := New(Options{})
	tests := []struct {
		name, in, format, text string
	}{
		{"utf16le", string([]byte{0xFF, 0xFE, 'H', 0, 'i', 0, ' ', 0, 't', 0, 'h', 0, 'e', 0, 'r', 0, 'e', 0, '.', 0}), FormatText, "Hi there."},
		{"html by doctype", "<!doctype html><title>T</title><p>Body text of the page is here and is long enough.</p>", FormatHTML, ""},
		{"html after comment", "<!-- saved page --><html><body><p>Body text of the page.</p></body></html>", FormatHTML, ""},
		{"text mentioning a tag", "In HTML the <p> tag starts a paragraph, which is all.", FormatText, "In HTML the <p> tag starts a paragraph, which is all."},
		{"html undeclared latin-1", "<html><body><p>Caf\xe9 owners in Gen\xe8ve met the mayor on Monday to talk about rents.</p></body></html>", FormatHTML, "Café owners in Genève met the mayor on Monday to talk about rents."},
		{"html meta latin-1 but utf-8 bytes", "<html><head><meta charset=\"iso-8859-1\"></head><body><p>Café owners in Genève met the mayor on Monday to talk about rents.</p></body></html>", FormatHTML, "Café owners in Genève met the mayor on Monday to talk about rents."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := e.FromBytes(tc.name, []byte(tc.in))
			if err != nil {
				t.Fatalf("FromBytes: %v", err)
			}
			if doc.Format != tc.format {
				t.Errorf("Format = %q, want %q", doc.Format, tc.format)
			}
			if tc.text != "" && doc.Text != tc.text {
				t.Errorf("Text = %q, want %q", doc.Text, tc.text)
			}
		})
	}
}

func TestStdin(t *testing.T) {
	e := New(Options{Stdin: strings.NewReader("Headline here\n\nThe body of the story read from standard input.\n")})
	doc, err := e.Read(context.Background(), "-")
	if err != nil {
		t.Fatal(err)
	}
	if doc.Source != "-" || doc.Title != "Headline here" || doc.Text != "The body of the story read from standard input." {
		t.Errorf("got %+v", doc)
	}
}

// endless is an io.Reader of endless 'a' bytes that counts what it gave.
type endless struct{ n int64 }

func (r *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	r.n += int64(len(p))
	return len(p), nil
}

func TestReadsAtMostMaxBytesPlusOne(t *testing.T) {
	r := &endless{}
	_, err := New(Options{MaxBytes: 1000, Stdin: r}).Read(context.Background(), "-")
	wantInputError(t, err, "-", "too large: more than 1000 bytes")
	if r.n > 1001 {
		t.Errorf("read %d bytes, want at most 1001", r.n)
	}
}

func wantInputError(t *testing.T, err error, input, reason string) {
	t.Helper()
	var ie *realign.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error = %v (%T), want *realign.InputError", err, err)
	}
	if !errors.Is(err, realign.ErrInput) {
		t.Errorf("errors.Is(err, ErrInput) is false")
	}
	if ie.Input != input {
		t.Errorf("Input = %q, want %q", ie.Input, input)
	}
	if !strings.Contains(err.Error(), reason) {
		t.Errorf("error %q does not contain %q", err.Error(), reason)
	}
}

func TestBadInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	big := write("big.txt", bytes.Repeat([]byte("word "), 400))
	tests := []struct {
		name   string
		input  string
		opts   Options
		reason string
	}{
		{"missing", filepath.Join(dir, "nope.txt"), Options{}, "no such file"},
		{"url without scheme", "127.0.0.1:8765/article.html", Options{}, "no such file (for a URL, start it with http:// or https://)"},
		{"ftp url", "ftp://127.0.0.1/x", Options{}, `unsupported URL scheme "ftp"`},
		{"directory", dir, Options{}, "is a directory"},
		{"empty", write("empty.txt", nil), Options{}, "empty input"},
		{"whitespace", write("ws.txt", []byte(" \n\t\r\n  \n")), Options{}, "only white space"},
		{"bom only", write("bom.txt", []byte("\xef\xbb\xbf\n")), Options{}, "only white space"},
		{"nul bytes", write("nul.bin", []byte("abc\x00def\x00")), Options{}, "binary data (NUL byte at offset 3)"},
		{"control chars", write("ctl.bin", []byte("a\x01b\x02c\x03d\x04e\x05f\x06")), Options{}, "binary data (6 control characters"},
		{"png", write("x.png", append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte("x"), 40)...)), Options{}, "binary data (image/png)"},
		{"pdf", write("x.pdf", []byte("%PDF-1.4\nsome text here\n")), Options{}, "binary data (application/pdf)"},
		{"invalid utf-8", write("bad.txt", []byte("abc\xffdef")), Options{}, "invalid UTF-8 in text at byte offset 3"},
		{"invalid utf-8 late", write("bad2.txt", []byte("Ünïcode \xc3\x28 here")), Options{}, "at byte offset 10"},
		{"html declared utf-8, bad bytes", write("bad.html", []byte("<html><head><meta charset=\"utf-8\"></head><body><p>Caf\xe9</p></body></html>")), Options{}, "invalid UTF-8 in HTML declared as UTF-8 at byte offset 53"},
		{"too large", big, Options{MaxBytes: 1000}, "too large: more than 1000 bytes"},
		{"only furniture", write("furn.txt", []byte("Leave a Reply\n\n%d bloggers like this:\n")), Options{}, "no article text"},
		{"empty html", write("empty.html", []byte("<html><head><title>Nothing</title></head><body><script>var a = 1;</script></body></html>")), Options{}, "no article text"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.opts).Read(context.Background(), tc.input)
			wantInputError(t, err, tc.input, tc.reason)
		})
	}
}

func TestFromBytesTooLarge(t *testing.T) {
	_, err := New(Options{MaxBytes: 10}).FromBytes("upload", []byte("this is more than ten bytes"))
	wantInputError(t, err, "upload", "too large: more than 10 bytes")
}

func TestURLs(t *testing.T) {
	news, err := os.ReadFile("testdata/news.html")
	if err != nil {
		t.Fatal(err)
	}
	latin, err := os.ReadFile("testdata/latin1.html")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/news", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("User-Agent") != "test-agent" {
			http.Error(w, "bad agent", http.StatusForbidden)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(news)
	})
	mux.HandleFunc("/latin", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=ISO-8859-1")
		w.Write(latin)
	})
	mux.HandleFunc("/plain", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "Plain headline\n\nThe plain body of the story.\n")
	})
	mux.HandleFunc("/plain-latin1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=iso-8859-1")
		w.Write([]byte("Gen\xe8ve talks\n\nThe talks in Gen\xe8ve ended.\n"))
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/plain", http.StatusFound)
	})
	mux.HandleFunc("/image", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n"))
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write(bytes.Repeat([]byte("word "), 1000))
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	e := New(Options{UserAgent: "test-agent"})
	ctx := context.Background()

	doc, err := e.Read(ctx, srv.URL+"/news")
	if err != nil {
		t.Fatalf("news: %v", err)
	}
	if doc.Format != FormatHTML || doc.Source != srv.URL+"/news" ||
		doc.URL != "https://courier.example.org/world/2021/03/09/tashkent-water-talks" ||
		doc.Title != "Ministers meet in Tashkent to discuss water sharing" {
		t.Errorf("news: got %s", render(doc))
	}

	doc, err = e.Read(ctx, srv.URL+"/latin")
	if err != nil {
		t.Fatalf("latin: %v", err)
	}
	if !strings.Contains(doc.Text, "Zürich") {
		t.Errorf("latin: text %q lacks Zürich", doc.Text)
	}

	doc, err = e.Read(ctx, srv.URL+"/moved")
	if err != nil {
		t.Fatalf("moved: %v", err)
	}
	if doc.Format != FormatText || doc.Title != "Plain headline" || doc.Text != "The plain body of the story." ||
		doc.URL != srv.URL+"/plain" || doc.Source != srv.URL+"/moved" {
		t.Errorf("moved: got %s", render(doc))
	}

	doc, err = e.Read(ctx, srv.URL+"/plain-latin1")
	if err != nil {
		t.Fatalf("plain-latin1: %v", err)
	}
	if doc.Title != "Genève talks" {
		t.Errorf("plain-latin1: Title = %q", doc.Title)
	}

	closed := httptest.NewServer(mux)
	closedURL := closed.URL + "/news"
	closed.Close()

	bad := []struct {
		name, url string
		e         *Extractor
		reason    string
	}{
		{"404", srv.URL + "/missing", e, "HTTP status 404 Not Found"},
		{"403 user agent", srv.URL + "/news", New(Options{}), "HTTP status 403"},
		{"unreachable", closedURL, e, "unreachable"},
		{"timeout", srv.URL + "/slow", New(Options{Timeout: 50 * time.Millisecond}), "timed out after 50ms"},
		{"image", srv.URL + "/image", e, "unsupported content type image/png"},
		{"too large", srv.URL + "/big", New(Options{MaxBytes: 100}), "too large: more than 100 bytes"},
		{"no host", "http://", e, "malformed URL"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.e.Read(ctx, tc.url)
			wantInputError(t, err, tc.url, tc.reason)
		})
	}
}

// TestSCOBlogpost checks the motivating article.
func TestSCOBlogpost(t *testing.T) {
	const path = "../../shared/examples/sco-summit-blogpost.txt"
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("motivating article not available (%v); skipping", err)
	}
	doc, err := New(Options{}).Read(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if want := "SCO Summit: Putin-Khan interaction and regional realignment"; doc.Title != want {
		t.Errorf("Title = %q, want %q", doc.Title, want)
	}
	if doc.Language != "en" || doc.Format != FormatText {
		t.Errorf("Language, Format = %q, %q; want en, text", doc.Language, doc.Format)
	}
	for _, f := range []string{"Leave a Reply", "bloggers like this"} {
		if strings.Contains(doc.Text, f) {
			t.Errorf("text keeps furniture %q", f)
		}
	}
	checkTextShape(t, doc.Text)
	// Every paragraph of the original other than the title and the two
	// furniture lines must be in the text, byte for byte.
	paras := strings.Split(strings.ReplaceAll(string(raw), "\r\n", "\n"), "\n\n")
	n := 0
	for _, p := range paras {
		p = strings.TrimSpace(p)
		if p == "" || p == doc.Title || p == "Leave a Reply" || p == "%d bloggers like this:" {
			continue
		}
		n++
		if !strings.Contains(doc.Text, p) {
			t.Errorf("body paragraph missing from text: %q", p)
		}
	}
	if n < 8 {
		t.Errorf("only %d body paragraphs in the original; the file changed?", n)
	}
}

func TestDataFilesParse(t *testing.T) {
	tab, err := loadData()
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.any) == 0 || len(tab.tail) == 0 || len(tab.related) == 0 || len(tab.langs) == 0 {
		t.Errorf("data tables incomplete: %d any, %d tail, %d related, %d languages",
			len(tab.any), len(tab.tail), len(tab.related), len(tab.langs))
	}
}

func TestFurnitureParseErrors(t *testing.T) {
	// Parse errors name the file and line.
	tab := &tables{stop: map[string][]string{}}
	err := parseFurniture(tab, "data/stopwords.tsv")
	if err == nil || !strings.Contains(err.Error(), "data/stopwords.tsv:") {
		t.Errorf("parsing a malformed file: err = %v, want file:line error", err)
	}
}

// FuzzFromBytes checks that no input makes the extractor panic and that
// every success keeps the text invariants.
func FuzzFromBytes(f *testing.F) {
	for _, s := range []string{"", "a", "<p>x</p>", "<html><body><p>Hello world, this is a page.</p></body></html>",
		"Title\n\nBody.", "\xff\xfe\x00", "By X\n\nJune 1, 2020\n\nText.", "Related\n\nA\n\nShare this:"} {
		f.Add([]byte(s))
	}
	e := New(Options{MaxBytes: 1 << 16})
	f.Fuzz(func(t *testing.T, b []byte) {
		doc, err := e.FromBytes("fuzz", b)
		if err != nil {
			return
		}
		if doc.Text == "" || doc.Text != strings.TrimFunc(doc.Text, isSpaceRune) || strings.Contains(doc.Text, "\n\n\n") {
			t.Errorf("bad text %q from %q", doc.Text, b)
		}
	})
}
