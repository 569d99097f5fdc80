package web

import (
	"context"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/realign/realign/analytics"
	"github.com/realign/realign/store"
)

// params reads query parameters with errors that become 400.
type params struct{ v url.Values }

func (p params) str(name string) string { return strings.TrimSpace(p.v.Get(name)) }

func (p params) int(name string, def, lo, hi int) (int, error) {
	s := p.str(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, badRequest("%s must be a whole number from %d to %d, not %q", name, lo, hi, clip(s, 40))
	}
	return n, nil
}

func (p params) float(name string, def float64) (float64, error) {
	s := p.str(name)
	if s == "" {
		return def, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, badRequest("%s must be a number, not %q", name, clip(s, 40))
	}
	return f, nil
}

func (p params) bool(name string) bool {
	switch strings.ToLower(p.str(name)) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}

func (p params) date(name string) (time.Time, error) {
	s := p.str(name)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, badRequest("%s must be a date YYYY-MM-DD, not %q", name, clip(s, 40))
}

func (p params) window(name string, def analytics.Window) (analytics.Window, error) {
	s := p.str(name)
	if s == "" {
		return def, nil
	}
	w, err := analytics.ParseWindow(s)
	if err != nil {
		return 0, badRequest("%s: %v", name, err)
	}
	return w, nil
}

func (p params) source() (string, error) {
	switch s := p.str("source"); s {
	case "", store.SourceCoded:
		return store.SourceCoded, nil
	case store.SourceGDELT, store.SourceAll:
		return s, nil
	default:
		return "", badRequest("source must be coded, gdelt or all, not %q", clip(s, 40))
	}
}

// period reads since and until.
func (p params) period() (since, until time.Time, err error) {
	if since, err = p.date("since"); err != nil {
		return
	}
	if until, err = p.date("until"); err != nil {
		return
	}
	if !since.IsZero() && !until.IsZero() && until.Before(since) {
		err = badRequest("until %s is before since %s", p.str("until"), p.str("since"))
	}
	return
}

// stateParam checks a state or organisation key (PAK, RUS, IGOSCO).
func stateParam(name, s string) (string, error) {
	k := analytics.StateOf(s)
	if k == "" || len(s) > 12 || strings.Trim(strings.ToUpper(s), "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != "" {
		return "", badRequest("%s must be a state or organisation code such as PAK, RUS or IGOSCO, not %q", name, clip(s, 40))
	}
	return k, nil
}

// codeParam checks an actor-code prefix.
func codeParam(name, s string) (string, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) > 30 || strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != "" {
		return "", badRequest("%s must be an actor code such as PAK or PAKGOV, not %q", name, clip(s, 40))
	}
	return s, nil
}

// dyadResult is a dyad's time series.
type dyadResult struct {
	A        string            `json:"a"`
	B        string            `json:"b"`
	Directed bool              `json:"directed"`
	Window   string            `json:"window"`
	Source   string            `json:"source"`
	Series   []analytics.Point `json:"series"`
}

func (s *Server) dyad(ctx context.Context, a, b string, directed bool, w analytics.Window, source string, since, until time.Time) (dyadResult, error) {
	res := dyadResult{A: a, B: b, Directed: directed, Window: w.String(), Source: source, Series: []analytics.Point{}}
	q := store.CellQuery{Source: source, Since: since, Until: until, A: a, B: b, Window: w}
	cells, err := s.db.Cells(ctx, q)
	if err != nil {
		return res, err
	}
	from, to := int64(1), int64(0)
	if !since.IsZero() || !until.IsZero() {
		lo, hi, ok, err := s.db.DayRange(ctx, source)
		if err != nil {
			return res, err
		}
		if ok {
			from, to = lo, hi
			if !since.IsZero() {
				from = analytics.DayOf(since)
			}
			if !until.IsZero() {
				to = analytics.DayOf(until)
			}
		}
	}
	if pts := analytics.Series(cells, a, b, directed, w, from, to, analytics.Bootstrap{Samples: 200, Seed: 1}); pts != nil {
		res.Series = pts
	}
	if len(res.Series) > 0 {
		outlets, err := s.db.DyadOutlets(ctx, q, w, directed)
		if err != nil {
			return res, err
		}
		for i := range res.Series {
			res.Series[i].Sources = outlets[res.Series[i].Start]
		}
	}
	return res, nil
}

