// Package nlp splits a document's text into paragraphs, sentences and
// tokens, all as byte-offset spans into the text.
//
// Sentence boundaries come from the Punkt model of
// github.com/neurosnap/sentences (English training data), applied inside
// each paragraph; a blank line always ends a sentence. Two ends that Punkt
// misses are added: terminal punctuation and a closing quote followed by
// an opening quote and a capital (`forms." "We will …`), and a four-digit
// year with a full stop followed by a capital (`in June 2018. Their …`).
// Tokens come from a
// rule-based tokenizer tuned for news English: it keeps abbreviations
// ("U.S.", "Dr."), hyphenated words, numbers ("1,200", "3.5") and
// contractions' clitics ("'s", "n't") as tokens of their own. In a
// sentence written in capitals ("PUTIN MET XI IN THE KREMLIN") the tokens'
// Text is true-cased ("Putin met XI in the Kremlin"), with the same byte
// length, so that later stages read names and titles as in ordinary text.
package nlp

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/neurosnap/sentences"
	"github.com/neurosnap/sentences/english"

	"github.com/realign/realign"
)

// Options configures a Segmenter. The zero value is ready to use.
type Options struct {
	// ExtraAbbreviations are lower-case abbreviations without the final
	// period that must not end a sentence, added to the built-in list.
	ExtraAbbreviations []string
	// NameWord, when set, reports whether a word as written is a word of
	// a known name ("States", "China", "US"; kb.KB.NameWord). Sentences
	// written in capitals are true-cased with it, so that names stay
	// names; nil: only the Punkt model's word statistics are used, and
	// country names that are also common words ("TURKEY") are lowered.
	NameWord func(word string) bool
}

// Segmenter splits text into sentences and tokens. It is safe for
// concurrent use after New returns.
type Segmenter struct {
	punkt    *sentences.DefaultSentenceTokenizer
	nameWord func(string) bool
}

// defaultAbbreviations are titles and abbreviations common in political
// news that the Punkt English model does not always know.
var defaultAbbreviations = []string{
	"mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr",
	"adm", "sen", "rep", "gov", "pres", "amb", "st", "jr", "sr", "rev", "hon",
	"u.s", "u.k", "u.n", "e.u", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
	"sep", "sept", "oct", "nov", "dec", "no", "vs", "etc", "inc", "corp", "ltd",
	"co", "dept", "gov't", "a.m", "p.m",
}

// New returns a Segmenter with the English Punkt model.
func New(opts Options) (*Segmenter, error) {
	tok, err := english.NewSentenceTokenizer(nil)
	if err != nil {
		return nil, fmt.Errorf("load sentence model: %w", err)
	}
	for _, a := range append(defaultAbbreviations, opts.ExtraAbbreviations...) {
		tok.Storage.AbbrevTypes.Add(strings.ToLower(a))
	}
	for i, an := range tok.Annotations {
		if mp, ok := an.(*english.MultiPunctWordAnnotation); ok {
			tok.Annotations[i] = multiPunctFilter{mp}
		}
	}
	nw := opts.NameWord
	if nw == nil {
		nw = func(string) bool { return false }
	}
	return &Segmenter{punkt: tok, nameWord: nw}, nil
}

// multiPunctFilter runs the English multi-punctuation annotation only on
// the token pairs it can change, skipping its regular expressions for
// the rest. The annotation only ever touches the first token of a pair:
// it marks an abbreviation or sets or clears the break after it, and
// apart from clearing a break (a no-op when none is set) it does so only
// when that token has a period, question mark or exclamation mark.
// The output is the same as running it on every pair.
type multiPunctFilter struct {
	inner *english.MultiPunctWordAnnotation
}

// Annotate annotates tokens in place and returns them.
func (f multiPunctFilter) Annotate(tokens []*sentences.Token) []*sentences.Token {
	for i := 0; i+1 < len(tokens); i++ {
		if tokens[i+1] == tokens[i] {
			// repeated pointers are grouped specially: use the original
			return f.inner.Annotate(tokens)
		}
	}
	for i := 0; i+1 < len(tokens); i++ {
		one := tokens[i]
		if !one.SentBreak && !strings.ContainsAny(one.Tok, ".?!") {
			continue
		}
		f.inner.Annotate(tokens[i : i+2])
	}
	return tokens
}

// Annotate fills a.Sentences from a.Document.Text, replacing any sentences
// already there.
func (s *Segmenter) Annotate(a *realign.Analysis) error {
	a.Sentences = s.Sentences(a.Document.Text)
	return nil
}

