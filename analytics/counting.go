package analytics

import (
	"strings"

	"github.com/realign/realign"
)

// Counts reports whether an event of this modality and CAMEO code enters
// the analytics (dyad series, alignment, blocs, shifts):
//
//   - asserted events, and "" (imported GDELT rows, which carry no
//     modality), count;
//   - intended and hoped events count only when coded as an intent (CAMEO
//     03x, "express intent to cooperate"), where the intent is itself the
//     event; an intended 05x or 19x is a plan, not a deed, and does not;
//   - negated ("did not endorse"), hypothetical ("would sanction") and
//     historical ("were in opposing camps") events never count, and any
//     other modality does not either.
func Counts(modality, code string) bool {
	switch modality {
	case "", realign.ModalityAsserted:
		return true
	case realign.ModalityIntended, realign.ModalityHoped:
		return strings.HasPrefix(code, "03")
	}
	return false
}

// CountsSQL is Counts as an SQL expression over the modality and code
// column expressions, valid in SQLite and PostgreSQL.
func CountsSQL(modality, code string) string {
	return "(" + modality + " IN ('', '" + realign.ModalityAsserted + "') OR (" + modality + " IN ('" +
		realign.ModalityIntended + "', '" + realign.ModalityHoped + "') AND substr(" + code + ", 1, 2) = '03'))"
}

// Precision is how exactly an event's date is known.
type Precision int

// Date precisions, finest first.
const (
	PrecDay   Precision = iota // "2019-06-14", or no date (the publication day)
	PrecWeek                   // "2019-W24"
	PrecMonth                  // "2019-04"
	PrecYear                   // "2016", "198X" (a year or coarser)
)

// PrecisionOf returns the precision of a coded event date: PrecDay for
// "YYYY-MM-DD" and for "" (an event with no date of its own is dated on
// its document's publication day), PrecWeek for "YYYY-Www", PrecMonth for
// "YYYY-MM", PrecYear for anything else ("2016", "198X").
func PrecisionOf(date string) Precision {
	switch {
	case date == "" || len(date) == 10:
		return PrecDay
	case len(date) == 8 && date[5] == 'W':
		return PrecWeek
	case len(date) == 7:
		return PrecMonth
	}
	return PrecYear
}

// PrecisionSQL is PrecisionOf as an SQLite expression over the date
// column expression.
func PrecisionSQL(date string) string {
	return "(CASE WHEN " + date + " = '' OR length(" + date + ") = 10 THEN 0 WHEN length(" + date + ") = 8 AND substr(" + date +
		", 6, 1) = 'W' THEN 1 WHEN length(" + date + ") = 7 THEN 2 ELSE 3 END)"
}

// Admits reports whether events dated with precision p are placed in
// windows of w. A date coarser than the window could belong to any of
// several windows, and placing it in the first (its stored day is the
// period's first day, or the publication day when that falls inside it)
// would pile such events into one window: day windows admit only day
// dates, week windows day or week dates, month and quarter windows day
// or month dates (a week may straddle two months), and year dates enter
// no window. A zero w is Day.
func (w Window) Admits(p Precision) bool {
	switch w {
	case Week:
		return p == PrecDay || p == PrecWeek
	case Month, Quarter:
		return p == PrecDay || p == PrecMonth
	}
	return p == PrecDay
}

// Admitted returns the precisions w admits, finest first.
func (w Window) Admitted() []Precision {
	var out []Precision
	for p := PrecDay; p <= PrecYear; p++ {
		if w.Admits(p) {
			out = append(out, p)
		}
	}
	return out
}
