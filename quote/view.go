package quote

import (
	"strings"

	"github.com/realign/realign"
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
func BySpeaker(a *realign.Analysis) []SpeakerQuotes {
	var out []SpeakerQuotes
	var none *SpeakerQuotes
	idx := map[string]int{}
	for i, q := range a.Quotes {
		if q.Speaker == nil {
			if none == nil {
				none = &SpeakerQuotes{}
			}
			none.Quotes = append(none.Quotes, i)
			continue
		}
		key := "text:" + strings.ToLower(strings.Join(strings.Fields(q.Speaker.Text), " "))
		if act := q.Speaker.Actor; act != nil {
			id := act.ID
			if id == "" {
				id = act.Code + "|" + act.Name
			}
			key = "actor:" + id
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
