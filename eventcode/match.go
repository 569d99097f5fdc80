package eventcode

import (
	"slices"
	"sort"
	"strings"

	"github.com/realign/realign"
)

// match is one pattern matched in a sentence.
type match struct {
	p        *pattern
	lits     []int  // token indices of the matched literal words
	litForms []form // the form each literal matched
	targets  []*group
	sources  []*group
	passive  bool
	auxAt    int      // passive: token index of the be-auxiliary
	agent    []*group // passive: the by-phrase actor
	verbAt   int      // token index of the first inflected verb, -1 if none
	verbForm form     // the form it matched
	// targetWhy says how the X slot was filled (for explanations)
	targetWhy string
}

// first is the token of the first pattern word: the verb for a passive.
func (m *match) first() int { return m.lits[0] }

// firstLit and lastLit are the lowest and highest token indices of the
// literal words (in a noun-headed passive the noun comes before the verb).
func (m *match) firstLit() int { return slices.Min(m.lits) }
func (m *match) lastLit() int  { return slices.Max(m.lits) }

// triggerSpan covers the literal words of the match.
func (m *match) triggerSpan(s *sentState) realign.Span {
	a, b := m.firstLit(), m.lastLit()
	return realign.Span{Start: s.sent.Tokens[a].Start, End: s.sent.Tokens[b].End}
}

// matches returns the accepted pattern matches of a sentence: every match
// found, then greedily the ones with most literal words whose literal words
// do not overlap an accepted match.
func (c *Coder) matches(s *sentState) []*match {
	var all []*match
	for i, w := range s.toks {
		for _, p := range c.lex.byFirst[w] {
			if m := c.matchPassive(s, p, i); m != nil {
				all = append(all, m)
				continue
			}
			if m := c.matchAt(s, p, 0, i, &match{p: p, verbAt: -1}); m != nil {
				all = append(all, m)
			}
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		if len(all[i].lits) != len(all[j].lits) {
			return len(all[i].lits) > len(all[j].lits)
		}
		if all[i].lits[0] != all[j].lits[0] {
			return all[i].lits[0] < all[j].lits[0]
		}
		return all[i].p.line < all[j].p.line
	})
	used := map[int]bool{}
	var out []*match
	for _, m := range all {
		clash := false
		for _, t := range m.lits {
			if used[t] {
				clash = true
				break
			}
		}
		if clash {
			continue
		}
		for _, t := range m.lits {
			used[t] = true
		}
		out = append(out, m)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].lits[0] < out[j].lits[0] })
	return out
}

// determiners mark the next word as a noun.
var determiners = map[string]bool{
	"a": true, "an": true, "the": true, "his": true, "her": true, "their": true,
	"its": true, "our": true, "my": true, "this": true, "that": true,
}

// nounContext reports whether a word matched only as a verb's base form
// stands where a noun would: after a determiner or a preposition other than
// "to" ("advised against travel to Tunisia").
//
// A word matched only as a gerund is a noun after a determiner, also over
// capitalised modifiers ("at a U.N. Security Council meeting").
func (s *sentState) nounContext(ti int, f form) bool {
	if ti == 0 {
		return false
	}
	if f&formIng != 0 && f&^(formIng|formLit) == 0 {
		k := ti - 1
		for k > 0 && ti-k <= 5 && s.capitalised(k) {
			k--
		}
		return determiners[s.toks[k]] && s.toks[k] != "that"
	}
	if f&formBase == 0 || f&(form3s|formPast|formPP|formIng) != 0 {
		return false
	}
	prev := s.toks[ti-1]
	return determiners[prev] || (prepositions[prev] && prev != "to")
}

// midCapital reports whether token ti is capitalised inside the sentence,
// not after an opening quotation mark, colon or dash at its start: a name
// or slogan ("“Free Tibet” banners"), not a verb.
func (s *sentState) midCapital(ti int) bool {
	if !s.capitalised(ti) {
		return false
	}
	for k := ti - 1; k >= 0; k-- {
		w := s.toks[k]
		if !quoteMark(w) && w != ":" && w != "—" && w != "–" && w != "-" && w != "``" && w != "(" {
			return true
		}
		if w == ":" || w == "—" || w == "–" {
			return false
		}
	}
	return false
}

