// Package analytics turns stored events into answers about international
// relations: dyad time series, alignment (cooperation–conflict balance and
// the similarity of two states' relation profiles), blocs (Louvain
// communities of the cooperation graph) and realignment alerts (a stated
// test between a baseline and a recent period, with evidence).
//
// Everything here is a pure function over event rows (Event) or over their
// per-day aggregates (Cell); SQL lives in the storage package, which
// computes the same Cells in the database so that large stores are never
// read into memory row by row. Days are days since 1970-01-01 (UTC), as in
// the store.
//
// Counting: one event cluster (the same reported event, however many
// documents carry it) counts once. Its weight grows with the number of
// distinct outlets that report it, on a capped log scale (see Weight), so a
// story syndicated to fifty sites weighs 5, not 50, and a single-outlet
// story weighs 1.
package analytics

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/realign/realign"
)

// Event is one event row: a cluster of event mentions (or one imported
// GDELT event) with the evidence of one of its mentions.
type Event struct {
	// ID is the event mention's id (the GDELT GLOBALEVENTID for imported
	// rows); Cluster the cluster id (rows sharing a non-zero Cluster are
	// one event and count once).
	ID      int64 `json:"id"`
	Cluster int64 `json:"cluster"`
	// Source and Target are actor codes (PAKGOV, RUS, IGOSCO).
	Source string `json:"source"`
	Target string `json:"target"`
	// Day is the effective day, days since 1970-01-01.
	Day int64 `json:"-"`
	// Date is Day as YYYY-MM-DD, set on evidence rows (see AddEvidence).
	Date      string  `json:"day,omitempty"`
	Code      string  `json:"cameo"`
	QuadClass int     `json:"quad_class"` // 1..4
	Goldstein float64 `json:"goldstein"`  // -10..+10
	// Sources is the number of distinct outlets reporting the cluster
	// (GDELT's NumSources for imported rows); values below 1 count as 1.
	Sources int `json:"sources"`
	// Modality is the event's modality (realign.ModalityAsserted, ...;
	// "" for imported GDELT rows) and DateText its coded date ("2019-06-14",
	// "2019-W24", "2019-04", "2016"; "" when the day is the publication
	// day): Aggregate uses them to leave out events that do not count (see
	// Counts and Window.Admits).
	Modality string `json:"modality,omitempty"`
	DateText string `json:"date,omitempty"`
	// Evidence: the sentence (empty for GDELT rows), its byte span in the
	// document text, the document's ContentID, URL and title, and the
	// quotation the event was read from with its speaker's code.
	Sentence string       `json:"sentence,omitempty"`
	Span     realign.Span `json:"sentence_span"`
	DocID    string       `json:"document_id,omitempty"`
	URL      string       `json:"url,omitempty"`
	Title    string       `json:"title,omitempty"`
	Quote    string       `json:"quote,omitempty"`
	Speaker  string       `json:"speaker,omitempty"`
}

// MaxWeightSources is the number of distinct outlets beyond which a
// cluster's weight stops growing.
const MaxWeightSources = 16

// Weight is the weight of an event reported by sources distinct outlets:
// 1 + log2(min(max(sources, 1), 16)), so 1 outlet weighs 1, 2 weigh 2,
// 4 weigh 3, and 16 or more weigh 5.
func Weight(sources int) float64 {
	s := min(max(sources, 1), MaxWeightSources)
	return 1 + math.Log2(float64(s))
}

// WeightSQL is Weight as an SQLite expression over the column expression
// col (needs SQLite's math functions).
func WeightSQL(col string) string {
	return "(1 + log2(min(max(" + col + ", 1), " + strconv.Itoa(MaxWeightSources) + ")))"
}

// organisationPrefixes are CAMEO code prefixes of actors that are not
// states but organisations with their own identity (IGOSCO, NGOAMN): they
// keep six characters.
var organisationPrefixes = []string{"IGO", "NGO", "MNC", "IMG"}

// sectorPrefixes are CAMEO role and sector codes that appear without a
// country (GDELT's "GOV", "MIL"): such actors have no state and are
// left out of state-level analytics.
var sectorPrefixes = []string{"GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "LEG", "BUS", "MED", "EDU",
	"CVL", "ELI", "HLH", "HRI", "LAB", "REF", "RES", "AGR", "ENV", "CRM", "INS", "SEP", "UAF", "UIS", "MOD", "RAD",
	"DEV", "SET", "REL", "MUS", "CHR", "JEW", "HIN", "BUD"}

