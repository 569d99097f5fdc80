package quote

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/realign/realign"
)

// pair is one matched pair of quotation marks. open and close are the
// byte offsets of the marks; the content lies between them.
type pair struct {
	open, openLen   int
	close, closeLen int
	single          bool // ‘…’ or '…'
	paras           int  // number of paragraphs the pair spans (1 usually)
}

func (p pair) content() realign.Span {
	return realign.Span{Start: p.open + p.openLen, End: p.close}
}

// outer is the span including both marks.
func (p pair) outer() realign.Span {
	return realign.Span{Start: p.open, End: p.close + p.closeLen}
}

func runeBefore(text string, i int) rune {
	if i <= 0 {
		return -1
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return r
}

func runeAt(text string, i int) rune {
	if i >= len(text) {
		return -1
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return r
}

func isDoubleMark(r rune) bool { return r == '"' || r == '“' || r == '”' || r == '„' }
func isSingleMark(r rune) bool { return r == '\'' || r == '‘' || r == '’' }
func isAnyMark(r rune) bool    { return isDoubleMark(r) || isSingleMark(r) || r == '«' || r == '»' }

// space-like: start/end of text (-1) or white space
func isSpaceOrEdge(r rune) bool { return r < 0 || unicode.IsSpace(r) }

func isOpenContext(r rune) bool {
	return isSpaceOrEdge(r) || r == '(' || r == '[' || r == '{' || r == '—' || r == '–' || r == '-' || r == '/' || isAnyMark(r)
}

func isCloseContext(r rune) bool {
	if isSpaceOrEdge(r) || isAnyMark(r) {
		return true
	}
	switch r {
	case '.', ',', ';', ':', '!', '?', ')', ']', '}', '—', '–', '-', '…', '/':
		return true
	}
	return false
}

const (
	markOpen = iota
	markClose
	markEither
)

// classifyDouble decides whether a double mark at i opens or closes a
// quotation from its neighbours, falling back on its shape.
func classifyDouble(text string, i int, r rune, n int) int {
	prev, next := runeBefore(text, i), runeAt(text, i+n)
	canOpen := !isSpaceOrEdge(next) && isOpenContext(prev)
	canClose := !isSpaceOrEdge(prev) && isCloseContext(next)
	switch {
	case canOpen && !canClose:
		return markOpen
	case canClose && !canOpen:
		return markClose
	}
	switch r {
	case '“', '„':
		return markOpen
	case '”':
		return markClose
	}
	return markEither
}

type mark struct {
	off, n int
	r      rune
}

func marksIn(text string, sp realign.Span, keep func(rune) bool) []mark {
	var out []mark
	for i := sp.Start; i < sp.End; {
		r, n := utf8.DecodeRuneInString(text[i:])
		if keep(r) {
			out = append(out, mark{i, n, r})
		}
		i += n
	}
	return out
}

// doublePairs pairs double quotation marks paragraph by paragraph. A
// quotation left open at the end of a paragraph continues into the next
// paragraph when that one starts with an opening mark (news convention for
// quotations of several paragraphs); otherwise the unmatched opening mark
// is dropped.
//
// A quotation whose closing mark is missing ends with its paragraph, or
// earlier, before an attribution clause of its own (“They are not
// listening, Putin told Macron.” ends before ", Putin told"); see
// attributionCut.
func doublePairs(text string, paras []realign.Span, lex lexicon) []pair {
	var out []pair
	inside := false
	var cur pair
	for pi, p := range paras {
		marks := marksIn(text, p, isDoubleMark)
		for k, m := range marks {
			cls := classifyDouble(text, m.off, m.r, m.n)
			if inside && k == 0 && cur.paras > 0 && m.off == p.Start && cls != markClose {
				// continuation mark opening a later paragraph of the quote
				continue
			}
			if !inside {
				if cls != markClose {
					inside = true
					cur = pair{open: m.off, openLen: m.n}
				}
				continue
			}
			if cls == markOpen {
				// the previous opening mark was never closed; start again
				cur = pair{open: m.off, openLen: m.n}
				continue
			}
			cur.close, cur.closeLen = m.off, m.n
			cur.paras++
			out = append(out, cur)
			inside = false
		}
		if inside {
			next := pi + 1
			if next < len(paras) && paras[next].Len() > 0 {
				r := runeAt(text, paras[next].Start)
				if isDoubleMark(r) && classifyDouble(text, paras[next].Start, r, utf8.RuneLen(r)) != markClose {
					cur.paras++
					continue
				}
			}
			inside = false
			if cur.paras > 0 || opensQuotation(text, p, cur.open, lex) {
				// a closing mark is missing: the quotation ends with its
				// paragraph, never later, and before an attribution of
				// its own
				end := p.End
				for end > cur.open+cur.openLen && unicode.IsSpace(runeBefore(text, end)) {
					end -= utf8.RuneLen(runeBefore(text, end))
				}
				if cut := attributionCut(text, max(cur.open+cur.openLen, p.Start), end, lex); cut >= 0 {
					end = cut
				}
				if end > cur.open+cur.openLen {
					cur.close, cur.closeLen = end, 0
					cur.paras++
					out = append(out, cur)
				}
			}
		}
	}
	return out
}

// opensQuotation reports whether the double mark at off in paragraph p
// clearly opens a quotation: it starts the paragraph or a sentence, or
// follows a colon ("Khan said: “…") or a comma after a speech cue
// ("Otunbayeva said, “…", "according to Peskov, “…"), with white space
// before it.
func opensQuotation(text string, p realign.Span, off int, lex lexicon) bool {
	if off == p.Start {
		return true
	}
	i := off
	for i > p.Start && unicode.IsSpace(runeBefore(text, i)) {
		i -= utf8.RuneLen(runeBefore(text, i))
	}
	if i == off {
		return false
	}
	switch runeBefore(text, i) {
	case ':', '.', '!', '?':
		return true
	case ',':
		// a speech cue among the last few words before the comma
		words := strings.Fields(text[p.Start : i-1])
		for k := len(words) - 1; k >= 0 && k >= len(words)-6; k-- {
			w := words[k]
			if strings.ContainsAny(w, ".!?:;\"“”") {
				break
			}
			if lex.speechClass(strings.ToLower(strings.Trim(w, ",()"))) != "" {
				return true
			}
		}
	}
	return false
}

// attributionCut returns the offset of the first comma in text[start:end]
// that is followed by an attribution clause (", Putin told …", ", he said",
// ", the minister added", ", said Khan"), or -1 when there is none. It
// bounds a quotation whose closing mark is missing: the attribution is
// not part of the quoted words.
func attributionCut(text string, start, end int, lex lexicon) int {
	for i := start; i < end; i++ {
		if text[i] != ',' {
			continue
		}
		words := strings.Fields(text[i+1 : end])
		if len(words) < 2 {
			return -1
		}
		if isAttribution(words, lex) {
			return i
		}
	}
	return -1
}

// thirdPerson are the pronouns that may name a speaker in an attribution.
var thirdPerson = set("he", "she", "they")

// isAttribution reports whether words (white-space separated, as written)
// open an attribution clause: a speech verb followed by a name or noun
// phrase ("said Khan", "told the minister"), or a short subject phrase —
// a capitalised word, a pronoun or a determiner first — followed by a
// finite speech verb ("Putin told", "the spokesman said").
func isAttribution(words []string, lex lexicon) bool {
	clean := func(w string) string { return strings.ToLower(strings.TrimRight(w, ".,;:!?”\"’'")) }
	first := words[0]
	if c := lex.speechClass(clean(first)); (c == classVerb || c == classTell) && !strings.HasSuffix(clean(first), "ing") {
		next := words[1]
		r, _ := utf8.DecodeRuneInString(next)
		return unicode.IsUpper(r) || determiners[clean(next)] || thirdPerson[clean(next)]
	}
	r, _ := utf8.DecodeRuneInString(first)
	if !unicode.IsUpper(r) && !thirdPerson[clean(first)] && !determiners[clean(first)] {
		return false
	}
	for k := 1; k < len(words) && k <= 6; k++ {
		w := clean(words[k])
		if c := lex.speechClass(w); (c == classVerb || c == classTell) && !strings.HasSuffix(w, "ing") {
			return true
		}
		if strings.ContainsAny(words[k-1], ",.;:!?") || stopWords[w] && !determiners[w] && !skipLeft[w] {
			return false
		}
	}
	return false
}

// singlePairs pairs single quotation marks inside each paragraph. An
// opening mark follows white space, the paragraph start, a bracket or a
// double mark and precedes a letter; a closing mark follows a letter,
// digit or punctuation and precedes white space, punctuation or the end.
// Apostrophes ("Pakistan’s", "don't", "'90s") fail one of the two tests. A
// plural possessive ("leaders’ summit") is a weak closing candidate, used
// only when no stronger one follows in the paragraph.
func singlePairs(text string, paras []realign.Span) []pair {
	var out []pair
	for _, p := range paras {
		marks := marksIn(text, p, isSingleMark)
		after := -1 // end of the last pair in this paragraph
		for k, m := range marks {
			if m.off < after || m.r == '’' {
				continue
			}
			prev, next := runeBefore(text, m.off), runeAt(text, m.off+m.n)
			if m.off == p.Start {
				prev = -1
			}
			if !(isOpenContext(prev) && prev != '-' && prev != '/') || !unicode.IsLetter(next) || isClitic(text, m.off+m.n) {
				continue
			}
			weak, strong := -1, -1
			for _, c := range marks[k+1:] {
				if c.r == '‘' {
					continue
				}
				cp, cn := runeBefore(text, c.off), runeAt(text, c.off+c.n)
				if c.off+c.n >= p.End {
					cn = -1
				}
				okPrev := unicode.IsLetter(cp) || unicode.IsDigit(cp) || cp == '.' || cp == ',' || cp == '!' || cp == '?' || cp == '…' || cp == ';' || isDoubleMark(cp)
				if !okPrev || unicode.IsLetter(cn) || unicode.IsDigit(cn) {
					continue
				}
				if (cp == 's' || cp == 'S') && unicode.IsSpace(cn) && unicode.IsLower(runeAt(text, c.off+c.n+1)) {
					if weak < 0 {
						weak = c.off
					}
					continue
				}
				strong = c.off
				break
			}
			end := strong
			if end < 0 {
				end = weak
			}
			if end < 0 {
				continue
			}
			q := pair{open: m.off, openLen: m.n, close: end, closeLen: utf8.RuneLen(runeAt(text, end)), single: true, paras: 1}
			c := q.content()
			if utf8.RuneCountInString(text[c.Start:c.End]) < 2 {
				continue
			}
			out = append(out, q)
			after = q.close + q.closeLen
		}
	}
	return out
}

// findPairs returns the outermost, non-crossing quotation-mark pairs of
// text sorted by position. Pairs nested inside another pair (single marks
// inside double, or double inside British single) are part of the outer
// quotation and are dropped; of two crossing pairs the double one wins.
func findPairs(text string, paras []realign.Span, lex lexicon) []pair {
	all := append(doublePairs(text, paras, lex), singlePairs(text, paras)...)
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].open != all[j].open {
			return all[i].open < all[j].open
		}
		return all[i].close > all[j].close
	})
	var out []pair
	for _, p := range all {
		drop := false
		// out is sorted and free of overlaps, and p opens at or after
		// every pair in it, so only the last pair can overlap p
		for i := max(len(out)-1, 0); i < len(out); i++ {
			o := out[i]
			po, oo := p.outer(), o.outer()
			if !po.Overlaps(oo) {
				continue
			}
			if oo.Contains(po) {
				drop = true
				break
			}
			if po.Contains(oo) {
				out = append(out[:i], out[i+1:]...)
				i--
				continue
			}
			// crossing
			if o.single && !p.single {
				out = append(out[:i], out[i+1:]...)
				i--
				continue
			}
			drop = true
			break
		}
		if !drop {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].open < out[j].open })
	return out
}

// isClitic reports whether text at i starts a contraction clitic cut off
// by a stray space ("the Jairan 's data"): s, t, re, ve, ll, d or m
// followed by a non-letter.
func isClitic(text string, i int) bool {
	for _, c := range []string{"s", "t", "re", "ve", "ll", "d", "m"} {
		if len(text) >= i+len(c) && text[i:i+len(c)] == c && !unicode.IsLetter(runeAt(text, i+len(c))) {
			return true
		}
	}
	return false
}
