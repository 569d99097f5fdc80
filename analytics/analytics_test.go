package analytics

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func day(s string) int64 {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return DayOf(t)
}

func TestWeight(t *testing.T) {
	for _, tc := range []struct {
		sources int
		want    float64
	}{{-3, 1}, {0, 1}, {1, 1}, {2, 2}, {4, 3}, {8, 4}, {16, 5}, {500, 5}} {
		if got := Weight(tc.sources); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("Weight(%d) = %v, want %v", tc.sources, got, tc.want)
		}
	}
}

func TestStateOf(t *testing.T) {
	for code, want := range map[string]string{"PAKGOV": "PAK", "rus": "RUS", "IGOSCO": "IGOSCO", "IGOUNOWHO": "IGOUNO",
		"GOV": "", "MILREB": "", "US": "", "": "", "USAMIL": "USA"} {
		if got := StateOf(code); got != want {
			t.Errorf("StateOf(%q) = %q, want %q", code, got, want)
		}
	}
}

func TestWindows(t *testing.T) {
	for _, tc := range []struct {
		w           Window
		in          string
		start, next string
		label       string
	}{
		{Day, "2019-06-14", "2019-06-14", "2019-06-15", "2019-06-14"},
		{Week, "2019-06-14", "2019-06-10", "2019-06-17", "2019-W24"},
		{Week, "2019-06-10", "2019-06-10", "2019-06-17", "2019-W24"},
		{Week, "1970-01-01", "1969-12-29", "1970-01-05", "1970-W01"},
		{Month, "2019-06-14", "2019-06-01", "2019-07-01", "2019-06"},
		{Quarter, "2019-06-14", "2019-04-01", "2019-07-01", "2019-Q2"},
		{Quarter, "2019-12-31", "2019-10-01", "2020-01-01", "2019-Q4"},
	} {
		s := tc.w.Start(day(tc.in))
		if Date(s) != tc.start || Date(tc.w.Next(s)) != tc.next || tc.w.Label(s) != tc.label {
			t.Errorf("%v %s: start %s next %s label %s; want %s %s %s", tc.w, tc.in, Date(s), Date(tc.w.Next(s)), tc.w.Label(s), tc.start, tc.next, tc.label)
		}
	}
	if _, err := ParseWindow("year"); err == nil {
		t.Error("ParseWindow(year) gave no error")
	}
	if w, err := ParseWindow("Quarter"); err != nil || w != Quarter {
		t.Errorf("ParseWindow(Quarter) = %v, %v", w, err)
	}
}

// events is a small hand-made stream: PAK–RUS cooperation in June (one
// cluster reported twice, one syndicated story), conflict in August.
var handEvents = []Event{
	{ID: 1, Cluster: 10, Source: "PAKGOV", Target: "RUSGOV", Day: day("2019-06-13"), QuadClass: 1, Goldstein: 1, Sources: 1},
	{ID: 2, Cluster: 10, Source: "PAKGOV", Target: "RUSGOV", Day: day("2019-06-13"), QuadClass: 1, Goldstein: 1, Sources: 1},
	{ID: 3, Cluster: 11, Source: "RUS", Target: "PAK", Day: day("2019-06-14"), QuadClass: 1, Goldstein: 3.4, Sources: 4},
	{ID: 4, Cluster: 12, Source: "PAK", Target: "RUS", Day: day("2019-08-02"), QuadClass: 4, Goldstein: -9, Sources: 2},
	{ID: 5, Cluster: 13, Source: "PAK", Target: "PAKMIL", Day: day("2019-08-02"), QuadClass: 4, Goldstein: -9},
	{ID: 6, Cluster: 14, Source: "GOV", Target: "RUS", Day: day("2019-08-02"), QuadClass: 4, Goldstein: -9},
	{ID: 7, Cluster: 15, Source: "PAK", Target: "IND", Day: day("2019-06-20"), QuadClass: 3, Goldstein: -2},
}

