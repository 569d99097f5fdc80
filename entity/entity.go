// Package entity finds entity mentions in a document's sentences and
// resolves them to actors through the knowledge base (package kb).
//
// It is the second stage of the pipeline: it reads Analysis.Sentences
// (with tokens) and sets Analysis.Mentions, sorted by Start and never
// overlapping. It recognises, sentence by sentence and left to right:
//
//   - title phrases: an optional state or IGO modifier ("Pakistan",
//     "Pakistan's", "Russian", "UN"), a title or role noun from the KB
//     ("PM", "Foreign Minister", "military", "state news outlet") and an
//     optional name. With a name, one PERSON mention covers the name alone
//     ("PM Khan" -> "Khan"); the name is resolved through the document
//     (an earlier full name), then the KB; an unknown name with a state
//     modifier gets its actor from the title (PAKGOV). Without a name a
//     person title becomes a role mention covering modifier and title
//     ("Russian President"), resolved to the office holder at the
//     document date (Via "role"), else to the state's sector (Via
//     "title"); a group noun gives the state's sector ("the Russian
//     military" -> RUSMIL, Via "sector").
//   - KB names, longest match first: states (GPE, bare ISO3 code),
//     demonyms (NORP), capitals and seats of government (GPE/ORG, the
//     government or the seat's sector, Via "capital" or "seat"), IGOs and
//     media (ORG), regions (GPE/LOC, no actor) and people (PERSON, code of
//     the role held at Document.Published; the most recent role when the
//     date is unknown). A capital or seat after a locative preposition
//     ("in Bishkek", "at the White House") is a place: GPE with the bare
//     state actor (KGZ), Via "place".
//   - coreference: a one-word name equal to a word of an earlier PERSON
//     mention ("Khan", "Putin") takes that mention's actor (Via "surname",
//     Antecedent set); he/him/his/himself and she/her/hers/herself take
//     the most recent PERSON mention of compatible gender within
//     Options.PronounWindow sentences (Via "pronoun", Pronoun true); "his
//     country" and "her government" become GPE mentions of the
//     antecedent's state. First-person and plural pronouns are left alone.
//   - other capitalised word sequences: PERSON after an honorific or
//     before a speech verb or when shaped like a personal name, LOC or ORG
//     by their head word, GPE after a locative preposition, all with a nil
//     actor (Via "guess"). Sentence-initial ordinary words ("Previously",
//     "Well") are not tagged.
package entity

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/realign/realign"
	"github.com/realign/realign/geo"
	"github.com/realign/realign/kb"
)

// Options configures an Annotator. The zero value loads the embedded KB
// and uses default settings.
type Options struct {
	// KB is the knowledge base; nil loads the embedded one.
	KB *kb.KB
	// Gazetteer resolves capitalised word sequences that are not in the
	// KB: a gazetteer city or region in one country becomes a GPE (LOC
	// for a region with no country) with the bare state actor (Via
	// "place"). nil loads the embedded gazetteer unless NoGazetteer is
	// set.
	Gazetteer *geo.Gazetteer
	// NoGazetteer turns the gazetteer off.
	NoGazetteer bool
	// PronounWindow is how many sentences back (the pronoun's own sentence
	// counts as 0) a pronoun may find its antecedent; 0 means 3.
	PronounWindow int
}

// Annotator is the entity-mention stage. It is safe for concurrent use.
type Annotator struct {
	kb     *kb.KB
	gaz    *geo.Gazetteer // nil when off
	window int
}

// New returns an Annotator. It fails only when the embedded KB or
// gazetteer cannot be loaded.
func New(opts Options) (*Annotator, error) {
	k := opts.KB
	if k == nil {
		var err error
		if k, err = kb.Load(kb.Options{}); err != nil {
			return nil, fmt.Errorf("entity: %w", err)
		}
	}
	g := opts.Gazetteer
	if g == nil && !opts.NoGazetteer {
		var err error
		if g, err = geo.New(geo.Options{}); err != nil {
			return nil, fmt.Errorf("entity: %w", err)
		}
	}
	if opts.NoGazetteer {
		g = nil
	}
	w := opts.PronounWindow
	if w <= 0 {
		w = 3
	}
	return &Annotator{kb: k, gaz: g, window: w}, nil
}

// Annotate sets a.Mentions from a.Sentences and a.Document.Text,
// replacing any mentions already there. It fails when a has no sentences
// while its text is not blank (the nlp stage must run first).
func (e *Annotator) Annotate(a *realign.Analysis) (err error) {
	defer func() {
		// A bug must not take the whole pipeline down: report it.
		if r := recover(); r != nil {
			err = fmt.Errorf("entity: internal error: %v", r)
		}
	}()
	if a == nil {
		return fmt.Errorf("entity: nil analysis")
	}
	if len(a.Sentences) == 0 {
		if strings.TrimSpace(a.Document.Text) != "" {
			return fmt.Errorf("entity: no sentences: run the nlp stage first")
		}
		a.Mentions = nil
		return nil
	}
	d := &doc{e: e, kb: e.kb, text: casedText(a), orig: a.Document.Text, at: a.Document.Published, lower: lowerWords(a),
		coref: map[string]int{}, suffix: map[string]int{}, nicks: map[string]int{}}
	for si := range a.Sentences {
		d.sentence(si, a.Sentences[si].Tokens)
	}
	a.Mentions = d.ms
	if a.Mentions == nil {
		a.Mentions = []realign.Mention{}
	}
	return nil
}

// casedText returns a.Document.Text with every token whose Text differs
// from the text under its span, at the same length, written over it: the
// nlp stage true-cases sentences written in capitals that way. It returns
// the text itself when no token differs.
func casedText(a *realign.Analysis) string {
	text := a.Document.Text
	var b []byte
	for _, s := range a.Sentences {
		for _, t := range s.Tokens {
			if t.End > len(text) || t.Start < 0 || t.Len() != len(t.Text) || text[t.Start:t.End] == t.Text {
				continue
			}
			if b == nil {
				b = []byte(text)
			}
			copy(b[t.Start:t.End], t.Text)
		}
	}
	if b == nil {
		return text
	}
	return string(b)
}

// doc holds the state of one Annotate call.
type doc struct {
	e  *Annotator
	kb *kb.KB
	// text is the document text with the true-cased Text of tokens of
	// sentences written in capitals laid over it (see casedText); orig is
	// the text as written, which mentions quote.
	text, orig string
	at         time.Time
	lower      map[string]bool // words seen in lower case in the document
	ms         []realign.Mention
	info       []minfo // parallel to ms
	// coref maps a lower-case name word, or a pair of words ("a\x00b",
	// sorted), to the latest PERSON mention with an actor whose longer
	// name has them; suffix maps the last word or two ("a b") of a
	// guessed or unresolved PERSON name of more words to its latest
	// mention; nicks maps a nickname to its person's mention.
	coref, suffix, nicks map[string]int
	// holders memoises officeHolder by country and office.
	holders map[[2]string]holder
}

type holder struct {
	p  *kb.Person
	r  kb.Role
	ok bool
}

