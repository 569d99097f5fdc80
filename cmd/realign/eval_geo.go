package main

import (
	"bufio"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/realign/realign"
	"github.com/realign/realign/geo"
	"github.com/realign/realign/pipeline"
)

func init() {
	registerEval(command{"geo", "toponym recognition and resolution against GeoWebNews (GWN.xml)", runEvalGeo})
}

// GeoWebNews toponym types (Gritta et al., "A Pragmatic Guide to
// Geoparsing Evaluation"). The literal group names a place as a place;
// the non-literal group uses a place name for something else (a
// government, people, a language). Non_Toponym and the *_Expression
// context spans are not toponyms and are not scored.
var (
	gwnLiteral    = map[string]bool{"Literal": true, "Literal_Modifier": true, "Mixed": true, "Coercion": true, "Embedded_Literal": true}
	gwnNonLiteral = map[string]bool{"Metonymic": true, "Non_Literal_Modifier": true, "Embedded_Non_Lit": true, "Demonym": true, "Language": true, "Homonym": true}
)

// gwnToponym is one gold toponym: byte span, type and, when geocoded,
// coordinates and GeoNames ID.
type gwnToponym struct {
	realign.Span
	Text, Type string
	HasPoint   bool
	Lat, Lon   float64
	GeoNamesID string
}

// gwnDoc is one GeoWebNews article.
type gwnDoc struct {
	Name, Text string
	Toponyms   []gwnToponym
}

// loadGWN reads GWN.xml from dir (or dir itself when it is the file).
// Offsets in the file count characters; they are converted to byte
// offsets into the text.
func loadGWN(path string) ([]gwnDoc, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, "GWN.xml")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("geowebnews: %w", err)
	}
	defer f.Close()
	var raw struct {
		Articles []struct {
			File     string `xml:"file,attr"`
			Text     string `xml:"text"`
			Toponyms []struct {
				Name  string `xml:"extractedName"`
				Type  string `xml:"type"`
				Start int    `xml:"start"`
				End   int    `xml:"end"`
				ID    string `xml:"geonamesID"`
				Lat   string `xml:"latitude"`
				Lon   string `xml:"longitude"`
			} `xml:"toponyms>toponym"`
		} `xml:"article"`
	}
	if err := xml.NewDecoder(f).Decode(&raw); err != nil {
		return nil, fmt.Errorf("geowebnews: %s: %w", path, err)
	}
	var docs []gwnDoc
	for _, a := range raw.Articles {
		d := gwnDoc{Name: a.File, Text: a.Text}
		// character offset -> byte offset
		off := make([]int, 0, len(a.Text)+1)
		for i := range a.Text {
			off = append(off, i)
		}
		off = append(off, len(a.Text))
		for _, t := range a.Toponyms {
			if t.Start < 0 || t.End < t.Start || t.End >= len(off) {
				// a few annotations have negative offsets; they cannot be
				// placed in the text and are left out
				continue
			}
			g := gwnToponym{Span: realign.Span{Start: off[t.Start], End: off[t.End]}, Type: t.Type, GeoNamesID: t.ID}
			g.Text = a.Text[g.Start:g.End]
			if t.Lat != "" && t.Lon != "" {
				lat, err1 := strconv.ParseFloat(t.Lat, 64)
				lon, err2 := strconv.ParseFloat(t.Lon, 64)
				if err1 == nil && err2 == nil {
					g.Lat, g.Lon, g.HasPoint = lat, lon, true
				}
			}
			d.Toponyms = append(d.Toponyms, g)
		}
		sort.Slice(d.Toponyms, func(i, j int) bool { return d.Toponyms[i].Start < d.Toponyms[j].Start })
		docs = append(docs, d)
	}
	sort.SliceStable(docs, func(i, j int) bool { return gwnLess(docs[i].Name, docs[j].Name) })
	return docs, nil
}