func TestAggregateAndSeries(t *testing.T) {
	cells := Aggregate(handEvents)
	if len(cells) != 4 {
		t.Fatalf("%d cells, want 4 (PAK>RUS 06-13, RUS>PAK 06-14, PAK>IND 06-20, PAK>RUS 08-02): %+v", len(cells), cells)
	}
	if c := cells[0]; c.N != 1 || c.Source != "PAK" || c.Target != "RUS" {
		t.Errorf("first cell %+v: the cluster reported twice must count once", c)
	}
	pts := Series(cells, "PAK", "RUS", false, Month, 1, 0, Bootstrap{Samples: 200})
	if len(pts) != 3 {
		t.Fatalf("%d points, want 3 (June, July, August)", len(pts))
	}
	june := pts[0]
	want := Point{Window: "2019-06", From: "2019-06-01", To: "2019-06-30", Start: day("2019-06-01"), Events: 2, Quad: [4]int{2, 0, 0, 0},
		Weighted: 4, WeightedQuad: [4]float64{4, 0, 0, 0}, GoldsteinSum: 1 + 3*3.4, GoldsteinMean: (1 + 3*3.4) / 4,
		CoopShare: 1, Balance: 1, BalanceLo: 1, BalanceHi: 1, Reports: 5, Sources: -1}
	if d := cmp.Diff(want, june, cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-9 })); d != "" {
		t.Errorf("June (-want +got):\n%s", d)
	}
	if pts[1].Events != 0 || pts[2].Events != 1 || pts[2].Balance != -1 || pts[2].GoldsteinMean != -9 {
		t.Errorf("July/August: %+v %+v", pts[1], pts[2])
	}
	dir := Series(cells, "RUS", "PAK", true, Month, 1, 0, Bootstrap{})
	if len(dir) != 1 || dir[0].Events != 1 || dir[0].GoldsteinMean != 3.4 {
		t.Errorf("directed RUS>PAK: %+v", dir)
	}
}

func TestBalanceIntervalWidensWithFewEvents(t *testing.T) {
	mk := func(n int) []Cell {
		var cs []Cell
		for i := range n {
			q := 1
			if i%4 == 0 {
				q = 3
			}
			var c Cell
			c.Source, c.Target, c.Day = "AAA", "BBB", 100+int64(i%28)
			c.add(Cell{N: 1, W: 1, Quad: unitQuad(q), WQuad: unitWQuad(q, 1)})
			cs = append(cs, c)
		}
		return MergeCells(cs)
	}
	few := Series(mk(8), "AAA", "BBB", false, Quarter, 1, 0, Bootstrap{Seed: 1})
	many := Series(mk(400), "AAA", "BBB", false, Quarter, 1, 0, Bootstrap{Seed: 1})
	wf, wm := few[0].BalanceHi-few[0].BalanceLo, many[0].BalanceHi-many[0].BalanceLo
	if !(few[0].BalanceLo <= few[0].Balance && few[0].Balance <= few[0].BalanceHi) || wf <= 2*wm || wm <= 0 {
		t.Errorf("interval with 8 events [%.2f, %.2f] around %.2f, with 400 [%.2f, %.2f]: want the first much wider",
			few[0].BalanceLo, few[0].BalanceHi, few[0].Balance, many[0].BalanceLo, many[0].BalanceHi)
	}
}