// officeHolder is kb.OfficeHolder at the document's date, memoised: the
// answer depends only on country and office within one document.
func (d *doc) officeHolder(country, office string) (*kb.Person, kb.Role, bool) {
	key := [2]string{country, office}
	if h, ok := d.holders[key]; ok {
		return h.p, h.r, h.ok
	}
	p, r, ok := d.kb.OfficeHolder(country, office, d.at)
	if d.holders == nil {
		d.holders = map[[2]string]holder{}
	}
	d.holders[key] = holder{p, r, ok}
	return p, r, ok
}

type minfo struct {
	sent   int
	gender string // "m", "f" or ""
	words  []string
}

// lowerWords collects the lower-case words of the document, used to tell
// an ordinary word capitalised at the start of a sentence from a name.
func lowerWords(a *realign.Analysis) map[string]bool {
	m := map[string]bool{}
	for _, s := range a.Sentences {
		for _, t := range s.Tokens {
			r, _ := utf8.DecodeRuneInString(t.Text)
			if unicode.IsLower(r) {
				m[t.Text] = true
			}
		}
	}
	return m
}

func (d *doc) add(m realign.Mention, sent int, gender string) int {
	m.Text = m.Span.Text(d.orig)
	d.ms = append(d.ms, m)
	d.info = append(d.info, minfo{sent: sent, gender: gender, words: nameWords(m.Span.Text(d.text))})
	d.index(len(d.ms) - 1)
	return len(d.ms) - 1
}

