package eventcode

import (
	"sort"
	"strconv"
	"strings"

	"github.com/realign/realign"
)

// docState holds what every sentence of one document shares.
type docState struct {
	a *realign.Analysis
	// firstPerson maps the byte start of a first-person pronoun inside a
	// quotation to the actor it stands for.
	firstPerson map[int]*realign.Actor
	// dateline is the place named in a dateline at the start of the text,
	// nil when none.
	dateline *realign.Place
	// datelineSpan is the dateline ("SANAA, March 3, 2024 (Reuters) -"),
	// zero when none; its mentions (the place, the agency) are no actors
	datelineSpan realign.Span
	// venues are places of summits, conferences and meetings named so far,
	// by sentence index (see context.go).
	venues map[int]*realign.Place
	// verbForms and civilian come from the Coder's data files.
	verbForms map[string]form
	civilian  map[string]bool
	// per-sentence indexes into a's layers, so that coding a sentence
	// costs what the sentence holds, not what the document holds
	sentMentions [][]int               // mentions starting in the sentence
	sentPlaces   [][]*realign.Place    // places starting in the sentence
	sentTimes    [][]*realign.TimeExpr // times starting in the sentence
	sentQuotes   [][]int               // quotations overlapping the sentence
}

// index fills the per-sentence indexes in one pass over each layer.
func (d *docState) index() {
	a := d.a
	n := len(a.Sentences)
	d.sentMentions = make([][]int, n)
	d.sentPlaces = make([][]*realign.Place, n)
	d.sentTimes = make([][]*realign.TimeExpr, n)
	d.sentQuotes = make([][]int, n)
	for i := range a.Mentions {
		if si := a.SentenceAt(a.Mentions[i].Start); si >= 0 {
			d.sentMentions[si] = append(d.sentMentions[si], i)
		}
	}
	for i := range a.Places {
		if si := a.SentenceAt(a.Places[i].Start); si >= 0 {
			d.sentPlaces[si] = append(d.sentPlaces[si], &a.Places[i])
		}
	}
	for i := range a.Times {
		if si := a.SentenceAt(a.Times[i].Start); si >= 0 {
			d.sentTimes[si] = append(d.sentTimes[si], &a.Times[i])
		}
	}
	for qi, q := range a.Quotes {
		// first sentence ending after the quote starts
		si := sort.Search(n, func(k int) bool { return a.Sentences[k].End > q.Start })
		for ; si < n && a.Sentences[si].Start < q.End; si++ {
			d.sentQuotes[si] = append(d.sentQuotes[si], qi)
		}
	}
}

// cand is one actor occurrence in a sentence: a resolved mention or a
// first-person pronoun inside a quotation.
type cand struct {
	ts, te  int // token range [ts, te)
	span    realign.Span
	actor   *realign.Actor
	demonym bool   // a demonym mention ("Chinese")
	via     string // how the entity stage resolved the mention ("name", "capital", "place" …)
}

// group is an actor phrase: one or more candidates chained by title words.
// Its head is the last candidate.
type group struct {
	ts, te     int // token range [ts, te)
	span       realign.Span
	actor      *realign.Actor
	possessive bool // followed by 's, or a possessive pronoun
	prep       bool // the object of a preposition
	// civilian: a sectorless demonym before a civilian noun ("Chinese
	// tourists"); never an event's source
	civilian bool
	demonym  bool   // the head is a demonym ("Chinese"), an adjective before a noun
	via      string // the head mention's Via ("name", "capital", "place" …)
}

type sentState struct {
	d      *docState
	si     int
	sent   realign.Sentence
	toks   []string // normalised tokens
	groups []*group
	start  map[int]*group // token index -> group starting there
	end    map[int]*group // token index -> group whose last token it is
	// why says how the last subject search found its result (for
	// explanations)
	why string
}

func newDocState(a *realign.Analysis, c *Coder) *docState {
	d := &docState{a: a, firstPerson: map[int]*realign.Actor{}, venues: map[int]*realign.Place{},
		verbForms: c.lex.verbForms, civilian: c.civilian}
	d.index()
	for si, s := range a.Sentences {
		for _, t := range s.Tokens {
			w := normWord(t.Text)
			if !firstPersonWords[w] {
				continue
			}
			for _, qi := range d.sentQuotes[si] {
				q := a.Quotes[qi]
				if !q.Span.Contains(t.Span) || q.Speaker == nil || q.Speaker.Actor == nil {
					continue
				}
				d.firstPerson[t.Start] = firstPersonActor(w, q.Speaker.Actor)
				break
			}
		}
	}
	d.dateline, d.datelineSpan = findDateline(a)
	d.findVenues()
	return d
}

var firstPersonWords = map[string]bool{
	"i": true, "me": true, "my": true, "myself": true,
	"we": true, "us": true, "our": true, "ours": true, "ourselves": true,
}

// firstPersonActor resolves a first-person pronoun spoken by speaker.
func firstPersonActor(w string, speaker *realign.Actor) *realign.Actor {
	switch w {
	case "i", "me", "my", "myself":
		return speaker
	}
	govLike := speaker.Kind == "person" || speaker.Kind == "state" ||
		speaker.Sector == realign.SectorGOV || speaker.Sector == realign.SectorMIL
	if speaker.Country == "" || !govLike {
		return speaker
	}
	c := speaker.Country
	return &realign.Actor{
		ID: "state/" + c, Code: c + realign.SectorGOV, Name: c + " government",
		Country: c, Sector: realign.SectorGOV, Kind: "state",
	}
}

