package kb

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/realign/realign"
)

// Resolution explains how a phrase such as "Imran Khan", "Prime Minister
// Sharif" or "the Russian foreign minister" resolves at a date.
type Resolution struct {
	Query string
	At    time.Time // zero when the date is unknown
	// Modifier is the state or IGO phrase that starts the query
	// ("Russian", "Pakistan's"), "" when none; ModifierID its actor ID.
	Modifier, ModifierID string
	// Title is the title or role noun after the modifier, zero when none.
	Title Title
	// TitleForm is the title as written in the query.
	TitleForm string
	// Name is the rest of the query, looked up as a name.
	Name string
	// Matches are the actors the query may refer to, best first; empty
	// when nothing resolves.
	Matches []Match
}

// Match is one reading of a Resolution.
type Match struct {
	Actor realign.Actor // the actor at the resolution date
	// Candidate is the KB name that matched; zero for an office holder
	// found from a title alone.
	Candidate Candidate
	// Role is the person's role that gives the code; nil when none.
	Role *Role
	// Score ranks the matches: higher is better; see Explain.
	Score float64
	// Reasons say, in order, which alias matched, which role was valid
	// at the date and where the code comes from.
	Reasons []string
}

// Explain resolves query (a name, an alias, or a title with or without a
// state modifier and a name) at time at, and says why. The query is
// first looked up whole; otherwise it is read as [MODIFIER] [TITLE]
// [NAME], "TITLE of PLACE" ("Queen of Canada") as "PLACE TITLE". A name with several KB people (a shared surname) is ranked by
// PersonScore with the title's office and the modifier's state; a title
// with an office and no name gives the office holder at the date. Score
// is 1 for a full name, 0.8 for another alias, 0.5 for a one-word alias,
// plus PersonScore/10 for people.
func (k *KB) Explain(query string, at time.Time) Resolution {
	res := Resolution{Query: query, At: at}
	ws := strings.Fields(normApos(query))
	if len(ws) > 0 && strings.EqualFold(ws[0], "the") {
		ws = ws[1:]
	}
	if len(ws) == 0 {
		return res
	}
	whole := strings.Join(ws, " ")
	if cs := k.Lookup(whole); len(cs) > 0 {
		res.Name = whole
		res.Matches = k.matches(cs, "", "", at)
		return res
	}
	if _, ok := k.Title(whole); !ok {
		ws = k.titleOfPlace(ws)
	}
	i := 0
	country, igo := "", ""
	for n := min(k.maxWords, len(ws)); n >= 1; n-- {
		form := strings.Join(ws[:n], " ")
		poss := false
		if f, ok := strings.CutSuffix(form, "'s"); ok && n == len(ws[:n]) {
			form, poss = f, true
		}
		for _, c := range k.Lookup(form) {
			if c.Kind == KindState && (c.Via == "name" || c.Via == "alias" || c.Via == "demonym") {
				country = strings.TrimPrefix(c.ID, "state/")
			} else if c.Kind == KindIGO {
				igo = strings.TrimPrefix(c.ID, "igo/")
			} else {
				continue
			}
			res.Modifier, res.ModifierID = strings.Join(ws[:n], " "), c.ID
			i = n
			_ = poss
			break
		}
		if i > 0 {
			break
		}
	}
	for n := min(k.maxTitleWords, len(ws)-i); n >= 1; n-- {
		form := strings.Join(ws[i:i+n], " ")
		if t, ok := k.Title(form); ok && t.Kind != "honorific" {
			res.Title, res.TitleForm = t, form
			i += n
			break
		} else if ok {
			i += n // honorifics only give a gender
			break
		}
	}
	res.Name = strings.Join(ws[i:], " ")
	place := country
	if igo != "" {
		place = "igo/" + igo
	}
	if res.Name != "" {
		cs := k.Lookup(res.Name)
		res.Matches = k.matches(cs, res.Title.Office, place, at)
		for j := range res.Matches {
			m := &res.Matches[j]
			if res.Modifier != "" {
				m.Reasons = append([]string{fmt.Sprintf("modifier %q: %s", res.Modifier, res.ModifierID)}, m.Reasons...)
			}
			if res.TitleForm != "" {
				m.Reasons = append([]string{fmt.Sprintf("title %q: office %s, sector %s", res.TitleForm, orDash(res.Title.Office), orDash(res.Title.Sector))}, m.Reasons...)
			}
		}
		return res
	}
	if res.TitleForm == "" || place == "" {
		return res
	}
	var reasons []string
	reasons = append(reasons, fmt.Sprintf("modifier %q: %s", res.Modifier, res.ModifierID),
		fmt.Sprintf("title %q: office %s, sector %s", res.TitleForm, orDash(res.Title.Office), orDash(res.Title.Sector)))
	if res.Title.Office != "" {
		if p, r, ok := k.OfficeHolder(place, res.Title.Office, at); ok {
			a := k.RoleActor(p, r)
			rr := r
			res.Matches = []Match{{Actor: a, Role: &rr, Score: 1, Reasons: append(reasons,
				fmt.Sprintf("office holder at %s: person/%s, %s", dateOr(at), p.ID, k.RoleName(r)),
				fmt.Sprintf("code %s from the role", a.Code))}}
			return res
		}
		reasons = append(reasons, fmt.Sprintf("no KB person holds %s of %s at %s", res.Title.Office, place, dateOr(at)))
	}
	var a realign.Actor
	var ok bool
	if igo != "" {
		a, ok = k.Actor("igo/"+igo, at)
	} else {
		a, ok = k.StateActor(country, res.Title.Sector)
	}
	if ok {
		res.Matches = []Match{{Actor: a, Score: 0.5, Reasons: append(reasons, fmt.Sprintf("code %s from the modifier and the title's sector", a.Code))}}
	}
	return res
}

