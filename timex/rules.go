package timex

import (
	"strconv"
	"strings"
	"time"

	"github.com/realign/realign"
)

var months = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
	"july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
	"december": 12,
	"jan.":     1, "feb.": 2, "mar.": 3, "apr.": 4, "jun.": 6, "jul.": 7,
	"aug.": 8, "sep.": 9, "sept.": 9, "oct.": 10, "nov.": 11, "dec.": 12,
	"jan": 1, "feb": 2, "aug": 8, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday,
	"wednesday": time.Wednesday, "thursday": time.Thursday,
	"friday": time.Friday, "saturday": time.Saturday,
}

// monthCues may precede a bare month name ("in June", "since May").
var monthCues = map[string]bool{
	"in": true, "since": true, "until": true, "till": true, "by": true,
	"during": true, "through": true, "throughout": true, "from": true,
	"to": true, "early": true, "late": true, "mid": true, "last": true,
	"next": true, "this": true, "before": true, "after": true,
	"between": true, "of": true, "and": true, "or": true, "around": true,
	"for": true, "as": true,
}

// yearCues may precede a bare four-digit year ("in 1979").
var yearCues = map[string]bool{
	"in": true, "since": true, "until": true, "till": true, "by": true,
	"during": true, "through": true, "from": true, "to": true,
	"early": true, "late": true, "mid": true, "before": true, "after": true,
	"between": true, "of": true, "and": true, "fiscal": true, "year": true,
	"around": true, "circa": true, "spring": true, "summer": true,
	"autumn": true, "fall": true, "winter": true, "end": true, "-": true,
	"–": true, "(": true,
}

var numberWords = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
	"six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
	"twelve": 12, "several": 0, "few": 0,
}

// futureWords and pastWords mark the tense around an expression.
var futureWords = map[string]bool{
	"will": true, "'ll": true, "’ll": true, "shall": true, "wo": true,
	"would": true, "plans": true, "plan": true, "planned": true,
	"scheduled": true, "expected": true, "due": true, "upcoming": true,
	"next": true, "going": true, "set": true, "intends": true,
	"coming": true, "forthcoming": true,
}

// clauseBreaks end the search for a tense marker: the marker must be in
// the same clause as the expression.
var clauseBreaks = map[string]bool{
	"that": true, "which": true, "who": true, ",": true, ";": true,
	"when": true, "while": true, "but": true, "because": true, "and": true,
	":": true, "—": true, "–": true, "“": true, "”": true, "\"": true,
	"after": true, "before": true, "as": true, "if": true, "where": true,
}

var pastIrregular = map[string]bool{
	"said": true, "told": true, "was": true, "were": true, "had": true,
	"did": true, "met": true, "held": true, "went": true, "came": true,
	"took": true, "made": true, "gave": true, "left": true, "began": true,
	"saw": true, "spoke": true, "won": true, "lost": true, "fought": true,
	"sent": true, "brought": true, "struck": true, "fell": true, "rose": true,
	"got": true, "ago": true, "earlier": true, "last": true, "thought": true,
	"found": true, "hit": true, "led": true, "ran": true, "wrote": true,
	"became": true, "paid": true, "sold": true, "bought": true, "put": true,
	"shot": true, "killed": true, "knew": true, "flew": true, "broke": true,
	"chose": true, "drove": true, "withdrew": true, "stood": true,
	"began.": true, "kept": true, "meant": true, "felt": true, "heard": true,
	"since": true,
}

var notPast = map[string]bool{
	"need": true, "speed": true, "seed": true, "feed": true, "red": true,
	"bed": true, "indeed": true, "proceed": true, "succeed": true,
	"exceed": true, "hundred": true, "united": true, "breed": true,
	"weed": true, "shed": true, "embed": true,
}

func lower(s string) string { return strings.ToLower(s) }

