package quote

import (
	"sort"
	"strings"
	"unicode"

	"github.com/realign/realign"
)

// clauseStarter reports whether token k can open a complement clause
// without "that" ("said Pakistan wants …", "said the talks …").
func (d *doc) clauseStarter(k int) bool {
	t := d.toks[k]
	if t.quoted || !isWord(t.Text) {
		return false
	}
	if determiners[t.low] || subjectPronouns[t.low] || t.low == "there" {
		return true
	}
	if clauseOpeners[t.low] {
		return true
	}
	if d.cueAt(k) == nil && strings.HasSuffix(t.low, "ing") && !stopWords[t.low] && !isPrep(t.low) && !npAdjectives[t.low] && !nonGerunds[t.low] &&
		k+1 < len(d.toks) && isWord(d.toks[k+1].Text) && !smallPreps[d.toks[k+1].low] && d.toks[k+1].low != "that" && d.toks[k+1].low != "and" && d.toks[k+1].low != "or" {
		// a gerund subject: "said legalizing it could …"
		return true
	}
	if stopWords[t.low] || timeWords[t.low] || verbish(t.low) {
		return false
	}
	return true
}

// nonGerunds end in -ing but are prepositions or nouns.
var nonGerunds = set("including", "regarding", "concerning", "during", "according", "notwithstanding", "pending",
	"thing", "nothing", "something", "anything", "everything", "king", "spring", "string", "wing", "ring", "ceiling", "beijing")

// clauseOpeners are function words that may open a complement clause
// without "that": quantifier subjects ("said much of …", "said no one
// …") and conditional or causal clauses ("said if elected he would …").
var clauseOpeners = set("such", "few", "even", "neither", "either", "only", "much", "many", "most", "some", "all", "no", "none", "nothing", "nobody", "everyone",
	"everything", "everybody", "someone", "something", "anyone", "anything", "more", "if", "because", "what", "each", "every", "any")

// skipTime moves right over time adjuncts ("on Thursday", "late Friday",
// "Thursday") from k, not past hi.
func (d *doc) skipTime(k, hi int) int {
	for k <= hi {
		if timeWords[d.toks[k].low] {
			k++
			continue
		}
		if timeLead[d.toks[k].low] && d.toks[k].low != "that" && d.toks[k].low != "the" && k+1 <= hi && timeWords[d.toks[k+1].low] {
			k += 2
			continue
		}
		break
	}
	return k
}

// skipAdjuncts moves right from k, not past hi, over what may stand
// between a cue and its complement: time adjuncts ("on Thursday"),
// prepositional adjuncts ("in a statement", "at a news conference in
// Beijing"), venue phrases and, when object is set, one noun-phrase object
// ("warned Kyiv"). It returns the first token that is none of these.
func (d *doc) skipAdjuncts(k, hi int, object bool) int {
	for n := 0; k <= hi && n < 6; n++ {
		k = d.skipTime(k, hi)
		if k > hi || d.toks[k].quoted {
			return k
		}
		low := d.toks[k].low
		if o := d.cueAt(k); o != nil && o.e.class == classVenue {
			end := o.last
			if o.addrLast > end {
				end = o.addrLast
			} else if f, l, ok := d.rightNP(o.last+1, hi, false); ok && f == o.last+1 {
				end = l
			}
			k = end + 1
			continue
		}
		if skipLeft[low] && !auxiliaries[low] {
			k++ // "said again that", "said repeatedly that"
			continue
		}
		if (determiners[low] || low == "last" || low == "this") && k+2 <= hi && durationWords[d.toks[k+1].low] && timeEnds[d.toks[k+2].low] {
			k += 3 // "warned a day earlier that"
			continue
		}
		if (isPrep(low) || low == "for" || low == "over") && low != "as" && low != "when" && low != "while" {
			f, l, ok := d.rightNP(k+1, hi, false)
			if !ok || f != k+1 || subjectPronouns[d.toks[f].low] {
				// a phrase the noun-phrase reader refuses ("following the
				// signing ceremony"): plain words up to a function word
				l = k
				for m := k + 1; m <= hi && m-k <= 6; m++ {
					t := d.toks[m]
					if t.quoted || !isWord(t.Text) || (stopWords[t.low] && !determiners[t.low]) || subjectPronouns[t.low] {
						break
					}
					l = m
				}
				if l == k {
					return k
				}
			}
			k = l + 1
			continue
		}
		if object && n == 0 {
			if f, l, ok := d.rightNP(k, hi, true); ok && f == k && !subjectPronouns[low] && d.addresseeLike(f, l) {
				k = l + 1
				object = false
				continue
			}
			if objectPronouns[low] {
				k++
				object = false
				continue
			}
		}
		return k
	}
	return k
}