// titleWords may stand between two mentions of one actor phrase.
var titleWords = map[string]bool{
	"president": true, "prime": true, "minister": true, "pm": true, "foreign": true,
	"defence": true, "defense": true, "state": true, "news": true, "outlet": true,
	"agency": true, "leader": true, "chief": true, "secretary": true, "general": true,
	"counterpart": true, "ambassador": true, "envoy": true, "spokesman": true,
	"spokeswoman": true, "spokesperson": true, "official": true, "king": true,
	"queen": true, "premier": true, "chancellor": true, "deputy": true, "vice": true,
	"senior": true, "top": true, "army": true, "military": true, "'s": true,
	"supreme": true, "crown": true, "prince": true, "emir": true, "sheikh": true,
	"commander": true, "diplomat": true, "media": true, "broadcaster": true,
	"newspaper": true,
}

var prepositions = map[string]bool{
	"with": true, "to": true, "from": true, "of": true, "by": true, "for": true,
	"against": true, "on": true, "at": true, "in": true, "into": true, "toward": true,
	"towards": true, "about": true, "over": true, "between": true, "among": true,
	"upon": true, "like": true, "than": true, "as": true,
	// "fought alongside Ethiopian forces" is no attack on them
	"alongside": true, "beside": true, "amid": true, "despite": true, "near": true, "behind": true,
}

var possessivePronouns = map[string]bool{
	"my": true, "our": true, "his": true, "her": true, "their": true, "its": true,
}

func newSentState(d *docState, si int) *sentState {
	sent := d.a.Sentences[si]
	if len(sent.Tokens) == 0 {
		return nil
	}
	s := &sentState{d: d, si: si, sent: sent, start: map[int]*group{}, end: map[int]*group{}}
	for _, t := range sent.Tokens {
		s.toks = append(s.toks, normWord(t.Text))
	}
	cands := s.candidates()
	// chain candidates into actor phrases
	for i := 0; i < len(cands); {
		j := i
		for j+1 < len(cands) && s.titleGap(cands[j].te, cands[j+1].ts) {
			j++
		}
		head := cands[j]
		g := &group{ts: cands[i].ts, te: head.te, span: head.span, actor: head.actor}
		if g.te < len(s.toks) && s.toks[g.te] == "'s" {
			g.possessive = true
		}
		if head.te-head.ts == 1 && possessivePronouns[s.toks[head.ts]] {
			g.possessive = true
		}
		g.prep = s.prepObject(g.ts, g.te)
		g.demonym, g.via = head.demonym, head.via
		if head.demonym && head.actor.Sector == "" && g.te < len(s.toks) && s.d.civilian[s.toks[g.te]] {
			g.civilian = true
		}
		s.groups = append(s.groups, g)
		s.start[g.ts] = g
		s.end[g.te-1] = g
		i = j + 1
	}
	return s
}

// candidates lists the actor occurrences of the sentence in text order,
// dropping mentions nested in or overlapping a longer one.
func (s *sentState) candidates() []*cand {
	var out []*cand
	tokAt := func(off int, end bool) int {
		for i, t := range s.sent.Tokens {
			if !end && t.Start <= off && off < t.End {
				return i
			}
			if end && t.Start < off && off <= t.End {
				return i + 1
			}
		}
		return -1
	}
	for i, t := range s.sent.Tokens {
		if a, ok := s.d.firstPerson[t.Start]; ok {
			out = append(out, &cand{ts: i, te: i + 1, span: t.Span, actor: a})
		}
	}
	for _, mi := range s.d.sentMentions[s.si] {
		m := s.d.a.Mentions[mi]
		if m.Actor == nil || !s.sent.Span.Contains(m.Span) || m.Len() == 0 || s.d.datelineSpan.Len() > 0 && s.d.datelineSpan.Contains(m.Span) {
			continue
		}
		ts, te := tokAt(m.Start, false), tokAt(m.End, true)
		if ts < 0 || te <= ts {
			continue
		}
		c := &cand{ts: ts, te: te, span: m.Span, actor: m.Actor, demonym: m.Via == "demonym" || m.Type == realign.NORP, via: m.Via}
		keep := true
		for k := 0; k < len(out); k++ {
			o := out[k]
			if o.ts < c.te && c.ts < o.te { // overlap
				if o.te-o.ts >= c.te-c.ts || s.d.firstPerson[s.sent.Tokens[o.ts].Start] != nil {
					keep = false
					break
				}
				out = append(out[:k], out[k+1:]...)
				k--
			}
		}
		if keep {
			out = append(out, c)
		}
	}
	// sort by token start
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].ts < out[j-1].ts; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// titleGap reports whether tokens [a, b) may join two mentions into one
// actor phrase: at most four title words or capitalised words.
func (s *sentState) titleGap(a, b int) bool {
	if b-a > 4 || b < a {
		return false
	}
	for i := a; i < b; i++ {
		w := s.toks[i]
		raw := s.sent.Tokens[i].Text
		if titleWords[w] || w == "'" || w == "‘" {
			continue
		}
		if raw != "" && strings.ToUpper(raw[:1]) == raw[:1] && isWordy(raw) && !stopCaps[w] {
			continue
		}
		return false
	}
	return true
}

// stopCaps are capitalised function words that never belong to a title.
var stopCaps = map[string]bool{"and": true, "but": true, "when": true, "while": true, "yes": true}

func isWordy(s string) bool {
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') {
			return true
		}
	}
	return false
}

// clauseStop reports tokens a subject search does not cross backwards.
func clauseStop(w string) bool {
	switch w {
	case ";", ":", "?", "!", "but", "although", "though", "whereas", "because":
		return true
	}
	return false
}

var unresolvedSubjects = map[string]bool{
	"he": true, "she": true, "they": true, "it": true, "we": true, "i": true, "you": true,
	"this": true,
}

