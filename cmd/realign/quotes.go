package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/realign/realign"
	"github.com/realign/realign/quote"
)

func init() {
	register(command{"quotes", "list who said what in one article (file, URL or -), grouped by speaker", runQuotes})
}

func runQuotes(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("quotes", "quotes [--published YYYY-MM-DD] [--timeout D] [--max-bytes N] FILE|URL|-", e)
	af := addArticleFlags(fs, "quotes")
	pos, err := fs.parse(args)
	if err != nil {
		return err
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
