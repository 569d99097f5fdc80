package eventcode

import (
	"github.com/realign/realign"
)

// casualtySourceVia are the ways of resolving a mention that cannot name the
// author of an attack in "killed in a Kabul attack": a capital or a place
// is where the act happened, not who did it.
var casualtySourceVia = map[string]bool{"capital": true, "place": true, "seat": true}

// casualtySources keeps the S-slot actors of a casualty match that may be
// the attack's author: not a place or capital ("killed in a Kabul
// bombing").
func casualtySources(gs []*group) []*group {
	var out []*group
	for _, g := range gs {
		if casualtySourceVia[g.via] {
			continue
		}
		out = append(out, g)
	}
	return out
}

// dieForms are the forms of "die", whose subject is the victim.
var dieForms = map[string]bool{"die": true, "dies": true, "died": true, "dying": true}

// victims returns the target of a casualty match m (see pattern.casualty):
// the people killed, wounded or who died, and why they were chosen.
//
// The victims are the subject of the passive ("Four children and a man
// were killed in …"), of "died", or the phrase right before a reduced
// passive ("Five civilians killed in …", a headline). An actor phrase there
// is used as it is, except that civilians with no state named ("civilians",
// ---CVL) or a demonym before a civilian noun ("Afghan women") become the
// civilians (CVL) of that state. A subject that is only a civilian noun
// ("four children") gives the civilians of the state where the attack
// happened: the first actor with a country after the trigger ("in the Gaza
// Strip", "on Kharkiv"), else before it in the sentence, else the
// dateline's country. Nil when there are no victims or they have no state.
func (s *sentState) victims(m *match) ([]*group, string) {
	v := m.verbAt
	if v < 0 {
		return nil, ""
	}
	end := v // the victims end before this token
	if w := s.toks[v]; !dieForms[w] {
		for k := v - 1; k >= 0 && k >= v-3; k-- {
			if beForms[s.toks[k]] {
				end = k
				break
			}
		}
		if end == v && !(v > 0 && (s.d.civilian[s.toks[v-1]] || isNumber(s.toks[v-1]))) {
			return nil, "" // an active "killed": its object, not its subject, is the victim
		}
	}
	s.why = ""
	if gs := s.subjectDepth(end, 0); len(gs) > 0 {
		why := "victims: the subject of \"" + s.toks[v] + "\" (" + s.why + ")"
		var out []*group
		for _, g := range gs {
			a := g.actor
			if a == nil {
				continue
			}
			if a.Sector == realign.SectorCVL && a.Country == "" || g.civilian {
				country, name := a.Country, a.Name
				if country == "" {
					country, name = s.attackCountry(m)
				}
				if country == "" {
					continue
				}
				c := *g
				c.actor = civilians(country, name)
				out = append(out, &c)
				continue
			}
			out = append(out, g)
		}
		return out, why
	}
	// a subject that is a civilian noun with no actor
	head := -1
	for k := end - 1; k >= 0 && end-k <= 6; k-- {
		w := s.toks[k]
		if clauseStop(w) || reportVerbs[w] {
			break
		}
		if s.d.civilian[w] {
			head = k
			break
		}
	}
	if head < 0 {
		return nil, ""
	}
	country, name := s.attackCountry(m)
	if country == "" {
		return nil, ""
	}
	ts := head
	for ts > 0 {
		// "Four children and a man": back over the whole list
		w := s.toks[ts-1]
		if !(isNumber(w) || s.d.civilian[w] || w == "and" || determiners[w] || s.lowerModifier(ts-1)) {
			break
		}
		ts--
	}
	span := realign.Span{Start: s.sent.Tokens[ts].Start, End: s.sent.Tokens[head].End}
	g := &group{ts: ts, te: head + 1, span: span, actor: civilians(country, name)}
	return []*group{g}, "victims: \"" + s.toks[head] + "\" are civilians of the state where the act happened (" + country + ")"
}

// attackCountry returns the country and state name of the place of the
// act of casualty match m: the first state actor (a country, no sector)
// after the verb that is not the author nor a demonym ("in Kharkiv in a
// Russian strike", "on Kharkiv"), else the last such one before the verb,
// else the dateline's country (name "").
func (s *sentState) attackCountry(m *match) (country, name string) {
	author := map[*group]bool{}
	for _, g := range m.sources {
		author[g] = true
	}
	for _, g := range s.groups {
		if g.ts > m.firstLit() && !author[g] && !g.demonym && g.actor != nil && g.actor.Country != "" && g.actor.Sector == "" {
			return g.actor.Country, g.actor.Name
		}
	}
	for i := len(s.groups) - 1; i >= 0; i-- {
		g := s.groups[i]
		if g.te <= m.firstLit() && g.actor != nil && g.actor.Country != "" && g.actor.Sector == "" && !g.demonym {
			return g.actor.Country, g.actor.Name
		}
	}
	if s.d.dateline != nil {
		return s.d.dateline.Country, ""
	}
	return "", ""
}

// civilians returns the civilians (CVL) of state country, named name when
// known.
func civilians(country, name string) *realign.Actor {
	if name == "" {
		name = country
	}
	return &realign.Actor{ID: "state/" + country, Code: country + realign.SectorCVL, Name: name,
		Country: country, Sector: realign.SectorCVL, Kind: "state", Role: "civilians"}
}

// isNumber reports whether w is a number written in digits or as a word up
// to twenty ("five", "12").
func isNumber(w string) bool {
	if w == "" {
		return false
	}
	if w[0] >= '0' && w[0] <= '9' {
		return true
	}
	return numberWords[w]
}

var numberWords = map[string]bool{
	"one": true, "two": true, "three": true, "four": true, "five": true, "six": true, "seven": true,
	"eight": true, "nine": true, "ten": true, "eleven": true, "twelve": true, "thirteen": true,
	"fourteen": true, "fifteen": true, "sixteen": true, "seventeen": true, "eighteen": true,
	"nineteen": true, "twenty": true, "dozens": true, "hundreds": true, "scores": true,
}
