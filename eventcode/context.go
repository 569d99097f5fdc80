package eventcode

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

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
		"decline": true, "declines": true, "declining": true, "failure": true,
		"refusal": true, "reluctance": true, "reluctant": true, "unwilling": true,
		"unwillingness": true, "seldom": true, "rarely": true, "hardly": true,
	}
	hypotheticalCues = map[string]bool{
		"if": true, "would": true, "could": true, "might": true, "may": true,
		"unless": true, "whether": true, "'d": true, "should": true, "must": true,
		"supposed": true, "likely": true, "unlikely": true, "possibly": true, "probably": true,
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
		"scheduled": true, "prepared": true, "eager": true,
		"promise": true, "promises": true, "promised": true, "promising": true,
		"pledge": true, "pledges": true, "pledged": true, "pledging": true,
		"vow": true, "vows": true, "vowed": true, "vowing": true,
	}
)

func init() {
	for w := range threatWords { // a threat to act is an intention to act
		intentCues[w] = true
	}
}

// modality returns the modality of match m whose subject phrase spans
// tokens [subjStart, subjEnd) (-1 when unknown), and for historical events
// the year when the sentence names one. A conditional ("if", "unless") up
// to three words before the subject also makes the event hypothetical.
func (s *sentState) modality(m *match, subjStart, subjEnd int) (string, string) {
	if hist, year := s.historical(m); hist {
		return realign.ModalityHistorical, year
	}
	lo, hi := s.cueWindow(m, subjEnd)
	trig := map[int]bool{}
	for _, t := range m.lits {
		trig[t] = true
	}
	var neg, hyp, hope, intent, expect bool
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
		if n := s.notRuledOut(i); n > 0 {
			// "did not rule out imposing sanctions": an open
			// possibility, not a denial
			hyp = true
			i += n - 1
			continue
		}
		switch {
		case negationCues[w], ruleOutVerbs[w] && next == "out":
			neg = true
		case w == "would" && next == "like",
			w == "would" && s.reportedFuture(i):
			intent = true
		case w == "expected":
			expect = true
		case hypotheticalCues[w]:
			hyp = true
		case hopeCues[w]:
			hope = true
		case intentCues[w],
			w == "due" && next == "to" && i > 0 && beForms[s.toks[i-1]],
			w == "looking" && (next == "for" || next == "to"),
			w == "look" && next == "forward",
			w == "going" && next == "to":
			intent = true
		}
	}
	if s.question() {
		hyp = true
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
	case expect && isViolent(m.p.code):
		// "Israel is expected to strike Iran": others' forecast of an
		// act of force, not a threat its author made
		return realign.ModalityHypothetical, ""
	case expect:
		// "Suga is expected to visit India": a planned visit
		return realign.ModalityIntended, ""
	}
	if m.p.intentCode != "" && !m.passive && m.verbAt == m.first() && m.first() > 0 && s.toks[m.first()-1] == "to" {
		// an infinitive with no cue ("invited Erdogan to attend the
		// meeting") is not yet done
		return realign.ModalityIntended, ""
	}
	return realign.ModalityAsserted, ""
}

// ruleOutVerbs, with "out", deny a possibility ("ruled out talks").
var ruleOutVerbs = map[string]bool{"rule": true, "rules": true, "ruled": true, "ruling": true}

// excludeVerbs deny a possibility on their own.
var excludeVerbs = map[string]bool{
	"exclude": true, "excludes": true, "excluded": true, "excluding": true,
}

// notRuledOut returns the number of tokens of a negated denial of a
// possibility starting at token i ("not rule out", "n't exclude", "never
// ruled out", "not be excluded"), or 0.
func (s *sentState) notRuledOut(i int) int {
	if i >= len(s.toks) || !(s.toks[i] == "not" || s.toks[i] == "n't" || s.toks[i] == "never") {
		return 0
	}
	k := i + 1
	for k < len(s.toks) && k-i <= 2 && (beForms[s.toks[k]] || s.toks[k] == "yet" || s.toks[k] == "completely" || s.toks[k] == "entirely") {
		k++ // "not be excluded", "not yet ruled out"
	}
	if k >= len(s.toks) {
		return 0
	}
	if ruleOutVerbs[s.toks[k]] && k+1 < len(s.toks) && s.toks[k+1] == "out" {
		return k + 2 - i
	}
	if excludeVerbs[s.toks[k]] {
		return k + 1 - i
	}
	return 0
}

