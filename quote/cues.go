package quote

import (
	"strings"

	"github.com/realign/realign"
)

// cueOcc is one cue found in the text.
type cueOcc struct {
	e           *cueEntry
	first, last int // token indices, inclusive
	participle  bool
	// speaker phrase tokens; spk nil when none was found
	spk                 *realign.Speaker
	spkFirst, spkLast   int
	inverted            bool // speaker after the verb ("said Khan")
	addr                string
	addrFirst, addrLast int // addressee tokens, -1 when none
	resolved            bool
}

func (c *cueOcc) text(d *doc) string { return d.span(c.first, c.last).Text(d.text) }

// sentBounds returns the first and last token index of token i's sentence.
func (d *doc) sentBounds(i int) (int, int) {
	st := d.sentTok[d.toks[i].sent]
	return st[0], st[1]
}

// findCues matches the lexicon on every token outside quotation marks.
func (d *doc) findCues() {
	for i := 0; i < len(d.toks); i++ {
		t := d.toks[i]
		if t.quoted {
			continue
		}
		var hit *cueEntry
		for _, e := range d.at.lex[t.low] {
			if d.matches(i, e) {
				hit = e
				break
			}
		}
		if hit == nil {
			continue
		}
		c := &cueOcc{e: hit, first: i, last: i + len(hit.words) - 1, addrFirst: -1, addrLast: -1, spkFirst: -1, spkLast: -1}
		if !d.plausibleCue(c) {
			continue
		}
		c.participle = (hit.class == classVerb || hit.class == classTell) && strings.HasSuffix(hit.words[0], "ing")
		d.cues = append(d.cues, c)
		i = c.last
	}
}

func (d *doc) matches(i int, e *cueEntry) bool {
	if i+len(e.words) > len(d.toks) {
		return false
	}
	for k, w := range e.words {
		t := d.toks[i+k]
		if t.low != w || t.quoted || t.sent != d.toks[i].sent {
			return false
		}
	}
	return true
}

// plausibleCue filters infinitives ("to say"), passives ("was asked"),
// nouns ("a warning", "the said") and capitalised names ("Said").
func (d *doc) plausibleCue(c *cueOcc) bool {
	first, _ := d.sentBounds(c.first)
	t := d.toks[c.first]
	if isCap(t.Text) && c.first != first {
		return false
	}
	if c.e.class == classPrep || c.e.class == classVenue {
		return true
	}
	if c.first == first {
		return true
	}
	prev := d.toks[c.first-1].low
	if prev == "to" || determiners[prev] || isPossessive(prev) {
		return false
	}
	j := c.first - 1
	for j >= first && skipLeft[d.toks[j].low] {
		j--
	}
	if j >= first && beForms[d.toks[j].low] {
		return false
	}
	return true
}

// resolveSpeakers finds the speaker and addressee of every cue.
func (d *doc) resolveSpeakers() {
	for _, c := range d.cues {
		d.resolve(c)
	}
	// venue phrases give the addressee to the cues of their sentence
	for _, v := range d.cues {
		if v.e.class != classVenue || v.addr == "" {
			continue
		}
		for _, c := range d.sentCues[d.toks[v.first].sent] {
			if c == v || c.addr != "" || c.e.class == classVenue {
				continue
			}
			// an addressee stands between the cue and its content (or
			// before the cue), never inside the content ("added that
			// the UN would keep talking to the authorities"), except a
			// closing "in an interview with X" at the end of the clause
			if f, l, ok := d.complement(c); ok && v.first >= f && v.first <= l &&
				!(d.toks[v.first].low == "in" && v.addrLast >= l) {
				continue
			}
			c.addr = v.addr
		}
	}
}

