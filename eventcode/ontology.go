package eventcode

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

//go:embed data/cameo.tsv
var cameoTSV string

// Code is one CAMEO 1.1b3 event code with its attributes.
type Code struct {
	// Code is the CAMEO code: a 2-digit root ("04"), a 3-digit ("042")
	// or a 4-digit code ("0312").
	Code string
	// Label is the short English description, e.g. "Make a visit".
	Label string
	// Goldstein is the conflict-cooperation weight, -10..+10 (GDELT table).
	Goldstein float64
	// QuadClass is 1 verbal cooperation, 2 material cooperation, 3 verbal
	// conflict or 4 material conflict, from the code's root.
	QuadClass int
	// PLOVER is the PLOVER 2021 event category ("CONSULT"), "" when none.
	PLOVER string
	// Mode is the PLOVER mode ("visit"), "" when none.
	Mode string
}

var (
	ontologyOnce sync.Once
	ontology     map[string]Code
	ontologyErr  error
)

func loadOntology() (map[string]Code, error) {
	ontologyOnce.Do(func() { ontology, ontologyErr = parseOntology("cameo.tsv", cameoTSV) })
	return ontology, ontologyErr
}

// Lookup returns the attributes of a CAMEO 1.1b3 event code ("042",
// "0312", "19"). It reports false for codes not in the ontology.
func Lookup(code string) (Code, bool) {
	m, err := loadOntology()
	if err != nil {
		return Code{}, false
	}
	c, ok := m[code]
	return c, ok
}

// Codes returns every code of the ontology, in file order.
func Codes() []Code {
	m, err := loadOntology()
	if err != nil {
		return nil
	}
	out := make([]Code, 0, len(m))
	for _, line := range strings.Split(cameoTSV, "\n") {
		code, _, ok := strings.Cut(line, "\t")
		if c, found := m[code]; ok && found {
			out = append(out, c)
		}
	}
	return out
}

// parseOntology parses the cameo.tsv format described in its header.
func parseOntology(name, text string) (map[string]Code, error) {
	m := map[string]Code{}
	header := false
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !header {
			header = true
			if !strings.HasPrefix(line, "code\t") {
				return nil, fmt.Errorf("%s:%d: want header line starting with \"code\"", name, i+1)
			}
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 6 {
			return nil, fmt.Errorf("%s:%d: want 6 columns, got %d", name, i+1, len(cols))
		}
		code := cols[0]
		if n := len(code); n < 2 || n > 4 {
			return nil, fmt.Errorf("%s:%d: bad code %q", name, i+1, code)
		}
		if _, err := strconv.Atoi(code); err != nil {
			return nil, fmt.Errorf("%s:%d: bad code %q", name, i+1, code)
		}
		g, err := strconv.ParseFloat(cols[2], 64)
		if err != nil || g < -10 || g > 10 {
			return nil, fmt.Errorf("%s:%d: bad goldstein %q", name, i+1, cols[2])
		}
		q, err := strconv.Atoi(cols[3])
		if err != nil || q < 1 || q > 4 {
			return nil, fmt.Errorf("%s:%d: bad quad class %q", name, i+1, cols[3])
		}
		if _, dup := m[code]; dup {
			return nil, fmt.Errorf("%s:%d: duplicate code %s", name, i+1, code)
		}
		m[code] = Code{Code: code, Label: cols[1], Goldstein: g, QuadClass: q, PLOVER: cols[4], Mode: cols[5]}
	}
	if len(m) == 0 {
		return nil, fmt.Errorf("%s: no codes", name)
	}
	return m, nil
}
