package eventcode

import (
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		code      string
		label     string
		goldstein float64
		quad      int
		plover    string
	}{
		{"042", "Make a visit", 1.9, 1, "CONSULT"},
		{"0312", "Express intent to cooperate militarily", 5.2, 1, "AGREE"},
		{"051", "Praise or endorse", 3.4, 1, "SUPPORT"},
		{"020", "Appeal, not specified below", 3.0, 1, "REQUEST"},
		{"010", "Make statement, not specified below", 0, 1, ""},
		{"064", "Share intelligence or information", 7.0, 2, "COOPERATE"},
		{"112", "Accuse, not specified below", -2.0, 3, "ACCUSE"},
		{"163", "Impose embargo, boycott, or sanctions", -8.0, 4, "COERCE"},
		{"190", "Use conventional military force, not specified below", -10, 4, "ASSAULT"},
		{"044", "Meet at a third location", 2.5, 1, "CONSULT"},
	}
	for _, tc := range tests {
		c, ok := Lookup(tc.code)
		if !ok {
			t.Errorf("Lookup(%q) not found", tc.code)
			continue
		}
		if c.Label != tc.label || c.Goldstein != tc.goldstein || c.QuadClass != tc.quad || c.PLOVER != tc.plover {
			t.Errorf("Lookup(%q) = %+v, want %q %v %d %q", tc.code, c, tc.label, tc.goldstein, tc.quad, tc.plover)
		}
	}
	for _, bad := range []string{"", "0", "21", "099", "abc", "04200"} {
		if _, ok := Lookup(bad); ok {
			t.Errorf("Lookup(%q) found", bad)
		}
	}
}

func TestOntologyComplete(t *testing.T) {
	codes := Codes()
	if len(codes) < 300 {
		t.Fatalf("%d codes, want the full CAMEO 1.1b3 list (over 300)", len(codes))
	}
	roots := map[string]bool{}
	for _, c := range codes {
		root := c.Code[:2]
		roots[root] = true
		var want int
		switch {
		case root <= "05":
			want = 1
		case root <= "08":
			want = 2
		case root <= "13":
			want = 3
		default:
			want = 4
		}
		if c.QuadClass != want {
			t.Errorf("%s: quad class %d, want %d", c.Code, c.QuadClass, want)
		}
		if c.Label == "" {
			t.Errorf("%s: empty label", c.Code)
		}
		if c.PLOVER == "" && root != "01" {
			t.Errorf("%s: no PLOVER category", c.Code)
		}
	}
	if len(roots) != 20 {
		t.Errorf("%d roots, want 20", len(roots))
	}
}

func TestParseOntologyErrors(t *testing.T) {
	head := "# c\ncode\tlabel\tgoldstein\tquad\tplover\tmode\n"
	tests := map[string]string{
		"no header":     "042\tx\t1\t1\t\t\n",
		"columns":       head + "042\tx\t1\n",
		"bad goldstein": head + "042\tx\tlots\t1\t\t\n",
		"bad quad":      head + "042\tx\t1\t7\t\t\n",
		"duplicate":     head + "042\tx\t1\t1\t\t\n042\tx\t1\t1\t\t\n",
	}
	for name, text := range tests {
		_, err := parseOntology("t.tsv", text)
		if err == nil || !strings.HasPrefix(err.Error(), "t.tsv:") {
			t.Errorf("%s: error %v, want one naming t.tsv:LINE", name, err)
		}
	}
}

func TestLexiconCoversEveryRoot(t *testing.T) {
	lx, err := parseLexicon("verbs.txt", verbsTXT)
	if err != nil {
		t.Fatal(err)
	}
	roots := map[string]int{}
	for _, p := range lx.patterns {
		roots[p.code[:2]]++
	}
	for r := 1; r <= 20; r++ {
		root := []string{"", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20"}[r]
		if roots[root] == 0 {
			t.Errorf("no pattern for root %s", root)
		}
	}
}

func TestParseLexiconErrors(t *testing.T) {
	tests := map[string]string{
		"unknown code":   "a 999 : meet+ X\n",
		"no colon":       "a 040 meet+ X\n",
		"no target":      "a 040 : meet+\n",
		"unknown flag":   "a 040 loud : meet+ X\n",
		"duplicate id":   "a 040 : meet+ X\na 040 : visit+ X\n",
		"starts with X":  "a 040 : X meet+\n",
		"ends with gap":  "a 040 : meet+ X *\n",
		"bad forms":      "@forms go went\na 042 : go+ to X\n",
		"bad intent":     "a 040 intent=777 : meet+ X\n",
		"bad directive":  "@verb go\n",
		"empty alt":      "a 040 : meet+| X\n",
		"optional first": "a 040 : meet+? X\n",
		"received no S":  "a 070 received : receive+ aid\n",
		"bad refuse":     "a 040 refuse=999 : meet+ X\n",
	}
	for name, text := range tests {
		_, err := parseLexicon("v.txt", text)
		if err == nil || !strings.HasPrefix(err.Error(), "v.txt:") {
			t.Errorf("%s: error %v, want one naming v.txt:LINE", name, err)
		}
	}
	if _, err := New(Options{Lexicon: "a 040 : meet+\n"}); err == nil {
		t.Error("New accepted a bad lexicon")
	}
}

func TestInflect(t *testing.T) {
	tests := map[string][5]string{
		"visit":   {"visit", "visits", "visited", "visited", "visiting"},
		"praise":  {"praise", "praises", "praised", "praised", "praising"},
		"accuse":  {"accuse", "accuses", "accused", "accused", "accusing"},
		"deny":    {"deny", "denies", "denied", "denied", "denying"},
		"reach":   {"reach", "reaches", "reached", "reached", "reaching"},
		"agree":   {"agree", "agrees", "agreed", "agreed", "agreeing"},
		"tie":     {"tie", "ties", "tied", "tied", "tying"},
		"destroy": {"destroy", "destroys", "destroyed", "destroyed", "destroying"},
	}
	for base, want := range tests {
		if got := inflect(base); got != want {
			t.Errorf("inflect(%q) = %v, want %v", base, got, want)
		}
	}
}
