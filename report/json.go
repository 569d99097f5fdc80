// Package report renders an analysis for machines and for people.
//
// JSON output follows the contract `analysis.schema.json` (document,
// mentions, quotes, events, with extra fields): every start/end is a byte
// offset into document.text, end exclusive. Text output is a readable
// report for a person.
package report

import (
	"encoding/json"
	"io"
	"time"

	"github.com/realign/realign"
)

// SchemaVersion is the version of the JSON output, bumped when a field
// changes meaning. Fields are only ever added.
const SchemaVersion = "1"

// Analysis is the JSON form of a realign.Analysis.
type Analysis struct {
	Schema    string     `json:"schema_version"`
	Document  Document   `json:"document"`
	Sentences []Span     `json:"sentences"`
	Mentions  []Mention  `json:"mentions"`
	Places    []Place    `json:"places"`
	Times     []TimeExpr `json:"times"`
	Quotes    []Quote    `json:"quotes"`
	Events    []Event    `json:"events"`
	Stats     Stats      `json:"stats"`
}

// Stats counts what the analysis found.
type Stats struct {
	Bytes     int `json:"bytes"`
	Sentences int `json:"sentences"`
	Mentions  int `json:"mentions"`
	Actors    int `json:"actors"` // distinct resolved actor codes+names
	Quotes    int `json:"quotes"`
	Events    int `json:"events"`
}

// Document is the JSON form of realign.Document. Published is an RFC 3339
// date ("2019-06-14") or date-time, or null.
type Document struct {
	ID        string  `json:"id,omitempty"`
	Title     string  `json:"title"`
	Text      string  `json:"text"`
	Published *string `json:"published"`
	URL       *string `json:"url"`
	Language  *string `json:"language"`
	Byline    string  `json:"byline,omitempty"`
	Site      string  `json:"site,omitempty"`
	Format    string  `json:"format,omitempty"`
	Source    string  `json:"source,omitempty"`
}

// Span is a byte range into document.text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Actor is the JSON form of realign.Actor.
type Actor struct {
	Code    string  `json:"code"`
	Name    string  `json:"name"`
	Country *string `json:"country"`
	Sector  *string `json:"sector"`
	ID      *string `json:"id"`
	Kind    string  `json:"kind,omitempty"`
	Role    string  `json:"role,omitempty"`
}

// Mention is one entity mention.
type Mention struct {
	Start      int    `json:"start"`
	End        int    `json:"end"`
	Text       string `json:"text"`
	Type       string `json:"type"`
	Actor      *Actor `json:"actor"`
	Via        string `json:"via,omitempty"`
	Antecedent *int   `json:"antecedent"`
}

