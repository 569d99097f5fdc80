package analytics

import (
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"
)

// BlocOptions configure Blocs.
type BlocOptions struct {
	// Window is the period of each graph; default Quarter.
	Window Window
	// MinWeight is the smallest edge weight kept (the positive part of the
	// dyad's weighted Goldstein sum over the window); default 1.
	MinWeight float64
	// Resolution is the modularity resolution; default 1 (higher: more,
	// smaller blocs).
	Resolution float64
	// Seed makes the Louvain run reproducible.
	Seed uint64
}

// Bloc is one community of a window's cooperation graph.
type Bloc struct {
	// ID follows a bloc across windows: a bloc takes the ID of the
	// previous window's bloc it overlaps most (Jaccard), else a new one.
	ID      int      `json:"id"`
	Members []string `json:"members"` // sorted
	// Weight is the total edge weight inside the bloc.
	Weight float64 `json:"weight"`
}

// Move is a state whose bloc changed between two windows. From or To is
// 0 when the state was absent from that window's graph.
type Move struct {
	State string `json:"state"`
	From  int    `json:"from"`
	To    int    `json:"to"`
}

// BlocWindow is one window's communities.
type BlocWindow struct {
	Window     string  `json:"window"`
	From       string  `json:"from"`
	To         string  `json:"to"`
	Nodes      int     `json:"nodes"`
	Edges      int     `json:"edges"`
	Modularity float64 `json:"modularity"`
	Blocs      []Bloc  `json:"blocs"` // largest first
	// Moves are the states whose bloc differs from the previous window's
	// (joined: From 0; left: To 0).
	Moves []Move `json:"moves"`
}

// Blocs detects communities in each window's cooperation graph: nodes are
// states, and the edge between two states weighs the positive part of the
// weighted Goldstein sum of their events in both directions (net
// cooperation); edges below MinWeight are dropped. Communities come from
// Louvain modularity maximisation (gonum graph/community); singletons are
// kept as one-member blocs. Windows with no edges are left out.
func Blocs(cells []Cell, opt BlocOptions) []BlocWindow {
	if opt.Window == 0 {
		opt.Window = Quarter
	}
	if opt.MinWeight <= 0 {
		opt.MinWeight = 1
	}
	if opt.Resolution <= 0 {
		opt.Resolution = 1
	}
	type ek struct{ a, b string }
	wins := map[int64]map[ek]float64{}
	for _, c := range cells {
		s := opt.Window.Start(c.Day)
		m := wins[s]
		if m == nil {
			m = map[ek]float64{}
			wins[s] = m
		}
		k := ek{c.Source, c.Target}
		if k.b < k.a {
			k = ek{k.b, k.a}
		}
		m[k] += c.WG
	}
	starts := make([]int64, 0, len(wins))
	for s := range wins {
		starts = append(starts, s)
	}
	sort.Slice(starts, func(i, j int) bool { return starts[i] < starts[j] })
	var out []BlocWindow
	prev := map[string]int{} // state -> bloc id in previous window
	var prevBlocs []Bloc
	nextID := 1
	for _, st := range starts {
		g := simple.NewWeightedUndirectedGraph(0, 0)
		ids := map[string]int64{}
		var names []string
		node := func(s string) graph.Node {
			id, ok := ids[s]
			if !ok {
				id = int64(len(names))
				ids[s] = id
				names = append(names, s)
				g.AddNode(simple.Node(id))
			}
			return simple.Node(id)
		}
		keys := make([]ek, 0, len(wins[st]))
		for k := range wins[st] {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			if keys[i].a != keys[j].a {
				return keys[i].a < keys[j].a
			}
			return keys[i].b < keys[j].b
		})
		edges := 0
		for _, k := range keys {
			if w := wins[st][k]; w >= opt.MinWeight {
				g.SetWeightedEdge(g.NewWeightedEdge(node(k.a), node(k.b), w))
				edges++
			}
		}
		if edges == 0 {
			continue
		}
		red := community.Modularize(g, opt.Resolution, rand.NewPCG(opt.Seed, 0xb10c))
		comms := red.Communities()
		bw := BlocWindow{Window: opt.Window.Label(st), From: Date(st), To: Date(opt.Window.Next(st) - 1),
			Nodes: len(names), Edges: edges, Modularity: community.Q(g, comms, opt.Resolution)}
		for _, c := range comms {
			b := Bloc{}
			in := map[int64]bool{}
			for _, n := range c {
				b.Members = append(b.Members, names[n.ID()])
				in[n.ID()] = true
			}
			sort.Strings(b.Members)
			for _, n := range c {
				for _, m := range graph.NodesOf(g.From(n.ID())) {
					if in[m.ID()] && n.ID() < m.ID() {
						w, _ := g.Weight(n.ID(), m.ID())
						b.Weight += w
					}
				}
			}
			bw.Blocs = append(bw.Blocs, b)
		}
		sort.Slice(bw.Blocs, func(i, j int) bool {
			a, b := bw.Blocs[i], bw.Blocs[j]
			if len(a.Members) != len(b.Members) {
				return len(a.Members) > len(b.Members)
			}
			if a.Weight != b.Weight {
				return a.Weight > b.Weight
			}
			return a.Members[0] < b.Members[0]
		})
		// Follow blocs: greedy matching by Jaccard overlap, best pairs first.
		type pair struct {
			i, j int
			jac  float64
		}
		var pairs []pair
		for i, b := range bw.Blocs {
			for j, p := range prevBlocs {
				if jac := jaccard(b.Members, p.Members); jac > 0 {
					pairs = append(pairs, pair{i, j, jac})
				}
			}
		}
		sort.SliceStable(pairs, func(x, y int) bool { return pairs[x].jac > pairs[y].jac })
		usedNew, usedOld := map[int]bool{}, map[int]bool{}
		for _, p := range pairs {
			if usedNew[p.i] || usedOld[p.j] {
				continue
			}
			usedNew[p.i], usedOld[p.j] = true, true
			bw.Blocs[p.i].ID = prevBlocs[p.j].ID
		}
		for i := range bw.Blocs {
			if bw.Blocs[i].ID == 0 {
				bw.Blocs[i].ID = nextID
				nextID++
			}
		}
		cur := map[string]int{}
		for _, b := range bw.Blocs {
			for _, m := range b.Members {
				cur[m] = b.ID
			}
		}
		if len(out) > 0 {
			all := map[string]bool{}
			for s := range cur {
				all[s] = true
			}
			for s := range prev {
				all[s] = true
			}
			for s := range all {
				if cur[s] != prev[s] {
					bw.Moves = append(bw.Moves, Move{State: s, From: prev[s], To: cur[s]})
				}
			}
			sort.Slice(bw.Moves, func(i, j int) bool { return bw.Moves[i].State < bw.Moves[j].State })
		}
		// IDs are unique per window but matching may leave gaps; keep them.
		out = append(out, bw)
		prev, prevBlocs = cur, bw.Blocs
	}
	return out
}

func jaccard(a, b []string) float64 {
	set := map[string]bool{}
	for _, x := range a {
		set[x] = true
	}
	inter := 0
	for _, x := range b {
		if set[x] {
			inter++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}
