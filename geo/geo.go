// Package geo is realign's gazetteer and toponym stage: it finds place
// names in a document and resolves them to countries, regions and cities
// with coordinates.
//
// The gazetteer is the embedded, human-editable file data/places.tsv
// (every sovereign state and common territory, every national capital,
// a few hundred large or newsworthy cities, and regions, seas and straits
// often named in international news). Its facts come from public
// references (GeoNames, ISO 3166-1, Wikipedia); the file header documents
// the columns.
//
// Recognition is a longest match over each sentence's tokens against all
// names and alternates, with the text capitalised where the name is. A
// match is dropped when it is part of a larger proper name ("Shanghai" in
// "Shanghai Cooperation Organization", "Washington Post", "New York
// Times", "University of Tehran") or lies inside a longer PERSON or ORG
// mention from the entity stage. Ambiguous names are resolved by the
// countries the document mentions, then by population and capital status;
// entries with required context words (the US state Georgia) are only
// chosen when one of those words occurs in the document.
package geo

import (
	"fmt"
	"math"
	"os"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/realign/realign"
	"github.com/realign/realign/nlp"
)

// Options configures a Gazetteer. The zero value loads the built-in
// gazetteer only.
type Options struct {
	// ExtraFiles are paths of further files in the places.tsv format, read
	// at New and added after the built-in rows. A row whose GeoID already
	// exists is an error.
	ExtraFiles []string
	// NoBuiltin skips the embedded data/places.tsv (for tests and custom
	// gazetteers).
	NoBuiltin bool
}

// Gazetteer recognises and resolves place names. It is safe for concurrent
// use after New returns.
type Gazetteer struct {
	entries   []entry
	index     map[string][]candidate // joined token keys -> candidates
	firstKeys map[string]int         // first token key -> longest name in tokens
	byCountry map[string]int         // ISO3 -> country entry
	capitals  map[string]int         // ISO3 -> capital city entry
}

// New loads the gazetteer. Errors name the file and line of a malformed
// row ("places.tsv:12: bad coordinates ...").
func New(opts Options) (*Gazetteer, error) {
	var entries []entry
	if !opts.NoBuiltin {
		es, err := parseGazetteer("data/places.tsv", builtinPlaces)
		if err != nil {
			return nil, fmt.Errorf("load gazetteer: %w", err)
		}
		entries = es
	}
	for _, path := range opts.ExtraFiles {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("load gazetteer: %w", err)
		}
		es, err := parseGazetteer(path, data)
		if err != nil {
			return nil, fmt.Errorf("load gazetteer: %w", err)
		}
		entries = append(entries, es...)
	}
	g := &Gazetteer{
		entries:   entries,
		index:     map[string][]candidate{},
		firstKeys: map[string]int{},
		byCountry: map[string]int{},
		capitals:  map[string]int{},
	}
	seen := map[string]int{}
	for i := range entries {
		e := &entries[i]
		if at, dup := seen[e.id]; dup {
			return nil, fmt.Errorf("load gazetteer: duplicate geo id %q (%s and %s)", e.id, entries[at].name, e.name)
		}
		seen[e.id] = i
		if e.precision == realign.PrecisionCountry {
			g.byCountry[e.country] = i
		}
		if e.capital {
			if _, ok := g.capitals[e.country]; !ok {
				g.capitals[e.country] = i
			}
		}
		for _, n := range e.names {
			toks := nameTokens(n)
			if len(toks) == 0 {
				continue
			}
			k := joinKeys(toks)
			dup := false
			for _, c := range g.index[k] {
				if c.entry == i {
					dup = true
				}
			}
			if dup {
				continue
			}
			g.index[k] = append(g.index[k], candidate{entry: i, toks: toks})
			if len(toks) > g.firstKeys[toks[0].key] {
				g.firstKeys[toks[0].key] = len(toks)
			}
		}
	}
	return g, nil
}

// Len returns the number of gazetteer entries.
func (g *Gazetteer) Len() int { return len(g.entries) }

// Lookup returns every gazetteer entry whose name or alternate equals name
// (case-insensitive, typographic apostrophes folded), as Places with an
// empty Span and Text, most preferred first (population, capital status,
// country before city). It returns nil when nothing matches. Callers may
// modify the returned places.
func (g *Gazetteer) Lookup(name string) []realign.Place {
	toks := nameTokens(strings.TrimSpace(name))
	if len(toks) == 0 {
		return nil
	}
	cands := g.index[joinKeys(toks)]
	idx := make([]int, len(cands))
	for i, c := range cands {
		idx[i] = c.entry
	}
	sortByBase(g.entries, idx)
	var out []realign.Place
	for _, i := range idx {
		out = append(out, g.entries[i].place())
	}
	return out
}

// Country returns the country-precision place of an ISO 3166-1 alpha-3
// code ("KGZ"), with its representative point, and whether it is known.
func (g *Gazetteer) Country(iso3 string) (realign.Place, bool) {
	i, ok := g.byCountry[strings.ToUpper(iso3)]
	if !ok {
		return realign.Place{}, false
	}
	return g.entries[i].place(), true
}

