package eventcode

import (
	"strings"

	"github.com/realign/realign"
)

// docState holds what every sentence of one document shares.
type docState struct {
	a *realign.Analysis
	// firstPerson maps the byte start of a first-person pronoun inside a
	// quotation to the actor it stands for.
	firstPerson map[int]*realign.Actor
	// dateline is the place named in a dateline at the start of the text,
	// nil when none.
	dateline *realign.Place
	// venues are places of summits, conferences and meetings named so far,
	// by sentence index (see context.go).
	venues map[int]*realign.Place
}

// cand is one actor occurrence in a sentence: a resolved mention or a
// first-person pronoun inside a quotation.
type cand struct {
	ts, te int // token range [ts, te)
	span   realign.Span
	actor  *realign.Actor
}

// group is an actor phrase: one or more candidates chained by title words.
// Its head is the last candidate.
type group struct {
	ts, te     int // token range [ts, te)
	span       realign.Span
	actor      *realign.Actor
	possessive bool // followed by 's, or a possessive pronoun
	prep       bool // the object of a preposition
}

type sentState struct {
	d      *docState
	si     int
	sent   realign.Sentence
	toks   []string // normalised tokens
	groups []*group
	start  map[int]*group // token index -> group starting there
	end    map[int]*group // token index -> group whose last token it is
}

func newDocState(a *realign.Analysis) *docState {
	d := &docState{a: a, firstPerson: map[int]*realign.Actor{}, venues: map[int]*realign.Place{}}
	for _, s := range a.Sentences {
		for _, t := range s.Tokens {
			w := normWord(t.Text)
			if !firstPersonWords[w] {
				continue
			}
			for _, q := range a.Quotes {
				if !q.Span.Contains(t.Span) || q.Speaker == nil || q.Speaker.Actor == nil {
					continue
				}
				d.firstPerson[t.Start] = firstPersonActor(w, q.Speaker.Actor)
				break
			}
		}
	}
	d.dateline = findDateline(a)
	d.findVenues()
	return d
}

var firstPersonWords = map[string]bool{
	"i": true, "me": true, "my": true, "myself": true,
	"we": true, "us": true, "our": true, "ours": true, "ourselves": true,
}

// firstPersonActor resolves a first-person pronoun spoken by speaker.
func firstPersonActor(w string, speaker *realign.Actor) *realign.Actor {
	switch w {
	case "i", "me", "my", "myself":
		return speaker
	}
	govLike := speaker.Kind == "person" || speaker.Kind == "state" ||
		speaker.Sector == realign.SectorGOV || speaker.Sector == realign.SectorMIL
	if speaker.Country == "" || !govLike {
		return speaker
	}
	c := speaker.Country
	return &realign.Actor{
		ID: "state/" + c, Code: c + realign.SectorGOV, Name: c + " government",
		Country: c, Sector: realign.SectorGOV, Kind: "state",
	}
}

// titleWords may stand between two mentions of one actor phrase.
var titleWords = map[string]bool{
	"president": true, "prime": true, "minister": true, "pm": true, "foreign": true,
	"defence": true, "defense": true, "state": true, "news": true, "outlet": true,
	"agency": true, "leader": true, "chief": true, "secretary": true, "general": true,
	"counterpart": true, "ambassador": true, "envoy": true, "spokesman": true,
	"spokeswoman": true, "spokesperson": true, "official": true, "king": true,
	"queen": true, "premier": true, "chancellor": true, "deputy": true, "vice": true,
	"senior": true, "top": true, "army": true, "military": true, "'s": true,
	"supreme": true, "crown": true, "prince": true, "emir": true, "sheikh": true,
	"commander": true, "diplomat": true, "media": true, "broadcaster": true,
	"newspaper": true,
}

var prepositions = map[string]bool{
	"with": true, "to": true, "from": true, "of": true, "by": true, "for": true,
	"against": true, "on": true, "at": true, "in": true, "into": true, "toward": true,
	"towards": true, "about": true, "over": true, "between": true, "among": true,
	"upon": true, "like": true, "than": true, "as": true,
}

var possessivePronouns = map[string]bool{
	"my": true, "our": true, "his": true, "her": true, "their": true, "its": true,
}

func newSentState(d *docState, si int) *sentState {
	sent := d.a.Sentences[si]
	if len(sent.Tokens) == 0 {
		return nil
	}
	s := &sentState{d: d, si: si, sent: sent, start: map[int]*group{}, end: map[int]*group{}}
	for _, t := range sent.Tokens {
		s.toks = append(s.toks, normWord(t.Text))
	}
	cands := s.candidates()
	// chain candidates into actor phrases
	for i := 0; i < len(cands); {
		j := i
		for j+1 < len(cands) && s.titleGap(cands[j].te, cands[j+1].ts) {
			j++
		}
		head := cands[j]
		g := &group{ts: cands[i].ts, te: head.te, span: head.span, actor: head.actor}
		if g.te < len(s.toks) && s.toks[g.te] == "'s" {
			g.possessive = true
		}
		if head.te-head.ts == 1 && possessivePronouns[s.toks[head.ts]] {
			g.possessive = true
		}
		if g.ts > 0 && prepositions[s.toks[g.ts-1]] {
			g.prep = true
		}
		s.groups = append(s.groups, g)
		s.start[g.ts] = g
		s.end[g.te-1] = g
		i = j + 1
	}
	return s
}

