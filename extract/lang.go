package extract

import (
	"strings"
	"unicode"
)

// detectLanguage returns the ISO 639-1 code of text's language, or "" when
// unsure. Texts in a script used by one main language (Greek, Hebrew,
// Hangul, kana, Han, Thai, Devanagari, Arabic) get that language; texts in
// Latin or Cyrillic script are scored by the share of their words that are
// stop words of each language in data/stopwords.tsv: the best language
// needs at least 5 words, a 20% share and 1.5 times the next one's count.
func detectLanguage(text string, t *tables) string {
	const maxWords = 2000
	var scripts = map[string]int{}
	letters := 0
	counts := map[string]int{}
	words := 0
	for _, w := range strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\'' && r != '’'
	}) {
		if words >= maxWords {
			break
		}
		words++
		for _, r := range w {
			letters++
			switch {
			case unicode.Is(unicode.Greek, r):
				scripts["el"]++
			case unicode.Is(unicode.Hebrew, r):
				scripts["he"]++
			case unicode.Is(unicode.Hangul, r):
				scripts["ko"]++
			case unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
				scripts["ja"]++
			case unicode.Is(unicode.Han, r):
				scripts["zh"]++
			case unicode.Is(unicode.Thai, r):
				scripts["th"]++
			case unicode.Is(unicode.Devanagari, r):
				scripts["hi"]++
			case unicode.Is(unicode.Arabic, r):
				scripts["ar"]++
			}
		}
		for _, l := range t.stop[strings.ToLower(w)] {
			counts[l]++
		}
	}
	if words == 0 {
		return ""
	}
	// Non-Latin, non-Cyrillic scripts: the dominant one decides. Japanese
	// mixes kana with Han, so any real share of kana means Japanese.
	if scripts["ja"]*10 > letters {
		return "ja"
	}
	bestScript, bestN := "", 0
	for s, n := range scripts {
		if n > bestN || (n == bestN && s < bestScript) {
			bestScript, bestN = s, n
		}
	}
	if bestN*2 > letters {
		return bestScript
	}
	best, second := "", 0
	for _, l := range t.langs {
		switch n := counts[l]; {
		case best == "" || n > counts[best]:
			if best != "" {
				second = counts[best]
			}
			best = l
		case n > second:
			second = n
		}
	}
	n := counts[best]
	// Short texts (a title, a line) are not enough evidence.
	if words < 5 || n*5 < words || 2*n < 3*second {
		return ""
	}
	return best
}

// normLang reduces a language tag ("en-US", "EN_gb", "en") to its ISO
// 639-1 code, or "" when it does not start with one.
func normLang(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	if len(tag) != 2 || tag[0] < 'a' || tag[0] > 'z' || tag[1] < 'a' || tag[1] > 'z' {
		return ""
	}
	return tag
}
