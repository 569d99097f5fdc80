// Package quote is the quotation stage of the realign pipeline: it finds
// direct, partial, indirect (reported) and block quotations in a document
// and attributes each to a speaker through a speech cue.
//
// It reads Document.Text, Sentences (with tokens, from package nlp) and
// Mentions (from package entity; pronoun mentions carry the actor of their
// antecedent) and sets Analysis.Quotes, sorted by start offset.
//
// Rules, in order:
//
//   - Quotation marks. Double marks (" “ ”) are paired paragraph by
//     paragraph, each mark read as opening or closing from its neighbours
//     (white space before and a letter after opens; a letter or
//     punctuation before and white space or punctuation after closes) and
//     from its shape when the neighbours do not decide. A quotation left
//     open at a paragraph end continues when the next paragraph starts
//     with an opening mark (multi-paragraph quotation): it gives one
//     direct quotation per paragraph, each without the reopening mark,
//     all with the speaker, cue and addressee of the whole. A mark never
//     closed that opens a paragraph or a sentence or follows a colon or a
//     comma after a speech cue ("Otunbayeva said, “…") gives a quotation
//     ending with its paragraph (or the last paragraph of a
//     multi-paragraph quotation, or the document), never later, and
//     before an attribution clause of its own (“They are not listening
//     to us, Putin told Macron." ends before ", Putin told", which then
//     attributes it); any other unmatched mark is ignored. Single marks (‘ ’ ') are paired only
//     when the opening mark follows white space or a bracket and precedes
//     a letter and the closing mark precedes white space, punctuation or
//     the end, so apostrophes ("Pakistan’s", "don't", "'90s") never pair.
//     Pairs nested in another pair belong to the outer quotation.
//   - Kind of a marked quotation: direct when it starts its clause or
//     follows ",", ":" or a dash or a speech verb, partial when it is
//     embedded in the sentence ("said that the ‘…’", "called it a
//     “disaster”") or is at most three words without final punctuation.
//   - Cues come from the lexicon data/cues.txt (speech verbs in all their
//     forms, "told X", "posted on X", "according to X", venues such as
//     "in an interview with X"). Cues inside quotations, infinitives ("to
//     say"), passives ("was asked") and nouns ("a warning") are ignored.
//   - Speaker of a cue: the subject noun phrase to its left (skipping
//     auxiliaries, adverbs, time words and one comma-delimited
//     parenthetical), or the noun phrase after it when inverted ("…,”
//     said Khan"), or the noun phrase after "according to". A participle
//     cue (", adding that …") takes the speaker of the governing clause.
//     The speaker's Actor and Mention come from the mention that overlaps
//     the speaker phrase, preferring the rightmost (the head) that is not
//     a possessor.
//   - A marked quotation is attributed to the nearest cue after it in the
//     same clause (“…,” PM Khan told …), else the last cue before it in
//     its clause or at the end of the previous paragraph (Khan said: “…”).
//     A partial quotation inside reported speech takes that speech's
//     speaker. A direct quotation with no cue in reach continues the
//     previous quotation with a speaker of the same or the previous
//     paragraph: it takes that quotation's speaker, cue (CueSpan points
//     at the earlier cue) and addressee. A quotation split by its attribution
//     (“We will,” she said, “not back down.”) gives two quotations with the
//     same cue and speaker, not one: Text must equal the spanned text, and
//     a span over both parts would hold the attribution. The first part
//     keeps its comma ("We will,") when the second goes on in lower case,
//     so that its Text shows the sentence is unfinished; a comma before
//     an attribution is otherwise dropped.
//   - Block quotation: a paragraph ending with a cue and "," or ":" ("He
//     replied,") followed by a paragraph with no quotation marks. That
//     paragraph is the content; each following paragraph joins the block
//     while it has no quotation marks, is written in the first person
//     (I, we, my, our, me, us) and holds no speech cue with a
//     third-person speaker; at most Options.MaxBlockParagraphs in all.
//   - Indirect quotation: a cue outside quotations with a complement
//     clause: "X said that …", "X said …" (cues flagged bare), "X told
//     reporters (that) …", "…, X said.", "…, said X.", "according to X, …",
//     "…, according to X.", ", adding that …". A dateline opening the
//     paragraph ("KABUL —", "KYIV, Ukraine —", "WASHINGTON (Reuters) —")
//     is never part of a clause reported by a later cue ("KABUL — The
//     Taliban …, officials said."). A complementiser "that"
//     is stripped only when it follows the cue directly or after its
//     addressee or object ("warned Kyiv that"), a time, adverb or
//     prepositional adjunct ("said on Monday in a statement that"); a later
//     "that" belongs to the reported clause ("said it remained skeptical
//     that …" reports the whole clause). A coordinated cue ("… and warned
//     that …", ", and added that …") ends the clause before it and reports
//     its own clause with the same speaker. The Span covers the clause
//     without final punctuation. A medial attribution ("A, the Times said,
//     B"; "A, according to X, B") reports the clause before it. After a
//     bare cue the clause may open with a quantifier, "if" or a gerund
//     ("said much of …", "said if elected …").
//   - Object cues (flag object in data/cues.txt: intentions and requests)
//     report their object or infinitive: "vowed to fight", "called for
//     talks", "asked whether …", "urged Congress to act", up to the clause
//     end or a comma that opens another clause. One inside another
//     speaker's reported clause ("Khan said Pakistan wanted …") is not
//     reported separately. Verbs of intention that are not speech with a
//     noun object (flag infinitive: seeks, sought) report only a
//     to-infinitive ("sought to join NATO", never "sought closer ties").
//   - Addressee: the object of a tell cue ("told reporters") or a venue
//     phrase ("speaking to reporters", "in an interview with X") between
//     the cue and its content or before the cue; never a phrase inside the
//     content ("added that the UN would keep talking to the authorities"),
//     except a closing "in an interview with X" at the clause end.
//   - "as" cues (flag as: described) attribute only a quotation after
//     "as" ("described the proposal as “a dead end”").
//   - Speakers across quotations (speakers.go): a definite description
//     ("the source") takes the actor of the latest earlier speaker with
//     an indefinite description of the same head noun ("a French
//     interior ministry source"); a "he"/"she" whose mention has neither
//     actor nor antecedent keeps its words as Speaker, and BySpeaker lists
//     it under the latest earlier unresolved person speaker of compatible
//     gender within five paragraphs.
//
// Cost: cues, quotation pairs and mentions are indexed by token,
// sentence and paragraph, so Annotate runs in time linear in the length
// of the document (about 4-5 MB/s on synthetic text dense in quotations,
// 15-18 MB/s on news; see BenchmarkAnnotateSize and BenchmarkAnnotateVOA).
package quote

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"

	"github.com/realign/realign"
	"github.com/realign/realign/nlp"
)

