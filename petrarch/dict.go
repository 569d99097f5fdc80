package petrarch

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Dictionaries holds the PETRARCH2 dictionaries that CodeTree uses: the
// verb dictionary (verbs, their patterns and the synsets the patterns
// name), the actor and agent dictionaries and the discard list. Words are
// kept upper case, as PETRARCH writes them.
type Dictionaries struct {
	// Synsets maps a synset name without its "&" ("TIETYPES") to its
	// phrases, each a word sequence ("SWISS FRANCS" is two words).
	Synsets map[string][][]string
	// Verbs maps an inflected verb form ("RESTORED") to the verb phrases
	// that have it as their verb word.
	Verbs map[string][]*VerbPhrase
	// Actors maps the first word of an actor phrase to its entries,
	// longest phrase first.
	Actors map[string][]*ActorName
	// Agents maps the first word of an agent phrase to its entries,
	// longest phrase first.
	Agents map[string][]*AgentName
	// Discards are sentence-level discard phrases; StoryDiscards are the
	// story-level ones (lines with a leading "+").
	Discards, StoryDiscards [][]string
}

// VerbBlock is one "--- NAME [CODE] ---" block of the verb dictionary:
// a default code and the patterns that refine it.
type VerbBlock struct {
	Name, Code string
	Patterns   []*VerbPattern
}

// VerbPhrase is one verb of a block: the verb word with the words that
// must stand right before (Pre) and after (Post) it ("BREAK_DOWN" is the
// verb BREAK with Post DOWN). Code, when not "", overrides the block's.
type VerbPhrase struct {
	Pre, Post []string
	Code      string
	Block     *VerbBlock
}

// VerbPattern is one "- PRE * POST [CODE]" line of a block. Pre holds the
// elements before the verb ("*"), Post those after, in text order.
type VerbPattern struct {
	Pre, Post []PatElem
	Code      string
	Line      int
	Text      string
}

// PatElem is one element of a verb pattern. Kind is 'w' (a literal word
// Word), '&' (a synset named Word), '+' (the target), '$' (the source),
// '%' (the compound subject: source and target) or '^' (one skipped
// word). Adj says the element is joined to its neighbour toward the verb
// by "_" and must stand right next to it.
type PatElem struct {
	Kind byte
	Word string
	Adj  bool
}

// ActorName is one name of an actor entry (a main name or a "+" synonym).
// Exact is false for a name written without a trailing "_", whose last
// word also matches longer words it begins ("ARGENTIN" for Argentina).
type ActorName struct {
	Words []string
	Exact bool
	Actor *ActorEntry
}

// ActorEntry is an actor: its codes, each valid for a range of dates.
type ActorEntry struct {
	Codes []DatedCode
}

// DatedCode is an actor code, or several joined by "/" ("FRO/BIL/SAM"),
// valid from From to To (inclusive; zero times are open ends). Plain is
// true for a code with no date restriction.
type DatedCode struct {
	Codes    []string
	From, To time.Time
	Plain    bool
}

// AgentName is one name of an agent entry: Suffix codes are appended to
// the actor's code ("~GOV"), Prefix codes put before it ("NGO~").
type AgentName struct {
	Words          []string
	Suffix, Prefix string
}

// CodesAt returns the codes an actor has on date d: the first dated code
// whose range holds d, else the first plain code. A zero d takes the
// plain code.
func (a *ActorEntry) CodesAt(d time.Time) []string {
	if !d.IsZero() {
		for _, c := range a.Codes {
			if c.Plain {
				continue
			}
			if (c.From.IsZero() || !d.Before(c.From)) && (c.To.IsZero() || !d.After(c.To)) {
				return c.Codes
			}
		}
	}
	for _, c := range a.Codes {
		if c.Plain {
			return c.Codes
		}
	}
	return nil
}