// reportedFuture reports whether "would" at token i is the future of
// reported speech ("announced it would free", "said that Iran would
// join"): a verb of saying or announcing stands at most three words
// before it, not counting a day or time adverb ("announced on Sunday that
// they would").
func (s *sentState) reportedFuture(i int) bool {
	for k, n := i-1, 0; k >= 0 && n < 3; k-- {
		w := s.toks[k]
		if reportVerbs[w] || speechCues[w] || announceVerbs[w] {
			return true
		}
		if w == "," || clauseStop(w) {
			return false
		}
		if timeAdverbs[w] || w == "on" && k+1 < i && timeAdverbs[s.toks[k+1]] {
			continue // "announced on Sunday that they would"
		}
		n++
	}
	return false
}

// cueWindow returns the tokens [lo, hi) before match m where modality
// cues are looked for: up to eight tokens before the trigger (the verb of
// a passive), not reaching back into the subject (ending at subjEnd) nor
// past a coordinating conjunction before a finite verb.
func (s *sentState) cueWindow(m *match, subjEnd int) (lo, hi int) {
	hi = m.first()
	if m.passive {
		hi = m.verbAt
	}
	lo = hi - 8
	if subjEnd > lo {
		lo = subjEnd
	}
	if lo < 0 {
		lo = 0
	}
	// a finite verb coordinated with an earlier one ("said the talks failed
	// and accused …") takes no cue from the earlier verb's clause
	if conj := s.coordinatedAt(hi); conj >= 0 && conj+1 > lo && m.verbForm&(formPast|form3s) != 0 {
		lo = conj + 1
	}
	return lo, hi
}

// refusalCues are the negations that make a negated act a refusal ("will
// not meet", "refused to help"); frequency words ("rarely", "seldom") and
// "failure" are not among them.
var refusalCues = map[string]bool{
	"not": true, "n't": true, "never": true, "no": true, "refuse": true, "refuses": true,
	"refused": true, "refusing": true, "refusal": true, "decline": true, "declines": true,
	"declined": true, "declining": true, "unwilling": true, "unwillingness": true,
	"reluctant": true, "reluctance": true,
}

// refusal reports whether a negated match is a refusal: a refusal cue in
// its cue window.
func (s *sentState) refusal(m *match, subjEnd int) bool {
	lo, hi := s.cueWindow(m, subjEnd)
	for i := lo; i < hi; i++ {
		if refusalCues[s.toks[i]] {
			return true
		}
	}
	return false
}

// question reports whether the sentence is a question (its last token,
// closing quotation marks aside, is "?").
func (s *sentState) question() bool {
	for i := len(s.toks) - 1; i >= 0; i-- {
		if quoteMark(s.toks[i]) {
			continue
		}
		return s.toks[i] == "?"
	}
	return false
}

