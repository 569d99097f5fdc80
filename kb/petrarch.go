package kb

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/realign/realign"
)

// ImportStats counts what ImportPetrarch read and wrote.
type ImportStats struct {
	Entries int // dictionary entries read (a name with its synonyms)
	Actors  int // actor records written
	Titles  int // title records written (from agent entries)
	Forms   int // names written
	// Known counts names skipped because the KB given to ImportPetrarch
	// already resolves them (its data wins unless Replace is set).
	Known int
	// Skipped counts entries written as nothing: no usable code, a null
	// code ("---") or only known names.
	Skipped int
	// Warnings describe lines that could not be read fully, as
	// "FILE:LINE: problem".
	Warnings []string
}

// ImportOptions configures ImportPetrarch.
type ImportOptions struct {
	// Known, when set, is the KB the overlay is meant for: names it
	// already resolves are left out (so that the curated data keeps
	// precedence), and agent nouns it knows as titles too.
	Known *KB
	// Replace keeps names Known already resolves.
	Replace bool
	// IDPrefix starts the IDs of imported actors; "" means "pt-".
	IDPrefix string
}

// ImportPetrarch reads a TABARI/PETRARCH actor or agent dictionary and
// returns overlay records (lines in the format of OverlayHeader, without
// the header).
//
// Actor entries ("NAWAZ_SHARIF", "+PRIME_MINISTER_SHARIF" synonyms, code
// lines "[PAKGOV 970217-991012]", "[PAKGOV >20130605]" from a date on,
// "[PAKGOV <20030631]" up to a date, "[PAKELI]" the code outside every
// dated interval) become "actor" records with time-bounded codes;
// overlapping intervals are cut so that the later start wins. Agent
// entries ("PRESIDENT [~GOV]", "ATTORNEY_GENERAL {ATTORNEYS_GENERAL}
// [~GOV]", with "!PERSON! = MAN, MEN" substitutions) become "title"
// records: singular forms person titles, plural forms group nouns.
// Comments ("#", "<!-- -->") are dropped; underscores become spaces.
// Dates are YYMMDD (years before 30 are 20YY) or YYYYMMDD. Errors come
// only from reading r; malformed lines are skipped with a warning.
func ImportPetrarch(r io.Reader, name string, opts ImportOptions) ([]string, ImportStats, error) {
	var st ImportStats
	prefix := opts.IDPrefix
	if prefix == "" {
		prefix = "pt-"
	}
	im := &importer{name: name, opts: opts, stats: &st, prefix: prefix, ids: map[string]bool{}, macros: map[string][]string{}, seenTitle: map[string]bool{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	inComment := false
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		// XML-style comment blocks
		for {
			if inComment {
				end := strings.Index(s, "-->")
				if end < 0 {
					s = ""
					break
				}
				s, inComment = s[end+3:], false
				continue
			}
			start := strings.Index(s, "<!--")
			if start < 0 {
				break
			}
			rest := s[start+4:]
			s = s[:start]
			if end := strings.Index(rest, "-->"); end >= 0 {
				s += rest[end+3:]
			} else {
				inComment = true
			}
		}
		if i := strings.Index(s, "#"); i >= 0 {
			s = s[:i]
		}
		t := strings.TrimSpace(s)
		if t == "" {
			continue
		}
		im.line(line, t)
	}
	if err := sc.Err(); err != nil {
		return nil, st, fmt.Errorf("import %s: %w", name, err)
	}
	im.flush()
	return im.out, st, nil
}

type importer struct {
	name      string
	opts      ImportOptions
	stats     *ImportStats
	prefix    string
	ids       map[string]bool
	macros    map[string][]string
	seenTitle map[string]bool
	out       []string
	cur       *dictEntry
}

type dictEntry struct {
	line    int
	forms   []string // as written, underscores kept
	plurals []string // agent plural forms from {...}; "{}" gives a regular plural
	regular bool     // "{}": add a regular plural
	codes   []string // bracket contents
}

var bracketRe = regexp.MustCompile(`\[[^\]]*\]`)
var braceRe = regexp.MustCompile(`\{[^}]*\}`)

func (im *importer) warn(line int, format string, args ...any) {
	if len(im.stats.Warnings) < 1000 {
		im.stats.Warnings = append(im.stats.Warnings, fmt.Sprintf("%s:%d: %s", im.name, line, fmt.Sprintf(format, args...)))
	}
}

func (im *importer) line(n int, t string) {
	// macro definition: !PERSON! = MAN, MEN
	if strings.HasPrefix(t, "!") {
		if name, vals, ok := strings.Cut(t, "="); ok && strings.HasSuffix(strings.TrimSpace(name), "!") {
			var vs []string
			for _, v := range strings.Split(vals, ",") {
				if v = strings.TrimSpace(v); v != "" {
					vs = append(vs, v)
				}
			}
			im.macros[strings.TrimSpace(name)] = vs
			return
		}
	}
	codes := bracketRe.FindAllString(t, -1)
	rest := strings.TrimSpace(bracketRe.ReplaceAllString(t, " "))
	switch {
	case rest == "" && len(codes) > 0: // code line of the current entry
		if im.cur == nil {
			im.warn(n, "code line without an entry")
			return
		}
		im.cur.codes = append(im.cur.codes, codes...)
		return
	case strings.HasPrefix(rest, "+"): // synonym of the current entry
		if im.cur == nil {
			im.warn(n, "synonym without an entry")
			return
		}
		im.cur.forms = append(im.cur.forms, strings.TrimSpace(rest[1:]))
		im.cur.codes = append(im.cur.codes, codes...)
		return
	}
	im.flush()
	e := &dictEntry{line: n}
	for _, b := range braceRe.FindAllString(rest, -1) {
		inner := strings.TrimSpace(b[1 : len(b)-1])
		if inner == "" {
			e.regular = true
		} else {
			e.plurals = append(e.plurals, inner)
		}
	}
	rest = strings.TrimSpace(braceRe.ReplaceAllString(rest, " "))
	if rest == "" {
		im.warn(n, "entry without a name")
		return
	}
	e.forms = []string{rest}
	e.codes = codes
	im.cur = e
}

// flush writes the current entry.
func (im *importer) flush() {
	e := im.cur
	im.cur = nil
	if e == nil {
		return
	}
	im.stats.Entries++
	agent := false
	for _, c := range e.codes {
		if strings.Contains(c, "~") {
			agent = true
		}
	}
	if agent {
		im.agent(e)
		return
	}
	im.actor(e)
}

// expand replaces !MACRO! substitutions; a form with an unknown macro is
// dropped.
func (im *importer) expand(form string) []string {
	if !strings.Contains(form, "!") {
		return []string{form}
	}
	out := []string{form}
	for name, vals := range im.macros {
		var next []string
		for _, f := range out {
			if !strings.Contains(f, name) {
				next = append(next, f)
				continue
			}
			for _, v := range vals {
				next = append(next, strings.ReplaceAll(f, name, v))
			}
		}
		out = next
	}
	var keep []string
	for _, f := range out {
		if !strings.Contains(f, "!") {
			keep = append(keep, f)
		}
	}
	return keep
}

// words turns a dictionary form into words: underscores and runs of
// white space become one space; a trailing "_" (whole-word marker) goes.
func words(form string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(form, "_", " ")), " ")
}