//go:embed data/cues.txt
var defaultCues []byte

// Options configures an Attributor. The zero value uses the embedded cue
// lexicon and a block limit of 8 paragraphs.
type Options struct {
	// Cues, when non-nil, replaces the embedded lexicon data/cues.txt; it
	// must use the same format (PHRASE<TAB>CLASS[<TAB>FLAGS] lines).
	Cues []byte
	// MaxBlockParagraphs caps the paragraphs of one block quotation;
	// 0 means 8.
	MaxBlockParagraphs int
}

// Attributor finds quotations and their speakers. It is safe for
// concurrent use after New returns.
type Attributor struct {
	lex       lexicon
	maxBlock  int
	lexSource string
}

// New parses the cue lexicon. It returns an error naming the file and
// line when the lexicon is malformed.
func New(opts Options) (*Attributor, error) {
	data, name := defaultCues, "cues.txt"
	if opts.Cues != nil {
		data, name = opts.Cues, "cues"
	}
	lex, err := parseLexicon(name, data)
	if err != nil {
		return nil, fmt.Errorf("quote: load cue lexicon: %w", err)
	}
	mb := opts.MaxBlockParagraphs
	if mb <= 0 {
		mb = 8
	}
	return &Attributor{lex: lex, maxBlock: mb, lexSource: name}, nil
}

// Annotate sets a.Quotes from a.Document.Text, a.Sentences and a.Mentions,
// replacing any quotations already there. When a.Sentences is empty each
// paragraph is read as one sentence. It returns an error only for
// inconsistent input: a sentence or mention span outside the text.
func (at *Attributor) Annotate(a *realign.Analysis) error {
	if a == nil {
		return fmt.Errorf("quote: nil analysis")
	}
	text := a.Document.Text
	for i, s := range a.Sentences {
		if s.Start < 0 || s.End > len(text) || s.Start > s.End {
			return fmt.Errorf("quote: sentence %d span [%d,%d) outside text of %d bytes", i, s.Start, s.End, len(text))
		}
	}
	for i, m := range a.Mentions {
		if m.Start < 0 || m.End > len(text) || m.Start > m.End {
			return fmt.Errorf("quote: mention %d span [%d,%d) outside text of %d bytes", i, m.Start, m.End, len(text))
		}
	}
	d := newDoc(text, a.Sentences, a.Mentions, at)
	a.Quotes = d.run()
	return nil
}

// tok is one token of the document with its place.
type tok struct {
	realign.Token
	low    string
	sent   int  // index into doc.sents
	para   int  // paragraph index
	quoted bool // inside a quotation-mark pair, marks included
	block  bool // inside a block quotation
}