// tense returns +1 for a future context, -1 for past and 0 when the
// sentence gives no sign, looking for the marker nearest to toks[i:j].
func tense(toks []realign.Token, i, j int) int {
	marker := func(t realign.Token) int {
		w := lower(t.Text)
		switch {
		case futureWords[w]:
			return 1
		case pastIrregular[w]:
			return -1
		case len(w) > 3 && strings.HasSuffix(w, "ed") && !notPast[w] && isLowerWord(t.Text):
			return -1
		}
		return 0
	}
	before, bd := 0, 1<<30
	for k := i - 1; k >= 0; k-- {
		if v := marker(toks[k]); v != 0 {
			before, bd = v, i-k
			break
		}
		if clauseBreaks[lower(toks[k].Text)] {
			break
		}
	}
	after, ad := 0, 1<<30
	for k := j; k < len(toks); k++ {
		if clauseBreaks[lower(toks[k].Text)] {
			break
		}
		if v := marker(toks[k]); v != 0 {
			after, ad = v, k-j+1
			break
		}
	}
	switch {
	case before == 0:
		return after
	case after == 0:
		return before
	case ad < bd:
		return after
	}
	return before
}

func isLowerWord(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z') {
			return false
		}
	}
	return s != ""
}

// dayNumber reads "13", "13th", "1st" as a day of month.
func dayNumber(s string) (int, bool) {
	s = lower(s)
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		s = strings.TrimSuffix(s, suf)
	}
	if len(s) == 0 || len(s) > 2 || !allDigits(s) {
		return 0, false
	}
	n, _ := strconv.Atoi(s)
	return n, n >= 1 && n <= 31
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// year reads a four-digit year within the tagger's bounds.
func (t *Tagger) year(s string) (int, bool) {
	if len(s) != 4 || !allDigits(s) {
		return 0, false
	}
	n, _ := strconv.Atoi(s)
	return n, n >= t.minYear && n <= t.maxYear
}

// monthOf returns the month of a capitalised month-name token.
func monthOf(s string) (int, bool) {
	if !isCap(s) {
		return 0, false
	}
	m, ok := months[lower(s)]
	return m, ok
}

// expr is one recognised expression before conversion.
type expr struct {
	i, j     int // token range
	value    string
	gran     string
	relative bool
}

// sentence tags one sentence.
func (t *Tagger) sentence(text string, toks []realign.Token, pub *date) []realign.TimeExpr {
	var out []realign.TimeExpr
	for i := 0; i < len(toks); {
		e, ok := t.at(toks, i, pub)
		if !ok || e.j <= e.i {
			i++
			continue
		}
		if e.relative && pub == nil {
			e.value = ""
		}
		sp := realign.Span{Start: toks[e.i].Start, End: toks[e.j-1].End}
		out = append(out, realign.TimeExpr{Span: sp, Text: text[sp.Start:sp.End], Value: e.value, Granularity: e.gran, Relative: e.relative})
		i = e.j
	}
	return out
}

