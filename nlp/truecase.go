package nlp

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/realign/realign"
)

// Orthographic-context flags of the Punkt model: how a word type was seen
// in the training text (sentences.Storage.OrthoContext).
const (
	orthoMidUc = 1 << 2
	orthoLc    = 1<<4 | 1<<5 | 1<<6
)

// closedClass are function words: always lower case inside a sentence
// written in capitals.
var closedClass = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the and or but nor so yet if than that this these those
		of in on at to by for from with without into onto upon over under about after before
		against between among during since until via per as like near off out up down through
		across along around behind beyond despite toward towards within amid amidst
		is are was were be been being am has have had do does did will would shall should can
		could may might must not no he she it they we i you him her them his its their our
		your my me who whom whose which what when where while why how all any both each
		some such more most other another also only very just then there here again`) {
		closedClass[w] = true
	}
}

// shouting reports whether a sentence is written in capitals: at least
// four words of two or more letters, at least 80% of them without a
// lower-case letter. A sentence with a few acronyms ("NATO and the EU
// met") is not.
func shouting(toks []realign.Token) bool {
	words, upper := 0, 0
	for _, t := range toks {
		letters, lower := 0, false
		for _, r := range t.Text {
			if unicode.IsLetter(r) {
				letters++
				if unicode.IsLower(r) {
					lower = true
				}
			}
		}
		if letters < 2 {
			continue
		}
		words++
		if !lower {
			upper++
		}
	}
	return words >= 4 && upper*5 >= words*4
}

// trueCase rewrites, in a sentence written in capitals, each all-capital
// token's Text to the case it would have in ordinary text, keeping its
// byte length (Span still points at the capitals in the document):
//
//   - words of known names (Options.NameWord) keep the case the name
//     has: "US" stays, "CHINA" and "STATES" become "China", "States";
//   - function words ("OF", "THE", "WITH") become lower case;
//   - words the Punkt training text shows only in lower case inside
//     sentences ("ACCUSED", "MET") become lower case;
//   - words it shows both ways ("PRESIDENT", "FOREIGN") are capitalised
//     before a capitalised word ("President Vladimir Putin") unless they
//     look like a verb ("MET", "SIGNED"), and lower case elsewhere;
//   - other words of up to four letters keep their capitals ("NATO",
//     "SCO", "XI": acronyms, or short names that name lookup matches
//     without regard to case);
//   - the rest ("RUSSIAN", "LAVROV", "KREMLIN") are capitalised.
//
// The first word is capitalised as at the start of any sentence.
func (s *Segmenter) trueCase(toks []realign.Token) {
	if !shouting(toks) {
		return
	}
	ortho := s.punkt.Storage.OrthoContext
	capNext := false // the next token (to the right) is capitalised
	for i := len(toks) - 1; i >= 0; i-- {
		t := toks[i].Text
		if !allCaps(t) {
			capNext = false
			if r := firstRune(t); unicode.IsUpper(r) {
				capNext = true
			}
			continue
		}
		lw := strings.ToLower(t)
		flags := ortho[strings.TrimSuffix(lw, ".")]
		letters := 0
		for _, r := range t {
			if unicode.IsLetter(r) {
				letters++
			}
		}
		var out string
		switch {
		case s.nameWord(t): // an acronym as names write it ("US", "UN")
			out = t
		case closedClass[lw] || lw == "'s" || lw == "n't":
			out = sameLen(t, lw)
		case s.nameWord(capitalise(t)) && (!verbLike(lw) || capNext): // "CHINA", "UNITED STATES"
			out = capitalise(t)
		case flags&orthoLc != 0 && flags&orthoMidUc == 0:
			out = sameLen(t, lw)
		case flags&orthoLc != 0:
			if capNext && !verbLike(lw) {
				out = capitalise(t)
			} else {
				out = sameLen(t, lw)
			}
		case letters <= 4:
			out = t
		default:
			out = capitalise(t)
		}
		if (i == 0 || isOpening(toks[i-1].Text)) && !unicode.IsUpper(firstRune(out)) {
			out = capitalise(t) // t is in capitals: its first letter stays one
		}
		toks[i].Text = out
		capNext = unicode.IsUpper(firstRune(out))
	}
}

// irregularPast are irregular past forms common in news, some of which
// are also names or title words in the Punkt training text ("Met").
var irregularPast = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`met said told held made took gave went came saw sent won led left
		struck hit cut set put began spoke fought sought brought bought thought wrote ran drove
		flew rose fell broke chose stood became kept meant found lost paid sold built spent
		shot beat bound drew forgave froze got heard hid knew laid lent let read rode rang
		shook shut sank slid split spread stole stuck swore swept swung taught tore threw
		woke wore withdrew overtook upheld underwent`) {
		irregularPast[w] = true
	}
}

// verbLike reports a lower-case word that looks like a finite verb:
// an irregular past form or a word ending in "-ed".
func verbLike(lw string) bool {
	return irregularPast[lw] || len(lw) > 4 && strings.HasSuffix(lw, "ed")
}

// allCaps reports whether t has at least one letter and no lower-case one.
func allCaps(t string) bool {
	letter := false
	for _, r := range t {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letter = true
		}
	}
	return letter
}

func isOpening(t string) bool {
	switch t {
	case "\"", "“", "‘", "(", "[", "—", "–", ":", "«":
		return true
	}
	return false
}

// capitalise keeps the first letter of t and lowers the rest, rune by
// rune where that keeps the byte length.
func capitalise(t string) string {
	var b strings.Builder
	first := true
	for _, r := range t {
		if first && unicode.IsLetter(r) {
			first = false
			b.WriteRune(r)
			continue
		}
		if l := unicode.ToLower(r); utf8.RuneLen(l) == utf8.RuneLen(r) {
			r = l
		}
		b.WriteRune(r)
	}
	return b.String()
}

// sameLen returns lw when it has t's byte length, else t lowered rune by
// rune where that keeps the length.
func sameLen(t, lw string) string {
	if len(lw) == len(t) {
		return lw
	}
	var b strings.Builder
	for _, r := range t {
		if l := unicode.ToLower(r); utf8.RuneLen(l) == utf8.RuneLen(r) {
			r = l
		}
		b.WriteRune(r)
	}
	return b.String()
}