// subject returns the subject actor phrase(s) of a trigger at token ti,
// with compound members ("A and B", "A, B and C"; "A, B," alone is an
// apposition, not a list):
//
//   - a verb coordinated with an earlier one ("Kuleba criticized Russia and
//     accused Moscow") takes the subject of that earlier verb;
//   - a participle clause after a comma (", signaling …") and a gerund
//     after "after", "before", "while" … ("after meeting with Biden") take
//     the subject of the main clause (see mainSubject);
//   - else the nearest phrase before the trigger in the clause that is not
//     a prepositional object or a noun modifier ("on a Ukraine ceasefire
//     deal").
//
// It returns nil when the nearest subject is an unresolved pronoun, or when
// it would have to be looked for before "that" or "which" ("the US claimed
// that ISIL had attacked Iraq" has no actor subject for "attacked") or
// before a verb of saying or thinking ("Orban suggests Europe can't afford
// to defend Ukraine").
func (s *sentState) subject(ti int) []*group {
	if gs := s.subjectDepth(ti, 0); len(gs) > 0 {
		return gs
	}
	return s.documentAuthor(ti)
}

// documentNouns head a subject that is a document, not an actor ("a
// report released in the Rwandan capital alleged …").
var documentNouns = map[string]bool{
	"report": true, "study": true, "document": true, "dossier": true, "communique": true,
	"communiqué": true, "survey": true, "audit": true, "inquiry": true,
	"findings": true, "paper": true, "memo": true, "memorandum": true, "letter": true,
}

// publishVerbs, as participles after a document noun, name who put the
// document out ("a report issued by Human Rights Watch").
var publishVerbs = map[string]bool{
	"released": true, "issued": true, "published": true, "compiled": true, "prepared": true,
	"commissioned": true, "presented": true, "produced": true, "made": true, "drawn": true,
}

// documentAuthor returns the author of a document that is the subject of
// the verb at token ti when the subject phrase has no actor of its own: the
// actor after "by" in a participle phrase after the document noun ("a
// study published by the WHO said …"), or the state of "in the DEMONYM
// capital" ("A 500-page report released Tuesday in the Rwandan capital
// alleged that France …" -> Rwanda), else nil.
func (s *sentState) documentAuthor(ti int) []*group {
	d := -1
	for k := ti - 1; k >= 0 && ti-k <= 14; k-- {
		if clauseStop(s.toks[k]) {
			break
		}
		if documentNouns[s.toks[k]] && k+1 < ti && publishVerbs[s.toks[k+1]] {
			d = k
		}
	}
	if d < 0 {
		return nil
	}
	for k := d + 2; k < ti; k++ {
		g := s.start[k]
		if g == nil || g.actor == nil || !g.prep || g.possessive {
			continue
		}
		p := g.ts - 1
		for p > d && (determiners[s.toks[p]] || s.lowerModifier(p)) {
			p--
		}
		switch w := s.toks[p]; {
		case w == "by":
		case w == "in" && g.demonym && g.te < len(s.toks) && s.toks[g.te] == "capital":
			// "released in the Rwandan capital": the government seated
			// there; a city of publication ("published in London") is
			// no author
		default:
			continue
		}
		s.why = "author of the document \"" + s.toks[d] + " " + s.toks[d+1] + "\" that is the subject"
		return []*group{g}
	}
	return nil
}