// historical reports whether the sentence speaks of a time long before
// publication: the event's time expression (see eventTime) has a year before
// the publication year minus one (its year is returned), or the cues "Soviet", "Soviets",
// "USSR", "in the past", "used to", "then, when", or a past perfect ("had"
// + participle) together with "before".
func (s *sentState) historical(m *match) (bool, string) {
	a := s.d.a
	pubYear := 0
	if !a.Document.Published.IsZero() {
		pubYear = a.Document.Published.Year()
	}
	if t := s.eventTime(m); t != nil && len(t.Value) >= 4 {
		if y, err := strconv.Atoi(t.Value[:4]); err == nil && pubYear > 0 && y < pubYear-1 {
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

// eventTime returns the resolved time expression of the sentence nearest
// the trigger, leaving out those inside a complement clause after the match
// ("invited Erdogan to attend the summit next year": "next year" dates the
// summit) and years that modify a noun ("the 1951 treaty", see
// yearModifier), and preferring those of the trigger's own verb phrase
// (see otherConjunct); or nil.
func (s *sentState) eventTime(m *match) *realign.TimeExpr {
	trig := s.sent.Tokens[m.first()].Start
	// best is the nearest time of the trigger's own verb phrase; other the
	// nearest of another coordinated verb phrase, used when there is none
	var best, other *realign.TimeExpr
	bestDist, otherDist := -1, -1
	for _, t := range s.d.sentTimes[s.si] {
		if !s.sent.Span.Contains(t.Span) || !eventDateRE.MatchString(t.Value) || weekRE.MatchString(t.Value) {
			continue // unresolved, or a week ("2024-W12") or decade ("198X")
		}
		if s.d.datelineSpan.Len() > 0 && s.d.datelineSpan.Contains(t.Span) {
			continue // the dateline's date is when the story was filed
		}
		ti := s.tokenAt(t.Start)
		if ti >= 0 && (s.complementBetween(m, ti) || s.yearModifier(m, ti)) {
			continue
		}
		d := t.Start - trig
		if d < 0 {
			d = -d
		}
		if ti >= 0 && s.otherConjunct(m, ti) {
			if otherDist < 0 || d < otherDist {
				other, otherDist = t, d
			}
			continue
		}
		if bestDist < 0 || d < bestDist {
			best, bestDist = t, d
		}
	}
	if best == nil {
		// "criticized Russia on Sunday and accused Moscow of …": a verb
		// phrase with no time of its own shares its neighbour's
		return other
	}
	return best
}

// yearModifier reports whether the time expression at token ti is a year
// modifying a noun phrase ("under the 1951 Mutual Defense Treaty", "the
// 2015 nuclear deal", "Iran's 2019 elections"): a four-digit year after a
// determiner or possessive and before a word. Such a year names the thing,
// not when the event happened, unless the trigger is that noun phrase.
func (s *sentState) yearModifier(m *match, ti int) bool {
	if ti < 1 || ti+1 >= len(s.toks) || !yearRE.MatchString(s.toks[ti]) {
		return false
	}
	if p := s.toks[ti-1]; !determiners[p] && p != "'s" && !possessivePronouns[p] {
		return false
	}
	if !isWordy(s.toks[ti+1]) || prepositions[s.toks[ti+1]] || s.toks[ti+1] == "and" {
		return false
	}
	f := m.first()
	return f <= ti || f > ti+4
}

var yearRE = regexp.MustCompile(`^[12][0-9]{3}$`)

// otherConjunct reports whether a verb coordinated after "and"/"but"/"or"
// stands between the trigger of m and token ti, so that the time
// expression at ti belongs to another verb phrase ("expelled French troops
// in 2022 and cut ties with Ukraine in 2024": 2022 dates the expulsion,
// 2024 the cut). A time expression before the first verb dates every
// conjunct. eventTime uses such a time only when the trigger's own verb
// phrase has none.
func (s *sentState) otherConjunct(m *match, ti int) bool {
	trig := m.first()
	if m.verbAt >= 0 {
		trig = m.verbAt
	}
	a, b := trig, ti
	if ti < trig {
		a, b = ti, trig
	}
	for k := a + 1; k < b; k++ {
		switch s.toks[k] {
		case "and", "but", "or":
		default:
			continue
		}
		for j := k + 1; j <= k+4 && j <= b && j < len(s.toks); j++ {
			if s.coordinatedAt(j) != k || !s.finiteVerb(j) {
				continue
			}
			if ti > trig {
				return true // in a later verb phrase
			}
			// in an earlier verb phrase, not before its verb ("In April,
			// the military removed Bashir and jailed him" dates both)
			if v := s.previousVerb(k); v >= 0 && v < ti {
				return true
			}
		}
	}
	return false
}

// weekRE matches an ISO week value ("2024-W12").
var weekRE = regexp.MustCompile(`^([0-9]{4})-W([0-9]{2})$`)

// weekDate returns, for a sentence whose nearest usable time expression is
// an ISO week ("last week"), the month holding that whole week
// ("2024-06"), else its year when the week straddles two months of one
// year, else "". An Event.Date is never a week value.
func (s *sentState) weekDate(m *match) string {
	for _, t := range s.d.sentTimes[s.si] {
		sm := weekRE.FindStringSubmatch(t.Value)
		if sm == nil || !s.sent.Span.Contains(t.Span) {
			continue
		}
		if ti := s.tokenAt(t.Start); ti >= 0 && (s.complementBetween(m, ti) || s.yearModifier(m, ti) || s.otherConjunct(m, ti)) {
			continue
		}
		y, _ := strconv.Atoi(sm[1])
		w, _ := strconv.Atoi(sm[2])
		if w < 1 || w > 53 {
			continue
		}
		// Monday of ISO week 1 is the Monday on or before 4 January
		jan4 := time.Date(y, time.January, 4, 0, 0, 0, 0, time.UTC)
		mon := jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+7*(w-1))
		sun := mon.AddDate(0, 0, 6)
		switch {
		case mon.Year() == sun.Year() && mon.Month() == sun.Month():
			return mon.Format("2006-01")
		case mon.Year() == sun.Year():
			return mon.Format("2006")
		}
		return ""
	}
	return ""
}

// eventDateRE matches the values an event date may take: a day, a month or
// a year.
var eventDateRE = regexp.MustCompile(`^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$`)

// tokenAt returns the index of the token holding byte offset off, or -1.
func (s *sentState) tokenAt(off int) int {
	for i, t := range s.sent.Tokens {
		if t.Start <= off && off < t.End {
			return i
		}
	}
	return -1
}

// matchEnd is the token index after the match: after its last literal word
// or its target, whichever is later.
func (s *sentState) matchEnd(m *match) int {
	end := m.lastLit() + 1
	for _, g := range m.targets {
		if g.te > end {
			end = g.te
		}
	}
	return end
}

// complementBetween reports whether token k stands in another clause after
// the match: past an infinitive complement ("to attend"), a participle
// clause (", accusing"), a relative pronoun, ";", or a conjunction that
// opens a new clause ("and, to that end, gives").
func (s *sentState) complementBetween(m *match, k int) bool {
	first := m.first()
	if k <= first {
		return false
	}
	for i := first + 1; i < k && i < len(s.toks); i++ {
		switch s.toks[i] {
		case "who", "which", "whose", ";":
			return true
		}
	}
	for i := s.matchEnd(m); i < k && i < len(s.toks); i++ {
		w := s.toks[i]
		switch {
		case w == "to" && i+1 < k && s.infinitive(i+1):
			return true
		case w == "," && s.gerund(i+1):
			return true
		case (w == "and" || w == "but") && i+1 < len(s.toks) && s.toks[i+1] == ",",
			w == "," && i+1 < len(s.toks) && (s.toks[i+1] == "and" || s.toks[i+1] == "but"),
			w == "—" || w == "–" || w == "(":
			return true
		}
	}
	return false
}

// notVerbs are lower-case words after "to" that do not start an infinitive.
var notVerbs = map[string]bool{
	"both": true, "all": true, "some": true, "any": true, "each": true, "every": true,
	"more": true, "other": true, "these": true, "those": true, "its": true, "his": true,
	"her": true, "their": true, "our": true, "my": true, "your": true, "date": true,
	"power": true, "office": true, "war": true, "peace": true, "death": true,
}

// infinitive reports whether token i may be the verb of "to VERB": a
// lower-case word that is no determiner, number or actor.
func (s *sentState) infinitive(i int) bool {
	if i >= len(s.toks) || s.start[i] != nil {
		return false
	}
	w, raw := s.toks[i], s.sent.Tokens[i].Text
	if raw == "" || raw[0] < 'a' || raw[0] > 'z' || determiners[w] || notVerbs[w] {
		return false
	}
	return !strings.HasSuffix(w, "s") || strings.HasSuffix(w, "ss") || s.d.verbForms[w]&formBase != 0
}

// date returns the event date: the year of a historical event when known;
// else the value of the event's time expression (see eventTime); else, for
// an asserted event whose trigger verb is in a past tense, the publication
// date; else "".
func (s *sentState) date(m *match, mod, histYear string) string {
	if mod == realign.ModalityHistorical {
		// "at the Singapore summit in June 2018": the month the clause
		// names, when it falls in the historical year
		if t := s.eventTime(m); t != nil && len(t.Value) > 4 && (histYear == "" || strings.HasPrefix(t.Value, histYear)) {
			return t.Value
		}
		return histYear
	}
	if t := s.eventTime(m); t != nil {
		return t.Value
	}
	if v := s.weekDate(m); v != "" {
		return v
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
//  1. the place of a locative phrase (see phrasePlace) opened by "in", "at"
//     or "near" that follows the trigger (the nearest, not in another
//     clause: see complementBetween), or that precedes it after the
//     subject with no comma between or opens the sentence ("In Doha, …");
//     places that are the source or the target themselves are skipped;
//  2. when the sentence names a gathering ("on the sidelines of the
//     summit", "at the conference") without a usable place, the place of
//     the latest gathering named with "in/at PLACE" in an earlier sentence;
//  3. for visit patterns, the visited target's own place ("visit Russia");
//  4. the dateline place ("LONDON —" at the start of the text), except for
//     historical events;
//  5. nil. The article's first place is never used by default.
//
// The second result says which rule gave the place (realign.Location*).
func (s *sentState) location(m *match, src, tgt *group, hist bool) (*realign.Place, string) {
	var after, before *realign.Place
	first := m.first()
	for k, w := range s.toks {
		if !placePreps[w] || k == first {
			continue
		}
		p := s.phrasePlace(k, src, tgt)
		if p == nil {
			continue
		}
		switch {
		case k > first && after == nil && !s.complementBetween(m, k):
			after = p
		case k < first && (k == 0 || (src != nil && k >= src.te && !s.hasComma(k, first))):
			before = p
		}
	}
	if m.p.place && tgt != nil {
		// "shelled Kharkiv": a place that is the target is where it happened
		for _, p := range s.d.sentPlaces[s.si] {
			if tgt.span.Overlaps(p.Span) && p.Precision != realign.PrecisionCountry &&
				(after == nil || precisionRank[p.Precision] >= precisionRank[after.Precision]) {
				return copyPlace(p), realign.LocationTarget
			}
		}
	}
	switch {
	case after != nil:
		return copyPlace(after), realign.LocationClause
	case before != nil:
		return copyPlace(before), realign.LocationClause
	}
	mentionsVenue := false
	for _, w := range s.toks {
		if w == "sidelines" || w == "summit" || w == "conference" || w == "forum" {
			mentionsVenue = true
		}
	}
	if mentionsVenue {
		for k := s.si - 1; k >= 0; k-- { // this sentence's own places were weighed above
			if p := s.d.venues[k]; p != nil {
				return copyPlace(p), realign.LocationVenue
			}
		}
	}
	if m.p.visit && tgt != nil {
		for _, p := range s.d.sentPlaces[s.si] {
			if tgt.span.Overlaps(p.Span) {
				return copyPlace(p), realign.LocationVisit
			}
		}
	}
	if s.d.dateline != nil && !hist {
		return copyPlace(s.d.dateline), realign.LocationDateline
	}
	return nil, ""
}

// precisionRank orders place precisions from least to most precise.
var precisionRank = map[string]int{
	realign.PrecisionCountry: 1, realign.PrecisionRegion: 2,
	realign.PrecisionCity: 3, realign.PrecisionPoint: 4,
}

// placeIdioms open prepositional idioms that name no place.
var placeIdioms = map[string]bool{
	"face": true, "response": true, "terms": true, "favor": true, "favour": true,
	"spite": true, "light": true, "exchange": true, "return": true, "addition": true,
	"order": true, "view": true, "wake": true, "name": true, "lieu": true, "line": true,
	"charge": true, "touch": true, "talks": true, "support": true,
}

// phrasePlace returns the most precise place of the locative phrase opened
// by the preposition at token k ("in the Black Sea resort of Sochi" gives
// Sochi, "in the C.A.R.'s capital, Bangui" gives Bangui, "in Jeddah, Saudi
// Arabia" gives Jeddah), the first one on a tie, or nil. The phrase runs
// over at most ten tokens and ends before another preposition (except
// "of"), a conjunction, a relative pronoun, a clause stop, or a comma not
// followed by a place. Places overlapping src or tgt are left out.
func (s *sentState) phrasePlace(k int, src, tgt *group) *realign.Place {
	starts := map[int][]*realign.Place{}
	for _, p := range s.d.sentPlaces[s.si] {
		if !s.sent.Span.Contains(p.Span) {
			continue
		}
		if (src != nil && src.span.Overlaps(p.Span)) || (tgt != nil && tgt.span.Overlaps(p.Span)) {
			continue
		}
		if pi := s.placeAt(*p); pi > k {
			starts[pi] = append(starts[pi], p)
		}
	}
	if len(starts) == 0 {
		return nil
	}
	for i := k + 1; i < len(s.toks) && i <= k+2; i++ {
		if placeIdioms[s.toks[i]] {
			return nil // "in the face of", "in response to"
		}
		if s.toks[i] != "the" {
			break
		}
	}
	var best *realign.Place
	for i := k + 1; i < len(s.toks) && i <= k+10; i++ {
		for _, p := range starts[i] {
			if pe := s.tokenAt(p.End - 1); pe >= 0 && pe+1 < len(s.toks) && s.toks[pe+1] == "'s" {
				continue // "Russia's aggression": the place only modifies
			}
			if best == nil || precisionRank[p.Precision] > precisionRank[best.Precision] {
				best = p
			}
		}
		w := s.toks[i]
		if len(starts[i]) > 0 {
			// skip to the place's last token
			end := starts[i][0].End
			for i+1 < len(s.toks) && s.sent.Tokens[i+1].End <= end {
				i++
			}
			continue
		}
		stop := false
		switch {
		case w == ",":
			stop = i+1 >= len(s.toks) || len(starts[i+1]) == 0
		case prepositions[w] && w != "of", clauseStop(w), gapStop(w):
			stop = true
		case w == "and" || w == "or" || w == "who" || w == "which" || w == "that" || w == "where" || w == "when":
			stop = true
		}
		if stop {
			break
		}
	}
	return best
}

func copyPlace(p *realign.Place) *realign.Place {
	c := *p
	return &c
}

// findVenues records, per sentence, the place of a gathering named with
// "in/at PLACE" (a locative phrase, see phrasePlace) in a sentence that has
// a venue word.
func (d *docState) findVenues() {
	for si := range d.a.Sentences {
		s := newSentState(d, si)
		if s == nil {
			continue
		}
		venue := false
		for _, w := range s.toks {
			if venueWords[w] {
				venue = true
			}
		}
		if !venue {
			continue
		}
		for k, w := range s.toks {
			if !placePreps[w] {
				continue
			}
			if p := s.phrasePlace(k, nil, nil); p != nil {
				d.venues[si] = p
				break
			}
		}
	}
}

var datelineRE = regexp.MustCompile(`^\s*[A-Z][A-Za-z0-9.,' ]{1,60}?\s*(?:\([^)\n]{0,40}\))?\s*(?:—|–|--| - )`)

// findDateline returns the place named in a dateline at the start of the
// document text ("LONDON —", "Bishkek, Kyrgyzstan (AP) —", "BERLIN, Feb.
// 12, 2024 (Reuters) -"), or nil, and the span of the news agency in
// the span of the whole dateline: where the story was filed, its date and
// the agency that filed it ("(Reuters)") are no actors or dates of its
// events. A dateline names a place of the gazetteer and has no lower-case
// word outside its parentheses ("Russia attacked Ukraine - the ministry
// said" opens with no dateline); nil and a zero span when there is none.
func findDateline(a *realign.Analysis) (*realign.Place, realign.Span) {
	loc := datelineRE.FindStringIndex(a.Document.Text)
	if loc == nil || hasLowerWord(a.Document.Text[loc[0]:loc[1]]) {
		return nil, realign.Span{}
	}
	for i := range a.Places {
		if a.Places[i].End <= loc[1] {
			return &a.Places[i], realign.Span{Start: loc[0], End: loc[1]}
		}
	}
	return nil, realign.Span{}
}

// hasLowerWord reports whether s has a word starting with a lower-case
// letter outside parentheses.
func hasLowerWord(s string) bool {
	depth, start := 0, true
	for _, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')':
			depth--
		case depth == 0 && start && unicode.IsLower(r):
			return true
		}
		start = !unicode.IsLetter(r) && r != '\'' && r != '.'
	}
	return false
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
	for _, qi := range s.d.sentQuotes[s.si] {
		q := s.d.a.Quotes[qi]
		if intentionComplement(q) {
			// "threatened to close the strait after the US imposed
			// sanctions": an intention, not a report of other events
			continue
		}
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

// intentionComplement reports whether q is reported speech whose content
// is an infinitive ("vowed to retaliate", "threatened to close …"): the
// quote stage reports intentions so, but events inside such a clause are
// not reported by the speaker.
func intentionComplement(q realign.Quotation) bool {
	return q.Kind == realign.QuoteIndirect && strings.HasPrefix(strings.ToLower(q.Text), "to ")
}

// controlVerbs take an object and an infinitive whose subject is that
// object: "wants Putin to attack", "urged Iran to release".
var controlVerbs = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`want wants wanted wanting urge urges urged urging ask asks asked asking
	allow allows allowed allowing permit permits permitted permitting
	expect expects expected expecting press presses pressed pressing push pushes pushed pushing
	encourage encourages encouraged encouraging persuade persuades persuaded persuading
	pressure pressures pressured pressuring`) {
		controlVerbs[w] = true
	}
}

// controlled reports whether the actor phrase starting at token subjStart
// is the object of a control verb right before it ("wants Putin", "called
// on Iran").
func (s *sentState) controlled(subjStart int) bool {
	i := subjStart - 1
	for i > 0 && determiners[s.toks[i]] {
		i-- // "did not allow the UN to deliver"
	}
	if i >= 0 && s.toks[i] == "on" {
		i--
		return i >= 0 && (s.toks[i] == "called" || s.toks[i] == "calls" || s.toks[i] == "call" || s.toks[i] == "calling")
	}
	return i >= 0 && controlVerbs[s.toks[i]]
}

// coordinatedInfinitive returns the index of the infinitive verb ("to
// VERB") that the bare verb at token ti is coordinated with ("to hold them
// accountable and cooperate"): ti is a base form right after "and" or "or"
// and the nearest "to" before it in the clause is followed by a verb base
// form; else -1.
func (s *sentState) coordinatedInfinitive(ti int) int {
	if ti >= len(s.toks) || s.d.verbForms[s.toks[ti]]&formBase == 0 || s.start[ti] != nil {
		return -1
	}
	if w := s.toks[ti-1]; w != "and" && w != "or" {
		return -1
	}
	for j := ti - 2; j >= 1; j-- {
		w := s.toks[j]
		if clauseStop(w) || reportVerbs[w] || w == "that" {
			return -1
		}
		if w == "to" && j+1 < ti-1 && s.start[j+1] == nil {
			raw := s.sent.Tokens[j+1].Text
			if raw != "" && raw[0] >= 'a' && raw[0] <= 'z' && !determiners[s.toks[j+1]] {
				return j + 1
			}
		}
	}
	return -1
}

// accusationWords are the verbs and nouns of accusation and criticism
// whose "X of/for/with VERB-ing" names the act alleged or blamed.
var accusationWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`accuse accuses accused accusing accusation accusations
	blame blames blamed blaming charge charges charged charging allegation allegations
	criticize criticizes criticized criticizing criticise criticises criticised criticising
	condemn condemns condemned condemning denounce denounces denounced denouncing
	fault faults faulted faulting suspect suspects suspected suspecting
	slam slams slammed slamming rebuke rebukes rebuked rebuking censure censures censured
	jail jails jailed jailing sentence sentences sentenced sentencing convict convicts convicted
	convicting imprison imprisons imprisoned imprisoning arrest arrests arrested arresting
	detain detains detained detaining prosecute prosecutes prosecuted prosecuting indict
	indicts indicted indicting fine fines fined fining punish punishes punished punishing`) {
		accusationWords[w] = true
	}
}