// StateOf returns the state-level key of an actor code: its first three
// letters (the CAMEO country code: PAKGOV → PAK), six for organisations
// (IGOSCO), and "" for codes shorter than three letters, whose first three
// characters are not all letters or digits (the unknown-country "---REB",
// "---GOV")
// or that are a role or sector without a country (GOV, MIL).
func StateOf(code string) string {
	code = strings.ToUpper(strings.TrimSpace(code))
	if len(code) < 3 {
		return ""
	}
	p := code[:3]
	for i := 0; i < 3; i++ {
		if (p[i] < 'A' || p[i] > 'Z') && (p[i] < '0' || p[i] > '9') {
			return ""
		}
	}
	for _, o := range organisationPrefixes {
		if p == o {
			return code[:min(6, len(code))]
		}
	}
	for _, s := range sectorPrefixes {
		if p == s {
			return ""
		}
	}
	return p
}

// StateSQL is StateOf as an SQLite expression over the column expression
// col (upper-case codes assumed, as the store keeps them).
func StateSQL(col string) string {
	q := func(xs []string) string {
		return "'" + strings.Join(xs, "','") + "'"
	}
	return "(CASE WHEN length(" + col + ") < 3 THEN '' WHEN substr(" + col + ", 1, 3) GLOB '*[^A-Z0-9]*' THEN '' WHEN substr(" + col + ", 1, 3) IN (" + q(organisationPrefixes) +
		") THEN substr(" + col + ", 1, 6) WHEN substr(" + col + ", 1, 3) IN (" + q(sectorPrefixes) +
		") THEN '' ELSE substr(" + col + ", 1, 3) END)"
}

// Cell aggregates the events of one directed state dyad on one day. Sums
// marked "weighted" use Weight(Sources) per cluster; the others count each
// cluster once.
type Cell struct {
	Source string `json:"source"` // state key (see StateOf)
	Target string `json:"target"`
	Day    int64  `json:"day"`
	// N is the number of clusters; Quad[q] those of quad class q (1..4;
	// index 0 counts clusters with no quad class).
	N    int    `json:"n"`
	Quad [5]int `json:"quad"`
	// SumG and SumG2 are the sum and sum of squares of Goldstein values.
	SumG  float64 `json:"sum_g"`
	SumG2 float64 `json:"sum_g2"`
	// W is the weighted count, WG the weighted Goldstein sum, WQuad the
	// weighted count by quad class.
	W     float64    `json:"w"`
	WG    float64    `json:"wg"`
	WQuad [5]float64 `json:"wquad"`
	// Reports is the sum of the clusters' outlet counts (source-reports).
	Reports int `json:"reports"`
}

// add folds another cell of the same key into c.
func (c *Cell) add(o Cell) {
	c.N += o.N
	c.SumG += o.SumG
	c.SumG2 += o.SumG2
	c.W += o.W
	c.WG += o.WG
	c.Reports += o.Reports
	for i := range c.Quad {
		c.Quad[i] += o.Quad[i]
		c.WQuad[i] += o.WQuad[i]
	}
}

type cellKey struct {
	s, t string
	d    int64
}

// Aggregate is AggregateFor(events, Day).
func Aggregate(events []Event) []Cell { return AggregateFor(events, Day) }

// AggregateFor turns event rows into cells for windows of w: one per
// directed state dyad and day, with rows of the same non-zero Cluster
// counted once (the first counting row seen stands for the cluster). Rows
// that do not count (Counts(Modality, Code) is false), whose date is too
// coarse for w (w.Admits(PrecisionOf(DateText)) is false), whose source or
// target has no state (StateOf is ""), or whose source and target are the
// same state, are left out. Cells come sorted by day, source, target.
func AggregateFor(events []Event, w Window) []Cell {
	seen := map[int64]bool{}
	m := map[cellKey]*Cell{}
	for _, e := range events {
		if !Counts(e.Modality, e.Code) || !w.Admits(PrecisionOf(e.DateText)) {
			continue
		}
		if e.Cluster != 0 {
			if seen[e.Cluster] {
				continue
			}
			seen[e.Cluster] = true
		}
		s, t := StateOf(e.Source), StateOf(e.Target)
		if s == "" || t == "" || s == t {
			continue
		}
		k := cellKey{s, t, e.Day}
		c := m[k]
		if c == nil {
			c = &Cell{Source: s, Target: t, Day: e.Day}
			m[k] = c
		}
		w := Weight(e.Sources)
		q := e.QuadClass
		if q < 1 || q > 4 {
			q = 0
		}
		c.add(Cell{N: 1, SumG: e.Goldstein, SumG2: e.Goldstein * e.Goldstein, W: w, WG: w * e.Goldstein,
			Reports: max(e.Sources, 1), Quad: unitQuad(q), WQuad: unitWQuad(q, w)})
	}
	return MergeCells(mapValues(m))
}