func (s *sentState) subjectDepth(ti, depth int) []*group {
	if ti <= 0 || ti > len(s.toks) || depth > 4 {
		return nil
	}
	if conj := s.coordinatedAt(ti); conj >= 0 {
		if v := s.previousVerb(conj); v >= 0 {
			if gs := s.subjectDepth(v, depth+1); len(gs) > 0 {
				s.why = "subject of the coordinated verb \"" + s.toks[v] + "\" (" + s.why + ")"
				return gs
			}
			// "Marcos said the talks failed and accused …": the earlier
			// verb is in reported speech with no actor subject; the
			// coordinated verb belongs to the speaker
			if r := s.reportVerbBefore(v); r >= 0 {
				gs := s.subjectDepth(r, depth+1)
				s.why = "speaker of \"" + s.toks[r] + "\", whose coordinated verb this is (" + s.why + ")"
				return gs
			}
			return nil
		}
		s.why = "main-clause subject of a verb coordinated after \"" + s.toks[conj] + "\""
		return s.mainSubject(conj)
	}
	if ti < len(s.toks) && ti > 0 && subordinators[s.toks[ti-1]] && s.gerund(ti) {
		s.why = "main-clause subject of the adverbial clause after \"" + s.toks[ti-1] + "\""
		return s.mainSubject(ti - 1)
	}
	if ti > 1 && s.toks[ti-1] == "," && s.gerund(ti) {
		// the trigger heads a participle clause ("Russian forces shelled
		// Kharkiv, killing three civilians"): its subject is that of the
		// verb the clause follows, else as for any participle clause
		if v := s.previousVerb(ti - 1); v >= 0 {
			if gs := s.subjectDepth(v, depth+1); len(gs) > 0 {
				s.why = "subject of \"" + s.toks[v] + "\", whose participle clause the trigger heads (" + s.why + ")"
				return gs
			}
		}
		return s.participleSubject(ti)
	}
	from := ti - 1
	if c := s.parentheticalStart(ti); c >= 0 {
		// "Erdogan, after talks with officials from Qatar and Egypt,
		// condemned Israel": the subject stands before the parenthetical
		from = c - 1
	}
	for j := from; j >= 0; j-- {
		w := s.toks[j]
		if clauseStop(w) {
			return nil
		}
		g := s.end[j]
		if g == nil && w == "'s" {
			g = s.end[j-1]
			if j == 0 {
				g = nil
			}
		}
		if g == nil {
			if w == "to" && s.reducedRelative(j) {
				// "a logistics hub used to send weapons": the infinitive
				// belongs to a noun phrase, not to the sentence subject
				return nil
			}
			if gs := s.pairPhrase(j); len(gs) > 0 && j+2 <= ti {
				// "The two leaders signed an agreement": the two actors
				// named just before
				s.why = "\"" + s.toks[j-1] + " " + s.toks[j] + " " + s.toks[j+1] + "\": the two actors of different countries named last before it"
				return gs
			}
			if unresolvedSubjects[w] {
				// "Israel announced it would free …": a pronoun right
				// after a verb of saying stands for the speaker
				if gs := s.speakerPronoun(j, depth); len(gs) > 0 {
					return gs
				}
				return nil
			}
			if w == "who" || w == "which" {
				// "Porras, who was sanctioned by the EU": the relative
				// clause's subject is the phrase it follows
				if gs := s.relativeAntecedent(j); len(gs) > 0 {
					return gs
				}
				if w == "which" {
					return nil
				}
				continue // "a State Department official who had negotiated"
			}
			if w == "that" {
				// an unresolved pronoun, or a complement or relative clause
				// whose own subject is not an actor
				return nil
			}
			if reportVerbs[w] && (j+1 >= len(s.toks) || !prepositions[s.toks[j+1]] && !subordinators[s.toks[j+1]] && s.toks[j+1] != "during") {
				// the trigger is in reported speech whose subject is no actor
				return nil
			}
			if j > 0 && s.toks[j-1] == "," && s.gerund(j) {
				return s.participleSubject(j)
			}
			continue
		}
		j = g.ts // continue before this phrase
		if g.prep {
			continue
		}
		if g.possessive {
			gap := ti - g.te
			if gap > 4 || s.hasComma(g.te, ti) {
				continue
			}
		}
		out, ok := s.compoundBefore(g)
		if !ok {
			// the list is a prepositional object ("by the UN, France and
			// Russia"): go on before it
			j = out[0].ts
			continue
		}
		s.why = "subject rule: nearest actor before the trigger in its clause, not a prepositional object"
		if len(out) > 1 {
			s.why = "subject rule: compound subject of " + strconv.Itoa(len(out)) + " actors before the trigger"
		}
		return out
	}
	return nil
}

// participleSubject returns the subject of the participle clause headed
// by the gerund at token j, right after a comma: the speaker when the
// clause follows reported speech ("the Kremlin said that …, signaling
// …"), else the main-clause subject.
func (s *sentState) participleSubject(j int) []*group {
	for r := j - 2; r >= 0 && !clauseStop(s.toks[r]); r-- {
		if reportVerbs[s.toks[r]] {
			if gs := s.subjectDepth(r, 1); len(gs) > 0 {
				s.why = "speaker of \"" + s.toks[r] + "\" heading the participle clause (" + s.why + ")"
				return gs
			}
			break
		}
	}
	s.why = "main-clause subject of the participle clause"
	return s.mainSubject(j - 1)
}

// parentheticalOpeners open an adverbial phrase set off by commas between
// a subject and its verb ("X, after talks with Y, condemned Z").
var parentheticalOpeners = map[string]bool{
	"after": true, "before": true, "during": true, "despite": true, "following": true,
	"amid": true, "in": true, "on": true, "at": true, "with": true, "without": true,
	"unlike": true, "like": true, "along": true, "together": true, "alongside": true,
	"according": true, "speaking": true, "for": true, "from": true, "as": true,
	"since": true, "while": true, "when": true, "upon": true, "under": true,
	"through": true, "having": true, "meanwhile": true, "however": true, "too": true,
	"also": true,
}

// parentheticalStart returns the index of the comma that opens a phrase
// set off by commas right before the verb at token ti (", after talks
// with Qatar and Egypt,") when an actor phrase or title word stands
// before that comma; else -1. Commas inside the phrase ("with A, B and
// C,") are crossed; the phrase spans at most 25 tokens and no clause stop.
func (s *sentState) parentheticalStart(ti int) int {
	k := ti - 1
	for k >= 0 && ti-k <= 3 && coordAdverbs[s.toks[k]] && s.toks[k] != "and" {
		k-- // "…, has condemned", "…, also condemned"
	}
	if k < 1 || s.toks[k] != "," {
		return -1
	}
	for c := k - 1; c >= 1 && k-c <= 25; c-- {
		w := s.toks[c]
		if clauseStop(w) || w == "that" || reportVerbs[w] {
			return -1
		}
		if w != "," || !parentheticalOpeners[s.toks[c+1]] {
			continue
		}
		if s.end[c-1] != nil || titleWords[s.toks[c-1]] {
			return c
		}
	}
	return -1
}

// blockingVerbs stop or oppose an act named by the noun after them ("block
// sanctions", "vetoed a resolution"): the act is not their subject's.
var blockingVerbs = map[string]bool{}

func init() {
	for _, v := range strings.Fields("block veto oppose obstruct hinder delay stall prevent resist") {
		for _, f := range inflect(v) {
			blockingVerbs[f] = true
		}
	}
	for _, f := range []string{"vetoed", "vetoes", "vetoing", "stopped", "stopping", "stop", "stops"} {
		blockingVerbs[f] = true
	}
}

// blockingVerbBefore returns the index of a blocking verb at most three
// words before the nominal trigger at token ti, with only determiners,
// adjectives or numbers between ("block new sanctions", "vetoed the
// sanctions"), or -1.
func (s *sentState) blockingVerbBefore(ti int) int {
	for k := ti - 1; k >= 0 && ti-k <= 4; k-- {
		if blockingVerbs[s.toks[k]] {
			return k
		}
		if !skippable(s.toks[k]) || s.start[k] != nil || s.end[k] != nil {
			return -1
		}
	}
	return -1
}

