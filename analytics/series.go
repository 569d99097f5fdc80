package analytics

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"sort"
)

// Point is one window of a dyad time series.
type Point struct {
	Window string `json:"window"` // label (2019-06, 2019-Q2, ...)
	From   string `json:"from"`   // first day, YYYY-MM-DD
	To     string `json:"to"`     // last day, YYYY-MM-DD
	Start  int64  `json:"-"`
	// Events counts clusters (each reported event once); Quad them by
	// quad class: verbal cooperation, material cooperation, verbal
	// conflict, material conflict.
	Events int    `json:"events"`
	Quad   [4]int `json:"quad"`
	// Weighted is the weighted event count (see Weight); WeightedQuad by
	// quad class.
	Weighted     float64    `json:"weighted"`
	WeightedQuad [4]float64 `json:"weighted_quad"`
	// GoldsteinSum is the weighted sum of Goldstein values;
	// GoldsteinMean the weighted mean (0 when no events, and null in
	// JSON: see HasMean).
	GoldsteinSum  float64 `json:"goldstein_sum"`
	GoldsteinMean float64 `json:"goldstein_mean"`
	// CoopShare is the weighted share of cooperation (quad 1 and 2) among
	// events with a quad class, 0..1 (0 when none, and null in JSON, as
	// are Balance and its interval: see HasBalance).
	CoopShare float64 `json:"coop_share"`
	// Balance is the cooperation–conflict balance (coop − conflict) /
	// (coop + conflict), weighted, −1..+1, with a bootstrap interval
	// (BalanceLo, BalanceHi; see Bootstrap) over the window's clusters.
	Balance   float64 `json:"balance"`
	BalanceLo float64 `json:"balance_lo"`
	BalanceHi float64 `json:"balance_hi"`
	// Reports sums the clusters' outlet counts; Sources is the number of
	// distinct outlets, -1 when not known (set by the caller, which can
	// count them in the store).
	Reports int `json:"reports"`
	Sources int `json:"sources"`
}

// HasMean reports whether GoldsteinMean is defined: the window has
// weighted events.
func (p Point) HasMean() bool { return p.Weighted > 0 }

// HasBalance reports whether CoopShare, Balance, BalanceLo and BalanceHi
// are defined: the window has events with a quad class.
func (p Point) HasBalance() bool {
	var s float64
	for _, w := range p.WeightedQuad {
		s += w
	}
	return s > 0
}

// MarshalJSON writes Point with null for the undefined means and shares
// of an empty window, so that they are not mistaken for real zeros.
func (p Point) MarshalJSON() ([]byte, error) {
	type plain Point
	opt := func(ok bool, x float64) *float64 {
		if !ok {
			return nil
		}
		return &x
	}
	return json.Marshal(struct {
		plain
		GoldsteinMean *float64 `json:"goldstein_mean"`
		CoopShare     *float64 `json:"coop_share"`
		Balance       *float64 `json:"balance"`
		BalanceLo     *float64 `json:"balance_lo"`
		BalanceHi     *float64 `json:"balance_hi"`
	}{plain(p), opt(p.HasMean(), p.GoldsteinMean), opt(p.HasBalance(), p.CoopShare), opt(p.HasBalance(), p.Balance),
		opt(p.HasBalance(), p.BalanceLo), opt(p.HasBalance(), p.BalanceHi)})
}

// Bootstrap configures bootstrap intervals: Samples resamples (default
// 1000), Level the coverage (default 0.95), Seed the random seed (runs
// are reproducible).
type Bootstrap struct {
	Samples int
	Level   float64
	Seed    uint64
}

func (b Bootstrap) norm() Bootstrap {
	if b.Samples <= 0 {
		b.Samples = 1000
	}
	if b.Level <= 0 || b.Level >= 1 {
		b.Level = 0.95
	}
	return b
}