func TestSimilar(t *testing.T) {
	var evs []Event
	add := func(s, tg string, g float64, n int) {
		for range n {
			q := 1
			if g < 0 {
				q = 3
			}
			evs = append(evs, Event{Source: s, Target: tg, Day: 100, Goldstein: g, QuadClass: q, Sources: 1})
		}
	}
	// AAA and BBB treat CCC and DDD alike; EEE treats them oppositely.
	add("AAA", "CCC", 4, 3)
	add("AAA", "DDD", -5, 3)
	add("BBB", "CCC", 4, 2)
	add("DDD", "BBB", -5, 2)
	add("EEE", "CCC", -5, 2)
	add("EEE", "DDD", 4, 2)
	cells := Aggregate(evs)
	same := Similar(cells, "AAA", "BBB", 0, 1000, Bootstrap{Samples: 100})
	if math.Abs(same.Cosine-1) > 1e-9 || math.Abs(same.S-1) > 1e-9 || len(same.ThirdParties) != 2 {
		t.Errorf("AAA~BBB: %+v, want cosine 1, S 1 over CCC, DDD", same)
	}
	opp := Similar(cells, "AAA", "EEE", 0, 1000, Bootstrap{Samples: 100})
	if opp.Cosine > -0.9 || opp.S > 0.2 {
		t.Errorf("AAA~EEE: cosine %.2f S %.2f, want cosine near -1 and S near 0.1", opp.Cosine, opp.S)
	}
	if none := Similar(cells, "AAA", "ZZZ", 5000, 6000, Bootstrap{}); none.S != 0 || none.Cosine != 0 || none.Events != 0 {
		t.Errorf("no events: %+v", none)
	}
}

func TestBenjaminiHochberg(t *testing.T) {
	got := BenjaminiHochberg([]float64{0.01, 0.04, 0.03, 0.5})
	want := []float64{0.04, 0.04 * 4 / 3, 0.04 * 4 / 3, 0.5}
	// sorted p: .01 .03 .04 .5 → raw .04 .06 .0533 .5 → monotone .04 .0533 .0533 .5
	if d := cmp.Diff(want, got, cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-12 })); d != "" {
		t.Errorf("BH (-want +got):\n%s", d)
	}
}

func synthCells(o SynthOptions) []Cell {
	var evs []Event
	Synthetic(o, func(e Event) { evs = append(evs, e) })
	return Aggregate(evs)
}

// A planted shift (X01–X02 cooperation turning to conflict at a known
// month, among noisy dyads) is ranked first and dated within one window.
func TestShiftsPlanted(t *testing.T) {
	for seed := uint64(1); seed <= 10; seed++ {
		shiftDay := day("2019-10-01")
		cells := synthCells(SynthOptions{Seed: seed, Events: 8000, ShiftA: "X01", ShiftB: "X02", ShiftDay: shiftDay, ShiftTo: 0.1, InGroup: 0.75, CrossGroup: 0.75})
		rep := Shifts(cells, ShiftOptions{})
		if len(rep.Alerts) == 0 || rep.Alerts[0].Dyad != "X01-X02" {
			t.Errorf("seed %d: top alert %v, want X01-X02 (tested %d)", seed, rep.Alerts, rep.Tested)
			continue
		}
		a := rep.Alerts[0]
		if a.Direction != "cooling" || a.Rank != 1 {
			t.Errorf("seed %d: %+v, want rank 1 cooling", seed, a)
		}
		if d := a.ChangeStart() - Month.Start(shiftDay); d < -31 || d > 31 {
			t.Errorf("seed %d: change window %s, want within one month of 2019-10", seed, a.ChangeWindow)
		}
	}
}

// On stationary streams the share of runs with any alert stays near the
// stated false-discovery rate (BH under the global null bounds the
// family-wise rate by it).
func TestShiftsStationaryFalseAlarms(t *testing.T) {
	runs, withAlert, tested := 200, 0, 0
	for seed := range uint64(runs) {
		cells := synthCells(SynthOptions{Seed: 1000 + seed, Events: 4000})
		rep := Shifts(cells, ShiftOptions{})
		tested += rep.Tested
		if len(rep.Alerts) > 0 {
			withAlert++
		}
	}
	rate := float64(withAlert) / float64(runs)
	t.Logf("stationary: %d of %d runs with an alert (%.3f), %.1f dyads tested per run", withAlert, runs, rate, float64(tested)/float64(runs))
	if tested < runs*10 {
		t.Errorf("only %d dyads tested in all: the stream is too thin to check the rate", tested)
	}
	if rate > 0.085 {
		t.Errorf("false-alarm rate %.3f, want at most about the FDR 0.05 (0.085 allows binomial noise at 200 runs)", rate)
	}
}

