package store

import (
	"strconv"
	"strings"
	"time"
)

// EventDay returns the effective day of an event, in days since
// 1970-01-01 (UTC), for clustering and date filters. date is the coded
// Event.Date; pub the document's publication time (zero when unknown).
//
//   - "2019-06-13": that day.
//   - "2019-W24": the Monday of that ISO week.
//   - "2019-06", "2019", "198X": the publication day when it falls in that
//     month, year or decade, else the first day of the period.
//   - "" or anything else: the publication day.
//
// ok is false when neither the date nor the publication day is known.
func EventDay(date string, pub time.Time) (day int64, ok bool) {
	pubDay, hasPub := int64(0), !pub.IsZero()
	if hasPub {
		pubDay = DayOf(pub)
	}
	within := func(from, to time.Time) (int64, bool) { // [from, to)
		if hasPub && !pub.Before(from) && pub.Before(to) {
			return pubDay, true
		}
		return DayOf(from), true
	}
	switch {
	case len(date) == 10 && date[4] == '-' && date[7] == '-':
		if t, err := time.Parse(time.DateOnly, date); err == nil {
			return DayOf(t), true
		}
	case len(date) == 8 && date[4] == '-' && date[5] == 'W':
		y, err1 := strconv.Atoi(date[:4])
		w, err2 := strconv.Atoi(date[6:])
		if err1 == nil && err2 == nil && w >= 1 && w <= 53 {
			// ISO week 1 holds January 4th.
			jan4 := time.Date(y, 1, 4, 0, 0, 0, 0, time.UTC)
			monday := jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+7*(w-1))
			return DayOf(monday), true
		}
	case len(date) == 7 && date[4] == '-':
		if t, err := time.Parse("2006-01", date); err == nil {
			return within(t, t.AddDate(0, 1, 0))
		}
	case len(date) == 4 && strings.HasSuffix(date, "X"):
		if d, err := strconv.Atoi(date[:3]); err == nil {
			from := time.Date(d*10, 1, 1, 0, 0, 0, 0, time.UTC)
			return within(from, from.AddDate(10, 0, 0))
		}
	case len(date) == 4:
		if y, err := strconv.Atoi(date); err == nil {
			from := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
			return within(from, from.AddDate(1, 0, 0))
		}
	}
	return pubDay, hasPub
}

// DayOf returns t's calendar day (in t's own zone) as days since
// 1970-01-01.
func DayOf(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// DayTime returns the UTC midnight of a day counted from 1970-01-01.
func DayTime(day int64) time.Time { return time.Unix(day*86400, 0).UTC() }
