package extract

import (
	"embed"
	"fmt"
	"regexp"
	"strings"
	"sync"
)

//go:embed data/furniture.tsv data/stopwords.tsv
var dataFS embed.FS

// Furniture pattern scopes (column 1 of data/furniture.tsv).
const (
	scopeAny     = "any"
	scopeTail    = "tail"
	scopeRelated = "related"
)

// tables holds the parsed data files.
type tables struct {
	any, tail, related []*regexp.Regexp
	// stop maps a lower-case stop word to the languages that list it.
	stop  map[string][]string
	langs []string
}

var loadData = sync.OnceValues(func() (*tables, error) {
	t := &tables{stop: map[string][]string{}}
	if err := parseFurniture(t, "data/furniture.tsv"); err != nil {
		return nil, err
	}
	if err := parseStopwords(t, "data/stopwords.tsv"); err != nil {
		return nil, err
	}
	return t, nil
})

// dataLines calls fn with each meaningful line of an embedded file and its
// 1-based line number.
func dataLines(name string, fn func(line string, n int) error) error {
	b, err := dataFS.ReadFile(name)
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	for i, line := range strings.Split(string(b), "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := fn(line, i+1); err != nil {
			return fmt.Errorf("%s:%d: %w", name, i+1, err)
		}
	}
	return nil
}

func parseFurniture(t *tables, name string) error {
	return dataLines(name, func(line string, _ int) error {
		scope, pat, ok := strings.Cut(line, "\t")
		if !ok || strings.TrimSpace(pat) == "" {
			return fmt.Errorf("want SCOPE<TAB>REGEXP, got %q", line)
		}
		re, err := regexp.Compile(`^(?i:(?:` + strings.TrimSpace(pat) + `))$`)
		if err != nil {
			return fmt.Errorf("bad pattern: %w", err)
		}
		switch scope {
		case scopeAny:
			t.any = append(t.any, re)
		case scopeTail:
			t.tail = append(t.tail, re)
		case scopeRelated:
			t.related = append(t.related, re)
		default:
			return fmt.Errorf("unknown scope %q (want any, tail or related)", scope)
		}
		return nil
	})
}

func parseStopwords(t *tables, name string) error {
	seen := map[string]bool{}
	return dataLines(name, func(line string, _ int) error {
		lang, words, ok := strings.Cut(line, "\t")
		if !ok || len(lang) != 2 || strings.ToLower(lang) != lang {
			return fmt.Errorf("want LANG<TAB>WORDS with a lower-case ISO 639-1 code, got %q", line)
		}
		if seen[lang] {
			return fmt.Errorf("language %q listed twice", lang)
		}
		seen[lang] = true
		ws := strings.Fields(words)
		if len(ws) == 0 {
			return fmt.Errorf("no words for %q", lang)
		}
		t.langs = append(t.langs, lang)
		for _, w := range ws {
			if strings.ToLower(w) != w {
				return fmt.Errorf("stop word %q is not lower case", w)
			}
			t.stop[w] = append(t.stop[w], lang)
		}
		return nil
	})
}

func matchAny(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}
