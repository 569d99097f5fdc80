package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/realign/realign/report"
)

// country returns the ISO-3 country of an actor: its country field, else
// the first three letters of its code.
func country(a *report.Actor) string {
	if a == nil {
		return ""
	}
	if a.Country != nil && *a.Country != "" {
		return *a.Country
	}
	if len(a.Code) >= 3 {
		return a.Code[:3]
	}
	return a.Code
}

// TestSCOSummit checks the acceptance criteria of the analyze issue on the
// motivating article.
func TestSCOSummit(t *testing.T) {
	path := sharedFile(t, "examples/sco-summit-blogpost.txt")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a := analyzeJSON(t, "--published", "2019-06-14", path)
	text := a.Document.Text

	t.Run("document", func(t *testing.T) {
		if want := "SCO Summit: Putin-Khan interaction and regional realignment"; a.Document.Title != want {
			t.Errorf("title = %q, want %q", a.Document.Title, want)
		}
		for _, junk := range []string{"Leave a Reply", "bloggers like this"} {
			if strings.Contains(text, junk) {
				t.Errorf("text still contains page furniture %q", junk)
			}
		}
		// nothing of the article is lost: every body paragraph is kept
		paras := strings.Split(string(raw), "\n\n")
		for _, p := range paras[1:] {
			p = strings.TrimSpace(p)
			if p == "" || strings.Contains(p, "Leave a Reply") || strings.Contains(p, "bloggers like this") {
				continue
			}
			if !strings.Contains(text, p) {
				t.Errorf("body paragraph lost: %.60q…", p)
			}
		}
	})

	t.Run("mentions", func(t *testing.T) {
		for _, m := range a.Mentions {
			if m.Start < 0 || m.End > len(text) || text[m.Start:m.End] != m.Text {
				t.Errorf("mention %q has a span %d:%d that does not match the text", m.Text, m.Start, m.End)
			}
		}
		tests := []struct {
			text, codePrefix, name string
		}{
			{"Imran Khan", "PAKGOV", "Imran Khan"},
			{"PM Khan", "PAKGOV", "Imran Khan"},
			{"He", "PAKGOV", "Imran Khan"},
			{"Khan", "PAKGOV", "Imran Khan"},
			{"Vladimir Putin", "RUSGOV", "Vladimir Putin"},
			{"Russian President", "RUSGOV", ""},
			{"Shah Mahmood Qureshi", "PAKGOV", "Shah Mahmood Qureshi"},
			{"SCO", "IGO", ""},
			{"New Delhi", "IND", ""},
			{"Sputnik", "RUSMED", ""},
		}
		for _, tt := range tests {
			// Each occurrence of the form as a whole word must overlap a
			// mention; at least one must resolve to the wanted actor.
			// (Mentions of titled names cover the name: "PM Khan" → "Khan".)
			found := false
			var seen []string
			for _, occ := range wordOccurrences(text, tt.text) {
				for _, m := range a.Mentions {
					if m.End <= occ || m.Start >= occ+len(tt.text) {
						continue
					}
					if m.Actor == nil {
						seen = append(seen, m.Text+"=nil")
						continue
					}
					seen = append(seen, m.Text+"="+m.Actor.Code+"/"+m.Actor.Name)
					if strings.HasPrefix(m.Actor.Code, tt.codePrefix) && (tt.name == "" || m.Actor.Name == tt.name) {
						found = true
					}
				}
			}
			if !found {
				t.Errorf("no mention of %q resolved to %s %s; saw %v", tt.text, tt.codePrefix, tt.name, seen)
			}
		}
	})

	t.Run("quotes", func(t *testing.T) {
		tests := []struct {
			prefix, kind, speaker string
		}{
			{"Yes, we are looking for arms from Russia", "direct", "Imran Khan"},
			{"Russian President appreciated", "partial", "Shah Mahmood Qureshi"},
			{"Well, to the Russian audience", "block", "Imran Khan"},
		}
		for _, tt := range tests {
			var got []string
			ok := false
			for _, q := range a.Quotes {
				if !strings.HasPrefix(q.Text, tt.prefix) {
					continue
				}
				sp := "<none>"
				if q.Speaker != nil && q.Speaker.Actor != nil {
					sp = q.Speaker.Actor.Name
				}
				got = append(got, q.Kind+"/"+sp)
				if q.Kind == tt.kind && sp == tt.speaker {
					ok = true
				}
				if text[q.Start:q.End] != q.Text {
					t.Errorf("quote %.30q: span does not match text", q.Text)
				}
			}
			if !ok {
				t.Errorf("quote %q: want %s by %s, got %v", tt.prefix, tt.kind, tt.speaker, got)
			}
		}
	})

	t.Run("events", func(t *testing.T) {
		type check struct {
			name           string
			src, tgt       string
			codes          []string // accepted code prefixes
			locName, locCC string
		}
		checks := []check{
			{"PAK-RUS meeting in Bishkek", "PAK", "RUS", []string{"04"}, "Bishkek", "KGZ"},
			{"RUS praises PAK", "RUS", "PAK", []string{"051"}, "", ""},
			{"PAK intends military cooperation with RUS", "PAK", "RUS", []string{"03"}, "", ""},
			{"PAK appeals to or intends toward IND", "PAK", "IND", []string{"02", "03"}, "", ""},
		}
		var all []string
		for _, e := range a.Events {
			all = append(all, country(e.Source)+"->"+country(e.Target)+" "+e.CAMEO)
		}
		for _, c := range checks {
			ok := false
			for _, e := range a.Events {
				s, g := country(e.Source), country(e.Target)
				dyad := s == c.src && g == c.tgt
				if c.codes[0] == "04" { // a meeting may be coded in either direction
					dyad = dyad || (s == c.tgt && g == c.src)
				}
				if !dyad || !hasAnyPrefix(e.CAMEO, c.codes) {
					continue
				}
				if c.locName != "" && (e.Location == nil || e.Location.Name != c.locName || e.Location.Country == nil || *e.Location.Country != c.locCC) {
					continue
				}
				ok = true
			}
			if !ok {
				t.Errorf("missing event %s; events: %v", c.name, all)
			}
		}
		for _, e := range a.Events {
			if !strings.Contains(e.SentenceText, "opposing camps") {
				continue
			}
			if (e.QuadClass == 3 || e.QuadClass == 4) && (e.Date == nil || strings.HasPrefix(*e.Date, "2019")) && (e.Modality == nil || *e.Modality != "historical") {
				t.Errorf("Soviet-era 'opposing camps' coded as a current conflict event: %s", e.Explanation)
			}
		}
	})
}

