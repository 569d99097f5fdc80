package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// GDELTRecord is one event row of a GDELT 1.0 or 2.0 event export, with
// the columns the stores keep.
type GDELTRecord struct {
	GlobalEventID int64
	Version       int    // 1 or 2
	Day           int64  // SQLDATE as days since 1970-01-01
	SQLDate       string // YYYYMMDD
	Actor1Code    string
	Actor1Name    string
	Actor1Country string
	Actor2Code    string
	Actor2Name    string
	Actor2Country string
	IsRootEvent   int
	EventCode     string
	QuadClass     int
	Goldstein     float64
	NumMentions   int
	NumSources    int
	NumArticles   int
	AvgTone       float64
	// ActionGeo*: the action location; Lat and Lon nil when absent.
	ActionGeoType    int
	ActionGeoName    string
	ActionGeoCountry string // FIPS 10-4, as in GDELT
	ActionGeoLat     *float64
	ActionGeoLon     *float64
	DateAdded        string
	SourceURL        string
	// Row is the original tab-separated line.
	Row string
}

// MaxGDELTLine is the longest line ReadGDELT accepts, in bytes.
const MaxGDELTLine = 1 << 20

// ReadGDELT reads a GDELT 1.0 (57 or 58 tab-separated columns, no
// header) or 2.0 (61 columns) event export from r and calls store with
// the valid rows, batch rows at a time (the last call may hold fewer), in
// file order. It counts Rows, Skipped (with the first ten Reasons,
// "name:line: why") and Versions into st; store counts Imported and
// Duplicates. Malformed lines (wrong column count, a non-integer
// GLOBALEVENTID, an SQLDATE that is not YYYYMMDD, an EventCode that is
// not digits, a line over MaxGDELTLine bytes) are skipped. Errors: I/O
// errors, ctx's error, and store's error, all wrapped with name.
func ReadGDELT(ctx context.Context, r io.Reader, name string, batch int, st *GDELTImport, store func([]GDELTRecord) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var pending []GDELTRecord
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		err := store(pending)
		pending = pending[:0]
		if err != nil {
			return fmt.Errorf("import gdelt %s: %w", name, err)
		}
		return nil
	}
	skip := func(n int, why string) {
		st.Skipped++
		if len(st.Reasons) < 10 {
			st.Reasons = append(st.Reasons, fmt.Sprintf("%s:%d: %s", name, n, why))
		}
	}
	for n := 1; ; n++ {
		line, err := readGDELTLine(br)
		if errors.Is(err, io.EOF) && line == "" {
			break
		}
		if err != nil && !errors.Is(err, io.EOF) {
			if errors.Is(err, errLongLine) {
				st.Rows++
				skip(n, err.Error())
				continue
			}
			return fmt.Errorf("import gdelt %s: %w", name, err)
		}
		line = strings.TrimRight(line, "\r\n")
		if strings.TrimSpace(line) == "" {
			continue
		}
		st.Rows++
		f := strings.Split(line, "\t")
		version, why := checkGDELT(f)
		if why != "" {
			skip(n, why)
			continue
		}
		st.Versions[version]++
		pending = append(pending, gdeltRecord(f, version, line))
		if len(pending) >= batch {
			if err := flush(); err != nil {
				return err
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return flush()
}

// gdeltRecord reads the fields of a row checkGDELT accepted.
func gdeltRecord(f []string, version int, line string) GDELTRecord {
	geo, added, url := 49, 56, 57 // GDELT 1.0
	lat, lon := 4, 5              // Type, FullName, CountryCode, ADM1Code, Lat, Long, FeatureID
	if version == 2 {
		geo, added, url = 51, 59, 60
		lat, lon = 5, 6 // Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long, FeatureID
	}
	id, _ := strconv.ParseInt(f[0], 10, 64)
	day, _ := time.Parse("20060102", f[1])
	return GDELTRecord{
		GlobalEventID: id, Version: version, Day: DayOf(day), SQLDate: f[1],
		Actor1Code: f[5], Actor1Name: f[6], Actor1Country: f[7],
		Actor2Code: f[15], Actor2Name: f[16], Actor2Country: f[17],
		IsRootEvent: atoi(f[25]), EventCode: f[26], QuadClass: atoi(f[29]), Goldstein: atof(f[30]),
		NumMentions: atoi(f[31]), NumSources: atoi(f[32]), NumArticles: atoi(f[33]), AvgTone: atof(f[34]),
		ActionGeoType: atoi(f[geo]), ActionGeoName: f[geo+1], ActionGeoCountry: f[geo+2],
		ActionGeoLat: optFloat(f[geo+lat]), ActionGeoLon: optFloat(f[geo+lon]),
		DateAdded: f[added], SourceURL: field(f, url), Row: line,
	}
}

// checkGDELT returns the GDELT version of a row's fields, or a reason why
// it is not a GDELT event row.
func checkGDELT(f []string) (int, string) {
	version := 0
	switch len(f) {
	case 57, 58:
		version = 1
	case 61:
		version = 2
	default:
		if len(f) == 1 && strings.Contains(f[0], ",") {
			return 0, "comma-separated line: GDELT event exports are tab-separated (a header or mentions file?)"
		}
		return 0, fmt.Sprintf("%d columns, want 57 or 58 (GDELT 1.0) or 61 (GDELT 2.0)", len(f))
	}
	if _, err := strconv.ParseInt(f[0], 10, 64); err != nil {
		return 0, fmt.Sprintf("GLOBALEVENTID %q is not an integer", cut(f[0], 40))
	}
	if _, err := time.Parse("20060102", f[1]); err != nil {
		return 0, fmt.Sprintf("SQLDATE %q is not YYYYMMDD", cut(f[1], 40))
	}
	if f[26] == "" || strings.Trim(f[26], "0123456789") != "" {
		return 0, fmt.Sprintf("EventCode %q is not a CAMEO code", cut(f[26], 40))
	}
	return version, ""
}

var errLongLine = fmt.Errorf("line longer than %d bytes", MaxGDELTLine)

// readGDELTLine reads one line of at most MaxGDELTLine bytes; a longer
// line is consumed and reported as errLongLine.
func readGDELTLine(br *bufio.Reader) (string, error) {
	var b []byte
	long := false
	for {
		frag, err := br.ReadSlice('\n')
		if !long {
			if len(b)+len(frag) > MaxGDELTLine {
				long, b = true, nil
			} else {
				b = append(b, frag...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if long {
			if err != nil && !errors.Is(err, io.EOF) {
				return "", err
			}
			return "", errLongLine
		}
		return string(b), err
	}
}

func field(f []string, i int) string {
	if i < len(f) {
		return f[i]
	}
	return ""
}

func atoi(s string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(s))
	return n
}

func atof(s string) float64 {
	x, _ := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return x
}

func optFloat(s string) *float64 {
	x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return nil
	}
	return &x
}
