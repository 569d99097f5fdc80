package sqlite_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/realign/realign"
	"github.com/realign/realign/sqlite"
)

const gdeltSample = "../../shared/corpora/gdelt/gdelt1_events_sample_20160728.tsv"

func TestImportGDELTSample(t *testing.T) {
	f, err := os.Open(gdeltSample)
	if err != nil {
		t.Skipf("shared GDELT sample not present (%v): skipping; it lives beside the repository in ../shared", err)
	}
	defer f.Close()
	ctx := context.Background()
	db, _ := openTemp(t)
	st, err := db.ImportGDELT(ctx, f, "sample")
	if err != nil {
		t.Fatal(err)
	}
	if st.Rows != 710 || st.Imported != 710 || st.Skipped != 0 || st.Versions[1] != 710 {
		t.Fatalf("import = %+v, want 710 GDELT 1.0 rows imported", st)
	}
	// Importing again adds nothing.
	f2, _ := os.Open(gdeltSample)
	defer f2.Close()
	st2, err := db.ImportGDELT(ctx, f2, "sample")
	if err != nil || st2.Duplicates != 710 || st2.Imported != 0 {
		t.Fatalf("re-import = %+v, %v; want 710 duplicates", st2, err)
	}
	// The first row of the file, as stored.
	var name, code, url string
	var day int64
	var lat float64
	if err := db.SQL().QueryRow(`SELECT action_geo_name, event_code, source_url, day, action_geo_lat FROM gdelt_events
		WHERE global_event_id = 564111644`).Scan(&name, &code, &url, &day, &lat); err != nil {
		t.Fatal(err)
	}
	if name != "National Postal Museum, District of Columbia, United States" || code != "010" || lat != 38.8973 ||
		!strings.HasPrefix(url, "http://wtop.com/") || sqlite.DayTime(day).Format("20060102") != "20060731" {
		t.Errorf("row 564111644: %q %q %q %v %v", name, code, url, sqlite.DayTime(day), lat)
	}
	var n int
	err = db.EachGDELTEvent(ctx, sqlite.EventFilter{Dyad: [2]string{"USA", ""}, Code: "0"}, func(e sqlite.Event) error {
		n++
		if !strings.HasPrefix(e.Source.Code, "USA") || !strings.HasPrefix(e.Code, "0") || e.Rule != "gdelt" {
			t.Errorf("filtered GDELT event does not match: %+v", e)
		}
		return nil
	})
	if err != nil || n == 0 {
		t.Errorf("USA cooperation events: %d, %v", n, err)
	}
}

// gdeltRow builds a GDELT row with n columns and the given fields set.
func gdeltRow(n int, set map[int]string) string {
	f := make([]string, n)
	for i, v := range set {
		f[i] = v
	}
	return strings.Join(f, "\t")
}

func TestImportGDELTFormats(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	base := map[int]string{0: "1", 1: "20190613", 5: "PAKGOV", 6: "PAKISTAN", 7: "PAK", 15: "RUSGOV", 26: "040", 29: "1", 30: "1.0"}
	v2 := map[int]string{}
	for k, v := range base {
		v2[k] = v
	}
	v2[0], v2[52], v2[56], v2[57], v2[59], v2[60] = "2", "Bishkek, Kyrgyzstan", "42.87", "74.59", "20190614000000", "https://example.com/a"
	bad := map[int]string{}
	for k, v := range base {
		bad[k] = v
	}
	bad[0], bad[1] = "3", "2019-06-13"
	input := strings.Join([]string{
		gdeltRow(57, base),
		gdeltRow(61, v2),
		gdeltRow(59, base),
		"globaleventid,eventtimedate,mentiontimedate",
		gdeltRow(61, bad),
		"",
		strings.Repeat("x", 2<<20),
		gdeltRow(58, map[int]string{0: "4", 1: "20190613", 26: "04a"}),
	}, "\n")
	st, err := db.ImportGDELT(ctx, strings.NewReader(input), "mixed.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if st.Imported != 2 || st.Skipped != 5 || st.Versions[1] != 1 || st.Versions[2] != 1 || st.Rows != 7 {
		t.Fatalf("import = %+v, want 2 imported (v1, v2) and 5 skipped", st)
	}
	for _, want := range []string{"mixed.tsv:3: 59 columns", "mixed.tsv:4: comma-separated", "mixed.tsv:5: SQLDATE", "mixed.tsv:7: line longer", "mixed.tsv:8: EventCode"} {
		if !strings.Contains(strings.Join(st.Reasons, "\n"), want) {
			t.Errorf("reasons %q lack %q", st.Reasons, want)
		}
	}
	var name string
	var lat float64
	if err := db.SQL().QueryRow(`SELECT action_geo_name, action_geo_lat FROM gdelt_events WHERE global_event_id = 2`).Scan(&name, &lat); err != nil {
		t.Fatal(err)
	}
	if name != "Bishkek, Kyrgyzstan" || lat != 42.87 {
		t.Errorf("GDELT 2.0 geography read as %q %v", name, lat)
	}
}

func TestGDELTRow(t *testing.T) {
	ctx := context.Background()
	db := savedDB(t)
	var rows [][]string
	err := db.EachCluster(ctx, sqlite.EventFilter{Dyad: [2]string{"PAKGOV", "RUSGOV"}, Code: "040"}, func(c sqlite.Cluster) error {
		rows = append(rows, c.GDELTRow())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Fatalf("%d PAKGOV-RUSGOV meeting clusters, want 1", len(rows))
	}
	r := rows[0]
	if len(r) != 61 || len(sqlite.GDELT2Columns) != 61 {
		t.Fatalf("%d fields, %d column names; want 61", len(r), len(sqlite.GDELT2Columns))
	}
	col := func(name string) string {
		for i, c := range sqlite.GDELT2Columns {
			if c == name {
				return r[i]
			}
		}
		t.Fatalf("no column %s", name)
		return ""
	}
	want := map[string]string{
		"SQLDATE": "20190613", "MonthYear": "201906", "Year": "2019", "Actor1Code": "PAKGOV", "Actor1Name": "IMRAN KHAN",
		"Actor1CountryCode": "PAK", "Actor1Type1Code": "GOV", "Actor2Code": "RUSGOV", "Actor2CountryCode": "RUS",
		"EventCode": "040", "EventBaseCode": "040", "EventRootCode": "04", "QuadClass": "1", "NumArticles": "2",
		"NumSources": "2", "ActionGeo_Type": "4", "ActionGeo_FullName": "Bishkek", "IsRootEvent": "1",
		"ActionGeo_CountryCode": "KG", "ActionGeo_ADM1Code": "",
		"SOURCEURL": "https://example.com/2019/06/khan-putin",
	}
	for k, v := range want {
		if got := col(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if col("ActionGeo_Lat") == "" || len(col("DATEADDED")) != 14 {
		t.Errorf("ActionGeo_Lat %q DATEADDED %q", col("ActionGeo_Lat"), col("DATEADDED"))
	}
	igo := sqlite.Cluster{Source: &realign.Actor{Code: "IGOSCO", Name: "SCO"}, Code: "0"}
	if r := igo.GDELTRow(); r[8] != "SCO" || r[12] != "IGO" || r[7] != "" {
		t.Errorf("IGO actor fields: known group %q type %q country %q", r[8], r[12], r[7])
	}
}