// addresseeLike reports whether tokens f..l can be the person or body a
// speech verb addresses ("warned Kyiv", "assured the United States",
// "told lawmakers") rather than a thing ("stressed the importance"): a
// name, a mention, or an audience noun.
func (d *doc) addresseeLike(f, l int) bool {
	if isCap(d.toks[l].Text) || audienceNouns[d.toks[l].low] {
		return true
	}
	found := false
	d.mentionsOverlapping(d.span(f, l), func(int) { found = true })
	return found
}

// audienceNouns head an addressee phrase.
var audienceNouns = set("reporters", "journalists", "lawmakers", "legislators", "officials", "leaders", "allies",
	"members", "delegates", "diplomats", "investors", "voters", "supporters", "citizens", "residents", "parliament",
	"congress", "senators", "colleagues", "counterparts", "audience", "crowd", "students", "troops", "soldiers")

// auxiliaries are the skipLeft words that are not adverbs.
var auxiliaries = set("had", "has", "have", "would", "will", "could", "might", "may", "did", "does", "do", "not",
	"n't", "shall", "should", "must", "can", "once", "first", "only", "just", "too")

// durationWords and timeEnds make relative time adjuncts ("a day
// earlier", "two weeks ago").
var (
	durationWords = set("day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours")
	timeEnds      = set("earlier", "later", "ago", "before")
)

// objectPronouns may be the object of a speech verb ("warned them that").
var objectPronouns = set("him", "her", "them", "us", "me", "you")

// cueAt returns the cue starting at token k, or nil.
func (d *doc) cueAt(k int) *cueOcc { return d.cueFirst[k] }

// contentEnd returns the last token of a complement clause that starts at
// start in a sentence whose last token is sl: the sentence end without
// final punctuation, cut before ", <participle cue>" and ";".
func (d *doc) contentEnd(start, sl int) int {
	e := sl
	for e >= start && (isTerminal(d.toks[e].Text) && !d.toks[e].quoted) {
		e--
	}
	for k := start; k <= e; k++ {
		t := d.toks[k]
		if t.quoted {
			continue
		}
		if t.low == ";" {
			return k - 1
		}
		if isTerminal(t.Text) && k+1 <= e && isCap(d.toks[k+1].Text) {
			// a sentence end the splitter missed ("March 10. Gregory")
			return k - 1
		}
		if t.low == "," && k+1 <= e {
			if c := d.cueAt(k + 1); c != nil && c.participle {
				return k - 1
			}
		}
		if (t.low == "and" || t.low == "but") && k > start && d.coordinatedCue(k+1, e) != nil {
			// "said X and warned that Y": the second cue reports its own
			// clause
			end := k - 1
			if d.toks[end].low == "," {
				end--
			}
			return end
		}
	}
	return e
}

// coordinatedCue returns the finite speech verb that starts a coordinated
// predicate at token k ("[and] warned", "[and] also added"), or nil.
func (d *doc) coordinatedCue(k, hi int) *cueOcc {
	for k <= hi && skipLeft[d.toks[k].low] {
		k++
	}
	if k > hi {
		return nil
	}
	c := d.cueAt(k)
	if c == nil || c.participle || (c.e.class != classVerb && c.e.class != classTell) {
		return nil
	}
	return c
}