// pairNouns, after "the two" or "both", refer to two actors named before
// ("the two leaders", "both countries").
var pairNouns = map[string]bool{
	"leaders": true, "countries": true, "nations": true, "sides": true, "governments": true,
	"presidents": true, "ministers": true, "states": true, "neighbors": true, "neighbours": true,
	"allies": true, "rivals": true, "men": true, "heads": true, "parties": true, "capitals": true,
}

// pairPhrase returns two actor phrases standing for "the two NOUN" or
// "both NOUN" whose numeral ("two", "both") is token j: the first two
// actors of different countries named earlier in the sentence, else in
// the previous sentence, else in the one before (see pairActors; persons
// for "the two leaders"). The
// phrases span the words "the two NOUN". It returns nil when there is no
// such phrase or no such pair.
func (s *sentState) pairPhrase(j int) []*group {
	if j+1 >= len(s.toks) || !pairNouns[s.toks[j+1]] {
		return nil
	}
	ts := j
	switch {
	case s.toks[j] == "two" && j > 0 && s.toks[j-1] == "the":
		ts = j - 1
	case s.toks[j] == "both":
	default:
		return nil
	}
	pair := s.pairActors(ts, personPairNouns[s.toks[j+1]])
	if pair == nil {
		return nil
	}
	span := realign.Span{Start: s.sent.Tokens[ts].Start, End: s.sent.Tokens[j+1].End}
	out := make([]*group, 2)
	for i, a := range pair {
		out[i] = &group{ts: ts, te: j + 2, span: span, actor: a}
	}
	return out
}

// pairActors returns the first two actors of different countries among
// the actor phrases before token k of the sentence, else among the
// mentions of the previous sentence, else of the one before; nil when
// none of these names two.
func (s *sentState) pairActors(k int, persons bool) []*realign.Actor {
	var here []*realign.Actor
	for _, g := range s.groups {
		if g.te <= k && !g.civilian {
			here = append(here, g.actor)
		}
	}
	if p := distinctPair(here, persons); p != nil {
		return p
	}
	for si := s.si - 1; si >= 0 && si >= s.si-2; si-- {
		var as []*realign.Actor
		for _, mi := range s.d.sentMentions[si] {
			if m := s.d.a.Mentions[mi]; m.Actor != nil {
				as = append(as, m.Actor)
			}
		}
		if p := distinctPair(as, persons); p != nil {
			return p
		}
	}
	return nil
}

// personPairNouns refer to two people ("the two leaders"): two persons
// named are preferred to the states named with them.
var personPairNouns = map[string]bool{
	"leaders": true, "presidents": true, "ministers": true, "men": true, "heads": true,
}

// distinctPair returns the first actor with a country and the first after
// it of another country, or nil. With persons, two persons of different
// countries are preferred when there are.
func distinctPair(as []*realign.Actor, persons bool) []*realign.Actor {
	if persons {
		var ps []*realign.Actor
		for _, a := range as {
			if a != nil && a.Kind == "person" {
				ps = append(ps, a)
			}
		}
		if p := distinctPair(ps, false); p != nil {
			return p
		}
	}
	for i, a := range as {
		if a == nil || a.Country == "" {
			continue
		}
		for _, b := range as[i+1:] {
			if b != nil && b.Country != "" && b.Country != a.Country {
				return []*realign.Actor{a, b}
			}
		}
		return nil
	}
	return nil
}

// announceVerbs introduce reported speech or a stated intention whose
// pronoun subject is the speaker ("announced it would", "said he will").
var announceVerbs = map[string]bool{
	"announced": true, "announces": true, "announce": true, "warned": true, "warns": true,
	"promised": true, "promises": true, "pledged": true, "pledges": true, "vowed": true,
	"vows": true, "threatened": true, "threatens": true, "signaled": true, "signalled": true,
	"indicated": true, "indicates": true, "hinted": true, "hints": true,
}

// speakerPronoun resolves the unresolved pronoun at token j when it is the
// subject of a clause reported by the verb of saying right before it ("X
// said (that) it would …", "X told reporters he will …"): the subject of
// that verb, when the pronoun agrees with it ("it" for a state or group,
// "he"/"she" for a person, "they"/"we" for any, "I" never). It returns nil
// otherwise.
func (s *sentState) speakerPronoun(j, depth int) []*group {
	w := s.toks[j]
	if w == "i" || w == "you" || w == "this" {
		return nil
	}
	k := j - 1
	if k >= 0 && s.toks[k] == "that" {
		k--
	}
	if k >= 0 && k+1 < j && (s.toks[k] == "reporters" || s.toks[k] == "journalists") {
		k-- // "told reporters he"
	}
	if k >= 1 && timeAdverbs[s.toks[k]] {
		// "announced on Sunday that they", "said yesterday it"
		k--
		if k >= 1 && s.toks[k] == "on" {
			k--
		}
	}
	if k < 0 || !(reportVerbs[s.toks[k]] || speechCues[s.toks[k]] || announceVerbs[s.toks[k]]) {
		return nil
	}
	why := s.why
	gs := s.subjectDepth(k, depth+1)
	if len(gs) == 0 {
		s.why = why
		return nil
	}
	for _, g := range gs {
		person := g.actor != nil && g.actor.Kind == "person"
		switch w {
		case "he", "she":
			if !person || len(gs) > 1 {
				return nil
			}
		case "it":
			if person || len(gs) > 1 {
				return nil
			}
		}
	}
	s.why = "the pronoun \"" + w + "\" after \"" + s.toks[k] + "\" stands for the speaker (" + s.why + ")"
	return gs
}

