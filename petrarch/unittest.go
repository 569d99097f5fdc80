package petrarch

import (
	"regexp"
	"sort"
	"strings"
)

// UnitResult is the outcome of coding one unit-test record.
type UnitResult struct {
	Record Record
	Got    []Coded
	// Pass is true when the coded set of (source, target, code) equals the
	// expected set: no missing and no extra event (a noevents record and a
	// discard record pass with no event).
	Pass bool
	// Missing and Extra are the expected codings not coded and the coded
	// events not expected.
	Missing []Coding
	Extra   []Coded
	// Err is set when the record's parse tree could not be read.
	Err error
}

// CategoryScore counts the records of one category and those that passed.
type CategoryScore struct {
	Category string
	Records  int
	Passed   int
}

// RunUnitTests codes each record that has a parse tree with d and
// compares the result with its expected codings. Records without a tree
// (the "Stop" and final records) are left out. The categories are
// normalised to upper case with a trailing "S" dropped ("AGENTS" counts as
// AGENT).
func RunUnitTests(d *Dictionaries, recs []Record) ([]UnitResult, []CategoryScore) {
	var res []UnitResult
	byCat := map[string]*CategoryScore{}
	for _, r := range recs {
		if r.Parse == "" {
			continue
		}
		ur := UnitResult{Record: r}
		t, err := ParseTree(r.Parse)
		if err != nil {
			ur.Err = err
		} else {
			ur.Got = d.CodeTree(t, r.Published)
		}
		want := map[Coding]bool{}
		for _, g := range r.Gold {
			want[Coding{Source: g.Source, Target: g.Target, Code: g.Code}] = true
		}
		got := map[Coding]bool{}
		for _, e := range ur.Got {
			k := Coding{Source: e.Source, Target: e.Target, Code: e.Code}
			got[k] = true
			if !want[k] {
				ur.Extra = append(ur.Extra, e)
			}
		}
		for _, g := range r.Gold {
			if !got[g] {
				ur.Missing = append(ur.Missing, g)
			}
		}
		ur.Pass = ur.Err == nil && len(ur.Missing) == 0 && len(ur.Extra) == 0
		if r.Error != "" {
			// a record that the coder should reject passes when nothing is
			// coded from it, whether its tree could be read or not
			ur.Pass = len(ur.Got) == 0
		}
		res = append(res, ur)
		c := UnitCategory(r.Category)
		if byCat[c] == nil {
			byCat[c] = &CategoryScore{Category: c}
		}
		byCat[c].Records++
		if ur.Pass {
			byCat[c].Passed++
		}
	}
	var cats []CategoryScore
	for _, c := range byCat {
		cats = append(cats, *c)
	}
	sort.Slice(cats, func(i, j int) bool { return cats[i].Category < cats[j].Category })
	return res, cats
}

// DictionaryPrefix returns the file-name prefix of the dictionaries a
// unit-test file names in its <Environment> ("PETR.Validate." from
// <Verbfile>PETR.Validate.verbs.txt</Verbfile>), or "" when it names none.
func DictionaryPrefix(data string) string {
	m := verbfileRE.FindStringSubmatch(data)
	if m == nil {
		return ""
	}
	return strings.TrimSuffix(strings.TrimSpace(m[1]), "verbs.txt")
}

var verbfileRE = regexp.MustCompile(`<Verbfile>([^<]*)</Verbfile>`)

// UnitCategory normalises a record category: upper case, "AGENTS" read as
// "AGENT", "" as "OTHER".
func UnitCategory(c string) string {
	c = strings.ToUpper(strings.TrimSpace(c))
	if c == "" {
		return "OTHER"
	}
	if c == "AGENTS" {
		return "AGENT"
	}
	return c
}
