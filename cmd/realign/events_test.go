package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/realign/realign"
	"github.com/realign/realign/pipeline"
	"github.com/realign/realign/sqlite"
)

// storeTexts are small articles written for the store command tests.
var storeTexts = []struct{ url, published, text string }{
	{"https://example.com/khan-putin", "2019-06-14", "Pakistani Prime Minister Imran Khan met Russian President Vladimir Putin in Bishkek on Thursday.\n\n" +
		"Khan said Pakistan wants to buy arms from Russia. Putin praised Pakistan for its efforts against terrorism."},
	{"https://example.org/meeting", "2019-06-14", "Imran Khan met Vladimir Putin in Bishkek on Thursday, according to a statement from his office."},
	{"https://example.com/ceasefire", "2019-06-11", "India accused Pakistan on Monday of violating the ceasefire in Kashmir.\n\n" +
		"The Indian army said Pakistani troops fired on posts along the Line of Control."},
	{"https://example.net/wang", "2019-06-12", "Chinese Foreign Minister Wang Yi visited Tehran on Tuesday and met Iranian President Hassan Rouhani. " +
		"The two sides discussed an arms deal."},
}

// storeDB builds a database of storeTexts analysed by the pipeline.
func storeDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "realign.db")
	db, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, err := pipeline.New(pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var batch []*realign.Analysis
	for _, s := range storeTexts {
		pub, _ := time.Parse(time.DateOnly, s.published)
		a, err := p.Analyze(realign.Document{ID: realign.ContentID(s.text), Text: s.text, URL: s.url, Published: pub})
		if err != nil {
			t.Fatal(err)
		}
		batch = append(batch, a)
	}
	if err := db.SaveBatch(ctx, batch, nil); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestEventsCommand(t *testing.T) {
	path := storeDB(t)
	t.Run("jsonl dyad", func(t *testing.T) {
		code, out, errs := runCLI(t, "", "events", "--db", path, "--dyad", "PAK,RUS", "--format", "jsonl")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) < 3 {
			t.Fatalf("%d PAK->RUS events, want at least 3 (two meeting reports, arms):\n%s", len(lines), out)
		}
		for _, l := range lines {
			var ev sqlite.Event
			if err := json.Unmarshal([]byte(l), &ev); err != nil {
				t.Fatalf("line is not an event: %v: %s", err, l)
			}
			if ev.Source == nil || !strings.HasPrefix(ev.Source.Code, "PAK") || ev.Target == nil || !strings.HasPrefix(ev.Target.Code, "RUS") {
				t.Errorf("event outside the dyad: %s", l)
			}
			if ev.Sentence == "" || ev.Document.URL == "" || ev.Rule == "" || ev.Code == "" || ev.Day == "" {
				t.Errorf("event lacks evidence: %s", l)
			}
		}
		// The stable field names other tools read.
		var raw map[string]any
		json.Unmarshal([]byte(lines[0]), &raw)
		for _, k := range []string{"source", "target", "cameo", "quad_class", "goldstein", "date", "day", "location", "sentence", "rule", "document", "cluster", "modality"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("jsonl record lacks %q", k)
			}
		}
	})
	t.Run("table code and date", func(t *testing.T) {
		code, out, errs := runCLI(t, "", "events", "--db", path, "--code", "04", "--since", "2019-06-13", "--until", "2019-06-13")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		if !strings.HasPrefix(out, "DATE") || !strings.Contains(out, "Bishkek") || !strings.Contains(out, "PAKGOV (Imran Khan)") {
			t.Errorf("table lacks the Bishkek meeting:\n%s", out)
		}
		if strings.Contains(out, "Tehran") {
			t.Errorf("table holds the 2019-06-11 Tehran visit despite --since:\n%s", out)
		}
	})
	t.Run("csv", func(t *testing.T) {
		code, out, errs := runCLI(t, "", "events", "--db", path, "--actor", "PAK", "--format", "csv")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) < 2 || recs[0][0] != "id" {
			t.Fatalf("csv: %d records:\n%s", len(recs), out)
		}
		for _, r := range recs[1:] {
			if !strings.HasPrefix(r[4], "PAK") && !strings.HasPrefix(r[6], "PAK") {
				t.Errorf("row outside --actor PAK: %v", r)
			}
		}
	})
	t.Run("no match", func(t *testing.T) {
		code, out, _ := runCLI(t, "", "events", "--db", path, "--dyad", "USA,CAN")
		if code != 0 || !strings.Contains(out, "no events match") {
			t.Errorf("exit %d:\n%s", code, out)
		}
	})
}

func TestStoreCommandErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "none.db")
	path := storeDB(t)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"events", "--db", missing}, exitError, "no such database"},
		{[]string{"search", "--db", missing, "arms"}, exitError, "no such database"},
		{[]string{"export", "--db", missing, "--format", "gdelt"}, exitError, "no such database"},
		{[]string{"stats", "--db", missing}, exitError, "no such database"},
		{[]string{"events", "--db", path, "--dyad", "PAK"}, exitUsage, "SOURCE,TARGET"},
		{[]string{"events", "--db", path, "--format", "xml"}, exitUsage, "table, jsonl or csv"},
		{[]string{"events", "--db", path, "--since", "June"}, exitUsage, "not a date"},
		{[]string{"events", "--db", path, "--code", "four"}, exitUsage, "digits"},
		{[]string{"events", "--db", path, "--since", "2019-06-14", "--until", "2019-06-01"}, exitUsage, "before"},
		{[]string{"search", "--db", path}, exitUsage, "QUERY"},
		{[]string{"export", "--db", path}, exitUsage, "--format is required"},
		{[]string{"export", "--db", path, "--format", "parquet"}, exitUsage, "parquet"},
		{[]string{"import", "--db", path, "acled", "x"}, exitUsage, "unknown source kind"},
		{[]string{"import", "--db", path, "gdelt"}, exitUsage, "FILE"},
		{[]string{"import", "--db", path, "gdelt", missing}, exitError, "no such file"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, errs := runCLI(t, "", tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errs, tt.code, tt.want)
			}
		})
	}
	if _, err := filepath.Glob(missing + "*"); err != nil {
		t.Fatal(err)
	}
	if m, _ := filepath.Glob(missing + "*"); len(m) != 0 {
		t.Errorf("read commands created %v", m)
	}
}

func TestSearchCommand(t *testing.T) {
	path := storeDB(t)
	code, out, errs := runCLI(t, "", "search", "--db", path, "arms", "deal")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.HasPrefix(out, "1. ") || !strings.Contains(out, "https://example.net/wang") || !strings.Contains(out, "[arms] [deal]") {
		t.Errorf("search output:\n%s", out)
	}
	code, out, _ = runCLI(t, "", "search", "--db", path, "--format", "jsonl", "Bishkek")
	if code != 0 || strings.Count(out, "\n") != 2 {
		t.Errorf("Bishkek: exit %d, want two documents:\n%s", code, out)
	}
}

func TestExportCommand(t *testing.T) {
	path := storeDB(t)
	code, out, errs := runCLI(t, "", "export", "--db", path, "--format", "gdelt", "--header")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 4 || !strings.HasPrefix(lines[0], "GLOBALEVENTID\tSQLDATE") {
		t.Fatalf("gdelt export:\n%s", out)
	}
	meetings := 0
	for _, l := range lines {
		f := strings.Split(l, "\t")
		if len(f) != 61 {
			t.Errorf("%d columns, want 61: %q", len(f), l)
			continue
		}
		if f[5] == "PAKGOV" && f[15] == "RUSGOV" && f[26] == "040" {
			meetings++
			if f[33] != "2" || f[1] != "20190613" {
				t.Errorf("meeting: NumArticles %s SQLDATE %s, want 2 and 20190613", f[33], f[1])
			}
		}
	}
	if meetings != 1 {
		t.Errorf("%d Khan-Putin meeting rows, want 1 (two reports, one event)", meetings)
	}
	code, jl, _ := runCLI(t, "", "export", "--db", path, "--format", "jsonl")
	_, ev, _ := runCLI(t, "", "events", "--db", path, "--format", "jsonl")
	if code != 0 || jl != ev || jl == "" {
		t.Errorf("export jsonl differs from events jsonl")
	}
}