// capitalised reports whether token i starts with an upper-case letter.
func (s *sentState) capitalised(i int) bool {
	raw := s.sent.Tokens[i].Text
	return raw != "" && raw[0] >= 'A' && raw[0] <= 'Z'
}

func quoteMark(w string) bool {
	switch w {
	case "'", "‘", "’", "“", "”", "\"", "«", "»":
		return true
	}
	return false
}

// gapStop reports tokens a "*" gap does not cross.
func gapStop(w string) bool {
	switch w {
	case ";", ":", "?", "!", ".", "“", "”", "\"":
		return true
	}
	return false
}

// matchAt matches p.elems[ei:] from token ti, extending m; it returns the
// completed match or nil. Gaps are tried shortest first.
func (c *Coder) matchAt(s *sentState, p *pattern, ei, ti int, m *match) *match {
	if ei == len(p.elems) {
		return m
	}
	for ei > 0 && ti < len(s.toks) && quoteMark(s.toks[ti]) {
		ti++ // quotation marks inside a pattern are transparent
	}
	e := p.elems[ei]
	switch e.kind {
	case elemWord:
		if ti < len(s.toks) {
			if f, ok := e.forms[s.toks[ti]]; ok && !(ei == 0 && (s.nounContext(ti, f) || s.midCapital(ti))) {
				n := *m
				n.lits = append(append([]int(nil), m.lits...), ti)
				n.litForms = append(append([]form(nil), m.litForms...), f)
				if e.verb && f&^formLit != 0 && n.verbAt < 0 {
					n.verbAt, n.verbForm = ti, f
				}
				if r := c.matchAt(s, p, ei+1, ti+1, &n); r != nil {
					return r
				}
			}
		}
		if e.optional {
			return c.matchAt(s, p, ei+1, ti, m)
		}
		return nil
	case elemNot:
		if ti < len(s.toks) && e.forms[s.toks[ti]] != 0 {
			return nil
		}
		return c.matchAt(s, p, ei+1, ti, m)
	case elemGap:
		// in a casualty pattern the gap after the author holds only the
		// weapon's modifiers ("Israeli tank shelling"), never a new
		// phrase ("killed in Iraq in a rocket attack": Iraq is a place)
		afterAuthor := p.casualty && ei > 0 && p.elems[ei-1].kind == elemSource
		for k := 0; k <= c.maxGap && ti+k <= len(s.toks); k++ {
			if k > 0 && (gapStop(s.toks[ti+k-1]) || afterAuthor && phraseBreak(s.toks[ti+k-1])) {
				break
			}
			if r := c.matchAt(s, p, ei+1, ti+k, m); r != nil {
				return r
			}
		}
		return nil
	default: // X or S
		gs, next := s.actorSlot(ti)
		why := "object slot X of the pattern"
		if len(gs) == 0 && e.kind == elemTarget {
			// "condemned the meeting between Scholz and Tusk": the
			// participants of a gathering
			if k := s.gatheringSkip(ti); k > ti {
				gs, next = s.actorSlot(k)
				why = "object slot X: the participants of a gathering (\"" + s.toks[k-2] + " " + s.toks[k-1] + " …\")"
			}
		}
		if len(gs) == 0 && e.kind == elemTarget {
			// "expel leaders of Egypt's Muslim Brotherhood": the group
			// the people belong to
			if k := s.memberSkip(ti); k > ti {
				gs, next = s.actorSlot(k)
				why = "object slot X: the group of \"" + s.toks[k-2] + " of\""
			}
		}
		if len(gs) == 0 && e.kind == elemTarget && p.place {
			// a visit's place may follow "in"/"at" ("visited troops in
			// Rzeszow"), and so may the place of an event named after a
			// preposition ("sorrow for the shootings in South Carolina")
			inLoc := p.visit || ti > 0 && prepositions[s.toks[ti-1]]
			gs, next = s.placeSlot(ti, inLoc)
			why = "object slot X: a place, standing for its country's state"
		}
		if len(gs) == 0 {
			return nil
		}
		n := *m
		if e.kind == elemTarget {
			n.targets = gs
			n.targetWhy = why
		} else {
			n.sources = gs
		}
		if r := c.matchAt(s, p, ei+1, next, &n); r != nil || ei+1 == len(p.elems) {
			return r
		}
		// "urged Russia on Friday to accept": a time adverbial between
		// the object and the rest of the pattern
		if k := s.skipAdverbial(next); k > next {
			if r := c.matchAt(s, p, ei+1, k, &n); r != nil {
				return r
			}
		}
		// a demonym is an adjective: its noun follows ("accused the
		// Chinese coast guard of")
		if last := gs[len(gs)-1]; last.demonym && last.te == next {
			for k := next; k < len(s.toks) && k < next+3 && s.nounWord(k); k++ {
				if r := c.matchAt(s, p, ei+1, k+1, &n); r != nil {
					return r
				}
			}
		}
		return nil
	}
}

