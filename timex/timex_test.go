package timex

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/realign/realign"
	"github.com/realign/realign/internal/testcorpus"
	"github.com/realign/realign/nlp"
)

// analyse runs the segmenter and the tagger over text published at pub.
var (
	segOnce sync.Once
	seg     *nlp.Segmenter
	segErr  error
)

func analyse(t testing.TB, text string, pub time.Time) *realign.Analysis {
	t.Helper()
	segOnce.Do(func() { seg, segErr = nlp.New(nlp.Options{}) })
	if segErr != nil {
		t.Fatal(segErr)
	}
	tg, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := &realign.Analysis{Document: realign.Document{Text: text, Published: pub}}
	if err := seg.Annotate(a); err != nil {
		t.Fatal(err)
	}
	if err := tg.Annotate(a); err != nil {
		t.Fatal(err)
	}
	return a
}

type got struct {
	Text, Value, Gran string
	Rel               bool
}

func simplify(ts []realign.TimeExpr) []got {
	out := []got{}
	for _, x := range ts {
		out = append(out, got{x.Text, x.Value, x.Granularity, x.Relative})
	}
	return out
}

// Friday 14 June 2019, the day the SCO summit article was published.
var friday = time.Date(2019, 6, 14, 9, 0, 0, 0, time.UTC)

func TestAnnotate(t *testing.T) {
	tests := []struct {
		name string
		text string
		pub  time.Time
		want []got
	}{
		{"past weekday", "The ministers met on Thursday in the capital.", friday,
			[]got{{"Thursday", "2019-06-13", Day, true}}},
		{"weekday same day", "The minister said Friday that talks had failed.", friday,
			[]got{{"Friday", "2019-06-14", Day, true}}},
		{"future weekday", "The leaders will meet on Tuesday.", friday,
			[]got{{"Tuesday", "2019-06-18", Day, true}}},
		{"next weekday", "They meet again next Thursday.", friday,
			[]got{{"next Thursday", "2019-06-20", Day, true}}},
		{"last weekday", "He arrived last Friday.", friday,
			[]got{{"last Friday", "2019-06-07", Day, true}}},
		{"clause boundary", "She signed a decree Thursday that will take effect soon.", friday,
			[]got{{"Thursday", "2019-06-13", Day, true}}},
		{"deictic days", "Protests began yesterday, continue today and end tomorrow.", friday,
			[]got{{"yesterday", "2019-06-13", Day, true}, {"today", "2019-06-14", Day, true}, {"tomorrow", "2019-06-15", Day, true}}},
		{"units", "Prices rose last week, last month and last year; talks resume next month.", friday,
			[]got{{"last week", "2019-W23", Week, true}, {"last month", "2019-05", Month, true}, {"last year", "2018", Year, true}, {"next month", "2019-07", Month, true}}},
		{"this and earlier", "Trade fell earlier this month and may recover this year.", friday,
			[]got{{"earlier this month", "2019-06", Month, true}, {"this year", "2019", Year, true}}},
		{"month day", "The talks on June 13 ended without a deal.", friday,
			[]got{{"June 13", "2019-06-13", Day, true}}},
		{"day month", "The accord was signed on 13 June.", friday,
			[]got{{"13 June", "2019-06-13", Day, true}}},
		{"full date", "The accord was signed on June 13, 2018, in Geneva.", friday,
			[]got{{"June 13, 2018", "2018-06-13", Day, false}}},
		{"day month year", "He died on 5 March 1953 in Moscow.", friday,
			[]got{{"5 March 1953", "1953-03-05", Day, false}}},
		{"abbreviated month", "It docked on Feb. 13 at the port.", friday,
			[]got{{"Feb. 13", "2019-02-13", Day, true}}},
		{"month year", "Fighting resumed in June 2019 and again in April of 2020.", friday,
			[]got{{"June 2019", "2019-06", Month, false}, {"April of 2020", "2020-04", Month, false}}},
		{"bare month past", "The envoy visited Kabul in August.", friday,
			[]got{{"August", "2018-08", Month, true}}},
		{"bare month future", "The envoy will visit Kabul in August.", friday,
			[]got{{"August", "2019-08", Month, true}}},
		{"years", "The treaty dates from 1979 and was revised in 2019.", friday,
			[]got{{"1979", "1979", Year, false}, {"2019", "2019", Year, false}}},
		{"decades", "In the 1980s and the '90s, the two sides were in opposing camps.", friday,
			[]got{{"the 1980s", "198X", Decade, false}, {"the '90s", "199X", Decade, false}}},
		{"iso date", "The statement is dated 2019-06-14.", friday,
			[]got{{"2019-06-14", "2019-06-14", Day, false}}},
		{"ago", "The base closed three years ago.", friday,
			[]got{{"three years ago", "2016", Year, true}}},
		{"may modal", "Officials may meet again, and Theresa May said nothing.", friday,
			[]got{}},
		{"may month", "The vote was held in May and results came on May 23.", friday,
			[]got{{"May", "2019-05", Month, true}, {"May 23", "2019-05-23", Day, true}}},
		{"quantities", "About 1500 troops and 2,000 police were deployed.", friday,
			[]got{}},
		{"unknown publication", "They met on Thursday, as in June 2019.", time.Time{},
			[]got{{"Thursday", "", Day, true}, {"June 2019", "2019-06", Month, false}}},
		{"year boundary", "Talks will resume on January 10.", time.Date(2019, 12, 28, 0, 0, 0, 0, time.UTC),
			[]got{{"January 10", "2020-01-10", Day, true}}},
		{"last month across year", "Exports fell last month.", time.Date(2020, 1, 5, 0, 0, 0, 0, time.UTC),
			[]got{{"last month", "2019-12", Month, true}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := analyse(t, tc.text, tc.pub)
			if diff := cmp.Diff(tc.want, simplify(a.Times)); diff != "" {
				t.Errorf("%q: times mismatch (-want +got):\n%s", tc.text, diff)
			}
			for i, x := range a.Times {
				if x.Span.Text(tc.text) != x.Text {
					t.Errorf("time %d: span %v does not cover %q", i, x.Span, x.Text)
				}
				if i > 0 && a.Times[i-1].End > x.Start {
					t.Errorf("times %d and %d overlap", i-1, i)
				}
			}
		})
	}
}