// accusedAct reports whether match m's trigger is a gerund after
// "of", "for" or "with" that names what someone is accused of,
// criticised or punished for ("accused China of supporting the junta",
// "blamed Kyiv for shelling", "criticized India for buying oil", "jailed
// a student for two years for helping militants"): the event is the
// accusation or the punishment; the act is only alleged, or past. At most six tokens, with no comma
// or clause stop, stand between the accusation word and the preposition.
func (s *sentState) accusedAct(m *match) bool {
	ti := m.first()
	if m.passive || ti < 2 || ti >= len(s.toks) || !strings.HasSuffix(s.toks[ti], "ing") {
		return false
	}
	if w := s.toks[ti-1]; len(w) > 3 && strings.HasSuffix(w, "ly") && ti >= 3 {
		ti-- // "accused Israel of deliberately killing civilians"
	}
	switch s.toks[ti-1] {
	case "of", "for", "with":
	default:
		return false
	}
	for j := ti - 2; j >= 0 && ti-1-j <= 7; j-- {
		w := s.toks[j]
		if clauseStop(w) || w == "," || w == "and" {
			return false
		}
		if accusationWords[w] {
			return true
		}
	}
	return false
}

// permissionNouns, before "to X to VERB", make the infinitive an act that
// X is permitted or refused.
var permissionNouns = map[string]bool{"permission": true, "authorization": true, "authorisation": true, "approval": true}

