package eventcode

import (
	"regexp"
	"strconv"

	"github.com/realign/realign"
)

// Modality cues, looked for in the words between the subject and the
// trigger (at most eight words before the trigger, trigger words excluded).
// Precedence: historical, negated, hypothetical, hoped, intended, asserted.
var (
	negationCues = map[string]bool{
		"not": true, "n't": true, "never": true, "no": true, "deny": true, "denies": true,
		"denied": true, "denying": true, "refuse": true, "refuses": true, "refused": true,
		"refusing": true, "fail": true, "fails": true, "failed": true, "declined": true,
	}
	hypotheticalCues = map[string]bool{
		"if": true, "would": true, "could": true, "might": true, "may": true,
		"unless": true, "whether": true, "'d": true,
	}
	hopeCues = map[string]bool{
		"hope": true, "hopes": true, "hoped": true, "hoping": true, "hopeful": true,
		"wish": true, "wishes": true, "wished": true,
	}
	intentCues = map[string]bool{
		"intend": true, "intends": true, "intended": true, "intention": true, "plan": true,
		"plans": true, "planned": true, "planning": true, "will": true, "'ll": true,
		"shall": true, "want": true, "wants": true, "wanted": true, "aim": true, "aims": true,
		"aimed": true, "aiming": true, "seek": true, "seeks": true, "sought": true,
		"seeking": true, "interested": true, "ready": true, "willing": true, "keen": true,
		"scheduled": true, "expected": true, "prepared": true, "eager": true,
	}
)

// modality returns the modality of match m whose subject phrase spans
// tokens [subjStart, subjEnd) (-1 when unknown), and for historical events
// the year when the sentence names one. A conditional ("if", "unless") up
// to three words before the subject also makes the event hypothetical.
func (s *sentState) modality(m *match, subjStart, subjEnd int) (string, string) {
	if hist, year := s.historical(); hist {
		return realign.ModalityHistorical, year
	}
	hi := m.first()
	if m.passive {
		hi = m.verbAt
	}
	lo := hi - 8
	if subjEnd > lo {
		lo = subjEnd
	}
	if lo < 0 {
		lo = 0
	}
	trig := map[int]bool{}
	for _, t := range m.lits {
		trig[t] = true
	}
	var neg, hyp, hope, intent bool
	for i := subjStart - 1; subjStart > 0 && i >= 0 && i >= subjStart-3; i-- {
		if w := s.toks[i]; w == "if" || w == "unless" {
			hyp = true
		}
	}
	for i := lo; i < hi; i++ {
		if trig[i] {
			continue
		}
		w := s.toks[i]
		next := ""
		if i+1 < len(s.toks) {
			next = s.toks[i+1]
		}
		switch {
		case negationCues[w]:
			neg = true
		case w == "would" && next == "like":
			intent = true
		case hypotheticalCues[w]:
			hyp = true
		case hopeCues[w]:
			hope = true
		case intentCues[w],
			w == "looking" && (next == "for" || next == "to"),
			w == "look" && next == "forward",
			w == "going" && next == "to":
			intent = true
		}
	}
	switch {
	case neg:
		return realign.ModalityNegated, ""
	case hyp:
		return realign.ModalityHypothetical, ""
	case hope:
		return realign.ModalityHoped, ""
	case intent:
		return realign.ModalityIntended, ""
	}
	return realign.ModalityAsserted, ""
}

// historical reports whether the sentence speaks of a time long before
// publication: a time expression whose year is before the publication year
// minus one (its year is returned), or the cues "Soviet", "Soviets",
// "USSR", "in the past", "used to", "then, when", or a past perfect ("had"
// + participle) together with "before".
func (s *sentState) historical() (bool, string) {
	a := s.d.a
	pubYear := 0
	if !a.Document.Published.IsZero() {
		pubYear = a.Document.Published.Year()
	}
	for _, t := range a.Times {
		if !s.sent.Span.Contains(t.Span) || len(t.Value) < 4 {
			continue
		}
		y, err := strconv.Atoi(t.Value[:4])
		if err != nil {
			continue
		}
		if pubYear > 0 && y < pubYear-1 {
			return true, t.Value[:4]
		}
	}
	hadPP, before := false, false
	for i, w := range s.toks {
		next, next2 := "", ""
		if i+1 < len(s.toks) {
			next = s.toks[i+1]
		}
		if i+2 < len(s.toks) {
			next2 = s.toks[i+2]
		}
		switch {
		case w == "soviet" || w == "soviets" || w == "ussr":
			return true, ""
		case w == "in" && next == "the" && next2 == "past":
			return true, ""
		case w == "used" && next == "to" && (i == 0 || !beForms[s.toks[i-1]]):
			return true, ""
		case w == "then" && next == "," && next2 == "when":
			return true, ""
		case w == "had" && next != "" && next != "to" && (len(next) > 2 && next[len(next)-2:] == "ed" || next == "been" || next == "gone" || next == "met" || next == "fought"):
			hadPP = true
		case w == "before":
			before = true
		}
	}
	if hadPP && before {
		return true, ""
	}
	return false, ""
}

