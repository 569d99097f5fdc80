package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"github.com/realign/realign/sqlite"
)

func init() {
	register(command{"export", "export stored events as GDELT 2.0 event rows, JSON lines or CSV", runExport})
}

func runExport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("export", "export [--db FILE] --format gdelt|jsonl|csv [--header] [filters as for events]", e)
	dbPath := fs.String("db", defaultDB, "database `file`")
	format := fs.String("format", "", "gdelt (one row per event cluster, the 61 tab-separated columns of the GDELT 2.0 event table), jsonl or csv (one record per event mention, as in realign events)")
	header := fs.Bool("header", false, "with --format gdelt, write a first line of column names (GDELT files have none)")
	ff := addFilterFlags(fs)
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("export: unexpected arguments %q (output goes to standard output)", pos)
	}
	switch *format {
	case "gdelt", "jsonl", "csv":
	case "parquet":
		return usagef("export: parquet is not available in this build (use csv or jsonl)")
	case "":
		fs.Usage()
		return usagef("export: --format is required: gdelt, jsonl or csv")
	default:
		return usagef("export: --format must be gdelt, jsonl or csv, not %q", *format)
	}
	f, err := ff.filter("export")
	if err != nil {
		return err
	}
	db, err := openReadDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if *format != "gdelt" {
		return writeEvents(ctx, e.stdout, *format, f, db.EachEvent)
	}
	w := bufio.NewWriter(e.stdout)
	if *header {
		fmt.Fprintln(w, strings.Join(sqlite.GDELT2Columns, "\t"))
	}
	err = db.EachCluster(ctx, f, func(c sqlite.Cluster) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		_, err := fmt.Fprintln(w, strings.Join(c.GDELTRow(), "\t"))
		return err
	})
	if err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}
