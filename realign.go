// Package realign holds the domain types of realign: a document, the
// annotation layers produced by the analysis pipeline (sentences, entity
// mentions resolved to actors, quotations, places, time expressions) and the
// coded events.
//
// Every annotation is a byte-offset Span into the one stored Document.Text
// (UTF-8, end exclusive). This package imports only the standard library;
// every stage of the pipeline lives in a package of its own and reads or
// appends layers of an Analysis.
package realign

import (
	"errors"
	"fmt"
	"time"
)

// Span is a half-open byte range [Start, End) into Document.Text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len returns the number of bytes the span covers.
func (s Span) Len() int { return s.End - s.Start }

// Contains reports whether o lies entirely inside s.
func (s Span) Contains(o Span) bool { return s.Start <= o.Start && o.End <= s.End }

// Overlaps reports whether s and o share at least one byte.
func (s Span) Overlaps(o Span) bool { return s.Start < o.End && o.Start < s.End }

// Text returns the slice of text the span covers, or "" when the span lies
// outside text.
func (s Span) Text(text string) string {
	if s.Start < 0 || s.End > len(text) || s.Start > s.End {
		return ""
	}
	return text[s.Start:s.End]
}

// Document is one article: its clean main text and its metadata.
type Document struct {
	// ID is a stable identifier (for stored documents, a content hash).
	ID string `json:"id,omitempty"`
	// Title is the headline; "" when none was found.
	Title string `json:"title"`
	// Text is the clean main text with page furniture removed. All spans
	// of an Analysis point into it.
	Text string `json:"text"`
	// Published is the publication time; the zero time when unknown.
	Published time.Time `json:"-"`
	// URL is the canonical URL when known.
	URL      string `json:"url,omitempty"`
	Byline   string `json:"byline,omitempty"`
	Site     string `json:"site,omitempty"`
	Language string `json:"language,omitempty"` // ISO 639-1, e.g. "en"
	// Format is the detected input format: "html" or "text".
	Format string `json:"format,omitempty"`
	// Source names where the document came from (a path, URL or "-").
	Source string `json:"source,omitempty"`
}

// Token is one word or punctuation token of a sentence.
type Token struct {
	Span
	Text string `json:"text"`
}

// Sentence is one sentence of the document with its tokens.
type Sentence struct {
	Span
	// Paragraph is the 0-based index of the paragraph holding the sentence
	// (paragraphs are separated by blank lines in Document.Text).
	Paragraph int     `json:"paragraph"`
	Tokens    []Token `json:"-"`
}

// Actor sectors and kinds. Sector codes follow CAMEO's agent codes.
const (
	SectorGOV = "GOV" // government, executive
	SectorMIL = "MIL" // military
	SectorMED = "MED" // media
	SectorOPP = "OPP" // opposition
	SectorBUS = "BUS" // business
	SectorCVL = "CVL" // civilians
	SectorIGO = "IGO" // intergovernmental organisation
)

// Actor is a resolved participant: a state, a person in a role, an
// organisation or a group.
type Actor struct {
	// ID is the stable knowledge-base identifier, e.g. "state/PAK",
	// "person/imran-khan", "igo/SCO".
	ID string `json:"id,omitempty"`
	// Code is the CAMEO-style actor code: ISO 3166-1 alpha-3 country
	// followed by sector codes (PAKGOV, RUSMED), or IGO… for
	// international organisations (IGOSCO?, IGOUNO).
	Code string `json:"code"`
	// Name is the canonical name, e.g. "Imran Khan", "Russia".
	Name string `json:"name"`
	// Country is the ISO 3166-1 alpha-3 code of the actor's state, "" for
	// international actors.
	Country string `json:"country,omitempty"`
	// Sector is the primary agent/sector code (GOV, MIL, MED, IGO …).
	Sector string `json:"sector,omitempty"`
	// Kind is "state", "person", "igo", "org" or "group".
	Kind string `json:"kind,omitempty"`
	// Role describes the role that gave the code at the document date,
	// e.g. "Prime Minister of Pakistan (2018-08-18..2022-04-10)".
	Role string `json:"role,omitempty"`
}

