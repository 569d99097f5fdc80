package entity

import (
	"strings"
	"unicode"

	"github.com/realign/realign"
	"github.com/realign/realign/kb"
)

// Sector nouns without a state modifier.
//
// A group noun such as "insurgents", "a court" or "the government" with no
// state, demonym or IGO before it takes its state from a prepositional
// phrase right after it ("a court in Guyana" -> GUYJUD, "dissidents from
// Myanmar" -> MMROPP, "the mayor of ... Nablus" -> PSEGOV); failing that, a
// group noun gives an actor of unknown country: Country "", Sector the
// noun's sector and Code "---" + sector ("---REB"), the CAMEO/PETRARCH
// convention for an actor whose state is not known. Person titles without
// a modifier ("the mayor of Nablus") only ever take a state from "of".

// igoGroupSectors are the sectors a group noun adds to an IGO modifier's
// code ("UN troops" -> IGOUNOMIL).
var igoGroupSectors = map[string]bool{realign.SectorMIL: true, "COP": true}

// genericGroups are group nouns too vague to stand for an actor of unknown
// country: without a state they are left alone ("officials said", "people
// were killed").
var genericGroups = map[string]bool{
	"people": true, "public": true, "leaders": true, "leadership": true, "officials": true,
	"media": true, "press": true, "news outlet": true, "newspaper": true, "broadcaster": true,
	"news agency": true, "ministry": true, "embassy": true, "diplomats": true, "citizens": true,
	"cabinet": true, "administration": true, "authorities": true, "journalists": true,
	"opposition": true, "forces": true, "companies": true, "firms": true, "businesses": true,
	"regime": true, "children": true, "court": true, "men": true, "women": true,
	"opposition party": true, "opposition parties": true, "troops": true, "soldiers": true,
}

// attributiveHeads are nouns that a bare sector noun may qualify ("a
// military base", "Senate head Hun Sen"): the noun is then not an actor.
var attributiveHeads = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`base bases vehicle vehicles convoy convoys official officials source
	sources spokesman spokeswoman spokesperson chief chiefs head leader leaders operation operations
	action aid equipment personnel officer officers junta rule exercise exercises spending budget plan
	plans policy policies statement station stations building buildings facility facilities camp camps
	school schools property records record data system systems service services job jobs member members
	figures figure crackdown campaign campaigns control post posts position positions line lines
	checkpoint checkpoints bill bills session sessions election elections seat seats vote votes`) {
		attributiveHeads[w] = true
	}
}

// placePreps are the prepositions after which bareRole looks for a state,
// with whether a person title may use them.
var placePreps = map[string]bool{"of": true, "from": true, "in": false}

// placeStopSectors may not take their state from "in X": troops and
// refugees are often abroad ("US troops in Syria", "refugees in Turkey").
var placeStopSectors = map[string]bool{realign.SectorMIL: true, "REF": true}

// bareRole handles a title phrase without modifier at tokens i..end-1
// (title from token k). It returns the tokens consumed, 0 when the phrase
// gives no mention.
func (s *sent) bareRole(i, k, end int, t kb.Title) int {
	if t.Sector == "" || t.Sector == realign.SectorIGO {
		return 0
	}
	if attributiveHeads[s.word(end)] {
		return 0 // "a military base": the noun qualifies another
	}
	country := ""
	prep := strings.ToLower(s.word(end))
	if personOK, ok := placePreps[prep]; ok && (t.Kind == "group" || personOK) &&
		!(prep == "in" && placeStopSectors[t.Sector]) {
		country = s.placeAfter(end + 1)
	}
	m := realign.Mention{Span: s.span(i, end), Antecedent: -1}
	if isDet(s.word(i)) && !isCap(s.word(k)) {
		m.Span = s.span(k, end)
	}
	switch {
	case country != "":
		a, ok := s.d.kb.StateActor(country, t.Sector)
		if !ok {
			return 0
		}
		m.Actor = &a
	case t.Kind == "group" && !genericGroups[strings.ToLower(t.Form)] && !isPluralTitle(s.word(end)):
		m.Actor = &realign.Actor{Code: "---" + t.Sector, Name: t.Form, Sector: t.Sector,
			Kind: kb.KindGroup, Role: t.Form + " (no state named)"}
	default:
		return 0
	}
	m.Via = "sector"
	m.Type = realign.ORG
	if t.Kind == "person" {
		m.Type, m.Via = realign.PERSON, "title"
	}
	s.d.add(m, s.si, t.Gender)
	return end - i
}

// placeAfter returns the state of the first state, capital or gazetteer
// place within a few tokens from j ("Guyana", "the northern West Bank city
// of Nablus", "military-ruled Myanmar"), "" when a clause boundary or an
// unrelated word comes first.
func (s *sent) placeAfter(j int) string {
	for p := j; p < len(s.toks) && p < j+8; p++ {
		w := s.word(p)
		if n, cands := s.kbMatch(p); n > 0 {
			for _, c := range cands {
				switch c.Kind {
				case kb.KindState:
					if isPossessive(s.word(p + n)) {
						return "" // "leaders of Egypt's Muslim Brotherhood"
					}
					return strings.TrimPrefix(c.ID, "state/")
				}
			}
			for _, c := range cands {
				if c.Kind == kb.KindRegion {
					if a, ok := s.d.kb.Actor(c.ID, s.d.at); ok && a.Country != "" {
						return a.Country
					}
				}
			}
		}
		if isCap(w) {
			for q := min(len(s.toks), p+4); q > p; q-- {
				if m, ok := s.gazPlace(p, q); ok && m.Actor != nil {
					return m.Actor.Country
				}
			}
			continue // a capitalised word of a longer place name
		}
		if isDet(w) || strings.ToLower(w) == "of" || isAdjective(w) && !s.d.kb.StartsTitle(w) {
			continue
		}
		return ""
	}
	return ""
}

// lowerName resolves a person title followed by a surname written in
// lower case ("President obama"): only when the title is capitalised, the
// word is not used elsewhere in lower case as an ordinary word would be
// (it is checked against the KB only) and the KB has exactly that person
// holding the title's office at the document date.
func (s *sent) lowerName(i, k, end int, t kb.Title) int {
	w := s.word(end)
	if t.Kind != "person" || t.Office == "" || !isCap(s.word(k)) || w == "" {
		return 0
	}
	for _, r := range w {
		if !unicode.IsLower(r) {
			return 0
		}
	}
	name := strings.ToUpper(w[:1]) + w[1:]
	p := s.pickPerson(name, t, modifier{})
	if p == nil {
		return 0
	}
	r, ok := p.RoleAt(s.d.at)
	if !ok || s.d.at.IsZero() {
		return 0
	}
	held := false
	for _, o := range r.Offices {
		held = held || o == t.Office
	}
	if !held {
		return 0
	}
	a, _ := s.d.kb.Actor("person/"+p.ID, s.d.at)
	m := realign.Mention{Span: s.span(end, end+1), Type: realign.PERSON, Antecedent: -1, Actor: &a, Via: "name"}
	s.d.add(m, s.si, p.Gender)
	return end + 1 - i
}

// oddCase reports a word written with an upper-case letter after a
// lower-case first letter ("iSrael"): a typing slip for a name, looked up
// in the KB without regard to case.
func oddCase(w string) bool {
	first := true
	lowerFirst := false
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
		if first {
			lowerFirst, first = unicode.IsLower(r), false
			continue
		}
		if lowerFirst && unicode.IsUpper(r) {
			return true
		}
	}
	return false
}