// pairStartingAt returns the pair whose opening mark is token k.
func (d *doc) pairStartingAt(k int) (pair, bool) {
	p, ok := d.pairOpen[d.toks[k].Start]
	return p, ok
}

// findIndirect returns the reported-speech quotations of every cue.
func (d *doc) findIndirect() []realign.Quotation {
	var out []realign.Quotation
	var objectCue []bool
	seen := map[realign.Span]bool{}
	for _, c := range d.cues {
		if c.e.class == classVenue || (c.e.direct && !c.e.object) || d.toks[c.first].quoted || d.toks[c.first].block {
			continue
		}
		first, last, ok := d.complement(c)
		if ok && first <= last {
			// "KYIV, March 3, 2024 (Reuters) - Ukraine will need …, Zelenskiy said"
			first = d.skipDateline(first, last)
		}
		if !ok || last < first {
			continue
		}
		// a quotation in marks that fills the clause is a direct quotation
		if p, ok := d.pairStartingAt(first); ok && p.close+p.closeLen >= d.toks[last].End-1 {
			continue
		}
		sp := d.span(first, last)
		if seen[sp] {
			continue
		}
		seen[sp] = true
		out = append(out, realign.Quotation{Span: sp, Kind: realign.QuoteIndirect, Cue: c.text(d),
			CueSpan: d.span(c.first, c.last), Speaker: cloneSpeaker(c.spk), Addressee: c.addr})
		objectCue = append(objectCue, c.e.object && !c.e.bare)
	}
	// an intention or request reported inside someone's reported speech
	// ("Khan said Pakistan wanted closer ties") belongs to that speech
	idx := make([]int, len(out))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool {
		a, b := out[idx[i]], out[idx[j]]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.End > b.End
	})
	drop := make([]bool, len(out))
	maxEnd := -1
	for _, i := range idx {
		if objectCue[i] && out[i].End <= maxEnd {
			drop[i] = true
			continue
		}
		if !objectCue[i] {
			maxEnd = max(maxEnd, out[i].End)
		}
	}
	kept := out[:0]
	for i, q := range out {
		if !drop[i] {
			kept = append(kept, q)
		}
	}
	return kept
}

