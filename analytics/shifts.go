package analytics

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// ShiftOptions configure Shifts. Days are days since 1970-01-01.
type ShiftOptions struct {
	// Recent period [Since, Until] and baseline [BaselineFrom, Since).
	// Zero Until: the last day with a cell. Zero Since: Until − 89 (the
	// last 90 days). Zero BaselineFrom: Since − 365.
	Since, Until, BaselineFrom int64
	// Directed tests a→b and b→a separately; by default dyads are
	// undirected.
	Directed bool
	// MinEvents is the fewest clusters each period needs for the dyad to
	// be tested; default 5.
	MinEvents int
	// FDR is the Benjamini–Hochberg false-discovery rate; default 0.05.
	FDR float64
	// VarianceFloor is the smallest per-event Goldstein variance used in
	// the test (squared Goldstein points); default 1. It keeps a handful
	// of identical codes from yielding an infinite t.
	VarianceFloor float64
	// Test is "mann-whitney" (default) or "welch".
	Test string
	// Window is the window of the change-point search; default Month.
	Window Window
}

func (o ShiftOptions) norm(cells []Cell) ShiftOptions {
	if o.Until == 0 {
		for _, c := range cells {
			o.Until = max(o.Until, c.Day)
		}
	}
	if o.Since == 0 {
		o.Since = o.Until - 89
	}
	if o.BaselineFrom == 0 {
		o.BaselineFrom = o.Since - 365
	}
	if o.MinEvents <= 0 {
		o.MinEvents = 5
	}
	if o.FDR <= 0 || o.FDR >= 1 {
		o.FDR = 0.05
	}
	if o.VarianceFloor <= 0 {
		o.VarianceFloor = 1
	}
	if o.Window == 0 {
		o.Window = Month
	}
	return o
}

// Shift is one dyad's test result; an alert when Alert is true.
type Shift struct {
	Rank     int    `json:"rank"` // 1 = strongest alert; 0 when not an alert
	Dyad     string `json:"dyad"` // "PAK-USA" (undirected, sorted) or "PAK>USA"
	A        string `json:"a"`
	B        string `json:"b"`
	Directed bool   `json:"directed"`
	// Direction: "cooling" (recent mean Goldstein lower) or "warming".
	Direction string `json:"direction"`
	// BaselineEvents and RecentEvents count clusters; the means are of
	// per-cluster Goldstein values (what the test compares) and
	// the weighted means (see Weight) users may prefer to read.
	BaselineEvents       int     `json:"baseline_events"`
	RecentEvents         int     `json:"recent_events"`
	BaselineMean         float64 `json:"baseline_mean"`
	RecentMean           float64 `json:"recent_mean"`
	BaselineWeightedMean float64 `json:"baseline_weighted_mean"`
	RecentWeightedMean   float64 `json:"recent_weighted_mean"`
	// Delta is RecentMean − BaselineMean (Goldstein points): the
	// strength alerts are ranked by (largest |Delta| first).
	Delta float64 `json:"delta"`
	// BaselineBalance and RecentBalance are the weighted
	// cooperation–conflict balances (−1..+1).
	BaselineBalance float64 `json:"baseline_balance"`
	RecentBalance   float64 `json:"recent_balance"`
	// T is the test statistic (Mann–Whitney z, positive when the recent
	// period is more cooperative; or Welch's t), DF the Welch–Satterthwaite
	// degrees of freedom (0 for Mann–Whitney), P the two-sided p-value and
	// Q the Benjamini–Hochberg adjusted p-value across tested dyads.
	T  float64 `json:"t"`
	DF float64 `json:"df"`
	P  float64 `json:"p"`
	Q  float64 `json:"q"`
	// Alert is Q ≤ FDR.
	Alert bool `json:"alert"`
	// ChangeWindow and ChangeDay are the estimated change point: the
	// first window after the split of the dyad's windowed series
	// (BaselineFrom..Until) that best separates two means.
	ChangeWindow string `json:"change_window"`
	ChangeDay    string `json:"change_day"`
	changeStart  int64
	// Evidence and Quotes are filled by AddEvidence.
	Evidence []Event `json:"evidence"`
	Quotes   []Event `json:"quotes"`
}

