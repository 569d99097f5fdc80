package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/realign/realign"
)

// QuadClassNames names the CAMEO quad classes 1..4.
var QuadClassNames = [5]string{"", "verbal cooperation", "material cooperation", "verbal conflict", "material conflict"}

// ActorString formats an actor as "CODE (Name)", or "-" for nil.
func ActorString(a *realign.Actor) string {
	if a == nil {
		return "-"
	}
	if a.Name == "" || a.Name == a.Code {
		return a.Code
	}
	return a.Code + " (" + a.Name + ")"
}

// Explain says in one line why an event was coded: dyad, code, trigger,
// rule, modality, date, place and who reported it.
func Explain(a *realign.Analysis, e *realign.Event) string {
	text := a.Document.Text
	var b strings.Builder
	fmt.Fprintf(&b, "%s -> %s: CAMEO %s %q", ActorString(e.Source), ActorString(e.Target), e.Code, e.Label)
	if e.PLOVER != "" {
		fmt.Fprintf(&b, ", PLOVER %s", e.PLOVER)
	}
	q := ""
	if e.QuadClass >= 1 && e.QuadClass <= 4 {
		q = QuadClassNames[e.QuadClass]
	}
	fmt.Fprintf(&b, ", Goldstein %+.1f, quad class %d (%s)", e.Goldstein, e.QuadClass, q)
	if t := e.Trigger.Text(text); t != "" {
		fmt.Fprintf(&b, "; trigger %q", t)
	}
	if e.Rule != "" {
		fmt.Fprintf(&b, " by rule %s", e.Rule)
	}
	if e.Modality != "" {
		fmt.Fprintf(&b, "; modality %s", e.Modality)
	}
	if e.Date != "" {
		fmt.Fprintf(&b, "; date %s", e.Date)
	}
	if e.Location != nil {
		fmt.Fprintf(&b, "; in %s", placeString(e.Location))
		if e.LocationVia == realign.LocationDateline {
			b.WriteString(" from the dateline")
		}
	}
	if e.AttributedTo != nil {
		fmt.Fprintf(&b, "; reported by %s", ActorString(e.AttributedTo))
	}
	return b.String()
}

func placeString(p *realign.Place) string {
	s := p.Name
	if p.Country != "" && p.Country != p.Name {
		s += ", " + p.Country
	}
	if p.Precision != "" {
		s += " (" + p.Precision + ")"
	}
	return s
}

// WriteText writes a readable report of the analysis.
func WriteText(w io.Writer, a *realign.Analysis) error {
	ew := &errWriter{w: w}
	d := a.Document
	title := d.Title
	if title == "" {
		title = "(untitled)"
	}
	ew.printf("%s\n%s\n", title, strings.Repeat("=", min(len([]rune(title)), 78)))
	if !d.Published.IsZero() {
		ew.printf("Published: %s\n", FormatPublished(d.Published))
	}
	for _, kv := range [][2]string{{"Byline", d.Byline}, {"Site", d.Site}, {"URL", d.URL}, {"Language", d.Language}, {"Source", d.Source}} {
		if kv[1] != "" {
			ew.printf("%s: %s\n", kv[0], kv[1])
		}
	}
	ew.printf("Text: %d bytes, %d sentences\n", len(d.Text), len(a.Sentences))

	actors := DistinctActors(a)
	ew.printf("\nActors (%d)\n", len(actors))
	for _, ac := range actors {
		var forms []string
		seen := map[string]bool{}
		for _, m := range a.Mentions {
			if m.Actor != nil && m.Via != "place" && actorKey(m.Actor) == actorKey(&ac) && !seen[m.Text] {
				seen[m.Text] = true
				forms = append(forms, fmt.Sprintf("%q", m.Text))
			}
		}
		role := ""
		if ac.Role != "" {
			role = " — " + ac.Role
		}
		ew.printf("  %-10s %s%s\n             as %s\n", ac.Code, ac.Name, role, strings.Join(forms, ", "))
	}
	unresolved := 0
	for _, m := range a.Mentions {
		if m.Actor == nil {
			unresolved++
		}
	}
	if unresolved > 0 {
		if unresolved == 1 {
			ew.printf("  (1 mention without an actor)\n")
		} else {
			ew.printf("  (%d mentions without an actor)\n", unresolved)
		}
	}

	ew.printf("\nQuotations (%d)\n", len(a.Quotes))
	for i, q := range a.Quotes {
		sp := "(no speaker)"
		if q.Speaker != nil {
			sp = fmt.Sprintf("%q", q.Speaker.Text)
			if q.Speaker.Actor != nil {
				sp += " = " + ActorString(q.Speaker.Actor)
			}
		}
		cue := ""
		if q.Cue != "" {
			cue = " [" + q.Cue + "]"
		}
		ew.printf("  %d. %s, %s%s:\n     %s\n", i+1, sp, q.Kind, cue, clip(q.Text, 300))
	}

	ew.printf("\nEvents (%d)\n", len(a.Events))
	for i := range a.Events {
		e := &a.Events[i]
		ew.printf("  %d. %s\n     sentence: %s\n", i+1, Explain(a, e), clip(e.Sentence.Text(d.Text), 300))
	}
	if len(a.Places) > 0 {
		// one line per distinct place, with how often it is named
		type entry struct {
			p     *realign.Place
			forms []string
			n     int
		}
		var order []string
		byID := map[string]*entry{}
		for i := range a.Places {
			p := &a.Places[i]
			k := p.GeoID
			if k == "" {
				k = p.Name + "|" + p.Country
			}
			e := byID[k]
			if e == nil {
				e = &entry{p: p}
				byID[k] = e
				order = append(order, k)
			}
			e.n++
			if !slices.Contains(e.forms, p.Text) {
				e.forms = append(e.forms, p.Text)
			}
		}
		ew.printf("\nPlaces (%d mentions of %d places)\n", len(a.Places), len(order))
		for _, k := range order {
			e := byID[k]
			coord := ""
			if e.p.Lat != nil && e.p.Lon != nil {
				coord = fmt.Sprintf(" %.2f,%.2f", *e.p.Lat, *e.p.Lon)
			}
			ew.printf("  %-28s %s%s ×%d\n", placeString(e.p), strings.Join(quoteAll(e.forms), ", "), coord, e.n)
		}
	}
	if len(a.Times) > 0 {
		ew.printf("\nTime expressions (%d)\n", len(a.Times))
		for _, t := range a.Times {
			v := t.Value
			if v == "" {
				v = "(unresolved)"
			}
			ew.printf("  %q -> %s\n", t.Text, v)
		}
	}
	return ew.err
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err != nil {
		return
	}
	_, e.err = fmt.Fprintf(e.w, format, args...)
}