// at tries every rule at token i. Rules needing the publication date
// return relative expressions with a best-effort value; pub == nil makes
// them compute from a dummy date, and the caller blanks the value.
func (t *Tagger) at(toks []realign.Token, i int, pub *date) (expr, bool) {
	p := date{2000, 1, 1}
	if pub != nil {
		p = *pub
	}
	w := toks[i].Text
	lw := lower(w)
	next := func(k int) string {
		if i+k < len(toks) {
			return toks[i+k].Text
		}
		return ""
	}
	prev := ""
	if i > 0 {
		prev = lower(toks[i-1].Text)
	}

	// ISO date 2019-06-14 and US numeric 6/14/2019
	if len(w) == 10 && w[4] == '-' && w[7] == '-' {
		if tm, err := time.Parse("2006-01-02", w); err == nil {
			return expr{i: i, j: i + 1, value: fromTime(tm).dayValue(), gran: Day}, true
		}
	}
	if parts := strings.Split(w, "/"); len(parts) == 3 && allDigits(parts[0]) && allDigits(parts[1]) && len(parts[2]) == 4 && allDigits(parts[2]) {
		m, _ := strconv.Atoi(parts[0])
		d, _ := strconv.Atoi(parts[1])
		y, _ := strconv.Atoi(parts[2])
		if validDay(y, m, d) {
			return expr{i: i, j: i + 1, value: date{y, m, d}.dayValue(), gran: Day}, true
		}
	}

	// modifiers: last/next/this/past/coming + unit, weekday or month
	if lw == "last" || lw == "next" || lw == "this" || lw == "past" || lw == "coming" {
		if e, ok := t.modified(toks, i, lw, p); ok {
			return e, true
		}
	}
	// earlier/later this week|month|year
	if (lw == "earlier" || lw == "later") && lower(next(1)) == "this" {
		if e, ok := unitValue(lower(next(2)), 0, p); ok {
			e.i, e.j, e.relative = i, i+3, true
			return e, true
		}
	}
	// N units ago
	if n, ok := countOf(lw); ok {
		unit := strings.TrimSuffix(lower(next(1)), "s")
		if (lower(next(2)) == "ago" || lower(next(2)) == "earlier") && n > 0 {
			if e, ok := agoValue(unit, n, p); ok {
				e.i, e.j, e.relative = i, i+3, true
				return e, true
			}
		}
	}

	switch lw {
	case "yesterday":
		return expr{i: i, j: i + 1, value: p.addDays(-1).dayValue(), gran: Day, relative: true}, true
	case "today", "tonight":
		return expr{i: i, j: i + 1, value: p.dayValue(), gran: Day, relative: true}, true
	case "tomorrow":
		return expr{i: i, j: i + 1, value: p.addDays(1).dayValue(), gran: Day, relative: true}, true
	}

	// weekday
	if wd, ok := weekdays[lw]; ok && isCap(w) {
		return expr{i: i, j: i + 1, value: weekday(p, wd, tense(toks, i, i+1)).dayValue(), gran: Day, relative: true}, true
	}

	// month first: June 13[, 2019] | June 2019 | June of 2019 | in June
	if m, ok := monthOf(w); ok {
		if d, ok := dayNumber(next(1)); ok {
			k := i + 2
			if next(2) == "," {
				k++
			}
			if k < len(toks) {
				if y, ok := t.year(toks[k].Text); ok && validDay(y, m, d) {
					return expr{i: i, j: k + 1, value: date{y, m, d}.dayValue(), gran: Day}, true
				}
			}
			y := yearFor(p, m, d, tense(toks, i, i+2))
			if validDay(y, m, d) {
				return expr{i: i, j: i + 2, value: date{y, m, d}.dayValue(), gran: Day, relative: true}, true
			}
		}
		if y, ok := t.year(next(1)); ok {
			return expr{i: i, j: i + 2, value: monthValue(y, m), gran: Month}, true
		}
		if lower(next(1)) == "of" {
			if y, ok := t.year(next(2)); ok {
				return expr{i: i, j: i + 3, value: monthValue(y, m), gran: Month}, true
			}
		}
		if monthCues[prev] && (lw != "may" || prev != "and" && prev != "or" && prev != "as" && prev != "to") {
			y := yearForMonth(p, m, tense(toks, i, i+1))
			return expr{i: i, j: i + 1, value: monthValue(y, m), gran: Month, relative: true}, true
		}
	}
	// mid-June, mid-2019, mid-1990s
	if strings.HasPrefix(lw, "mid-") || strings.HasPrefix(lw, "early-") || strings.HasPrefix(lw, "late-") {
		rest := w[strings.IndexByte(w, '-')+1:]
		if m, ok := monthOf(rest); ok {
			if y, ok := t.year(next(1)); ok {
				return expr{i: i, j: i + 2, value: monthValue(y, m), gran: Month}, true
			}
			y := yearForMonth(p, m, tense(toks, i, i+1))
			return expr{i: i, j: i + 1, value: monthValue(y, m), gran: Month, relative: true}, true
		}
		if y, ok := t.year(rest); ok {
			return expr{i: i, j: i + 1, value: strconv.Itoa(y), gran: Year}, true
		}
		if v, ok := t.decade(rest); ok {
			return expr{i: i, j: i + 1, value: v, gran: Decade}, true
		}
	}

	// day first: 13 June [2019] | 13th of June
	if d, ok := dayNumber(w); ok {
		k := i + 1
		if lower(next(1)) == "of" {
			k++
		}
		if k < len(toks) {
			if m, ok := monthOf(toks[k].Text); ok && (lower(toks[k].Text) != "may" || k+1 < len(toks) && isYearLike(toks[k+1].Text)) {
				if k+1 < len(toks) {
					if y, ok := t.year(toks[k+1].Text); ok && validDay(y, m, d) {
						return expr{i: i, j: k + 2, value: date{y, m, d}.dayValue(), gran: Day}, true
					}
				}
				y := yearFor(p, m, d, tense(toks, i, k+1))
				if validDay(y, m, d) {
					return expr{i: i, j: k + 1, value: date{y, m, d}.dayValue(), gran: Day, relative: true}, true
				}
			}
		}
	}

	// decades: 1980s, '80s, the eighties
	if v, ok := t.decade(w); ok {
		start := i
		if prev == "the" {
			start = i - 1
		}
		return expr{i: start, j: i + 1, value: v, gran: Decade}, true
	}

	// bare years
	if y, ok := t.year(w); ok {
		nx := next(1)
		capPrev := i > 1 && isCap(toks[i-1].Text) && isLowerWordFold(toks[i-1].Text) && !monthCues[prev]
		if yearCues[prev] || !capPrev && (!isLowerWord(nx) || y >= 1990 && y <= 2035) {
			if !(nx == "%" || lower(nx) == "percent" || strings.HasPrefix(nx, "-") && len(nx) > 1) && !strings.HasPrefix(prev, "$") && prev != "$" {
				return expr{i: i, j: i + 1, value: strconv.Itoa(y), gran: Year}, true
			}
		}
	}
	return expr{}, false
}

