package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/parquet-go/parquet-go"

	"github.com/realign/realign/sqlite"
)

// TestExportParquet writes the store's events as Parquet, reads the file
// back with parquet-go and checks it against the CSV export, column by
// column, and the column types.
func TestExportParquet(t *testing.T) {
	path := storeDB(t)
	out := filepath.Join(t.TempDir(), "events.parquet")
	code, stdout, errs := runCLI(t, "", "export", "--db", path, "--format", "parquet", "--out", out)
	if code != 0 || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, errs)
	}
	rows, err := parquet.ReadFile[eventRow](out)
	if err != nil {
		t.Fatal(err)
	}
	code, csvOut, errs := runCLI(t, "", "export", "--db", path, "--format", "csv")
	if code != 0 {
		t.Fatalf("csv: exit %d: %s", code, errs)
	}
	recs, err := csv.NewReader(strings.NewReader(csvOut)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 3 || len(rows) != len(recs)-1 {
		t.Fatalf("%d parquet rows, %d csv records; want one row per csv record after the header (and some events)", len(rows), len(recs)-1)
	}
	if !cmp.Equal(recs[0], eventCSVHeader) {
		t.Fatalf("csv header %v", recs[0])
	}
	days := 0
	for i, r := range rows {
		got := parquetAsCSV(r)
		if diff := cmp.Diff(recs[i+1], got); diff != "" {
			t.Errorf("row %d differs from the csv export (-csv +parquet):\n%s", i, diff)
		}
		if r.Day != nil {
			days++
		}
	}
	if days == 0 {
		t.Error("no row has a day")
	}

	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range pf.Schema().Fields() {
		names = append(names, c.Name())
	}
	if diff := cmp.Diff(eventCSVHeader, names); diff != "" {
		t.Errorf("parquet columns differ from the csv header (-csv +parquet):\n%s", diff)
	}
	types := map[string]string{}
	for _, c := range pf.Schema().Fields() {
		types[c.Name()] = c.Type().String()
		if c.Optional() {
			types[c.Name()] += " optional"
		}
	}
	for col, want := range map[string]string{
		"id": "INT(64,true)", "day": "DATE optional", "date": "STRING", "goldstein": "DOUBLE", "quad_class": "INT(32,true)",
		"lat": "DOUBLE optional", "cluster_documents": "INT(64,true)", "cluster_sources": "INT(64,true)",
	} {
		if types[col] != want {
			t.Errorf("column %s has type %q, want %q", col, types[col], want)
		}
	}
}

// parquetAsCSV formats a Parquet row as eventCSV formats an event.
func parquetAsCSV(r eventRow) []string {
	day, lat, lon := "", "", ""
	if r.Day != nil {
		day = parquetDay(*r.Day)
	}
	if r.Lat != nil {
		lat = strconv.FormatFloat(*r.Lat, 'f', -1, 64)
	}
	if r.Lon != nil {
		lon = strconv.FormatFloat(*r.Lon, 'f', -1, 64)
	}
	return []string{strconv.FormatInt(r.ID, 10), strconv.FormatInt(r.Cluster, 10), day, r.Date, r.SourceCode, r.SourceName,
		r.TargetCode, r.TargetName, r.CAMEO, r.Label, r.PLOVER, strconv.FormatFloat(r.Goldstein, 'f', -1, 64),
		strconv.Itoa(int(r.QuadClass)), r.Modality, r.Location, r.LocationCountry, lat, lon, r.Sentence, r.Rule,
		r.AttributedTo, r.URL, r.DocumentID, strconv.FormatInt(r.ClusterDocuments, 10), strconv.FormatInt(r.ClusterSources, 10)}
}

func parquetDay(d int32) string {
	return sqlite.DayTime(int64(d)).Format("2006-01-02")
}

func TestExportOut(t *testing.T) {
	path := storeDB(t)
	dir := t.TempDir()
	_, want, _ := runCLI(t, "", "export", "--db", path, "--format", "jsonl")
	out := filepath.Join(dir, "events.jsonl")
	if code, stdout, errs := runCLI(t, "", "export", "--db", path, "--format", "jsonl", "--out", out); code != 0 || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, errs)
	}
	got, err := os.ReadFile(out)
	if err != nil || string(got) != want || want == "" {
		t.Errorf("--out file differs from standard output (%v)", err)
	}
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"export", "--db", path, "--format", "parquet"}, exitUsage, "--out"},
		{[]string{"export", "--db", path, "--format", "parquet", "--out", filepath.Join(dir, "no", "such", "dir.parquet")}, exitError, "no such file"},
		{[]string{"export", "--db", path, "--format", "parquet", "--out", filepath.Join(dir, "bad.parquet"), "--since", "June"}, exitUsage, "not a date"},
	}
	for _, tt := range tests {
		code, _, errs := runCLI(t, "", tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tt.args, code, errs, tt.code, tt.want)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*")); len(m) != 1 {
		t.Errorf("files left in the output directory: %v, want only events.jsonl", m)
	}
}
