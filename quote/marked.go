package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/realign/realign"
)

// trimContent trims white space inside a pair's content.
func (d *doc) trimContent(sp realign.Span) realign.Span {
	s := d.text[sp.Start:sp.End]
	t := strings.TrimLeftFunc(s, unicode.IsSpace)
	sp.Start += len(s) - len(t)
	t2 := strings.TrimRightFunc(t, unicode.IsSpace)
	sp.End -= len(t) - len(t2)
	return sp
}

// markTokens returns the tokens of a pair's opening and closing marks.
func (d *doc) markTokens(p pair) (int, int) {
	o := d.tokAt(p.open)
	if o < 0 {
		o = d.firstTokFrom(p.open)
	}
	c := d.tokAt(p.close)
	if c < 0 {
		c = d.lastTokBefore(p.close + p.closeLen)
	}
	return o, c
}

// clauseStart returns the first token of the clause that holds token k:
// the token after the last sentence-final punctuation of the paragraph
// before k.
func (d *doc) clauseStart(k int) int {
	para := d.toks[k].para
	j := k - 1
	for j >= 0 && d.toks[j].para == para && !isTerminal(d.toks[j].Text) {
		j--
	}
	return j + 1
}

func (d *doc) cueEndingAt(k int) *cueOcc { return d.cueLast[k] }

// kindOf decides between a direct and a partial quotation.
func (d *doc) kindOf(p pair, content realign.Span, openTok int) string {
	cs := d.clauseStart(openTok)
	for cs < openTok && isMarkToken(d.toks[cs].Text) {
		cs++
	}
	s := content.Text(d.text)
	words := 0
	for _, f := range strings.Fields(s) {
		if isWord(f) {
			words++
		}
	}
	lastR, _ := utf8.DecodeLastRuneInString(s)
	endsPunct := strings.ContainsRune(".,!?…;:—–-", lastR)
	upper := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			upper = !unicode.IsLower(r)
			break
		}
	}
	direct := cs >= openTok
	if !direct {
		switch d.toks[openTok-1].low {
		case ",", ":", "—", "–", "-", "(", ";", "…":
			direct = true
		default:
			if c := d.cueEndingAt(openTok - 1); c != nil && upper {
				direct = true
			}
		}
	}
	if words <= 3 && !endsPunct {
		direct = false
	}
	if direct {
		return realign.QuoteDirect
	}
	return realign.QuotePartial
}

// afterCue returns the cue that follows a quotation in its clause
// (“…,” PM Khan told …; “…?” he asked).
func (d *doc) afterCue(closeTok int, sentenceEnded bool) *cueOcc {
	if closeTok < 0 || closeTok+1 >= len(d.toks) {
		return nil
	}
	para := d.toks[closeTok].para
	limit := 14
	if sentenceEnded {
		limit = 6
	}
	for k := closeTok + 1; k < len(d.toks) && k-closeTok <= limit; k++ {
		t := d.toks[k]
		if t.para != para || t.quoted {
			return nil
		}
		if c := d.cueAt(k); c != nil && c.e.class != classVenue && !c.e.as {
			if c.spk == nil || !(c.spkFirst > closeTok || c.e.class == classPrep) {
				return nil
			}
			if sentenceEnded {
				// the next sentence: only a bare attribution ("Khan
				// said."), not a cue with reported speech of its own
				if f, l, ok := d.complement(c); ok && l >= f {
					return nil
				}
			}
			return c
		}
		if isTerminal(t.Text) {
			return nil
		}
	}
	return nil
}

// beforeCue returns the last cue of the clause before a quotation (Khan
// said: “…”), or the cue line ending the previous paragraph when the
// quotation opens its paragraph.
func (d *doc) beforeCue(openTok int) *cueOcc {
	if openTok <= 0 {
		return nil
	}
	cs := d.clauseStart(openTok)
	var best *cueOcc
	for _, c := range d.paraCues[d.toks[openTok].para] {
		if c.first >= cs && c.last < openTok && c.e.class != classVenue && c.spk != nil && d.reaches(c, openTok) {
			best = c
		}
	}
	if best != nil {
		return best
	}
	para := d.toks[openTok].para
	if para > 0 && d.paraTok[para][0] == openTok {
		if c := d.cueLine(para - 1); c != nil && c.spk != nil {
			return c
		}
	}
	return nil
}

// adjacentBefore reports whether only the addressee, time words and a
// "," or ":" stand between cue c and the quotation at openTok.
func (d *doc) adjacentBefore(c *cueOcc, openTok int) bool {
	k := c.last + 1
	if c.addrLast >= k {
		k = c.addrLast + 1
	}
	if c.inverted && c.spkLast >= k {
		k = c.spkLast + 1
	}
	k = d.skipTime(k, openTok-1)
	if k == openTok {
		return true
	}
	return k == openTok-1 && (d.toks[k].low == "," || d.toks[k].low == ":")
}

