package quote

import (
	"strings"

	"github.com/realign/realign"
	"github.com/realign/realign/nlp"
)

// SpeakerQuotes is one speaker and the quotations attributed to them, for
// a reading view.
type SpeakerQuotes struct {
	// Key identifies the speaker: "actor:" + Actor.ID (or Actor.Code)
	// when resolved, "text:" + the lower-cased speaker text when not,
	// "" for quotations without a speaker.
	Key string
	// Actor is the resolved speaker, nil when unresolved or absent.
	Actor *realign.Actor
	// Names are the forms under which the speaker is written, in order of
	// first use ("Imran Khan", "He").
	Names []string
	// Quotes are indexes into Analysis.Quotes, in text order.
	Quotes []int
}

// BySpeaker groups the quotations of a by speaker: one group per resolved
// actor, one per distinct unresolved speaker text ("a senior official")
// and, last, one group (Key "") for quotations without a speaker. Groups
// are ordered by their first quotation.
//
// An unresolved speaker is keyed by the words of the first mention of
// its coreference chain ("Otunbayeva" joins "Roza Otunbayeva"), and an
// unresolved "he" or "she" without antecedent joins the group of the
// earlier unresolved person it refers to (see the speaker follow-up
// rules in speakers.go); its own words are then one of the group's
// Names.
func BySpeaker(a *realign.Analysis) []SpeakerQuotes {
	var out []SpeakerQuotes
	var none *SpeakerQuotes
	idx := map[string]int{}
	paraOf := paraIndex(nlp.Paragraphs(a.Document.Text))
	keys := make([]string, len(a.Quotes))
	gender := map[string]string{} // learnt from the pronouns that joined a group
	for i, q := range a.Quotes {
		if q.Speaker == nil {
			if none == nil {
				none = &SpeakerQuotes{}
			}
			none.Quotes = append(none.Quotes, i)
			continue
		}
		words := q.Speaker.Text
		if m := q.Speaker.Mention; q.Speaker.Actor == nil && m >= 0 && m < len(a.Mentions) {
			for n := 0; a.Mentions[m].Antecedent >= 0 && a.Mentions[m].Antecedent < len(a.Mentions) && n < 32; n++ {
				m = a.Mentions[m].Antecedent
			}
			if !a.Mentions[m].Pronoun {
				words = a.Mentions[m].Text
			}
		}
		key := "text:" + strings.ToLower(strings.Join(strings.Fields(words), " "))
		if j := pronounSpeaker(a.Quotes, a.Mentions, i, paraOf, func(j int) string { return gender[keys[j]] }); j >= 0 && keys[j] != "" {
			key = keys[j]
			if gender[key] == "" {
				gender[key] = map[string]string{"he": "m", "she": "f"}[strings.ToLower(strings.TrimSpace(q.Speaker.Text))]
			}
		}
		keys[i] = key
		if act := q.Speaker.Actor; act != nil {
			id := act.ID
			if id == "" {
				id = act.Code + "|" + act.Name
			}
			key = "actor:" + id
			keys[i] = key
		}
		g, ok := idx[key]
		if !ok {
			g = len(out)
			idx[key] = g
			sq := SpeakerQuotes{Key: key}
			if q.Speaker.Actor != nil {
				cp := *q.Speaker.Actor
				sq.Actor = &cp
			}
			out = append(out, sq)
		}
		sq := &out[g]
		sq.Quotes = append(sq.Quotes, i)
		name := strings.Join(strings.Fields(q.Speaker.Text), " ")
		seen := false
		for _, n := range sq.Names {
			if n == name {
				seen = true
				break
			}
		}
		if !seen && name != "" {
			sq.Names = append(sq.Names, name)
		}
	}
	if none != nil {
		out = append(out, *none)
	}
	return out
}
