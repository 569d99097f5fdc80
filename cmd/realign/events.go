package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/realign/realign"
	"github.com/realign/realign/analytics"
	"github.com/realign/realign/store"
)

func init() {
	register(command{"events", "list stored events by actor, dyad, CAMEO code and date (table, JSON lines or CSV)", runEvents})
}

// defaultDB is the database commands use when --db is not given.
const defaultDB = "realign.db"

// filterFlags are the event-selection flags shared by events and export.
type filterFlags struct {
	actor, dyad, code, since, until, text, modality *string
	quad, limit, offset                             *int
}

func addFilterFlags(fs *flagSet) *filterFlags {
	return &filterFlags{
		actor:    fs.String("actor", "", "actor-code `prefix` as source or target (PAK matches PAKGOV, PAKMIL)"),
		dyad:     fs.String("dyad", "", "directed dyad `SOURCE,TARGET` of actor-code prefixes (PAK,RUS; either side may be empty)"),
		code:     fs.String("code", "", "CAMEO code `prefix` (04 = consult, 0312 = intend military cooperation)"),
		since:    fs.String("since", "", "first event day `YYYY-MM-DD`, inclusive"),
		until:    fs.String("until", "", "last event day `YYYY-MM-DD`, inclusive"),
		text:     fs.String("text", "", "only events from documents matching this full-text `query`"),
		modality: fs.String("modality", "", "only events of these `modalities`: all, counted (those the analytics count: asserted, and 03x intentions), or a list such as asserted,intended (asserted, intended, hoped, negated, hypothetical, historical); default all (export --format gdelt: counted)"),
		quad:     fs.Int("quad", 0, "quad class 1..4 (verbal/material cooperation, verbal/material conflict); 0 for all"),
		limit:    fs.Int("limit", 0, "at most this many events (0: all)"),
		offset:   fs.Int("offset", 0, "skip this many events first"),
	}
}

func (ff *filterFlags) filter(cmd string) (store.EventFilter, error) {
	f := store.EventFilter{Actor: *ff.actor, Code: *ff.code, Text: *ff.text, QuadClass: *ff.quad, Limit: *ff.limit, Offset: *ff.offset}
	if *ff.dyad != "" {
		src, tgt, ok := strings.Cut(*ff.dyad, ",")
		if !ok || strings.Contains(tgt, ",") || (src == "" && tgt == "") {
			return f, usagef("%s: --dyad must be SOURCE,TARGET (e.g. PAK,RUS), not %q", cmd, *ff.dyad)
		}
		f.Dyad = [2]string{strings.TrimSpace(src), strings.TrimSpace(tgt)}
	}
	var err error
	if f.Modalities, err = store.ParseModalities(*ff.modality); err != nil {
		return f, usagef("%s: --modality: %v", cmd, err)
	}
	if *ff.quad < 0 || *ff.quad > 4 {
		return f, usagef("%s: --quad must be 0..4, not %d", cmd, *ff.quad)
	}
	if *ff.limit < 0 || *ff.offset < 0 {
		return f, usagef("%s: --limit and --offset must not be negative", cmd)
	}
	if strings.Trim(*ff.code, "0123456789") != "" {
		return f, usagef("%s: --code must be digits (a CAMEO code prefix), not %q", cmd, *ff.code)
	}
	if *ff.since != "" {
		if f.Since, err = parseDate(*ff.since); err != nil {
			return f, usagef("%s: --since: %v", cmd, err)
		}
	}
	if *ff.until != "" {
		if f.Until, err = parseDate(*ff.until); err != nil {
			return f, usagef("%s: --until: %v", cmd, err)
		}
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && f.Until.Before(f.Since) {
		return f, usagef("%s: --until %s is before --since %s", cmd, *ff.until, *ff.since)
	}
	return f, nil
}

func runEvents(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("events", "events [--db FILE] [--actor PAK] [--dyad PAK,RUS] [--code 04] [--quad N] [--modality M] [--since D] [--until D] [--text Q] [--format table|jsonl|csv] [--gdelt]", e)
	dbPath := fs.String("db", defaultDB, dbUsage)
	format := fs.String("format", "table", "output format: table (for people), jsonl (one event per line with its evidence) or csv")
	gdelt := fs.Bool("gdelt", false, "list events imported with \"realign import gdelt\" instead of realign's own")
	ff := addFilterFlags(fs)
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("events: unexpected arguments %q (filters are flags, e.g. --actor PAK)", pos)
	}
	if *format != "table" && *format != "jsonl" && *format != "csv" {
		return usagef("events: --format must be table, jsonl or csv, not %q", *format)
	}
	f, err := ff.filter("events")
	if err != nil {
		return err
	}
	db, err := openReadDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	each := db.EachEvent
	if *gdelt {
		each = db.EachGDELTEvent
	}
	return writeEvents(ctx, e.stdout, *format, f, each)
}