// ChangeStart returns the first day of the estimated change window.
func (s Shift) ChangeStart() int64 { return s.changeStart }

// ShiftReport is the result of Shifts.
type ShiftReport struct {
	Method       string  `json:"method"`
	Since        string  `json:"since"`
	Until        string  `json:"until"`
	BaselineFrom string  `json:"baseline_from"`
	BaselineTo   string  `json:"baseline_to"`
	FDR          float64 `json:"fdr"`
	MinEvents    int     `json:"min_events"`
	// Tested counts the dyads with MinEvents in both periods.
	Tested int `json:"tested"`
	// Alerts are the significant shifts, strongest first; Shifts every
	// tested dyad (alerts first, then by P).
	Alerts []Shift `json:"alerts"`
	Shifts []Shift `json:"-"`
}

// Method describes the test Shifts runs.
const Method = "two-sided Mann-Whitney U test (normal approximation, tie-corrected) of recent vs baseline clusters " +
	"on the ordinal quad-class scale (material conflict < verbal conflict < verbal cooperation < material cooperation), " +
	"per dyad; Benjamini-Hochberg FDR across tested dyads; change point by the best two-mean split of the windowed Goldstein series"

// MethodWelch describes the alternative test (ShiftOptions.Test "welch").
const MethodWelch = "Welch t-test on per-cluster Goldstein values, recent vs baseline, per dyad; " +
	"Benjamini-Hochberg FDR across tested dyads; change point by the best two-mean split of the windowed Goldstein series"

type moments struct {
	quad     [5]int // clusters by quad class
	n        int
	s, s2    float64
	w, wg    float64
	coop, cf float64
}

func (m *moments) add(c *Cell) {
	m.n += c.N
	for q := range m.quad {
		m.quad[q] += c.Quad[q]
	}
	m.s += c.SumG
	m.s2 += c.SumG2
	m.w += c.W
	m.wg += c.WG
	m.coop += c.WQuad[1] + c.WQuad[2]
	m.cf += c.WQuad[3] + c.WQuad[4]
}

func (m moments) mean() float64 {
	if m.n == 0 {
		return 0
	}
	return m.s / float64(m.n)
}

func (m moments) variance() float64 {
	if m.n < 2 {
		return 0
	}
	mu := m.mean()
	return math.Max(0, (m.s2-float64(m.n)*mu*mu)/float64(m.n-1))
}

func (m moments) wmean() float64 {
	if m.w == 0 {
		return 0
	}
	return m.wg / m.w
}

func (m moments) balance() float64 {
	if m.coop+m.cf == 0 {
		return 0
	}
	return (m.coop - m.cf) / (m.coop + m.cf)
}