// gwnLess orders article names numerically when both are numbers.
func gwnLess(a, b string) bool {
	x, err1 := strconv.Atoi(a)
	y, err2 := strconv.Atoi(b)
	if err1 == nil && err2 == nil {
		return x < y
	}
	return a < b
}

// geoScores are the figures of one evaluation run.
type geoScores struct {
	Docs int
	// recognition, exact span match, against all toponyms (literal and
	// non-literal groups)
	TP, FP, FN int
	// predictions that overlap a gold toponym without matching its span
	Partial int
	// recall by gold type: found (exact span) and total
	TypeFound, TypeTotal map[string]int
	// resolution on literal-group toponyms with gold coordinates that a
	// place overlaps: Resolved have coordinates, Within161 within 161 km;
	// CountryKnown have a gold country, CountryRight agree with it
	LitGold, Resolved, Within161, CountryKnown, CountryRight int
	// the same over every geocoded gold toponym (non-literal too)
	AllResolved, AllWithin161 int
	// distances of resolved literal toponyms, km, for the median
	dists []float64
}

func (s *geoScores) precision() float64 { return geoRatio(s.TP, s.TP+s.FP) }
func (s *geoScores) recall() float64    { return geoRatio(s.TP, s.TP+s.FN) }
func (s *geoScores) f1() float64 {
	p, r := s.precision(), s.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}
func (s *geoScores) acc161() float64     { return geoRatio(s.Within161, s.Resolved) }
func (s *geoScores) countryAcc() float64 { return geoRatio(s.CountryRight, s.CountryKnown) }

func geoRatio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// geoMismatch is one error for the dump.
type geoMismatch struct {
	Doc, Kind, Text, Type, Detail string
	Start                         int
}

// countryOf returns the country of a gold point: the country of its
// GeoNames ID when the gazetteer has it, else of a country representative
// point within 25 km (gold points of countries are GeoNames' country
// points), else of the nearest city within 75 km, else of the nearest
// country point within 500 km; "" when none.
type countryOf func(t gwnToponym) string

func newCountryOf(g *geo.Gazetteer) countryOf {
	countries := g.Countries()
	return func(t gwnToponym) string {
		if t.GeoNamesID != "" {
			if p, ok := g.Place("geonames:" + t.GeoNamesID); ok {
				return p.Country
			}
		}
		nearestCountry := func(maxKm float64) string {
			best, bestD := "", maxKm
			for _, c := range countries {
				if d := geo.DistanceKm(t.Lat, t.Lon, *c.Lat, *c.Lon); d < bestD {
					best, bestD = c.Country, d
				}
			}
			return best
		}
		if c := nearestCountry(25); c != "" {
			return c
		}
		if p, _, ok := g.Nearest(t.Lat, t.Lon, 75); ok {
			return p.Country
		}
		return nearestCountry(500)
	}
}