// complement returns the tokens of the reported clause of cue c.
func (d *doc) complement(c *cueOcc) (int, int, bool) {
	sf, sl := d.sentBounds(c.first)
	if c.e.class == classPrep {
		if c.spk == nil {
			return 0, 0, false
		}
		l := c.spkLast
		if c.first-1 > sf && d.toks[c.first-1].low == "," && l+1 <= sl && d.toks[l+1].low == "," {
			// medial: "A, according to X, B": the clause before
			if f, e, ok := d.leadingContent(sf, c.first-1); ok {
				return f, e, true
			}
		}
		if l+1 <= sl && d.toks[l+1].low == "," && l+2 <= sl {
			// skip an appositive: "according to Harsh Pant, the vice
			// president of studies at ORF, …"
			if f2, l2, ok := d.rightNP(l+2, sl, false); ok && f2 == l+2 && l2+1 < sl && d.toks[l2+1].low == "," && determiners[d.toks[f2].low] {
				l = l2
			} else if ok && f2 == l+2 && determiners[d.toks[f2].low] {
				// appositive running past smaller phrases: find the next comma
				for k := l2 + 1; k < sl && k-l2 < 15; k++ {
					if d.toks[k].quoted || isTerminal(d.toks[k].Text) {
						break
					}
					if d.toks[k].low == "," {
						l = k - 1
						break
					}
				}
			}
			e := d.contentEnd(l+2, sl)
			return l + 2, e, e-(l+2) >= 2
		}
		if c.first-1 > sf && d.toks[c.first-1].low == "," && (l+1 > sl || isTerminal(d.toks[l+1].Text)) {
			return d.leadingContent(sf, c.first-1)
		}
		return 0, 0, false
	}
	after := c.last + 1
	if c.addrLast >= 0 {
		after = c.addrLast + 1
	}
	if c.inverted {
		after = c.spkLast + 1
	}
	// "X said (on Thursday / in a statement / to reporters) that …": the
	// complementiser must follow the cue, its object or adjuncts
	// directly; a later "that" belongs to the reported clause ("said it
	// remained skeptical that …")
	if c.e.direct {
		if c.e.object && !c.inverted {
			return d.objectContent(c, after, sl)
		}
		return 0, 0, false
	}
	k := d.skipAdjuncts(after, sl, !c.e.bare)
	if k <= sl && d.toks[k].low == "that" && !d.toks[k].quoted {
		if k+1 > sl {
			return 0, 0, false
		}
		e := d.contentEnd(k+1, sl)
		if subordinators[d.toks[sf].low] && sf < c.first {
			// "Although Mauritius has said that …, they …": the
			// reported clause ends at the main clause
			for m := k + 1; m <= e; m++ {
				if d.toks[m].low == "," && !d.toks[m].quoted {
					e = m - 1
					break
				}
			}
		}
		return k + 1, e, e-(k+1) >= 1
	}
	if c.e.bare && !c.inverted {
		k := d.skipAdjuncts(after, sl, false)
		start := k
		if k < sl && isMarkToken(d.toks[k].Text) && !d.toks[k].quoted {
			k++ // an unmatched quotation mark
		}
		if k <= sl && d.clauseStarter(k) {
			k = start
			e := d.contentEnd(k, sl)
			if e-k >= 2 {
				return k, e, true
			}
		}
	}
	if c.e.object && !c.inverted {
		if f, l, ok := d.objectContent(c, after, sl); ok {
			return f, l, true
		}
	}
	if c.participle {
		return 0, 0, false
	}
	// postposed: "…, X said (on Thursday)." / "…, said X."; only
	// adjuncts may follow the cue
	tail := 0
	for k := after; k <= sl; k++ {
		t := d.toks[k]
		if isTerminal(t.Text) && !t.quoted {
			continue
		}
		if t.low == "," && !t.quoted && k+1 <= sl {
			// a medial attribution ("…, the Times said, including …") or
			// a participle cue (", adding that …") follows
			break
		}
		if t.quoted || t.low == "that" || t.low == ":" {
			return 0, 0, false
		}
		if tail == 0 && !timeWords[t.low] && !(timeLead[t.low] && k+1 <= sl && timeWords[d.toks[k+1].low]) && !isPrep(t.low) {
			if o := d.cueAt(k); o == nil || o.e.class != classVenue {
				return 0, 0, false
			}
		}
		tail++
	}
	if tail > 14 {
		return 0, 0, false
	}
	lead := c.spkFirst
	if c.inverted || c.spk == nil {
		lead = c.first
	}
	if lead < 0 || lead-1 <= sf || d.toks[lead-1].low != "," || d.toks[lead-1].quoted {
		return 0, 0, false
	}
	return d.leadingContent(sf, lead-1)
}

// leadingContent returns the clause from the sentence start sf up to the
// comma at token comma, unless it ends in a quotation in marks (then the
// cue attributes that quotation instead).
//
// A dateline that opens the paragraph ("KABUL —", "KYIV, Ukraine —",
// "WASHINGTON (Reuters) —") is not part of the clause.
func (d *doc) leadingContent(sf, comma int) (int, int, bool) {
	e := comma - 1
	sf = d.skipDateline(sf, e)
	if e < sf || d.toks[e].quoted || d.toks[sf].quoted || e-sf < 2 {
		return 0, 0, false
	}
	return sf, e, true
}