// shiftsParams are the options of the alerts.
type shiftsParams struct {
	Source       string
	Since, Until time.Time
	BaselineDays int
	Top          int
	Directed     bool
	MinEvents    int
	FDR          float64
	Test         string
	Evidence     int
}

func defaultShifts() shiftsParams {
	return shiftsParams{Source: store.SourceCoded, BaselineDays: 365, Top: 20, MinEvents: 5, FDR: 0.05, Test: "mann-whitney", Evidence: 3}
}

// shiftsResult is the JSON of /api/shifts (the same fields as realign
// shifts --format json).
type shiftsResult struct {
	Source string `json:"source"`
	analytics.ShiftReport
}

// shifts runs the realignment test as realign shifts does: recent period
// (default: the last 90 days with data) against the baseline before it,
// with evidence for each alert.
func (s *Server) shifts(ctx context.Context, sp shiftsParams) (*shiftsResult, error) {
	opt := analytics.ShiftOptions{Directed: sp.Directed, FDR: sp.FDR, MinEvents: sp.MinEvents, Test: sp.Test}
	if !sp.Until.IsZero() {
		opt.Until = analytics.DayOf(sp.Until)
	} else if _, hi, ok, err := s.db.DayRange(ctx, sp.Source); err != nil {
		return nil, err
	} else if ok {
		opt.Until = hi
	}
	if !sp.Since.IsZero() {
		opt.Since = analytics.DayOf(sp.Since)
	} else {
		opt.Since = opt.Until - 89
	}
	opt.BaselineFrom = opt.Since - int64(sp.BaselineDays)
	// monthly cells of each period (see store.Reader.ShiftCells): the test
	// and the change point need per-period and per-month sums only
	cells, err := s.db.ShiftCells(ctx, store.CellQuery{Source: sp.Source}, opt)
	if err != nil {
		return nil, err
	}
	rep := analytics.Shifts(cells, opt)
	if len(rep.Alerts) > sp.Top {
		rep.Alerts = rep.Alerts[:sp.Top]
	}
	for i := range rep.Alerts {
		sh := &rep.Alerts[i]
		eq := store.CellQuery{Source: sp.Source, A: sh.A, B: sh.B, Since: analytics.DayTime(sh.ChangeStart()), Until: analytics.DayTime(opt.Until)}
		sign := 1
		if sh.Delta < 0 {
			sign = -1
		}
		rows, err := s.db.EvidenceRows(ctx, eq, sign, 200)
		if err != nil {
			return nil, err
		}
		if sh.Directed {
			kept := rows[:0]
			for _, r := range rows {
				if analytics.StateOf(r.Source) == sh.A {
					kept = append(kept, r)
				}
			}
			rows = kept
		}
		analytics.AddEvidence(sh, rows, sp.Evidence)
		if sh.Evidence == nil {
			sh.Evidence = []analytics.Event{}
		}
		if sh.Quotes == nil {
			sh.Quotes = []analytics.Event{}
		}
	}
	if rep.Alerts == nil {
		rep.Alerts = []analytics.Shift{}
	}
	return &shiftsResult{Source: sp.Source, ShiftReport: rep}, nil
}

// computeSummary is the overview's cached part.
func (s *Server) computeSummary(ctx context.Context) summary {
	sum := summary{}
	st, err := s.db.Stats(ctx)
	if err != nil {
		sum.Err = err
		sum.Computed = time.Now()
		return sum
	}
	sum.Stats = st
	sum.Shifts, sum.Err = s.shifts(ctx, defaultShifts())
	sum.Computed = time.Now()
	return sum
}

// network is the relations graph of one period: states as nodes, an edge
// per pair with events in either direction, coloured by its weighted mean
// Goldstein value.
type network struct {
	Since string        `json:"since"`
	Until string        `json:"until"`
	Nodes []networkNode `json:"nodes"`
	Edges []networkEdge `json:"edges"`
}

type networkNode struct {
	State  string  `json:"state"`
	Events int     `json:"events"`
	Weight float64 `json:"weighted"`
	X, Y   float64 `json:"-"`
}