// sentenceCue returns the cue with a speaker nearest to token k in its
// sentence, preferring one before k.
func (d *doc) sentenceCue(k int) *cueOcc {
	sent := d.toks[k].sent
	var before, after *cueOcc
	for _, c := range d.sentCues[sent] {
		if c.spk == nil || !d.sameClause(c.first, k) || !d.reaches(c, k) {
			continue
		}
		if c.first < k {
			before = c
		} else if after == nil {
			after = c
		}
	}
	if before != nil {
		return before
	}
	return after
}

func (d *doc) fromCue(q *realign.Quotation, c *cueOcc) {
	q.Cue = c.text(d)
	q.CueSpan = d.span(c.first, c.last)
	q.Speaker = cloneSpeaker(c.spk)
	q.Addressee = c.addr
}

// spokenQuote is what markedQuotes remembers of an earlier quotation
// with a speaker.
type spokenQuote struct {
	realign.Span
	spk     *realign.Speaker
	cue     string
	cueSpan realign.Span
	addr    string
}

// markedQuotes returns the direct and partial quotations in marks. known
// holds the block and indirect quotations found before.
func (d *doc) markedQuotes(known []realign.Quotation) []realign.Quotation {
	// indirect quotations by the sentence they start in (a reported
	// clause never leaves its sentence), and quotations with a speaker by
	// paragraph, so that each lookup stays local
	indirectBySent := map[int][]int{}
	spokenByPara := map[int][]spokenQuote{}
	remember := func(q *realign.Quotation) {
		if q.Speaker == nil {
			return
		}
		if rp := d.paraOf(q.Start); rp >= 0 {
			spokenByPara[rp] = append(spokenByPara[rp], spokenQuote{q.Span, q.Speaker, q.Cue, q.CueSpan, q.Addressee})
		}
	}
	for i := range known {
		r := &known[i]
		remember(r)
		if r.Kind == realign.QuoteIndirect && r.Speaker != nil {
			if k := d.firstTokFrom(r.Start); k >= 0 {
				indirectBySent[d.toks[k].sent] = append(indirectBySent[d.toks[k].sent], i)
			}
		}
	}
	var out []realign.Quotation
	for pi, p := range d.pairs {
		content := d.trimContent(p.content())
		if content.Len() == 0 {
			continue
		}
		openTok, closeTok := d.markTokens(p)
		if openTok < 0 || closeTok < 0 {
			continue
		}
		q := realign.Quotation{Span: content, Kind: d.kindOf(p, content, openTok)}
		if strings.HasSuffix(d.text[q.Start:q.End], ",") && q.Len() > 1 && !d.splitBefore(pi) {
			// the comma before the attribution or the rest of the
			// sentence is not part of the words; the first part of a
			// split quotation keeps it to show that the sentence goes on
			q.End--
		}
		lastR, _ := utf8.DecodeLastRuneInString(content.Text(d.text))
		sentenceEnded := lastR == '.'
		attributed := false
		if q.Kind == realign.QuotePartial {
			for _, i := range indirectBySent[d.toks[openTok].sent] {
				if r := known[i]; r.Span.Contains(content) {
					q.Cue, q.CueSpan, q.Speaker, q.Addressee = r.Cue, r.CueSpan, cloneSpeaker(r.Speaker), r.Addressee
					attributed = true
					break
				}
			}
		}
		if !attributed {
			after, before := d.afterCue(closeTok, sentenceEnded), d.beforeCue(openTok)
			order := []*cueOcc{after, before}
			if before != nil && d.adjacentBefore(before, openTok) {
				order = []*cueOcc{before, after}
			}
			for _, c := range order {
				if c != nil {
					d.fromCue(&q, c)
					attributed = true
					break
				}
			}
		}
		if !attributed && q.Kind == realign.QuotePartial {
			if c := d.sentenceCue(openTok); c != nil {
				d.fromCue(&q, c)
				attributed = true
			}
		}
		if !attributed && (q.Kind == realign.QuoteDirect || q.Kind == realign.QuotePartial) {
			attributed = d.dashByline(&q, closeTok)
		}
		if !attributed && q.Kind == realign.QuoteDirect {
			// continuation of the previous speaker's quotation: the
			// latest-starting quotation with a speaker of this or the
			// previous paragraph that ends before this one opens
			para := d.toks[openTok].para
			var prev *spokenQuote
			for _, rp := range []int{para - 1, para} {
				for i := range spokenByPara[rp] {
					r := &spokenByPara[rp][i]
					if r.End > p.open || (prev != nil && r.Start <= prev.Start) {
						continue
					}
					prev = r
				}
			}
			if prev != nil {
				// the same speech act: speaker, cue and addressee
				q.Speaker = cloneSpeaker(prev.spk)
				q.Cue, q.CueSpan, q.Addressee = prev.cue, prev.cueSpan, prev.addr
			}
		}
		if p.paras > 1 {
			// one quotation per paragraph, without the reopening marks
			for k, part := range d.paraParts(q.Span) {
				pq := q
				pq.Span = part
				if k > 0 {
					pq.Kind = realign.QuoteDirect
				}
				pq.Speaker = cloneSpeaker(q.Speaker)
				out = append(out, pq)
				remember(&out[len(out)-1])
			}
			continue
		}
		out = append(out, q)
		remember(&out[len(out)-1])
	}
	return out
}