// relativeAntecedent returns the actor phrase a relative pronoun at token
// j follows ("Porras, who was sanctioned", "Hamas, which fired"), when it
// is no prepositional object (in "sanctions on Russia, which …" the
// clause may be about the sanctions); else nil.
func (s *sentState) relativeAntecedent(j int) []*group {
	k := j - 1
	if k >= 0 && s.toks[k] == "," {
		k--
	}
	for n := 0; n < 2 && k >= 0 && s.end[k] == nil && titleWords[s.toks[k]] && s.toks[k] != "'s"; n++ {
		k-- // "a State Department official who"
	}
	if k < 0 {
		return nil
	}
	g := s.end[k]
	if g == nil || g.prep || g.possessive {
		return nil
	}
	if s.toks[j] == "who" && g.actor != nil && g.actor.Kind != "person" && !s.personLike(g) && g.actor.Sector == "" {
		return nil
	}
	out, ok := s.compoundBefore(g)
	if !ok {
		return nil
	}
	s.why = "relative clause: the phrase before \"" + s.toks[j] + "\""
	return out
}

// compoundBefore returns g with the phrases joined to it before: "A and
// g", "A, B and g", "A, B, and g", "A, g and others". A comma alone ("A,
// g,") is an apposition and joins nothing. ok is false when the list
// starts with a prepositional object or noun modifier: then the whole list
// is one ("by the UN, France and Russia"), and out holds the members up to
// that one.
//
// Title words before a member ("Kishida and South Korean President Yoon")
// belong to it (see titleStart).
func (s *sentState) compoundBefore(g *group) (out []*group, ok bool) {
	out = []*group{g}
	for k := s.titleStart(g.ts) - 1; k > 0; {
		if s.toks[k] == "the" && k > 1 && (s.toks[k-1] == "and" || s.toks[k-1] == ",") {
			k-- // "Saudi Arabia and the United States"
		}
		if s.toks[k] != "and" && s.toks[k] != "," {
			break
		}
		if s.toks[k] == "," && len(out) == 1 && (g.te >= len(s.toks) || s.toks[g.te] != "and" && s.toks[g.te] != "or") {
			break // apposition
		}
		if s.toks[k] == "and" && s.toks[k-1] == "," && k > 1 {
			// "A, B, and C" is a list only when B itself follows
			// "A,"; else ", and" joins clauses
			b := s.end[k-2]
			if b == nil || b.ts < 2 || s.toks[b.ts-1] != "," || s.end[b.ts-2] == nil {
				break
			}
			k--
		}
		prev := s.end[k-1]
		if prev == nil {
			break
		}
		out = append([]*group{prev}, out...)
		if prev.prep {
			return out, false
		}
		k = s.titleStart(prev.ts) - 1
	}
	return out, true
}

// titleStart returns the first token of the title words standing before
// the actor phrase that starts at token ts: up to four title words or
// capitalised words that belong to no other phrase ("South Korean
// President" before "Yoon Suk Yeol"). It returns ts when there are none.
func (s *sentState) titleStart(ts int) int {
	k := ts
	for k > 0 && ts-k < 4 && s.end[k-1] == nil && s.titleWord(k-1) {
		k--
	}
	return k
}

// titleWord reports whether token i may be part of an actor's title: a
// title word, or a capitalised word that is not a function word.
func (s *sentState) titleWord(i int) bool {
	w, raw := s.toks[i], s.sent.Tokens[i].Text
	if w == "'s" || w == "the" {
		return false
	}
	if titleWords[w] {
		return true
	}
	return raw != "" && raw[0] >= 'A' && raw[0] <= 'Z' && isWordy(raw) && !stopCaps[w]
}

// groupAt returns the actor phrase that starts at token i, or that starts
// after title words beginning at i ("and South Korean President Yoon"), or
// nil.
func (s *sentState) groupAt(i int) *group {
	for k := i; k < len(s.toks) && k-i <= 4; k++ {
		if g := s.start[k]; g != nil {
			if s.titleStart(g.ts) <= i {
				return g
			}
			return nil
		}
		if !s.titleWord(k) {
			return nil
		}
	}
	return nil
}

// subordinators before a gerund make it an adverbial clause whose subject
// is the main clause's ("after meeting with Biden").
var subordinators = map[string]bool{
	"after": true, "before": true, "while": true, "when": true, "since": true,
	"by": true, "without": true, "upon": true,
}

// reportVerbs introduce reported speech or thought; a subject search does
// not cross them backwards.
var reportVerbs = map[string]bool{
	"said": true, "says": true, "say": true, "suggest": true, "suggests": true,
	"suggested": true, "believe": true, "believes": true, "believed": true,
	"think": true, "thinks": true, "thought": true, "argue": true, "argues": true,
	"argued": true, "insist": true, "insists": true, "insisted": true,
	"contend": true, "contends": true, "contended": true,
}

// notGerunds end in -ing but are prepositions or nouns.
var notGerunds = map[string]bool{
	"during": true, "including": true, "according": true, "following": true,
	"regarding": true, "concerning": true, "excluding": true, "considering": true,
	"pending": true, "notwithstanding": true, "barring": true, "nothing": true,
	"something": true, "anything": true, "everything": true, "thing": true,
	"king": true, "morning": true, "evening": true, "building": true,
	"spring": true, "wing": true, "ring": true, "string": true, "briefing": true,
	"hearing": true, "funding": true, "beijing": true, "being": true, "ceiling": true,
}

