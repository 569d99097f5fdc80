// Package quotes scores realign's quotation stage against the PolNeAR
// attribution corpus (Newell, Margolin & Ruths, LREC 2018): brat standoff
// files with Source, Cue and Content spans for every attribution (direct
// quotations, reported speech, beliefs and intentions) in US political
// news.
//
// A data directory holds text/NAME.txt (the article) and
// attributions/NAME_ANNOTATOR.ann (brat standoff; offsets count Unicode
// code points). When several annotators annotated one article the first
// .ann file in name order is used, so that no article counts twice.
//
// The package reads gold files only when asked to (LoadDir); the product
// never reads them.
package quotes

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/realign/realign"
)

// Attribution is one gold attribution. Spans are byte offsets into the
// document text (converted from the code-point offsets of the .ann file);
// Content and Cue may be discontinuous (several fragments), Source is
// empty for an attribution without a source.
type Attribution struct {
	ID      string
	Content []realign.Span
	Cue     []realign.Span
	Source  []realign.Span
	// Direct is true when the content opens with a quotation mark (a
	// direct quotation); false for reported speech, including reported
	// speech that embeds a partial quotation.
	Direct bool
}

// Doc is one gold article: its text and attributions, sorted by the
// start of their content.
type Doc struct {
	Name string // text file name without ".txt"
	Text string
	Gold []Attribution
}

// LoadDir reads a PolNeAR compartment directory (DIR/text/*.txt and
// DIR/attributions/*.ann) and returns its documents sorted by name. It
// returns an error naming the file for a missing directory, an
// unreadable file or a malformed .ann line.
func LoadDir(dir string) ([]Doc, error) {
	anns, err := filepath.Glob(filepath.Join(dir, "attributions", "*.ann"))
	if err != nil {
		return nil, fmt.Errorf("polnear: %w", err)
	}
	if len(anns) == 0 {
		return nil, fmt.Errorf("polnear: %s: no attributions/*.ann files (want a PolNeAR compartment such as .../polnear/dev)", dir)
	}
	sort.Strings(anns)
	texts, err := filepath.Glob(filepath.Join(dir, "text", "*.txt"))
	if err != nil {
		return nil, fmt.Errorf("polnear: %w", err)
	}
	sort.Strings(texts)
	var docs []Doc
	for _, tp := range texts {
		name := strings.TrimSuffix(filepath.Base(tp), ".txt")
		ann := ""
		// the annotation files are NAME_ANNOTATOR.ann
		for i := sort.SearchStrings(anns, filepath.Join(dir, "attributions", name+"_")); i < len(anns); i++ {
			b := filepath.Base(anns[i])
			if !strings.HasPrefix(b, name+"_") {
				break
			}
			if !strings.Contains(strings.TrimSuffix(b[len(name)+1:], ".ann"), "_") {
				ann = anns[i]
				break
			}
		}
		if ann == "" {
			continue
		}
		text, err := os.ReadFile(tp)
		if err != nil {
			return nil, fmt.Errorf("polnear: %w", err)
		}
		data, err := os.ReadFile(ann)
		if err != nil {
			return nil, fmt.Errorf("polnear: %w", err)
		}
		gold, err := ParseAnn(filepath.Base(ann), string(text), data)
		if err != nil {
			return nil, err
		}
		docs = append(docs, Doc{Name: name, Text: string(text), Gold: gold})
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("polnear: %s: no text/*.txt file has an annotation file", dir)
	}
	return docs, nil
}