// skipDateline returns the first token after a dateline when token k
// opens its paragraph with one, else k. A dateline is a place name in
// capitals, optionally followed by capitalised words, numbers (a date:
// "KYIV, March 3, 2024"), commas, full stops of abbreviations ("D.C.",
// "Feb.") and a parenthesised agency, then a dash; at most 12 tokens,
// not past hi.
func (d *doc) skipDateline(k, hi int) int {
	t := d.toks[k]
	if t.para < 0 || d.paraTok[t.para][0] != k || !allCaps(t.Text) {
		return k
	}
	paren := false
	for j := k + 1; j <= hi && j-k <= 12; j++ {
		x := d.toks[j]
		switch {
		case x.quoted:
			return k
		case x.low == "—" || x.low == "–" || x.low == "--" || x.low == "-":
			if j+1 <= hi {
				return j + 1
			}
			return k
		case x.low == "(":
			paren = true
		case x.low == ")":
			paren = false
		case x.low == "," || x.low == ".":
		case isDigits(x.Text): // the date of a dated dateline ("March 3, 2024")
		case paren && isWord(x.Text):
		case isWord(x.Text) && isCap(x.Text):
		default:
			return k
		}
	}
	return k
}

// allCaps reports whether s has at least two letters and no lower-case
// letter ("KABUL", "NEW", "D.C.").
func allCaps(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n >= 2
}

// isPrep reports prepositions that open an adjunct after a cue ("said in
// a statement", "told VOA during a visit").
func isPrep(low string) bool {
	switch low {
	case "in", "on", "at", "during", "after", "before", "while", "from", "via", "through", "to", "with", "amid", "following", "ahead", "as", "when":
		return true
	}
	return false
}

// subordinators open a subordinate clause at the start of a sentence.
var subordinators = set("although", "though", "while", "if", "because", "since", "as", "when", "after", "before", "even", "whereas", "once", "unless")

// objectContent returns the object or infinitive clause that an
// object-flagged cue reports ("vowed to fight on", "asked Congress to
// act", "called for talks", "announced a ban on …"): from the first token
// after the cue and time adjuncts to the end of the clause, cut before a
// comma that opens another clause. The cue needs a speaker, and the
// object must start like a noun phrase or an infinitive.
func (d *doc) objectContent(c *cueOcc, after, sl int) (int, int, bool) {
	if c.spk == nil {
		return 0, 0, false
	}
	k := d.skipTime(after, sl)
	if k > sl {
		return 0, 0, false
	}
	t := d.toks[k]
	ok := t.low == "to" && k+1 <= sl && isWord(d.toks[k+1].Text) && !stopWords[d.toks[k+1].low]
	if !ok && c.e.inf {
		return 0, 0, false
	}
	if !ok && isWord(t.Text) && !t.quoted {
		ok = determiners[t.low] || objectPronouns[t.low] || clauseOpeners[t.low] && t.low != "if" && t.low != "because" ||
			!stopWords[t.low] && !timeWords[t.low] && !auxiliaries[t.low] && !beForms[t.low]
	}
	if !ok && c.e.direct && questionWords[t.low] && k+1 <= sl {
		ok = true // "asked whether the talks would resume"
	}
	if !ok && isMarkToken(t.Text) && t.quoted {
		ok = true // "called for “a total shutdown”"
	}
	if !ok {
		return 0, 0, false
	}
	e := d.contentEnd(k, sl)
	for m := k + 1; m < e; m++ {
		if d.toks[m].low == "," && !d.toks[m].quoted && clauseAfterComma[d.toks[m+1].low] {
			e = m - 1
			break
		}
	}
	if e-k < 1 {
		return 0, 0, false
	}
	return k, e, true
}

// questionWords open an indirect question ("asked whether …").
var questionWords = set("whether", "if", "why", "how", "what", "when", "where", "who", "which")

// clauseAfterComma open a new clause after a comma, ending an object
// content ("called for talks, but Moscow refused").
var clauseAfterComma = set("and", "but", "while", "which", "who", "whom", "where", "although", "though", "as",
	"after", "before", "because", "since", "when", "saying", "adding", "according", "despite", "even", "so", "yet")

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