// gerund reports whether token i is a lower-case -ing verb form.
func (s *sentState) gerund(i int) bool {
	if i < 0 || i >= len(s.toks) {
		return false
	}
	w, raw := s.toks[i], s.sent.Tokens[i].Text
	if len(w) < 5 || !strings.HasSuffix(w, "ing") || notGerunds[w] || s.start[i] != nil {
		return false
	}
	return raw[0] >= 'a' && raw[0] <= 'z'
}

// coordAdverbs may stand between a conjunction and a coordinated verb.
var coordAdverbs = map[string]bool{
	"also": true, "then": true, "later": true, "quickly": true, "subsequently": true,
	"immediately": true, "again": true, "even": true, "has": true, "have": true,
	"had": true, "will": true, "would": true, "could": true, "did": true, "not": true,
	"n't": true, "is": true, "was": true, "were": true, "are": true, "repeatedly": true,
}

// coordinatedAt returns the index of the conjunction ("and", "but", "or")
// when the verb at token ti has no subject of its own but is coordinated
// with an earlier verb ("… and accused Moscow"); else -1.
func (s *sentState) coordinatedAt(ti int) int {
	if ti >= len(s.toks) || s.d.verbForms[s.toks[ti]] == 0 || s.start[ti] != nil {
		return -1
	}
	k := ti - 1
	for k >= 0 && ti-k <= 3 && coordAdverbs[s.toks[k]] {
		k--
	}
	if k <= 0 {
		return -1
	}
	switch s.toks[k] {
	case "and", "but", "or":
		return k
	}
	return -1
}

// commonVerbs are finite verbs outside the lexicon that may head the clause
// a later verb is coordinated with.
var commonVerbs = map[string]bool{
	"said": true, "says": true, "was": true, "were": true, "is": true, "are": true,
	"has": true, "have": true, "had": true, "told": true, "made": true, "took": true,
	"went": true, "came": true, "gave": true, "spoke": true, "arrived": true,
	"left": true, "held": true, "met": true, "signed": true, "announced": true,
}

// previousVerb returns the nearest likely finite verb before token k in the
// clause (a lexicon verb form, a common verb, or a lower-case -ed word not
// after a determiner), or -1.
func (s *sentState) previousVerb(k int) int {
	for i := k - 1; i >= 0; i-- {
		w := s.toks[i]
		if clauseStop(w) {
			return -1
		}
		if g := s.end[i]; g != nil {
			i = g.ts
			continue
		}
		raw := s.sent.Tokens[i].Text
		if raw == "" || raw[0] < 'a' || raw[0] > 'z' {
			continue
		}
		f := s.d.verbForms[w]
		if f&(formPast|form3s|formPP) != 0 || commonVerbs[w] ||
			(len(w) > 4 && strings.HasSuffix(w, "ed") && (i == 0 || !determiners[s.toks[i-1]] && s.toks[i-1] != "more" && s.toks[i-1] != "most")) {
			return i
		}
	}
	return -1
}

// mainSubject returns the subject of the main clause that ends before
// token k: the first actor phrase of the clause (from the sentence start or
// the last ";" / ":") that is neither a prepositional object nor a noun
// modifier, with compound members after it. It returns nil when none.
func (s *sentState) mainSubject(k int) []*group {
	start := 0
	for i := k - 1; i >= 0; i-- {
		if w := s.toks[i]; w == ";" || w == ":" {
			start = i + 1
			break
		}
	}
	for i := start; i < k && i < len(s.toks); i++ {
		g := s.start[i]
		if g == nil {
			continue
		}
		if g.prep {
			i = g.te - 1
			continue
		}
		out := []*group{g}
		for n := g.te; n+1 < k; {
			j := n
			if s.toks[j] == "," && s.toks[j+1] == "and" {
				j++
			}
			if s.toks[j] != "and" {
				break
			}
			h := s.groupAt(j + 1)
			if h == nil {
				break
			}
			out = append(out, h)
			n = h.te
		}
		return out
	}
	return nil
}

// quantityNouns count the group after "of" ("hundreds of troops").
var quantityNouns = map[string]bool{
	"hundreds": true, "thousands": true, "dozens": true, "scores": true, "tens": true,
	"millions": true, "handful": true, "number": true, "group": true, "crowd": true,
	"crowds": true, "band": true,
}

// prepObject reports whether the actor phrase at tokens [ts, te) is the
// object of a preposition: a preposition right before it, or before its
// title words ("to President Donald Trump"), or before a determiner ("on a
// Ukraine ceasefire deal", "in the Philippines"). Not
// prepositional objects: X in "leaders from X" (X names the leaders' side)
// and in "for X to VERB" (X is the infinitive's subject).
func (s *sentState) prepObject(ts, te int) bool {
	k := ts - 1
	for n := 0; k >= 0 && n < 6; n++ {
		w := s.toks[k]
		title := titleWords[w] && w != "'s"
		// "Secretary of State Marco Rubio", "Minister of Defence …"
		ofTitle := w == "of" && k > 0 && titleWords[s.toks[k-1]] && s.toks[k-1] != "'s" && n > 0
		if !title && !ofTitle {
			break
		}
		k--
	}
	det := false
	if k >= 0 && (s.toks[k] == "the" || s.toks[k] == "a" || s.toks[k] == "an") {
		det = true
		k--
	}
	if k >= 1 && !prepositions[s.toks[k]] {
		// "by local clan militias", "against two rebel groups": up to two
		// lower-case modifiers between an agent or target preposition and
		// the phrase
		for n, i := 0, k; n < 2 && i >= 1 && s.lowerModifier(i); n, i = n+1, i-1 {
			if p := s.toks[i-1]; p == "by" || p == "against" || p == "with" {
				return true
			}
		}
	}
	if k < 0 || !prepositions[s.toks[k]] {
		return false
	}
	w := s.toks[k]
	if det && (w == "as" || w == "like" || w == "than") {
		return false
	}
	if w == "as" && te < len(s.toks) && s.finiteVerb(te) {
		return false // "came as Israel announced …": a conjunction
	}
	if w == "from" && k > 0 && sideNouns[s.toks[k-1]] {
		return false
	}
	if w == "of" && k > 0 && quantityNouns[s.toks[k-1]] {
		// "Hundreds of UN troops withdrew", "tens of thousands of
		// protesters marched": the group after a quantity noun heads the
		// phrase, unless the quantity is itself a prepositional object
		q := k - 1
		for q >= 2 && s.toks[q-1] == "of" && quantityNouns[s.toks[q-2]] {
			q -= 2
		}
		if q > 0 && (s.toks[q-1] == "a" || s.toks[q-1] == "the") {
			q--
		}
		return q > 0 && prepositions[s.toks[q-1]]
	}
	if w == "for" && te+1 < len(s.toks) && s.toks[te] == "to" {
		return false
	}
	return true
}

