package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/realign/realign"
	"github.com/realign/realign/eventcode"
)

func init() {
	register(command{"explain", "show, sentence by sentence, why each event was coded and which patterns matched without one", runExplain})
}

func runExplain(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("explain", "explain [--format text|json] [--published YYYY-MM-DD] [--events-only] [--timeout D] [--max-bytes N] FILE|URL|-", e)
	format := fs.String("format", "text", "output format: text or json")
	eventsOnly := fs.Bool("events-only", false, "list only sentences with an event or a matched pattern")
	af := addArticleFlags(fs, "explain")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	input, err := af.input(fs, pos)
	if err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return usagef("explain: --format must be text or json, not %q", *format)
	}
	a, err := af.analyze(ctx, e, input)
	if err != nil {
		return err
	}
	coder, err := eventcode.New(eventcode.Options{})
	if err != nil {
		return err
	}
	xs, err := coder.Explain(a)
	if err != nil {
		return fmt.Errorf("%s: %w", input, err)
	}
	w := bufio.NewWriter(e.stdout)
	if *format == "json" {
		err = writeExplainJSON(w, a, xs, *eventsOnly)
	} else {
		writeExplainText(w, a, xs, *eventsOnly)
	}
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}

// writeExplainText writes one block per sentence: its text, then each
// event with its pattern, matched words and actor reasons, then each
// pattern that matched without an event; a sentence with neither says so.
func writeExplainText(w io.Writer, a *realign.Analysis, xs []eventcode.SentenceExplanation, eventsOnly bool) {
	text := a.Document.Text
	var nEv, nMiss, nNone int
	for _, x := range xs {
		nEv += len(x.Events)
		if len(x.Events) == 0 && len(x.Unproductive) > 0 {
			nMiss++
		}
		if len(x.Events) == 0 && len(x.Unproductive) == 0 {
			nNone++
		}
	}
	fmt.Fprintf(w, "%s, %s; %s with a pattern but no event, %d with no pattern\n",
		plural(len(xs), "sentence"), plural(nEv, "event"), plural(nMiss, "sentence"), nNone)
	for _, x := range xs {
		if eventsOnly && len(x.Events) == 0 && len(x.Unproductive) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n[%d] %s\n", x.Sentence+1, oneLine(x.Span.Text(text)))
		for i, ev := range x.Events {
			e := ev.Event
			tgt := "(no target)"
			if e.Target != nil {
				tgt = e.Target.Code
			}
			fmt.Fprintf(w, "  event %d: %s -> %s  CAMEO %s %q, PLOVER %s, modality %s", i+1, e.Source.Code, tgt, e.Code, e.Label, dashIfEmpty(e.PLOVER), e.Modality)
			if e.Date != "" {
				fmt.Fprintf(w, ", date %s", e.Date)
			}
			if e.Location != nil {
				fmt.Fprintf(w, ", in %s", e.Location.Name)
			}
			fmt.Fprintln(w)
			voice := ""
			if ev.Passive {
				voice = " (passive)"
			}
			fmt.Fprintf(w, "    pattern %s (%s)%s matched %q", ev.Pattern, ev.Rule, voice, strings.Join(ev.Tokens, " "))
			if e.Code != ev.PatternCode {
				fmt.Fprintf(w, "; code %s instead of %s: %s", e.Code, ev.PatternCode, ev.CodeWhy)
			}
			fmt.Fprintln(w)
			writeChoice(w, "source", ev.Source)
			if e.Target != nil {
				writeChoice(w, "target", ev.Target)
			}
			if e.AttributedTo != nil {
				fmt.Fprintf(w, "    attributed to %s (%s)\n", e.AttributedTo.Code, e.AttributedTo.Name)
			}
		}
		for _, m := range x.Unproductive {
			if m.Rule == "" {
				fmt.Fprintf(w, "  no event: verb %q (patterns %s): %s\n", strings.Join(m.Tokens, " "), m.Pattern, m.Reason)
				continue
			}
			fmt.Fprintf(w, "  no event: pattern %s (%s, CAMEO %s) matched %q: %s\n", m.Pattern, m.Rule, m.Code, strings.Join(m.Tokens, " "), m.Reason)
		}
		if len(x.Events) == 0 && len(x.Unproductive) == 0 {
			fmt.Fprintln(w, "  no event: no verb pattern matched")
		}
	}
}

func writeChoice(w io.Writer, role string, c eventcode.ActorChoice) {
	via := ""
	if c.Via != "" {
		via = ", mention resolved via " + c.Via
	}
	fmt.Fprintf(w, "    %s %q = %s%s: %s\n", role, c.Text, c.Code, via, c.Rule)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// explainJSON is the JSON shape of one sentence's explanation.
type explainJSON struct {
	Sentence int                `json:"sentence"`
	Start    int                `json:"start"`
	End      int                `json:"end"`
	Text     string             `json:"text"`
	Events   []explainEventJSON `json:"events"`
	NoEvent  []explainMissJSON  `json:"no_event"`
}

type explainEventJSON struct {
	Source  string       `json:"source"`
	Target  string       `json:"target"`
	Code    string       `json:"cameo"`
	PLOVER  string       `json:"plover"`
	Modal   string       `json:"modality"`
	Pattern string       `json:"pattern"`
	Rule    string       `json:"rule"`
	Tokens  []string     `json:"tokens"`
	Passive bool         `json:"passive,omitempty"`
	Why     [2]actorJSON `json:"why"`
}

type actorJSON struct {
	Role string `json:"role"`
	Text string `json:"text"`
	Code string `json:"code"`
	Via  string `json:"via,omitempty"`
	Rule string `json:"rule"`
}

type explainMissJSON struct {
	Pattern string   `json:"pattern"`
	Rule    string   `json:"rule"`
	Tokens  []string `json:"tokens"`
	Reason  string   `json:"reason"`
}

func writeExplainJSON(w io.Writer, a *realign.Analysis, xs []eventcode.SentenceExplanation, eventsOnly bool) error {
	out := []explainJSON{}
	for _, x := range xs {
		if eventsOnly && len(x.Events) == 0 && len(x.Unproductive) == 0 {
			continue
		}
		j := explainJSON{Sentence: x.Sentence, Start: x.Span.Start, End: x.Span.End, Text: x.Span.Text(a.Document.Text),
			Events: []explainEventJSON{}, NoEvent: []explainMissJSON{}}
		for _, ev := range x.Events {
			e := ev.Event
			tgt := ""
			if e.Target != nil {
				tgt = e.Target.Code
			}
			j.Events = append(j.Events, explainEventJSON{Source: e.Source.Code, Target: tgt, Code: e.Code, PLOVER: e.PLOVER,
				Modal: e.Modality, Pattern: ev.Pattern, Rule: ev.Rule, Tokens: ev.Tokens, Passive: ev.Passive,
				Why: [2]actorJSON{
					{"source", ev.Source.Text, ev.Source.Code, ev.Source.Via, ev.Source.Rule},
					{"target", ev.Target.Text, ev.Target.Code, ev.Target.Via, ev.Target.Rule}}})
		}
		for _, m := range x.Unproductive {
			reason := m.Reason
			j.NoEvent = append(j.NoEvent, explainMissJSON{Pattern: m.Pattern, Rule: m.Rule, Tokens: m.Tokens, Reason: reason})
		}
		if len(x.Events) == 0 && len(x.Unproductive) == 0 {
			j.NoEvent = append(j.NoEvent, explainMissJSON{Reason: "no verb pattern matched", Tokens: []string{}})
		}
		out = append(out, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return errors.Join(errors.New("encode explanation"), err)
	}
	return nil
}