// isLowerWordFold reports words made only of ASCII letters in any case.
func isLowerWordFold(s string) bool { return isLowerWord(lower(s)) }

func isYearLike(s string) bool { return len(s) == 4 && allDigits(s) }

// decade reads "1980s", "1980's", "'80s" and "’80s".
func (t *Tagger) decade(s string) (string, bool) {
	if !strings.HasSuffix(s, "s") {
		return "", false
	}
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s, "s"), "'"), "’")
	if len(s) == 4 && allDigits(s) && s[3] == '0' {
		if y, ok := t.year(s); ok && y%10 == 0 {
			return s[:3] + "X", true
		}
		return "", false
	}
	if (strings.HasPrefix(s, "'") || strings.HasPrefix(s, "’")) && len(strings.TrimLeft(s, "'’")) == 2 {
		d := strings.TrimLeft(s, "'’")
		if allDigits(d) && d[1] == '0' {
			century := "19"
			if d[0] < '3' {
				century = "20"
			}
			return century + d[:1] + "X", true
		}
	}
	return "", false
}

// modified handles last/next/this/past/coming + unit, weekday or month.
func (t *Tagger) modified(toks []realign.Token, i int, mod string, p date) (expr, bool) {
	if i+1 >= len(toks) {
		return expr{}, false
	}
	w := toks[i+1].Text
	lw := lower(w)
	dir := 0
	switch mod {
	case "last", "past":
		dir = -1
	case "next", "coming":
		dir = 1
	}
	if lw == "night" && mod == "last" {
		return expr{i: i, j: i + 2, value: p.addDays(-1).dayValue(), gran: Day, relative: true}, true
	}
	if mod == "this" && (lw == "morning" || lw == "afternoon" || lw == "evening") {
		return expr{i: i, j: i + 2, value: p.dayValue(), gran: Day, relative: true}, true
	}
	if mod == "past" || mod == "coming" {
		return expr{}, false // "the past week" is a duration
	}
	if e, ok := unitValue(lw, dir, p); ok {
		e.i, e.j, e.relative = i, i+2, true
		return e, true
	}
	if wd, ok := weekdays[lw]; ok && isCap(w) {
		var d date
		switch dir {
		case -1:
			d = weekday(p.addDays(-1), wd, -1)
		case 1:
			d = weekday(p.addDays(1), wd, 1)
		default:
			d = weekday(p, wd, tense(toks, i, i+2))
		}
		return expr{i: i, j: i + 2, value: d.dayValue(), gran: Day, relative: true}, true
	}
	if m, ok := monthOf(w); ok {
		y := p.y
		switch {
		case dir < 0:
			if m >= p.m {
				y--
			}
		case dir > 0:
			if m <= p.m {
				y++
			}
		}
		return expr{i: i, j: i + 2, value: monthValue(y, m), gran: Month, relative: true}, true
	}
	return expr{}, false
}

