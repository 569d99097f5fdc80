package eventcode

import (
	_ "embed"
	"fmt"
	"strings"
)

//go:embed data/verbs.txt
var verbsTXT string

// form tells which inflection of a verb a pattern word matched.
type form uint8

const (
	formLit  form = 1 << iota // a literal, not inflected
	formBase                  // meet
	form3s                    // meets
	formPast                  // met (simple past)
	formPP                    // met (past participle)
	formIng                   // meeting
)

type elemKind uint8

const (
	elemWord   elemKind = iota // literal or inflected word(s)
	elemTarget                 // X: the target actor
	elemSource                 // S: the source actor
	elemGap                    // *: 0..maxGap tokens
	elemNot                    // !a|b: the next token is none of these; consumes nothing
)

type elem struct {
	kind     elemKind
	forms    map[string]form // lower-case token -> inflection
	optional bool
	verb     bool // at least one alternative is inflected
	// particle: a required word whose alternatives are all verb particles
	// ("down" in "shoot+ down X"), which a passive keeps after its verb
	particle bool
}

// pattern is one line of the verb-pattern lexicon.
type pattern struct {
	id         string
	line       int
	code       string // CAMEO code when asserted
	intentCode string // CAMEO code when intended or hoped; "" = code
	// refuseCode is the CAMEO code (12x, reject) when the act is negated
	// ("would not provide aid" -> 121): the refusal is then asserted
	refuseCode string
	// reverseCode is the CAMEO code of the event in the other direction,
	// target -> source, that the act implies (talks: 046 both ways; a
	// host receiving visitors: 043 for the host, 042 for the visitors);
	// "" when none
	reverseCode string
	elems       []elem
	recip       bool // reciprocal: a compound subject yields both directions
	noTarget    bool // may be coded without a target actor
	noun        bool // nominal trigger: a possessive actor is the source
	visit       bool // the visited target's place is the location
	// place: an X slot with no actor may be a place (gazetteer) standing
	// as the object or after "in"/"at"; the target is its country's state
	place bool
	// person: the X actor must be a person, or an actor phrase with a
	// title word ("his Philippine counterpart")
	person bool
	// received: the clause subject receives from the S slot ("Georgia
	// received weapons from Russia"): S is the source, the subject the
	// target
	received bool
	// casualty: people killed or wounded "in" or "by" the source's act
	// ("Four children were killed in Israeli tank shelling in the Gaza
	// Strip"): S is the source, the victims (the subject of the passive,
	// or of "died") the target; victims named only by a civilian noun are
	// the civilians (CVL) of the attacked place's country
	casualty bool
	// domestic: the target may be the source's own country ("Obama
	// expressed sorrow for the shootings in South Carolina" USAGOV ->
	// USA): sympathy or concern over events at home is news, where other
	// patterns drop such a pair as a self-dyad
	domestic bool
	// vsOppCode is the CAMEO code when the target is a protest actor (OPP
	// sector): force used against protesters is repression ("police
	// clashed with protesters" -> 175); "" when none
	vsOppCode string
	// byOppCode is the CAMEO code when the source is a protest actor (OPP
	// sector): force used by protesters is a violent protest ("protesters
	// attacked the embassy" -> 145); "" when none
	byOppCode string
	// vsIGOCode is the CAMEO code when the target is an international
	// organisation: leaving a bloc reduces relations ("withdrew from
	// ECOWAS" -> 160) where leaving a place yields (080); "" when none
	vsIGOCode string
	// verbalCode is the CAMEO code when the act is verbal (see
	// sentState.verbalAct): "Trump attacked the newspaper" criticises
	// (111); "" when none
	verbalCode string
	rule       string
}

// hasSlot reports whether the pattern names an actor slot of kind k.
func (p *pattern) hasSlot(k elemKind) bool {
	for _, e := range p.elems {
		if e.kind == k {
			return true
		}
	}
	return false
}

// lexicon is the parsed verb-pattern file.
type lexicon struct {
	patterns []*pattern
	byFirst  map[string][]*pattern // first word form -> patterns
	byRule   map[string]*pattern   // pattern.rule -> pattern
	// verbForms holds every inflected form of the lexicon's verbs (not
	// literals), for telling a coordinated verb ("… and accused X").
	verbForms map[string]form
}