// LoadDictionaries reads PETR.Validate.{verbs,actors,agents,discards}.txt
// style files from dir: every file whose name ends in verbs.txt,
// actors.txt, agents.txt and discards.txt with the given prefix
// ("PETR.Validate."). Errors name the file and line.
func LoadDictionaries(dir, prefix string) (*Dictionaries, error) {
	d := &Dictionaries{Synsets: map[string][][]string{}, Verbs: map[string][]*VerbPhrase{},
		Actors: map[string][]*ActorName{}, Agents: map[string][]*AgentName{}}
	for _, part := range []struct {
		name string
		read func(string, string) error
	}{{"verbs.txt", d.readVerbs}, {"actors.txt", d.readActors}, {"agents.txt", d.readAgents}, {"discards.txt", d.readDiscards}} {
		path := filepath.Join(dir, prefix+part.name)
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("petrarch dictionaries: %w", err)
		}
		if err := part.read(filepath.Base(path), string(b)); err != nil {
			return nil, err
		}
	}
	for _, l := range d.Actors {
		sort.SliceStable(l, func(i, j int) bool { return len(l[i].Words) > len(l[j].Words) })
	}
	for _, l := range d.Agents {
		sort.SliceStable(l, func(i, j int) bool { return len(l[i].Words) > len(l[j].Words) })
	}
	return d, nil
}

// dictLines yields the lines of a dictionary with "<!-- -->" comments
// (also across lines) and "#" comments outside brackets removed; the
// callback gets the 1-based line number and the line (leading blanks
// kept).
func dictLines(text string, f func(n int, line string) error) error {
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	inComment := false
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if inComment {
			i := strings.Index(line, "-->")
			if i < 0 {
				continue
			}
			line = line[i+3:]
			inComment = false
		}
		for {
			i := strings.Index(line, "<!--")
			if i < 0 {
				break
			}
			j := strings.Index(line[i:], "-->")
			if j < 0 {
				line = line[:i]
				inComment = true
				break
			}
			line = line[:i] + line[i+j+3:]
		}
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "<") {
			continue // "<! -- ... -->" and other stray markup
		}
		depth := 0
		for i := 0; i < len(line); i++ {
			switch line[i] {
			case '[', '{':
				depth++
			case ']', '}':
				depth--
			case '#':
				if depth <= 0 {
					line = line[:i]
				}
			}
			if i >= len(line) {
				break
			}
		}
		if err := f(n, strings.TrimRight(line, " \t\r")); err != nil {
			return err
		}
	}
	return sc.Err()
}

var bracketRE = regexp.MustCompile(`\[([^\]]*)\]`)

// phraseWords splits "MINAS_TIRITH" or "PRINCE OF DOL AMROTH" into words.
func phraseWords(s string) []string {
	return strings.FieldsFunc(strings.ToUpper(s), func(r rune) bool { return r == '_' || r == ' ' || r == '\t' })
}

func (d *Dictionaries) readActors(name, text string) error {
	var cur *ActorEntry
	return dictLines(text, func(n int, line string) error {
		t := strings.TrimSpace(line)
		if t == "" {
			return nil
		}
		indented := line[0] == ' ' || line[0] == '\t'
		if !strings.HasPrefix(t, "+") && !(indented && strings.HasPrefix(t, "[")) {
			cur = &ActorEntry{}
		}
		if cur == nil {
			return fmt.Errorf("%s:%d: a synonym or code before any actor", name, n)
		}
		for _, m := range bracketRE.FindAllStringSubmatch(t, -1) {
			c, err := parseDatedCode(m[1])
			if err != nil {
				return fmt.Errorf("%s:%d: %w", name, n, err)
			}
			cur.Codes = append(cur.Codes, c)
		}
		nm := strings.TrimPrefix(t, "+")
		if i := strings.IndexAny(nm, "[{"); i >= 0 {
			nm = nm[:i]
		}
		nm = strings.TrimSpace(nm)
		if nm == "" {
			return nil
		}
		w := phraseWords(nm)
		if len(w) == 0 {
			return nil
		}
		an := &ActorName{Words: w, Exact: strings.HasSuffix(nm, "_"), Actor: cur}
		d.Actors[w[0]] = append(d.Actors[w[0]], an)
		return nil
	})
}