func TestRange(t *testing.T) {
	d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		v          string
		start, end time.Time
		ok         bool
	}{
		{"2019-06-13", d(2019, 6, 13), d(2019, 6, 14), true},
		{"2019-06", d(2019, 6, 1), d(2019, 7, 1), true},
		{"2019", d(2019, 1, 1), d(2020, 1, 1), true},
		{"198X", d(1980, 1, 1), d(1990, 1, 1), true},
		{"2019-W24", d(2019, 6, 10), d(2019, 6, 17), true},
		{"", time.Time{}, time.Time{}, false},
		{"junk", time.Time{}, time.Time{}, false},
	}
	for _, tc := range tests {
		s, e, ok := Range(tc.v)
		if ok != tc.ok || !s.Equal(tc.start) || !e.Equal(tc.end) {
			t.Errorf("Range(%q) = %v, %v, %v; want %v, %v, %v", tc.v, s, e, ok, tc.start, tc.end, tc.ok)
		}
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	if _, err := New(Options{MinYear: 2000, MaxYear: 1900}); err == nil {
		t.Fatal("New accepted MinYear > MaxYear")
	}
}

func TestNoPanicOnOddInput(t *testing.T) {
	for _, s := range []string{"", " ", "May", "on", "last", "June 31", "February 30, 2019", "31/31/2019", "\xff\xfe", "earlier this", "3 days", "the '"} {
		a := analyse(t, s, friday)
		for _, x := range a.Times {
			if x.Value != "" {
				if _, _, ok := Range(x.Value); !ok {
					t.Errorf("%q: value %q not understood by Range", s, x.Value)
				}
			}
		}
	}
}

func sharedPath(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join("..", "..", "shared", rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared data %s absent: %v", p, err)
	}
	return p
}

func TestSCOArticle(t *testing.T) {
	p := sharedPath(t, "examples/sco-summit-blogpost.txt")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	a := analyse(t, string(b), friday)
	found := false
	for _, x := range a.Times {
		if x.Text == "Thursday" {
			found = true
			if x.Value != "2019-06-13" || x.Granularity != Day || !x.Relative {
				t.Errorf("on Thursday = %+v, want 2019-06-13 relative day", x)
			}
		}
	}
	if !found {
		t.Error("\"on Thursday\" not found")
	}
}

func TestVOACorpus(t *testing.T) {
	docs, times, relative := 0, 0, 0
	for _, d := range testcorpus.VOA(t) {
		if d.Published.IsZero() {
			t.Fatalf("story %s: no publication date", d.ID)
		}
		a := analyse(t, d.Text, d.Published)
		docs++
		times += len(a.Times)
		for _, x := range a.Times {
			if x.Relative {
				relative++
			}
			if _, _, ok := Range(x.Value); !ok {
				t.Errorf("doc %d: %q has value %q", docs, x.Text, x.Value)
			}
		}
	}
	t.Logf("%d documents, %d time expressions (%d relative)", docs, times, relative)
	if docs != 89 || times < 500 {
		t.Errorf("got %d docs and %d times, want 89 docs and at least 500 times", docs, times)
	}
}
