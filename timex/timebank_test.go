package timex

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/realign/realign"
)

// goldTimex is one TIMEX3 of a TimeML document, with its span in the
// tag-stripped text.
type goldTimex struct {
	realign.Span
	typ, value string
}

var (
	tagRE   = regexp.MustCompile(`<[^>]*>`)
	attrRE  = regexp.MustCompile(`(\w+)="([^"]*)"`)
	dctRE   = regexp.MustCompile(`(?s)<DCT>.*?value="(\d{4}-\d{2}-\d{2})`)
	textRE  = regexp.MustCompile(`(?s)<TEXT>(.*)</TEXT>`)
	tbDecRE = regexp.MustCompile(`^\d{3}$`)
)

// readTimeML returns the text of the TEXT element with tags removed, the
// gold TIMEX3s and the document creation date.
func readTimeML(data string) (string, []goldTimex, time.Time, bool) {
	dm := dctRE.FindStringSubmatch(data)
	tm := textRE.FindStringSubmatch(data)
	if dm == nil || tm == nil {
		return "", nil, time.Time{}, false
	}
	dct, err := time.Parse("2006-01-02", dm[1])
	if err != nil {
		return "", nil, time.Time{}, false
	}
	body := tm[1]
	var b strings.Builder
	var gold []goldTimex
	open := -1
	var cur goldTimex
	last := 0
	for _, loc := range tagRE.FindAllStringIndex(body, -1) {
		b.WriteString(html.UnescapeString(body[last:loc[0]]))
		last = loc[1]
		tag := body[loc[0]:loc[1]]
		switch {
		case strings.HasPrefix(tag, "<TIMEX3"):
			open = b.Len()
			cur = goldTimex{}
			for _, m := range attrRE.FindAllStringSubmatch(tag, -1) {
				switch m[1] {
				case "type":
					cur.typ = m[2]
				case "value":
					cur.value = m[2]
				}
			}
		case tag == "</TIMEX3>" && open >= 0:
			cur.Span = realign.Span{Start: open, End: b.Len()}
			gold = append(gold, cur)
			open = -1
		}
	}
	b.WriteString(html.UnescapeString(body[last:]))
	return b.String(), gold, dct, true
}

// normaliseOurs maps our decade form "198X" to TimeML's "198".
func normaliseOurs(v string) string {
	if len(v) == 4 && strings.HasSuffix(v, "X") {
		return v[:3]
	}
	return v
}

// TestTimeBankAccuracy measures value accuracy on the TimeBank 1.2 part of
// TBAQ-cleaned: for every gold TIMEX3 of type DATE with a calendar value
// (not PRESENT_REF and the like), whether a predicted expression overlaps
// it with the same value. It also reports how many predictions overlap a
// gold TIMEX3 of any type.
func TestTimeBankAccuracy(t *testing.T) {
	dir := sharedPath(t, "eval/dates/timebank/TimeBank")
	files, err := filepath.Glob(filepath.Join(dir, "*.tml"))
	if err != nil || len(files) == 0 {
		t.Skipf("no .tml files under %s", dir)
	}
	var gold, found, correct, preds, predHit int
	var misses []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text, gs, dct, ok := readTimeML(string(data))
		if !ok {
			t.Errorf("%s: no DCT or TEXT", f)
			continue
		}
		a := analyse(t, text, dct)
		preds += len(a.Times)
		for _, p := range a.Times {
			for _, g := range gs {
				if g.Overlaps(p.Span) {
					predHit++
					break
				}
			}
		}
		for _, g := range gs {
			if g.typ != "DATE" || !regexp.MustCompile(`^\d`).MatchString(g.value) {
				continue
			}
			gold++
			for _, p := range a.Times {
				if !g.Overlaps(p.Span) {
					continue
				}
				found++
				if normaliseOurs(p.Value) == g.value || tbDecRE.MatchString(g.value) && normaliseOurs(p.Value) == g.value {
					correct++
				} else if len(misses) < 40 {
					misses = append(misses, filepath.Base(f)+": "+p.Text+" = "+p.Value+", gold "+g.Span.Text(text)+" = "+g.value)
				}
				break
			}
		}
	}
	acc := float64(correct) / float64(gold)
	t.Logf("TimeBank: %d gold calendar DATEs, %d overlapped by a prediction, %d with the right value: accuracy %.3f (%.3f of those found); %d predictions, %d overlap a gold TIMEX3 (%.3f)",
		gold, found, correct, acc, float64(correct)/float64(max(found, 1)), preds, predHit, float64(predHit)/float64(max(preds, 1)))
	if testing.Verbose() {
		for _, m := range misses {
			t.Log("  wrong value: " + m)
		}
	}
	if acc < 0.58 {
		t.Errorf("TimeBank value accuracy %.3f below threshold 0.58", acc)
	}
}