func (d *doc) resolve(c *cueOcc) {
	if c.resolved {
		return
	}
	c.resolved = true
	sf, sl := d.sentBounds(c.first)
	switch c.e.class {
	case classPrep:
		if f, l, ok := d.rightNP(c.last+1, sl, false); ok {
			d.setSpeaker(c, f, l)
		}
		return
	case classVenue:
		if f, l, ok := d.rightNP(c.last+1, sl, false); ok {
			c.addr, c.addrFirst, c.addrLast = d.phraseText(f, l, sl), f, l
		}
		if f, l, ok := d.subjectOfSentence(c.first); ok {
			d.setSpeaker(c, f, l)
		}
		return
	}
	if c.e.class == classTell {
		if f, l, ok := d.addressee(c); ok {
			c.addr, c.addrFirst, c.addrLast = d.phraseText(f, l, sl), f, l
		}
	}
	if c.participle {
		d.governingSpeaker(c, sf)
		return
	}
	// inverted: "…,” said Khan" / "…, said the ministry"
	if c.first > sf && c.e.class == classVerb {
		p := d.toks[c.first-1]
		if p.low == "," || isMarkToken(p.Text) {
			if f, l, ok := d.rightNP(c.last+1, sl, false); ok && (isMarkToken(p.Text) || (c.e.bare || c.e.direct) && d.phraseEnds(l+1, sl)) {
				d.setSpeaker(c, f, l)
				c.inverted = true
				return
			}
		}
	}
	if c.first == sf && c.e.class == classVerb && c.first > 0 && isMarkToken(d.toks[c.first-1].Text) {
		// Punkt may split after “…?” so the cue starts a sentence
		if f, l, ok := d.rightNP(c.last+1, sl, false); ok {
			d.setSpeaker(c, f, l)
			c.inverted = true
			return
		}
	}
	j := d.skipBack(c.first-1, sf)
	if j >= sf && (d.toks[j].low == "," || d.toks[j].low == "—" || d.toks[j].low == "–") {
		// one parenthetical: "Khan, in his final remarks, stressed",
		// "Al-Sharaa — leader of HTS — said"
		delim := d.toks[j].low
		k := j - 1
		for k >= sf && d.toks[k].low != delim && !d.toks[k].quoted && !isTerminal(d.toks[k].Text) && j-k <= 20 {
			k--
		}
		if k >= sf && d.toks[k].low == delim && !d.toks[k].quoted {
			if d.properName(k+1, j-1) {
				// an appositive name: "The deputy minister, Zia Haqmal, told"
				d.setSpeaker(c, k+1, j-1)
				return
			}
			j = d.skipBack(k-1, sf)
		} else if delim == "," {
			// a stray comma after the subject: "…,” Rep. Van Orden, told VOA"
			if f, l, ok := d.leftNP(j-1, sf); ok && (f == sf || d.toks[f-1].low == "," || isMarkToken(d.toks[f-1].Text)) {
				d.setSpeaker(c, f, l)
				return
			}
		}
	}
	if j < sf {
		return
	}
	if f, l, ok := d.leftNP(j, sf); ok {
		d.setSpeaker(c, f, l)
		return
	}
	if low := d.toks[j].low; low == "and" || low == "but" {
		if f, l, ok := d.subjectOfSentence(c.first); ok {
			d.setSpeaker(c, f, l)
		}
	}
}

// governingSpeaker gives a participle cue (", adding that …") the speaker
// of the clause it hangs on: an earlier cue of its sentence, else the
// phrase before a parenthetical ("Sudani, posting on X, called …"), else
// the subject of the sentence.
func (d *doc) governingSpeaker(c *cueOcc, sf int) {
	if c.first > sf {
		prev := d.toks[c.first-1]
		if prev.low == "as" {
			// "cited officials as saying": the object before "as"
			if f, l, ok := d.leftNP(c.first-2, sf); ok {
				d.setSpeaker(c, f, l)
			}
			return
		}
		if isWord(prev.Text) && !stopWords[prev.low] && !skipLeft[prev.low] {
			// reduced relative: "political groups arguing that …"
			if f, l, ok := d.leftNP(c.first-1, sf); ok {
				d.setSpeaker(c, f, l)
				return
			}
		}
	}
	sc := d.sentCues[d.toks[c.first].sent]
	for i := len(sc) - 1; i >= 0; i-- {
		o := sc[i]
		if o.first >= c.first || o.first < sf || o.participle || o.e.class == classVenue || o.e.object && !o.e.bare {
			continue
		}
		d.resolve(o)
		if o.spk != nil {
			c.spk = cloneSpeaker(o.spk)
			c.spkFirst, c.spkLast = o.spkFirst, o.spkLast
			return
		}
	}
	if c.first-1 > sf && d.toks[c.first-1].low == "," {
		if f, l, ok := d.leftNP(d.skipBack(c.first-2, sf), sf); ok && (f == sf || d.toks[f-1].low == ",") {
			d.setSpeaker(c, f, l)
			return
		}
	}
	if f, l, ok := d.subjectOfSentence(c.first); ok && l < c.first {
		d.setSpeaker(c, f, l)
	}
}