// Capital returns the national capital (city precision) of an ISO
// 3166-1 alpha-3 code and whether one is known.
func (g *Gazetteer) Capital(iso3 string) (realign.Place, bool) {
	i, ok := g.capitals[strings.ToUpper(iso3)]
	if !ok {
		return realign.Place{}, false
	}
	return g.entries[i].place(), true
}

// match is one recognised toponym before disambiguation.
type match struct {
	span  realign.Span
	cands []int
}

// Annotate sets a.Places to the toponyms of a.Document.Text, sorted by
// start offset and non-overlapping. It reads a.Sentences (tokenising the
// whole text as one sentence when there are none) and a.Mentions when the
// entity stage has run. It never fails on well-formed input; the error is
// reserved for future checks.
func (g *Gazetteer) Annotate(a *realign.Analysis) error {
	text := a.Document.Text
	sents := a.Sentences
	if len(sents) == 0 && strings.TrimSpace(text) != "" {
		sp := realign.Span{Start: 0, End: len(text)}
		sents = []realign.Sentence{{Span: sp, Tokens: nlp.Tokenize(text, sp)}}
	}
	var matches []match
	for _, s := range sents {
		matches = append(matches, g.scan(text, s.Tokens)...)
	}
	matches = dropInsideMentions(matches, a.Mentions)

	// Document context: countries named unambiguously, and actors'
	// countries from the entity stage.
	ctxCountries := map[string]int{}
	for _, m := range matches {
		if c := g.soleCountry(m.cands); c != "" {
			ctxCountries[c]++
		}
	}
	for _, m := range a.Mentions {
		if m.Actor != nil && m.Actor.Country != "" {
			ctxCountries[m.Actor.Country]++
		}
	}
	ctxHit := map[string]bool{}
	places := make([]realign.Place, 0, len(matches))
	for _, m := range matches {
		best, bestScore := -1, math.Inf(-1)
		for _, ci := range m.cands {
			e := &g.entries[ci]
			s := e.base()
			if len(e.ctx) > 0 {
				if !anyContext(text, e.ctx, ctxHit) {
					continue
				}
				s += 10
			}
			if e.country != "" && ctxCountries[e.country] > 0 {
				s += 2 + 0.5*math.Min(float64(ctxCountries[e.country]), 4)
			}
			if s > bestScore {
				best, bestScore = ci, s
			}
		}
		if best < 0 {
			continue
		}
		p := g.entries[best].place()
		p.Span = m.span
		p.Text = text[m.span.Start:m.span.End]
		places = append(places, p)
	}
	sort.SliceStable(places, func(i, j int) bool { return places[i].Start < places[j].Start })
	a.Places = places
	return nil
}

// soleCountry returns the country shared by all candidates, or "".
func (g *Gazetteer) soleCountry(cands []int) string {
	c := ""
	for _, i := range cands {
		e := &g.entries[i]
		if len(e.ctx) > 0 {
			continue
		}
		if c == "" {
			c = e.country
		} else if c != e.country {
			return ""
		}
	}
	return c
}

// anyContext reports whether one of words occurs in text as a whole word
// or phrase (case-sensitive). Results are memoised in seen.
func anyContext(text string, words []string, seen map[string]bool) bool {
	for _, w := range words {
		hit, ok := seen[w]
		if !ok {
			hit = containsWord(text, w)
			seen[w] = hit
		}
		if hit {
			return true
		}
	}
	return false
}

func containsWord(text, w string) bool {
	for off := 0; off < len(text); {
		i := strings.Index(text[off:], w)
		if i < 0 {
			return false
		}
		i += off
		end := i + len(w)
		before, _ := utf8.DecodeLastRuneInString(text[:i])
		after, _ := utf8.DecodeRuneInString(text[end:])
		if (i == 0 || !isWordRune(before)) && (end == len(text) || !isWordRune(after)) {
			return true
		}
		off = i + 1
	}
	return false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// dropInsideMentions removes matches strictly inside a longer PERSON or
// ORG mention ("Washington" in "Denzel Washington", "Georgia" in "Georgia
// Tech").
func dropInsideMentions(ms []match, mentions []realign.Mention) []match {
	if len(mentions) == 0 {
		return ms
	}
	// Mentions are sorted by start; a mention containing m starts at or
	// before it, and the longest such PERSON/ORG mention is among the few
	// that start just before it (mentions do not nest).
	out := ms[:0]
	for _, m := range ms {
		inside := false
		k := sort.Search(len(mentions), func(i int) bool { return mentions[i].Start > m.span.Start })
		for j := k - 1; j >= 0 && j >= k-4; j-- {
			mn := mentions[j]
			if (mn.Type == realign.PERSON || mn.Type == realign.ORG) && mn.Span.Contains(m.span) && mn.Span.Len() > m.span.Len() {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, m)
		}
	}
	return out
}
