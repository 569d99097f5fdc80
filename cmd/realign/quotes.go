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

	"github.com/realign/realign"
	"github.com/realign/realign/quote"
)

func init() {
	register(command{"quotes", "list who said what in one article (file, URL or -), grouped by speaker", runQuotes})
}

func runQuotes(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("quotes", "quotes [--format text|json|csv] [--published YYYY-MM-DD] [--timeout D] [--max-bytes N] FILE|URL|-", e)
	format := fs.String("format", "text", "output format: text (grouped by speaker, for people), json (one JSON object per quotation and line) or csv (one row per quotation)")
	af := addArticleFlags(fs, "quotes")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if *format != "text" && *format != "json" && *format != "csv" {
		return usagef("quotes: --format must be text, json or csv, not %q", *format)
	}
	input, err := af.input(fs, pos)
	if err != nil {
		return err
	}
	a, err := af.analyze(ctx, e, input)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(e.stdout)
	switch *format {
	case "json":
		err = writeQuotesJSON(w, a)
	case "csv":
		err = writeQuotesCSV(w, a)
	default:
		writeQuotes(w, a)
	}
	if err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}

// writeQuotes prints the quotations of a grouped by speaker: a heading
// per speaker (resolved actor with code and role, or the words that name
// an unresolved speaker), then one entry per quotation with its kind,
// cue, addressee and text.
func writeQuotes(w io.Writer, a *realign.Analysis) {
	title := a.Document.Title
	if title == "" {
		title = a.Document.Source
	}
	groups := quote.BySpeaker(a)
	speakers := len(groups)
	if speakers > 0 && groups[speakers-1].Key == "" {
		speakers--
	}
	fmt.Fprintf(w, "%s\n%d quotations, %d speakers\n", title, len(a.Quotes), speakers)
	for _, g := range groups {
		var head string
		switch {
		case g.Key == "":
			head = "(no speaker found)"
		case g.Actor != nil:
			head = g.Actor.Name + " [" + g.Actor.Code + "]"
			if g.Actor.Role != "" {
				head += " — " + g.Actor.Role
			}
			if len(g.Names) > 0 {
				head += "\n  as " + quoteJoin(g.Names)
			}
		default:
			head = quoteJoin(g.Names) + " (unresolved)"
		}
		fmt.Fprintf(w, "\n%s\n", head)
		for _, i := range g.Quotes {
			q := &a.Quotes[i]
			meta := q.Kind
			if q.Cue != "" {
				meta += ", " + q.Cue
			}
			if q.Addressee != "" {
				meta += " → " + q.Addressee
			}
			fmt.Fprintf(w, "  - (%s) %s\n", meta, quotedText(q))
		}
	}
}

func quoteJoin(names []string) string {
	qs := make([]string, len(names))
	for i, n := range names {
		qs[i] = "“" + n + "”"
	}
	return strings.Join(qs, ", ")
}

// quotedText is the quotation's text on one line, in quotation marks for
// direct, partial and block quotations, clipped to 400 characters.
func quotedText(q *realign.Quotation) string {
	s := strings.Join(strings.Fields(q.Text), " ")
	if r := []rune(s); len(r) > 400 {
		s = string(r[:400]) + "…"
	}
	if q.Kind == realign.QuoteIndirect {
		return s
	}
	return "“" + s + "”"
}

// quoteRecord is one quotation of `realign quotes --format json`, a
// stable interface: fields are added, never renamed or removed. Offsets
// are byte offsets into the document text (as in `realign analyze
// --format json`), end exclusive.
type quoteRecord struct {
	Source    string         `json:"source"`
	Start     int            `json:"start"`
	End       int            `json:"end"`
	Kind      string         `json:"kind"`
	Text      string         `json:"text"`
	Cue       string         `json:"cue"`
	CueStart  int            `json:"cue_start"`
	CueEnd    int            `json:"cue_end"`
	Addressee string         `json:"addressee"`
	Speaker   *speakerRecord `json:"speaker"`
}

// speakerRecord is the speaker of a quoteRecord; Actor is null when the
// speaker is not resolved to an actor.
type speakerRecord struct {
	Text  string         `json:"text"`
	Start int            `json:"start"`
	End   int            `json:"end"`
	Actor *realign.Actor `json:"actor"`
}

func quoteRecords(a *realign.Analysis) []quoteRecord {
	src := a.Document.Source
	out := make([]quoteRecord, 0, len(a.Quotes))
	for _, q := range a.Quotes {
		r := quoteRecord{Source: src, Start: q.Start, End: q.End, Kind: q.Kind, Text: q.Text, Cue: q.Cue, Addressee: q.Addressee,
			CueStart: -1, CueEnd: -1}
		if q.Cue != "" {
			r.CueStart, r.CueEnd = q.CueSpan.Start, q.CueSpan.End
		}
		if s := q.Speaker; s != nil {
			r.Speaker = &speakerRecord{Text: s.Text, Start: s.Start, End: s.End, Actor: s.Actor}
		}
		out = append(out, r)
	}
	return out
}

// writeQuotesJSON writes one JSON object (quoteRecord) per quotation and
// line, in text order.
func writeQuotesJSON(w io.Writer, a *realign.Analysis) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, r := range quoteRecords(a) {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
}

// quoteCSVHeader names the columns of `realign quotes --format csv`.
var quoteCSVHeader = []string{"source", "start", "end", "kind", "speaker", "speaker_code", "speaker_name", "speaker_id", "cue", "addressee", "text"}

// writeQuotesCSV writes a header and one row per quotation, in text order.
func writeQuotesCSV(w io.Writer, a *realign.Analysis) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(quoteCSVHeader); err != nil {
		return err
	}
	for _, r := range quoteRecords(a) {
		var spk, code, name, id string
		if r.Speaker != nil {
			spk = r.Speaker.Text
			if act := r.Speaker.Actor; act != nil {
				code, name, id = act.Code, act.Name, act.ID
			}
		}
		if err := cw.Write([]string{r.Source, strconv.Itoa(r.Start), strconv.Itoa(r.End), r.Kind, spk, code, name, id, r.Cue, r.Addressee, r.Text}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