// wordOccurrences returns the byte offsets where w occurs in text as a
// whole word (case-sensitive).
func wordOccurrences(text, w string) []int {
	var out []int
	isWord := func(b byte) bool {
		return b == '_' || b >= '0' && b <= '9' || b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z'
	}
	for i := 0; ; {
		j := strings.Index(text[i:], w)
		if j < 0 {
			return out
		}
		j += i
		end := j + len(w)
		if (j == 0 || !isWord(text[j-1])) && (end == len(text) || !isWord(text[end])) {
			out = append(out, j)
		}
		i = j + 1
	}
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// TestJSONSchema validates analyze --format json against the contract in
// ../shared/contracts/analysis.schema.json.
func TestJSONSchema(t *testing.T) {
	schemaPath := sharedFile(t, "contracts/analysis.schema.json")
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(schemaPath)
	if err != nil {
		t.Fatalf("compile schema: %v", err)
	}
	inputs := []string{"../../examples/sochi-talks.txt", "testdata/page.html"}
	if _, err := os.Stat(sharedDir + "/examples/sco-summit-blogpost.txt"); err == nil {
		inputs = append(inputs, sharedDir+"/examples/sco-summit-blogpost.txt")
	}
	for _, in := range inputs {
		code, out, errs := runCLI(t, "", "analyze", "--format", "json", in)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", in, code, errs)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(out)))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("%s: output does not validate against the contract: %v", in, err)
		}
		// every offset is a byte offset into document.text
		var a report.Analysis
		if err := json.Unmarshal([]byte(out), &a); err != nil {
			t.Fatal(err)
		}
		checkSpans(t, in, &a)
	}
}

func checkSpans(t *testing.T, name string, a *report.Analysis) {
	t.Helper()
	text := a.Document.Text
	in := func(s, e int) bool { return 0 <= s && s <= e && e <= len(text) }
	for _, q := range a.Quotes {
		if !in(q.Start, q.End) || text[q.Start:q.End] != q.Text {
			t.Errorf("%s: quote span %d:%d does not match its text", name, q.Start, q.End)
		}
	}
	for _, e := range a.Events {
		if !in(e.Sentence.Start, e.Sentence.End) || text[e.Sentence.Start:e.Sentence.End] != e.SentenceText {
			t.Errorf("%s: event sentence span %d:%d invalid", name, e.Sentence.Start, e.Sentence.End)
		}
		if e.Rule == nil || *e.Rule == "" {
			t.Errorf("%s: event %s has no rule", name, e.CAMEO)
		}
	}
}