// parseLexicon parses the verbs.txt format documented in its header.
func parseLexicon(name, text string) (*lexicon, error) {
	irregular := map[string][5]string{}
	lx := &lexicon{byFirst: map[string][]*pattern{}, byRule: map[string]*pattern{}, verbForms: map[string]form{}}
	ids := map[string]int{}
	lines := strings.Split(text, "\n")
	// @forms lines apply to the whole file, wherever they stand.
	for i, line := range lines {
		f := strings.Fields(stripComment(line))
		if len(f) == 0 || f[0] != "@forms" {
			continue
		}
		if len(f) != 6 {
			return nil, fmt.Errorf("%s:%d: @forms wants base, 3rd person, past, participle and gerund", name, i+1)
		}
		irregular[strings.ToLower(f[1])] = [5]string{f[1], f[2], f[3], f[4], f[5]}
	}
	for i, raw := range lines {
		line := strings.TrimSpace(stripComment(raw))
		if line == "" || strings.HasPrefix(line, "@forms") {
			continue
		}
		if strings.HasPrefix(line, "@") {
			return nil, fmt.Errorf("%s:%d: unknown directive %q", name, i+1, strings.Fields(line)[0])
		}
		head, body, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("%s:%d: want \"ID CODE [flags] : pattern\"", name, i+1)
		}
		hf := strings.Fields(head)
		if len(hf) < 2 {
			return nil, fmt.Errorf("%s:%d: want an id and a CAMEO code before ':'", name, i+1)
		}
		p := &pattern{id: hf[0], line: i + 1, code: hf[1]}
		p.rule = fmt.Sprintf("verbs.txt:%d %s", i+1, p.id)
		if prev, dup := ids[p.id]; dup {
			return nil, fmt.Errorf("%s:%d: id %q already used on line %d", name, i+1, p.id, prev)
		}
		ids[p.id] = i + 1
		if _, ok := Lookup(p.code); !ok {
			return nil, fmt.Errorf("%s:%d: unknown CAMEO code %q", name, i+1, p.code)
		}
		for _, fl := range hf[2:] {
			switch {
			case fl == "recip":
				p.recip = true
			case fl == "notarget":
				p.noTarget = true
			case fl == "noun":
				p.noun = true
			case fl == "visit":
				p.visit = true
			case fl == "place":
				p.place = true
			case fl == "person":
				p.person = true
			case fl == "received":
				p.received = true
			case fl == "casualty":
				p.casualty = true
			case fl == "domestic":
				p.domestic = true
			case strings.HasPrefix(fl, "vsopp="), strings.HasPrefix(fl, "byopp="), strings.HasPrefix(fl, "vsigo="), strings.HasPrefix(fl, "verbal="):
				k, v, _ := strings.Cut(fl, "=")
				if _, ok := Lookup(v); !ok {
					return nil, fmt.Errorf("%s:%d: unknown CAMEO code %q", name, i+1, v)
				}
				switch k {
				case "vsopp":
					p.vsOppCode = v
				case "byopp":
					p.byOppCode = v
				case "verbal":
					p.verbalCode = v
				default:
					p.vsIGOCode = v
				}
			case strings.HasPrefix(fl, "refuse="):
				p.refuseCode = strings.TrimPrefix(fl, "refuse=")
				if _, ok := Lookup(p.refuseCode); !ok {
					return nil, fmt.Errorf("%s:%d: unknown CAMEO code %q", name, i+1, p.refuseCode)
				}
			case strings.HasPrefix(fl, "reverse="):
				p.reverseCode = strings.TrimPrefix(fl, "reverse=")
				if _, ok := Lookup(p.reverseCode); !ok {
					return nil, fmt.Errorf("%s:%d: unknown CAMEO code %q", name, i+1, p.reverseCode)
				}
			case strings.HasPrefix(fl, "intent="):
				p.intentCode = strings.TrimPrefix(fl, "intent=")
				if _, ok := Lookup(p.intentCode); !ok {
					return nil, fmt.Errorf("%s:%d: unknown CAMEO code %q", name, i+1, p.intentCode)
				}
			default:
				return nil, fmt.Errorf("%s:%d: unknown flag %q", name, i+1, fl)
			}
		}
		for _, w := range strings.Fields(body) {
			e, err := parseElem(w, irregular)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", name, i+1, err)
			}
			if e.kind == elemWord && !e.optional && len(e.forms) > 0 {
				e.particle = true
				for f := range e.forms {
					e.particle = e.particle && particles[f]
				}
			}
			p.elems = append(p.elems, e)
		}
		if len(p.elems) == 0 {
			return nil, fmt.Errorf("%s:%d: empty pattern", name, i+1)
		}
		first := p.elems[0]
		if first.kind != elemWord || first.optional {
			return nil, fmt.Errorf("%s:%d: a pattern must start with a required word", name, i+1)
		}
		if last := p.elems[len(p.elems)-1]; last.kind == elemGap {
			return nil, fmt.Errorf("%s:%d: a pattern must not end with a gap", name, i+1)
		}
		if (p.received || p.casualty) && !p.hasSlot(elemSource) {
			return nil, fmt.Errorf("%s:%d: a received or casualty pattern needs an S slot", name, i+1)
		}
		if !p.hasSlot(elemTarget) && !p.noTarget && !p.recip && !p.received && !p.casualty {
			return nil, fmt.Errorf("%s:%d: a pattern without X must be marked recip, notarget, received or casualty", name, i+1)
		}
		lx.patterns = append(lx.patterns, p)
		lx.byRule[p.rule] = p
		for _, e := range p.elems {
			for w, f := range e.forms {
				if f&^formLit != 0 {
					lx.verbForms[w] |= f &^ formLit
				}
			}
		}
		for f := range first.forms {
			lx.byFirst[f] = append(lx.byFirst[f], p)
		}
	}
	if len(lx.patterns) == 0 {
		return nil, fmt.Errorf("%s: no patterns", name)
	}
	return lx, nil
}