// caseForm writes an upper-case dictionary phrase in the case used by
// realign's data: a one-word form of at most four letters stays in
// capitals (an acronym such as "UN", "NATO", which then matches only as
// written); other words get an initial capital.
func caseForm(s string) string {
	ws := strings.Fields(s)
	if len(ws) == 1 && len([]rune(strings.ReplaceAll(ws[0], ".", ""))) <= 4 {
		return strings.ToUpper(ws[0])
	}
	for i, w := range ws {
		if len(w) <= 3 && strings.ToUpper(w) == w && (w == "US" || w == "UK" || w == "UN" || w == "EU" || w == "U.S." || w == "U.N." || !strings.ContainsAny(strings.ToLower(w), "aeiouy")) {
			continue
		}
		ws[i] = titleWord(w)
	}
	return strings.Join(ws, " ")
}

func titleWord(w string) string {
	lw := strings.ToLower(w)
	var b strings.Builder
	up := true
	for _, r := range lw {
		if up {
			b.WriteString(strings.ToUpper(string(r)))
		} else {
			b.WriteRune(r)
		}
		up = r == '-' || r == '.' || r == '\''
	}
	return b.String()
}

var personOrgWords = map[string]bool{"army": true, "party": true, "force": true, "forces": true, "ministry": true, "council": true, "front": true,
	"movement": true, "government": true, "organization": true, "organisation": true, "committee": true, "union": true, "league": true,
	"brigade": true, "brigades": true, "group": true, "court": true, "bank": true, "agency": true, "police": true, "office": true,
	"association": true, "assembly": true, "parliament": true, "congress": true, "senate": true, "navy": true, "corps": true}

