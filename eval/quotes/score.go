package quotes

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/realign/realign"
)

// Classes of the breakdown: every attribution, direct quotations (gold:
// content opens with a quotation mark; predicted: kinds direct, partial
// and block) and the rest (reported speech).
const (
	All = iota
	Direct
	Indirect
	nClasses
)

// ClassNames names the classes in reports.
var ClassNames = [nClasses]string{"all", "direct", "indirect"}

// PRF counts a precision/recall measure. Precision is PredOK/Pred and
// recall GoldOK/Gold; the two numerators differ when one prediction
// covers several gold items or the other way round.
type PRF struct {
	PredOK, Pred int
	GoldOK, Gold int
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Precision is in [0,1]; 0 when nothing was predicted.
func (c PRF) Precision() float64 { return ratio(c.PredOK, c.Pred) }

// Recall is in [0,1]; 0 when the gold set is empty.
func (c PRF) Recall() float64 { return ratio(c.GoldOK, c.Gold) }

// F1 is the harmonic mean of Precision and Recall.
func (c PRF) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func (c *PRF) add(o PRF) {
	c.PredOK += o.PredOK
	c.Pred += o.Pred
	c.GoldOK += o.GoldOK
	c.Gold += o.Gold
}

// Accuracy counts correct decisions out of N.
type Accuracy struct{ OK, N int }

// Value is OK/N, 0 when N is 0.
func (a Accuracy) Value() float64 { return ratio(a.OK, a.N) }

// Scores accumulates the measures over documents; the zero value is
// ready to use. Index every array by All, Direct or Indirect.
type Scores struct {
	// Unattributed, when set before the first Add, also scores quotations
	// with neither speaker nor cue (see Predictions); the side-by-side
	// with quote finders that report no speaker uses it.
	Unattributed bool

	Docs int
	// Overlap: a prediction is right when it shares at least one byte with
	// a gold content span; a gold attribution is found when a prediction
	// overlaps it (lenient, many-to-many).
	Overlap [nClasses]PRF
	// Exact: spans equal after trimming white space, quotation marks,
	// final punctuation (. , ; : ! ?) and a leading complementiser
	// "that" from both sides. A gold attribution with several fragments
	// is found when every fragment is matched exactly.
	Exact [nClasses]PRF
	// Chars: content characters (letters and digits only) of predictions
	// inside gold content, and of gold content inside predictions.
	Chars [nClasses]PRF
	// Speaker: of the gold attributions with a source that were found
	// (overlap), those whose best-overlapping prediction names the same
	// speaker (the speaker span overlaps the gold source, or both resolve
	// to the same actor, or both end in the same non-pronoun word).
	Speaker [nClasses]Accuracy
	// Cue: of the gold attributions found (overlap), those whose best
	// prediction's cue span overlaps the gold cue.
	Cue [nClasses]Accuracy
	// CueSpans: predicted cue spans (distinct) against gold cue spans,
	// by overlap.
	CueSpans PRF
}

// Mismatch is one disagreement with the gold standard, for reading.
type Mismatch struct {
	Doc string
	// Kind is "missed" (gold not found), "spurious" (prediction overlaps
	// no gold content), "boundary" (found, not exact), "speaker" or "cue".
	Kind string
	Gold *Attribution
	Pred *realign.Quotation
}

// Predictions returns the quotations of a that are scored: those with a
// speaker or a cue (a quoted word with neither is a scare quote, not an
// attribution), minus those that lie inside another scored quotation (a
// partial quotation inside the reported speech that holds it: PolNeAR
// gives each token to one attribution). The order is by start.
func Predictions(a *realign.Analysis) []realign.Quotation { return predictions(a, false) }

func predictions(a *realign.Analysis, unattributed bool) []realign.Quotation {
	var in []realign.Quotation
	for _, q := range a.Quotes {
		if q.Speaker == nil && q.Cue == "" && !unattributed || q.Len() <= 0 {
			continue
		}
		in = append(in, q)
	}
	sort.SliceStable(in, func(i, j int) bool {
		if in[i].Start != in[j].Start {
			return in[i].Start < in[j].Start
		}
		return in[i].End > in[j].End
	})
	var out []realign.Quotation
	maxEnd := -1
	for _, q := range in {
		if q.End <= maxEnd {
			continue
		}
		out = append(out, q)
		maxEnd = q.End
	}
	return out
}

func predClass(q *realign.Quotation) int {
	if q.Kind == realign.QuoteIndirect {
		return Indirect
	}
	return Direct
}

func goldClass(g *Attribution) int {
	if g.Direct {
		return Direct
	}
	return Indirect
}

// Add scores the analysis of one gold document and returns its
// mismatches. a.Document.Text must be d.Text.
func (s *Scores) Add(d Doc, a *realign.Analysis) []Mismatch {
	s.Docs++
	text := d.Text
	preds := predictions(a, s.Unattributed)
	var mis []Mismatch
	overlapBytes := func(g *Attribution, q *realign.Quotation) int {
		n := 0
		for _, f := range g.Content {
			if lo, hi := max(f.Start, q.Start), min(f.End, q.End); hi > lo {
				n += hi - lo
			}
		}
		return n
	}
	predNorm := make([]realign.Span, len(preds))
	for i := range preds {
		predNorm[i] = normalize(text, preds[i].Span)
	}
	goldNorm := map[realign.Span]bool{}
	for gi := range d.Gold {
		for _, f := range d.Gold[gi].Content {
			goldNorm[normalize(text, f)] = true
		}
	}
	predExact := map[realign.Span]bool{}
	for _, n := range predNorm {
		predExact[n] = true
	}
	// predictions
	for i := range preds {
		q := &preds[i]
		c := predClass(q)
		var o, e PRF
		o.Pred, e.Pred = 1, 1
		for gi := range d.Gold {
			if overlapBytes(&d.Gold[gi], q) > 0 {
				o.PredOK = 1
				break
			}
		}
		if goldNorm[predNorm[i]] {
			e.PredOK = 1
		}
		s.Overlap[All].add(o)
		s.Overlap[c].add(o)
		s.Exact[All].add(e)
		s.Exact[c].add(e)
		if o.PredOK == 0 {
			mis = append(mis, Mismatch{Doc: d.Name, Kind: "spurious", Pred: q})
		}
	}
	// gold
	for gi := range d.Gold {
		g := &d.Gold[gi]
		c := goldClass(g)
		best, bestN := -1, 0
		for i := range preds {
			if n := overlapBytes(g, &preds[i]); n > bestN {
				best, bestN = i, n
			}
		}
		o := PRF{Gold: 1}
		e := PRF{Gold: 1}
		if best >= 0 {
			o.GoldOK = 1
			e.GoldOK = 1
			for _, f := range g.Content {
				if !predExact[normalize(text, f)] {
					e.GoldOK = 0
				}
			}
		}
		s.Overlap[All].add(o)
		s.Overlap[c].add(o)
		s.Exact[All].add(e)
		s.Exact[c].add(e)
		if best < 0 {
			mis = append(mis, Mismatch{Doc: d.Name, Kind: "missed", Gold: g})
			continue
		}
		q := &preds[best]
		if e.GoldOK == 0 {
			mis = append(mis, Mismatch{Doc: d.Name, Kind: "boundary", Gold: g, Pred: q})
		}
		if len(g.Source) > 0 {
			ok := sameSpeaker(a, text, g, q)
			s.Speaker[All].N++
			s.Speaker[c].N++
			if ok {
				s.Speaker[All].OK++
				s.Speaker[c].OK++
			} else {
				mis = append(mis, Mismatch{Doc: d.Name, Kind: "speaker", Gold: g, Pred: q})
			}
		}
		if len(g.Cue) > 0 {
			ok := q.Cue != "" && anyOverlap(g.Cue, q.CueSpan)
			s.Cue[All].N++
			s.Cue[c].N++
			if ok {
				s.Cue[All].OK++
				s.Cue[c].OK++
			} else {
				mis = append(mis, Mismatch{Doc: d.Name, Kind: "cue", Gold: g, Pred: q})
			}
		}
	}
	s.addChars(text, d.Gold, preds)
	s.addCues(d.Gold, preds)
	return mis
}

// addChars counts letters and digits covered by predictions and gold
// content, per class.
func (s *Scores) addChars(text string, gold []Attribution, preds []realign.Quotation) {
	goldCls := make([]int8, len(text)) // 0 none, else class
	for gi := range gold {
		for _, f := range gold[gi].Content {
			for i := max(f.Start, 0); i < min(f.End, len(text)); i++ {
				goldCls[i] = int8(goldClass(&gold[gi]))
			}
		}
	}
	predCls := make([]int8, len(text))
	for i := range preds {
		for k := max(preds[i].Start, 0); k < min(preds[i].End, len(text)); k++ {
			predCls[k] = int8(predClass(&preds[i]))
		}
	}
	for i, r := range text {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		g, p := goldCls[i], predCls[i]
		if p != 0 {
			s.Chars[All].Pred++
			s.Chars[p].Pred++
			if g != 0 {
				s.Chars[All].PredOK++
				s.Chars[p].PredOK++
			}
		}
		if g != 0 {
			s.Chars[All].Gold++
			s.Chars[g].Gold++
			if p != 0 {
				s.Chars[All].GoldOK++
				s.Chars[g].GoldOK++
			}
		}
	}
}

func (s *Scores) addCues(gold []Attribution, preds []realign.Quotation) {
	seen := map[realign.Span]bool{}
	var cues []realign.Span
	for _, q := range preds {
		if q.Cue == "" || q.CueSpan.Len() <= 0 || seen[q.CueSpan] {
			continue
		}
		seen[q.CueSpan] = true
		cues = append(cues, q.CueSpan)
	}
	for _, c := range cues {
		s.CueSpans.Pred++
		for gi := range gold {
			if anyOverlap(gold[gi].Cue, c) {
				s.CueSpans.PredOK++
				break
			}
		}
	}
	for gi := range gold {
		if len(gold[gi].Cue) == 0 {
			continue
		}
		s.CueSpans.Gold++
		for _, c := range cues {
			if anyOverlap(gold[gi].Cue, c) {
				s.CueSpans.GoldOK++
				break
			}
		}
	}
}

func anyOverlap(spans []realign.Span, sp realign.Span) bool {
	for _, f := range spans {
		if f.Overlaps(sp) {
			return true
		}
	}
	return false
}

var pronouns = map[string]bool{"he": true, "she": true, "they": true, "it": true, "we": true, "i": true, "you": true,
	"him": true, "her": true, "them": true, "us": true, "me": true, "his": true, "its": true, "their": true}

// sameSpeaker decides whether prediction q names the gold source of g.
func sameSpeaker(a *realign.Analysis, text string, g *Attribution, q *realign.Quotation) bool {
	sp := q.Speaker
	if sp == nil {
		return false
	}
	if sp.Len() > 0 && anyOverlap(g.Source, sp.Span) {
		return true
	}
	if sp.Actor != nil && sp.Actor.ID != "" {
		for _, m := range a.Mentions {
			if m.Actor != nil && m.Actor.ID == sp.Actor.ID && anyOverlap(g.Source, m.Span) {
				return true
			}
		}
	}
	gw := lastWord(spansText(text, g.Source))
	pw := lastWord(sp.Text)
	return gw != "" && gw == pw && !pronouns[gw]
}

func spansText(text string, spans []realign.Span) string {
	var parts []string
	for _, f := range spans {
		parts = append(parts, f.Text(text))
	}
	return strings.Join(parts, " ")
}

func lastWord(s string) string {
	f := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' })
	for i := len(f) - 1; i >= 0; i-- {
		w := strings.ToLower(f[i])
		if w == "s" { // possessive clitic split off
			continue
		}
		return w
	}
	return ""
}

// normalize trims white space, quotation marks and final punctuation from
// both ends of sp, and a leading complementiser "that".
func normalize(text string, sp realign.Span) realign.Span {
	trim := func(r rune) bool {
		return unicode.IsSpace(r) || isMark(r) || strings.ContainsRune(".,;:!?…—–-", r)
	}
	for {
		changed := false
		for sp.Start < sp.End {
			r, n := utf8.DecodeRuneInString(text[sp.Start:sp.End])
			if !trim(r) {
				break
			}
			sp.Start += n
			changed = true
		}
		for sp.End > sp.Start {
			r, n := utf8.DecodeLastRuneInString(text[sp.Start:sp.End])
			if !trim(r) {
				break
			}
			sp.End -= n
			changed = true
		}
		if s := text[sp.Start:sp.End]; len(s) > 5 && strings.EqualFold(s[:5], "that ") {
			sp.Start += 5
			changed = true
		}
		if !changed {
			return sp
		}
	}
}

// Write prints the scores as a table for people.
func (s *Scores) Write(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "documents %d\n\n", s.Docs)
	fmt.Fprintf(&b, "%-28s %9s %9s %9s %7s %7s %7s\n", "content", "class", "gold", "pred", "P", "R", "F1")
	row := func(name string, c int, p PRF) {
		fmt.Fprintf(&b, "%-28s %9s %9d %9d %7.3f %7.3f %7.3f\n", name, ClassNames[c], p.Gold, p.Pred, p.Precision(), p.Recall(), p.F1())
	}
	for c := 0; c < nClasses; c++ {
		row("overlap (any shared byte)", c, s.Overlap[c])
	}
	for c := 0; c < nClasses; c++ {
		row("exact (normalised bounds)", c, s.Exact[c])
	}
	for c := 0; c < nClasses; c++ {
		fmt.Fprintf(&b, "%-28s %9s %9d %9d %7.3f %7.3f %7.3f\n", "characters (letters,digits)", ClassNames[c], s.Chars[c].Gold, s.Chars[c].Pred, s.Chars[c].Precision(), s.Chars[c].Recall(), s.Chars[c].F1())
	}
	fmt.Fprintf(&b, "\n%-28s %9s %9s %9s\n", "of found gold (overlap)", "class", "n", "accuracy")
	for c := 0; c < nClasses; c++ {
		fmt.Fprintf(&b, "%-28s %9s %9d %9.3f\n", "speaker", ClassNames[c], s.Speaker[c].N, s.Speaker[c].Value())
	}
	for c := 0; c < nClasses; c++ {
		fmt.Fprintf(&b, "%-28s %9s %9d %9.3f\n", "cue", ClassNames[c], s.Cue[c].N, s.Cue[c].Value())
	}
	fmt.Fprintf(&b, "\n%-28s %9s %9s %9s %7s %7s %7s\n", "cue spans", "class", "gold", "pred", "P", "R", "F1")
	fmt.Fprintf(&b, "%-28s %9s %9d %9d %7.3f %7.3f %7.3f\n", "overlap (any shared byte)", "all", s.CueSpans.Gold, s.CueSpans.Pred, s.CueSpans.Precision(), s.CueSpans.Recall(), s.CueSpans.F1())
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteMismatches prints mismatches for reading: one block per item with
// the gold and predicted content, source/speaker and cue.
func WriteMismatches(w io.Writer, text func(doc string) string, ms []Mismatch) error {
	var b strings.Builder
	doc := ""
	for _, m := range ms {
		t := text(m.Doc)
		if m.Doc != doc {
			doc = m.Doc
			fmt.Fprintf(&b, "\n=== %s\n", doc)
		}
		fmt.Fprintf(&b, "\n%s", m.Kind)
		if m.Gold != nil {
			fmt.Fprintf(&b, "\n  gold %-8s %s\n       source %q cue %q", ClassNames[goldClass(m.Gold)], clip(spansText(t, m.Gold.Content)), spansText(t, m.Gold.Source), spansText(t, m.Gold.Cue))
		}
		if m.Pred != nil {
			spk := ""
			if m.Pred.Speaker != nil {
				spk = m.Pred.Speaker.Text
				if m.Pred.Speaker.Actor != nil {
					spk += " -> " + m.Pred.Speaker.Actor.Code
				}
			}
			fmt.Fprintf(&b, "\n  pred %-8s %s\n       speaker %q cue %q", m.Pred.Kind, clip(m.Pred.Span.Text(t)), spk, m.Pred.Cue)
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > 240 {
		r := []rune(s)
		s = string(r[:160]) + " … " + string(r[len(r)-60:])
	}
	return strconvQuote(s)
}

func strconvQuote(s string) string { return "«" + s + "»" }
