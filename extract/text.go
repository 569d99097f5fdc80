package extract

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/realign/realign"
)

// headerLines is how many non-blank lines at the top of a plain text are
// examined for a title, a date and a byline.
const headerLines = 6

// fromText extracts a Document from plain UTF-8 text. See the package
// documentation for what changes; every kept line keeps its bytes.
func fromText(name, s string, t *tables) (realign.Document, error) {
	s = strings.TrimPrefix(s, "\ufeff")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.TrimFunc(l, isSpaceRune) == "" {
			lines[i] = ""
		}
	}
	drop := make([]bool, len(lines))
	doc := realign.Document{Format: FormatText, Source: name}

	bodyStart := readHeader(lines, drop, &doc, t)
	if doc.Published.IsZero() {
		doc.Published = datelineDate(lines, drop, bodyStart)
	}
	for i := bodyStart; i < len(lines); i++ {
		if l := strings.TrimFunc(lines[i], isSpaceRune); l != "" && matchAny(t.any, l) {
			drop[i] = true
		}
	}
	dropTrailing(lines, drop, bodyStart, t)

	var b strings.Builder
	blank := 0
	for i, l := range lines {
		if drop[i] {
			continue
		}
		if l == "" {
			blank++
			continue
		}
		if b.Len() > 0 {
			if blank > 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteByte('\n')
			}
		}
		blank = 0
		b.WriteString(l)
	}
	doc.Text = trimDocSpace(b.String())
	if doc.Text == "" {
		return realign.Document{}, &realign.InputError{Input: name, Reason: "no article text (only a header or page furniture)"}
	}
	doc.Language = detectLanguage(doc.Title+"\n"+doc.Text, t)
	return doc, nil
}

// readHeader reads the title, date and byline from the first non-blank
// lines, marks the lines it used in drop and returns the index of the first
// line after the header.
func readHeader(lines []string, drop []bool, doc *realign.Document, t *tables) int {
	seen := 0
	for i := 0; i < len(lines) && seen < headerLines; i++ {
		l := strings.TrimFunc(lines[i], isSpaceRune)
		if l == "" {
			continue
		}
		seen++
		if d, ok := parseDateLine(l); ok && doc.Published.IsZero() {
			doc.Published = d
			drop[i] = true
			continue
		}
		if by, d, ok := parseByline(l); ok && doc.Byline == "" {
			doc.Byline = by
			if !d.IsZero() && doc.Published.IsZero() {
				doc.Published = d
			}
			drop[i] = true
			continue
		}
		if doc.Title == "" && looksLikeTitle(l) && hasTextAfter(lines, i) && !matchAny(t.any, l) && !matchAny(t.tail, l) {
			doc.Title = l
			drop[i] = true
			continue
		}
		return i
	}
	for i := len(drop) - 1; i >= 0; i-- {
		if drop[i] {
			return i + 1
		}
	}
	return 0
}

func hasTextAfter(lines []string, i int) bool {
	for _, l := range lines[i+1:] {
		if l != "" {
			return true
		}
	}
	return false
}

