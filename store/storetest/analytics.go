package storetest

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/realign/realign"
	"github.com/realign/realign/analytics"
	"github.com/realign/realign/internal/storesql"
	"github.com/realign/realign/store"
)

// analyticsFixture saves the articles and a synthetic corpus and returns
// the store with what the analytics should count: one analytics.Event a
// cluster (its codes, first day, Goldstein, quad class and outlets, and
// the finest date among its mentions that count; clusters none of whose
// mentions count are left out), every event mention, and each
// document's outlet.
func analyticsFixture(t *testing.T, open Opener) (store.Backend, []analytics.Event, []store.Event, map[string]string) {
	db := open(t)
	as, _ := Articles(t)
	all := append(append([]*realign.Analysis(nil), as...), Synthetic(300, 5)...)
	for i := 0; i < len(all); i += 50 {
		save(t, db, all[i:min(i+50, len(all))])
	}
	outlets := map[string]string{}
	for _, a := range all {
		outlets[a.Document.ID] = storesql.Outlet(a.Document)
	}
	evs := events(t, db, store.EventFilter{})
	return db, clusterEvents(t, db, evs), evs, outlets
}

func clusterEvents(t *testing.T, db store.Backend, evs []store.Event) []analytics.Event {
	mentions := map[int64][]store.Event{}
	for _, e := range evs {
		mentions[e.Cluster] = append(mentions[e.Cluster], e)
	}
	var out []analytics.Event
	for _, c := range clusters(t, db, store.EventFilter{}) {
		if !c.HasDay {
			continue
		}
		date, counts := "", false
		for _, m := range mentions[c.ID] {
			if analytics.Counts(m.Modality, m.Code) && (!counts || analytics.PrecisionOf(m.Date) < analytics.PrecisionOf(date)) {
				date, counts = m.Date, true
			}
		}
		if !counts {
			continue
		}
		out = append(out, analytics.Event{ID: c.ID, Cluster: c.ID, Source: code(c.Source), Target: code(c.Target),
			Day: analytics.DayOf(c.Day), Code: c.Code, QuadClass: c.QuadClass, Goldstein: c.Goldstein, Sources: c.NumSources,
			Modality: realign.ModalityAsserted, DateText: date})
	}
	return out
}

// InMonths folds daily cells into the cells Cells returns for a
// CellQuery with Window Month and Since since: one per dyad and month,
// dated on the month's first day or since, whichever is later.
func InMonths(cells []analytics.Cell, since int64) []analytics.Cell {
	out := make([]analytics.Cell, len(cells))
	for i, c := range cells {
		c.Day = max(analytics.Month.Start(c.Day), since)
		out[i] = c
	}
	return analytics.MergeCells(out)
}

// keep returns the cells of q's dyad and states.
func keep(cells []analytics.Cell, q store.CellQuery) []analytics.Cell {
	var out []analytics.Cell
	for _, c := range cells {
		in := len(q.States) == 0
		for _, s := range q.States {
			in = in || c.Source == s || c.Target == s
		}
		if in && q.Keep(c.Source, c.Target) {
			out = append(out, c)
		}
	}
	return out
}

// between returns the cells whose day lies in [from, to].
func between(cells []analytics.Cell, from, to int64) []analytics.Cell {
	var out []analytics.Cell
	for _, c := range cells {
		if c.Day >= from && c.Day <= to {
			out = append(out, c)
		}
	}
	return out
}

func day(s string) int64 {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return analytics.DayOf(t)
}