// Entity types (OntoNotes-style labels).
const (
	PERSON = "PERSON"
	ORG    = "ORG"
	GPE    = "GPE"
	LOC    = "LOC"
	NORP   = "NORP"
)

// Mention is one entity mention in the text, resolved to an actor where
// possible.
type Mention struct {
	Span
	Text string `json:"text"`
	// Type is PERSON, ORG, GPE, LOC or NORP.
	Type string `json:"type"`
	// Actor is the resolved actor; nil when unresolved.
	Actor *Actor `json:"actor"`
	// Via says how the actor was found: "name", "alias", "title",
	// "demonym", "capital", "surname", "pronoun", "role" ….
	Via string `json:"via,omitempty"`
	// Antecedent is the index in Analysis.Mentions of the mention this one
	// refers back to (pronouns, short names), or -1.
	Antecedent int `json:"antecedent"`
	// Pronoun is true for pronoun mentions ("he", "she", "they", "his").
	Pronoun bool `json:"pronoun,omitempty"`
}

// Quotation kinds.
const (
	QuoteDirect   = "direct"
	QuoteIndirect = "indirect"
	QuotePartial  = "partial"
	QuoteBlock    = "block"
)

// Speaker is who a quotation is attributed to.
type Speaker struct {
	Span
	// Text is the speaker as written where the quote is attributed (may be
	// a pronoun).
	Text string `json:"text"`
	// Actor is the resolved speaker; nil for unresolved or anonymous
	// sources.
	Actor *Actor `json:"actor"`
	// Mention is the index in Analysis.Mentions of the speaker mention, or
	// -1.
	Mention int `json:"mention"`
}

// Quotation is a direct, partial, indirect (reported) or block quotation.
type Quotation struct {
	// Span covers the quoted or reported content without quotation marks.
	Span
	Text string `json:"text"`
	// Kind is QuoteDirect, QuoteIndirect, QuotePartial or QuoteBlock.
	Kind string `json:"kind"`
	// Cue is the speech verb or phrase as written ("said", "told",
	// "according to"); "" when none.
	Cue     string `json:"cue"`
	CueSpan Span   `json:"cue_span"`
	// Speaker is nil when no speaker was found.
	Speaker *Speaker `json:"speaker"`
	// Addressee is the audience or venue when stated ("the Russian news
	// outlet", "Sputnik"); "" when none.
	Addressee string `json:"addressee,omitempty"`
}

// Place precisions, from coarse to fine.
const (
	PrecisionCountry = "country"
	PrecisionRegion  = "region"
	PrecisionCity    = "city"
	PrecisionPoint   = "point"
)

// Place is a toponym in the text resolved through the gazetteer.
type Place struct {
	Span
	Text string `json:"text"`
	// Name is the gazetteer's canonical name, e.g. "Bishkek".
	Name string `json:"name"`
	// Country is the ISO 3166-1 alpha-3 code, "" when the place is not in
	// one country (e.g. "Middle East").
	Country string `json:"country"`
	// Lat and Lon are WGS84 degrees, nil when the place has no coordinates
	// at its precision.
	Lat *float64 `json:"lat"`
	Lon *float64 `json:"lon"`
	// Precision is PrecisionCountry, PrecisionRegion, PrecisionCity or
	// PrecisionPoint.
	Precision string `json:"precision"`
	// GeoID is the gazetteer identifier.
	GeoID string `json:"geo_id,omitempty"`
}

// TimeExpr is a time expression in the text resolved against the
// publication date.
type TimeExpr struct {
	Span
	Text string `json:"text"`
	// Value is the normalised value: "2019-06-13" (day), "2019-06"
	// (month), "2019" (year), "1979" …; "" when it cannot be resolved.
	Value string `json:"value"`
	// Granularity is "day", "week" (Value "2019-W24", ISO week), "month",
	// "year" or "decade" (Value "198X").
	Granularity string `json:"granularity"`
	// Relative is true when the value was computed from the publication
	// date ("on Thursday", "yesterday", "last year").
	Relative bool `json:"relative,omitempty"`
}

// Event modalities.
const (
	ModalityAsserted     = "asserted"
	ModalityIntended     = "intended"
	ModalityHoped        = "hoped"
	ModalityNegated      = "negated"
	ModalityHypothetical = "hypothetical"
	ModalityHistorical   = "historical"
)

