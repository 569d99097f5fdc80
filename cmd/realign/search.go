package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

func init() {
	register(command{"search", "full-text search of stored articles, with highlighted snippets", runSearch})
}

func runSearch(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("search", "search [--db FILE] [--limit N] [--format text|jsonl] QUERY", e)
	dbPath := fs.String("db", defaultDB, dbUsage)
	limit := fs.Int("limit", 20, "at most this many documents")
	format := fs.String("format", "text", "output format: text or jsonl (one document per line)")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	query := strings.TrimSpace(strings.Join(pos, " "))
	if query == "" {
		fs.Usage()
		return usagef("search: want a QUERY (e.g. realign search \"arms deal\")")
	}
	if *limit <= 0 {
		return usagef("search: --limit must be positive, not %d", *limit)
	}
	if *format != "text" && *format != "jsonl" {
		return usagef("search: --format must be text or jsonl, not %q", *format)
	}
	db, err := openReadDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	hits, err := db.Search(ctx, query, *limit)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(e.stdout)
	if *format == "jsonl" {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, h := range hits {
			if err := enc.Encode(h); err != nil {
				return fmt.Errorf("write output: %w", err)
			}
		}
	} else {
		if len(hits) == 0 {
			fmt.Fprintf(w, "no documents match %q\n", query)
		}
		for i, h := range hits {
			title := h.Title
			if title == "" {
				title = "(untitled)"
			}
			fmt.Fprintf(w, "%d. %s\n", i+1, storeSquash(title))
			var meta []string
			for _, m := range []string{h.URL, h.Source, storeDay(h.Published), h.Status} {
				if m != "" {
					meta = append(meta, m)
				}
			}
			meta = append(meta, fmt.Sprintf("%d events", h.Events))
			fmt.Fprintf(w, "   %s\n   %s\n", strings.Join(meta, " · "), storeSquash(h.Snippet))
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}

// dateOnly returns the YYYY-MM-DD part of an RFC 3339 time, or "".
func storeDay(s string) string {
	if len(s) >= 10 {
		return s[:10]
	}
	return s
}