// Paragraphs returns the spans of the paragraphs of text: runs of
// non-blank lines separated by one or more blank lines, trimmed of
// surrounding white space.
func Paragraphs(text string) []realign.Span {
	var out []realign.Span
	start := -1 // start of current paragraph, -1 when between paragraphs
	lineStart := 0
	for lineStart <= len(text) {
		nl := strings.IndexByte(text[lineStart:], '\n')
		lineEnd := len(text)
		if nl >= 0 {
			lineEnd = lineStart + nl
		}
		blank := strings.TrimSpace(text[lineStart:lineEnd]) == ""
		if blank && start >= 0 {
			out = append(out, trimSpan(text, realign.Span{Start: start, End: lineStart}))
			start = -1
		} else if !blank && start < 0 {
			start = lineStart
		}
		if nl < 0 {
			break
		}
		lineStart = lineEnd + 1
	}
	if start >= 0 {
		out = append(out, trimSpan(text, realign.Span{Start: start, End: len(text)}))
	}
	return out
}

// Sentences splits text into sentences with their tokens. In a sentence
// written in capitals, each token's Text is its true-cased form (see
// trueCase); elsewhere it is the token as written.
func (s *Segmenter) Sentences(text string) []realign.Sentence {
	var out []realign.Sentence
	for pi, p := range Paragraphs(text) {
		ptext := text[p.Start:p.End]
		for _, ps := range s.punkt.Tokenize(ptext) {
			base, end := p.Start+ps.Start, p.Start+ps.End
			prev := base
			for _, cut := range append(extraBreaks(text[base:end]), end-base) {
				sp := trimSpan(text, realign.Span{Start: prev, End: base + cut})
				prev = base + cut
				if sp.Len() == 0 {
					continue
				}
				toks := Tokenize(text, sp)
				s.trueCase(toks)
				out = append(out, realign.Sentence{Span: sp, Paragraph: pi, Tokens: toks})
			}
		}
	}
	return out
}

// extraBreakRE finds the sentence ends that Punkt misses, each followed by
// the white space before the next sentence (group 1):
//   - a closing quote after terminal punctuation followed by an opening
//     quote and a capital or digit: `forms." "We will …`, `forms.” “We …`;
//   - a four-digit number (a year) not preceded by a letter, digit or
//     "." "," ":" "/", with a full stop and then a capital, possibly
//     after an opening quote: `in June 2018. Their …` (Punkt reads
//     "2018." as an ordinal).
var extraBreakRE = regexp.MustCompile(`(?:[.?!…]["”’]{1,2}(\s+)["“‘][\p{Lu}\p{N}]|(?:^|[^\p{L}\p{N}.,:/])\d{4}\.(\s+)["“‘]?\p{Lu})`)

// digitDot reports whether s has a digit followed by a full stop.
func digitDot(s string) bool {
	for i := 1; i < len(s); i++ {
		if s[i] == '.' && s[i-1] >= '0' && s[i-1] <= '9' {
			return true
		}
	}
	return false
}

// extraBreaks returns the byte offsets in s, a sentence found by Punkt,
// where a further sentence starts (see extraBreakRE), in increasing order.
func extraBreaks(s string) []int {
	if !strings.ContainsAny(s, "\"”’") && !digitDot(s) {
		return nil // neither alternative of extraBreakRE can match
	}
	var cuts []int
	for _, m := range extraBreakRE.FindAllStringSubmatchIndex(s, -1) {
		end := m[3] // end of the white space before the next sentence
		if end < 0 {
			end = m[5]
		}
		cuts = append(cuts, end)
	}
	return cuts
}

func trimSpan(text string, sp realign.Span) realign.Span {
	for sp.Start < sp.End {
		r, n := utf8.DecodeRuneInString(text[sp.Start:])
		if !unicode.IsSpace(r) {
			break
		}
		sp.Start += n
	}
	for sp.End > sp.Start {
		r, n := utf8.DecodeLastRuneInString(text[:sp.End])
		if !unicode.IsSpace(r) {
			break
		}
		sp.End -= n
	}
	return sp
}

// isQuoteOrBracket reports runes that are always tokens of their own.
func isSplitPunct(r rune) bool {
	switch r {
	case '"', '“', '”', '‘', '(', ')', '[', ']', '{', '}', ',', ';', ':', '!', '?', '«', '»', '—', '–', '―', '…':
		return true
	}
	return false
}