// parseDatedCode reads "HOB", "HOB < 950601", "HOBREB > 990816",
// "HOBGOV 19950601 - 19990815" or "FRO/BIL/SAM".
func parseDatedCode(s string) (DatedCode, error) {
	s = strings.TrimSpace(s)
	f := strings.Fields(s)
	if len(f) == 0 {
		return DatedCode{}, fmt.Errorf("empty code")
	}
	c := DatedCode{Codes: strings.Split(f[0], "/")}
	rest := strings.ReplaceAll(strings.Join(f[1:], ""), " ", "")
	if rest == "" {
		c.Plain = true
		return c, nil
	}
	var err error
	switch {
	case strings.HasPrefix(rest, "<"):
		c.To, err = dictDate(rest[1:])
		c.To = c.To.AddDate(0, 0, -1)
	case strings.HasPrefix(rest, ">"):
		c.From, err = dictDate(rest[1:])
		c.From = c.From.AddDate(0, 0, 1)
	default:
		a, b, ok := strings.Cut(rest, "-")
		if !ok {
			return c, fmt.Errorf("bad date restriction %q", s)
		}
		if c.From, err = dictDate(a); err == nil {
			c.To, err = dictDate(b)
		}
	}
	return c, err
}

// dictDate reads YYMMDD (years before 30 are 20YY) or YYYYMMDD.
func dictDate(s string) (time.Time, error) {
	switch len(s) {
	case 8:
		return time.Parse("20060102", s)
	case 6:
		t, err := time.Parse("060102", s)
		if err == nil && t.Year() >= 2030 {
			t = t.AddDate(-100, 0, 0)
		}
		return t, err
	}
	return time.Time{}, fmt.Errorf("bad date %q", s)
}

func (d *Dictionaries) readAgents(name, text string) error {
	subst := map[string][]string{}
	return dictLines(text, func(n int, line string) error {
		t := strings.TrimSpace(line)
		if t == "" {
			return nil
		}
		if k, v, ok := strings.Cut(t, "="); ok && strings.HasPrefix(t, "!") && !strings.Contains(k, "[") {
			for _, w := range strings.Split(v, ",") {
				if w = strings.TrimSpace(w); w != "" {
					subst[strings.TrimSpace(k)] = append(subst[strings.TrimSpace(k)], strings.ToUpper(w))
				}
			}
			return nil
		}
		m := bracketRE.FindStringSubmatch(t)
		if m == nil {
			return fmt.Errorf("%s:%d: agent without [code]", name, n)
		}
		code := strings.ReplaceAll(m[1], " ", "")
		var suf, pre string
		switch {
		case strings.HasPrefix(code, "~"):
			suf = code[1:]
		case strings.HasSuffix(code, "~"):
			pre = code[:len(code)-1]
		default:
			suf = code
		}
		head := t[:strings.Index(t, "[")]
		forms := []string{}
		explicit := false
		if i := strings.Index(head, "{"); i >= 0 {
			j := strings.Index(head, "}")
			if j < i {
				return fmt.Errorf("%s:%d: unclosed {", name, n)
			}
			explicit = true
			forms = append(forms, strings.Fields(head[i+1:j])...)
			head = head[:i]
		}
		head = strings.TrimSpace(head)
		forms = append([]string{head}, forms...)
		if !explicit {
			forms = append(forms, pluralPhrase(head))
		}
		for _, f := range forms {
			for _, e := range expandSubst(f, subst) {
				w := phraseWords(e)
				if len(w) == 0 {
					continue
				}
				d.Agents[w[0]] = append(d.Agents[w[0]], &AgentName{Words: w, Suffix: suf, Prefix: pre})
			}
		}
		return nil
	})
}

// expandSubst replaces each !NAME! of s by each of its words.
func expandSubst(s string, subst map[string][]string) []string {
	for k, vs := range subst {
		if strings.Contains(s, k) {
			var out []string
			for _, v := range vs {
				out = append(out, expandSubst(strings.Replace(s, k, "_"+v+"_", 1), subst)...)
			}
			return out
		}
	}
	return []string{s}
}