// gatheringNouns name meetings and agreements whose participants follow
// "between", "of" or "with".
var gatheringNouns = map[string]bool{
	"meeting": true, "meetings": true, "talks": true, "visit": true, "summit": true,
	"trip": true, "call": true, "deal": true, "agreement": true, "pact": true,
	"alliance": true, "rapprochement": true, "conversation": true,
}

// gatheringSkip returns the token after "GATHERING between|of|with" when
// such a phrase opens at token ti after at most two determiners or
// adjectives ("the planned meeting between"), else ti.
func (s *sentState) gatheringSkip(ti int) int {
	for k := ti; k < len(s.toks)-1 && k <= ti+2; k++ {
		if gatheringNouns[s.toks[k]] {
			switch s.toks[k+1] {
			case "between", "of", "with":
				return k + 2
			}
			return ti
		}
		if !skippable(s.toks[k]) || s.start[k] != nil {
			return ti
		}
	}
	return ti
}

// memberNouns name people who belong to a group named after "of"
// ("leaders of Egypt's Muslim Brotherhood").
var memberNouns = map[string]bool{
	"leader": true, "leaders": true, "members": true, "member": true, "officials": true,
	"official": true, "supporters": true, "representatives": true, "delegation": true,
	"envoys": true, "diplomats": true, "fighters": true, "commanders": true, "citizens": true,
	"nationals": true, "troops": true, "forces": true, "soldiers": true, "ministers": true,
}

// memberSkip returns the token after "MEMBERS of" when such a phrase opens
// at token ti after at most two determiners or adjectives ("exiled leaders
// of"), else ti.
func (s *sentState) memberSkip(ti int) int {
	for k := ti; k < len(s.toks)-1 && k <= ti+2; k++ {
		if memberNouns[s.toks[k]] {
			if s.toks[k+1] == "of" {
				return k + 2
			}
			return ti
		}
		if !skippable(s.toks[k]) || s.start[k] != nil {
			return ti
		}
	}
	return ti
}

// nounWord reports whether token k may be a noun after a demonym: a
// lower-case word that is no function word, verb of the lexicon or actor.
func (s *sentState) nounWord(k int) bool {
	w, raw := s.toks[k], s.sent.Tokens[k].Text
	if raw == "" || raw[0] < 'a' || raw[0] > 'z' || s.start[k] != nil || !skippable(w) {
		return false
	}
	if determiners[w] || nonNouns[w] || s.d.verbForms[w]&(formPast|form3s) != 0 {
		return false
	}
	return true
}

// placeSlot matches a place of the gazetteer as an X slot at token ti,
// after up to three skippable words, or, when inLoc, also over "in"/"at"
// ("visited troops in Rzeszow"). The group's actor is the state of the
// place's country; nil when the place has none.
func (s *sentState) placeSlot(ti int, inLoc bool) ([]*group, int) {
	for k := 0; k <= 4 && ti+k < len(s.toks); k++ {
		i := ti + k
		for _, p := range s.d.sentPlaces[s.si] {
			if p.Country == "" || !s.sent.Span.Contains(p.Span) || s.placeAt(*p) != i {
				continue
			}
			te := s.tokenAt(p.End-1) + 1
			if te <= i {
				continue
			}
			c := p.Country
			g := &group{ts: i, te: te, span: p.Span, actor: &realign.Actor{
				ID: "state/" + c, Code: c, Name: c, Country: c, Kind: "state"}}
			return []*group{g}, te
		}
		w := s.toks[i]
		if s.start[i] != nil || !(skippable(w) || inLoc && (w == "in" || w == "at")) {
			return nil, 0
		}
	}
	return nil, 0
}