// unitValue resolves week/month/year/decade shifted by dir units.
func unitValue(unit string, dir int, p date) (expr, bool) {
	switch unit {
	case "week", "weekend":
		return expr{value: p.addDays(7 * dir).weekValue(), gran: Week}, true
	case "month":
		return expr{value: monthValue(p.y, p.m+dir), gran: Month}, true
	case "year":
		return expr{value: strconv.Itoa(p.y + dir), gran: Year}, true
	case "decade":
		return expr{value: strconv.Itoa((p.y/10 + dir)) + "X", gran: Decade}, true
	}
	return expr{}, false
}

// agoValue resolves "N units ago".
func agoValue(unit string, n int, p date) (expr, bool) {
	switch unit {
	case "day":
		return expr{value: p.addDays(-n).dayValue(), gran: Day}, true
	case "week":
		return expr{value: p.addDays(-7 * n).weekValue(), gran: Week}, true
	case "month":
		return expr{value: monthValue(p.y, p.m-n), gran: Month}, true
	case "year":
		return expr{value: strconv.Itoa(p.y - n), gran: Year}, true
	case "decade":
		return expr{value: strconv.Itoa(p.y - 10*n), gran: Year}, true
	}
	return expr{}, false
}

func countOf(w string) (int, bool) {
	if n, ok := numberWords[w]; ok {
		return n, true
	}
	if allDigits(w) && len(w) <= 3 {
		n, _ := strconv.Atoi(w)
		return n, true
	}
	return 0, false
}

// weekday returns the day with weekday wd nearest to p in the direction
// of tense: on or before p for past or unknown tense, on or after p for
// future.
func weekday(p date, wd time.Weekday, tns int) date {
	cur := p.time().Weekday()
	if tns > 0 {
		return p.addDays((int(wd) - int(cur) + 7) % 7)
	}
	return p.addDays(-((int(cur) - int(wd) + 7) % 7))
}

// yearFor picks the year of a month-day without year. It prefers the
// date nearest to publication; tense decides only between candidates
// both within eight months (past: not after publication, future: not
// before).
func yearFor(p date, m, d, tns int) int {
	pt := p.time()
	type cand struct {
		y    int
		diff time.Duration
	}
	var cs []cand
	for _, y := range []int{p.y - 1, p.y, p.y + 1} {
		if validDay(y, m, d) {
			cs = append(cs, cand{y, date{y, m, d}.time().Sub(pt)})
		}
	}
	return pickYear(p.y, cs, tns, func(c cand) (int, time.Duration) { return c.y, c.diff })
}

// yearForMonth picks the year of a bare month: the nearest such month
// not after publication for past or unknown tense, not before it for
// future; the publication month itself for either.
func yearForMonth(p date, m, tns int) int {
	switch {
	case tns > 0 && m < p.m:
		return p.y + 1
	case tns <= 0 && m > p.m:
		return p.y - 1
	}
	return p.y
}

const eightMonths = 243 * 24 * time.Hour

func pickYear[C any](def int, cs []C, tns int, get func(C) (int, time.Duration)) int {
	abs := func(d time.Duration) time.Duration {
		if d < 0 {
			return -d
		}
		return d
	}
	best, bestDist := def, time.Duration(1<<62)
	for _, c := range cs {
		y, d := get(c)
		if abs(d) < bestDist {
			best, bestDist = y, abs(d)
		}
	}
	if tns == 0 {
		return best
	}
	for _, c := range cs {
		y, d := get(c)
		if y == best {
			if tns < 0 && d > 24*time.Hour || tns > 0 && d < -24*time.Hour {
				break // the nearest contradicts the tense: look further
			}
			return best
		}
	}
	alt, altDist := best, time.Duration(1<<62)
	for _, c := range cs {
		y, d := get(c)
		if tns < 0 && d <= 24*time.Hour || tns > 0 && d >= -24*time.Hour {
			if abs(d) < altDist {
				alt, altDist = y, abs(d)
			}
		}
	}
	if altDist <= eightMonths {
		return alt
	}
	return best
}