// dashByline attributes a quotation followed by a dash and a name that
// end the line, the convention of epigraphs and readers' testimonies
// ("“We are afraid.” ― Carla Sanchez."): the dash is the cue, the name the
// speaker, and the quotation is direct. It reports whether it found one.
func (d *doc) dashByline(q *realign.Quotation, closeTok int) bool {
	k := closeTok + 1
	if k >= len(d.toks) || d.lineBreakAfter(closeTok) {
		return false
	}
	switch d.toks[k].Text {
	case "―", "—", "–", "--":
	default:
		return false
	}
	first, last := k+1, -1
	for j := first; j < len(d.toks) && j-first < 6; j++ {
		w := d.toks[j].Text
		if w == "." && d.lineBreakAfter(j) {
			break // the line's final period
		}
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) && !nameParticles[d.toks[j].low] {
			return false
		}
		last = j
		if d.lineBreakAfter(j) {
			break
		}
	}
	if last < first || !(d.lineBreakAfter(last) || (d.toks[last+1].Text == "." && d.lineBreakAfter(last+1))) {
		return false // the name must end the line
	}
	q.Kind = realign.QuoteDirect
	q.Cue = d.toks[k].Text
	q.CueSpan = d.toks[k].Span
	q.Speaker = d.speakerFor(first, last)
	return true
}

// lineBreakAfter reports whether token k is the last of the text or is
// followed by a line break.
func (d *doc) lineBreakAfter(k int) bool {
	if k+1 >= len(d.toks) {
		return true
	}
	return strings.Contains(d.text[d.toks[k].End:d.toks[k+1].Start], "\n")
}

// nameParticles may stand lower-case inside a personal name.
var nameParticles = map[string]bool{"de": true, "da": true, "van": true, "von": true, "der": true, "bin": true, "al": true, "la": true, "del": true, "di": true}

// paraParts splits the content of a multi-paragraph quotation into one
// span per paragraph, each trimmed of white space and of the quotation
// mark that reopens a later paragraph.
func (d *doc) paraParts(sp realign.Span) []realign.Span {
	var out []realign.Span
	for pi := d.paraOf(sp.Start); pi >= 0 && pi < len(d.paras) && d.paras[pi].Start < sp.End; pi++ {
		part := realign.Span{Start: max(sp.Start, d.paras[pi].Start), End: min(sp.End, d.paras[pi].End)}
		if len(out) > 0 {
			if r, n := utf8.DecodeRuneInString(d.text[part.Start:]); n > 0 && isDoubleMark(r) {
				part.Start += n
			}
		}
		part = d.trimContent(part)
		if part.Len() > 0 {
			out = append(out, part)
		}
	}
	if len(out) == 0 {
		out = append(out, sp)
	}
	return out
}

// splitBefore reports whether pair i is the first part of a quotation
// split by its attribution (“We will,” she said, “not back down.”): the
// next pair opens in the same paragraph after a short stretch without
// sentence-final punctuation, and its words start in lower case.
func (d *doc) splitBefore(i int) bool {
	if i+1 >= len(d.pairs) {
		return false
	}
	p, n := d.pairs[i], d.pairs[i+1]
	if p.paras != 1 || d.paraOf(p.close) != d.paraOf(n.open) {
		return false
	}
	gap := d.text[p.close+p.closeLen : n.open]
	if len(strings.Fields(gap)) > 12 || strings.ContainsAny(gap, ".!?;") {
		return false
	}
	c := d.trimContent(n.content())
	r, _ := utf8.DecodeRuneInString(d.text[c.Start:c.End])
	return unicode.IsLower(r)
}

// sameClause reports whether no sentence-final punctuation outside
// quotation marks lies between tokens i and j.
func (d *doc) sameClause(i, j int) bool {
	if i > j {
		i, j = j, i
	}
	for k := i; k < j; k++ {
		if isTerminal(d.toks[k].Text) && !d.toks[k].quoted {
			return false
		}
	}
	return true
}

// reaches reports whether cue c may attribute the quotation opening at
// token open: an "as" cue ("described X as “…”") only when "as" stands
// between the cue and the quotation, at most 8 tokens after the cue.
func (d *doc) reaches(c *cueOcc, open int) bool {
	if !c.e.as {
		return true
	}
	for k := c.last + 1; k < open && k-c.last <= 8; k++ {
		if d.toks[k].low == "as" {
			return true
		}
	}
	return false
}