func unitQuad(q int) (a [5]int)                 { a[q] = 1; return }
func unitWQuad(q int, w float64) (a [5]float64) { a[q] = w; return }

func mapValues(m map[cellKey]*Cell) []Cell {
	out := make([]Cell, 0, len(m))
	for _, c := range m {
		out = append(out, *c)
	}
	return out
}

// MergeCells sums cells with the same source, target and day and returns
// them sorted by day, source, target. The storage layer may return several
// cells per key (one per raw actor code); this folds them.
func MergeCells(cells []Cell) []Cell {
	sort.Slice(cells, func(i, j int) bool {
		a, b := cells[i], cells[j]
		if a.Day != b.Day {
			return a.Day < b.Day
		}
		if a.Source != b.Source {
			return a.Source < b.Source
		}
		return a.Target < b.Target
	})
	out := cells[:0]
	for _, c := range cells {
		if n := len(out); n > 0 && out[n-1].Day == c.Day && out[n-1].Source == c.Source && out[n-1].Target == c.Target {
			out[n-1].add(c)
			continue
		}
		out = append(out, c)
	}
	return out
}

// Window is a period length for time series and blocs.
type Window int

// Windows. Weeks start on Monday; quarters on January, April, July and
// October 1st.
const (
	Day Window = iota + 1
	Week
	Month
	Quarter
)

// ParseWindow reads "day", "week", "month" or "quarter".
func ParseWindow(s string) (Window, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "day":
		return Day, nil
	case "week":
		return Week, nil
	case "month":
		return Month, nil
	case "quarter":
		return Quarter, nil
	}
	return 0, &windowError{s}
}

type windowError struct{ s string }

// Error does not name the window: callers say which parameter it was
// ("--window: ", "window: ").
func (e *windowError) Error() string {
	return "want day, week, month or quarter, not \"" + e.s + "\""
}

func (w Window) String() string {
	switch w {
	case Day:
		return "day"
	case Week:
		return "week"
	case Month:
		return "month"
	case Quarter:
		return "quarter"
	}
	return "window(" + strconv.Itoa(int(w)) + ")"
}

// DayTime is the UTC midnight of a day.
func DayTime(day int64) time.Time { return time.Unix(day*86400, 0).UTC() }

// DayOf is t's calendar day as days since 1970-01-01.
func DayOf(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// Start returns the first day of the window holding day.
func (w Window) Start(day int64) int64 {
	switch w {
	case Week:
		// 1970-01-01 was a Thursday; Monday-based weeks.
		return floorDiv(day+3, 7)*7 - 3
	case Month, Quarter:
		t := DayTime(day)
		m := t.Month()
		if w == Quarter {
			m = (m-1)/3*3 + 1
		}
		return DayOf(time.Date(t.Year(), m, 1, 0, 0, 0, 0, time.UTC))
	}
	return day
}

// Next returns the first day of the window after the one starting at start.
func (w Window) Next(start int64) int64 {
	switch w {
	case Week:
		return start + 7
	case Month:
		return DayOf(DayTime(start).AddDate(0, 1, 0))
	case Quarter:
		return DayOf(DayTime(start).AddDate(0, 3, 0))
	}
	return start + 1
}

// Label names the window starting at start: 2019-06-14, 2019-W24 (ISO
// week), 2019-06, 2019-Q2.
func (w Window) Label(start int64) string {
	t := DayTime(start)
	switch w {
	case Week:
		y, wk := t.ISOWeek()
		return strconv.Itoa(y) + "-W" + pad2(wk)
	case Month:
		return t.Format("2006-01")
	case Quarter:
		return strconv.Itoa(t.Year()) + "-Q" + strconv.Itoa((int(t.Month())-1)/3+1)
	}
	return t.Format(time.DateOnly)
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// Date formats a day as YYYY-MM-DD.
func Date(day int64) string { return DayTime(day).Format(time.DateOnly) }

// matches reports whether a cell belongs to the dyad a–b (a→b when
// directed; either direction otherwise).
func matches(c *Cell, a, b string, directed bool) bool {
	if c.Source == a && c.Target == b {
		return true
	}
	return !directed && c.Source == b && c.Target == a
}