// Event location rules, from the most to the least direct evidence.
const (
	LocationClause   = "clause"   // a place in the event's own clause ("met in Doha")
	LocationTarget   = "target"   // the place attacked or visited is the target ("shelled Kharkiv")
	LocationVenue    = "venue"    // the place of a summit or conference named earlier ("on the sidelines of the summit")
	LocationVisit    = "visit"    // the visited place of a visit pattern ("visit Russia")
	LocationDateline = "dateline" // the story's dateline ("KYIV —"): where it was filed, a fallback
)

// Event is one coded event mention: who did what to whom, where, when,
// linked to the sentence it was read from and the rule that produced it.
type Event struct {
	// Source and Target are the actors; Target may be nil for events with
	// no target.
	Source *Actor `json:"source"`
	Target *Actor `json:"target"`
	// SourceSpan and TargetSpan are the text of the actors in the
	// sentence.
	SourceSpan Span `json:"source_span"`
	TargetSpan Span `json:"target_span"`
	// Code is the CAMEO 1.1b3 event code ("042", "0312").
	Code  string `json:"cameo"`
	Label string `json:"label"`
	// PLOVER is the PLOVER event category (e.g. "CONSULT"), "" when the
	// code has no mapping.
	PLOVER string `json:"plover"`
	// Goldstein: -10..+10, from the CAMEO/GDELT table.
	Goldstein float64 `json:"goldstein"`
	// QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal
	// conflict, 4 material conflict.
	QuadClass int `json:"quad_class"`
	// Modality is one of the Modality constants.
	Modality string `json:"modality"`
	// Date is the day (YYYY-MM-DD), month or year the event happened; ""
	// when unknown.
	Date string `json:"date"`
	// Location is where the event happened; nil when the text does not
	// say.
	Location *Place `json:"location"`
	// LocationVia says which rule gave Location: LocationClause,
	// LocationTarget, LocationVenue, LocationVisit or LocationDateline;
	// "" when Location is nil.
	LocationVia string `json:"location_via,omitempty"`
	// Sentence is the span of the sentence the event was read from.
	Sentence Span `json:"sentence"`
	// Trigger is the span of the verb or phrase that triggered the code.
	Trigger Span `json:"trigger"`
	// AttributedTo is who reported the event when it comes from reported
	// speech or a quotation; nil otherwise.
	AttributedTo *Actor `json:"attributed_to"`
	// Quote is the index in Analysis.Quotes of the quotation the event was
	// read from, or -1.
	Quote int `json:"quote"`
	// Rule identifies the pattern or rule that produced the event.
	Rule string `json:"rule"`
}

// Analysis is a document with every annotation layer. Stages of the
// pipeline fill the layers in order: Sentences, Mentions, Places, Times,
// Quotes, Events.
type Analysis struct {
	Document  Document    `json:"document"`
	Sentences []Sentence  `json:"sentences"`
	Mentions  []Mention   `json:"mentions"`
	Places    []Place     `json:"places"`
	Times     []TimeExpr  `json:"times"`
	Quotes    []Quotation `json:"quotes"`
	Events    []Event     `json:"events"`
}

// SentenceAt returns the index of the sentence that contains byte offset
// off, or -1.
func (a *Analysis) SentenceAt(off int) int {
	lo, hi := 0, len(a.Sentences)
	for lo < hi {
		m := (lo + hi) / 2
		s := a.Sentences[m]
		switch {
		case off < s.Start:
			hi = m
		case off >= s.End:
			lo = m + 1
		default:
			return m
		}
	}
	return -1
}

// InputError reports input that cannot be analysed: empty, binary, not
// UTF-8, too large, or unreachable. Input names the file, URL or "-".
type InputError struct {
	Input  string
	Reason string
	Err    error
}

func (e *InputError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Input, e.Reason, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Input, e.Reason)
}

func (e *InputError) Unwrap() error { return e.Err }

// ErrInput is matched by errors.Is for every *InputError.
var ErrInput = errors.New("invalid input")

// Is makes errors.Is(err, ErrInput) true for input errors.
func (e *InputError) Is(target error) bool { return target == ErrInput }
