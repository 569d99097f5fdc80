package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/realign/realign/analytics"
)

func init() {
	register(command{"blocs", "blocs: Louvain communities of the cooperation graph per window, and who moved (table, JSON, CSV)", runBlocs})
}

func runBlocs(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("blocs", "blocs [--db FILE] [--window month|quarter|...] [--min-weight 1] [--resolution 1] [--source coded|gdelt|all] [--since D] [--until D] [--format table|json|csv]", e)
	af := addAnalyticsFlags(fs)
	window := fs.String("window", "quarter", "window: day, week, month or quarter")
	minWeight := fs.Float64("min-weight", 1, "smallest net-cooperation edge weight kept (weighted Goldstein sum)")
	resolution := fs.Float64("resolution", 1, "modularity resolution (higher: more, smaller blocs)")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("blocs: unexpected arguments %q", pos)
	}
	q, err := af.check("blocs")
	if err != nil {
		return err
	}
	w, err := analytics.ParseWindow(*window)
	if err != nil {
		return usagef("blocs: --window: %v", err)
	}
	if *minWeight <= 0 || *resolution <= 0 {
		return usagef("blocs: --min-weight and --resolution must be positive")
	}
	db, err := openReadDB(ctx, *af.db)
	if err != nil {
		return err
	}
	defer db.Close()
	q.Window = w // monthly cells suffice for month and quarter windows
	cells, err := db.Cells(ctx, q)
	if err != nil {
		return err
	}
	ws := analytics.Blocs(cells, analytics.BlocOptions{Window: w, MinWeight: *minWeight, Resolution: *resolution, Seed: 1})
	if ws == nil {
		ws = []analytics.BlocWindow{}
	}
	switch *af.format {
	case "json":
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Source  string                 `json:"source"`
			Window  string                 `json:"window"`
			Windows []analytics.BlocWindow `json:"windows"`
		}{q.Source, w.String(), ws})
	case "csv":
		cw := csv.NewWriter(e.stdout)
		_ = cw.Write([]string{"window", "from", "to", "bloc", "state", "moved_from", "modularity"})
		for _, bw := range ws {
			moved := map[string]int{}
			for _, m := range bw.Moves {
				moved[m.State] = m.From
			}
			for _, b := range bw.Blocs {
				for _, m := range b.Members {
					mf := ""
					if f, ok := moved[m]; ok {
						mf = strconv.Itoa(f)
					}
					_ = cw.Write([]string{bw.Window, bw.From, bw.To, strconv.Itoa(b.ID), m, mf, ff(bw.Modularity)})
				}
			}
		}
		cw.Flush()
		return cw.Error()
	}
	out := e.stdout
	if len(ws) == 0 {
		fmt.Fprintln(out, "(no cooperation edges: no blocs)")
		return nil
	}
	for _, bw := range ws {
		fmt.Fprintf(out, "%s  %s (states and IGOs), %s, modularity %.2f\n", bw.Window, plural(bw.Nodes, "member"), plural(bw.Edges, "cooperation edge"), bw.Modularity)
		for _, b := range bw.Blocs {
			if len(b.Members) == 1 {
				continue
			}
			fmt.Fprintf(out, "  bloc %-3d %s\n", b.ID, strings.Join(b.Members, " "))
		}
		var moves []string
		for _, m := range bw.Moves {
			switch {
			case m.From == 0:
				moves = append(moves, fmt.Sprintf("%s joined %d", m.State, m.To))
			case m.To == 0:
				moves = append(moves, fmt.Sprintf("%s left %d", m.State, m.From))
			default:
				moves = append(moves, fmt.Sprintf("%s %d→%d", m.State, m.From, m.To))
			}
		}
		if len(moves) > 0 {
			fmt.Fprintf(out, "  moves: %s\n", strings.Join(moves, ", "))
		}
	}
	return nil
}

// plural formats n with its noun, adding "s" unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
