package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/realign/realign/store"
)

func init() {
	register(command{"export", "export stored events as GDELT 2.0 event rows, JSON lines, CSV or Parquet", runExport})
}

func runExport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("export", "export [--db FILE] --format gdelt|jsonl|csv|parquet [--out FILE] [--header] [filters as for events]", e)
	dbPath := fs.String("db", defaultDB, dbUsage)
	format := fs.String("format", "", "gdelt (one row per event cluster, the 61 tab-separated columns of the GDELT 2.0 event table), jsonl or csv (one record per event mention, as in realign events), or parquet (the csv columns, typed; needs --out)")
	out := fs.String("out", "", "write to `file` (replaced only when the export succeeds) instead of standard output; required for parquet")
	header := fs.Bool("header", false, "with --format gdelt, write a first line of column names (GDELT files have none)")
	ff := addFilterFlags(fs)
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("export: unexpected arguments %q (name the output file with --out)", pos)
	}
	switch *format {
	case "gdelt", "jsonl", "csv":
	case "parquet":
		if *out == "" {
			return usagef("export: --format parquet needs --out FILE (Parquet is binary: it is not written to standard output)")
		}
	case "":
		fs.Usage()
		return usagef("export: --format is required: gdelt, jsonl, csv or parquet")
	default:
		return usagef("export: --format must be gdelt, jsonl, csv or parquet, not %q", *format)
	}
	f, err := ff.filter("export")
	if err != nil {
		return err
	}
	if *format == "gdelt" && *ff.modality == "" {
		// GDELT rows have no modality column: a denied or hypothetical
		// act would read as one that happened
		f.Modalities = []string{store.ModalityCounted}
	}
	db, err := openReadDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	write := func(w io.Writer) error {
		switch *format {
		case "parquet":
			return writeEventsParquet(ctx, w, f, db.EachEvent)
		case "gdelt":
			return writeGDELT(ctx, w, f, *header, db)
		}
		return writeEvents(ctx, w, *format, f, db.EachEvent)
	}
	if *out == "" {
		return write(e.stdout)
	}
	return writeFileAtomic(*out, write)
}

// writeFileAtomic writes path through a temporary file in the same
// directory, renamed over path only when write succeeds.
func writeFileAtomic(path string, write func(io.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("create output: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := write(tmp); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}

func writeGDELT(ctx context.Context, out io.Writer, f store.EventFilter, header bool, db store.Backend) error {
	w := bufio.NewWriter(out)
	if header {
		fmt.Fprintln(w, strings.Join(store.GDELT2Columns, "\t"))
	}
	err := db.EachCluster(ctx, f, func(c store.Cluster) error {
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

// eventRow is one event mention in a Parquet export: the columns of the
// CSV export (eventCSVHeader), in the same order, typed. Day is a DATE
// (null when the effective day is unknown), Date the date as coded
// (day, week, month, year or ""), Lat and Lon degrees (null when
// unknown); counts are int64.
type eventRow struct {
	ID               int64    `parquet:"id"`
	Cluster          int64    `parquet:"cluster"`
	Day              *int32   `parquet:"day,date"`
	Date             string   `parquet:"date"`
	SourceCode       string   `parquet:"source_code"`
	SourceName       string   `parquet:"source_name"`
	TargetCode       string   `parquet:"target_code"`
	TargetName       string   `parquet:"target_name"`
	CAMEO            string   `parquet:"cameo"`
	Label            string   `parquet:"label"`
	PLOVER           string   `parquet:"plover"`
	Goldstein        float64  `parquet:"goldstein"`
	QuadClass        int32    `parquet:"quad_class"`
	Modality         string   `parquet:"modality"`
	Location         string   `parquet:"location"`
	LocationCountry  string   `parquet:"location_country"`
	Lat              *float64 `parquet:"lat,optional"`
	Lon              *float64 `parquet:"lon,optional"`
	Sentence         string   `parquet:"sentence"`
	Rule             string   `parquet:"rule"`
	AttributedTo     string   `parquet:"attributed_to"`
	URL              string   `parquet:"url"`
	DocumentID       string   `parquet:"document_id"`
	ClusterDocuments int64    `parquet:"cluster_documents"`
	ClusterSources   int64    `parquet:"cluster_sources"`
}

// parquetRowGroup is how many events go in one Parquet row group (the
// writer holds one group in memory).
const parquetRowGroup = 64 * 1024

func eventParquet(ev store.Event) (eventRow, error) {
	r := eventRow{ID: ev.ID, Cluster: ev.Cluster, Date: ev.Date, CAMEO: ev.Code, Label: ev.Label, PLOVER: ev.PLOVER,
		Goldstein: ev.Goldstein, QuadClass: int32(ev.QuadClass), Modality: ev.Modality, Sentence: ev.Sentence,
		Rule: ev.Rule, URL: ev.Document.URL, DocumentID: ev.Document.ID,
		ClusterDocuments: int64(ev.ClusterDocuments), ClusterSources: int64(ev.ClusterSources)}
	if ev.Day != "" {
		t, err := time.Parse(time.DateOnly, ev.Day)
		if err != nil {
			return r, fmt.Errorf("event %d: day %q: %w", ev.ID, ev.Day, err)
		}
		d := int32(store.DayOf(t))
		r.Day = &d
	}
	if ev.Source != nil {
		r.SourceCode, r.SourceName = ev.Source.Code, ev.Source.Name
	}
	if ev.Target != nil {
		r.TargetCode, r.TargetName = ev.Target.Code, ev.Target.Name
	}
	if ev.AttributedTo != nil {
		r.AttributedTo = ev.AttributedTo.Code
	}
	if l := ev.Location; l != nil {
		r.Location, r.LocationCountry, r.Lat, r.Lon = l.Name, l.Country, l.Lat, l.Lon
	}
	return r, nil
}

// writeEventsParquet writes the events that each yields to w as a
// zstd-compressed Parquet file of eventRow.
func writeEventsParquet(ctx context.Context, w io.Writer, f store.EventFilter,
	each func(context.Context, store.EventFilter, func(store.Event) error) error) error {
	pw := parquet.NewGenericWriter[eventRow](w, parquet.Compression(&parquet.Zstd),
		parquet.MaxRowsPerRowGroup(parquetRowGroup), parquet.CreatedBy("realign", version, ""))
	buf := make([]eventRow, 0, 1024)
	flush := func() error {
		if _, err := pw.Write(buf); err != nil {
			return fmt.Errorf("write output: %w", err)
		}
		buf = buf[:0]
		return nil
	}
	err := each(ctx, f, func(ev store.Event) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		r, err := eventParquet(ev)
		if err != nil {
			return err
		}
		if buf = append(buf, r); len(buf) == cap(buf) {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return errors.Join(err, pw.Close())
	}
	if err := pw.Close(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}