type doc struct {
	at       *Attributor
	text     string
	toks     []tok
	sents    []realign.Span // sentence spans
	sentTok  [][2]int       // first and last token of each sentence (-1 when none)
	paras    []realign.Span
	paraTok  [][2]int
	mentions []realign.Mention
	pairs    []pair
	cues     []*cueOcc

	// indexes built by indexCues and indexMentions so that every lookup
	// is logarithmic or local to a sentence or paragraph
	cueFirst  map[int]*cueOcc // cue by its first token
	cueLast   map[int]*cueOcc // cue by its last token
	sentCues  [][]*cueOcc     // cues of each sentence, in text order
	paraCues  [][]*cueOcc     // cues of each paragraph, in text order
	pairOpen  map[int]pair    // pair by the offset of its opening mark
	mentOrder []int           // mention indexes sorted by start
	mentEnd   []int           // running maximum of End along mentOrder
}

// indexCues rebuilds the cue indexes from d.cues.
func (d *doc) indexCues() {
	d.cueFirst = make(map[int]*cueOcc, len(d.cues))
	d.cueLast = make(map[int]*cueOcc, len(d.cues))
	d.sentCues = make([][]*cueOcc, len(d.sents))
	d.paraCues = make([][]*cueOcc, len(d.paras))
	for _, c := range d.cues {
		d.cueFirst[c.first] = c
		d.cueLast[c.last] = c
		t := d.toks[c.first]
		d.sentCues[t.sent] = append(d.sentCues[t.sent], c)
		if t.para >= 0 {
			d.paraCues[t.para] = append(d.paraCues[t.para], c)
		}
	}
}

// indexMentions sorts the mentions by start for overlap queries.
func (d *doc) indexMentions() {
	d.mentOrder = make([]int, len(d.mentions))
	for i := range d.mentOrder {
		d.mentOrder[i] = i
	}
	sort.SliceStable(d.mentOrder, func(i, j int) bool {
		return d.mentions[d.mentOrder[i]].Start < d.mentions[d.mentOrder[j]].Start
	})
	d.mentEnd = make([]int, len(d.mentOrder))
	run := -1
	for i, mi := range d.mentOrder {
		run = max(run, d.mentions[mi].End)
		d.mentEnd[i] = run
	}
}

// mentionsOverlapping calls f with the index of every mention that
// overlaps sp, in order of start.
func (d *doc) mentionsOverlapping(sp realign.Span, f func(i int)) {
	hi := sort.Search(len(d.mentOrder), func(i int) bool { return d.mentions[d.mentOrder[i]].Start >= sp.End })
	lo := hi
	for lo > 0 && d.mentEnd[lo-1] > sp.Start {
		lo--
	}
	for k := lo; k < hi; k++ {
		if mi := d.mentOrder[k]; d.mentions[mi].Span.Overlaps(sp) {
			f(mi)
		}
	}
}

func newDoc(text string, sents []realign.Sentence, mentions []realign.Mention, at *Attributor) *doc {
	d := &doc{at: at, text: text, mentions: mentions, paras: nlp.Paragraphs(text)}
	if len(sents) == 0 {
		for pi, p := range d.paras {
			sents = append(sents, realign.Sentence{Span: p, Paragraph: pi, Tokens: nlp.Tokenize(text, p)})
		}
	}
	for si, s := range sents {
		d.sents = append(d.sents, s.Span)
		first := len(d.toks)
		toks := s.Tokens
		if toks == nil {
			toks = nlp.Tokenize(text, s.Span)
		}
		for _, t := range toks {
			if t.Start < 0 || t.End > len(text) || t.Start >= t.End {
				continue
			}
			d.toks = append(d.toks, tok{Token: t, low: lower(t.Text), sent: si, para: d.paraOf(t.Start)})
		}
		if len(d.toks) > first {
			d.sentTok = append(d.sentTok, [2]int{first, len(d.toks) - 1})
		} else {
			d.sentTok = append(d.sentTok, [2]int{-1, -1})
		}
	}
	d.indexMentions()
	d.paraTok = make([][2]int, len(d.paras))
	for i := range d.paraTok {
		d.paraTok[i] = [2]int{-1, -1}
	}
	for i, t := range d.toks {
		if t.para < 0 {
			continue
		}
		if d.paraTok[t.para][0] < 0 {
			d.paraTok[t.para][0] = i
		}
		d.paraTok[t.para][1] = i
	}
	return d
}

func (d *doc) paraOf(off int) int {
	i := sort.Search(len(d.paras), func(i int) bool { return d.paras[i].End > off })
	if i < len(d.paras) && d.paras[i].Start <= off {
		return i
	}
	return -1
}

