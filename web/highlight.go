package web

import (
	"html"
	"html/template"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/realign/realign"
	"github.com/realign/realign/report"
)

// mark is one highlighted span of the article text.
type mark struct {
	realign.Span
	class string // CSS class: actor, quote, event, trigger
	title string // tooltip (plain text; escaped when written)
	id    string // element id at the span's start ("ev-12"), or ""
}

// highlight renders text as HTML with the marks: the text is cut at every
// mark boundary and each piece is escaped with html.EscapeString and
// wrapped in one <span> carrying the classes of the marks that cover it,
// so overlapping marks need no nesting. Marks outside the text or not on
// UTF-8 boundaries are dropped. The result is safe to put in a template
// as template.HTML: every byte of text and every title went through
// html.EscapeString.
func highlight(text string, marks []mark) template.HTML {
	valid := func(off int) bool {
		return off >= 0 && off <= len(text) && (off == len(text) || utf8.RuneStart(text[off]))
	}
	var ms []mark
	cuts := map[int]bool{0: true, len(text): true}
	for _, m := range marks {
		if m.Start >= m.End || !valid(m.Start) || !valid(m.End) {
			continue
		}
		ms = append(ms, m)
		cuts[m.Start], cuts[m.End] = true, true
	}
	bounds := make([]int, 0, len(cuts))
	for c := range cuts {
		bounds = append(bounds, c)
	}
	sort.Ints(bounds)
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Start < ms[j].Start })
	var b strings.Builder
	b.Grow(len(text) * 2)
	for i := 0; i+1 < len(bounds); i++ {
		lo, hi := bounds[i], bounds[i+1]
		var classes, titles []string
		for _, m := range ms {
			if m.Start > lo {
				break
			}
			if m.Start == lo && m.id != "" {
				b.WriteString(`<a class="anchor" id="` + html.EscapeString(m.id) + `"></a>`)
			}
			if m.End >= hi {
				if !contains(classes, m.class) {
					classes = append(classes, m.class)
				}
				if m.title != "" {
					titles = append(titles, m.title)
				}
			}
		}
		piece := html.EscapeString(text[lo:hi])
		if len(classes) == 0 {
			b.WriteString(piece)
			continue
		}
		b.WriteString(`<span class="` + html.EscapeString(strings.Join(classes, " ")) + `"`)
		if len(titles) > 0 {
			b.WriteString(` title="` + html.EscapeString(strings.Join(titles, "\n")) + `"`)
		}
		b.WriteString(">" + piece + "</span>")
	}
	return template.HTML(b.String())
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// articleMarks are the marks of an analysis: actor mentions (resolved
// ones), quotations, event sentences and triggers. eventIDs, when given,
// name the anchors of event sentences ("ev-<id>"); else "ev-<index>".
func articleMarks(a *realign.Analysis, eventIDs []int64) []mark {
	var ms []mark
	for _, m := range a.Mentions {
		if m.Actor == nil {
			continue
		}
		t := report.ActorString(m.Actor)
		if m.Actor.Role != "" {
			t += ", " + m.Actor.Role
		}
		if m.Via != "" {
			t += " (via " + m.Via + ")"
		}
		ms = append(ms, mark{Span: m.Span, class: "actor", title: t})
	}
	for _, q := range a.Quotes {
		t := q.Kind + " quotation"
		if q.Speaker != nil {
			t += " by " + speakerString(q.Speaker)
		}
		ms = append(ms, mark{Span: q.Span, class: "quote", title: t})
	}
	for i := range a.Events {
		e := &a.Events[i]
		ms = append(ms, mark{Span: e.Sentence, class: "event", title: "event: " + report.Explain(a, e), id: eventAnchor(eventIDs, i)})
		ms = append(ms, mark{Span: e.Trigger, class: "trigger"})
	}
	return ms
}

func eventAnchor(ids []int64, i int) string {
	if i < len(ids) {
		return "ev-" + strconv.FormatInt(ids[i], 10)
	}
	return "ev-" + strconv.Itoa(i)
}

func speakerString(sp *realign.Speaker) string {
	if sp.Actor != nil {
		return report.ActorString(sp.Actor)
	}
	if sp.Text != "" {
		return sp.Text
	}
	return "unknown"
}

// snippetHTML renders a search snippet of the store (store.SearchHit:
// matched words between '[' and ']') as HTML: every piece of the text is
// escaped with html.EscapeString and each bracketed run becomes a <mark>.
// A bracket that does not pair up (a '[' with no ']' before the next '['
// or the end, an empty "[]", a stray ']') is kept as literal text. The
// snippet text itself is never trusted as HTML. Brackets that are part of
// the article's own text are indistinguishable from the store's markers
// and are marked too.
func snippetHTML(s string) template.HTML {
	var b strings.Builder
	for s != "" {
		i := strings.IndexByte(s, '[')
		if i < 0 {
			break
		}
		j := strings.IndexAny(s[i+1:], "[]")
		if j < 0 {
			break
		}
		j += i + 1
		if s[j] == '[' || j == i+1 {
			b.WriteString(html.EscapeString(s[:j]))
			s = s[j:]
			continue
		}
		b.WriteString(html.EscapeString(s[:i]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(s[i+1 : j]))
		b.WriteString("</mark>")
		s = s[j+1:]
	}
	b.WriteString(html.EscapeString(s))
	return template.HTML(b.String())
}
