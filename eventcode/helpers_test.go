package eventcode

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/realign/realign"
	"github.com/realign/realign/nlp"
)

// Actors used by the tests.
func state(iso string) *realign.Actor {
	return &realign.Actor{ID: "state/" + iso, Code: iso, Name: iso, Country: iso, Kind: "state"}
}

func person(id, name, iso, sector string) *realign.Actor {
	return &realign.Actor{ID: "person/" + id, Code: iso + sector, Name: name, Country: iso, Sector: sector, Kind: "person"}
}

var (
	aPAK     = state("PAK")
	aRUS     = state("RUS")
	aIND     = state("IND")
	aUSA     = state("USA")
	aCHN     = state("CHN")
	aIRN     = state("IRN")
	aSAU     = state("SAU")
	aAFG     = state("AFG")
	aINDGOV  = &realign.Actor{ID: "state/IND", Code: "INDGOV", Name: "India", Country: "IND", Sector: "GOV", Kind: "state"}
	aKhan    = person("imran-khan", "Imran Khan", "PAK", "GOV")
	aPutin   = person("vladimir-putin", "Vladimir Putin", "RUS", "GOV")
	aQureshi = person("shah-mahmood-qureshi", "Shah Mahmood Qureshi", "PAK", "GOV")
	aModi    = person("narendra-modi", "Narendra Modi", "IND", "GOV")
	aSputnik = &realign.Actor{ID: "org/sputnik", Code: "RUSMED", Name: "Sputnik", Country: "RUS", Sector: "MED", Kind: "org"}
	aSCO     = &realign.Actor{ID: "igo/SCO", Code: "IGOSCO", Name: "Shanghai Cooperation Organisation", Sector: "IGO", Kind: "igo"}
)

var segmenter *nlp.Segmenter

func seg(t testing.TB) *nlp.Segmenter {
	t.Helper()
	if segmenter == nil {
		s, err := nlp.New(nlp.Options{})
		if err != nil {
			t.Fatalf("nlp.New: %v", err)
		}
		segmenter = s
	}
	return segmenter
}

// analysis segments text and tags every whole-word occurrence of each key
// of mentions as a mention of its actor (longer keys first, no overlaps).
func analysis(t testing.TB, text string, published string, mentions map[string]*realign.Actor) *realign.Analysis {
	t.Helper()
	a := &realign.Analysis{Document: realign.Document{Text: text}}
	if published != "" {
		p, err := time.Parse("2006-01-02", published)
		if err != nil {
			t.Fatal(err)
		}
		a.Document.Published = p
	}
	if err := seg(t).Annotate(a); err != nil {
		t.Fatal(err)
	}
	keys := make([]string, 0, len(mentions))
	for k := range mentions {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return len(keys[i]) > len(keys[j]) || len(keys[i]) == len(keys[j]) && keys[i] < keys[j]
	})
	taken := make([]bool, len(text))
	for _, k := range keys {
		for off := 0; ; {
			i := strings.Index(text[off:], k)
			if i < 0 {
				break
			}
			st, en := off+i, off+i+len(k)
			off = en
			if st > 0 && isWordByte(text[st-1]) || en < len(text) && isWordByte(text[en]) {
				continue
			}
			free := true
			for x := st; x < en; x++ {
				if taken[x] {
					free = false
				}
			}
			if !free {
				continue
			}
			for x := st; x < en; x++ {
				taken[x] = true
			}
			typ := realign.GPE
			if mentions[k].Kind == "person" {
				typ = realign.PERSON
			}
			a.Mentions = append(a.Mentions, realign.Mention{Span: realign.Span{Start: st, End: en}, Text: k, Type: typ, Actor: mentions[k], Antecedent: -1})
		}
	}
	sort.Slice(a.Mentions, func(i, j int) bool { return a.Mentions[i].Start < a.Mentions[j].Start })
	return a
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// spanOf returns the span of the n-th (0-based) occurrence of sub in text.
func spanOf(t testing.TB, text, sub string, n int) realign.Span {
	t.Helper()
	off := 0
	for k := 0; ; k++ {
		i := strings.Index(text[off:], sub)
		if i < 0 {
			t.Fatalf("%q not found (occurrence %d)", sub, n)
		}
		if k == n {
			return realign.Span{Start: off + i, End: off + i + len(sub)}
		}
		off += i + len(sub)
	}
}

// brief is a one-line summary of an event for comparisons.
func brief(e realign.Event) string {
	src, tgt := "-", "-"
	if e.Source != nil {
		src = e.Source.Code
	}
	if e.Target != nil {
		tgt = e.Target.Code
	}
	return src + " " + tgt + " " + e.Code + " " + e.Modality
}

// briefs codes a and returns each event's brief, in order.
func briefs(t testing.TB, a *realign.Analysis) []string {
	t.Helper()
	var out []string
	for _, e := range code(t, a) {
		out = append(out, brief(e))
	}
	return out
}

func code(t testing.TB, a *realign.Analysis) []realign.Event {
	t.Helper()
	c, err := New(Options{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if err := c.Annotate(a); err != nil {
		t.Fatalf("Annotate: %v", err)
	}
	return a.Events
}