func (d *doc) setSpeaker(c *cueOcc, f, l int) {
	c.spk = d.speakerFor(f, l)
	c.spkFirst, c.spkLast = f, l
}

// skipBack moves left from j over auxiliaries, adverbs and time adjuncts
// ("had also", "on Thursday"), not past lo. It returns the new index
// (lo-1 when nothing is left).
func (d *doc) skipBack(j, lo int) int {
	for j >= lo {
		low := d.toks[j].low
		if skipLeft[low] {
			j--
			continue
		}
		if timeWords[low] {
			j--
			for j >= lo && timeLead[d.toks[j].low] && !stopAfterTime(d.toks[j].low) {
				j--
			}
			continue
		}
		break
	}
	return j
}

// stopAfterTime keeps "that" and "the" from being skipped as time leads
// when they are not ("said that Thursday" is rare; "the" only in "the
// week").
func stopAfterTime(low string) bool { return low == "that" }

// subjectOfSentence returns the noun phrase that opens the sentence of
// token i, skipping a leading adverbial that ends with a comma.
func (d *doc) subjectOfSentence(i int) (int, int, bool) {
	sf, sl := d.sentBounds(i)
	start := sf
	for start <= sl && isMarkToken(d.toks[start].Text) {
		start++
	}
	f, l, ok := d.rightNP(start, sl, false)
	if ok {
		return f, l, true
	}
	// "Previously, …, PM Khan had said": not a subject; give up
	return 0, 0, false
}

// leftNP returns the noun phrase that ends at token j, not extending
// before lo: a pronoun, or a run of capitalised words, possessives,
// nouns and adjectives that may start with a determiner.
func (d *doc) leftNP(j, lo int) (int, int, bool) {
	if j < lo || j < 0 {
		return 0, 0, false
	}
	t := d.toks[j]
	if t.quoted || t.block {
		return 0, 0, false
	}
	if subjectPronouns[t.low] {
		return j, j, true
	}
	start := -1
	content := false
	for k := j; k >= lo && j-k < 12; k-- {
		t := d.toks[k]
		if t.quoted || t.block {
			break
		}
		switch {
		case t.low == ")" && k > lo:
			// "Doctors Without Borders (MSF)"
			o := k - 1
			for o > lo && k-o < 6 && d.toks[o].low != "(" {
				o--
			}
			if d.toks[o].low != "(" || o == lo || o == k-1 {
				return d.trimNP(start, j, content)
			}
			start = o
			k = o
			continue
		case isPossessive(t.low):
			if k == j || k == lo {
				return d.trimNP(start, j, content)
			}
			start = k
			continue
		case determiners[t.low] && !(t.low == "one" && content):
			if k == j {
				return 0, 0, false
			}
			if k-2 >= lo {
				// "a senior official in the foreign ministry": the
				// phrase goes on before the preposition
				p, n := d.toks[k-1], d.toks[k-2]
				if (smallPreps[p.low] || p.low == "in") && isWord(n.Text) && !stopWords[n.low] && !verbish(n.low) && !n.quoted {
					start = k
					continue
				}
			}
			return d.trimNP(k, j, content)
		case smallPreps[t.low] || t.low == "in":
			if start < 0 || k == lo {
				return d.trimNP(start, j, content)
			}
			prev := d.toks[k-1]
			if !isWord(prev.Text) || stopWords[prev.low] || verbish(prev.low) {
				return d.trimNP(start, j, content)
			}
			start = k
			continue
		case t.low == "and" && start >= 0 && k > lo && isCap(d.toks[k+1].Text) && isCap(d.toks[k-1].Text) && isWord(d.toks[k-1].Text):
			// "Ministry of Information and Culture"
			start = k
			continue
		case stopWords[t.low] || subjectPronouns[t.low]:
			return d.trimNP(start, j, content)
		case isWord(t.Text) && (isCap(t.Text) || !verbish(t.low) || k < j && strings.HasSuffix(t.low, "ing")):
			start = k
			content = true
			continue
		case isWord(t.Text):
			return d.trimNP(start, j, content)
		default:
			// punctuation; hyphenated or dotted words are single tokens
			return d.trimNP(start, j, content)
		}
	}
	return d.trimNP(start, j, content)
}

