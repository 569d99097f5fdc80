package geo

import (
	_ "embed"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/realign/realign"
	"github.com/realign/realign/nlp"
)

//go:embed data/places.tsv
var builtinPlaces []byte

// entry is one gazetteer row.
type entry struct {
	precision  string
	country    string
	name       string
	names      []string // name and alternates as written
	lat, lon   float64
	hasPoint   bool
	population float64
	capital    bool
	ctx        []string // required context words; nil when none
	prio       float64
	id         string
}

// base is the context-free preference score of an entry: larger is
// preferred.
func (e *entry) base() float64 {
	s := math.Log10(e.population+1) + e.prio
	if e.capital {
		s++
	}
	if e.precision == realign.PrecisionCountry {
		s++
	}
	return s
}

// place converts the entry into a Place without span or text. Lat and Lon
// point to fresh copies.
func (e *entry) place() realign.Place {
	p := realign.Place{
		Name:      e.name,
		Country:   e.country,
		Precision: e.precision,
		GeoID:     e.id,
	}
	if e.hasPoint {
		lat, lon := e.lat, e.lon
		p.Lat, p.Lon = &lat, &lon
	}
	return p
}

// parseGazetteer parses places.tsv-format data; file names the source in
// error messages ("file:line: problem").
func parseGazetteer(file string, data []byte) ([]entry, error) {
	var out []entry
	ids := map[string]int{}
	for i, line := range strings.Split(string(data), "\n") {
		ln := i + 1
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 7 || len(f) > 8 {
			return nil, fmt.Errorf("%s:%d: want 7 or 8 tab-separated columns, got %d", file, ln, len(f))
		}
		for len(f) < 8 {
			f = append(f, "")
		}
		for k := range f {
			f[k] = strings.TrimSpace(f[k])
		}
		e := entry{precision: f[0], country: f[1], name: f[2]}
		switch e.precision {
		case realign.PrecisionCountry, realign.PrecisionRegion, realign.PrecisionCity, realign.PrecisionPoint:
		default:
			return nil, fmt.Errorf("%s:%d: unknown precision %q", file, ln, e.precision)
		}
		if e.country != "" && (len(e.country) != 3 || strings.ToUpper(e.country) != e.country) {
			return nil, fmt.Errorf("%s:%d: country %q is not an upper-case alpha-3 code", file, ln, e.country)
		}
		if e.precision == realign.PrecisionCountry && e.country == "" {
			return nil, fmt.Errorf("%s:%d: a country needs its alpha-3 code", file, ln)
		}
		if e.name == "" {
			return nil, fmt.Errorf("%s:%d: empty name", file, ln)
		}
		e.names = []string{e.name}
		if f[3] != "" {
			for _, alt := range strings.Split(f[3], "|") {
				if alt = strings.TrimSpace(alt); alt != "" {
					e.names = append(e.names, alt)
				}
			}
		}
		switch {
		case f[4] == "" && f[5] == "":
		case f[4] == "" || f[5] == "":
			return nil, fmt.Errorf("%s:%d: give both lat and lon or neither", file, ln)
		default:
			lat, err1 := strconv.ParseFloat(f[4], 64)
			lon, err2 := strconv.ParseFloat(f[5], 64)
			if err1 != nil || err2 != nil || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
				return nil, fmt.Errorf("%s:%d: bad coordinates %q, %q", file, ln, f[4], f[5])
			}
			e.lat, e.lon, e.hasPoint = lat, lon, true
		}
		if f[6] != "" {
			pop, err := parsePopulation(f[6])
			if err != nil {
				return nil, fmt.Errorf("%s:%d: population: %w", file, ln, err)
			}
			e.population = pop
		}
		if f[7] != "" {
			for _, n := range strings.Split(f[7], ";") {
				n = strings.TrimSpace(n)
				switch {
				case n == "":
				case n == "capital":
					e.capital = true
				case strings.HasPrefix(n, "ctx="):
					for _, w := range strings.Split(strings.TrimPrefix(n, "ctx="), ",") {
						if w = strings.TrimSpace(w); w != "" {
							e.ctx = append(e.ctx, w)
						}
					}
				case strings.HasPrefix(n, "prio="):
					p, err := strconv.ParseFloat(strings.TrimPrefix(n, "prio="), 64)
					if err != nil {
						return nil, fmt.Errorf("%s:%d: bad prio %q", file, ln, n)
					}
					e.prio = p
				case strings.HasPrefix(n, "id="):
					e.id = strings.TrimPrefix(n, "id=")
				default:
					return nil, fmt.Errorf("%s:%d: unknown note %q", file, ln, n)
				}
			}
		}
		if e.id == "" {
			e.id = deriveID(e.precision, e.country, e.name)
		}
		if prev, dup := ids[e.id]; dup {
			return nil, fmt.Errorf("%s:%d: duplicate geo id %q (first on line %d)", file, ln, e.id, prev)
		}
		ids[e.id] = ln
		out = append(out, e)
	}
	return out, nil
}

// parsePopulation reads "1400M", "900K", "1.6M" or plain digits.
func parsePopulation(s string) (float64, error) {
	mult := 1.0
	switch {
	case strings.HasSuffix(s, "M"):
		mult, s = 1e6, strings.TrimSuffix(s, "M")
	case strings.HasSuffix(s, "K"):
		mult, s = 1e3, strings.TrimSuffix(s, "K")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("bad number %q", s)
	}
	return v * mult, nil
}

// deriveID builds precision:COUNTRY:slug, precision:COUNTRY for
// countries, or precision:slug when there is no country.
func deriveID(precision, country, name string) string {
	if precision == realign.PrecisionCountry {
		return precision + ":" + country
	}
	if country == "" {
		return precision + ":" + slug(name)
	}
	return precision + ":" + country + ":" + slug(name)
}

// slug lower-cases name and joins its letter and digit runs with "-".
func slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else if r != '\'' && r != '’' && r != 'ʻ' {
			dash = true
		}
	}
	return b.String()
}

// nameToken is one token of a gazetteer name: its matching key and
// whether the text must be capitalised there.
type nameToken struct {
	key string
	cap bool
}

// tokenKey normalises a token for matching: lower case, typographic
// apostrophes folded to ASCII.
func tokenKey(s string) string {
	s = strings.ToLower(s)
	return aposFolder.Replace(s)
}

var aposFolder = strings.NewReplacer("’", "'", "ʻ", "'", "‘", "'")

// nameTokens tokenises a name with the pipeline's tokenizer so that names
// and text split alike.
func nameTokens(name string) []nameToken {
	toks := nlp.Tokenize(name, realign.Span{Start: 0, End: len(name)})
	out := make([]nameToken, len(toks))
	for i, t := range toks {
		r, _ := utf8.DecodeRuneInString(t.Text)
		out[i] = nameToken{key: tokenKey(t.Text), cap: unicode.IsUpper(r)}
	}
	return out
}

// index maps a joined token key ("new delhi") to candidate entries.
type candidate struct {
	entry int
	toks  []nameToken
}

func joinKeys(toks []nameToken) string {
	ks := make([]string, len(toks))
	for i, t := range toks {
		ks[i] = t.key
	}
	return strings.Join(ks, " ")
}

// sortByBase orders entry indices by descending base score, then name.
func sortByBase(entries []entry, idx []int) {
	sort.SliceStable(idx, func(a, b int) bool {
		ea, eb := &entries[idx[a]], &entries[idx[b]]
		if sa, sb := ea.base(), eb.base(); sa != sb {
			return sa > sb
		}
		return ea.id < eb.id
	})
}