// nameWords splits a name into words without particles such as "al-".
func nameWords(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		w = strings.TrimPrefix(strings.TrimPrefix(w, "al-"), "el-")
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// sentence finds the mentions of one sentence.
func (d *doc) sentence(si int, toks []realign.Token) {
	s := &sent{d: d, si: si, toks: toks}
	for i := 0; i < len(toks); {
		if n := s.at(i); n > 0 {
			i += n
			continue
		}
		i++
	}
}

type sent struct {
	d    *doc
	si   int
	toks []realign.Token
	// appos maps the first token of a title phrase in apposition after
	// a name ("Ali Shamkhani, Iran's top security official") to the
	// name's mention.
	appos map[int]int
	// km and tm memoise kbMatch and parseTitle by token index: both
	// depend only on the tokens and the knowledge base.
	km []kbMemo
	tm []titleMemo
}

type kbMemo struct {
	done  bool
	n     int
	cands []kb.Candidate
}

type titleMemo struct {
	done bool
	n    int
	t    kb.Title
}

func (s *sent) word(i int) string {
	if i < 0 || i >= len(s.toks) {
		return ""
	}
	return s.toks[i].Text
}

func (s *sent) span(i, j int) realign.Span {
	if i < 0 || j > len(s.toks) || i >= j {
		return realign.Span{}
	}
	return realign.Span{Start: s.toks[i].Start, End: s.toks[j-1].End}
}

// form returns the text of tokens i..j-1 with single spaces.
func (s *sent) form(i, j int) string {
	if i < 0 || j > len(s.toks) || i >= j {
		return ""
	}
	return singleSpaced(s.span(i, j).Text(s.d.text))
}

// singleSpaced is strings.Join(strings.Fields(t), " "), returning t
// itself (no allocation) when it is already in that shape.
func singleSpaced(t string) string {
	prevSpace := true // a leading space needs rewriting
	for k := 0; k < len(t); k++ {
		c := t[k]
		if c >= utf8.RuneSelf {
			return strings.Join(strings.Fields(t), " ")
		}
		switch c {
		case ' ':
			if prevSpace {
				return strings.Join(strings.Fields(t), " ")
			}
			prevSpace = true
		case '\t', '\n', '\v', '\f', '\r':
			return strings.Join(strings.Fields(t), " ")
		default:
			prevSpace = false
		}
	}
	if prevSpace && len(t) > 0 {
		return strings.Join(strings.Fields(t), " ")
	}
	return t
}

func isCap(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

func isPossessive(w string) bool { return w == "'s" || w == "’s" || w == "'" || w == "’" }

func isDet(w string) bool {
	switch strings.ToLower(w) {
	case "the", "a", "an":
		return true
	}
	return false
}

// clauseStart reports whether token i is the first word of the sentence
// or follows an opening quote, bracket, dash or colon.
func (s *sent) clauseStart(i int) bool {
	for j := i - 1; j >= 0; j-- {
		switch s.toks[j].Text {
		case "\"", "“", "‘", "'", "(", "[", "—", "–", ":", "«":
			return true
		}
		return false
	}
	return true
}

// at tries every pattern at token i and returns the number of tokens
// consumed (0 when nothing was found).
func (s *sent) at(i int) int {
	if n := s.pronoun(i); n > 0 {
		return n
	}
	if n := s.titlePhrase(i); n > 0 {
		return n
	}
	if n := s.kbName(i); n > 0 {
		return n
	}
	return s.unknown(i)
}

// kbMatch is the longest KB match starting at token i.
func (s *sent) kbMatch(i int) (int, []kb.Candidate) {
	if i < 0 || i >= len(s.toks) {
		return 0, nil
	}
	if s.km == nil {
		s.km = make([]kbMemo, len(s.toks))
	}
	if m := &s.km[i]; m.done {
		return m.n, m.cands
	}
	n, c := s.kbMatchAt(i)
	s.km[i] = kbMemo{done: true, n: n, cands: c}
	return n, c
}

func (s *sent) kbMatchAt(i int) (int, []kb.Candidate) {
	// the longest name starting with this word; 0 when none does
	maxw := s.d.kb.MaxWordsFrom(s.word(i))
	if maxw == 0 {
		return 0, nil
	}
	for n := min(maxw+2, len(s.toks)-i); n >= 1; n-- {
		last := s.word(i + n - 1)
		if isPossessive(last) || isPunct(last) && n > 1 {
			continue
		}
		f := s.form(i, i+n)
		if strings.Count(f, " ")+1 > maxw {
			continue
		}
		if !isCap(s.word(i)) && !startsWithDigit(s.word(i)) && !isParticleName(s.word(i)) && !oddCase(s.word(i)) {
			return 0, nil
		}
		if c := s.d.kb.Lookup(f); len(c) > 0 {
			return n, c
		}
	}
	return 0, nil
}

func startsWithDigit(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsDigit(r)
}

func isPunct(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// modifier is a state, IGO, armed group or media outlet that qualifies
// a title.
type modifier struct {
	start, end int    // tokens of the modifier name (without 's)
	next       int    // first token after the modifier and its 's
	state      string // ISO3 or ""
	igo        string // actor ID "igo/UN" or ""
	// org is the actor ID of a group or media outlet ("group/rsf"); a
	// person titled by it takes its code.
	org string
}

// parseModifier reads a state name, demonym or IGO at token i.
func (s *sent) parseModifier(i int) (modifier, bool) {
	n, cands := s.kbMatch(i)
	if n == 0 {
		return modifier{}, false
	}
	for _, c := range cands {
		m := modifier{start: i, end: i + n, next: i + n}
		switch {
		case c.Kind == kb.KindState && (c.Via == "name" || c.Via == "alias" || c.Via == "demonym"):
			m.state = strings.TrimPrefix(c.ID, "state/")
		case c.Kind == kb.KindIGO:
			m.igo = c.ID
		case c.Kind == kb.KindGroup || c.Kind == kb.KindMedia:
			m.org = c.ID
		default:
			continue
		}
		if c.Via != "demonym" && isPossessive(s.word(m.next)) {
			m.next++
		}
		return m, true
	}
	return modifier{}, false
}

// titlePrefixes may stand between a modifier and a title.
var titlePrefixes = map[string]bool{
	"former": true, "then": true, "acting": true, "interim": true, "caretaker": true,
	"new": true, "top": true, "senior": true, "outgoing": true, "incoming": true,
	"current": true, "late": true, "powerful": true, "longtime": true, "veteran": true,
}

// parseTitle reads the longest title starting at token i.
func (s *sent) parseTitle(i int) (int, kb.Title) {
	if i < 0 || i >= len(s.toks) {
		return 0, kb.Title{}
	}
	if s.tm == nil {
		s.tm = make([]titleMemo, len(s.toks))
	}
	if m := &s.tm[i]; m.done {
		return m.n, m.t
	}
	n, t := s.parseTitleAt(i)
	s.tm[i] = titleMemo{done: true, n: n, t: t}
	return n, t
}

func (s *sent) parseTitleAt(i int) (int, kb.Title) {
	if !s.d.kb.StartsTitle(s.word(i)) {
		return 0, kb.Title{}
	}
	for n := min(s.d.kb.MaxTitleWords(), len(s.toks)-i); n >= 1; n-- {
		if isPunct(s.word(i+n-1)) && !strings.Contains(s.word(i+n-1), ".") {
			continue
		}
		if t, ok := s.d.kb.Title(s.form(i, i+n)); ok {
			// a plural-looking word after a person title means a
			// group noun we do not know ("president's aides")
			return n, t
		}
	}
	return 0, kb.Title{}
}

// nameParticles may appear inside a personal name.
var nameParticles = map[string]bool{
	"al": true, "bin": true, "ibn": true, "von": true, "der": true, "van": true, "de": true,
	"da": true, "del": true, "la": true, "le": true, "el": true, "di": true, "du": true,
	"abu": true, "ul": true, "Jr.": true, "Sr.": true,
}

// isParticleName reports name words such as "al-Bashir" and "el-Sisi".
func isParticleName(w string) bool {
	for _, p := range []string{"al-", "el-", "bin-", "ad-", "as-", "ash-", "az-"} {
		if rest, ok := strings.CutPrefix(w, p); ok && isCap(rest) {
			return true
		}
	}
	return false
}

// parseName reads a capitalised personal name at token i and returns its
// length in tokens.
func (s *sent) parseName(i int) int {
	j := i
	for j < len(s.toks) {
		w := s.word(j)
		if isCap(w) && !isPunct(w) && !stopWords[w] && !calendarWords[w] {
			if _, t := s.parseTitle(j); t.Kind == "person" && j > i {
				break
			}
			j++
			continue
		}
		if j > i && isParticleName(w) {
			j++
			continue
		}
		if nameParticles[w] && j > i {
			// a run of particles before a capitalised word ("von der")
			k := j
			for nameParticles[s.word(k)] {
				k++
			}
			if isCap(s.word(k)) && !isPunct(s.word(k)) && !stopWords[s.word(k)] {
				j = k
				continue
			}
		}
		break
	}
	return j - i
}

// adjectiveStop are lower-case words that may not stand between a
// modifier and a title ("Iran's top security official" may; "China's
// and the official" may not).
var adjectiveStop = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`the a an of and or but nor to in on at for with by from as into over
	under about after before than that this these those which who whom whose what is are was were be been
	being has have had do does did will would shall should can could may might must not no also said says
	say told tells its their his her our my your it they he she we i you`) {
		adjectiveStop[w] = true
	}
}

// isAdjective reports a lower-case word that may qualify a title.
func isAdjective(w string) bool {
	if w == "" || adjectiveStop[w] || speechVerbs[w] {
		return false
	}
	for _, r := range w {
		if !unicode.IsLower(r) && r != '-' {
			return false
		}
	}
	return true
}

// role is a parsed title phrase: [modifier ['s]] [prefixes] [adjectives]
// TITLE [of STATE].
type role struct {
	mod    modifier
	hasMod bool
	k      int // first token of the title
	end    int // first token after the phrase
	t      kb.Title
	// ofState is set when the modifier follows the title ("President
	// of Russia").
	ofState bool
}

// parseRole reads a title phrase at token j (after any determiner). A
// group noun followed by a person title ("Foreign Ministry
// spokeswoman") is one person title with the group's sector. Up to two
// lower-case adjectives may stand before a person title after a
// modifier ("Iran's top security official").
func (s *sent) parseRole(j int) (role, bool) {
	mod, hasMod := s.parseModifier(j)
	k := j
	if hasMod {
		k = mod.next
	}
	for titlePrefixes[strings.ToLower(s.word(k))] {
		k++
	}
	tn, t := s.parseTitle(k)
	if tn == 0 && hasMod {
		for skip := 1; skip <= 2 && isAdjective(s.word(k+skip-1)); skip++ {
			if n, x := s.parseTitle(k + skip); n > 0 && x.Kind == "person" {
				k, tn, t = k+skip, n, x
				break
			}
		}
	}
	if tn == 0 {
		return role{}, false
	}
	if n, _ := s.kbMatch(k); n > tn || n == tn && !hasMod {
		// a KB name beats a title inside it ("State Department") and,
		// without a modifier, one of the same length ("Congress")
		return role{}, false
	}
	end := k + tn
	if t.Kind == "group" {
		// "Foreign Ministry spokeswoman": the person takes the group's
		// sector
		if n2, t2 := s.parseTitle(end); n2 > 0 && t2.Kind == "person" {
			sector := t.Sector
			if sector == "" {
				sector = t2.Sector
			}
			t2.Form = t.Form + " " + t2.Form
			t2.Sector = sector
			t, end = t2, end+n2
		}
	}
	r := role{mod: mod, hasMod: hasMod, k: k, end: end, t: t}
	// TITLE of STATE: "the President of Russia"
	if !hasMod && t.Kind == "person" && strings.ToLower(s.word(end)) == "of" {
		p := end + 1
		if isDet(s.word(p)) {
			p++
		}
		if m, ok := s.parseModifier(p); ok && m.next == m.end {
			r.mod, r.hasMod, r.ofState = m, true, true
			r.mod.start = k
			r.end = m.end
		}
	}
	return r, true
}

// titlePhrase handles [det] [modifier ['s]] [prefix] TITLE [NAME],
// [det] TITLE of STATE and the apposition [modifier ['s]] TITLE, NAME.
func (s *sent) titlePhrase(i int) int {
	j := i
	if isDet(s.word(j)) {
		j++
	}
	if n := s.sharedGroupNoun(i, j); n > 0 {
		return n
	}
	r, ok := s.parseRole(j)
	if !ok {
		return 0
	}
	mod, hasMod, k, end, t := r.mod, r.hasMod, r.k, r.end, r.t
	if !hasMod && t.Kind != "honorific" {
		if n := s.lowerName(i, k, end, t); n > 0 {
			return n
		}
		if t.Kind == "group" || s.parseName(end) == 0 {
			if n := s.bareRole(i, k, end, t); n > 0 {
				return n
			}
		}
	}
	if (!hasMod || r.ofState) && !isCap(s.word(k)) && t.Kind != "honorific" {
		// a lower-case title without a modifier before it: only
		// "president X Y"
		if r.ofState || s.parseName(end) == 0 {
			return 0
		}
	}
	if t.Kind == "group" && isCap(s.word(k)) && isCap(s.word(end)) && !isPunct(s.word(end)) {
		return 0 // "Somali Public Agenda": a longer name, not a sector
	}
	if t.Kind == "group" && mod.org != "" {
		return 0 // "Taliban fighters": the group's own name will do
	}
	nameLen := 0
	if t.Kind != "group" {
		nameLen = s.parseName(end)
	}
	if nameLen > 0 {
		s.titledName(end, end+nameLen, t, mod, hasMod)
		return end + nameLen - i + s.nickname(end+nameLen)
	}
	if t.Kind == "person" && hasMod {
		// "Iran's top security official, Ali Shamkhani"
		if n := s.appositiveName(end); n > 0 {
			s.titledName(end+1, end+1+n, t, mod, hasMod)
			return end + 1 + n - i + s.nickname(end+1+n)
		}
	}
	if !hasMod || t.Kind == "honorific" {
		return 0
	}
	if strings.HasPrefix(mod.org, kb.KindMedia+"/") {
		// "the Sputnik correspondent": the outlet is the mention; an
		// unnamed reporter should not draw the pronouns that follow
		return 0
	}
	// A role description without a name.
	sp := s.span(mod.start, end)
	m := realign.Mention{Span: sp, Antecedent: -1}
	gender := t.Gender
	switch t.Kind {
	case "person":
		m.Type = realign.PERSON
		country := mod.state
		if mod.igo != "" {
			country = mod.igo
		}
		if ante, ok := s.appos[mod.start]; ok {
			// "Ali Shamkhani, Iran's top security official": the role
			// describes the name before it
			m.Actor, m.Antecedent, m.Via = s.d.ms[ante].Actor, ante, "apposition"
			if gender == "" {
				gender = s.d.info[ante].gender
			}
		} else if p, r, ok := s.d.officeHolder(country, t.Office); ok && country != "" && t.Office != "" && !isPluralTitle(s.word(end-1)) {
			a := s.d.kb.RoleActor(p, r)
			m.Actor, m.Via = &a, "role"
			if gender == "" {
				gender = p.Gender
			}
		} else if a, ok := s.titleActor(t, mod, ""); ok {
			m.Actor, m.Via = &a, "title"
		}
	case "group":
		m.Type = realign.ORG
		if a, ok := s.titleActor(t, mod, ""); ok {
			if mod.igo != "" && igoGroupSectors[t.Sector] {
				// "UN troops": the organisation's armed or police force
				a.Code += t.Sector
				a.Sector = t.Sector
			}
			m.Actor, m.Via = &a, "sector"
		}
	}
	s.d.add(m, s.si, gender)
	return end - i
}

// sharedGroupNoun handles "US and British activists": a state name or
// demonym at token j, then "and" and another state's group noun; the first
// state takes the same group noun (USAOPP as well as GBROPP). It returns
// the tokens used from i (the first state only), 0 when the phrase is not
// of that shape.
func (s *sent) sharedGroupNoun(i, j int) int {
	m1, ok := s.parseModifier(j)
	if !ok || m1.state == "" || m1.next != m1.end || strings.ToLower(s.word(m1.end)) != "and" {
		return 0
	}
	r2, ok := s.parseRole(m1.end + 1)
	if !ok || !r2.hasMod || r2.ofState || r2.t.Kind != "group" || r2.mod.state == "" || r2.mod.state == m1.state ||
		r2.mod.next != r2.mod.end || r2.k != r2.mod.next {
		// the second state must stand right before its noun, not as a
		// possessive ("Russia and Pakistan's army")
		return 0
	}
	a, ok := s.titleActor(r2.t, m1, "")
	if !ok {
		return 0
	}
	m := realign.Mention{Span: s.span(m1.start, m1.end), Antecedent: -1, Type: realign.ORG, Actor: &a, Via: "sector"}
	s.d.add(m, s.si, "")
	return m1.end - i
}

// appositiveName returns the length of a personal name set off by a
// comma at token j ("..., Ali Shamkhani, said"), 0 when there is none:
// the name must end the clause and must not be a KB place or
// organisation.
func (s *sent) appositiveName(j int) int {
	if s.word(j) != "," {
		return 0
	}
	n := s.parseName(j + 1)
	if n == 0 || n > 5 || !nameShaped(s.toks[j+1:j+1+n]) {
		return 0
	}
	if kn, c := s.kbMatch(j + 1); kn > 0 && c[0].Kind != kb.KindPerson {
		return 0
	}
	for k := j + 1; k < j+1+n; k++ {
		if nonNameWords[s.word(k)] || orgHeads[s.word(k)] || locHeads[s.word(k)] || gpeHeads[s.word(k)] {
			return 0
		}
	}
	switch after := s.word(j + 1 + n); after {
	case ",", ".", ";", ")", "(", "—", "–", "":
		return n
	default:
		if speechVerbs[after] || after == "who" {
			return n
		}
	}
	return 0
}

// appositiveRole looks for a title phrase with a modifier set off by a
// comma after a name ending before token j ("Ali Shamkhani, Iran's top
// security official"). It returns the role and the token where the
// phrase's modifier starts.
func (s *sent) appositiveRole(j int) (role, int, bool) {
	if s.word(j) != "," {
		return role{}, 0, false
	}
	p := j + 1
	switch strings.ToLower(s.word(p)) {
	case "the", "a", "an", "his", "her", "their":
		p++
	}
	r, ok := s.parseRole(p)
	if !ok || !r.hasMod || r.t.Kind != "person" || r.mod.start != p {
		return role{}, 0, false
	}
	if s.parseName(r.end) > 0 {
		return role{}, 0, false // "X, Pakistan PM Imran Khan": another person
	}
	return r, p, true
}

// nickname handles a nickname given for the person just mentioned (the
// last mention, ending before token j): "(Hemedti)", "“Hemedti”",
// ", known as Hemedti,". It adds a PERSON mention of the nickname (Via
// "alias", Antecedent the person) and returns the tokens it consumed.
func (s *sent) nickname(j int) int {
	if len(s.d.ms) == 0 {
		return 0
	}
	ante := len(s.d.ms) - 1
	if am := s.d.ms[ante]; am.Type != realign.PERSON || am.Pronoun || j < 1 || am.End != s.toks[j-1].End {
		return 0
	}
	if am := s.d.ms[ante]; am.Antecedent >= 0 && am.Via == "surname" {
		ante = am.Antecedent
	}
	p := j
	if s.word(p) == "," {
		p++
	}
	lead := false
	for _, w := range []string{"also", "widely", "better", "popularly", "commonly"} {
		if strings.ToLower(s.word(p)) == w {
			p++
			break
		}
	}
	switch strings.ToLower(s.word(p)) {
	case "known", "called":
		if strings.ToLower(s.word(p+1)) == "as" || s.word(p) == "called" {
			lead = true
			p++
			if strings.ToLower(s.word(p)) == "as" {
				p++
			}
		}
	case "nicknamed", "dubbed", "alias", "aka":
		lead = true
		p++
	}
	if !lead && p != j {
		return 0
	}
	open := s.word(p)
	closing := ""
	switch open {
	case "(":
		closing = ")"
	case "\"", "“", "‘", "'":
		closing = map[string]string{"\"": "\"", "“": "”", "‘": "’", "'": "'"}[open]
	default:
		if !lead {
			return 0
		}
		p-- // "known as Hemedti" without quotes
	}
	n := s.parseName(p + 1)
	if n == 0 || n > 3 || !nameShaped(s.toks[p+1:p+1+n]) {
		return 0 // "(CAATSA)" abbreviates something else
	}
	q := p + 1 + n
	if closing != "" {
		if s.word(q) == "," && s.word(q+1) == closing {
			q++ // “Hemedti,”
		}
		if s.word(q) != closing {
			return 0
		}
		q++
	}
	if kn, _ := s.kbMatch(p + 1); kn > 0 {
		return 0
	}
	name := s.form(p+1, p+1+n)
	m := realign.Mention{Span: s.span(p+1, p+1+n), Type: realign.PERSON, Actor: s.d.ms[ante].Actor, Antecedent: ante, Via: "alias"}
	s.d.add(m, s.si, s.d.info[ante].gender)
	s.d.nicks[strings.ToLower(name)] = ante
	return q - j
}

func isPluralTitle(w string) bool {
	return strings.HasSuffix(strings.ToLower(w), "s") && !strings.HasSuffix(strings.ToLower(w), "ss")
}

// titleActor builds the actor a title gives with its modifier: the
// state's sector or the IGO. name, when set, names an unknown person.
func (s *sent) titleActor(t kb.Title, mod modifier, name string) (realign.Actor, bool) {
	if mod.org != "" {
		a, ok := s.d.kb.Actor(mod.org, s.d.at)
		if ok && name != "" {
			a = realign.Actor{Code: a.Code, Name: name, Country: a.Country, Sector: a.Sector, Kind: kb.KindPerson, Role: t.Form + " of " + a.Name + " (from title)"}
		}
		return a, ok
	}
	if mod.igo != "" {
		a, ok := s.d.kb.Actor(mod.igo, s.d.at)
		if ok && name != "" {
			a = realign.Actor{Code: a.Code, Name: name, Sector: a.Sector, Kind: kb.KindPerson, Role: t.Form + " of " + a.Name + " (from title)"}
		}
		return a, ok
	}
	if mod.state == "" {
		return realign.Actor{}, false
	}
	sector := t.Sector
	if sector == realign.SectorIGO {
		sector = realign.SectorGOV
	}
	a, ok := s.d.kb.StateActor(mod.state, sector)
	if !ok {
		return a, false
	}
	if name != "" {
		a = realign.Actor{Code: a.Code, Name: name, Country: a.Country, Sector: a.Sector, Kind: kb.KindPerson, Role: t.Form + " of " + a.Name + " (from title)"}
	}
	return a, true
}

// titledName adds the PERSON mention for tokens i..j-1 that follow a title.
func (s *sent) titledName(i, j int, t kb.Title, mod modifier, hasMod bool) {
	name := s.form(i, j)
	m := realign.Mention{Span: s.span(i, j), Type: realign.PERSON, Antecedent: -1}
	gender := t.Gender
	if ante := s.d.corefName(name); ante >= 0 {
		am := s.d.ms[ante]
		m.Actor, m.Antecedent, m.Via = am.Actor, ante, "surname"
		if gender == "" {
			gender = s.d.info[ante].gender
		}
	} else if p := s.pickPerson(name, t, mod); p != nil {
		a, _ := s.d.kb.Actor("person/"+p.ID, s.d.at)
		m.Actor, m.Via = &a, "name"
		if gender == "" {
			gender = p.Gender
		}
	} else if hasMod {
		if a, ok := s.titleActor(t, mod, name); ok {
			m.Actor, m.Via = &a, "title"
		}
	} else {
		m.Via = "title"
	}
	s.d.add(m, s.si, gender)
}

// pickPerson finds the KB person called name, using the title, the
// modifier and the document date to choose between people sharing a
// short name (kb.BestPerson).
func (s *sent) pickPerson(name string, t kb.Title, mod modifier) *kb.Person {
	place := mod.state
	if place == "" && mod.igo != "" {
		place = mod.igo
	}
	if p, ok := s.d.kb.BestPerson(name, t.Office, place, s.d.at); ok {
		return p
	}
	return nil
}

// corefName returns the most recent earlier PERSON mention (not a
// pronoun) that name refers back to: a nickname given earlier for a
// person ("Hemedti"), or a one- or two-word name all of whose words are
// words of the earlier, longer name (only its last words when the
// earlier name was guessed or has no actor). -1 when none.
//
// It costs a few map lookups: add keeps d.coref and d.suffix up to date,
// so the cost does not grow with the number of earlier mentions.
func (d *doc) corefName(name string) int {
	words := nameWords(name)
	if len(words) == 0 || len(words) > 2 {
		return -1
	}
	if len(words) == 1 {
		if i, ok := d.nicks[strings.ToLower(words[0])]; ok {
			return i
		}
	}
	ck, sk := corefKeys(words)
	best := -1
	if i, ok := d.coref[ck]; ok {
		best = i
	}
	if i, ok := d.suffix[sk]; ok && i > best {
		best = i
	}
	if best >= 0 && d.ms[best].Antecedent >= 0 && d.ms[best].Via == "surname" {
		return d.ms[best].Antecedent
	}
	return best
}

// corefKeys returns the keys under which a one- or two-word short name
// is looked up: in d.coref (word set, order ignored) and in d.suffix
// (last words, in order).
func corefKeys(words []string) (coref, suffix string) {
	a := strings.ToLower(words[0])
	if len(words) == 1 {
		return a, a
	}
	b := strings.ToLower(words[1])
	suffix = a + " " + b
	if b < a {
		a, b = b, a
	}
	return a + "\x00" + b, suffix
}

// maxIndexedWords bounds the words of a name whose word pairs are
// indexed; longer sequences are not names.
const maxIndexedWords = 8

// index records mention i (a PERSON name of two or more words) under
// the short names that may later refer back to it.
func (d *doc) index(i int) {
	m := d.ms[i]
	if m.Type != realign.PERSON || m.Pronoun {
		return
	}
	words := d.info[i].words
	n := len(words)
	if n < 2 {
		return
	}
	lw := make([]string, n)
	for k, w := range words {
		lw[k] = strings.ToLower(w)
	}
	if m.Via == "guess" || m.Actor == nil {
		// a guessed name is only picked up by its last word(s)
		d.suffix[lw[n-1]] = i
		if n >= 3 {
			d.suffix[lw[n-2]+" "+lw[n-1]] = i
		}
		return
	}
	for _, w := range lw {
		d.coref[w] = i
	}
	if n >= 3 && n <= maxIndexedWords {
		for x := 0; x < n; x++ {
			for y := x + 1; y < n; y++ {
				k, _ := corefKeys([]string{lw[x], lw[y]})
				d.coref[k] = i
			}
		}
	}
}

// locatives are prepositions after which a capital is a place.
var locatives = map[string]bool{
	"in": true, "at": true, "near": true, "outside": true, "inside": true, "into": true,
	"across": true, "around": true, "throughout": true, "within": true, "via": true,
	"toward": true, "towards": true, "of": false,
}

// placeNouns are nouns after which "of" introduces a place ("the
// bombing of Sanaa", "residents of Khartoum"); attackNouns also take
// "on" ("an attack on Kyiv").
var placeNouns = map[string]bool{}
var attackNouns = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`bombing bombings shelling bombardment siege sieges attack attacks
	strike strikes assault fall capture recapture seizure invasion occupation liberation blockade
	encirclement evacuation streets outskirts suburbs residents inhabitants centre center heart
	city town port skies`) {
		placeNouns[w] = true
	}
	for _, w := range strings.Fields(`bombing bombings shelling bombardment attack attacks strike strikes
	assault assaults raid raids advance offensive march`) {
		attackNouns[w] = true
	}
}