// looksLikeTitle reports whether a line can be a headline: at most 200
// characters and 25 words, with a letter, not ending in a period, comma,
// colon or semicolon (closing quotes and brackets aside).
func looksLikeTitle(l string) bool {
	if utf8.RuneCountInString(l) > 200 || len(strings.Fields(l)) > 25 {
		return false
	}
	if strings.IndexFunc(l, unicode.IsLetter) < 0 {
		return false
	}
	core := strings.TrimRightFunc(l, func(r rune) bool {
		return strings.ContainsRune(`"'”’»)]`, r)
	})
	if core == "" {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(core)
	if strings.ContainsRune(".,;:…", last) {
		return false
	}
	return true
}

// titleLike reports whether a line is short and not a sentence: a link
// title in a related-articles block.
func titleLike(l string) bool {
	return looksLikeTitle(l) && len(strings.Fields(l)) <= 20
}

// dropTrailing marks the furniture at the end of the text: lines matching
// an "any" or "tail" pattern, and related-article blocks (a "related"
// heading followed only by short title-like lines, dates and furniture).
// It never goes above from.
func dropTrailing(lines []string, drop []bool, from int, t *tables) {
	isFurniture := func(l string) bool { return matchAny(t.tail, l) || matchAny(t.any, l) }
	j := len(lines) - 1
	for j >= from {
		l := strings.TrimFunc(lines[j], isSpaceRune)
		if l == "" || drop[j] {
			j--
			continue
		}
		if isFurniture(l) {
			drop[j] = true
			j--
			continue
		}
		// Look for a related-articles heading above j.
		m := -1
		for k := j; k >= from && j-k < 60; k-- {
			lk := strings.TrimFunc(lines[k], isSpaceRune)
			if lk == "" || drop[k] {
				continue
			}
			if matchAny(t.related, lk) {
				m = k
				break
			}
			if _, isDate := parseDateLine(lk); !isDate && !titleLike(lk) && !isFurniture(lk) {
				break
			}
		}
		if m < 0 {
			return
		}
		for k := m; k <= j; k++ {
			drop[k] = true
		}
		j = m - 1
	}
}

var (
	datePrefix = regexp.MustCompile(`(?i)^(?:(?:first\s+|last\s+)?(?:published|posted|updated|modified|date|dated)(?:\s+on)?\s*[:\-–—]?\s*)`)
	weekday    = regexp.MustCompile(`(?i)^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?,?\s+`)
	timeSuffix = regexp.MustCompile(`(?i)(?:\s*[,|@·–—-]?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*\(?(?:[A-Z]{2,5}|UTC|GMT)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\)?)?)$`)
	ordinal    = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)\b`)
	monthDot   = regexp.MustCompile(`(?i)\b(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.`)
	sept       = regexp.MustCompile(`(?i)\bsept\b`)
)

var dateLayouts = []string{
	"January 2, 2006", "January 2 2006", "Jan 2, 2006", "Jan 2 2006",
	"2 January 2006", "2 January, 2006", "2 Jan 2006", "2 Jan, 2006",
	"January 2006", "Jan 2006",
	"2006-01-02", "2006/01/02", "2006.01.02", "02.01.2006",
	time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04",
}

// parseDateLine parses a line that is only a date, with an optional
// "Published:"/"Updated on" prefix, weekday and time of day: "June 14,
// 2019", "Friday, 14 June 2019 10:30 GMT", "2019-06-14", "Published: Jun.
// 14, 2019". It returns the date at midnight UTC unless the line is a full
// RFC 3339 time.
func parseDateLine(l string) (time.Time, bool) {
	if len(l) > 80 {
		return time.Time{}, false
	}
	s := strings.TrimSpace(datePrefix.ReplaceAllString(l, ""))
	for _, layout := range dateLayouts[len(dateLayouts)-4:] {
		if d, err := time.Parse(layout, s); err == nil && plausibleYear(d) {
			return d, true
		}
	}
	s = weekday.ReplaceAllString(s, "")
	s = strings.TrimSpace(timeSuffix.ReplaceAllString(s, ""))
	s = ordinal.ReplaceAllString(s, "$1")
	s = monthDot.ReplaceAllString(s, "$1")
	s = sept.ReplaceAllString(s, "Sep")
	s = strings.Join(strings.Fields(s), " ")
	for _, layout := range dateLayouts {
		if d, err := time.Parse(layout, s); err == nil && plausibleYear(d) {
			return d, true
		}
	}
	return time.Time{}, false
}

func plausibleYear(d time.Time) bool { return d.Year() >= 1900 && d.Year() <= 2100 }

var (
	bylineRe   = regexp.MustCompile(`^(?:[Bb]y|BY|[Ww]ritten by|[Pp]osted by|[Aa]uthor:|[Ww]ords by)\s+(.+)$`)
	postedOnBy = regexp.MustCompile(`(?i)^(?:posted|published)\s+on\s+(.+?)\s+by\s+(.+)$`)
	bylineSep  = regexp.MustCompile(`\s+(?:\||·|•|—|–|-|on)\s+|,\s+`)
)

// parseByline parses "By Name", "By Name | June 14, 2019", "Posted by Name
// on June 14, 2019" or "Posted on June 14, 2019 by Name". The name must be
// one to eight words, each capitalised or a connector ("and", "de", "van",
// "al" …).
func parseByline(l string) (name string, date time.Time, ok bool) {
	if len(l) > 160 {
		return "", time.Time{}, false
	}
	if m := postedOnBy.FindStringSubmatch(l); m != nil {
		if d, okd := parseDateLine(m[1]); okd && isName(m[2]) {
			return strings.TrimSpace(m[2]), d, true
		}
	}
	m := bylineRe.FindStringSubmatch(l)
	if m == nil {
		return "", time.Time{}, false
	}
	rest := strings.TrimSpace(m[1])
	if isName(rest) {
		return rest, time.Time{}, true
	}
	// Name followed by a date after a separator.
	for _, loc := range bylineSep.FindAllStringIndex(rest, -1) {
		n, tail := strings.TrimSpace(rest[:loc[0]]), strings.TrimSpace(rest[loc[1]:])
		if d, okd := parseDateLine(tail); okd && isName(n) {
			return n, d, true
		}
	}
	return "", time.Time{}, false
}

var nameConnectors = map[string]bool{
	"and": true, "&": true, "de": true, "da": true, "del": true, "der": true, "van": true, "von": true,
	"al": true, "el": true, "bin": true, "ibn": true, "la": true, "le": true, "di": true, "du": true,
}

// isName reports whether s looks like a person or agency name list: one to
// eight words, capitalised, commas and connectors allowed.
func isName(s string) bool {
	ws := strings.Fields(strings.ReplaceAll(s, ",", " , "))
	n := 0
	for _, w := range ws {
		if w == "," || nameConnectors[strings.ToLower(w)] {
			continue
		}
		n++
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
		if strings.ContainsAny(w, ".!?;:") && !isInitial(w) {
			return false
		}
	}
	return n >= 1 && n <= 8
}

// isInitial reports whether w is an initial or a short abbreviation with
// periods: "J.", "J.R.R.", "Jr.".
func isInitial(w string) bool {
	if w == "Jr." || w == "Sr." || w == "St." {
		return true
	}
	for _, part := range strings.Split(strings.TrimSuffix(w, "."), ".") {
		if utf8.RuneCountInString(part) != 1 {
			return false
		}
	}
	return true
}

// datelineDate returns the date of a dated dateline opening the first body
// line (the first non-blank line at or after from that is not dropped),
// else the zero time. The line itself is kept.
func datelineDate(lines []string, drop []bool, from int) time.Time {
	for i := from; i < len(lines); i++ {
		l := strings.TrimFunc(lines[i], isSpaceRune)
		if l == "" || drop[i] {
			continue
		}
		d, _ := parseDateline(l)
		return d
	}
	return time.Time{}
}

// datelineRe matches the head of a dateline up to its dash: the place and
// date (group 1), an optional agency in brackets, then a spaced hyphen or
// double hyphen, or an en or em dash, followed by white space or the end.
var datelineRe = regexp.MustCompile(`^([^()\n]{3,80}?)\s*(?:\([^()\n]{1,40}\)\s*)?(?:\s-{1,2}|[–—])(?:\s|$)`)

// parseDateline parses the date of a dateline at the start of l: a place
// of one or more comma-separated parts, each one to five capitalised
// words ("BERLIN", "KYIV, Ukraine", "ST. PETERSBURG"), a comma, a full date
// as parseDateLine reads it ("Feb. 12, 2024", "12 February 2024",
// "Monday, June 14, 2019"), an optional agency in brackets and a dash:
// "BERLIN, Feb. 12, 2024 (Reuters) - …". It returns the date at midnight
// UTC. A date without a year ("WASHINGTON, March 3 (AP) —") is not a date:
// ok is false, no year is guessed.
func parseDateline(l string) (d time.Time, ok bool) {
	m := datelineRe.FindStringSubmatch(l)
	if m == nil {
		return time.Time{}, false
	}
	head := m[1]
	for i, r := range head {
		if r != ',' {
			continue
		}
		if !isPlace(head[:i]) {
			return time.Time{}, false
		}
		if d, ok := parseDateLine(strings.TrimSpace(head[i+1:])); ok {
			return d, true
		}
	}
	return time.Time{}, false
}

// isPlace reports whether s looks like the place of a dateline: parts
// separated by commas, each one to five words that start with a capital
// letter and hold only letters, periods, apostrophes and hyphens.
func isPlace(s string) bool {
	for _, part := range strings.Split(s, ",") {
		ws := strings.Fields(part)
		if len(ws) == 0 || len(ws) > 5 {
			return false
		}
		for _, w := range ws {
			if !unicode.IsUpper(firstRune(w)) {
				return false
			}
			for _, r := range w {
				if !unicode.IsLetter(r) && !strings.ContainsRune(".'’-", r) {
					return false
				}
			}
		}
	}
	return true
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}
