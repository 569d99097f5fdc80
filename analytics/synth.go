package analytics

import (
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
)

// SynthOptions describe a synthetic event stream for tests and
// benchmarks.
type SynthOptions struct {
	States int    // number of states, named X00, X01, ...; default 12
	Groups int    // states split round-robin into this many groups; default 2
	Events int    // number of events; default 5000
	From   int64  // first day; default 2018-01-01
	Months int    // length of the stream; default 24
	Seed   uint64 // random seed
	// Density is the share of state pairs that interact; default 0.6.
	Density float64
	// InGroup and CrossGroup are the probabilities that an event is
	// cooperative, within and across groups; defaults 0.8 and 0.4.
	InGroup, CrossGroup float64
	// Shift plants a change: from day ShiftDay on, events between
	// ShiftA and ShiftB are cooperative with probability ShiftTo.
	ShiftA, ShiftB string
	ShiftDay       int64
	ShiftTo        float64
}

// Goldstein values drawn for each quad class (typical CAMEO values).
var synthGoldstein = [5][]float64{nil,
	{1.0, 1.9, 3.0, 3.4, 3.5, 4.0},
	{6.0, 7.0, 7.4, 8.3},
	{-2.0, -4.0, -5.0, -2.2},
	{-7.0, -8.0, -9.0, -10.0}}

// Synthetic calls fn for each event of a synthetic stream: pairs of
// states interact at heavy-tailed rates (a few busy dyads, many quiet
// ones), on uniformly drawn days, each event cooperative or not by its
// pair's probability (and the planted shift), with a Goldstein value
// typical of its quad class and 1 + a geometric number of outlets. Every
// event is its own cluster. The stream is the same for the same options.
func Synthetic(opt SynthOptions, fn func(Event)) {
	if opt.States <= 1 {
		opt.States = 12
	}
	if opt.Groups <= 0 {
		opt.Groups = 2
	}
	if opt.Events <= 0 {
		opt.Events = 5000
	}
	if opt.From == 0 {
		opt.From = 17532 // 2018-01-01
	}
	if opt.Months <= 0 {
		opt.Months = 24
	}
	if opt.Density <= 0 {
		opt.Density = 0.6
	}
	if opt.InGroup == 0 {
		opt.InGroup = 0.8
	}
	if opt.CrossGroup == 0 {
		opt.CrossGroup = 0.4
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x5717))
	names := make([]string, opt.States)
	for i := range names {
		names[i] = "X" + pad2(i%100)
		if i >= 100 {
			names[i] = "Y" + pad2(i%100) // up to 200 states
		}
	}
	type pair struct {
		a, b int
		p    float64
	}
	var pairs []pair
	var cum []float64
	total := 0.0
	for a := 0; a < opt.States; a++ {
		for b := a + 1; b < opt.States; b++ {
			isShift := (names[a] == opt.ShiftA && names[b] == opt.ShiftB) || (names[a] == opt.ShiftB && names[b] == opt.ShiftA)
			if !isShift && rng.Float64() >= opt.Density {
				continue
			}
			p := opt.CrossGroup
			if a%opt.Groups == b%opt.Groups {
				p = opt.InGroup
			}
			// Pareto-like rates: 1/u^0.6.
			r := math.Pow(1-rng.Float64(), -0.6)
			if isShift {
				r = math.Max(r, 3) // the planted dyad is not among the quietest
			}
			pairs = append(pairs, pair{a, b, p})
			total += r
			cum = append(cum, total)
		}
	}
	to := DayOf(DayTime(opt.From).AddDate(0, opt.Months, 0))
	span := to - opt.From
	for i := 0; i < opt.Events; i++ {
		k := sort.SearchFloat64s(cum, rng.Float64()*total)
		k = min(k, len(pairs)-1)
		pr := pairs[k]
		day := opt.From + rng.Int64N(span)
		p := pr.p
		if opt.ShiftDay != 0 && day >= opt.ShiftDay &&
			((names[pr.a] == opt.ShiftA && names[pr.b] == opt.ShiftB) || (names[pr.a] == opt.ShiftB && names[pr.b] == opt.ShiftA)) {
			p = opt.ShiftTo
		}
		var q int
		if rng.Float64() < p {
			q = 1 + rng.IntN(2)
		} else {
			q = 3 + rng.IntN(2)
		}
		if q == 2 || q == 4 { // material events are rarer
			if rng.Float64() < 0.5 {
				q--
			}
		}
		g := synthGoldstein[q][rng.IntN(len(synthGoldstein[q]))]
		src, tgt := names[pr.a], names[pr.b]
		if rng.IntN(2) == 1 {
			src, tgt = tgt, src
		}
		sources := 1
		for sources < 40 && rng.Float64() < 0.45 {
			sources++
		}
		fn(Event{ID: int64(i + 1), Cluster: int64(i + 1), Source: src + "GOV", Target: tgt, Day: day,
			Code: "0" + strconv.Itoa(q), QuadClass: q, Goldstein: g, Sources: sources,
			Sentence: "synthetic event " + strconv.Itoa(i+1), DocID: "synthetic", URL: "https://example.com/" + strconv.Itoa(i+1)})
	}
}