// pressureNouns before "from X to VERB" name a wish of X's ("faces
// pressure from Congress to help Iran").
var pressureNouns = map[string]bool{
	"pressure": true, "calls": true, "demands": true, "appeals": true, "requests": true,
}

// wishedInfinitive reports whether match m is an infinitive ("to VERB")
// whose subject is asked or wanted by someone else to act: it follows
// the object of a control verb ("wants Putin to attack", "called on Iran
// to release"), the agent of a passive control verb ("was pressured by
// Congress to help", "was urged by Russia to"), or the X of "pressure
// from X" ("faces pressure from Congress to help"). The wish is coded as
// the appeal; the act itself is nobody's deed yet, not even an intention
// of its subject.
//
// A bare verb coordinated with such an infinitive ("urge Afghanistan to
// hold them accountable and cooperate with Pakistan") is wished too.
func (s *sentState) wishedInfinitive(m *match, subjStart int) bool {
	ti := m.first()
	if m.passive || m.verbAt != ti || ti < 2 {
		return false
	}
	if g := s.end[ti-1]; g != nil && g.ts >= 1 && s.d.verbForms[s.toks[ti]]&formBase != 0 {
		// "refused to let the UN deliver aid": a bare infinitive after
		// "let X"
		k := g.ts - 1
		for k > 0 && determiners[s.toks[k]] {
			k--
		}
		if w := s.toks[k]; w == "let" || w == "lets" || w == "letting" {
			return true
		}
	}
	if s.toks[ti-1] != "to" {
		inf := s.coordinatedInfinitive(ti)
		if inf < 0 {
			return false
		}
		ti, subjStart = inf, -1
	}
	if permissionNouns[s.toks[ti-2]] {
		// "granted Ukraine permission to strike targets": the act is
		// permitted, not done
		return true
	}
	if subjStart >= 0 && s.controlled(subjStart) {
		return true
	}
	g := s.end[ti-2]
	if g == nil || g.ts < 2 {
		return false
	}
	if s.controlled(g.ts) {
		return true
	}
	pk := g.ts - 1
	for pk > 1 && determiners[s.toks[pk]] {
		pk-- // "permission to the UN to deliver"
	}
	prep, head := s.toks[pk], s.toks[pk-1]
	switch {
	case prep == "by" && (controlVerbs[head] || head == "called"):
		return true
	case prep == "from" && pressureNouns[head]:
		return true
	case prep == "to" && permissionNouns[head]:
		// "would not give permission to Russia to help Israel": the
		// act is permitted (or not), not done
		return true
	}
	return false
}