// afterLocative reports whether token i follows a locative preposition,
// possibly with a determiner between, or "of" after a noun such as
// "bombing" or "outskirts" (or "on" after an attack noun).
func (s *sent) afterLocative(i int) bool {
	j := i - 1
	if isDet(s.word(j)) {
		j--
	}
	p := strings.ToLower(s.word(j))
	if locatives[p] {
		return true
	}
	noun := strings.ToLower(s.word(j - 1))
	return p == "of" && placeNouns[noun] || p == "on" && attackNouns[noun]
}

// dateline reports whether the n tokens at i are a news dateline: the
// first words of a sentence followed by a dash, directly ("TOKYO —") or
// after a comma or parenthesis within a few tokens ("ISLAMABAD, Pakistan
// —", "WASHINGTON (AP) —"). A capital there names where the story was
// filed, not the government.
func (s *sent) dateline(i, n int) bool {
	if i != 0 {
		return false
	}
	for j := i + n; j < len(s.toks) && j <= i+n+5; j++ {
		switch s.word(j) {
		case "—", "–", "-", "--":
			return true
		case ",", "(", ")":
			continue
		}
		if j == i+n {
			return false
		}
	}
	return false
}

// kbName handles a KB name at token i.
func (s *sent) kbName(i int) int {
	start := i
	if isDet(s.word(i)) && isCap(s.word(i+1)) {
		// "The Guardian" is a name; "the Kremlin" is "Kremlin".
		if n, c := s.kbMatch(i); n > 1 {
			return s.emitKB(i, n, c)
		}
		start = i + 1
	}
	n, cands := s.kbMatch(start)
	if n == 0 {
		return 0
	}
	consumed := s.emitKB(start, n, cands)
	if consumed == 0 {
		return 0
	}
	return start - i + consumed
}

