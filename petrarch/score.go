package petrarch

import (
	"fmt"
	"strings"
)

// Actor code matching. A CAMEO-style actor code is a run of three-letter
// segments: a primary segment (an ISO 3166-1 alpha-3 country, "---" for an
// actor of unknown country, or "IGO"/"IMG"/"NGO" followed by its
// organisation or region segment, "IGOUNO") and then sector segments
// ("GOV", "MIL", "REB" …).
//
// MatchActor compares at the granularity the gold uses:
//
//   - the primaries must be equal, except that a gold "---" (unknown
//     country) matches any primary;
//   - when the gold names a first sector after its primary, the system code
//     must name the same first sector ("USAGOV" matches "USAGOV" and
//     "USAGOVMIL" but not "USA" or "USAMIL");
//   - when the gold is primary-only ("USA", "IGOUNO"), any system sector
//     matches ("USAGOV", "USAMIL", "IGOUNOHRI");
//   - an empty gold or system code (no target) matches only another empty
//     code, "---" included.
//
// MatchCountry is the coarser rule: the primaries alone (gold "---" still
// matches any).
func MatchActor(gold, sys string) bool {
	gp, gs := splitCode(gold)
	sp, ss := splitCode(sys)
	if gp == "" || sp == "" {
		return gp == sp && (gs == "" || gs == ss)
	}
	if gp != "---" && gp != sp {
		return false
	}
	return gs == "" || gs == ss
}

// MatchCountry compares only the primaries of two codes (see MatchActor).
func MatchCountry(gold, sys string) bool {
	gp, _ := splitCode(gold)
	sp, _ := splitCode(sys)
	if gp == "" || sp == "" {
		return gp == sp
	}
	return gp == "---" || gp == sp
}

// splitCode returns the primary segment and the first sector of an actor
// code. An empty code or "---" alone gives ("", "").
func splitCode(code string) (primary, sector string) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if code == "" || code == "---" {
		return "", ""
	}
	n := 3
	switch {
	case len(code) < 3:
		return code, ""
	case strings.HasPrefix(code, "IGO") || strings.HasPrefix(code, "IMG") || strings.HasPrefix(code, "NGO"):
		n = 6
	}
	if len(code) <= n {
		return code, ""
	}
	rest := code[n:]
	if len(rest) > 3 {
		rest = rest[:3]
	}
	return code[:n], rest
}

// Event is one coded event to score: actor codes ("" for none) and a CAMEO
// code.
type Event struct {
	Source, Target, Code string
}

// Level names how much of an event must agree with a gold coding.
type Level int

const (
	// Root compares source, target (MatchActor) and the CAMEO root (the
	// first two digits).
	Root Level = iota
	// Full compares source, target (MatchActor) and the whole CAMEO code.
	Full
	// RootCountry compares source and target countries (MatchCountry) and
	// the CAMEO root.
	RootCountry
)

func (l Level) String() string {
	switch l {
	case Root:
		return "source+target+root"
	case Full:
		return "source+target+full code"
	case RootCountry:
		return "countries+root"
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// Agree reports whether system event e agrees with gold coding g at level l.
func Agree(l Level, g Coding, e Event) bool {
	actor := MatchActor
	if l == RootCountry {
		actor = MatchCountry
	}
	if !actor(g.Source, e.Source) || !actor(g.Target, e.Target) {
		return false
	}
	if l == Full {
		return g.Code == e.Code
	}
	return len(g.Code) >= 2 && len(e.Code) >= 2 && g.Code[:2] == e.Code[:2]
}

// Align pairs system events with gold codings of one sentence at level l,
// one to one, greedily in order (gold first). It returns, for each gold
// coding, the index of its system event or -1, and for each system event
// the index of its gold coding or -1.
func Align(l Level, gold []Coding, sys []Event) (goldTo, sysTo []int) {
	return AlignAlt(l, gold, sys, nil)
}

// AlignAlt is Align where system event i also agrees with a gold coding
// when it would with its code replaced by alt[i] (when alt[i] is not ""):
// an intention scored as either itself or the act it announces. alt is
// nil or as long as sys.
func AlignAlt(l Level, gold []Coding, sys []Event, alt []string) (goldTo, sysTo []int) {
	goldTo = make([]int, len(gold))
	sysTo = make([]int, len(sys))
	for i := range sysTo {
		sysTo[i] = -1
	}
	for gi, g := range gold {
		goldTo[gi] = -1
		for si, e := range sys {
			if sysTo[si] >= 0 {
				continue
			}
			ok := Agree(l, g, e)
			if !ok && alt != nil && alt[si] != "" {
				a := e
				a.Code = alt[si]
				ok = Agree(l, g, a)
			}
			if ok {
				goldTo[gi], sysTo[si] = si, gi
				break
			}
		}
	}
	return goldTo, sysTo
}

// Counts are the tallies of one scoring level.
type Counts struct {
	Gold, System, Correct int
}

// Add adds the alignment of one sentence.
func (c *Counts) Add(goldTo, sysTo []int) {
	c.Gold += len(goldTo)
	c.System += len(sysTo)
	for _, s := range goldTo {
		if s >= 0 {
			c.Correct++
		}
	}
}

// Precision is Correct/System, 0 when there are no system events.
func (c Counts) Precision() float64 { return ratio(c.Correct, c.System) }

// Recall is Correct/Gold, 0 when there is no gold event.
func (c Counts) Recall() float64 { return ratio(c.Correct, c.Gold) }

// F1 is the harmonic mean of precision and recall, 0 when both are 0.
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