// Shifts tests every dyad for a change in its relations between the
// baseline and the recent period: by default a two-sided Mann–Whitney U
// test on the ordinal quad-class scale of its clusters (robust to the
// skewed, lumpy Goldstein scale; with opt.Test "welch", Welch's t on the
// Goldstein values), then the Benjamini–Hochberg procedure across the
// tested dyads at opt.FDR. Alerts are ranked by |Delta|, the change in
// mean Goldstein. Under no change anywhere
// the chance of one or more alerts is at most about FDR (BH controls the
// family-wise rate under the global null); see docs/ANALYTICS.md for the
// measured rate and the assumptions (independent events).
func Shifts(cells []Cell, opt ShiftOptions) ShiftReport {
	opt = opt.norm(cells)
	method := Method
	if opt.Test == "welch" {
		method = MethodWelch
	}
	rep := ShiftReport{Method: method, Since: Date(opt.Since), Until: Date(opt.Until), BaselineFrom: Date(opt.BaselineFrom),
		BaselineTo: Date(opt.Since - 1), FDR: opt.FDR, MinEvents: opt.MinEvents}
	type dk struct{ a, b string }
	type acc struct {
		base, rec moments
		wins      map[int64]*moments
	}
	dyads := map[dk]*acc{}
	for i := range cells {
		c := &cells[i]
		if c.Day < opt.BaselineFrom || c.Day > opt.Until {
			continue
		}
		k := dk{c.Source, c.Target}
		if !opt.Directed && k.b < k.a {
			k = dk{k.b, k.a}
		}
		d := dyads[k]
		if d == nil {
			d = &acc{wins: map[int64]*moments{}}
			dyads[k] = d
		}
		if c.Day >= opt.Since {
			d.rec.add(c)
		} else {
			d.base.add(c)
		}
		ws := opt.Window.Start(c.Day)
		m := d.wins[ws]
		if m == nil {
			m = &moments{}
			d.wins[ws] = m
		}
		m.add(c)
	}
	for k, d := range dyads {
		if d.base.n < opt.MinEvents || d.rec.n < opt.MinEvents {
			continue
		}
		s := Shift{A: k.a, B: k.b, Directed: opt.Directed, BaselineEvents: d.base.n, RecentEvents: d.rec.n,
			BaselineMean: d.base.mean(), RecentMean: d.rec.mean(), BaselineWeightedMean: d.base.wmean(),
			RecentWeightedMean: d.rec.wmean(), BaselineBalance: d.base.balance(), RecentBalance: d.rec.balance()}
		s.Dyad = k.a + "-" + k.b
		if opt.Directed {
			s.Dyad = k.a + ">" + k.b
		}
		s.Delta = s.RecentMean - s.BaselineMean
		s.Direction = "warming"
		if s.Delta < 0 {
			s.Direction = "cooling"
		}
		if opt.Test == "welch" {
			s.T, s.DF, s.P = welch(d.base, d.rec, opt.VarianceFloor)
		} else {
			s.T, s.P = mannWhitneyQuad(d.base.quad, d.rec.quad)
		}
		s.changeStart = changePoint(d.wins, opt.Window)
		s.ChangeWindow, s.ChangeDay = opt.Window.Label(s.changeStart), Date(s.changeStart)
		rep.Shifts = append(rep.Shifts, s)
	}
	rep.Tested = len(rep.Shifts)
	ps := make([]float64, len(rep.Shifts))
	for i, s := range rep.Shifts {
		ps[i] = s.P
	}
	qs := BenjaminiHochberg(ps)
	for i := range rep.Shifts {
		rep.Shifts[i].Q = qs[i]
		rep.Shifts[i].Alert = qs[i] <= opt.FDR
	}
	sort.Slice(rep.Shifts, func(i, j int) bool {
		a, b := rep.Shifts[i], rep.Shifts[j]
		if a.Alert != b.Alert {
			return a.Alert
		}
		if a.Alert && math.Abs(a.Delta) != math.Abs(b.Delta) {
			return math.Abs(a.Delta) > math.Abs(b.Delta)
		}
		if a.P != b.P {
			return a.P < b.P
		}
		return a.Dyad < b.Dyad
	})
	for i := range rep.Shifts {
		if rep.Shifts[i].Alert {
			rep.Shifts[i].Rank = i + 1
			rep.Alerts = append(rep.Alerts, rep.Shifts[i])
		}
	}
	return rep
}

// welch returns Welch's t (recent − baseline), its degrees of freedom and
// the two-sided p-value, with each variance floored at floor.
func welch(a, b moments, floor float64) (t, df, p float64) {
	va, vb := math.Max(a.variance(), floor), math.Max(b.variance(), floor)
	na, nb := float64(a.n), float64(b.n)
	sa, sb := va/na, vb/nb
	se := math.Sqrt(sa + sb)
	t = (b.mean() - a.mean()) / se
	df = (sa + sb) * (sa + sb) / (sa*sa/(na-1) + sb*sb/(nb-1))
	p = 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.CDF(-math.Abs(t))
	return t, df, p
}

// BenjaminiHochberg returns the BH-adjusted p-values (q-values) of ps, in
// the same order: q_(i) = min over j ≥ i of p_(j)·m/j, capped at 1.
func BenjaminiHochberg(ps []float64) []float64 {
	m := len(ps)
	idx := make([]int, m)
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(i, j int) bool { return ps[idx[i]] < ps[idx[j]] })
	qs := make([]float64, m)
	prev := 1.0
	for r := m - 1; r >= 0; r-- {
		q := math.Min(prev, ps[idx[r]]*float64(m)/float64(r+1))
		qs[idx[r]] = q
		prev = q
	}
	return qs
}