// titleOfPlace rewrites "TITLE of [the] PLACE" ("Queen of Canada",
// "President of the Philippines", "Secretary-General of NATO"), where
// TITLE is a person title and PLACE a state or IGO name or alias, as
// "PLACE TITLE", the order Explain reads; other word lists are returned
// unchanged.
func (k *KB) titleOfPlace(ws []string) []string {
	j := -1
	for x, w := range ws {
		if strings.EqualFold(w, "of") {
			j = x
			break
		}
	}
	if j < 1 || j == len(ws)-1 {
		return ws
	}
	if t, ok := k.Title(strings.Join(ws[:j], " ")); !ok || t.Kind != "person" {
		return ws
	}
	place := ws[j+1:]
	if len(place) > 1 && strings.EqualFold(place[0], "the") {
		place = place[1:]
	}
	for _, c := range k.Lookup(strings.Join(place, " ")) {
		if (c.Kind == KindState && (c.Via == "name" || c.Via == "alias")) || c.Kind == KindIGO {
			return append(append([]string(nil), place...), ws[:j]...)
		}
	}
	return ws
}

func dateOr(at time.Time) string {
	if at.IsZero() {
		return "an unknown date (current roles)"
	}
	return at.Format("2006-01-02")
}

// matches turns KB candidates into scored, explained matches.
func (k *KB) matches(cs []Candidate, office, place string, at time.Time) []Match {
	var out []Match
	seen := map[string]bool{}
	// people dated apart who share a full name: the title and the date
	// pick one (sharedName)
	var shared []*Person
	full := true
	for _, c := range cs {
		if p, ok := k.people[strings.TrimPrefix(c.ID, "person/")]; ok && c.Kind == KindPerson && !containsPerson(shared, p) {
			shared = append(shared, p)
			full = full && !c.Short
		}
	}
	var pick *Person
	var pickWhy string
	if full && datedApart(shared) {
		pick, pickWhy = k.sharedName(shared, office, place, at)
	}
	for _, c := range cs {
		if seen[c.ID] {
			continue
		}
		seen[c.ID] = true
		m := Match{Candidate: c, Score: 0.8}
		switch {
		case c.Via == "name":
			m.Score = 1
		case c.Short:
			m.Score = 0.5
		}
		m.Reasons = append(m.Reasons, fmt.Sprintf("%s %q matched %s (%s)", c.Via, c.Form, c.ID, c.Kind))
		switch c.Kind {
		case KindRegion:
			m.Reasons = append(m.Reasons, "a region is a place, not an actor")
			out = append(out, m)
			continue
		case KindPerson:
			p := k.people[strings.TrimPrefix(c.ID, "person/")]
			ps, why := k.PersonScore(p, office, place, at)
			m.Score += float64(ps) / 10
			m.Reasons = append(m.Reasons, why...)
			if pick != nil {
				var others []string
				for _, q := range shared {
					if q != p {
						others = append(others, "person/"+q.ID)
					}
				}
				shares := fmt.Sprintf("shares the name with %s (their roles never overlap)", strings.Join(others, ", "))
				if pick == p {
					m.Score += 0.05
					m.Reasons = append(m.Reasons, shares+"; picked: "+pickWhy)
				} else {
					m.Reasons = append(m.Reasons, shares+"; person/"+pick.ID+" is picked")
				}
			}
			m.Actor = k.PersonActorIn(p, at, place)
			r, ok := p.RoleAt(at)
			if rp, in := p.roleIn(at, place); in && ok && !samePlace(r, rp) {
				m.Reasons = append(m.Reasons, fmt.Sprintf("holds roles in several places at %s; the modifier's place %s picks %s", dateOr(at), place, k.RoleName(rp)))
				r = rp
			}
			if ok {
				rr := r
				m.Role = &rr
				m.Reasons = append(m.Reasons, fmt.Sprintf("role at %s: %s", dateOr(at), k.RoleName(r)))
			} else if len(p.Roles) > 0 {
				m.Reasons = append(m.Reasons, fmt.Sprintf("no role held at %s (%s)", dateOr(at), m.Actor.Role))
			}
			m.Reasons = append(m.Reasons, "code "+orDash(m.Actor.Code)+" "+codeSource(m.Actor))
		case KindState:
			code := strings.TrimPrefix(c.ID, "state/")
			m.Actor, _ = k.StateActor(code, c.Sector)
			if c.Sector != "" {
				m.Reasons = append(m.Reasons, fmt.Sprintf("a %s stands for the %s sector", c.Via, c.Sector))
			}
			m.Reasons = append(m.Reasons, "code "+m.Actor.Code)
		default:
			m.Actor, _ = k.Actor(c.ID, at)
			if g, ok := k.groups[c.ID]; ok && len(g.Codes) > 1 {
				gc, _ := g.CodeAt(at)
				m.Reasons = append(m.Reasons, fmt.Sprintf("code at %s: %s", dateOr(at), gc.String()))
			}
			m.Reasons = append(m.Reasons, "code "+m.Actor.Code)
		}
		out = append(out, m)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

func codeSource(a realign.Actor) string {
	switch {
	case strings.HasPrefix(a.Role, "former "):
		return "(former office holder: country + ELI)"
	case strings.HasPrefix(a.Role, "future "):
		return "(before the first role: the bare country)"
	case a.Role != "":
		return "(from the role)"
	}
	return "(no role)"
}

// PersonScore rates how well person p fits a title's office (an office
// key, "" for none) and a place (ISO3, "igo/ID" or "") at time at, and
// says why:
//
//	3  a role held at at has the office in the place
//	2  a role held at at is in the place (the office differs or is "")
//	1  an earlier role had the office in the place
//	0  otherwise
//
// With office and place both "", any role held at at scores 2. A zero at
// counts the most recent role as held.
func (k *KB) PersonScore(p *Person, office, place string, at time.Time) (int, []string) {
	igo, isIGO := strings.CutPrefix(place, "igo/")
	inPlace := func(r Role) bool {
		if place == "" {
			return true
		}
		if isIGO {
			return r.IGO == igo
		}
		return r.Country == place
	}
	held := func(r Role) bool {
		if at.IsZero() {
			return r.End.IsZero()
		}
		return r.Active(at)
	}
	best, why := 0, "no role fits"
	for _, r := range p.Roles {
		if !inPlace(r) {
			continue
		}
		switch {
		case held(r) && (office == "" || r.HasOffice(office)) && best < 3:
			if office == "" {
				if best < 2 {
					best, why = 2, "holds "+k.RoleName(r)
				}
				continue
			}
			best, why = 3, fmt.Sprintf("title fits role held at %s: %s", dateOr(at), k.RoleName(r))
		case held(r) && best < 2:
			best, why = 2, "holds another role: "+k.RoleName(r)
		case office != "" && r.HasOffice(office) && (at.IsZero() || r.Start.Before(at)) && best < 1:
			best, why = 1, "held the title's office earlier: "+k.RoleName(r)
		}
	}
	return best, []string{fmt.Sprintf("fit %d: %s", best, why)}
}

// BestPerson returns the person among those called name (a KB name or
// alias) who best fits office and place at time at (see PersonScore);
// with one person called name it is returned whatever the score. People
// who share a full name (not only a surname) and are dated apart (their
// roles never overlap in time, as validation requires of them) are told
// apart by the title and the date instead (see sharedName); one of them
// is always returned. ok is false when no one is called name, or when
// several are and none fits or two fit equally well.
func (k *KB) BestPerson(name, office, place string, at time.Time) (*Person, bool) {
	var ps []*Person
	full := true
	for _, c := range k.Lookup(name) {
		if c.Kind != KindPerson {
			continue
		}
		full = full && !c.Short
		if p, ok := k.people[strings.TrimPrefix(c.ID, "person/")]; ok && (len(ps) == 0 || !containsPerson(ps, p)) {
			ps = append(ps, p)
		}
	}
	if len(ps) == 1 {
		return ps[0], true
	}
	if len(ps) > 1 && full && datedApart(ps) {
		p, _ := k.sharedName(ps, office, place, at)
		return p, true
	}
	var best *Person
	bestScore, tie := 0, false
	for _, p := range ps {
		s, _ := k.PersonScore(p, office, place, at)
		switch {
		case s > bestScore:
			best, bestScore, tie = p, s, false
		case s == bestScore && s > 0:
			tie = true
		}
	}
	if best == nil || tie {
		return nil, false
	}
	return best, true
}

func containsPerson(ps []*Person, p *Person) bool {
	for _, x := range ps {
		if x == p {
			return true
		}
	}
	return false
}

// datedApart reports whether people ps, two or more, never held roles at
// the same time: each has a role and no role of one overlaps a role of
// another (a role ending on the day another starts does not overlap it).
// Two people may share a full name only when they are dated apart:
// Latvia's prime minister Andris Bērziņš (2000-2002) and its president
// Andris Bērziņš (2011-2015).
func datedApart(ps []*Person) bool {
	if len(ps) < 2 {
		return false
	}
	for i, p := range ps {
		if len(p.Roles) == 0 {
			return false
		}
		for _, q := range ps[i+1:] {
			for _, a := range p.Roles {
				for _, b := range q.Roles {
					if rolesOverlap(a, b) {
						return false
					}
				}
			}
		}
	}
	return true
}

// rolesOverlap reports whether two roles share a day ([Start, End),
// a zero End open).
func rolesOverlap(a, b Role) bool {
	return (a.End.IsZero() || b.Start.Before(a.End)) && (b.End.IsZero() || a.Start.Before(b.End))
}

// sharedName picks, among people dated apart who share a name, the one a
// mention at time at with a title's office (an office key, "" for none)
// and a place (ISO3, "igo/ID" or "") refers to, and says why:
//
//  1. the only one holding a role with the office in the place at at;
//  2. else the only one who held such a role by at (or ever, at zero);
//  3. else by date alone: the one holding a role at at; else the one
//     whose roles ended last before at (a former office holder); else,
//     at before all roles, the one whose first role starts first. With
//     at zero, the one whose latest role started last.
func (k *KB) sharedName(ps []*Person, office, place string, at time.Time) (*Person, string) {
	igo, isIGO := strings.CutPrefix(place, "igo/")
	fits := func(r Role) bool {
		if office == "" || !r.HasOffice(office) {
			return false
		}
		if place == "" {
			return true
		}
		if isIGO {
			return r.IGO == igo
		}
		return r.Country == place
	}
	only := func(ok func(Role) bool) (*Person, Role, bool) {
		var found *Person
		var role Role
		for _, p := range ps {
			for _, r := range p.Roles {
				if !fits(r) || !ok(r) {
					continue
				}
				if found != nil && found != p {
					return nil, Role{}, false
				}
				found, role = p, r
			}
		}
		return found, role, found != nil
	}
	if office != "" {
		if p, r, ok := only(func(r Role) bool { return !at.IsZero() && r.Active(at) }); ok {
			return p, fmt.Sprintf("the title fits the role held at %s: %s", dateOr(at), k.RoleName(r))
		}
		if p, r, ok := only(func(r Role) bool { return at.IsZero() || !r.Start.After(at) }); ok {
			return p, "the only one who held the title's office: " + k.RoleName(r)
		}
	}
	if at.IsZero() {
		var best *Person
		var br Role
		for _, p := range ps {
			if r, ok := p.RoleAt(at); ok && (best == nil || r.Start.After(br.Start)) {
				best, br = p, r
			}
		}
		return best, "no date: the one whose latest role started last: " + k.RoleName(br)
	}
	for _, p := range ps {
		if r, ok := p.RoleAt(at); ok {
			return p, fmt.Sprintf("in office at %s: %s", dateOr(at), k.RoleName(r))
		}
	}
	var best *Person
	var br Role
	for _, p := range ps {
		for _, r := range p.Roles {
			if !r.End.IsZero() && !r.End.After(at) && (best == nil || r.End.After(br.End)) {
				best, br = p, r
			}
		}
	}
	if best != nil {
		return best, fmt.Sprintf("the last in office before %s: %s", dateOr(at), k.RoleName(br))
	}
	for _, p := range ps {
		if r := p.Roles[0]; best == nil || r.Start.Before(br.Start) {
			best, br = p, r
		}
	}
	return best, fmt.Sprintf("the first in office after %s: %s", dateOr(at), k.RoleName(br))
}