func TestImportGDELTCommand(t *testing.T) {
	sample := sharedFile(t, "corpora/gdelt/gdelt1_events_sample_20160728.tsv")
	path := filepath.Join(t.TempDir(), "g.db")
	code, out, errs := runCLI(t, "", "import", "gdelt", "--db", path, sample)
	if code != 0 || !strings.Contains(out, "710 rows: 710 imported") {
		t.Fatalf("exit %d: %s%s", code, out, errs)
	}
	code, out, _ = runCLI(t, "", "import", "gdelt", "--db", path, sample)
	if code != 0 || !strings.Contains(out, "0 imported, 710 already stored") {
		t.Errorf("re-import: exit %d: %s", code, out)
	}
	code, out, _ = runCLI(t, "", "events", "--db", path, "--gdelt", "--dyad", "USA,RUS", "--format", "jsonl")
	if code != 0 || strings.Count(out, "\n") == 0 {
		t.Errorf("GDELT USA->RUS events: exit %d:\n%s", code, out)
	}
	code, out, _ = runCLI(t, "", "stats", "--db", path)
	if code != 0 || !strings.Contains(out, "gdelt events 710") {
		t.Errorf("stats: exit %d:\n%s", code, out)
	}
}

func TestCodedDate(t *testing.T) {
	tests := []struct {
		date, day, want string
	}{
		{"2016", "2016-01-01", "2016"},
		{"2019-04", "2019-04-01", "2019-04"},
		{"2019-W24", "2019-06-10", "2019-W24"},
		{"2019-06-13", "2019-06-13", "2019-06-13"},
		{"", "2019-06-14", "2019-06-14"},
	}
	for _, tc := range tests {
		if got := codedDate(sqlite.Event{Date: tc.date, Day: tc.day}); got != tc.want {
			t.Errorf("codedDate(date %q, day %q) = %q, want %q", tc.date, tc.day, got, tc.want)
		}
	}
}

// TestExportGDELTModality: GDELT rows carry no modality, so the gdelt
// export keeps by default only the events the analytics count; a denied
// threat is exported only with --modality all, and events --modality
// selects by modality.
func TestExportGDELTModality(t *testing.T) {
	dir := t.TempDir()
	doc := filepath.Join(dir, "threats.txt")
	text := "Turkey did not threaten Greece on Monday.\n\nTurkey threatened Armenia on Tuesday.\n"
	if err := os.WriteFile(doc, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "m.db")
	if code, _, errs := runCLI(t, "", "ingest", "--db", path, "--progress", "none", doc); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, errs)
	}
	rows := func(args ...string) (grc, arm int) {
		t.Helper()
		code, out, errs := runCLI(t, "", append([]string{"export", "--db", path, "--format", "gdelt"}, args...)...)
		if code != 0 {
			t.Fatalf("export %v: exit %d: %s", args, code, errs)
		}
		for _, l := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
			f := strings.Split(l, "\t")
			if len(f) == 61 && f[5] == "TUR" && f[15] == "GRC" {
				grc++
			}
			if len(f) == 61 && f[5] == "TUR" && f[15] == "ARM" {
				arm++
			}
		}
		return grc, arm
	}
	if grc, arm := rows(); grc != 0 || arm != 1 {
		t.Errorf("default gdelt export: %d TUR-GRC rows (negated, want 0), %d TUR-ARM (want 1)", grc, arm)
	}
	if grc, arm := rows("--modality", "all"); grc != 1 || arm != 1 {
		t.Errorf("--modality all: %d TUR-GRC rows, %d TUR-ARM, want 1 and 1", grc, arm)
	}
	code, out, _ := runCLI(t, "", "events", "--db", path, "--modality", "negated", "--format", "jsonl")
	if code != 0 || strings.Count(out, "\n") != 1 || !strings.Contains(out, `"negated"`) {
		t.Errorf("events --modality negated: exit %d:\n%s", code, out)
	}
	if code, _, errs := runCLI(t, "", "events", "--db", path, "--modality", "perhaps"); code != 2 || !strings.Contains(errs, "unknown modality") {
		t.Errorf("events --modality perhaps: exit %d: %s", code, errs)
	}
}