func TestAddEvidence(t *testing.T) {
	s := Shift{Delta: -5, changeStart: day("2019-08-01")}
	rows := []Event{
		{ID: 1, Cluster: 1, Day: day("2019-07-01"), Goldstein: -10, Sources: 9},                  // before the change
		{ID: 2, Cluster: 2, Day: day("2019-08-03"), Goldstein: -4, Sources: 1},                   // weight 1 × 4
		{ID: 3, Cluster: 3, Day: day("2019-08-05"), Goldstein: -9, Sources: 4, Quote: "we will"}, // weight 3 × 9
		{ID: 4, Cluster: 3, Day: day("2019-08-05"), Goldstein: -9, Sources: 4},                   // same cluster
		{ID: 5, Cluster: 5, Day: day("2019-08-09"), Goldstein: 3, Sources: 9},                    // wrong sign
	}
	AddEvidence(&s, rows, 5)
	var ids []int64
	for _, e := range s.Evidence {
		ids = append(ids, e.ID)
	}
	if d := cmp.Diff([]int64{3, 2}, ids); d != "" {
		t.Errorf("evidence ids (-want +got):\n%s", d)
	}
	if len(s.Quotes) != 1 || s.Quotes[0].ID != 3 || s.Evidence[0].Date != "2019-08-05" {
		t.Errorf("quotes %+v", s.Quotes)
	}
}

func TestBlocs(t *testing.T) {
	var evs []Event
	coop := func(d int64, pairs ...[2]string) {
		for _, p := range pairs {
			for range 4 {
				evs = append(evs, Event{Source: p[0], Target: p[1], Day: d, QuadClass: 2, Goldstein: 7, Sources: 1})
			}
		}
	}
	q1, q2 := day("2019-02-01"), day("2019-05-01")
	coop(q1, [2]string{"AAA", "BBB"}, [2]string{"BBB", "CCC"}, [2]string{"AAA", "CCC"},
		[2]string{"DDD", "EEE"}, [2]string{"EEE", "FFF"}, [2]string{"DDD", "FFF"})
	// CCC switches sides in Q2.
	coop(q2, [2]string{"AAA", "BBB"}, [2]string{"CCC", "DDD"}, [2]string{"CCC", "EEE"},
		[2]string{"DDD", "EEE"}, [2]string{"EEE", "FFF"}, [2]string{"DDD", "FFF"})
	// Conflict is no cooperation edge.
	evs = append(evs, Event{Source: "AAA", Target: "DDD", Day: q2, QuadClass: 4, Goldstein: -10, Sources: 1})
	ws := Blocs(Aggregate(evs), BlocOptions{Seed: 1})
	if len(ws) != 2 {
		t.Fatalf("%d windows, want 2", len(ws))
	}
	members := func(w BlocWindow) [][]string {
		var out [][]string
		for _, b := range w.Blocs {
			out = append(out, b.Members)
		}
		return out
	}
	if d := cmp.Diff([][]string{{"AAA", "BBB", "CCC"}, {"DDD", "EEE", "FFF"}}, members(ws[0])); d != "" {
		t.Errorf("Q1 blocs (-want +got):\n%s", d)
	}
	if d := cmp.Diff([][]string{{"CCC", "DDD", "EEE", "FFF"}, {"AAA", "BBB"}}, members(ws[1])); d != "" {
		t.Errorf("Q2 blocs (-want +got):\n%s", d)
	}
	id := func(w BlocWindow, s string) int {
		for _, b := range w.Blocs {
			for _, m := range b.Members {
				if m == s {
					return b.ID
				}
			}
		}
		return 0
	}
	wantMoves := []Move{{State: "CCC", From: id(ws[0], "CCC"), To: id(ws[1], "DDD")}}
	if d := cmp.Diff(wantMoves, ws[1].Moves); d != "" || id(ws[0], "DDD") != id(ws[1], "DDD") {
		t.Errorf("Q2 moves (-want +got):\n%s", d)
	}
	if ws[0].Modularity <= 0.3 {
		t.Errorf("Q1 modularity %.2f, want clear blocs (> 0.3)", ws[0].Modularity)
	}
}

