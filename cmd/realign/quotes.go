package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/realign/realign"
	"github.com/realign/realign/extract"
	"github.com/realign/realign/pipeline"
	"github.com/realign/realign/quote"
)

func init() {
	register(command{"quotes", "list who said what in one article (file, URL or -), grouped by speaker", runQuotes})
}

func runQuotes(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("quotes", "quotes [--published YYYY-MM-DD] [--timeout D] [--max-bytes N] FILE|URL|-", e)
	published := fs.String("published", "", "publication date `YYYY-MM-DD` (or RFC 3339), overriding the one found in the document; it picks each speaker's role at that date")
	timeout := fs.Duration("timeout", 20*time.Second, "time limit for fetching a URL")
	maxBytes := fs.Int64("max-bytes", extract.DefaultMaxBytes, "largest input accepted, in bytes")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return usagef("quotes: want exactly one FILE, URL or - (got %d arguments)", len(pos))
	}
	if *timeout <= 0 {
		return usagef("quotes: --timeout must be positive, not %v", *timeout)
	}
	if *maxBytes <= 0 {
		return usagef("quotes: --max-bytes must be positive, not %d", *maxBytes)
	}
	var pub time.Time
	if *published != "" {
		if pub, err = parseDate(*published); err != nil {
			return usagef("quotes: --published: %v", err)
		}
	}
	ex := extract.New(extract.Options{MaxBytes: *maxBytes, Timeout: *timeout, Stdin: e.stdin})
	doc, err := ex.Read(ctx, pos[0])
	if err != nil {
		var ie *realign.InputError
		if errors.As(err, &ie) && strings.HasPrefix(ie.Reason, "too large") {
			return fmt.Errorf("%w (raise the limit with --max-bytes)", err)
		}
		return err
	}
	if !pub.IsZero() {
		doc.Published = pub
	}
	p, err := pipeline.New(pipeline.Options{})
	if err != nil {
		return err
	}
	a, err := analyzeInterruptible(ctx, p, doc)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	w := bufio.NewWriter(e.stdout)
	writeQuotes(w, a)
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