func (im *importer) actor(e *dictEntry) {
	type span struct {
		code       string
		start, end time.Time // end exclusive; zero open
	}
	var dated []span
	def := ""
	for _, raw := range e.codes {
		in := strings.TrimSpace(raw[1 : len(raw)-1])
		f := strings.Fields(in)
		if len(f) == 0 {
			continue
		}
		code := strings.ToUpper(f[0])
		if code == "---" {
			continue
		}
		if !isCodeGroups(code) {
			im.warn(e.line, "code %q is not groups of three letters", f[0])
			continue
		}
		if len(code) == 3 && im.opts.Known != nil {
			if _, ok := im.opts.Known.State(code); !ok {
				im.warn(e.line, "unknown country code %q", code)
				continue
			}
		}
		if len(f) == 1 {
			if def == "" {
				def = code
			}
			continue
		}
		d := strings.Join(f[1:], "")
		var sp span
		sp.code = code
		var err error
		switch {
		case strings.HasPrefix(d, ">"):
			sp.start, err = dictDate(d[1:])
		case strings.HasPrefix(d, "<"):
			sp.end, err = dictDate(d[1:])
			sp.end = sp.end.AddDate(0, 0, 1)
		default:
			a, b, ok := strings.Cut(d, "-")
			if !ok {
				err = fmt.Errorf("not FROM-TO")
				break
			}
			if sp.start, err = dictDate(a); err == nil {
				sp.end, err = dictDate(b)
				sp.end = sp.end.AddDate(0, 0, 1)
			}
		}
		if err != nil {
			im.warn(e.line, "date %q: %v", d, err)
			continue
		}
		if !sp.end.IsZero() && !sp.end.After(sp.start) {
			im.warn(e.line, "interval %q ends before it starts", d)
			continue
		}
		dated = append(dated, sp)
	}
	if def == "" && len(dated) == 0 {
		im.stats.Skipped++
		return
	}
	sort.SliceStable(dated, func(i, j int) bool { return dated[i].start.Before(dated[j].start) })
	// cut overlaps: the later start wins
	var segs []span
	for _, sp := range dated {
		if n := len(segs); n > 0 {
			p := &segs[n-1]
			if p.end.IsZero() || p.end.After(sp.start) {
				if sp.start.IsZero() || !sp.start.After(p.start) {
					segs = segs[:n-1] // starts no later: replaced
				} else {
					p.end = sp.start
				}
			}
		}
		segs = append(segs, sp)
	}
	// fill gaps with the default code
	var codes []string
	if def != "" {
		var filled []span
		var prevEnd time.Time
		for i, sp := range segs {
			if i == 0 && !sp.start.IsZero() {
				filled = append(filled, span{def, time.Time{}, sp.start})
			} else if i > 0 && sp.start.After(prevEnd) {
				filled = append(filled, span{def, prevEnd, sp.start})
			}
			filled = append(filled, sp)
			prevEnd = sp.end
			if sp.end.IsZero() {
				break
			}
		}
		if len(segs) == 0 {
			filled = append(filled, span{code: def})
		} else if !prevEnd.IsZero() {
			filled = append(filled, span{def, prevEnd, time.Time{}})
		}
		segs = filled
	}
	for _, sp := range segs {
		c := GroupCode{Code: sp.code, Start: sp.start, End: sp.end}
		codes = append(codes, c.String())
	}
	var forms []string
	seen := map[string]bool{}
	typ := realign.ORG
	if len(dated) > 0 {
		typ = realign.PERSON
	}
	for _, f := range e.forms {
		for _, x := range im.expand(f) {
			w := caseForm(words(x))
			if w == "" || seen[Fold(w)] {
				continue
			}
			seen[Fold(w)] = true
			for _, word := range strings.Fields(strings.ToLower(w)) {
				if personOrgWords[word] {
					typ = realign.ORG
				}
			}
			if im.opts.Known != nil && !im.opts.Replace && len(im.opts.Known.Lookup(w)) > 0 {
				im.stats.Known++
				continue
			}
			if strings.ContainsAny(w, "|;") {
				continue
			}
			forms = append(forms, w)
		}
	}
	if len(forms) == 0 {
		im.stats.Skipped++
		return
	}
	id := im.prefix + slug(forms[0])
	for i := 2; im.ids[id]; i++ {
		id = fmt.Sprintf("%s%s-%d", im.prefix, slug(forms[0]), i)
	}
	im.ids[id] = true
	im.stats.Actors++
	im.stats.Forms += len(forms)
	im.out = append(im.out, strings.Join([]string{"actor", id, join(codes), forms[0], orDash(join(forms[1:])), typ}, " | "))
}