// date returns the event date: the year of a historical event when known;
// else the value of the resolved time expression in the sentence nearest
// the trigger; else, for an asserted event whose trigger verb is in a past
// tense, the publication date; else "".
func (s *sentState) date(m *match, mod, histYear string) string {
	if mod == realign.ModalityHistorical {
		return histYear
	}
	trig := s.sent.Tokens[m.first()].Start
	best, bestDist := "", -1
	for _, t := range s.d.a.Times {
		if !s.sent.Span.Contains(t.Span) || t.Value == "" {
			continue
		}
		d := t.Start - trig
		if d < 0 {
			d = -d
		}
		if bestDist < 0 || d < bestDist {
			best, bestDist = t.Value, d
		}
	}
	if best != "" {
		return best
	}
	pub := s.d.a.Document.Published
	if mod == realign.ModalityAsserted && !pub.IsZero() && s.pastTense(m) {
		return pub.Format("2006-01-02")
	}
	return ""
}

// pastTense reports whether the trigger verb is in a past tense: a simple
// past form, a passive or progressive with was/were, or a perfect with
// had/has/have. Nominal triggers are never past.
func (s *sentState) pastTense(m *match) bool {
	if m.verbAt < 0 {
		return false
	}
	f := m.verbForm
	aux := map[string]bool{}
	for k := m.verbAt - 1; k >= 0 && k >= m.verbAt-3; k-- {
		aux[s.toks[k]] = true
	}
	prev := ""
	if m.verbAt > 0 {
		prev = s.toks[m.verbAt-1]
	}
	switch {
	case m.passive:
		return aux["was"] || aux["were"] || aux["been"]
	case aux["will"] || aux["would"] || aux["to"] || aux["could"] || aux["may"] || aux["might"]:
		return false
	case f&formPast != 0 && f&formBase == 0 && prev != "to":
		return true
	case f&formIng != 0:
		return aux["was"] || aux["were"]
	case f&(formBase|formPP) != 0:
		return aux["had"] || aux["has"] || aux["have"] || aux["did"]
	}
	return false
}

var placePreps = map[string]bool{"in": true, "at": true, "near": true}

// venueWords name gatherings whose place later sentences may refer back to.
var venueWords = map[string]bool{
	"summit": true, "conference": true, "forum": true, "meeting": true, "talks": true,
	"session": true, "assembly": true, "sidelines": true,
}

// placeAt returns the token index where place p starts in the sentence, or -1.
func (s *sentState) placeAt(p realign.Place) int {
	for i, t := range s.sent.Tokens {
		if t.Start == p.Start || (t.Start <= p.Start && p.Start < t.End) {
			return i
		}
	}
	return -1
}

// location returns where the event happened, by the first rule that gives
// a place:
//
//  1. a place in the sentence right after "in", "at" or "near" that follows
//     the trigger (the nearest, not past a relative pronoun or ";"), or
//     that precedes it after the subject with no comma between or opens
//     the sentence ("In Doha, …"); places that are the source or the target
//     themselves are skipped;
//  2. when the sentence names a gathering ("on the sidelines of the
//     summit", "at the conference") without a place, the place of the
//     latest earlier gathering named with "in/at PLACE" in the document;
//  3. for visit patterns, the visited target's own place ("visit Russia");
//  4. the dateline place ("LONDON —" at the start of the text), except for
//     historical events;
//  5. nil. The article's first place is never used by default.
func (s *sentState) location(m *match, src, tgt *group, hist bool) *realign.Place {
	var after, before *realign.Place
	first := m.first()
	for i := range s.d.a.Places {
		p := &s.d.a.Places[i]
		if !s.sent.Span.Contains(p.Span) {
			continue
		}
		if (src != nil && src.span.Overlaps(p.Span)) || (tgt != nil && tgt.span.Overlaps(p.Span)) {
			continue
		}
		pi := s.placeAt(*p)
		if pi < 1 || !placePreps[s.toks[pi-1]] {
			continue
		}
		switch {
		case pi > first && after == nil && !s.relativeBetween(first, pi):
			after = p
		case pi < first && (pi == 1 || (src != nil && pi > src.te && !s.hasComma(pi, first))):
			before = p
		}
	}
	switch {
	case after != nil:
		return copyPlace(after)
	case before != nil:
		return copyPlace(before)
	}
	mentionsVenue := false
	for _, w := range s.toks {
		if w == "sidelines" || w == "summit" || w == "conference" || w == "forum" {
			mentionsVenue = true
		}
	}
	if mentionsVenue {
		for k := s.si; k >= 0; k-- {
			if p := s.d.venues[k]; p != nil {
				return copyPlace(p)
			}
		}
	}
	if m.p.visit && tgt != nil {
		for i := range s.d.a.Places {
			if p := &s.d.a.Places[i]; tgt.span.Overlaps(p.Span) {
				return copyPlace(p)
			}
		}
	}
	if s.d.dateline != nil && !hist {
		return copyPlace(s.d.dateline)
	}
	return nil
}