// emitKB adds the mention for a KB match of n tokens at i and returns the
// tokens consumed, 0 to let other patterns try.
func (s *sent) emitKB(i, n int, cands []kb.Candidate) int {
	c := cands[0]
	name := s.form(i, i+n)
	m := realign.Mention{Span: s.span(i, i+n), Type: c.Type, Antecedent: -1, Via: c.Via}
	gender := ""
	// A one-word name that repeats part of an earlier person's name.
	if n <= 2 && (c.Kind == kb.KindPerson || c.Kind == kb.KindRegion) {
		if ante := s.d.corefName(name); ante >= 0 {
			m.Type, m.Actor, m.Antecedent, m.Via = realign.PERSON, s.d.ms[ante].Actor, ante, "surname"
			s.d.add(m, s.si, s.d.info[ante].gender)
			return n
		}
	}
	// A demonym starting a longer unknown name ("Indian Ocean").
	if c.Type == realign.NORP && isCap(s.word(i+n)) && !isPunct(s.word(i+n)) {
		if _, t := s.parseTitle(i + n); t.Kind == "" {
			if _, more := s.kbMatch(i + n); more == nil {
				return 0
			}
		}
	}
	switch c.Kind {
	case kb.KindPerson:
		var ids []string
		for _, x := range cands {
			if x.Kind == kb.KindPerson {
				ids = append(ids, x.ID)
			}
		}
		if c.Short && len(ids) > 1 {
			break // ambiguous surname
		}
		if !c.Short && len(ids) > 1 {
			// People who share a full name are dated apart (validated):
			// the one in office at the document date.
			if p, ok := s.d.kb.BestPerson(name, "", "", s.d.at); ok {
				c.ID = "person/" + p.ID
			}
		}
		if c.Short {
			// A bare surname not seen before in the document is trusted
			// only for someone in office at the document date.
			p, _ := s.d.kb.Person(c.ID)
			if _, active := p.RoleAt(s.d.at); !active {
				m.Via = "guess"
				break
			}
		}
		a, ok := s.d.kb.Actor(c.ID, s.d.at)
		if ok {
			m.Actor = &a
		}
		if p, ok := s.d.kb.Person(c.ID); ok {
			gender = p.Gender
		}
		if m.Actor != nil {
			s.d.add(m, s.si, gender)
			return n + s.nickname(i+n)
		}
	case kb.KindRegion:
		// A political unit of one state stands for that state as a
		// place ("in Balochistan" -> PAK); other regions get no actor.
		if r, ok := s.d.kb.Region(c.ID); ok && r.Type == realign.GPE && r.Country != "" {
			if a, ok := s.d.kb.StateActor(r.Country, ""); ok {
				m.Actor, m.Via = &a, "place"
			}
		}
	case kb.KindState:
		code := strings.TrimPrefix(c.ID, "state/")
		sector := c.Sector
		if (c.Via == "capital" || c.Via == "seat") && (s.afterLocative(i) || s.dateline(i, n)) {
			m.Type, m.Via, sector = realign.GPE, "place", ""
		}
		a, ok := s.d.kb.StateActor(code, sector)
		if ok {
			m.Actor = &a
		}
	default:
		a, ok := s.d.kb.Actor(c.ID, s.d.at)
		if ok {
			m.Actor = &a
		}
	}
	s.d.add(m, s.si, gender)
	return n
}

