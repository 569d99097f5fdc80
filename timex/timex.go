// Package timex is realign's time-expression stage: it finds dates and
// date-like phrases in a document and resolves them against the
// publication date (a.Document.Published).
//
// Recognised forms, all in English news style:
//
//   - absolute dates: "June 13, 2019", "13 June 2019", "2019-06-14",
//     "6/14/2019" (US order), "June 2019", "in 2019", "1979";
//   - decades: "the 1980s", "the '80s", "mid-1990s";
//   - dates needing the publication date: "June 13", "13 June", "in June",
//     "last June", "on Thursday", "Thursday", "last/next Thursday",
//     "yesterday", "today", "tonight", "tomorrow", "last night",
//     "this morning", "last/next/this week|month|year|decade",
//     "earlier/later this week|month|year", "three days ago", "a year ago",
//     "a year earlier" (counted back from publication).
//
// Values: "YYYY-MM-DD" (granularity "day"), "YYYY-Www" ISO week ("week"),
// "YYYY-MM" ("month"), "YYYY" ("year") and "YYYX" for a decade, e.g.
// "198X" for the 1980s ("decade"). Relative is true when the value was
// computed from the publication date; when Published is the zero time
// such expressions are still reported, with Value "".
//
// Weekdays, bare months and month-days without a year are resolved by
// tense: in a past-tense context (the news default) "Thursday" is the most
// recent Thursday on or before publication; with a future marker ("will",
// "next", "scheduled") it is the next one on or after publication.
// "May" is a month only with a day number, a year or a preceding cue
// ("in May", "since May", "last May").
package timex

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/realign/realign"
	"github.com/realign/realign/nlp"
)

// Granularities of TimeExpr values.
const (
	Day    = "day"
	Week   = "week"
	Month  = "month"
	Year   = "year"
	Decade = "decade"
)

// Options configures a Tagger. The zero value is ready to use.
type Options struct {
	// MinYear and MaxYear bound bare four-digit numbers read as years
	// ("in 1979"); zero values mean 1800 and 2100.
	MinYear, MaxYear int
}

// Tagger finds and resolves time expressions. It is safe for concurrent
// use.
type Tagger struct {
	minYear, maxYear int
}

// New returns a Tagger. It fails when MinYear > MaxYear.
func New(opts Options) (*Tagger, error) {
	t := &Tagger{minYear: opts.MinYear, maxYear: opts.MaxYear}
	if t.minYear == 0 {
		t.minYear = 1800
	}
	if t.maxYear == 0 {
		t.maxYear = 2100
	}
	if t.minYear > t.maxYear {
		return nil, fmt.Errorf("timex: min year %d after max year %d", t.minYear, t.maxYear)
	}
	return t, nil
}

// Annotate sets a.Times to the time expressions of a.Document.Text,
// sorted by start and non-overlapping. It reads a.Sentences (tokenising
// the whole text as one sentence when there are none) and
// a.Document.Published. It returns no error on any text.
func (t *Tagger) Annotate(a *realign.Analysis) error {
	text := a.Document.Text
	sents := a.Sentences
	if len(sents) == 0 && strings.TrimSpace(text) != "" {
		sp := realign.Span{Start: 0, End: len(text)}
		sents = []realign.Sentence{{Span: sp, Tokens: nlp.Tokenize(text, sp)}}
	}
	var pub *date
	if p := a.Document.Published; !p.IsZero() {
		d := date{p.Year(), int(p.Month()), p.Day()}
		pub = &d
	}
	times := []realign.TimeExpr{}
	for _, s := range sents {
		times = append(times, t.sentence(text, s.Tokens, pub)...)
	}
	a.Times = times
	return nil
}

// Range returns the first day and the day after the last day covered by a
// value of the forms Annotate produces ("2019-06-13", "2019-W24",
// "2019-06", "2019", "198X"), in UTC, and whether value was understood.
func Range(value string) (start, end time.Time, ok bool) {
	utc := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	switch {
	case len(value) == 4 && strings.HasSuffix(value, "X"):
		y, err := strconv.Atoi(value[:3])
		if err != nil {
			return
		}
		return utc(y*10, 1, 1), utc(y*10+10, 1, 1), true
	case len(value) == 4:
		y, err := strconv.Atoi(value)
		if err != nil {
			return
		}
		return utc(y, 1, 1), utc(y+1, 1, 1), true
	case len(value) == 7 && value[4] == '-':
		tm, err := time.Parse("2006-01", value)
		if err != nil {
			return
		}
		return tm, tm.AddDate(0, 1, 0), true
	case len(value) == 8 && value[5] == 'W':
		y, err1 := strconv.Atoi(value[:4])
		w, err2 := strconv.Atoi(value[6:])
		if err1 != nil || err2 != nil || w < 1 || w > 53 {
			return
		}
		// ISO week 1 holds January 4th
		jan4 := utc(y, 1, 4)
		monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
		s := monday.AddDate(0, 0, 7*(w-1))
		return s, s.AddDate(0, 0, 7), true
	case len(value) == 10:
		tm, err := time.Parse("2006-01-02", value)
		if err != nil {
			return
		}
		return tm, tm.AddDate(0, 0, 1), true
	}
	return
}

// date is a calendar day.
type date struct{ y, m, d int }

func (d date) time() time.Time {
	return time.Date(d.y, time.Month(d.m), d.d, 12, 0, 0, 0, time.UTC)
}

func fromTime(t time.Time) date { return date{t.Year(), int(t.Month()), t.Day()} }

func (d date) addDays(n int) date { return fromTime(d.time().AddDate(0, 0, n)) }

func (d date) dayValue() string { return fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d) }

func (d date) weekValue() string {
	y, w := d.time().ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

func monthValue(y, m int) string {
	for m < 1 {
		m += 12
		y--
	}
	for m > 12 {
		m -= 12
		y++
	}
	return fmt.Sprintf("%04d-%02d", y, m)
}

func validDay(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d
}

func isCap(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}