// changePoint returns the start of the first window after the split of
// the windowed series that maximises n1·n2/(n1+n2)·(m1 − m2)², the
// between-group sum of squares of a single mean shift.
func changePoint(wins map[int64]*moments, w Window) int64 {
	starts := make([]int64, 0, len(wins))
	var tot moments
	for s, m := range wins {
		starts = append(starts, s)
		tot.n += m.n
		tot.s += m.s
	}
	sort.Slice(starts, func(i, j int) bool { return starts[i] < starts[j] })
	best, bestAt := -1.0, starts[0]
	var left moments
	for i := 0; i < len(starts)-1; i++ {
		m := wins[starts[i]]
		left.n += m.n
		left.s += m.s
		n1, n2 := float64(left.n), float64(tot.n-left.n)
		if n1 == 0 || n2 == 0 {
			continue
		}
		d := left.s/n1 - (tot.s-left.s)/n2
		if v := n1 * n2 / (n1 + n2) * d * d; v > best {
			best, bestAt = v, starts[i+1]
		}
	}
	_ = w
	return bestAt
}

// AddEvidence fills s.Evidence and s.Quotes from candidate event rows of
// the dyad: rows on or after the change window whose Goldstein sign agrees
// with the shift (negative for cooling, positive for warming), one per
// cluster, strongest first (Weight(Sources)·|Goldstein|, then earliest).
// At most k of each; Quotes are the rows read from a quotation.
func AddEvidence(s *Shift, rows []Event, k int) {
	var cand []Event
	seen := map[int64]bool{}
	for _, e := range rows {
		if e.Day < s.changeStart {
			continue
		}
		if (s.Delta < 0 && e.Goldstein >= 0) || (s.Delta >= 0 && e.Goldstein <= 0) {
			continue
		}
		if e.Cluster != 0 {
			if seen[e.Cluster] {
				continue
			}
			seen[e.Cluster] = true
		}
		e.Date = Date(e.Day)
		cand = append(cand, e)
	}
	sort.SliceStable(cand, func(i, j int) bool {
		a, b := Weight(cand[i].Sources)*math.Abs(cand[i].Goldstein), Weight(cand[j].Sources)*math.Abs(cand[j].Goldstein)
		if a != b {
			return a > b
		}
		return cand[i].Day < cand[j].Day
	})
	s.Evidence, s.Quotes = nil, nil
	for _, e := range cand {
		if e.Quote != "" && len(s.Quotes) < k {
			s.Quotes = append(s.Quotes, e)
		}
		if len(s.Evidence) < k {
			s.Evidence = append(s.Evidence, e)
		}
	}
}

// quadOrder orders quad classes from most conflictual to most
// cooperative: material conflict, verbal conflict, verbal cooperation,
// material cooperation.
var quadOrder = [4]int{4, 3, 1, 2}

// mannWhitneyQuad is the two-sided Mann–Whitney U test (normal
// approximation with the tie correction) of recent against baseline on
// the ordinal quad-class scale; z > 0 when recent is more cooperative.
// Clusters with no quad class are left out.
func mannWhitneyQuad(base, rec [5]int) (z, p float64) {
	var n1, n2 float64
	for _, q := range quadOrder {
		n1 += float64(base[q])
		n2 += float64(rec[q])
	}
	if n1 == 0 || n2 == 0 {
		return 0, 1
	}
	// U for recent: for each tie group, midranks.
	var below, r2, tie float64
	for _, q := range quadOrder {
		t := float64(base[q] + rec[q])
		mid := below + (t+1)/2
		r2 += float64(rec[q]) * mid
		below += t
		tie += t*t*t - t
	}
	n := n1 + n2
	u := r2 - n2*(n2+1)/2
	mu := n1 * n2 / 2
	v := n1 * n2 / 12 * ((n + 1) - tie/(n*(n-1)))
	if v <= 0 {
		return 0, 1
	}
	z = (u - mu) / math.Sqrt(v)
	p = math.Erfc(math.Abs(z) / math.Sqrt2)
	return z, p
}