// Speaker is the JSON form of realign.Speaker.
type Speaker struct {
	Text  string `json:"text"`
	Actor *Actor `json:"actor"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Quote is one quotation.
type Quote struct {
	Start     int      `json:"start"`
	End       int      `json:"end"`
	Text      string   `json:"text"`
	Kind      string   `json:"kind"`
	Cue       *string  `json:"cue"`
	CueSpan   *Span    `json:"cue_span,omitempty"`
	Speaker   *Speaker `json:"speaker"`
	Addressee *string  `json:"addressee"`
}

// Place is a resolved toponym or an event location.
type Place struct {
	Start     *int     `json:"start,omitempty"`
	End       *int     `json:"end,omitempty"`
	Text      string   `json:"text,omitempty"`
	Name      string   `json:"name"`
	Country   *string  `json:"country"`
	Lat       *float64 `json:"lat"`
	Lon       *float64 `json:"lon"`
	Precision string   `json:"precision"`
	GeoID     string   `json:"geo_id,omitempty"`
	// Via, on an event location only, says which rule gave the place:
	// clause, target, venue, visit or dateline (a fallback: where the
	// story was filed).
	Via string `json:"via,omitempty"`
}

// TimeExpr is a resolved time expression.
type TimeExpr struct {
	Start       int     `json:"start"`
	End         int     `json:"end"`
	Text        string  `json:"text"`
	Value       *string `json:"value"`
	Granularity string  `json:"granularity"`
	Relative    bool    `json:"relative"`
}

// Event is one coded event mention.
type Event struct {
	Source       *Actor  `json:"source"`
	Target       *Actor  `json:"target"`
	SourceText   string  `json:"source_text,omitempty"`
	TargetText   string  `json:"target_text,omitempty"`
	CAMEO        string  `json:"cameo"`
	Label        string  `json:"label"`
	PLOVER       *string `json:"plover"`
	Goldstein    float64 `json:"goldstein"`
	QuadClass    int     `json:"quad_class"`
	Modality     *string `json:"modality"`
	Date         *string `json:"date"`
	Location     *Place  `json:"location"`
	Sentence     Span    `json:"sentence"`
	SentenceText string  `json:"sentence_text"`
	Trigger      Span    `json:"trigger"`
	TriggerText  string  `json:"trigger_text"`
	AttributedTo *Actor  `json:"attributed_to"`
	Quote        *int    `json:"quote"`
	Rule         *string `json:"rule"`
	Explanation  string  `json:"explanation"`
}

// FromAnalysis converts an analysis to its JSON form.
func FromAnalysis(a *realign.Analysis) *Analysis {
	text := a.Document.Text
	out := &Analysis{
		Schema:    SchemaVersion,
		Document:  document(a.Document),
		Sentences: make([]Span, 0, len(a.Sentences)),
		Mentions:  make([]Mention, 0, len(a.Mentions)),
		Places:    make([]Place, 0, len(a.Places)),
		Times:     make([]TimeExpr, 0, len(a.Times)),
		Quotes:    make([]Quote, 0, len(a.Quotes)),
		Events:    make([]Event, 0, len(a.Events)),
	}
	for _, s := range a.Sentences {
		out.Sentences = append(out.Sentences, Span{s.Start, s.End})
	}
	for _, m := range a.Mentions {
		jm := Mention{Start: m.Start, End: m.End, Text: m.Text, Type: m.Type, Actor: actor(m.Actor), Via: m.Via}
		if m.Antecedent >= 0 {
			ant := m.Antecedent
			jm.Antecedent = &ant
		}
		out.Mentions = append(out.Mentions, jm)
	}
	for i := range a.Places {
		out.Places = append(out.Places, *place(&a.Places[i], true))
	}
	for _, t := range a.Times {
		out.Times = append(out.Times, TimeExpr{Start: t.Start, End: t.End, Text: t.Text, Value: strOrNil(t.Value), Granularity: t.Granularity, Relative: t.Relative})
	}
	for _, q := range a.Quotes {
		jq := Quote{Start: q.Start, End: q.End, Text: q.Text, Kind: q.Kind, Cue: strOrNil(q.Cue), Addressee: strOrNil(q.Addressee)}
		if q.Cue != "" {
			jq.CueSpan = &Span{q.CueSpan.Start, q.CueSpan.End}
		}
		if q.Speaker != nil {
			jq.Speaker = &Speaker{Text: q.Speaker.Text, Actor: actor(q.Speaker.Actor), Start: q.Speaker.Start, End: q.Speaker.End}
		}
		out.Quotes = append(out.Quotes, jq)
	}
	for i := range a.Events {
		e := &a.Events[i]
		je := Event{
			Source: actor(e.Source), Target: actor(e.Target),
			SourceText: e.SourceSpan.Text(text), TargetText: e.TargetSpan.Text(text),
			CAMEO: e.Code, Label: e.Label, PLOVER: strOrNil(e.PLOVER), Goldstein: e.Goldstein, QuadClass: e.QuadClass,
			Modality: strOrNil(e.Modality), Date: strOrNil(e.Date),
			Sentence: Span{e.Sentence.Start, e.Sentence.End}, SentenceText: e.Sentence.Text(text),
			Trigger: Span{e.Trigger.Start, e.Trigger.End}, TriggerText: e.Trigger.Text(text),
			AttributedTo: actor(e.AttributedTo), Rule: strOrNil(e.Rule),
			Explanation: Explain(a, e),
		}
		if e.Location != nil {
			je.Location = place(e.Location, false)
			je.Location.Via = e.LocationVia
		}
		if e.Quote >= 0 {
			q := e.Quote
			je.Quote = &q
		}
		out.Events = append(out.Events, je)
	}
	out.Stats = Stats{
		Bytes: len(text), Sentences: len(a.Sentences), Mentions: len(a.Mentions),
		Actors: len(DistinctActors(a)), Quotes: len(a.Quotes), Events: len(a.Events),
	}
	return out
}

// WriteJSON writes the analysis as indented JSON followed by a newline.
func WriteJSON(w io.Writer, a *realign.Analysis) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(FromAnalysis(a))
}

// DistinctActors returns the distinct resolved actors of the mentions, in
// order of first mention. Actors are the same when their ID and code are
// (a state and its government share an ID but not a code). Mentions of
// places ("in Bishkek", Via "place") do not count: they say where, not
// who.
func DistinctActors(a *realign.Analysis) []realign.Actor {
	seen := map[string]bool{}
	var out []realign.Actor
	for _, m := range a.Mentions {
		if m.Actor == nil || m.Via == "place" {
			continue
		}
		k := actorKey(m.Actor)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, *m.Actor)
	}
	return out
}

func actorKey(a *realign.Actor) string {
	if a.ID == "" {
		return a.Code + "|" + a.Name
	}
	return a.ID + "|" + a.Code
}

func document(d realign.Document) Document {
	out := Document{ID: d.ID, Title: d.Title, Text: d.Text, URL: strOrNil(d.URL), Language: strOrNil(d.Language),
		Byline: d.Byline, Site: d.Site, Format: d.Format, Source: d.Source}
	if !d.Published.IsZero() {
		p := FormatPublished(d.Published)
		out.Published = &p
	}
	return out
}

// FormatPublished formats a publication time as an RFC 3339 date when it
// has no time of day (midnight UTC), else as an RFC 3339 date-time.
func FormatPublished(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 && t.Location() == time.UTC {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339)
}

func actor(a *realign.Actor) *Actor {
	if a == nil {
		return nil
	}
	return &Actor{Code: a.Code, Name: a.Name, Country: strOrNil(a.Country), Sector: strOrNil(a.Sector), ID: strOrNil(a.ID), Kind: a.Kind, Role: a.Role}
}

func place(p *realign.Place, withSpan bool) *Place {
	out := &Place{Text: p.Text, Name: p.Name, Country: strOrNil(p.Country), Lat: p.Lat, Lon: p.Lon, Precision: p.Precision, GeoID: p.GeoID}
	if withSpan || p.End > 0 {
		s, e := p.Start, p.End
		out.Start, out.End = &s, &e
	}
	return out
}

func strOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