// pluralPhrase pluralises the last word of an underscore phrase.
func pluralPhrase(s string) string {
	w := strings.ToUpper(s)
	switch {
	case strings.HasSuffix(w, "Y") && len(w) > 1 && !strings.ContainsAny(w[len(w)-2:len(w)-1], "AEIOU"):
		return w[:len(w)-1] + "IES"
	case strings.HasSuffix(w, "S"), strings.HasSuffix(w, "SH"), strings.HasSuffix(w, "CH"), strings.HasSuffix(w, "X"):
		return w + "ES"
	case strings.HasSuffix(w, "MAN"):
		return w[:len(w)-3] + "MEN"
	}
	return w + "S"
}

func (d *Dictionaries) readDiscards(name, text string) error {
	return dictLines(text, func(n int, line string) error {
		t := strings.TrimSpace(line)
		if t == "" {
			return nil
		}
		if strings.HasPrefix(t, "+") {
			d.StoryDiscards = append(d.StoryDiscards, phraseWords(t[1:]))
		} else {
			d.Discards = append(d.Discards, phraseWords(t))
		}
		return nil
	})
}

func (d *Dictionaries) readVerbs(name, text string) error {
	var block *VerbBlock
	var synset string
	headRE := regexp.MustCompile(`^---\s*(.+?)\s*\[([^\]]*)\].*---`)
	return dictLines(text, func(n int, line string) error {
		t := strings.TrimSpace(line)
		if t == "" {
			synset = ""
			return nil
		}
		if m := headRE.FindStringSubmatch(t); m != nil {
			block = &VerbBlock{Name: m[1], Code: strings.TrimSpace(m[2])}
			synset = ""
			return nil
		}
		if strings.HasPrefix(t, "---") {
			// a header without a code: the block codes nothing by default
			block = &VerbBlock{Name: strings.Trim(t, "- "), Code: "---"}
			synset = ""
			return nil
		}
		if strings.HasPrefix(t, "&") {
			synset = strings.TrimSpace(strings.TrimPrefix(strings.Fields(t)[0], "&"))
			synset = strings.TrimSuffix(synset, "_")
			block = nil
			return nil
		}
		if synset != "" {
			if !strings.HasPrefix(t, "+") {
				return fmt.Errorf("%s:%d: a synset member must start with +", name, n)
			}
			d.Synsets[synset] = append(d.Synsets[synset], phraseWords(t[1:]))
			return nil
		}
		if block == nil {
			return fmt.Errorf("%s:%d: a verb line outside a --- VERB [code] --- block", name, n)
		}
		if strings.HasPrefix(t, "-") {
			p, err := parsePattern(t[1:])
			if err != nil {
				return fmt.Errorf("%s:%d: %w", name, n, err)
			}
			p.Line = n
			block.Patterns = append(block.Patterns, p)
			return nil
		}
		// a verb or "+" synonym, with optional {forms} and [code]
		t = strings.TrimPrefix(t, "+")
		code := ""
		if m := bracketRE.FindStringSubmatch(t); m != nil {
			code = strings.TrimSpace(m[1])
			t = strings.Replace(t, m[0], "", 1)
		}
		var forms []string
		if i := strings.Index(t, "{"); i >= 0 {
			j := strings.Index(t, "}")
			if j < i {
				return fmt.Errorf("%s:%d: unclosed {", name, n)
			}
			for _, f := range strings.Fields(t[i+1 : j]) {
				forms = append(forms, strings.TrimPrefix(f, "+"))
			}
			t = t[:i]
		}
		t = strings.TrimSpace(t)
		base := strings.Fields(t)
		if len(base) == 0 {
			return nil
		}
		d.addVerb(strings.Join(base, "_"), forms, code, block, true)
		return nil
	})
}