// scoreGeo compares one document's places with its gold toponyms.
func scoreGeo(s *geoScores, d gwnDoc, places []realign.Place, country countryOf, mis *[]geoMismatch) {
	s.Docs++
	var gold []gwnToponym
	for _, t := range d.Toponyms {
		if gwnLiteral[t.Type] || gwnNonLiteral[t.Type] {
			gold = append(gold, t)
		}
	}
	exact := map[realign.Span]int{}
	for i, t := range gold {
		exact[t.Span] = i
		s.TypeTotal[t.Type]++
	}
	matched := make([]bool, len(gold))
	for _, p := range places {
		if i, ok := exact[p.Span]; ok {
			s.TP++
			matched[i] = true
			s.TypeFound[gold[i].Type]++
			continue
		}
		s.FP++
		kind, detail := "spurious", ""
		for _, t := range d.Toponyms {
			if t.Overlaps(p.Span) {
				if gwnLiteral[t.Type] || gwnNonLiteral[t.Type] {
					s.Partial++
					kind = "boundary"
				}
				detail = fmt.Sprintf("overlaps gold %q (%s)", t.Text, t.Type)
				break
			}
		}
		*mis = append(*mis, geoMismatch{Doc: d.Name, Kind: kind, Text: p.Text, Type: p.Precision, Start: p.Start, Detail: strings.TrimSpace(detail + " -> " + geoPlaceLabel(p))})
	}
	for i, t := range gold {
		if !matched[i] {
			s.FN++
			*mis = append(*mis, geoMismatch{Doc: d.Name, Kind: "missed", Text: t.Text, Type: t.Type, Start: t.Start})
		}
	}
	// resolution: the place overlapping each geocoded gold toponym
	for _, t := range gold {
		if !t.HasPoint {
			continue
		}
		lit := gwnLiteral[t.Type]
		if lit {
			s.LitGold++
		}
		var p *realign.Place
		for i := range places {
			if places[i].Overlaps(t.Span) {
				p = &places[i]
				break
			}
		}
		if p == nil || p.Lat == nil {
			continue
		}
		dist := geo.DistanceKm(t.Lat, t.Lon, *p.Lat, *p.Lon)
		s.AllResolved++
		if dist <= 161 {
			s.AllWithin161++
		}
		if !lit {
			continue
		}
		s.Resolved++
		s.dists = append(s.dists, dist)
		if dist <= 161 {
			s.Within161++
		}
		// country accuracy counts places in one country: a region that
		// spans several ("Korean Peninsula") has no country to compare
		gc := country(t)
		if gc != "" && p.Country != "" {
			s.CountryKnown++
			if gc == p.Country {
				s.CountryRight++
			}
		}
		if dist > 161 || gc != "" && gc != p.Country {
			*mis = append(*mis, geoMismatch{Doc: d.Name, Kind: "resolution", Text: t.Text, Type: t.Type, Start: t.Start,
				Detail: fmt.Sprintf("gold %.3f,%.3f %s; got %s, %.0f km away", t.Lat, t.Lon, geoOrDash(gc), geoPlaceLabel(*p), dist)})
		}
	}
}

func geoPlaceLabel(p realign.Place) string {
	s := fmt.Sprintf("%s, %s (%s", p.Name, geoOrDash(p.Country), p.Precision)
	if p.GeoID != "" {
		s += " " + p.GeoID
	}
	return s + ")"
}

func geoOrDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// write prints the scores as a report.
func (s *geoScores) write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%d documents\n\n", s.Docs)
	fmt.Fprintf(bw, "Toponym recognition (exact span; gold: literal and non-literal toponyms)\n")
	fmt.Fprintf(bw, "  precision %.3f  recall %.3f  F1 %.3f  (tp %d, fp %d, fn %d; %d fp overlap a gold toponym)\n",
		s.precision(), s.recall(), s.f1(), s.TP, s.FP, s.FN, s.Partial)
	var types []string
	for t := range s.TypeTotal {
		types = append(types, t)
	}
	sort.Slice(types, func(i, j int) bool {
		if gwnLiteral[types[i]] != gwnLiteral[types[j]] {
			return gwnLiteral[types[i]]
		}
		return types[i] < types[j]
	})
	fmt.Fprintf(bw, "  recall by type:\n")
	lf, lt, nf, nt := 0, 0, 0, 0
	for _, t := range types {
		group := "non-literal"
		if gwnLiteral[t] {
			group = "literal"
			lf += s.TypeFound[t]
			lt += s.TypeTotal[t]
		} else {
			nf += s.TypeFound[t]
			nt += s.TypeTotal[t]
		}
		fmt.Fprintf(bw, "    %-22s %-11s %4d/%-4d %.3f\n", t, group, s.TypeFound[t], s.TypeTotal[t], geoRatio(s.TypeFound[t], s.TypeTotal[t]))
	}
	fmt.Fprintf(bw, "    %-22s %-11s %4d/%-4d %.3f\n", "all literal", "", lf, lt, geoRatio(lf, lt))
	fmt.Fprintf(bw, "    %-22s %-11s %4d/%-4d %.3f\n", "all non-literal", "", nf, nt, geoRatio(nf, nt))
	fmt.Fprintf(bw, "\nToponym resolution (literal toponyms with gold coordinates that a place overlaps)\n")
	fmt.Fprintf(bw, "  resolved %d of %d geocoded literal toponyms (%.3f)\n", s.Resolved, s.LitGold, geoRatio(s.Resolved, s.LitGold))
	fmt.Fprintf(bw, "  accuracy@161km %.3f (%d/%d)  median error %.0f km\n", s.acc161(), s.Within161, s.Resolved, geoMedian(s.dists))
	fmt.Fprintf(bw, "  country accuracy %.3f (%d/%d with a known gold country)\n", s.countryAcc(), s.CountryRight, s.CountryKnown)
	fmt.Fprintf(bw, "  all geocoded toponyms (non-literal too): accuracy@161km %.3f (%d/%d)\n", geoRatio(s.AllWithin161, s.AllResolved), s.AllWithin161, s.AllResolved)
	return bw.Flush()
}