// candidates lists the actor occurrences of the sentence in text order,
// dropping mentions nested in or overlapping a longer one.
func (s *sentState) candidates() []*cand {
	var out []*cand
	tokAt := func(off int, end bool) int {
		for i, t := range s.sent.Tokens {
			if !end && t.Start <= off && off < t.End {
				return i
			}
			if end && t.Start < off && off <= t.End {
				return i + 1
			}
		}
		return -1
	}
	for i, t := range s.sent.Tokens {
		if a, ok := s.d.firstPerson[t.Start]; ok {
			out = append(out, &cand{ts: i, te: i + 1, span: t.Span, actor: a})
		}
	}
	for _, m := range s.d.a.Mentions {
		if m.Actor == nil || !s.sent.Span.Contains(m.Span) || m.Len() == 0 {
			continue
		}
		ts, te := tokAt(m.Start, false), tokAt(m.End, true)
		if ts < 0 || te <= ts {
			continue
		}
		c := &cand{ts: ts, te: te, span: m.Span, actor: m.Actor}
		keep := true
		for k := 0; k < len(out); k++ {
			o := out[k]
			if o.ts < c.te && c.ts < o.te { // overlap
				if o.te-o.ts >= c.te-c.ts || s.d.firstPerson[s.sent.Tokens[o.ts].Start] != nil {
					keep = false
					break
				}
				out = append(out[:k], out[k+1:]...)
				k--
			}
		}
		if keep {
			out = append(out, c)
		}
	}
	// sort by token start
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].ts < out[j-1].ts; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// titleGap reports whether tokens [a, b) may join two mentions into one
// actor phrase: at most four title words or capitalised words.
func (s *sentState) titleGap(a, b int) bool {
	if b-a > 4 || b < a {
		return false
	}
	for i := a; i < b; i++ {
		w := s.toks[i]
		raw := s.sent.Tokens[i].Text
		if titleWords[w] || w == "'" || w == "‘" {
			continue
		}
		if raw != "" && strings.ToUpper(raw[:1]) == raw[:1] && isWordy(raw) && !stopCaps[w] {
			continue
		}
		return false
	}
	return true
}

// stopCaps are capitalised function words that never belong to a title.
var stopCaps = map[string]bool{"and": true, "but": true, "when": true, "while": true, "yes": true}

func isWordy(s string) bool {
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') {
			return true
		}
	}
	return false
}

// clauseStop reports tokens a subject search does not cross backwards.
func clauseStop(w string) bool {
	switch w {
	case ";", ":", "?", "!", "but", "although", "though", "whereas", "because":
		return true
	}
	return false
}

var unresolvedSubjects = map[string]bool{
	"he": true, "she": true, "they": true, "it": true, "we": true, "i": true, "you": true,
	"this": true,
}

// subject returns the subject actor phrase(s) of a trigger at token ti: the
// nearest phrase before it in the clause that is not a prepositional
// object, with compound members ("A and B"). It returns nil when the
// nearest subject is an unresolved pronoun, or when it would have to be
// looked for before "that" or "which" ("the US claimed that ISIL had
// attacked Iraq" has no actor subject for "attacked").
func (s *sentState) subject(ti int) []*group {
	for j := ti - 1; j >= 0; j-- {
		w := s.toks[j]
		if clauseStop(w) {
			return nil
		}
		g := s.end[j]
		if g == nil && w == "'s" {
			g = s.end[j-1]
			if j == 0 {
				g = nil
			}
		}
		if g == nil {
			if unresolvedSubjects[w] || w == "that" || w == "which" {
				// an unresolved pronoun, or a complement or relative clause
				// whose own subject is not an actor
				return nil
			}
			continue
		}
		j = g.ts // continue before this phrase
		if g.prep {
			continue
		}
		if g.possessive {
			gap := ti - g.te
			if gap > 4 || s.hasComma(g.te, ti) {
				continue
			}
		}
		out := []*group{g}
		for k := g.ts - 1; k > 0; {
			if s.toks[k] != "and" && s.toks[k] != "," {
				break
			}
			if s.toks[k] == "and" && s.toks[k-1] == "," && k > 1 {
				// "A, B, and C" is a list only when B itself follows
				// "A,"; else ", and" joins clauses
				b := s.end[k-2]
				if b == nil || b.ts < 2 || s.toks[b.ts-1] != "," || s.end[b.ts-2] == nil {
					break
				}
				k--
			}
			prev := s.end[k-1]
			if prev == nil || prev.prep {
				break
			}
			out = append([]*group{prev}, out...)
			k = prev.ts - 1
		}
		return out
	}
	return nil
}

// possessiveBefore returns a possessive actor phrase at most four tokens
// before token ti ("Khan's informal meeting with"), or nil.
func (s *sentState) possessiveBefore(ti int) *group {
	for j := ti - 1; j >= 0 && j >= ti-6; j-- {
		if g := s.end[j]; g != nil && g.possessive && ti-g.te <= 5 && !s.hasComma(g.te, ti) {
			return g
		}
	}
	return nil
}

func (s *sentState) hasComma(a, b int) bool {
	for i := a; i < b && i < len(s.toks); i++ {
		if s.toks[i] == "," {
			return true
		}
	}
	return false
}