// addVerb registers a verb phrase ("BREAK_DOWN", "WIRE_+TAP") and its
// forms; regular inflections are made when inflect is set.
func (d *Dictionaries) addVerb(phrase string, forms []string, code string, block *VerbBlock, inflect bool) {
	split := func(p string) (pre []string, verb string, post []string) {
		ws := strings.FieldsFunc(strings.ToUpper(p), func(r rune) bool { return r == '_' || r == ' ' })
		vi := 0
		for i, w := range ws {
			if strings.HasPrefix(w, "+") {
				vi = i
			}
		}
		for i, w := range ws {
			w = strings.TrimPrefix(w, "+")
			switch {
			case i < vi:
				pre = append(pre, w)
			case i == vi:
				verb = w
			default:
				post = append(post, w)
			}
		}
		return
	}
	pre, verb, post := split(phrase)
	if verb == "" {
		return
	}
	words := map[string]bool{verb: true}
	if inflect {
		for _, f := range inflections(verb) {
			words[f] = true
		}
	}
	for _, f := range forms {
		_, v, _ := split(f)
		if v != "" {
			words[v] = true
		}
	}
	vp := &VerbPhrase{Pre: pre, Post: post, Code: code, Block: block}
	for w := range words {
		d.Verbs[w] = append(d.Verbs[w], vp)
	}
}

// inflections makes regular verb forms: 3rd person, past, gerund.
func inflections(v string) []string {
	var out []string
	switch {
	case strings.HasSuffix(v, "Y") && len(v) > 1 && !strings.ContainsAny(v[len(v)-2:len(v)-1], "AEIOU"):
		stem := v[:len(v)-1]
		out = append(out, stem+"IES", stem+"IED", v+"ING")
	case strings.HasSuffix(v, "E"):
		out = append(out, v+"S", v+"D", v[:len(v)-1]+"ING")
	case strings.HasSuffix(v, "S"), strings.HasSuffix(v, "SH"), strings.HasSuffix(v, "CH"), strings.HasSuffix(v, "X"):
		out = append(out, v+"ES", v+"ED", v+"ING")
	default:
		out = append(out, v+"S", v+"ED", v+"ING")
		// a consonant-vowel-consonant ending may double ("STOPPED")
		n := len(v)
		if n >= 3 && !isVowel(v[n-1]) && isVowel(v[n-2]) && !isVowel(v[n-3]) && !strings.ContainsAny(v[n-1:], "WXY") {
			out = append(out, v+v[n-1:]+"ED", v+v[n-1:]+"ING")
		}
	}
	return out
}

func isVowel(b byte) bool { return strings.IndexByte("AEIOU", b) >= 0 }

// parsePattern reads the text after "- " of a pattern line.
func parsePattern(s string) (*VerbPattern, error) {
	m := bracketRE.FindStringSubmatchIndex(s)
	if m == nil {
		return nil, fmt.Errorf("pattern without [code]")
	}
	p := &VerbPattern{Code: strings.TrimSpace(s[m[2]:m[3]]), Text: strings.TrimSpace(s[:m[0]])}
	body := strings.ToUpper(s[:m[0]])
	seenVerb := false
	for _, field := range strings.Fields(body) {
		parts := strings.Split(field, "_")
		for i, part := range parts {
			if part == "" {
				continue
			}
			adj := i > 0
			if part == "*" {
				seenVerb = true
				// a "_" after the verb joins the next element to it
				continue
			}
			var e PatElem
			switch part[0] {
			case '+', '$', '%', '^':
				e = PatElem{Kind: part[0]}
				if len(part) > 1 { // "+RST": a word right after a slot
					e.Word = part[1:]
				}
			case '&':
				e = PatElem{Kind: '&', Word: strings.TrimSuffix(part[1:], "_")}
			default:
				e = PatElem{Kind: 'w', Word: part}
			}
			e.Adj = adj
			if seenVerb {
				// adjacency after the verb is toward the previous element
				if i > 0 && parts[i-1] == "*" {
					e.Adj = true
				}
				p.Post = append(p.Post, e)
			} else {
				// before the verb, adjacency points toward the verb: the
				// element is joined to the next one
				e.Adj = i+1 < len(parts) && parts[i+1] != ""
				p.Pre = append(p.Pre, e)
			}
		}
	}
	if !seenVerb {
		return nil, fmt.Errorf("pattern %q has no * for the verb", p.Text)
	}
	return p, nil
}