func (d *doc) trimNP(f, l int, content bool) (int, int, bool) {
	if f < 0 || !content {
		return 0, 0, false
	}
	for f <= l && (smallPreps[d.toks[f].low] || d.toks[f].low == "in" || isPossessive(d.toks[f].low)) {
		f++
	}
	if f > l {
		return 0, 0, false
	}
	return f, l, true
}

// rightNP returns the noun phrase that starts at token i, not extending
// past hi: a pronoun, or an optional determiner followed by capitalised
// words, possessives, nouns and adjectives, joined by "of"/"for". It stops
// at punctuation, verbs, prepositions and time words.
func (d *doc) rightNP(i, hi int, addressee bool) (int, int, bool) {
	if i > hi || i >= len(d.toks) {
		return 0, 0, false
	}
	t := d.toks[i]
	if t.quoted || t.block {
		return 0, 0, false
	}
	if subjectPronouns[t.low] && t.low != "it" && t.low != "you" {
		return i, i, true
	}
	end := -1
	k := i
	if determiners[t.low] {
		k++
	}
	lastLower := false
	for ; k <= hi && k-i < 12; k++ {
		t := d.toks[k]
		if t.quoted || t.block {
			break
		}
		if isPossessive(t.low) {
			if end < 0 {
				break
			}
			end = k
			continue
		}
		if smallPreps[t.low] {
			if end < 0 || k+1 > hi || !isWord(d.toks[k+1].Text) || stopWords[d.toks[k+1].low] && !determiners[d.toks[k+1].low] {
				break
			}
			// "of" joins: skip it and a determiner after it
			if k+1 <= hi && determiners[d.toks[k+1].low] {
				k++
			}
			lastLower = false
			continue
		}
		if stopWords[t.low] || timeWords[t.low] || subjectPronouns[t.low] || determiners[t.low] || !isWord(t.Text) {
			break
		}
		if !isCap(t.Text) && verbish(t.low) {
			break
		}
		if addressee && isCap(t.Text) && lastLower {
			// "told reporters Pakistan will …": the clause starts here
			break
		}
		lastLower = !isCap(t.Text) && strings.HasSuffix(t.low, "s")
		end = k
	}
	if end < 0 {
		return 0, 0, false
	}
	if isPossessive(d.toks[end].low) {
		// "Syria’s newly adopted constitution": the phrase goes on
		return 0, 0, false
	}
	return i, end, true
}

// phraseEnds reports whether the phrase before token k ends its clause: k
// is past the sentence, sentence-final punctuation or a comma.
func (d *doc) phraseEnds(k, sl int) bool {
	if k > sl {
		return true
	}
	t := d.toks[k]
	return isTerminal(t.Text) || t.low == ","
}

// addressee returns the object of a tell-class cue ("told the Russian
// news outlet on Thursday" -> "the Russian news outlet").
func (d *doc) addressee(c *cueOcc) (int, int, bool) {
	_, sl := d.sentBounds(c.first)
	return d.rightNP(c.last+1, sl, true)
}

// phraseText returns the text of tokens f..l, without the period of an
// initial that ends the sentence ("on X.").
func (d *doc) phraseText(f, l, sl int) string {
	s := d.span(f, l).Text(d.text)
	if l == sl && len(s) > 1 && s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}

// properName reports whether tokens f..l are a short run of two to six
// capitalised words (a name).
func (d *doc) properName(f, l int) bool {
	if f >= l || l-f > 5 {
		return false
	}
	for k := f; k <= l; k++ {
		if !isWord(d.toks[k].Text) || !isCap(d.toks[k].Text) || d.toks[k].quoted {
			return false
		}
	}
	return true
}
