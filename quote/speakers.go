package quote

import (
	"sort"
	"strings"

	"github.com/realign/realign"
)

// Speaker follow-up across quotations.
//
//   - A definite description ("the source", "the official") with no actor
//     takes the actor of the most recent earlier speaker, at most
//     maxBackParas paragraphs back, introduced by an indefinite
//     description with the same head noun ("a French interior ministry
//     source"); the Speaker keeps the words "the source" (refineSpeakers,
//     in Annotate).
//   - A "he" or "she" speaker whose pronoun mention has no actor and no
//     antecedent (the entity stage found no compatible person near it)
//     refers to the most recent earlier speaker, at most maxBackParas
//     paragraphs back, that is a person named by a mention without a
//     resolved actor and whose gender, as far as the document shows it
//     (Mr, Ms, spokesman, spokeswoman, he or she referring to them), does
//     not contradict the pronoun. Resolved persons are skipped: the
//     entity stage has already weighed them. The Quotation keeps the
//     pronoun as its Speaker (what the text says); BySpeaker lists it
//     under that earlier speaker (pronounSpeaker).
const maxBackParas = 5

var (
	maleWords   = set("mr", "mr.", "sir", "spokesman", "king", "prince", "lord", "he", "him", "his", "chairman", "congressman")
	femaleWords = set("mrs", "mrs.", "ms", "ms.", "madam", "dame", "spokeswoman", "queen", "princess", "lady", "she", "her", "chairwoman", "congresswoman")
)

// refineSpeakers gives definite descriptions the actor of their
// indefinite antecedent; quotes are sorted by start.
func (d *doc) refineSpeakers(quotes []realign.Quotation) {
	for i := range quotes {
		s := quotes[i].Speaker
		if s == nil || s.Actor != nil {
			continue
		}
		low := strings.ToLower(strings.TrimSpace(s.Text))
		if !strings.HasPrefix(low, "the ") || len(strings.Fields(low)) < 2 {
			continue
		}
		head := lastWord(low)
		j := earlierSpeaker(quotes, i, d.paraOf, func(c *realign.Speaker) bool {
			cl := strings.ToLower(c.Text)
			return (strings.HasPrefix(cl, "a ") || strings.HasPrefix(cl, "an ")) && lastWord(cl) == head
		})
		if j >= 0 && quotes[j].Speaker.Actor != nil {
			a := *quotes[j].Speaker.Actor
			s.Actor = &a
		}
	}
}

// pronounSpeaker returns the index of the quotation whose speaker the
// unresolved "he"/"she" speaker of quotes[i] refers to (see above), or
// -1. paraOf maps a byte offset to its paragraph index.
//
// known, when not nil, gives the gender already learnt for the speaker of
// quotation j ("" when unknown).
func pronounSpeaker(quotes []realign.Quotation, mentions []realign.Mention, i int, paraOf func(int) int, known func(j int) string) int {
	s := quotes[i].Speaker
	if s == nil || s.Actor != nil {
		return -1
	}
	low := strings.ToLower(strings.TrimSpace(s.Text))
	if low != "he" && low != "she" || s.Mention >= 0 && mentions[s.Mention].Antecedent >= 0 {
		return -1
	}
	want := "m"
	if low == "she" {
		want = "f"
	}
	j := earlierSpeaker(quotes, i, paraOf, func(c *realign.Speaker) bool {
		if c.Actor != nil || c.Mention < 0 || c.Mention >= len(mentions) || mentions[c.Mention].Type != realign.PERSON || mentions[c.Mention].Pronoun {
			return false
		}
		g := genderOf(c, mentions)
		return g == "" || g == want
	})
	if j >= 0 && known != nil {
		if g := known(j); g != "" && g != want {
			return -1
		}
	}
	return j
}

// earlierSpeaker returns the index of the latest quotation before i whose
// speaker starts before the speaker of quotes[i], at most maxBackParas
// paragraphs before it, and passes ok; or -1.
func earlierSpeaker(quotes []realign.Quotation, i int, paraOf func(int) int, ok func(*realign.Speaker) bool) int {
	para := paraOf(quotes[i].Speaker.Start)
	for j := i - 1; j >= 0; j-- {
		c := quotes[j].Speaker
		if c == nil || c.Start >= quotes[i].Speaker.Start {
			continue
		}
		if para-paraOf(c.Start) > maxBackParas {
			return -1
		}
		if ok(c) {
			return j
		}
	}
	return -1
}

// genderOf returns "m" or "f" when the speaker's words or a pronoun
// mention referring to its mention show the gender, else "".
func genderOf(s *realign.Speaker, mentions []realign.Mention) string {
	for _, w := range strings.Fields(strings.ToLower(s.Text)) {
		if maleWords[w] {
			return "m"
		}
		if femaleWords[w] {
			return "f"
		}
	}
	if s.Mention >= 0 {
		for _, m := range mentions {
			if m.Pronoun && m.Antecedent == s.Mention {
				w := strings.ToLower(m.Text)
				if maleWords[w] {
					return "m"
				}
				if femaleWords[w] {
					return "f"
				}
			}
		}
	}
	return ""
}

// paraIndex returns a function mapping a byte offset to the index of
// the paragraph (of paras, sorted) that holds it, -1 when none.
func paraIndex(paras []realign.Span) func(int) int {
	return func(off int) int {
		i := sort.Search(len(paras), func(i int) bool { return paras[i].End > off })
		if i < len(paras) && paras[i].Start <= off {
			return i
		}
		return -1
	}
}

func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return strings.Trim(f[len(f)-1], ".,;:")
}
