package eventcode

import (
	"errors"
	"strings"

	"github.com/realign/realign"
)

// SentenceExplanation says what the coder did with one sentence: the
// events it coded and why, and the verb patterns that matched without
// giving an event.
type SentenceExplanation struct {
	// Sentence is the index in Analysis.Sentences; Span its byte span.
	Sentence int
	Span     realign.Span
	// Events are the events coded from the sentence, in the order Annotate
	// gives them.
	Events []EventExplanation
	// Unproductive lists the pattern matches that gave no event, each
	// with the reason. Empty with no Events means no pattern matched.
	Unproductive []PatternMiss
}

// EventExplanation is one coded event with the evidence for it.
type EventExplanation struct {
	Event realign.Event
	// Pattern is the lexicon pattern id ("meet-with"), Rule its
	// "verbs.txt:LINE ID", PatternCode the code the pattern gives when
	// asserted (Event.Code differs when an intent= code applied).
	Pattern, Rule, PatternCode string
	// Tokens are the literal words that matched, as written.
	Tokens []string
	// Passive is true when the passive form matched ("X was condemned by Y").
	Passive bool
	// Source and Target say why each actor was chosen; Target is zero for
	// an event without target.
	Source, Target ActorChoice
	// CodeWhy says why Event.Code is not PatternCode ("the act is
	// refused (the pattern's refuse= code)"); "" when it is.
	CodeWhy string
}

// ActorChoice says how an actor of an event was found.
type ActorChoice struct {
	// Text is the actor phrase as written in the sentence.
	Text string
	// Code is the actor's code.
	Code string
	// Via is how the entity stage resolved the mention ("name", "alias",
	// "title", "pronoun" …), "quote-speaker" for a first-person pronoun
	// inside a quotation, "" when unknown.
	Via string
	// Rule says why the coder took this phrase as the source or target:
	// the subject rule, an object slot, the passive agent, a compound
	// member, a possessive …
	Rule string
}

// PatternMiss is a pattern that matched a sentence without giving an event.
type PatternMiss struct {
	Pattern, Rule, Code string
	Tokens              []string
	// Reason is why no event came of it ("no source actor: …", "no target
	// actor in the object slot", "self-dyad dropped" …). A verb that
	// starts patterns none of which matched as a whole has Rule "" and
	// the ids of those patterns, comma-separated, in Pattern.
	Reason string
	at     int // token index of the first matched word
}

// Explain codes a like Annotate (it does not modify a) and returns, for
// every sentence, the events with the reasons for them and the matched
// patterns that gave none. The events equal those Annotate sets, in the
// same order within each sentence. It fails only on a nil analysis.
func (c *Coder) Explain(a *realign.Analysis) ([]SentenceExplanation, error) {
	if a == nil {
		return nil, errors.New("eventcode: nil analysis")
	}
	d := newDocState(a, c)
	out := make([]SentenceExplanation, 0, len(a.Sentences))
	for si := range a.Sentences {
		x := SentenceExplanation{Sentence: si, Span: a.Sentences[si].Span}
		c.codeSentence(d, si, &x)
		out = append(out, x)
	}
	return out, nil
}

// matchedTokens returns the literal words of m as written.
func (s *sentState) matchedTokens(m *match) []string {
	out := make([]string, 0, len(m.lits))
	for _, t := range m.lits {
		out = append(out, s.sent.Tokens[t].Text)
	}
	return out
}

// choice describes actor phrase g chosen by rule.
func (s *sentState) choice(g *group, rule string) ActorChoice {
	ch := ActorChoice{Text: g.span.Text(s.d.a.Document.Text), Rule: rule}
	if g.actor != nil {
		ch.Code = g.actor.Code
	}
	if s.d.firstPerson[g.span.Start] != nil {
		ch.Via = "quote-speaker"
		ch.Rule += "; a first-person pronoun inside a quotation stands for its speaker"
		return ch
	}
	for _, mi := range s.d.sentMentions[s.si] {
		if m := s.d.a.Mentions[mi]; m.Span == g.span {
			ch.Via = m.Via
			break
		}
	}
	if g.ts < g.te && s.sent.Tokens[g.ts].Start < g.span.Start {
		ch.Rule += "; title words before the mention join it (\"" +
			s.d.a.Document.Text[s.sent.Tokens[g.ts].Start:g.span.End] + "\")"
	}
	return ch
}

// noSourceReason says why no subject was found before the trigger of m.
func noSourceReason(s *sentState, m *match) string {
	first := m.first()
	for j := first - 1; j >= 0; j-- {
		w := s.toks[j]
		switch {
		case clauseStop(w):
			return "the clause starts at \"" + s.sent.Tokens[j].Text + "\" with no actor before the trigger"
		case unresolvedSubjects[w] && s.end[j] == nil:
			return "the subject \"" + s.sent.Tokens[j].Text + "\" is a pronoun with no actor"
		case w == "that" || w == "which":
			return "the trigger is in a clause after \"" + w + "\" whose subject is no actor"
		case reportVerbs[w]:
			return "the trigger is in reported speech after \"" + s.sent.Tokens[j].Text + "\" whose subject is no actor"
		}
	}
	var unresolved []string
	for _, mi := range s.d.sentMentions[s.si] {
		if m := s.d.a.Mentions[mi]; m.Actor == nil && m.End <= s.sent.Tokens[first].Start {
			unresolved = append(unresolved, m.Text)
		}
	}
	if len(unresolved) > 0 {
		return "the mentions before the trigger (" + strings.Join(unresolved, ", ") + ") have no actor"
	}
	return "no actor before the trigger"
}