func testCells(t *testing.T, open Opener) {
	ctx := context.Background()
	db, cl, _, _ := analyticsFixture(t, open)
	if len(cl) < 100 {
		t.Fatalf("%d counting clusters; the fixture should give more", len(cl))
	}
	from, to := day("2018-05-17"), day("2019-02-09")
	for _, tt := range []struct {
		name string
		q    store.CellQuery
	}{
		{"all", store.CellQuery{}},
		{"dyad", store.CellQuery{A: "usa", B: "chn"}},
		{"states", store.CellQuery{States: []string{"PAK", "IGOUNO"}}},
		{"bounded", store.CellQuery{Since: analytics.DayTime(from), Until: analytics.DayTime(to)}},
		{"bounded dyad", store.CellQuery{Since: analytics.DayTime(from), Until: analytics.DayTime(to), A: "RUS", B: "IRN"}},
	} {
		for _, w := range []analytics.Window{analytics.Day, analytics.Week, analytics.Month, analytics.Quarter} {
			t.Run(tt.name+"/"+w.String(), func(t *testing.T) {
				q := tt.q
				q.Window = w
				lo, hi := int64(-1<<40), int64(1<<40)
				if !q.Since.IsZero() {
					lo, hi = from, to
				}
				want := keep(between(analytics.AggregateFor(cl, w), lo, hi), q)
				if w == analytics.Month || w == analytics.Quarter {
					want = InMonths(want, lo)
				}
				got, err := db.Cells(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				if d := cmp.Diff(want, got, approx, cmpopts.EquateEmpty()); d != "" {
					t.Errorf("cells (-want +got):\n%s", d)
				}
				if tt.name == "all" && len(want) == 0 {
					t.Error("no cells; the fixture should give some")
				}
				var coarse int
				for _, e := range cl {
					s, g := analytics.StateOf(e.Source), analytics.StateOf(e.Target)
					if !w.Admits(analytics.PrecisionOf(e.DateText)) && e.Day >= lo && e.Day <= hi && q.Keep(s, g) {
						coarse++
					}
				}
				if n, err := db.Coarse(ctx, store.CellQuery{Since: q.Since, Until: q.Until, A: q.A, B: q.B, Window: w}, false); err != nil || n != coarse {
					t.Errorf("coarse = %d, %v; want %d", n, err, coarse)
				}
			})
		}
	}
	// ShiftCells: the monthly cells of the baseline and of the recent
	// period, read apart.
	opt := analytics.ShiftOptions{BaselineFrom: day("2018-02-10"), Since: day("2019-03-20"), Until: day("2019-08-31")}
	got, err := db.ShiftCells(ctx, store.CellQuery{A: "USA", B: "CHN"}, opt)
	if err != nil {
		t.Fatal(err)
	}
	daily := keep(analytics.AggregateFor(cl, analytics.Month), store.CellQuery{A: "USA", B: "CHN"})
	want := analytics.MergeCells(append(InMonths(between(daily, opt.BaselineFrom, opt.Since-1), opt.BaselineFrom),
		InMonths(between(daily, opt.Since, opt.Until), opt.Since)...))
	if d := cmp.Diff(want, got, approx, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("shift cells (-want +got):\n%s", d)
	}
	if _, err := db.ShiftCells(ctx, store.CellQuery{}, analytics.ShiftOptions{BaselineFrom: 10, Since: 5, Until: 20}); err == nil {
		t.Error("shift cells with baseline after since accepted")
	}
	if _, err := db.Cells(ctx, store.CellQuery{Source: "bogus"}); err == nil {
		t.Error("cells of source bogus accepted")
	}
	// DayRange spans the clusters' days.
	var lo, hi int64
	var dated bool
	for _, c := range clusters(t, db, store.EventFilter{}) {
		if !c.HasDay {
			continue
		}
		d := analytics.DayOf(c.Day)
		if !dated || d < lo {
			lo = d
		}
		if !dated || d > hi {
			hi = d
		}
		dated = true
	}
	first, last, ok, err := db.DayRange(ctx, store.SourceCoded)
	if err != nil || !ok || first != lo || last != hi {
		t.Errorf("day range = %d, %d, %v, %v; want %d, %d", first, last, ok, err, lo, hi)
	}
	if _, _, ok, err := db.DayRange(ctx, store.SourceGDELT); err != nil || ok {
		t.Errorf("day range of GDELT with none imported: ok %v, %v", ok, err)
	}
}

func testAnalytics(t *testing.T, open Opener) {
	ctx := context.Background()
	db, cl, evs, outlets := analyticsFixture(t, open)
	q := store.CellQuery{A: "USA", B: "CHN"}
	// DyadOutlets: the distinct outlets of each month's clusters.
	docs := map[int64]map[string]bool{}
	for _, e := range evs {
		if docs[e.Cluster] == nil {
			docs[e.Cluster] = map[string]bool{}
		}
		if o := outlets[e.Document.ID]; o != "" {
			docs[e.Cluster][o] = true
		}
	}
	for _, directed := range []bool{false, true} {
		want := map[int64]map[string]bool{}
		for _, e := range cl {
			s, g := analytics.StateOf(e.Source), analytics.StateOf(e.Target)
			if !q.Keep(s, g) || (directed && s != "USA") || !analytics.Month.Admits(analytics.PrecisionOf(e.DateText)) {
				continue
			}
			m := analytics.Month.Start(e.Day)
			if want[m] == nil {
				want[m] = map[string]bool{}
			}
			for o := range docs[e.Cluster] {
				want[m][o] = true
			}
		}
		wantN := map[int64]int{}
		for m, os := range want {
			if len(os) > 0 {
				wantN[m] = len(os)
			}
		}
		got, err := db.DyadOutlets(ctx, q, analytics.Month, directed)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(wantN, got, cmpopts.EquateEmpty()); d != "" || len(wantN) == 0 {
			t.Errorf("dyad outlets, directed %v (-want +got):\n%s", directed, d)
		}
	}
	if _, err := db.DyadOutlets(ctx, store.CellQuery{A: "USA"}, analytics.Month, false); err == nil {
		t.Error("dyad outlets of one state accepted")
	}
	// EvidenceRows: the dyad's counting, dated mentions of the sign,
	// strongest first.
	sources := map[int64]int{}
	for _, c := range clusters(t, db, store.EventFilter{}) {
		sources[c.ID] = c.NumSources
	}
	for _, sign := range []int{-1, 0, 1} {
		var want []store.Event
		for _, e := range evs {
			s, g := analytics.StateOf(code(e.Source)), analytics.StateOf(code(e.Target))
			if e.Day == "" || !q.Keep(s, g) || !analytics.Counts(e.Modality, e.Code) || analytics.PrecisionOf(e.Date) == analytics.PrecYear ||
				(sign < 0 && e.Goldstein >= 0) || (sign > 0 && e.Goldstein <= 0) {
				continue
			}
			want = append(want, e)
		}
		strength := func(e store.Event) float64 {
			return analytics.Weight(sources[e.Cluster]) * max(e.Goldstein, -e.Goldstein)
		}
		sort.SliceStable(want, func(i, j int) bool {
			a, b := want[i], want[j]
			if strength(a) != strength(b) {
				return strength(a) > strength(b)
			}
			if a.Day != b.Day {
				return a.Day < b.Day
			}
			return a.ID < b.ID
		})
		want = want[:min(len(want), 6)]
		got, err := db.EvidenceRows(ctx, q, sign, 6)
		if err != nil {
			t.Fatal(err)
		}
		var gotIDs []int64
		for _, r := range got {
			gotIDs = append(gotIDs, r.ID)
			if r.Sentence == "" || r.DocID == "" || r.Span.End <= r.Span.Start {
				t.Errorf("evidence row lacks its sentence or document: %+v", r)
			}
		}
		if d := cmp.Diff(ids(want), gotIDs, cmpopts.EquateEmpty()); d != "" || len(want) == 0 {
			t.Errorf("evidence, sign %d (-want +got):\n%s", sign, d)
		}
	}
	// The summaries follow later writes: more documents, then the cells
	// again.
	if _, err := db.Cells(ctx, store.CellQuery{}); err != nil {
		t.Fatal(err)
	}
	save(t, db, Synthetic(60, 6))
	if err := db.RefreshSummaries(ctx); err != nil {
		t.Fatal(err)
	}
	cl = clusterEvents(t, db, events(t, db, store.EventFilter{}))
	got, err := db.Cells(ctx, store.CellQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(analytics.Aggregate(cl), got, approx); d != "" {
		t.Errorf("cells after more documents (-want +got):\n%s", d)
	}
}

func testGDELT(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t)
	st, err := db.ImportGDELT(ctx, strings.NewReader(gdeltTSV), "fixture.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if st.Rows != gdeltRows || st.Imported != gdeltImported || st.Duplicates != gdeltDuplicates || st.Skipped != gdeltSkipped ||
		st.Versions[1]+st.Versions[2] != gdeltImported+gdeltDuplicates || st.Versions[2] == 0 || len(st.Reasons) != gdeltSkipped {
		t.Errorf("import = %+v; want %d rows, %d imported, %d duplicate, %d skipped", st, gdeltRows, gdeltImported, gdeltDuplicates, gdeltSkipped)
	}
	for _, want := range []string{"fixture.tsv:8: 59 columns", "fixture.tsv:9: comma-separated", "fixture.tsv:10: SQLDATE", "fixture.tsv:12: EventCode"} {
		if !strings.Contains(strings.Join(st.Reasons, "\n"), want) {
			t.Errorf("reasons %q lack %q", st.Reasons, want)
		}
	}
	again, err := db.ImportGDELT(ctx, strings.NewReader(gdeltTSV), "fixture.tsv")
	if err != nil || again.Imported != 0 || again.Duplicates != gdeltImported+gdeltDuplicates {
		t.Errorf("import again = %+v, %v; want only duplicates", again, err)
	}
	if got := stats(t, db).GDELTEvents; got != gdeltImported {
		t.Errorf("stats count %d GDELT events, want %d", got, gdeltImported)
	}
	each := func(f store.EventFilter) []store.Event {
		var out []store.Event
		if err := db.EachGDELTEvent(ctx, f, func(e store.Event) error {
			out = append(out, e)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	all := each(store.EventFilter{})
	lat, lon := 39.9, 116.4
	first := store.Event{ID: 101, Cluster: 101, Source: &realign.Actor{Code: "USAGOV", Name: "USA NAME", Country: "USA"},
		Target: &realign.Actor{Code: "CHNGOV", Name: "CHN NAME", Country: "CHN"}, Code: "040", BaseCode: "040", RootCode: "04",
		Goldstein: 1, QuadClass: 1, Date: "2019-06-12", Day: "2019-06-12", Location: &store.Location{Name: "Beijing, China", Lat: &lat, Lon: &lon},
		Rule: "gdelt", Document: store.DocumentRef{URL: "https://www.news-a.example/1"}, ClusterDocuments: 2, ClusterSources: 3}
	if len(all) != gdeltImported {
		t.Fatalf("%d GDELT events, want %d", len(all), gdeltImported)
	}
	if d := cmp.Diff(first, all[0]); d != "" {
		t.Errorf("first GDELT event (-want +got):\n%s", d)
	}
	for _, tt := range []struct {
		f    store.EventFilter
		want []int64
	}{
		{store.EventFilter{}, []int64{101, 102, 201, 202, 103, 203}},
		{store.EventFilter{Newest: true, Limit: 2, Offset: 1}, []int64{103, 202}},
		{store.EventFilter{Dyad: [2]string{"USA", ""}}, []int64{101}},
		{store.EventFilter{Dyad: [2]string{"USA", "CHN"}, Undirected: true}, []int64{101, 102}},
		{store.EventFilter{Actor: "RUS"}, []int64{201, 103, 203}},
		{store.EventFilter{Code: "03", QuadClass: 1}, []int64{201, 202}},
		{store.EventFilter{Since: time.Date(2019, 6, 14, 0, 0, 0, 0, time.UTC), Until: time.Date(2019, 7, 1, 0, 0, 0, 0, time.UTC)}, []int64{201, 202, 103}},
	} {
		if d := cmp.Diff(tt.want, ids(each(tt.f))); d != "" {
			t.Errorf("GDELT events %+v (-want +got):\n%s", tt.f, d)
		}
	}
	if err := db.EachGDELTEvent(ctx, store.EventFilter{Text: "x"}, func(store.Event) error { return nil }); err == nil {
		t.Error("GDELT events with a text query: no error")
	}
	// The analytics read GDELT rows: one event each, keyed by country.
	var rows []analytics.Event
	for _, e := range all {
		s, g := e.Source.Country, ""
		if s == "" {
			s = e.Source.Code
		}
		if e.Target != nil {
			if g = e.Target.Country; g == "" {
				g = e.Target.Code
			}
		}
		rows = append(rows, analytics.Event{ID: e.ID, Source: s, Target: g, Day: day(e.Day), Code: e.Code, QuadClass: e.QuadClass,
			Goldstein: e.Goldstein, Sources: e.ClusterSources})
	}
	got, err := db.Cells(ctx, store.CellQuery{Source: store.SourceGDELT})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(analytics.Aggregate(rows), got, approx); d != "" {
		t.Errorf("GDELT cells (-want +got):\n%s", d)
	}
	if coded, err := db.Cells(ctx, store.CellQuery{}); err != nil || len(coded) != 0 {
		t.Errorf("coded cells with only GDELT rows: %v, %v", coded, err)
	}
	first1, last, ok, err := db.DayRange(ctx, store.SourceAll)
	if err != nil || !ok || first1 != day("2019-06-12") || last != day("2019-07-20") {
		t.Errorf("day range = %d, %d, %v, %v", first1, last, ok, err)
	}
	n, err := db.DyadOutlets(ctx, store.CellQuery{Source: store.SourceGDELT, A: "USA", B: "CHN"}, analytics.Month, false)
	if d := cmp.Diff(map[int64]int{day("2019-06-01"): 2}, n); err != nil || d != "" {
		t.Errorf("GDELT dyad outlets (-want +got), %v:\n%s", err, d)
	}
	ev, err := db.EvidenceRows(ctx, store.CellQuery{Source: store.SourceGDELT, A: "RUS", B: "UKR"}, -1, 0)
	if err != nil || len(ev) != 1 || ev[0].ID != 103 || ev[0].URL != "https://news-a.example/3" {
		t.Errorf("GDELT evidence = %+v, %v", ev, err)
	}
}