// lowerModifier reports whether token i may modify a noun phrase's head:
// a lower-case word or number that is no function word or verb form of
// the lexicon.
func (s *sentState) lowerModifier(i int) bool {
	w, raw := s.toks[i], s.sent.Tokens[i].Text
	if raw == "" || !(raw[0] >= 'a' && raw[0] <= 'z' || raw[0] >= '0' && raw[0] <= '9') || !skippable(w) {
		return false
	}
	return !determiners[w] && !nonNouns[w] && s.d.verbForms[w] == 0 && !commonVerbs[w] && !speechCues[w]
}

// finiteVerb reports whether token i is likely a finite verb: a verb of
// saying or announcing, a common verb, or a past or third-person form of a
// lexicon verb.
func (s *sentState) finiteVerb(i int) bool {
	w := s.toks[i]
	return speechCues[w] || reportVerbs[w] || announceVerbs[w] || commonVerbs[w] ||
		s.d.verbForms[w]&(formPast|form3s) != 0
}

// sideNouns before "from X" make X the side they belong to.
var sideNouns = map[string]bool{
	"leaders": true, "leader": true, "officials": true, "official": true,
	"delegates": true, "delegation": true, "delegations": true, "representatives": true,
	"diplomats": true, "envoys": true, "ministers": true, "negotiators": true,
	"troops": true, "forces": true, "soldiers": true,
}

// possessiveBefore returns a possessive actor phrase at most four tokens
// before token ti ("Khan's informal meeting with"), or nil.
func (s *sentState) possessiveBefore(ti int) *group {
	for j := ti - 1; j >= 0 && j >= ti-6; j-- {
		if g := s.end[j]; g != nil && g.possessive && ti-g.te <= 5 && !s.hasComma(g.te, ti) {
			return g
		}
	}
	return nil
}

// unresolvedPossessiveBefore reports a possessive pronoun with no actor at
// most three tokens before token ti, with no actor phrase between ("his
// trip to Taiwan" where "his" was not resolved).
func (s *sentState) unresolvedPossessiveBefore(ti int) bool {
	for j := ti - 1; j >= 0 && j >= ti-3; j-- {
		if s.end[j] != nil || s.start[j] != nil || s.toks[j] == "," {
			return false
		}
		if possessivePronouns[s.toks[j]] {
			return true
		}
	}
	return false
}

func (s *sentState) hasComma(a, b int) bool {
	for i := a; i < b && i < len(s.toks); i++ {
		if s.toks[i] == "," {
			return true
		}
	}
	return false
}

// reportVerbBefore returns the index of the nearest verb of saying before
// token k in the clause (see reportVerbs, speechCues), or -1.
func (s *sentState) reportVerbBefore(k int) int {
	for i := k - 1; i >= 0; i-- {
		w := s.toks[i]
		if clauseStop(w) {
			return -1
		}
		if reportVerbs[w] || speechCues[w] {
			return i
		}
	}
	return -1
}

// relativeParticiples are past participles that, right after a noun, open
// a reduced relative clause with "to" ("a hub used to send weapons", "a
// deal expected to bring …").
var relativeParticiples = map[string]bool{
	"used": true, "designed": true, "meant": true, "intended": true, "expected": true,
	"supposed": true, "scheduled": true, "believed": true, "thought": true,
	"known": true, "required": true, "allowed": true, "authorized": true,
	"authorised": true, "set": true,
}

// nonNouns are lower-case words before such a participle that show it is a
// finite verb or a passive, not a reduced relative ("is expected to").
var nonNouns = map[string]bool{
	"is": true, "are": true, "was": true, "were": true, "be": true, "been": true,
	"being": true, "has": true, "have": true, "had": true, "not": true, "also": true,
	"who": true, "which": true, "that": true, "and": true, "or": true, "but": true,
	"then": true, "still": true, "once": true, "never": true, "n't": true,
	"'s": true, "get": true, "got": true,
}

// reducedRelative reports whether "to" at token j follows a relative
// participle that follows a lower-case noun: "hub used to".
func (s *sentState) reducedRelative(j int) bool {
	if j < 2 || !relativeParticiples[s.toks[j-1]] {
		return false
	}
	n := j - 2
	if s.end[n] != nil {
		return false
	}
	w, raw := s.toks[n], s.sent.Tokens[n].Text
	if raw == "" || raw[0] < 'a' || raw[0] > 'z' || nonNouns[w] || strings.HasSuffix(w, "ly") {
		return false
	}
	return isWordy(w)
}