func stripComment(line string) string {
	if i := strings.Index(line, "#"); i >= 0 {
		return line[:i]
	}
	return line
}

func parseElem(w string, irregular map[string][5]string) (elem, error) {
	switch w {
	case "X":
		return elem{kind: elemTarget}, nil
	case "S":
		return elem{kind: elemSource}, nil
	case "*":
		return elem{kind: elemGap}, nil
	}
	if strings.HasPrefix(w, "!") {
		e := elem{kind: elemNot, forms: map[string]form{}}
		for _, alt := range strings.Split(w[1:], "|") {
			if alt == "" || strings.HasSuffix(alt, "+") || strings.HasSuffix(alt, "?") {
				return e, fmt.Errorf("bad negative alternative in %q (want !word|word)", w)
			}
			e.forms[normWord(alt)] = formLit
		}
		return e, nil
	}
	e := elem{kind: elemWord, forms: map[string]form{}}
	if strings.HasSuffix(w, "?") {
		e.optional = true
		w = strings.TrimSuffix(w, "?")
	}
	for _, alt := range strings.Split(w, "|") {
		if alt == "" {
			return e, fmt.Errorf("empty alternative in %q", w)
		}
		if strings.HasSuffix(alt, "+") {
			base := strings.ToLower(strings.TrimSuffix(alt, "+"))
			e.verb = true
			forms, ok := irregular[base]
			if !ok {
				forms = inflect(base)
			}
			for k, f := range forms {
				for _, v := range strings.Split(f, "/") { // "travelled/traveled"
					if v != "" {
						e.forms[strings.ToLower(v)] |= []form{formBase, form3s, formPast, formPP, formIng}[k]
					}
				}
			}
			continue
		}
		e.forms[normWord(alt)] |= formLit
	}
	return e, nil
}

// inflect returns base, 3rd person singular, past, past participle and
// gerund of a regular English verb. Verbs that double their last consonant
// (plan, planned) or are irregular need an @forms line.
func inflect(base string) [5]string {
	n := len(base)
	consY := n > 1 && base[n-1] == 'y' && !strings.ContainsRune("aeiou", rune(base[n-2]))
	var s, ed, ing string
	switch {
	case consY:
		s, ed, ing = base[:n-1]+"ies", base[:n-1]+"ied", base+"ing"
	case strings.HasSuffix(base, "ie"):
		s, ed, ing = base+"s", base+"d", base[:n-2]+"ying"
	case strings.HasSuffix(base, "ee") || strings.HasSuffix(base, "ye") || strings.HasSuffix(base, "oe"):
		s, ed, ing = base+"s", base+"d", base+"ing"
	case strings.HasSuffix(base, "e"):
		s, ed, ing = base+"s", base+"d", base[:n-1]+"ing"
	case strings.HasSuffix(base, "s") || strings.HasSuffix(base, "x") || strings.HasSuffix(base, "z") ||
		strings.HasSuffix(base, "ch") || strings.HasSuffix(base, "sh"):
		s, ed, ing = base+"es", base+"ed", base+"ing"
	default:
		s, ed, ing = base+"s", base+"ed", base+"ing"
	}
	return [5]string{base, s, ed, ed, ing}
}

// normWord lower-cases a token and folds typographic apostrophes.
func normWord(s string) string {
	return strings.ToLower(strings.ReplaceAll(s, "’", "'"))
}

//go:embed data/civilian.txt
var civilianTXT string

// parseWordList parses a one-word-a-line file ('#' comments, blank lines
// ignored) into a set of lower-case words. A line with more than one word is
// an error naming file and line.
func parseWordList(name, text string) (map[string]bool, error) {
	out := map[string]bool{}
	for i, line := range strings.Split(text, "\n") {
		f := strings.Fields(stripComment(line))
		switch len(f) {
		case 0:
			continue
		case 1:
			out[normWord(f[0])] = true
		default:
			return nil, fmt.Errorf("%s:%d: want one word a line, got %q", name, i+1, strings.TrimSpace(line))
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no words", name)
	}
	return out, nil
}
