package geo

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
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

// builtinCities is the generated part of the gazetteer (see
// data/cities.tsv.gz's header and geo/internal/gen).
//
//go:embed data/cities.tsv.gz
var builtinCities []byte

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
	// generated is true for rows of data/cities.tsv.gz; they yield to
	// hand-written rows and need more evidence to be chosen.
	generated bool
	// seat is true for national capitals and first-level administrative
	// seats of generated rows (GeoNames PPLC, PPLA).
	seat bool
	// admin1 is the GeoNames first-level admin code ("TX", "08"): of a
	// generated row, of a hand-written city that overlays one, or of a
	// region from its admin1= note; "" when unknown.
	admin1 string
	// cues are words that, in the same sentence, favour this entry over
	// its homonyms (cue= note); nil when none.
	cues []string
}

// generatedPenalty is subtracted from the preference score of generated
// rows, so that a hand-written place of the same name wins unless the
// document's context points to the generated one.
const generatedPenalty = 3

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
	if e.generated {
		s -= generatedPenalty
		if e.seat {
			s += 0.5
		}
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
				case strings.HasPrefix(n, "admin1="):
					e.admin1 = strings.TrimPrefix(n, "admin1=")
					if e.admin1 == "" || e.precision != realign.PrecisionRegion {
						return nil, fmt.Errorf("%s:%d: admin1= needs a code and a region", file, ln)
					}
				case strings.HasPrefix(n, "cue="):
					for _, w := range strings.Split(strings.TrimPrefix(n, "cue="), ",") {
						if w = strings.TrimSpace(w); w != "" {
							e.cues = append(e.cues, w)
						}
					}
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
	if simpleName(name) {
		// letters separated by single spaces tokenise as the words
		out := make([]nameToken, 0, strings.Count(name, " ")+1)
		for w := range strings.SplitSeq(name, " ") {
			r, _ := utf8.DecodeRuneInString(w)
			out = append(out, nameToken{key: tokenKey(w), cap: unicode.IsUpper(r)})
		}
		return out
	}
	toks := nlp.Tokenize(name, realign.Span{Start: 0, End: len(name)})
	out := make([]nameToken, len(toks))
	for i, t := range toks {
		r, _ := utf8.DecodeRuneInString(t.Text)
		out[i] = nameToken{key: tokenKey(t.Text), cap: unicode.IsUpper(r)}
	}
	return out
}

// simpleName reports names made of letters only, in words separated by
// single spaces, which need no tokenizer.
func simpleName(name string) bool {
	if name == "" || name[0] == ' ' || name[len(name)-1] == ' ' || strings.Contains(name, "  ") {
		return false
	}
	for _, r := range name {
		if r != ' ' && !unicode.IsLetter(r) {
			return false
		}
	}
	return true
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

// parseGenerated parses the gzip'd TSV written by geo/internal/gen:
// geonameid, name, ascii name, ISO3 country, lat, lon, population,
// feature code, admin1 code. file names the source in error messages.
func parseGenerated(file string, gz []byte) ([]entry, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var buf bytes.Buffer
	buf.Grow(4 * len(gz))
	if _, err := io.Copy(&buf, zr); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	data := buf.Bytes()
	out := make([]entry, 0, bytes.Count(data, []byte{'\n'}))
	ln := 0
	for len(data) > 0 {
		ln++
		var line []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			line, data = data, nil
		}
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		f := strings.Split(string(line), "\t")
		if len(f) != 9 {
			return nil, fmt.Errorf("%s:%d: want 9 tab-separated columns, got %d", file, ln, len(f))
		}
		lat, err1 := strconv.ParseFloat(f[4], 64)
		lon, err2 := strconv.ParseFloat(f[5], 64)
		pop, err3 := strconv.ParseFloat(f[6], 64)
		if err1 != nil || err2 != nil || err3 != nil || lat < -90 || lat > 90 || lon < -180 || lon > 180 || f[1] == "" || len(f[3]) != 3 {
			return nil, fmt.Errorf("%s:%d: bad row %q", file, ln, line)
		}
		e := entry{
			precision: realign.PrecisionCity, country: f[3], name: f[1],
			names: []string{f[1]}, lat: lat, lon: lon, hasPoint: true,
			population: pop, capital: f[7] == "PPLC", id: "geonames:" + f[0],
			generated: true, seat: f[7] == "PPLC" || f[7] == "PPLA",
			admin1: f[8],
		}
		if f[2] != "" {
			e.names = append(e.names, f[2])
		}
		out = append(out, e)
	}
	return out, nil
}

// distanceKm is the great-circle distance between two WGS84 points.
func distanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp, dl := p2-p1, (lon2-lon1)*math.Pi/180
	h := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(h)))
}

// DistanceKm returns the great-circle distance in kilometres between two
// WGS84 points given in degrees (haversine, Earth radius 6371 km).
func DistanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	return distanceKm(lat1, lon1, lat2, lon2)
}