// skippable are words an actor slot may skip before the actor phrase:
// determiners and adjectives, not prepositions or conjunctions.
func skippable(w string) bool {
	if prepositions[w] || w == "" {
		return false
	}
	switch w {
	case "and", "or", "but", "that", "which", "who", "when", "if", "not", "n't", "'s", ",", ".", "'", "‘", "’":
		return false
	}
	r := w[0]
	return (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9')
}

// actorSlot matches an actor slot at token ti: up to three skippable
// words, an actor phrase, and further phrases joined by "and" or ",", or
// a title with its holder's name in apposition ("the Chinese ambassador,
// Huang Xilian"). It
// returns the phrases and the token index after them (after a possessive
// 's).
func (s *sentState) actorSlot(ti int) ([]*group, int) {
	limit := 3
	for k := 0; k <= limit && ti+k < len(s.toks); k++ {
		if k > 0 && s.toks[ti+k] == "'s" && ti+k+1 < len(s.toks) && titleWords[s.toks[ti+k+1]] && s.capitalised(ti+k-1) {
			// "met China's President Xi Jinping": the state named
			// before a title belongs to the title holder
			limit++
			continue
		}
		if g := s.start[ti+k]; g != nil {
			out := []*group{g}
			next := g.te
			for next+1 < len(s.toks) {
				j := next
				if s.toks[j] == "," && j+1 < len(s.toks) && s.toks[j+1] == "and" {
					j++
				}
				if s.toks[j] != "and" && s.toks[j] != "," {
					break
				}
				h := s.groupAt(j + 1)
				if h == nil && j == next && s.toks[j] == "and" && j+2 < len(s.toks) && s.toks[j+1] == "the" {
					h = s.groupAt(j + 2) // "Iran and the RSF"
				}
				if h == nil {
					break
				}
				out = append(out, h)
				next = h.te
			}
			if next < len(s.toks) && s.toks[next] == "'s" {
				next++
			}
			return out, next
		}
		if n := s.quantifier(ti + k); n > 0 {
			// "over 150 Palestinian prisoners", "more than 20 Afghan
			// soldiers": the words before the number are skipped with it
			ti += n - 1
			continue
		}
		if k > 0 && s.toks[ti+k] == "," && titleWords[s.toks[ti+k-1]] && s.toks[ti+k-1] != "'s" {
			// "summoned the Chinese ambassador, Huang Xilian": the
			// title's name in apposition is the actor
			if g := s.start[ti+k+1]; g != nil && !g.demonym {
				next := g.te
				if next < len(s.toks) && s.toks[next] == "'s" {
					next++
				}
				return []*group{g}, next
			}
		}
		if !skippable(s.toks[ti+k]) || s.d.firstPerson[s.sent.Tokens[ti+k].Start] != nil {
			return nil, 0
		}
		if k == 0 && ti > 0 && s.toks[ti-1] == "to" && s.infinitiveAt(ti) {
			// "permission to strike targets inside Russia": an
			// infinitive, not the object of "to" ("aid to help Ukraine"
			// still reaches its beneficiary)
			return nil, 0
		}
	}
	return nil, 0
}

// timeAdverbs may stand between a verb and its by-agent or between an
// object and the rest of a pattern ("released yesterday by Putin").
var timeAdverbs = map[string]bool{
	"yesterday": true, "today": true, "tonight": true, "overnight": true, "later": true,
	"earlier": true, "also": true, "again": true, "reportedly": true, "allegedly": true,
	"recently": true, "repeatedly": true, "publicly": true, "formally": true, "officially": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true,
}

// skipAdverbial returns the token after a short time or manner adverbial
// starting at token i ("yesterday", "on Friday", "last week", "this
// month"), or i when there is none.
func (s *sentState) skipAdverbial(i int) int {
	if i >= len(s.toks) {
		return i
	}
	w := s.toks[i]
	switch {
	case timeAdverbs[w]:
		return i + 1
	case w == "on" && i+1 < len(s.toks) && timeAdverbs[s.toks[i+1]] && s.capitalised(i+1):
		return i + 2 // "on Friday"
	case (w == "last" || w == "this" || w == "next") && i+1 < len(s.toks):
		switch s.toks[i+1] {
		case "week", "month", "year", "weekend":
			return i + 2
		}
	}
	return i
}

// quantifiers stand before a number ("over 150", "at least 20").
var quantifiers = map[string]bool{
	"over": true, "about": true, "around": true, "nearly": true, "almost": true,
	"roughly": true, "some": true, "approximately": true, "under": true,
}

// quantifier returns how many words at token i open a number phrase
// before its number ("over", "more than", "at least", "up to"), or 0.
func (s *sentState) quantifier(i int) int {
	n := 0
	switch {
	case i+1 < len(s.toks) && quantifiers[s.toks[i]]:
		n = 1
	case i+2 < len(s.toks) && (s.toks[i] == "more" || s.toks[i] == "fewer" || s.toks[i] == "less") && s.toks[i+1] == "than",
		i+2 < len(s.toks) && (s.toks[i] == "at" && (s.toks[i+1] == "least" || s.toks[i+1] == "most")),
		i+2 < len(s.toks) && s.toks[i] == "up" && s.toks[i+1] == "to":
		n = 2
	default:
		return 0
	}
	if w := s.toks[i+n]; w == "" || w[0] < '0' || w[0] > '9' {
		return 0
	}
	return n
}

var beForms = map[string]bool{
	"is": true, "are": true, "was": true, "were": true, "be": true, "been": true,
	"being": true, "'s": true, "get": true, "got": true, "gets": true,
}

// matchPassive matches the passive of a "verb+ X ..." pattern at token ti:
// "X was condemned by Y", "X was urged by Y to …". The verb must be a past
// participle after a form of "be" (up to two words before); the agent is
// the actor after "by", right after the verb or after the pattern's
// remaining words.
func (c *Coder) matchPassive(s *sentState, p *pattern, ti int) *match {
	if len(p.elems) < 2 || !p.elems[0].verb {
		return nil
	}
	xi := 1 // index of the X slot: right after the verb or after optional words
	for xi < len(p.elems) && p.elems[xi].kind == elemWord && p.elems[xi].optional {
		xi++
	}
	if xi >= len(p.elems) {
		return nil
	}
	f := p.elems[0].forms[s.toks[ti]]
	if f&formPP == 0 {
		return nil
	}
	// a verb particle right after the participle ("was shot down by")
	after, part := ti+1, -1
	if e := p.elems[xi]; e.particle {
		if after >= len(s.toks) || e.forms[s.toks[after]] == 0 {
			return nil
		}
		part, after, xi = after, after+1, xi+1
		for xi < len(p.elems) && p.elems[xi].kind == elemWord && p.elems[xi].optional {
			xi++
		}
		if xi >= len(p.elems) {
			return nil
		}
	}
	aux := -1
	for k := ti - 1; k >= 0 && k >= ti-3; k-- {
		if beForms[s.toks[k]] {
			aux = k
			break
		}
	}
	if aux < 0 {
		return nil
	}
	if p.elems[xi].kind != elemTarget {
		return c.matchNounPassive(s, p, ti, f, aux)
	}
	for _, e := range p.elems[xi+1:] {
		if e.kind == elemTarget || e.kind == elemSource {
			return nil
		}
	}
	rest := &pattern{elems: p.elems[xi+1:]}
	agentAt := s.passiveAgent
	base := &match{p: p, lits: []int{ti}, litForms: []form{f}, passive: true, auxAt: aux, verbAt: ti, verbForm: f}
	if part >= 0 {
		base.lits, base.litForms = append(base.lits, part), append(base.litForms, formLit)
	}
	// agent right after the verb, then the rest of the pattern
	if gs, next := agentAt(after); len(gs) > 0 {
		if len(rest.elems) == 0 {
			base.agent = gs
			return base
		}
		if r := c.matchAt(s, rest, 0, next, &match{p: rest, verbAt: -1}); r != nil {
			base.agent = gs
			base.lits = append(base.lits, r.lits...)
			base.litForms = append(base.litForms, r.litForms...)
			return base
		}
	}
	// the rest of the pattern right after the verb, then the agent
	if len(rest.elems) > 0 {
		r := c.matchAt(s, rest, 0, after, &match{p: rest, verbAt: -1})
		if r == nil || len(r.lits) == 0 {
			return nil
		}
		end := r.lits[len(r.lits)-1] + 1
		for k := end; k < len(s.toks) && k <= end+3; k++ {
			if gs, _ := agentAt(k); len(gs) > 0 {
				base.agent = gs
				base.lits = append(base.lits, r.lits...)
				base.litForms = append(base.litForms, r.litForms...)
				return base
			}
		}
	}
	return nil
}

// passiveAgent returns the actor of a by-phrase at token from (after a
// short adverbial: "released yesterday by Putin") and the token after it.
//
// A place phrase may come first ("shot down over eastern Ukraine by …"),
// and the by-phrase may name the weapon whose user follows ("by a
// missile believed to be fired by rebels": the rebels).
func (s *sentState) passiveAgent(from int) ([]*group, int) {
	from = s.skipAdverbial(from)
	if from < len(s.toks) && locativePreps[s.toks[from]] {
		for k := from + 1; k < len(s.toks) && k <= from+5; k++ {
			if w := s.toks[k]; w == "by" {
				from = k
				break
			} else if clauseStop(w) || w == "," || s.d.verbForms[w] != 0 {
				break
			}
		}
	}
	if from < len(s.toks) && s.toks[from] == "by" {
		if gs, next := s.actorSlot(from + 1); len(gs) > 0 {
			return gs, next
		}
		return s.weaponUser(from + 1)
	}
	return nil, 0
}

// locativePreps open a place phrase that may stand between a passive verb
// and its by-agent.
var locativePreps = map[string]bool{"over": true, "in": true, "near": true, "above": true, "off": true}

// weaponNouns name a weapon in a by-phrase ("by a missile").
var weaponNouns = map[string]bool{
	"missile": true, "missiles": true, "rocket": true, "rockets": true, "bomb": true, "bombs": true,
	"drone": true, "drones": true, "shell": true, "shells": true, "mine": true, "mines": true,
	"grenade": true, "grenades": true, "mortar": true, "mortars": true, "torpedo": true,
}

// useVerbs, as participles after a weapon noun, lead to its user ("a
// missile fired by rebels").
var useVerbs = map[string]bool{
	"fired": true, "launched": true, "planted": true, "dropped": true, "detonated": true,
	"shot": true, "flown": true,
}

// weaponUser returns the user of the weapon named in the by-phrase at
// token from: "a sophisticated surface-to-air missile believed to be fired
// by pro-Russia rebels" gives the rebels. The weapon noun stands within six
// tokens; between it and the use verb only a hedge ("believed to be",
// "thought to have been", "reportedly").
func (s *sentState) weaponUser(from int) ([]*group, int) {
	w := -1
	for k := from; k < len(s.toks) && k < from+6; k++ {
		if clauseStop(s.toks[k]) || s.toks[k] == "," {
			return nil, 0
		}
		if weaponNouns[s.toks[k]] {
			w = k
			break
		}
	}
	if w < 0 {
		return nil, 0
	}
	for k := w + 1; k < len(s.toks) && k <= w+6; k++ {
		t := s.toks[k]
		if useVerbs[t] {
			if k+1 < len(s.toks) && s.toks[k+1] == "by" {
				return s.actorSlot(k + 2)
			}
			return nil, 0
		}
		if !hedgeWords[t] {
			return nil, 0
		}
	}
	return nil, 0
}

// hedgeWords may stand between a weapon noun and its use verb.
var hedgeWords = map[string]bool{
	"believed": true, "thought": true, "suspected": true, "said": true, "reported": true,
	"alleged": true, "reportedly": true, "apparently": true, "allegedly": true, "to": true,
	"be": true, "have": true, "been": true, "likely": true,
}

// particles are the verb particles a passive may keep after its
// participle ("was shot down by").
var particles = map[string]bool{"up": true, "down": true, "off": true, "out": true}

// matchNounPassive matches the passive of a pattern whose target stands in
// a noun phrase after the verb, "verb+ * NOUN PREP X" ("present+ *
// evidence against X"): "Evidence against Russia was presented by the
// US", "Sanctions on Iran were imposed by the EU". The subject phrase
// (the pattern's words after the verb and any gap, ending with X) must end
// at the be-auxiliary aux, and the by-agent follow the verb ti (form f).
func (c *Coder) matchNounPassive(s *sentState, p *pattern, ti int, f form, aux int) *match {
	rest := p.elems[1:]
	for len(rest) > 0 && rest[0].kind == elemGap {
		rest = rest[1:]
	}
	if len(rest) < 2 || rest[len(rest)-1].kind != elemTarget || rest[0].kind != elemWord || rest[0].optional {
		return nil
	}
	for w := range rest[0].forms {
		if prepositions[w] {
			return nil // "fire+ on X": no noun heads the phrase
		}
	}
	for _, e := range rest[:len(rest)-1] {
		if e.kind == elemTarget || e.kind == elemSource {
			return nil
		}
	}
	agent, _ := s.passiveAgent(ti + 1)
	if len(agent) == 0 {
		return nil
	}
	sub := &pattern{elems: rest, place: p.place}
	for k := aux - 1; k >= 0 && k >= aux-10; k-- {
		if clauseStop(s.toks[k]) {
			return nil
		}
		r := c.matchAt(s, sub, 0, k, &match{p: sub, verbAt: -1})
		if r == nil || len(r.targets) == 0 {
			continue
		}
		if end := r.targets[len(r.targets)-1].te; end != aux && !(end+1 == aux && s.toks[end] == "'s") {
			continue
		}
		return &match{p: p, lits: append([]int{ti}, r.lits...), litForms: append([]form{f}, r.litForms...),
			passive: true, auxAt: aux, verbAt: ti, verbForm: f, agent: agent, targets: r.targets,
			targetWhy: "passive of a noun-headed pattern: the object slot X inside the subject phrase (" + r.targetWhy + ")"}
	}
	return nil
}

// phraseBreak reports whether w ends a noun phrase's modifiers: a
// preposition, conjunction, comma or gerund ("in", "during", "while",
// "and", "serving").
func phraseBreak(w string) bool {
	return prepositions[w] || subordinators[w] || w == "and" || w == "or" || w == "," || w == "while" ||
		len(w) > 5 && strings.HasSuffix(w, "ing")
}

// helpVerbs, as infinitives after "to", name the beneficiary that follows.
var helpVerbs = map[string]bool{"help": true, "assist": true, "aid": true, "support": true, "protect": true, "defend": true}

// infinitiveAt reports whether the word at token ti, right after "to",
// is an infinitive's verb rather than the start of "to"'s object: a base
// form of the lexicon or of commonVerbs, lower-case, not a determiner and
// not a verb naming a beneficiary ("to help Ukraine").
func (s *sentState) infinitiveAt(ti int) bool {
	w := s.toks[ti]
	if determiners[w] || helpVerbs[w] || s.capitalised(ti) {
		return false
	}
	return s.d.verbForms[w]&formBase != 0 || commonVerbs[w] || infinitiveVerbs[w]
}

// infinitiveVerbs are common verbs after "permission to", "allowed … to"
// that no lexicon pattern starts with.
var infinitiveVerbs = map[string]bool{
	"join": true, "enter": true, "cross": true, "leave": true, "use": true, "fly": true, "land": true,
	"operate": true, "export": true, "import": true, "build": true, "buy": true, "sell": true,
	"strike": true, "deploy": true, "transit": true, "pass": true, "access": true, "resume": true,
}