// tokAt returns the index of the token starting at off, or -1.
func (d *doc) tokAt(off int) int {
	i := sort.Search(len(d.toks), func(i int) bool { return d.toks[i].Start >= off })
	if i < len(d.toks) && d.toks[i].Start == off {
		return i
	}
	return -1
}

// firstTokFrom returns the first token starting at or after off, or -1.
func (d *doc) firstTokFrom(off int) int {
	i := sort.Search(len(d.toks), func(i int) bool { return d.toks[i].Start >= off })
	if i < len(d.toks) {
		return i
	}
	return -1
}

// lastTokBefore returns the last token ending at or before off, or -1.
func (d *doc) lastTokBefore(off int) int {
	i := sort.Search(len(d.toks), func(i int) bool { return d.toks[i].End > off })
	return i - 1
}

func (d *doc) span(first, last int) realign.Span {
	return realign.Span{Start: d.toks[first].Start, End: d.toks[last].End}
}

func (d *doc) run() []realign.Quotation {
	d.pairs = findPairs(d.text, d.paras, d.at.lex)
	d.pairOpen = make(map[int]pair, len(d.pairs))
	for _, p := range d.pairs {
		d.pairOpen[p.open] = p
		o := p.outer()
		for i := d.firstTokFrom(o.Start); i >= 0 && i < len(d.toks) && d.toks[i].End <= o.End; i++ {
			d.toks[i].quoted = true
		}
	}
	d.findCues()
	d.indexCues()
	blocks := d.findBlocks()
	for _, b := range blocks {
		for i := d.firstTokFrom(b.Start); i >= 0 && i < len(d.toks) && d.toks[i].End <= b.End; i++ {
			d.toks[i].block = true
		}
	}
	kept := d.cues[:0]
	for _, c := range d.cues {
		if !d.toks[c.first].block {
			kept = append(kept, c)
		}
	}
	d.cues = kept
	d.indexCues()
	d.resolveSpeakers()

	var quotes []realign.Quotation
	for _, b := range blocks {
		quotes = append(quotes, b.quotation(d))
	}
	indirect := d.findIndirect()
	quotes = append(quotes, indirect...)
	quotes = append(quotes, d.markedQuotes(quotes)...)
	for i := range quotes {
		q := &quotes[i]
		q.Text = q.Span.Text(d.text)
	}
	sort.SliceStable(quotes, func(i, j int) bool {
		if quotes[i].Start != quotes[j].Start {
			return quotes[i].Start < quotes[j].Start
		}
		return quotes[i].End > quotes[j].End
	})
	d.refineSpeakers(quotes)
	return quotes
}

// speakerFor builds a Speaker for tokens first..last, resolving the actor
// from the mentions that overlap the phrase: the rightmost one that is not
// followed by a possessive clitic (the head of an English noun phrase).
func (d *doc) speakerFor(first, last int) *realign.Speaker {
	sp := d.span(first, last)
	s := &realign.Speaker{Span: sp, Text: sp.Text(d.text), Mention: -1}
	// the head lies before a post-modifier ("Putin in Moscow",
	// "spokesperson for the ministry")
	for k := first + 1; k < last; k++ {
		if low := d.toks[k].low; low == "in" || low == "of" || low == "for" {
			head := realign.Span{Start: sp.Start, End: d.toks[k].Start}
			found := false
			d.mentionsOverlapping(head, func(int) { found = true })
			if found {
				sp = head
			}
			break
		}
	}
	best := -1
	bestPoss := true
	d.mentionsOverlapping(sp, func(i int) {
		m := d.mentions[i]
		poss := false
		if j := d.tokAt(m.End); j >= 0 && isPossessive(d.toks[j].low) {
			poss = true
		}
		better := best < 0 ||
			(bestPoss && !poss) ||
			(bestPoss == poss && (m.End > d.mentions[best].End ||
				(m.End == d.mentions[best].End && m.Len() > d.mentions[best].Len()) ||
				(m.End == d.mentions[best].End && m.Len() == d.mentions[best].Len() && m.Actor != nil && d.mentions[best].Actor == nil)))
		if better {
			best, bestPoss = i, poss
		}
	})
	if best >= 0 {
		s.Mention = best
		if act := d.mentions[best].Actor; act != nil {
			cp := *act
			s.Actor = &cp
		}
	}
	return s
}

func cloneSpeaker(s *realign.Speaker) *realign.Speaker {
	if s == nil {
		return nil
	}
	cp := *s
	if s.Actor != nil {
		a := *s.Actor
		cp.Actor = &a
	}
	return &cp
}

func lower(s string) string { return strings.ToLower(s) }