var pronouns = map[string]string{
	"he": "m", "him": "m", "his": "m", "himself": "m",
	"she": "f", "her": "f", "hers": "f", "herself": "f",
}

// pronoun handles he/she pronouns and "his country"-style phrases.
func (s *sent) pronoun(i int) int {
	w := s.word(i)
	g, ok := pronouns[strings.ToLower(w)]
	if !ok {
		return 0
	}
	ante := s.d.pronounAntecedent(g, s.si, s.d.e.window)
	m := realign.Mention{Span: s.span(i, i+1), Type: realign.PERSON, Antecedent: -1, Pronoun: true, Via: "pronoun"}
	if ante >= 0 {
		m.Antecedent, m.Actor = ante, s.d.ms[ante].Actor
	}
	lw := strings.ToLower(w)
	if lw == "his" || lw == "her" {
		next := strings.ToLower(s.word(i + 1))
		sector, phrase := "", false
		switch next {
		case "country", "nation", "homeland":
			phrase = true
		case "government", "administration", "cabinet":
			phrase, sector = true, realign.SectorGOV
		}
		if phrase {
			m.Span, m.Type, m.Actor = s.span(i, i+2), realign.GPE, nil
			if ante >= 0 && s.d.ms[ante].Actor != nil && s.d.ms[ante].Actor.Country != "" {
				if a, ok := s.d.kb.StateActor(s.d.ms[ante].Actor.Country, sector); ok {
					m.Actor = &a
				}
			}
			s.d.add(m, s.si, "")
			return 2
		}
	}
	s.d.add(m, s.si, g)
	return 1
}