func geoMedian(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	ys := append([]float64(nil), xs...)
	sort.Float64s(ys)
	return ys[len(ys)/2]
}

// evalGeo runs analyze over docs and scores the places.
func evalGeo(ctx context.Context, docs []gwnDoc, analyze func(context.Context, realign.Document) (*realign.Analysis, error), g *geo.Gazetteer) (*geoScores, []geoMismatch, error) {
	s := &geoScores{TypeFound: map[string]int{}, TypeTotal: map[string]int{}}
	var mis []geoMismatch
	country := newCountryOf(g)
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		a, err := analyze(ctx, realign.Document{Text: d.Text})
		if err != nil {
			return nil, nil, fmt.Errorf("geowebnews: article %s: %w", d.Name, err)
		}
		scoreGeo(s, d, a.Places, country, &mis)
	}
	return s, mis, nil
}

// runEvalGeo scores the geo stage (after nlp and entity, as in analyze)
// against GeoWebNews.
func runEvalGeo(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("eval geo", "eval geo --data DIR|GWN.xml [--limit N] [--dump FILE]", e)
	data := fs.String("data", "", "GeoWebNews `DIR` holding GWN.xml, or the file (e.g. ../shared/eval/geo/geowebnews/)")
	limit := fs.Int("limit", 0, "score only the first `N` articles in number order (0: all)")
	dump := fs.String("dump", "", "write every mismatch (missed, spurious, boundary, resolution) to `FILE`")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("eval geo: unexpected argument %q (the data directory goes in --data)", pos[0])
	}
	if *data == "" {
		fs.Usage()
		return usagef("eval geo: --data DIR is required")
	}
	if *limit < 0 {
		return usagef("eval geo: --limit must not be negative")
	}
	docs, err := loadGWN(*data)
	if err != nil {
		return err
	}
	if *limit > 0 && *limit < len(docs) {
		docs = docs[:*limit]
	}
	p, err := pipeline.New(pipeline.Options{})
	if err != nil {
		return err
	}
	g, err := geo.New(geo.Options{})
	if err != nil {
		return err
	}
	s, mis, err := evalGeo(ctx, docs, p.AnalyzeContext, g)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "GeoWebNews %s\n", *data)
	if err := s.write(e.stdout); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	if *dump != "" {
		if err := writeGeoMismatches(*dump, mis); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "\n%d mismatches written to %s\n", len(mis), *dump)
	}
	return nil
}

func writeGeoMismatches(path string, mis []geoMismatch) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("dump: %w", err)
	}
	bw := bufio.NewWriter(f)
	fmt.Fprintf(bw, "# doc\toffset\tkind\ttext\ttype\tdetail\n")
	for _, m := range mis {
		fmt.Fprintf(bw, "%s\t%d\t%s\t%s\t%s\t%s\n", m.Doc, m.Start, m.Kind, geoOneLine(m.Text), m.Type, m.Detail)
	}
	err = bw.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("dump %s: %w", path, err)
	}
	return nil
}

func geoOneLine(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "?")
	}
	return strings.Join(strings.Fields(s), " ")
}