var collective = map[string]bool{"media": true, "police": true, "military": true, "government": true, "opposition": true, "army": true,
	"navy": true, "clergy": true, "parliament": true, "congress": true, "senate": true, "press": true, "public": true, "youth": true,
	"cabinet": true, "regime": true, "administration": true, "junta": true, "legislature": true, "judiciary": true, "ministry": true}

func (im *importer) agent(e *dictEntry) {
	code := ""
	for _, raw := range e.codes {
		f := strings.Fields(raw[1 : len(raw)-1])
		if len(f) > 0 {
			code = strings.ToUpper(strings.Trim(f[0], "~"))
			break
		}
	}
	if !isCodeGroups(code) {
		im.warn(e.line, "agent code %q is not groups of three letters", code)
		im.stats.Skipped++
		return
	}
	type tf struct{ form, kind string }
	var out []tf
	for _, f := range e.forms {
		for _, x := range im.expand(f) {
			w := strings.ToLower(words(x))
			last := w[strings.LastIndex(w, " ")+1:]
			kind := "person"
			if collective[last] || (strings.HasSuffix(last, "s") && !strings.HasSuffix(last, "ss")) || strings.HasSuffix(last, "ies") {
				kind = "group"
			}
			out = append(out, tf{w, kind})
			if e.regular {
				out = append(out, tf{plural(w), "group"})
			}
		}
	}
	for _, p := range e.plurals {
		for _, x := range im.expand(p) {
			out = append(out, tf{strings.ToLower(words(x)), "group"})
		}
	}
	n := 0
	for _, t := range out {
		if t.form == "" || im.seenTitle[t.form] || strings.ContainsAny(t.form, "|;") {
			continue
		}
		im.seenTitle[t.form] = true
		if im.opts.Known != nil && !im.opts.Replace {
			if _, ok := im.opts.Known.Title(t.form); ok {
				im.stats.Known++
				continue
			}
		}
		im.out = append(im.out, strings.Join([]string{"title", t.form, t.kind, "-", code, "-"}, " | "))
		n++
	}
	if n == 0 {
		im.stats.Skipped++
	}
	im.stats.Titles += n
}

// plural forms the regular English plural of the last word.
func plural(w string) string {
	switch {
	case strings.HasSuffix(w, "man"):
		return w[:len(w)-3] + "men"
	case strings.HasSuffix(w, "y") && !strings.HasSuffix(w, "ay") && !strings.HasSuffix(w, "ey") && !strings.HasSuffix(w, "oy"):
		return w[:len(w)-1] + "ies"
	case strings.HasSuffix(w, "s") || strings.HasSuffix(w, "x") || strings.HasSuffix(w, "ch") || strings.HasSuffix(w, "sh"):
		return w + "es"
	}
	return w + "s"
}

// dictDate parses a TABARI date: YYMMDD (years below 30 are 20YY) or
// YYYYMMDD; day overflow ("20030631") rolls into the next month as the
// dictionaries use it for "end of month".
func dictDate(s string) (time.Time, error) {
	for _, r := range s {
		if r < '0' || r > '9' {
			return time.Time{}, fmt.Errorf("not a date")
		}
	}
	var y, m, d int
	switch len(s) {
	case 6:
		fmt.Sscanf(s, "%2d%2d%2d", &y, &m, &d)
		if y < 30 {
			y += 2000
		} else {
			y += 1900
		}
	case 8:
		fmt.Sscanf(s, "%4d%2d%2d", &y, &m, &d)
	default:
		return time.Time{}, fmt.Errorf("want YYMMDD or YYYYMMDD")
	}
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, fmt.Errorf("month or day out of range")
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), nil
}

// slug makes an ID from a name: lower-case letters and digits joined by
// hyphens.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}