// ParseAnn parses brat standoff data for text. T lines give labelled
// spans ("T3<TAB>Content 13 98;100 120<TAB>…"), E lines tie them into an
// attribution ("E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1");
// other lines (notes, the continuation of a span text holding a newline)
// are skipped. Errors name the file and line.
func ParseAnn(name, text string, data []byte) ([]Attribution, error) {
	// code point index -> byte offset
	offs := make([]int, 0, len(text)+1)
	for i := range text {
		offs = append(offs, i)
	}
	offs = append(offs, len(text))
	toByte := func(cp int) (int, bool) {
		if cp < 0 || cp >= len(offs) {
			return 0, false
		}
		return offs[cp], true
	}
	type tspan struct {
		label string
		spans []realign.Span
	}
	ts := map[string]tspan{}
	type eline struct {
		id    string
		roles [][2]string
		line  int
	}
	var es []eline
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 1<<16), 1<<24)
	line := 0
	for sc.Scan() {
		line++
		raw := sc.Text()
		id, rest, ok := strings.Cut(raw, "\t")
		if !ok || len(id) < 2 {
			continue
		}
		switch id[0] {
		case 'T':
			if _, err := strconv.Atoi(id[1:]); err != nil {
				continue
			}
			head, _, _ := strings.Cut(rest, "\t")
			label, locs, ok := strings.Cut(head, " ")
			if !ok {
				return nil, fmt.Errorf("polnear: %s:%d: text-bound annotation without offsets", name, line)
			}
			var spans []realign.Span
			for _, frag := range strings.Split(locs, ";") {
				a, b, ok := strings.Cut(strings.TrimSpace(frag), " ")
				s, err1 := strconv.Atoi(a)
				e, err2 := strconv.Atoi(b)
				if !ok || err1 != nil || err2 != nil || s > e {
					return nil, fmt.Errorf("polnear: %s:%d: bad offsets %q", name, line, frag)
				}
				bs, ok1 := toByte(s)
				be, ok2 := toByte(e)
				if !ok1 || !ok2 {
					return nil, fmt.Errorf("polnear: %s:%d: offsets %d-%d outside text of %d characters", name, line, s, e, len(offs)-1)
				}
				spans = append(spans, realign.Span{Start: bs, End: be})
			}
			ts[id] = tspan{label, spans}
		case 'E':
			var roles [][2]string
			for _, f := range strings.Fields(rest) {
				r, t, ok := strings.Cut(f, ":")
				if !ok {
					return nil, fmt.Errorf("polnear: %s:%d: bad event argument %q", name, line, f)
				}
				roles = append(roles, [2]string{r, t})
			}
			es = append(es, eline{id, roles, line})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("polnear: %s: %w", name, err)
	}
	var out []Attribution
	for _, e := range es {
		at := Attribution{ID: e.id}
		isAttr := false
		for i, r := range e.roles {
			t, ok := ts[r[1]]
			if !ok {
				return nil, fmt.Errorf("polnear: %s:%d: unknown annotation %s", name, e.line, r[1])
			}
			role := strings.TrimRight(r[0], "0123456789")
			if i == 0 {
				isAttr = strings.HasPrefix(role, "Attribution")
				continue
			}
			switch role {
			case "Content":
				at.Content = append(at.Content, t.spans...)
			case "Cue":
				at.Cue = append(at.Cue, t.spans...)
			case "Source":
				at.Source = append(at.Source, t.spans...)
			}
		}
		if !isAttr || len(at.Content) == 0 {
			continue
		}
		sortSpans(at.Content)
		sortSpans(at.Cue)
		sortSpans(at.Source)
		at.Direct = opensWithMark(text, at.Content[0])
		out = append(out, at)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Content[0].Start < out[j].Content[0].Start })
	return out, nil
}

func sortSpans(s []realign.Span) {
	sort.Slice(s, func(i, j int) bool { return s[i].Start < s[j].Start })
}

// opensWithMark reports whether the span's first non-space character is a
// quotation mark.
func opensWithMark(text string, sp realign.Span) bool {
	s := strings.TrimLeftFunc(sp.Text(text), unicode.IsSpace)
	r, _ := utf8.DecodeRuneInString(s)
	return isMark(r)
}

func isMark(r rune) bool {
	switch r {
	case '"', '“', '”', '‘', '’', '\'', '«', '»', '„':
		return true
	}
	return false
}