// Series returns the time series of the dyad a–b (state keys; a→b only
// when directed) in windows of w, from the window of from to the window
// of to (days; when from > to, the span of the dyad's cells), with empty
// windows included so the series is regular.
func Series(cells []Cell, a, b string, directed bool, w Window, from, to int64, bs Bootstrap) []Point {
	var sel []*Cell
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for i := range cells {
		c := &cells[i]
		if matches(c, a, b, directed) {
			sel = append(sel, c)
			lo, hi = min(lo, c.Day), max(hi, c.Day)
		}
	}
	if from > to {
		if len(sel) == 0 {
			return nil
		}
		from, to = lo, hi
	}
	var pts []Point
	idx := map[int64]int{}
	for s := w.Start(from); s <= to; s = w.Next(s) {
		idx[s] = len(pts)
		pts = append(pts, Point{Window: w.Label(s), From: Date(s), To: Date(w.Next(s) - 1), Start: s, Sources: -1})
	}
	byWin := make([][]*Cell, len(pts))
	for _, c := range sel {
		if c.Day < from || c.Day > to {
			continue
		}
		i := idx[w.Start(c.Day)]
		byWin[i] = append(byWin[i], c)
	}
	rng := rand.New(rand.NewPCG(bs.Seed, 0x5eed))
	for i := range pts {
		p := &pts[i]
		var tot Cell
		for _, c := range byWin[i] {
			tot.add(*c)
		}
		p.Events, p.Weighted, p.GoldsteinSum, p.Reports = tot.N, tot.W, tot.WG, tot.Reports
		for q := 1; q <= 4; q++ {
			p.Quad[q-1], p.WeightedQuad[q-1] = tot.Quad[q], tot.WQuad[q]
		}
		if tot.W > 0 {
			p.GoldsteinMean = tot.WG / tot.W
		}
		coop, conf := tot.WQuad[1]+tot.WQuad[2], tot.WQuad[3]+tot.WQuad[4]
		if coop+conf > 0 {
			p.CoopShare = coop / (coop + conf)
			p.Balance = (coop - conf) / (coop + conf)
		}
		p.BalanceLo, p.BalanceHi = balanceInterval(byWin[i], bs, rng)
	}
	return pts
}

// balanceInterval is a percentile bootstrap interval for the balance over
// the clusters of cells: each cluster is drawn with its quad class and its
// cell's mean weight for that class.
func balanceInterval(cells []*Cell, bs Bootstrap, rng *rand.Rand) (lo, hi float64) {
	type item struct {
		coop bool
		w    float64
	}
	var items []item
	for _, c := range cells {
		for q := 1; q <= 4; q++ {
			if c.Quad[q] == 0 {
				continue
			}
			w := c.WQuad[q] / float64(c.Quad[q])
			for range c.Quad[q] {
				items = append(items, item{q <= 2, w})
			}
		}
	}
	if len(items) == 0 {
		return 0, 0
	}
	bs = bs.norm()
	stats := make([]float64, bs.Samples)
	for s := range stats {
		var coop, conf float64
		for range items {
			it := items[rng.IntN(len(items))]
			if it.coop {
				coop += it.w
			} else {
				conf += it.w
			}
		}
		stats[s] = (coop - conf) / (coop + conf)
	}
	return percentiles(stats, bs.Level)
}

func percentiles(xs []float64, level float64) (lo, hi float64) {
	sort.Float64s(xs)
	a := (1 - level) / 2
	i := int(math.Floor(a * float64(len(xs)-1)))
	j := int(math.Ceil((1 - a) * float64(len(xs)-1)))
	return xs[i], xs[j]
}

// Sparkline draws values as a row of block characters, lowest to highest
// over [lo, hi] (▁▂▃▄▅▆▇█); a NaN value is drawn as a space.
func Sparkline(values []float64, lo, hi float64) string {
	bars := []rune("▁▂▃▄▅▆▇█")
	out := make([]rune, len(values))
	for i, v := range values {
		switch {
		case math.IsNaN(v):
			out[i] = ' '
		case hi <= lo:
			out[i] = bars[len(bars)/2]
		default:
			k := int(math.Round((v - lo) / (hi - lo) * float64(len(bars)-1)))
			out[i] = bars[min(max(k, 0), len(bars)-1)]
		}
	}
	return string(out)
}