// writeEvents streams the events that each yields to w in format.
func writeEvents(ctx context.Context, w io.Writer, format string, f store.EventFilter,
	each func(context.Context, store.EventFilter, func(store.Event) error) error) error {
	bw := bufio.NewWriter(w)
	var emit func(store.Event) error
	var done func() error
	switch format {
	case "jsonl":
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		emit = func(ev store.Event) error { return enc.Encode(ev) }
		done = func() error { return nil }
	case "csv":
		cw := csv.NewWriter(bw)
		if err := cw.Write(eventCSVHeader); err != nil {
			return fmt.Errorf("write output: %w", err)
		}
		emit = func(ev store.Event) error { return cw.Write(eventCSV(ev)) }
		done = func() error { cw.Flush(); return cw.Error() }
	default:
		tw := tabwriter.NewWriter(bw, 0, 4, 2, ' ', 0)
		// DATE is the date as coded ("2016", "2019-04", a day); the
		// effective day that --since/--until compare is in the JSON and CSV
		fmt.Fprintln(tw, "DATE\tSOURCE\tTARGET\tCAMEO\tEVENT\tMODALITY\tLOCATION\tDOCS\tSENTENCE")
		n := 0
		emit = func(ev store.Event) error {
			n++
			loc := ""
			if ev.Location != nil {
				loc = ev.Location.Name
			}
			_, err := fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", storeDash(codedDate(ev)), actorLabel(ev.Source), actorLabel(ev.Target),
				ev.Code, storeClip(ev.Label, 32), ev.Modality, storeDash(loc), ev.ClusterDocuments, storeClip(storeSquash(ev.Sentence), 90))
			return err
		}
		done = func() error {
			if n == 0 {
				fmt.Fprintln(tw, "(no events match)")
			}
			return tw.Flush()
		}
	}
	if err := each(ctx, f, func(ev store.Event) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return emit(ev)
	}); err != nil {
		return err
	}
	if err := done(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}

var eventCSVHeader = []string{"id", "cluster", "day", "date", "source_code", "source_name", "target_code", "target_name",
	"cameo", "label", "plover", "goldstein", "quad_class", "modality", "location", "location_country", "lat", "lon",
	"sentence", "rule", "attributed_to", "url", "document_id", "cluster_documents", "cluster_sources"}

func eventCSV(ev store.Event) []string {
	var srcCode, srcName, tgtCode, tgtName, att, loc, country, lat, lon string
	if ev.Source != nil {
		srcCode, srcName = ev.Source.Code, ev.Source.Name
	}
	if ev.Target != nil {
		tgtCode, tgtName = ev.Target.Code, ev.Target.Name
	}
	if ev.AttributedTo != nil {
		att = ev.AttributedTo.Code
	}
	if l := ev.Location; l != nil {
		loc, country = l.Name, l.Country
		if l.Lat != nil {
			lat = strconv.FormatFloat(*l.Lat, 'f', -1, 64)
		}
		if l.Lon != nil {
			lon = strconv.FormatFloat(*l.Lon, 'f', -1, 64)
		}
	}
	return []string{strconv.FormatInt(ev.ID, 10), strconv.FormatInt(ev.Cluster, 10), ev.Day, ev.Date, srcCode, srcName,
		tgtCode, tgtName, ev.Code, ev.Label, ev.PLOVER, strconv.FormatFloat(ev.Goldstein, 'f', -1, 64),
		strconv.Itoa(ev.QuadClass), ev.Modality, loc, country, lat, lon, ev.Sentence, ev.Rule, att, ev.Document.URL,
		ev.Document.ID, strconv.Itoa(ev.ClusterDocuments), strconv.Itoa(ev.ClusterSources)}
}

func storeDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// actorLabel is "CODE (Name)" for the table, "-" for no actor.
func actorLabel(a *realign.Actor) string {
	switch {
	case a == nil:
		return "-"
	case a.Name == "" || strings.EqualFold(a.Name, a.Code):
		return a.Code
	}
	return a.Code + " (" + storeClip(a.Name, 24) + ")"
}

// clip shortens s to at most n runes, ending with "…" when cut.
func storeClip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func storeSquash(s string) string { return strings.Join(strings.Fields(s), " ") }

// codedDate is the date of ev as precise as it was coded: the year, week
// or month when coarser than a day ("2016", not its effective day
// 2016-01-01), else the effective day (the publication day for an event
// with no date of its own).
func codedDate(ev store.Event) string {
	if analytics.PrecisionOf(ev.Date) != analytics.PrecDay {
		return ev.Date
	}
	return ev.Day
}
