package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
)

func init() {
	register(command{"stats", "count what a database holds: documents, events, clusters, ingest outcomes", runStats})
}

func runStats(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("stats", "stats [--db FILE] [--format text|json]", e)
	dbPath := fs.String("db", defaultDB, dbUsage)
	format := fs.String("format", "text", "output format: text or json")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("stats: unexpected arguments %q", pos)
	}
	if *format != "text" && *format != "json" {
		return usagef("stats: --format must be text or json, not %q", *format)
	}
	db, err := openReadDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := db.Stats(ctx)
	if err != nil {
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	}
	w := e.stdout
	fmt.Fprintf(w, "database     %s (schema version %d)\n", redactDSN(*dbPath), st.SchemaVersion)
	fmt.Fprintf(w, "documents    %d (%d coded, %d not coded, %d near-duplicates)\n", st.Documents, st.Coded, st.NotCoded, st.NearDuplicates)
	fmt.Fprintf(w, "actors       %d\nmentions     %d\nquotations   %d\n", st.Actors, st.Mentions, st.Quotations)
	fmt.Fprintf(w, "events       %d mentions in %d clusters\n", st.Events, st.Clusters)
	if st.GDELTEvents > 0 {
		fmt.Fprintf(w, "gdelt events %d imported\n", st.GDELTEvents)
	}
	if len(st.Ingest) > 0 {
		keys := make([]string, 0, len(st.Ingest))
		for k := range st.Ingest {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		fmt.Fprint(w, "ingest log  ")
		for _, k := range keys {
			fmt.Fprintf(w, " %s %d", k, st.Ingest[k])
		}
		fmt.Fprintln(w)
	}
	return nil
}
