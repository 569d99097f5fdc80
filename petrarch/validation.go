// Package petrarch reads the file formats of the PETRARCH event coders
// (PETRARCH2, UniversalPetrarch) that realign is measured against.
//
// ParseValidation reads validation records: sentences with gold
// <EventCoding> elements. The published files are not well-formed XML
// (comment banners outside comments, self-closing <Sentence/> elements whose
// codings and text follow them, stray "&"), so the reader is lenient: it
// cuts the file at each "<Sentence " and reads attributes, codings and text
// by pattern.
//
// LoadDictionaries reads PETRARCH2 verb, actor, agent and discard
// dictionaries, and CodeTree codes a sentence from its Penn Treebank parse
// with them, enough to run PETRARCH2's own unit-test records
// (RunUnitTests, used by "realign eval petrarch"). realign's product coder
// is package eventcode; this one exists to measure compatibility.
package petrarch

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"time"
)

// Coding is one gold event: source and target actor codes as written in the
// file (e.g. "USAGOV", "---REB", "IGOUNO"; "---" or "" for none) and the
// CAMEO event code ("042", "1124").
type Coding struct {
	Source, Target, Code string
}

// Record is one validation sentence.
type Record struct {
	// ID, Category and Date are the <Sentence> attributes ("AFP0808020625_4",
	// "AFP", the raw date string).
	ID, Category, Date string
	// Published is Date parsed as YYYYMMDD (or YYMMDD); the zero time when
	// it cannot be parsed.
	Published time.Time
	// Text is the sentence text with whitespace runs collapsed to one space
	// and XML entities decoded; "" when the record has no text.
	Text string
	// Gold holds the expected events; NoEvents is true when the record says
	// noevents="True" (then Gold is empty).
	Gold     []Coding
	NoEvents bool
	// Evaluate is false when the record says evaluate="false".
	Evaluate bool
	// Line is the 1-based line of the record's <Sentence in the file.
	Line int
	// Parse is the Penn Treebank parse of the sentence when the record
	// carries one (from <Parse> to the next tag, trimmed), else "".
	Parse string
	// Error is the error attribute of the record's <EventCoding> ("storydiscard",
	// "sentencediscard", "bad_input_parse", "dateline"), else "".
	Error string
}

var (
	attrRE   = regexp.MustCompile(`([A-Za-z_][\w.-]*)\s*=\s*"([^"]*)"`)
	codingRE = regexp.MustCompile(`<EventCoding\s([^>]*?)/?>`)
	textRE   = regexp.MustCompile(`(?s)<Text>(.*?)(?:</Text>|<Parse>|$)`)
	parseRE  = regexp.MustCompile(`(?s)<Parse>([^<]*)`)
)

// ParseValidation reads validation records from the text of a PETRARCH
// validation file. Records without an id are skipped. It returns an error
// only when the text holds no <Sentence record at all.
func ParseValidation(data string) ([]Record, error) {
	data = strings.ReplaceAll(data, "\r\n", "\n")
	parts := strings.Split(data, "<Sentence ")
	if len(parts) < 2 {
		return nil, fmt.Errorf("no <Sentence> records")
	}
	line := 1 + strings.Count(parts[0], "\n")
	var out []Record
	for _, ch := range parts[1:] {
		recLine := line
		line += strings.Count(ch, "\n")
		// a record ends where the next </Sentences> or end of file is
		if i := strings.Index(ch, "</Sentences>"); i >= 0 {
			ch = ch[:i]
		}
		head, body, _ := strings.Cut(ch, ">")
		attrs := attributes(head)
		if attrs["id"] == "" {
			continue
		}
		r := Record{ID: attrs["id"], Category: attrs["category"], Date: attrs["date"], Line: recLine,
			Evaluate: !strings.EqualFold(attrs["evaluate"], "false")}
		r.Published = parseDate(r.Date)
		// codings live between the <Sentence> tag and <Text>, or after it
		// before <Parse>; comments holding "<EventCoding...>" are skipped
		// by the attribute pattern
		scope := body
		if i := strings.Index(scope, "<Parse>"); i >= 0 {
			scope = scope[:i]
		}
		for _, m := range codingRE.FindAllStringSubmatch(scope, -1) {
			a := attributes(m[1])
			if a["error"] != "" {
				r.Error = a["error"]
			}
			if strings.EqualFold(a["noevents"], "true") {
				r.NoEvents = true
				continue
			}
			if a["eventcode"] == "" {
				continue
			}
			r.Gold = append(r.Gold, Coding{Source: a["sourcecode"], Target: a["targetcode"], Code: a["eventcode"]})
		}
		if m := textRE.FindStringSubmatch(body); m != nil {
			r.Text = strings.Join(strings.Fields(html.UnescapeString(m[1])), " ")
		}
		if m := parseRE.FindStringSubmatch(body); m != nil {
			r.Parse = strings.TrimSpace(m[1])
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no <Sentence> record with an id")
	}
	return out, nil
}

func attributes(s string) map[string]string {
	out := map[string]string{}
	for _, m := range attrRE.FindAllStringSubmatch(s, -1) {
		out[m[1]] = html.UnescapeString(m[2])
	}
	return out
}

// parseDate reads YYYYMMDD, or YYMMDD as 20YY.
func parseDate(s string) time.Time {
	for _, layout := range []string{"20060102", "060102"} {
		if len(s) == len(layout) {
			if t, err := time.Parse(layout, s); err == nil {
				return t
			}
		}
	}
	return time.Time{}
}
