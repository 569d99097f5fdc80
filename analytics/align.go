package analytics

import (
	"math"
	"math/rand/v2"
	"sort"
)

// Similarity compares two states' relation profiles towards third parties:
// for each third party k, the weighted mean Goldstein of all events
// between the state and k (either direction) over the period. A third
// party that one state has no events with counts as 0 (neutral) in that
// state's profile.
type Similarity struct {
	A string `json:"a"`
	B string `json:"b"`
	// ThirdParties are the states either profile covers (a and b left out).
	ThirdParties []string `json:"third_parties"`
	// ProfileA and ProfileB are the profiles, in ThirdParties order.
	ProfileA []float64 `json:"profile_a"`
	ProfileB []float64 `json:"profile_b"`
	// Cosine is the cosine similarity of the two profiles (−1..+1; 0 when
	// either is all zeros).
	Cosine   float64 `json:"cosine"`
	CosineLo float64 `json:"cosine_lo"`
	CosineHi float64 `json:"cosine_hi"`
	// S is the Signorino–Ritter S-score, unweighted, over the Goldstein
	// range (width 20): 1 − 2·Σ|a_k − b_k| / (20·K), −1..+1 (1 when
	// identical; 0 when there are no third parties).
	S   float64 `json:"s"`
	SLo float64 `json:"s_lo"`
	SHi float64 `json:"s_hi"`
	// Events is the number of clusters behind the two profiles.
	Events int `json:"events"`
}

// Similar computes the Similarity of states a and b over days [from, to]
// with bootstrap intervals: each resample redraws, for every state–third
// party dyad, its days (cells) with replacement — a day-block bootstrap
// that keeps same-day reports together.
func Similar(cells []Cell, a, b string, from, to int64, bs Bootstrap) Similarity {
	sim := Similarity{A: a, B: b}
	// per (side, third party): the cells
	type key struct {
		side  int
		third string
	}
	groups := map[key][]*Cell{}
	thirds := map[string]bool{}
	for i := range cells {
		c := &cells[i]
		if c.Day < from || c.Day > to {
			continue
		}
		for side, s := range []string{a, b} {
			var k string
			switch {
			case c.Source == s:
				k = c.Target
			case c.Target == s:
				k = c.Source
			default:
				continue
			}
			if k == a || k == b {
				continue
			}
			groups[key{side, k}] = append(groups[key{side, k}], c)
			thirds[k] = true
			sim.Events += c.N
		}
	}
	for k := range thirds {
		sim.ThirdParties = append(sim.ThirdParties, k)
	}
	sort.Strings(sim.ThirdParties)
	n := len(sim.ThirdParties)
	if n == 0 {
		return sim
	}
	profile := func(draw func([]*Cell) (float64, float64)) ([]float64, []float64) {
		pa, pb := make([]float64, n), make([]float64, n)
		for i, k := range sim.ThirdParties {
			for side, p := range [][]float64{pa, pb} {
				if cs := groups[key{side, k}]; len(cs) > 0 {
					w, wg := draw(cs)
					if w > 0 {
						p[i] = wg / w
					}
				}
			}
		}
		return pa, pb
	}
	all := func(cs []*Cell) (w, wg float64) {
		for _, c := range cs {
			w += c.W
			wg += c.WG
		}
		return
	}
	sim.ProfileA, sim.ProfileB = profile(all)
	sim.Cosine, sim.S = cosine(sim.ProfileA, sim.ProfileB), sScore(sim.ProfileA, sim.ProfileB)
	bs = bs.norm()
	rng := rand.New(rand.NewPCG(bs.Seed, 0xa11e))
	resample := func(cs []*Cell) (w, wg float64) {
		for range cs {
			c := cs[rng.IntN(len(cs))]
			w += c.W
			wg += c.WG
		}
		return
	}
	cos, ss := make([]float64, bs.Samples), make([]float64, bs.Samples)
	for i := range cos {
		pa, pb := profile(resample)
		cos[i], ss[i] = cosine(pa, pb), sScore(pa, pb)
	}
	sim.CosineLo, sim.CosineHi = percentiles(cos, bs.Level)
	sim.SLo, sim.SHi = percentiles(ss, bs.Level)
	return sim
}

func cosine(a, b []float64) float64 {
	var ab, aa, bb float64
	for i := range a {
		ab += a[i] * b[i]
		aa += a[i] * a[i]
		bb += b[i] * b[i]
	}
	if aa == 0 || bb == 0 {
		return 0
	}
	return ab / math.Sqrt(aa*bb)
}

// sScore is the unweighted Signorino–Ritter S over values in [−10, 10].
func sScore(a, b []float64) float64 {
	if len(a) == 0 {
		return 0
	}
	var d float64
	for i := range a {
		d += math.Abs(a[i] - b[i])
	}
	return 1 - 2*d/(20*float64(len(a)))
}