func TestSparkline(t *testing.T) {
	if got := Sparkline([]float64{-10, 0, 10, math.NaN()}, -10, 10); got != "▁▅█ " && got != "▁▄█ " {
		t.Errorf("Sparkline = %q", got)
	}
}

func TestStateOfUnknownCountry(t *testing.T) {
	for code, want := range map[string]string{"---REB": "", "---GOV": "", "---": "", "RUSGOV": "RUS", "IGOSCO": "IGOSCO", "GOV": ""} {
		if got := StateOf(code); got != want {
			t.Errorf("StateOf(%q) = %q, want %q", code, got, want)
		}
	}
}

func TestCountsAndPrecision(t *testing.T) {
	evs := []Event{
		{Source: "RUSGOV", Target: "USA", Day: 10, Code: "051", QuadClass: 1, Goldstein: 3.4, Modality: "negated"},
		{Source: "RUSGOV", Target: "USA", Day: 10, Code: "051", QuadClass: 1, Goldstein: 3.4, Modality: "hypothetical"},
		{Source: "RUSGOV", Target: "USA", Day: 10, Code: "051", QuadClass: 1, Goldstein: 3.4, Modality: "historical"},
		{Source: "RUSGOV", Target: "USA", Day: 10, Code: "051", QuadClass: 1, Goldstein: 3.4, Modality: "intended"},
		{Source: "RUSGOV", Target: "USA", Day: 10, Code: "036", QuadClass: 1, Goldstein: 4, Modality: "intended"},
		{Source: "RUSGOV", Target: "USA", Day: 10, Code: "111", QuadClass: 3, Goldstein: -2, Modality: "asserted"},
		{Source: "RUSGOV", Target: "USA", Day: 0, Code: "111", QuadClass: 3, Goldstein: -2, DateText: "1970"},
		{Source: "RUSGOV", Target: "USA", Day: 31, Code: "111", QuadClass: 3, Goldstein: -2, DateText: "1970-02"},
	}
	day := Aggregate(evs)
	if len(day) != 1 || day[0].N != 2 || day[0].Quad[1] != 1 || day[0].Quad[3] != 1 {
		t.Errorf("day cells %+v, want one cell: the intended 036 and the asserted 111", day)
	}
	month := AggregateFor(evs, Month)
	if n := len(month); n != 2 || month[1].N != 1 {
		t.Errorf("month cells %+v, want the day cell and the 1970-02 event (not the year-only one)", month)
	}
	for date, want := range map[string]Precision{"": PrecDay, "2019-06-14": PrecDay, "2019-W24": PrecWeek, "2019-04": PrecMonth, "2016": PrecYear, "198X": PrecYear} {
		if got := PrecisionOf(date); got != want {
			t.Errorf("PrecisionOf(%q) = %d, want %d", date, got, want)
		}
	}
}

func TestEmptyWindowJSONNulls(t *testing.T) {
	pts := Series(Aggregate([]Event{{Source: "PAK", Target: "RUS", Day: 0, Code: "040", QuadClass: 1, Goldstein: 1}}),
		"PAK", "RUS", false, Day, 0, 1, Bootstrap{})
	if len(pts) != 2 {
		t.Fatalf("%d points, want 2", len(pts))
	}
	var got []map[string]any
	b, err := json.Marshal(pts)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"goldstein_mean", "coop_share", "balance", "balance_lo", "balance_hi"} {
		if got[0][k] == nil {
			t.Errorf("window with events: %s is null", k)
		}
		if v, ok := got[1][k]; !ok || v != nil {
			t.Errorf("empty window: %s = %v (present %v), want null", k, v, ok)
		}
	}
	if _, err := ParseWindow("fortnight"); err == nil || strings.HasPrefix(err.Error(), "window") {
		t.Errorf("ParseWindow error %v: want an error that does not name the parameter", err)
	}
}