// Tokenize splits text[sp.Start:sp.End] into tokens.
func Tokenize(text string, sp realign.Span) []realign.Token {
	var toks []realign.Token
	i := sp.Start
	for i < sp.End {
		r, n := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		// a whitespace-delimited chunk
		j := i
		for j < sp.End {
			r2, n2 := utf8.DecodeRuneInString(text[j:])
			if unicode.IsSpace(r2) {
				break
			}
			j += n2
		}
		toks = splitChunk(text, i, j, toks)
		i = j
	}
	return toks
}

// splitChunk splits one whitespace-free chunk text[i:j] into tokens.
func splitChunk(text string, i, j int, toks []realign.Token) []realign.Token {
	add := func(a, b int) {
		if a < b {
			toks = append(toks, realign.Token{Span: realign.Span{Start: a, End: b}, Text: text[a:b]})
		}
	}
	// leading punctuation
	for i < j {
		r, n := utf8.DecodeRuneInString(text[i:])
		if isSplitPunct(r) || r == '\'' || r == '’' {
			// a leading apostrophe in "'90s" stays with the word
			if (r == '\'' || r == '’') && i+n < j && unicode.IsDigit(firstRune(text[i+n:])) {
				break
			}
			add(i, i+n)
			i += n
			continue
		}
		break
	}
	// trailing punctuation, collected right to left
	var trail []realign.Span
	for j > i {
		r, n := utf8.DecodeLastRuneInString(text[i:j])
		if isSplitPunct(r) || r == '\'' || r == '’' {
			trail = append(trail, realign.Span{Start: j - n, End: j})
			j -= n
			continue
		}
		if r == '.' {
			word := text[i:j]
			if keepsPeriod(word) {
				break
			}
			trail = append(trail, realign.Span{Start: j - n, End: j})
			j -= n
			continue
		}
		break
	}
	// clitics: 's ’s n't
	core := text[i:j]
	lower := strings.ToLower(core)
	switch {
	case strings.HasSuffix(lower, "n't") && len(core) > 3:
		add(i, j-3)
		add(j-3, j)
	case strings.HasSuffix(lower, "n’t") && len(core) > 5:
		add(i, j-5)
		add(j-5, j)
	case (strings.HasSuffix(lower, "'s") || strings.HasSuffix(lower, "'re") || strings.HasSuffix(lower, "'ve") || strings.HasSuffix(lower, "'ll") || strings.HasSuffix(lower, "'d") || strings.HasSuffix(lower, "'m")) && strings.Count(core, "'") == 1 && len(core) > 2:
		k := i + strings.LastIndexByte(core, '\'')
		add(i, k)
		add(k, j)
	case (strings.HasSuffix(lower, "’s") || strings.HasSuffix(lower, "’re") || strings.HasSuffix(lower, "’ve") || strings.HasSuffix(lower, "’ll") || strings.HasSuffix(lower, "’d") || strings.HasSuffix(lower, "’m")) && strings.Count(core, "’") == 1 && len(core) > 4:
		k := i + strings.LastIndex(core, "’")
		add(i, k)
		add(k, j)
	default:
		// inner em dashes and slashes between words split
		splitInner(text, i, j, add)
	}
	for k := len(trail) - 1; k >= 0; k-- {
		add(trail[k].Start, trail[k].End)
	}
	return toks
}

// splitInner splits a chunk at em/en dashes and ellipses inside it.
func splitInner(text string, i, j int, add func(a, b int)) {
	start := i
	for k := i; k < j; {
		r, n := utf8.DecodeRuneInString(text[k:])
		if r == '—' || r == '–' || r == '―' || r == '…' || r == '"' || r == '“' || r == '”' {
			add(start, k)
			add(k, k+n)
			start = k + n
		}
		k += n
	}
	add(start, j)
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// keepsPeriod reports whether a word ending in "." keeps the period as part
// of the token: abbreviations with inner periods ("U.S.", "a.m."), single
// capital initials ("J.") and known titles ("Dr.", "Gen.").
func keepsPeriod(word string) bool {
	w := strings.TrimSuffix(word, ".")
	if w == "" {
		return false
	}
	if strings.Contains(w, ".") {
		return true // U.S. e.g. a.m.
	}
	if utf8.RuneCountInString(w) == 1 && unicode.IsUpper(firstRune(w)) {
		return true // initial
	}
	lw := strings.ToLower(w)
	for _, a := range defaultAbbreviations {
		if a == lw && unicode.IsUpper(firstRune(w)) {
			return true
		}
	}
	return false
}
