package petrarch

import (
	"sort"
	"strings"
	"time"
)

// Coded is one event coded from a parse tree by CodeTree: actor codes as
// the dictionaries give them, the event code of the verb or pattern, and
// what produced it (the verb word and the pattern text, "" for the verb's
// default code).
type Coded struct {
	Source, Target, Code string
	Verb, Pattern        string
}

// unit is a noun phrase of the sentence holding actors or agents:
// [Start, End) leaf indexes and the codes it stands for.
type unit struct {
	Start, End int
	Codes      []string
	hasActor   bool
	suffix     string // agent codes with no actor yet
	prefix     string
}

// sentence is the state of coding one tree.
type sentence struct {
	d      *Dictionaries
	t      *Tree
	date   time.Time
	w      []string // upper-case words
	tag    []string
	units  []*unit
	unitAt []int // leaf -> index into units, -1 for none
	// adverbial marks leaves inside a subordinate clause led by a
	// conjunction ("after crowds trashed its embassy"): no target there
	adverbial []bool
}

// CodeTree codes the events of one parsed sentence dated date with the
// dictionaries, the way PETRARCH2 does in outline: each dictionary verb's
// clause gives a source (the subject noun phrase, or the "by" agent of a
// passive) and a target (the first actor after the verb, or the slot of
// a matched pattern); the longest matching pattern sets the code, else the
// verb's default. A sentence holding a discard phrase gives no event.
// The result is deduplicated and sorted.
func (d *Dictionaries) CodeTree(t *Tree, date time.Time) []Coded {
	s := &sentence{d: d, t: t, date: date}
	for _, l := range t.Leaves {
		s.w = append(s.w, strings.ToUpper(l.Word))
		s.tag = append(s.tag, l.Label)
	}
	for _, ph := range append(append([][]string{}, d.Discards...), d.StoryDiscards...) {
		if s.find(ph) {
			return nil
		}
	}
	s.findUnits()
	s.adverbial = make([]bool, len(s.w))
	var mark func(n *Node)
	mark = func(n *Node) {
		if n.is("SBAR") && len(n.Children) > 0 {
			c := n.Children[0]
			if (c.Label == "IN" && c.Word != "" && !strings.EqualFold(c.Word, "that")) || strings.HasPrefix(c.Label, "WH") ||
				(c.is("NP") && len(n.Children) > 1 && n.Children[1].Label == "IN") {
				for k := n.Start; k < n.End; k++ {
					s.adverbial[k] = true
				}
				return
			}
		}
		for _, c := range n.Children {
			mark(c)
		}
	}
	mark(t.Root)
	type cand struct {
		v         int
		vp        *Node
		ev        []Coded
		patterned bool
	}
	var cands []cand
	for i, l := range t.Leaves {
		if !strings.HasPrefix(l.Label, "VB") {
			continue
		}
		ev, patterned, ok := s.codeVerb(i)
		if !ok {
			continue
		}
		cands = append(cands, cand{v: i, vp: l.Parent, ev: ev, patterned: patterned})
	}
	// a verb inside another coded verb's phrase: an auxiliary or a verb
	// that gave no event yields to the lower one; else the lower one is
	// kept only when a pattern chose its code and the upper one's did not
	drop := make([]bool, len(cands))
	for i := range cands {
		for j := range cands {
			if i == j || drop[i] || drop[j] || cands[i].v >= cands[j].v {
				continue
			}
			vp := cands[i].vp
			if vp.Start > cands[j].v || cands[j].v >= vp.End {
				continue
			}
			switch {
			case len(cands[i].ev) == 0 || isAux(s.w[cands[i].v], vp):
				drop[i] = true
			case cands[j].patterned && !cands[i].patterned:
				drop[i] = true
			default:
				drop[j] = true
			}
		}
	}
	seen := map[Coded]bool{}
	var out []Coded
	for i, c := range cands {
		if drop[i] {
			continue
		}
		for _, e := range c.ev {
			k := Coded{Source: e.Source, Target: e.Target, Code: e.Code}
			if !seen[k] {
				seen[k] = true
				out = append(out, e)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

var auxWords = map[string]bool{"HAS": true, "HAVE": true, "HAD": true, "HAVING": true, "IS": true, "ARE": true,
	"WAS": true, "WERE": true, "BE": true, "BEEN": true, "BEING": true, "DO": true, "DOES": true, "DID": true, "'S": true}

// isAux reports whether verb w heads a verb phrase that holds another
// verb phrase ("has broken"): an auxiliary, not the event.
func isAux(w string, vp *Node) bool {
	if !auxWords[w] {
		return false
	}
	for _, c := range vp.Children {
		if c.is("VP") {
			return true
		}
	}
	return false
}

// find reports whether the word sequence ph occurs in the sentence.
func (s *sentence) find(ph []string) bool {
	if len(ph) == 0 {
		return false
	}
	for i := range s.w {
		if s.matchWords(i, ph, false) {
			return true
		}
	}
	return false
}

func (s *sentence) matchWords(i int, ph []string, prefixLast bool) bool {
	if i+len(ph) > len(s.w) {
		return false
	}
	for k, p := range ph {
		w := s.w[i+k]
		if w == p {
			continue
		}
		if prefixLast && k == len(ph)-1 && len(p) >= 4 && strings.HasPrefix(w, p) {
			continue
		}
		return false
	}
	return true
}

// nounish tags continue a noun phrase unit.
func nounish(tag string) bool {
	switch tag {
	case "NN", "NNS", "NNP", "NNPS", "JJ", "JJR", "JJS", "DT", "POS", "CD", "PRP$", "HYPH", "FW", "NNPS$":
		return true
	}
	return false
}

// findUnits marks actor and agent phrases and groups them into units.
func (s *sentence) findUnits() {
	n := len(s.w)
	actorLen := make([]int, n)
	actorCodes := make([][]string, n)
	agentLen := make([]int, n)
	agents := make([]*AgentName, n)
	for i := 0; i < n; {
		best := 0
		var bestCodes []string
		for _, a := range s.d.Actors[s.w[i]] {
			if len(a.Words) > best && s.matchWords(i, a.Words, !a.Exact) {
				if c := a.Actor.CodesAt(s.date); len(c) > 0 {
					best, bestCodes = len(a.Words), c
				}
			}
		}
		// a last word written without "_" also matches as a stem
		if best == 0 {
			for k, l := range s.d.Actors {
				if len(k) >= 5 && strings.HasPrefix(s.w[i], k) && k != s.w[i] {
					for _, a := range l {
						if len(a.Words) == 1 && !a.Exact {
							if c := a.Actor.CodesAt(s.date); len(c) > 0 {
								best, bestCodes = 1, c
							}
						}
					}
				}
			}
		}
		if best > 0 {
			actorLen[i], actorCodes[i] = best, bestCodes
			i += best
			continue
		}
		for _, a := range s.d.Agents[s.w[i]] {
			if len(a.Words) > agentLen[i] && s.matchWords(i, a.Words, false) {
				agentLen[i], agents[i] = len(a.Words), a
			}
		}
		if agentLen[i] > 0 {
			i += agentLen[i]
			continue
		}
		i++
	}
	s.unitAt = make([]int, n)
	for i := range s.unitAt {
		s.unitAt[i] = -1
	}
	for i := 0; i < n; {
		if !nounish(s.tag[i]) && actorLen[i] == 0 && agentLen[i] == 0 {
			i++
			continue
		}
		u := &unit{Start: i}
		var codes []string
		j := i
		for j < n && (nounish(s.tag[j]) || actorLen[j] > 0 || agentLen[j] > 0 ||
			// "awful and evil minister": coordinated adjectives stay inside
			(s.tag[j] == "CC" && j > i && strings.HasPrefix(s.tag[j-1], "JJ") && j+1 < n && strings.HasPrefix(s.tag[j+1], "JJ"))) {
			switch {
			case actorLen[j] > 0:
				if !u.hasActor {
					codes = actorCodes[j]
					u.hasActor = true
				}
				j += actorLen[j]
			case agentLen[j] > 0:
				a := agents[j]
				if !strings.Contains(u.suffix, a.Suffix) {
					u.suffix += a.Suffix
				}
				u.prefix += a.Prefix
				j += agentLen[j]
			default:
				j++
			}
			if j < n && s.tag[j-1] == "POS" && j-1 > i {
				// "Gondor 's government": the possessive continues the unit
			}
		}
		u.End = j
		if u.hasActor || u.suffix != "" || u.prefix != "" {
			for _, c := range codes {
				u.Codes = append(u.Codes, compose(u.prefix, c, u.suffix))
			}
			s.units = append(s.units, u)
			for k := u.Start; k < u.End; k++ {
				s.unitAt[k] = len(s.units) - 1
			}
		}
		i = j
	}
	// "the ambassadors of Arnor", "lawmakers in Fornost and Gondor": an
	// agent-only unit takes the actors of the group after of/in/from
	for ui, u := range s.units {
		if u.hasActor {
			continue
		}
		if u.End < n && (s.w[u.End] == "OF" || s.w[u.End] == "IN" || s.w[u.End] == "FROM") {
			if g := s.groupAt(u.End + 1); len(g) > 0 && s.units[g[0]].hasActor && s.units[g[0]].Start <= u.End+2 {
				var codes []string
				for _, gi := range g {
					for _, c := range s.units[gi].Codes {
						codes = append(codes, compose(u.prefix, c, u.suffix))
					}
				}
				u.Codes = codes
				u.hasActor = true
				_ = ui
				continue
			}
		}
		u.Codes = []string{u.prefix + "---" + u.suffix}
	}
}

// compose puts agent codes around an actor code, leaving out the
// three-letter parts of suffix the code already has ("USAGOV" with agent
// "GOV" stays "USAGOV").
func compose(prefix, code, suffix string) string {
	have := map[string]bool{}
	for i := 3; i+3 <= len(code); i += 3 {
		have[code[i:i+3]] = true
	}
	var b strings.Builder
	b.WriteString(prefix)
	b.WriteString(code)
	for i := 0; i+3 <= len(suffix); i += 3 {
		if !have[suffix[i:i+3]] {
			b.WriteString(suffix[i : i+3])
		}
	}
	if len(suffix)%3 != 0 {
		b.WriteString(suffix[len(suffix)/3*3:])
	}
	return b.String()
}

// groupAt returns the units of the compound noun phrase whose first unit
// starts at or after leaf i (within two leaves): "Mordor, Rohan, Fornost
// and Bree".
func (s *sentence) groupAt(i int) []int {
	first := -1
	for k := i; k < len(s.w) && k <= i+2; k++ {
		if s.unitAt[k] >= 0 {
			first = s.unitAt[k]
			break
		}
	}
	if first < 0 {
		return nil
	}
	return s.groupFrom(first)
}

// groupFrom extends unit ui with the units joined to it by commas and
// and/or/nor.
func (s *sentence) groupFrom(ui int) []int {
	g := []int{ui}
	for {
		last := s.units[g[len(g)-1]]
		k := last.End
		conj := false
		for k < len(s.w) && (s.w[k] == "," || s.tag[k] == "CC") {
			if s.tag[k] == "CC" {
				conj = true
			}
			k++
		}
		if k == last.End || k >= len(s.w) || s.unitAt[k] < 0 || s.unitAt[k] == g[len(g)-1] {
			break
		}
		nu := s.unitAt[k]
		if !s.units[nu].hasActor && !conj {
			break
		}
		// ", the state's fiercest foe": an apposition, not a member
		if !conj && !s.units[nu].hasActor {
			break
		}
		if !conj && s.units[nu].hasActor {
			// a comma list must end in a conjunction
			ok := false
			for m := s.units[nu].End; m < len(s.w); m++ {
				if s.tag[m] == "CC" {
					ok = true
					break
				}
				if s.w[m] != "," && s.unitAt[m] < 0 {
					break
				}
			}
			if !ok {
				break
			}
		}
		g = append(g, nu)
	}
	return g
}

// codesOf lists the codes of a group's units.
func (s *sentence) codesOf(g []int) []string {
	var out []string
	for _, ui := range g {
		out = append(out, s.units[ui].Codes...)
	}
	return out
}

// firstGroup returns the first group with an actor inside [a, b).
func (s *sentence) firstGroup(a, b int) []int {
	for k := a; k < b && k < len(s.w); k++ {
		if ui := s.unitAt[k]; ui >= 0 && s.units[ui].Start >= a {
			g := s.groupFrom(ui)
			var in []int
			for _, x := range g {
				if s.units[x].Start < b {
					in = append(in, x)
				}
			}
			return in
		}
	}
	return nil
}

// firstTarget is firstGroup that skips adverbial clauses.
func (s *sentence) firstTarget(a, b int) []int {
	for k := a; k < b && k < len(s.w); k++ {
		if s.adverbial[k] {
			continue
		}
		if ui := s.unitAt[k]; ui >= 0 && s.units[ui].Start >= a {
			return s.firstGroup(k, b)
		}
	}
	return nil
}

var auxBe = map[string]bool{"IS": true, "WAS": true, "WERE": true, "ARE": true, "BE": true, "BEEN": true, "BEING": true, "'S": true}

// codeVerb codes the verb at leaf v: ok is false when v is no dictionary
// verb or its code is null; patterned tells whether a pattern set it.
func (s *sentence) codeVerb(v int) (ev []Coded, patterned, ok bool) {
	var phrase *VerbPhrase
	vs, ve := v, v+1
	for _, p := range s.d.Verbs[s.w[v]] {
		if v-len(p.Pre) < 0 || !s.matchWords(v-len(p.Pre), p.Pre, false) || !s.matchWords(v+1, p.Post, false) {
			continue
		}
		if phrase == nil || len(p.Pre)+len(p.Post) > len(phrase.Pre)+len(phrase.Post) {
			phrase = p
		}
	}
	if phrase == nil {
		return nil, false, false
	}
	vs, ve = v-len(phrase.Pre), v+1+len(phrase.Post)
	vpNode := s.t.Leaves[v].Parent
	// the top of the verb's VP chain and its clause
	top := vpNode
	for top.Parent != nil && top.Parent.is("VP") {
		top = top.Parent
	}
	subj := s.subjectOf(top)
	// "Ethiopia indicated it would act": a pronoun subject stands for
	// the subject of the clause above
	for tries := 0; tries < 3 && subj != nil && len(s.firstGroup(subj.Start, subj.End)) == 0 && isPronounNP(subj); tries++ {
		up := subj.Parent
		for up != nil && !up.is("VP") {
			up = up.Parent
		}
		if up == nil {
			break
		}
		for up.Parent != nil && up.Parent.is("VP") {
			up = up.Parent
		}
		subj = s.subjectOf(up)
	}
	postEnd := vpNode.End
	// patterns
	var best *VerbPattern
	var bestTarget, bestSource []int
	bestScore := -1
	for _, p := range phrase.Block.Patterns {
		if strings.ContainsAny(p.Code, "+#") {
			continue
		}
		tg, src, okm := s.matchPattern(p, vs, ve, postEnd, subj)
		if !okm {
			continue
		}
		score := len(p.Pre) + len(p.Post)
		if score > bestScore {
			best, bestScore, bestTarget, bestSource = p, score, tg, src
		}
	}
	code := phrase.Block.Code
	if phrase.Code != "" {
		code = phrase.Code
	}
	patText := ""
	if best != nil {
		code, patText, patterned = best.Code, best.Text, true
	}
	if code == "---" || code == "" {
		return nil, patterned, true
	}
	fwd, back, _ := strings.Cut(code, ":")
	// source and target
	var srcG, tgtG []int
	passive := false
	if strings.HasPrefix(s.tag[v], "VBN") {
		for k := top.Start; k < v; k++ {
			if auxBe[s.w[k]] {
				passive = true
			}
		}
	}
	if bestSource != nil {
		srcG = bestSource
	} else if subj != nil {
		srcG = s.firstGroup(subj.Start, subj.End)
	}
	if bestTarget != nil {
		tgtG = bestTarget
	} else {
		tgtG = s.firstTarget(ve, postEnd)
	}
	if passive {
		for k := ve; k < postEnd; k++ {
			if s.w[k] == "BY" {
				if g := s.groupAt(k + 1); g != nil {
					srcG, tgtG = g, srcG
					if subj != nil {
						tgtG = s.firstGroup(subj.Start, subj.End)
					}
				}
				break
			}
		}
	}
	srcs := s.codesOf(srcG)
	tgts := s.codesOf(tgtG)
	if len(srcs) == 0 {
		return nil, patterned, true
	}
	add := func(a, b, c string) {
		if c == "" || c == "---" || a == b {
			return
		}
		ev = append(ev, Coded{Source: a, Target: b, Code: c, Verb: s.w[v], Pattern: patText})
	}
	compound := best != nil && hasKind(best.Pre, '%')
	if len(tgts) == 0 || compound {
		// a compound subject with no target: its members to each other
		if len(srcs) > 1 {
			for _, a := range srcs {
				for _, b := range srcs {
					add(a, b, fwd)
				}
			}
		}
		return ev, patterned, true
	}
	for _, a := range srcs {
		for _, b := range tgts {
			add(a, b, fwd)
			if back != "" {
				add(b, a, back)
			}
		}
	}
	return ev, patterned, true
}

func isPronounNP(n *Node) bool {
	return len(n.Children) == 1 && n.Children[0].Label == "PRP"
}

func hasKind(es []PatElem, k byte) bool {
	for _, e := range es {
		if e.Kind == k {
			return true
		}
	}
	return false
}

// subjectOf finds the subject noun phrase of the clause of a verb phrase:
// the NP before it in the nearest clause that has one.
func (s *sentence) subjectOf(vp *Node) *Node {
	for n := vp; n != nil && n.Parent != nil; n = n.Parent {
		p := n.Parent
		if !(p.is("S") || p.is("SINV") || p.is("SQ") || p.is("VP") || p.is("SBAR")) {
			if p.is("ROOT") {
				return nil
			}
			continue
		}
		if p.is("S") || p.is("SQ") {
			for _, c := range p.Children {
				if c == n {
					break
				}
				if c.is("NP") {
					return c
				}
			}
		}
		if p.is("SBAR") {
			return nil
		}
	}
	return nil
}

// matchPattern matches a pattern around the verb leaves [vs, ve); post
// elements must lie before postEnd. It returns the target and source
// groups bound by "+" and "$" slots.
func (s *sentence) matchPattern(p *VerbPattern, vs, ve, postEnd int, subj *Node) (tgt, src []int, ok bool) {
	if hasKind(p.Pre, '%') && (subj == nil || len(s.firstGroup(subj.Start, subj.End)) < 2) {
		return nil, nil, false
	}
	// after the verb
	var post func(ei, pos int, mustAdj bool) bool
	post = func(ei, pos int, mustAdj bool) bool {
		if ei == len(p.Post) {
			return true
		}
		e := p.Post[ei]
		adj := e.Adj || mustAdj
		for k := pos; k < postEnd; k++ {
			if n, g, okk := s.elemAt(e, k); okk {
				if e.Kind == '+' || e.Kind == '%' {
					tgt = g
				} else if e.Kind == '$' {
					src = g
				}
				if post(ei+1, k+n, false) {
					return true
				}
			}
			if adj {
				break
			}
		}
		return false
	}
	// before the verb, right to left
	var pre func(ei, end int) bool
	pre = func(ei, end int) bool {
		if ei < 0 {
			return true
		}
		e := p.Pre[ei]
		if e.Kind == '%' {
			return pre(ei-1, end)
		}
		for k := end - 1; k >= 0; k-- {
			if n, g, okk := s.elemAt(e, k); okk && k+n <= end && (k+n == end || !e.Adj) {
				if e.Kind == '+' {
					tgt = g
				} else if e.Kind == '$' {
					src = g
				}
				if pre(ei-1, k) {
					return true
				}
			}
			if e.Adj {
				break
			}
		}
		return false
	}
	if !pre(len(p.Pre)-1, vs) {
		return nil, nil, false
	}
	if !post(0, ve, false) {
		return nil, nil, false
	}
	return tgt, src, true
}

// elemAt matches one pattern element at leaf k and says how many leaves it
// spans; an actor slot binds its group.
func (s *sentence) elemAt(e PatElem, k int) (int, []int, bool) {
	switch e.Kind {
	case 'w':
		if s.w[k] == e.Word {
			return 1, nil, true
		}
	case '^':
		return 1, nil, true
	case '&':
		if n := s.synsetAt(e.Word, k, 0); n > 0 {
			return n, nil, true
		}
	case '+', '$', '%':
		ui := s.unitAt[k]
		if ui >= 0 && s.units[ui].Start == k && s.units[ui].hasActor {
			g := s.groupFrom(ui)
			return s.units[g[len(g)-1]].End - k, g, true
		}
	}
	return 0, nil, false
}

// synsetAt returns the length of the longest phrase of synset name at
// leaf k (synset members may name synsets), 0 when none matches.
func (s *sentence) synsetAt(name string, k, depth int) int {
	if depth > 5 {
		return 0
	}
	best := 0
	for _, ph := range s.d.Synsets[name] {
		n := 0
		ok := true
		for _, w := range ph {
			if k+n >= len(s.w) {
				ok = false
				break
			}
			if strings.HasPrefix(w, "&") {
				m := s.synsetAt(strings.TrimPrefix(w, "&"), k+n, depth+1)
				if m == 0 {
					ok = false
					break
				}
				n += m
				continue
			}
			if s.w[k+n] != w {
				ok = false
				break
			}
			n++
		}
		if ok && n > best {
			best = n
		}
	}
	return best
}