type networkEdge struct {
	A string `json:"a"`
	B string `json:"b"`
	// Events counts clusters in both directions; Weighted is their
	// weighted count, Goldstein the weighted mean Goldstein value, and
	// Balance the cooperation–conflict balance (−1..+1).
	Events    int     `json:"events"`
	Weighted  float64 `json:"weighted"`
	Goldstein float64 `json:"goldstein"`
	Balance   float64 `json:"balance"`
	// Kind is "cooperation" (Goldstein > 0.5), "conflict" (< −0.5) or
	// "mixed".
	Kind string `json:"kind"`
}

// relations builds the network of [since, until] (default: the last 90
// days with data) with at most maxNodes states (the busiest) and the
// edges among them with at least minEvents events.
func (s *Server) relations(ctx context.Context, source string, since, until time.Time, maxNodes, minEvents int) (network, error) {
	if until.IsZero() || since.IsZero() {
		_, hi, ok, err := s.db.DayRange(ctx, source)
		if err != nil {
			return network{}, err
		}
		if !ok {
			return network{Nodes: []networkNode{}, Edges: []networkEdge{}}, nil
		}
		if until.IsZero() {
			until = analytics.DayTime(hi)
		}
		if since.IsZero() {
			since = until.AddDate(0, 0, -89)
		}
	}
	net := network{Since: since.Format(time.DateOnly), Until: until.Format(time.DateOnly), Nodes: []networkNode{}, Edges: []networkEdge{}}
	// the network sums each dyad over the range: monthly cells (exact at
	// the range's day bounds) are enough
	cells, err := s.db.Cells(ctx, store.CellQuery{Source: source, Since: since, Until: until, Window: analytics.Month})
	if err != nil {
		return net, err
	}
	type agg struct {
		n             int
		w, wg, co, cf float64
	}
	pairs := map[[2]string]*agg{}
	nodes := map[string]*networkNode{}
	for _, c := range cells {
		a, b := c.Source, c.Target
		if a > b {
			a, b = b, a
		}
		p := pairs[[2]string{a, b}]
		if p == nil {
			p = &agg{}
			pairs[[2]string{a, b}] = p
		}
		p.n += c.N
		p.w += c.W
		p.wg += c.WG
		p.co += c.WQuad[1] + c.WQuad[2]
		p.cf += c.WQuad[3] + c.WQuad[4]
		for _, st := range []string{c.Source, c.Target} {
			nd := nodes[st]
			if nd == nil {
				nd = &networkNode{State: st}
				nodes[st] = nd
			}
			nd.Events += c.N
			nd.Weight += c.W
		}
	}
	all := make([]*networkNode, 0, len(nodes))
	for _, n := range nodes {
		all = append(all, n)
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].Weight != all[j].Weight {
			return all[i].Weight > all[j].Weight
		}
		return all[i].State < all[j].State
	})
	if len(all) > maxNodes {
		all = all[:maxNodes]
	}
	keep := map[string]bool{}
	for _, n := range all {
		keep[n.State] = true
	}
	for k, p := range pairs {
		if !keep[k[0]] || !keep[k[1]] || p.n < minEvents {
			continue
		}
		e := networkEdge{A: k[0], B: k[1], Events: p.n, Weighted: p.w}
		if p.w > 0 {
			e.Goldstein = p.wg / p.w
		}
		if p.co+p.cf > 0 {
			e.Balance = (p.co - p.cf) / (p.co + p.cf)
		}
		switch {
		case e.Goldstein > 0.5:
			e.Kind = "cooperation"
		case e.Goldstein < -0.5:
			e.Kind = "conflict"
		default:
			e.Kind = "mixed"
		}
		net.Edges = append(net.Edges, e)
	}
	sort.Slice(net.Edges, func(i, j int) bool {
		if net.Edges[i].Weighted != net.Edges[j].Weighted {
			return net.Edges[i].Weighted > net.Edges[j].Weighted
		}
		return net.Edges[i].A+net.Edges[i].B < net.Edges[j].A+net.Edges[j].B
	})
	// Nodes in alphabetical order round a circle.
	sort.Slice(all, func(i, j int) bool { return all[i].State < all[j].State })
	for i, n := range all {
		ang := 2*math.Pi*float64(i)/float64(len(all)) - math.Pi/2
		n.X, n.Y = 400+300*math.Cos(ang), 340+300*math.Sin(ang)
		net.Nodes = append(net.Nodes, *n)
	}
	return net, nil
}