// pronounAntecedent returns the most recent PERSON mention of gender g (or
// unknown gender) within window sentences, following pronoun chains to
// the named mention; -1 when none.
func (d *doc) pronounAntecedent(g string, si, window int) int {
	for i := len(d.ms) - 1; i >= 0; i-- {
		if si-d.info[i].sent > window {
			break
		}
		m := d.ms[i]
		if m.Type != realign.PERSON {
			continue
		}
		if isPluralTitle(m.Text) && m.Via != "name" && !m.Pronoun && m.Via != "surname" && m.Via != "alias" {
			continue // "Russian officials" is not a "he"
		}
		if ig := d.info[i].gender; ig != "" && ig != g {
			continue
		}
		if m.Pronoun {
			if m.Antecedent >= 0 {
				return m.Antecedent
			}
			continue
		}
		if m.Via == "apposition" && m.Antecedent >= 0 {
			return m.Antecedent
		}
		return i
	}
	return -1
}

// stopWords are capitalised function words and other words that never
// start a name.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`The A An And But Or Nor So Yet For If When While Where Whether After Before
	Since Until Although Though Because As At In On Of To From By With Without About Against Between Among
	Into Through During Under Over Above Below Up Down Out Off Near Than Then Also Still Even Just Only Now
	There Here This That These Those It Its It's I I'm I've I'd We We're Our Ours Us You Your They Their Them
	He His Him She Her Hers My Me Who Whom Whose What Which Why How Yes No Not Well Oh Please Thank Thanks
	Mr Mrs Ms Dr Many Some Several Most More Much Such Each Every All Both Either Neither Other Another
	Any One Two Three Four Five Six Seven Eight Nine Ten First Second Third Last Next Meanwhile However
	Moreover Furthermore Nevertheless Instead Indeed Later Earlier Today Tomorrow Yesterday Tonight Asked
	According Despite Following Including Regarding Amid Amidst Among Unlike Like Let Do Does Did Is Are Was
	Were Be Been Being Have Has Had Will Would Shall Should Can Could May Might Must Once Twice Again Already
	Never Always Often Sometimes Perhaps Maybe Overall Together Though Whatever Whoever Wherever Whenever
	Upon Toward Towards Via Per Plus Minus Former Leave Read Watch Share Related See Click`) {
		stopWords[w] = true
	}
}

// calendarWords are capitalised but never names of actors.
var calendarWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
	March April June July August September October November December Jan. Feb. Mar. Apr. Jun. Jul. Aug.
	Sep. Sept. Oct. Nov. Dec. AM PM a.m. p.m. GMT UTC`) {
		calendarWords[w] = true
	}
}

var speechVerbs = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`said says say told tells added adds stated states argued argues asked asks
	replied replies noted notes wrote writes tweeted posted explained explains insisted insists warned warns
	claimed claims announced announces declared declares stressed stresses urged urges recalled recalls
	acknowledged acknowledges confirmed confirms denied denies suggested suggests continued`) {
		speechVerbs[w] = true
	}
}

var orgHeads = map[string]bool{}
var locHeads = map[string]bool{}
var gpeHeads = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`Organization Organisation Ministry Party Council Bank Agency Initiative
	Corporation Corp. Company Co. Inc. Ltd. Group Union Association Committee Commission Court University
	College School Institute Front Army Forces Force League Movement News Times Post Daily Network Service
	Services Department Office Authority Board Fund Foundation Alliance Federation Center Centre Program
	Programme Project Forum Assembly Parliament Senate Congress Club Society Church Airlines Airways
	Hospital Index Report Express Police Guard Guards Brigade Battalion Corps Command Network Summit Conference Treaty Accord
	Agreement Corridor Tribunal Brotherhood Brothers Cabinet Secretariat Coalition Caliphate Taliban Hamas Hezbollah`) {
		orgHeads[w] = true
	}
	for _, w := range strings.Fields(`River Sea Ocean Mountains Mountain Mount Lake Gulf Bay Strait Island Islands
	Valley Desert Peninsula Coast Basin Plateau Canal Pass Region Highway Road Street Square Airport Port
	Shoal Shoals Reef Reefs Atoll Atolls Cay Cays Archipelago Channel Straits Seas Cape Heights Hills Delta
	Lagoon Glacier Crossing`) {
		locHeads[w] = true
	}
	for _, w := range strings.Fields(`Province City County District State Prefecture Governorate Oblast Territory`) {
		gpeHeads[w] = true
	}
}

// connectors may join the words of an organisation name.
var connectors = map[string]bool{"of": true, "and": true, "for": true, "the": true, "&": true, "on": true}

// ordinalWords may start a place name ("Second Thomas Shoal").
var ordinalWords = map[string]bool{"First": true, "Second": true, "Third": true, "Fourth": true, "Fifth": true}

// nonNameWords are capitalised words of web-page furniture and other
// common phrases ("Privacy Policy", "Terms of Use") that never make a
// personal name. A sequence made only of them (and connectors) is not a
// mention at all.
var nonNameWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`Policy Privacy Terms Use Conditions Service Copyright Newsletter
	Newsletters Cookie Cookies Subscribe Subscription Subscriptions Login Logout Register Sign Advertisement
	Advertisements Advertise Advertising Rights Reserved Sitemap Disclaimer Feedback Podcast Podcasts
	Comments Comment Contact Help Careers Menu Home Search Follow Download Newsroom Editorial Standards
	Accessibility Settings Preferences Notice Statement Topics Sections Video Videos Photos Gallery Act`) {
		nonNameWords[w] = true
	}
}

