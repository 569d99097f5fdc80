package quote

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
)

// Cue classes of the lexicon (second column of data/cues.txt).
const (
	classVerb  = "verb"  // speech verb, speaker is the subject
	classTell  = "tell"  // speech verb with an addressee object
	classPrep  = "prep"  // "according to": the speaker follows
	classVenue = "venue" // "in an interview with": the addressee follows
)

// cueEntry is one line of the cue lexicon.
type cueEntry struct {
	words  []string // lower-case tokens of the phrase
	class  string
	bare   bool // may take a complement clause without "that"
	direct bool // never takes a "that" or bare complement clause
	object bool // reports its object or infinitive ("vowed to fight")
	inf    bool // with object: only a to-infinitive ("sought to join", never "sought closer ties")
	as     bool // attributes only a quotation after "as" ("described it as “…”")
}

// lexicon indexes cue entries by their first word, longest phrase first.
type lexicon map[string][]*cueEntry

// parseLexicon reads the cue lexicon format documented in data/cues.txt.
// name is used in error messages ("cues.txt:12: unknown class").
func parseLexicon(name string, data []byte) (lexicon, error) {
	lex := lexicon{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	line := 0
	n := 0
	for sc.Scan() {
		line++
		raw := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(raw) == "" || strings.HasPrefix(strings.TrimSpace(raw), "#") {
			continue
		}
		cols := strings.Split(raw, "\t")
		if len(cols) < 2 || len(cols) > 3 {
			return nil, fmt.Errorf("%s:%d: want PHRASE<TAB>CLASS[<TAB>FLAGS], got %d columns", name, line, len(cols))
		}
		words := strings.Fields(strings.ToLower(cols[0]))
		if len(words) == 0 {
			return nil, fmt.Errorf("%s:%d: empty phrase", name, line)
		}
		e := &cueEntry{words: words, class: strings.TrimSpace(cols[1])}
		switch e.class {
		case classVerb, classTell, classPrep, classVenue:
		default:
			return nil, fmt.Errorf("%s:%d: unknown class %q (want verb, tell, prep or venue)", name, line, e.class)
		}
		if len(cols) == 3 {
			for _, f := range strings.Split(cols[2], ",") {
				switch strings.TrimSpace(f) {
				case "":
				case "bare":
					e.bare = true
				case "direct":
					e.direct = true
				case "object":
					e.object = true
				case "as":
					e.as = true
				case "infinitive":
					e.object, e.inf = true, true
				default:
					return nil, fmt.Errorf("%s:%d: unknown flag %q (want bare, direct, object, infinitive or as)", name, line, strings.TrimSpace(f))
				}
			}
		}
		for _, old := range lex[words[0]] {
			if strings.Join(old.words, " ") == strings.Join(words, " ") {
				return nil, fmt.Errorf("%s:%d: duplicate cue %q", name, line, cols[0])
			}
		}
		lex[words[0]] = append(lex[words[0]], e)
		n++
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if n == 0 {
		return nil, fmt.Errorf("%s: no cues", name)
	}
	for k, es := range lex {
		// longest phrase first so that the first match is the longest
		for i := 1; i < len(es); i++ {
			for j := i; j > 0 && len(es[j].words) > len(es[j-1].words); j-- {
				es[j], es[j-1] = es[j-1], es[j]
			}
		}
		lex[k] = es
	}
	return lex, nil
}

// speechClass returns the class of the first single-word cue or the
// first word of a multi-word cue of class verb, tell or prep that is w
// (lower case), or "" when w starts no such cue.
func (l lexicon) speechClass(w string) string {
	for _, e := range l[w] {
		if e.class != classVenue && (len(e.words) == 1 || e.class == classPrep) {
			return e.class
		}
	}
	return ""
}