// warnVerbs warn someone against an act ("warned Iran against attacking").
var warnVerbs = map[string]bool{}

// preventVerbs keep someone from an act ("prevented Russia from
// attacking", "barred them from entering").
var preventVerbs = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`warn warns warned warning caution cautions cautioned cautioning
	advise advises advised advising counsel counsels counseled counselled`) {
		warnVerbs[w] = true
	}
	for _, w := range strings.Fields(`prevent prevents prevented preventing stop stops stopped stopping
	bar bars barred barring ban bans banned banning deter deters deterred deterring keep keeps kept
	keeping block blocks blocked blocking restrain restrains restrained restraining dissuade dissuades
	dissuaded dissuading discourage discourages discouraged discouraging prohibit prohibits prohibited
	prohibiting refrain refrains refrained refraining`) {
		preventVerbs[w] = true
	}
}

// unrealisedAct reports whether match m's trigger is a gerund naming an
// act that someone is warned against, avoids or is kept from ("warned
// Iran against attacking US forces", "urged Israel to avoid attacking
// Rafah", "prevented Russia from using the airspace", "refrained from
// criticising"): the act is not done; the warning or appeal is the event.
// At most six tokens, with no clause stop, stand between the verb and the
// preposition.
func (s *sentState) unrealisedAct(m *match) bool {
	ti := m.first()
	if m.passive || ti < 2 || ti >= len(s.toks) || !strings.HasSuffix(s.toks[ti], "ing") {
		return false
	}
	prev := s.toks[ti-1]
	switch prev {
	case "avoid", "avoids", "avoided", "avoiding":
		return true
	case "against", "from":
	default:
		return false
	}
	for j := ti - 2; j >= 0 && ti-1-j <= 7; j-- {
		w := s.toks[j]
		if clauseStop(w) || w == "," {
			return false
		}
		if prev == "against" && warnVerbs[w] || prev == "from" && preventVerbs[w] {
			return true
		}
	}
	return false
}

// threatWords make an intended act a threat that was made ("threatened to
// strike").
var threatWords = map[string]bool{"threaten": true, "threatens": true, "threatened": true, "threatening": true}

// threatCue reports whether a threat word stands among the modality cues
// of match m (see cueWindow).
func (s *sentState) threatCue(m *match, subjEnd int) bool {
	lo, hi := s.cueWindow(m, subjEnd)
	for i := lo; i < hi; i++ {
		if threatWords[s.toks[i]] {
			return true
		}
	}
	return false
}