// extendName returns the end of the capitalised word sequence starting
// at token i: capitalised words, particle names and inner connectors,
// stopping before a person title or a KB name.
func (s *sent) extendName(i int) int {
	j := i + 1
	for j < len(s.toks) {
		x := s.word(j)
		if isCap(x) && !isPunct(x) && !stopWords[x] && !calendarWords[x] {
			if tn, t := s.parseTitle(j); tn > 0 && t.Kind == "person" {
				break
			}
			if n, _ := s.kbMatch(j); n > 0 {
				break
			}
			j++
			continue
		}
		if isParticleName(x) {
			j++
			continue
		}
		if x == "and" && locHeads[s.word(j-1)] {
			break // "Mischief Reef and Bashi Channel": two places
		}
		if (connectors[x] || nameParticles[x]) && isCap(s.word(j+1)) && !stopWords[s.word(j+1)] {
			j++
			continue
		}
		break
	}
	for j > i+1 && (connectors[s.word(j-1)] || nameParticles[s.word(j-1)]) {
		j-- // "Murtaza Zehri of VOA": the connector is not part of the name
	}
	return j
}

// unknown handles a capitalised word sequence not found in the KB.
func (s *sent) unknown(i int) int {
	w := s.word(i)
	if ordinalWords[w] && isCap(s.word(i+1)) && !stopWords[s.word(i+1)] {
		// "Second Thomas Shoal": an ordinal starting a place name
		if j := s.extendName(i + 1); locHeads[s.word(j-1)] {
			s.d.add(realign.Mention{Span: s.span(i, j), Type: realign.LOC, Antecedent: -1, Via: "guess"}, s.si, "")
			return j - i
		}
	}
	if !isCap(w) || isPunct(w) || stopWords[w] || calendarWords[w] {
		return 0
	}
	if s.clauseStart(i) && (strings.HasSuffix(w, "ly") || s.d.lower[strings.ToLower(w)]) {
		return 0
	}
	if tn, t := s.parseTitle(i); tn > 0 && t.Kind != "" {
		return tn // a bare title ("the President said") is not a name
	}
	j := s.extendName(i)
	n := j - i
	furniture, boiler := true, false
	for k := i; k < j; k++ {
		switch x := s.word(k); {
		case nonNameWords[x]:
			boiler = true
		case !connectors[x]:
			furniture = false
		}
	}
	if furniture {
		return n // "Privacy Policy", "Terms of Use"
	}
	followsSpeech := speechVerbs[strings.ToLower(s.word(j))] || (s.word(j) == "," && speechVerbs[strings.ToLower(s.word(j+1))])
	honorific := false
	if _, t := s.parseTitle(i - 1); t.Kind == "honorific" {
		honorific = true
	}
	name := s.form(i, j)
	if ante := s.d.corefName(name); ante >= 0 {
		m := realign.Mention{Span: s.span(i, j), Type: realign.PERSON, Actor: s.d.ms[ante].Actor, Antecedent: ante, Via: "surname"}
		s.d.add(m, s.si, s.d.info[ante].gender)
		return n + s.nickname(j)
	}
	// "Ali Shamkhani, Iran's top security official": the title in
	// apposition gives the person's actor
	if !boiler && !honorific && n <= 5 && nameShaped(s.toks[i:j]) && !hasHead(s.toks[i:j]) {
		if r, at, ok := s.appositiveRole(j); ok {
			if a, ok := s.titleActor(r.t, r.mod, name); ok {
				m := realign.Mention{Span: s.span(i, j), Type: realign.PERSON, Actor: &a, Antecedent: -1, Via: "title"}
				idx := s.d.add(m, s.si, r.t.Gender)
				if s.appos == nil {
					s.appos = map[int]int{}
				}
				s.appos[at] = idx
				return n
			}
		}
	}
	if !followsSpeech && !honorific {
		if m, ok := s.gazPlace(i, j); ok {
			s.d.add(m, s.si, "")
			return n
		}
	}
	if n == 1 && s.clauseStart(i) && !followsSpeech && !isAcronymWord(w) {
		return 0
	}
	typ := s.guessType(i, j, followsSpeech, honorific)
	if boiler && typ == realign.PERSON {
		typ = realign.ORG
	}
	m := realign.Mention{Span: s.span(i, j), Type: typ, Antecedent: -1, Via: "guess"}
	gender := ""
	if honorific {
		_, t := s.parseTitle(i - 1)
		gender = t.Gender
	}
	s.d.add(m, s.si, gender)
	if typ == realign.PERSON {
		return n + s.nickname(j)
	}
	return n
}

// hasHead reports a word that heads an organisation or place name.
func hasHead(toks []realign.Token) bool {
	for _, t := range toks {
		if orgHeads[t.Text] || locHeads[t.Text] || gpeHeads[t.Text] {
			return true
		}
	}
	return false
}

// gazPlace looks tokens i..j-1 up in the gazetteer. A name whose entries
// all lie in one country is a GPE with that state's bare actor (Via
// "place"); a name of places in no country ("Indian Ocean") a LOC, one
// shared by places in several countries a GPE, both with no actor (Via
// "gazetteer"). ok is false when the name is not in the gazetteer or is
// only a country name (countries belong to the KB).
func (s *sent) gazPlace(i, j int) (realign.Mention, bool) {
	if s.d.e.gaz == nil {
		return realign.Mention{}, false
	}
	ps := s.d.e.gaz.Lookup(s.form(i, j))
	if len(ps) == 0 {
		return realign.Mention{}, false
	}
	country, several, none := "", false, false
	for _, p := range ps {
		if p.Precision == realign.PrecisionCountry {
			return realign.Mention{}, false
		}
		switch {
		case p.Country == "":
			none = true
		case country == "":
			country = p.Country
		case country != p.Country:
			several = true
		}
	}
	m := realign.Mention{Span: s.span(i, j), Type: realign.GPE, Antecedent: -1, Via: "gazetteer"}
	switch {
	case country == "":
		m.Type = realign.LOC
	case !several && !none:
		if a, ok := s.d.kb.StateActor(country, ""); ok {
			m.Actor, m.Via = &a, "place"
		}
	}
	return m, true
}

func isAcronymWord(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// guessType chooses the entity type of an unknown name i..j-1.
func (s *sent) guessType(i, j int, followsSpeech, honorific bool) string {
	last := s.word(j - 1)
	hasConnector := false
	for k := i; k < j; k++ {
		w := s.word(k)
		if orgHeads[w] {
			return realign.ORG
		}
		if connectors[w] {
			hasConnector = true
		}
	}
	switch {
	case honorific:
		return realign.PERSON
	case locHeads[last]:
		return realign.LOC
	case gpeHeads[last]:
		return realign.GPE
	case followsSpeech && !hasConnector:
		return realign.PERSON
	case s.afterLocative(i):
		return realign.GPE
	case !hasConnector && j-i >= 2 && j-i <= 4 && nameShaped(s.toks[i:j]):
		return realign.PERSON
	}
	return realign.ORG
}

// nameShaped reports words that look like a personal name: capitalised,
// not all capitals, no digits.
func nameShaped(toks []realign.Token) bool {
	for _, t := range toks {
		if isAcronymWord(t.Text) && !nameParticles[t.Text] {
			return false
		}
		for _, r := range t.Text {
			if unicode.IsDigit(r) {
				return false
			}
		}
	}
	return true
}