// relativeBetween reports a relative pronoun or ";" among tokens (a, b).
func (s *sentState) relativeBetween(a, b int) bool {
	for i := a + 1; i < b; i++ {
		switch s.toks[i] {
		case "who", "which", "whose", ";":
			return true
		}
	}
	return false
}

func copyPlace(p *realign.Place) *realign.Place {
	c := *p
	return &c
}

// findVenues records, per sentence, the place of a gathering named with
// "in/at PLACE" in a sentence that has a venue word.
func (d *docState) findVenues() {
	for si, sent := range d.a.Sentences {
		venue := false
		for _, t := range sent.Tokens {
			if venueWords[normWord(t.Text)] {
				venue = true
			}
		}
		if !venue {
			continue
		}
		for i := range d.a.Places {
			p := &d.a.Places[i]
			if !sent.Span.Contains(p.Span) {
				continue
			}
			for k, t := range sent.Tokens {
				if t.Start == p.Start && k > 0 && placePreps[normWord(sent.Tokens[k-1].Text)] {
					d.venues[si] = p
					break
				}
			}
			if d.venues[si] != nil {
				break
			}
		}
	}
}

var datelineRE = regexp.MustCompile(`^\s*[A-Z][A-Za-z.,' ]{1,60}?\s*(?:\([^)\n]{0,40}\))?\s*(?:—|–|--| - )`)

// findDateline returns the place named in a dateline at the start of the
// document text ("LONDON —", "Bishkek, Kyrgyzstan (AP) —"), or nil.
func findDateline(a *realign.Analysis) *realign.Place {
	loc := datelineRE.FindStringIndex(a.Document.Text)
	if loc == nil {
		return nil
	}
	for i := range a.Places {
		if a.Places[i].End <= loc[1] {
			return &a.Places[i]
		}
	}
	return nil
}

// speechCues are verbs that introduce reported speech.
var speechCues = map[string]bool{
	"said": true, "says": true, "say": true, "told": true, "tells": true, "stated": true,
	"added": true, "adding": true, "adds": true, "noted": true, "announced": true,
	"claimed": true, "argued": true, "stressed": true, "insisted": true, "reported": true,
	"explained": true, "asserted": true, "remarked": true, "declared": true,
	"confirmed": true, "revealed": true, "acknowledged": true,
}

// attribution returns who reported the event and the index of its
// quotation (-1 when none): the speaker of a quotation overlapping the
// trigger; else the subject of the nearest speech verb before the trigger
// in the sentence ("Qureshi said that …"), or the actor after "according
// to".
func (s *sentState) attribution(m *match, trigger realign.Span) (*realign.Actor, int) {
	best := -1
	for qi, q := range s.d.a.Quotes {
		if q.Span.Contains(realign.Span{Start: trigger.Start, End: trigger.Start + 1}) {
			best = qi
			break
		}
		if best < 0 && q.Span.Overlaps(trigger) {
			best = qi
		}
	}
	if best >= 0 {
		q := s.d.a.Quotes[best]
		if q.Speaker != nil {
			return q.Speaker.Actor, best
		}
		return nil, best
	}
	for k := m.first() - 1; k >= 0; k-- {
		w := s.toks[k]
		if w == "according" && k+1 < len(s.toks) && s.toks[k+1] == "to" {
			if gs, _ := s.actorSlot(k + 2); len(gs) > 0 {
				return gs[0].actor, -1
			}
			continue
		}
		if speechCues[w] {
			if gs := s.subject(k); len(gs) > 0 {
				return gs[0].actor, -1
			}
		}
	}
	for k := m.first() + 1; k+1 < len(s.toks); k++ {
		if s.toks[k] == "according" && s.toks[k+1] == "to" {
			if gs, _ := s.actorSlot(k + 2); len(gs) > 0 {
				return gs[0].actor, -1
			}
		}
	}
	return nil, -1
}
