package sqlite

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/realign/realign"
)

// EachCluster calls fn for each event cluster, in order of day (latest
// first with f.Newest; no day last either way), that has a mention
// matching f (Limit and Offset apply to clusters).
func (s *DB) EachCluster(ctx context.Context, f EventFilter, fn func(Cluster) error) error {
	return withFTSFallback(&f.Text, func() error {
		var args []any
		where, err := efWhere(f, &args)
		if err != nil {
			return fmt.Errorf("clusters: %w", err)
		}
		order := ` ORDER BY c.first_day IS NULL, c.first_day, c.pk`
		if f.Newest {
			order = ` ORDER BY c.first_day DESC, c.pk DESC`
		}
		filter := ""
		if where != "" {
			filter = " AND c.pk IN (SELECT e.cluster FROM events e" + where + ")"
		}
		q := `SELECT c.pk, c.code, c.quad_class, c.goldstein, c.first_day, c.num_mentions, c.num_sources, c.num_documents,
			EXISTS (SELECT 1 FROM events x WHERE x.cluster = c.pk AND x.paragraph = 0),
			fe.location_name, fe.location_country, fe.location_lat, fe.location_lon, fe.location_precision, fe.location_geo_id,
			d.stored_at, d.url,
			c.source_code, sa.kb_id, sa.name, sa.country, sa.sector, sa.kind,
			c.target_code, ta.kb_id, ta.name, ta.country, ta.sector, ta.kind
			FROM event_clusters c
			JOIN events fe ON fe.pk = c.first_event
			JOIN documents d ON d.pk = fe.document
			LEFT JOIN actors sa ON sa.pk = fe.source_actor
			LEFT JOIN actors ta ON ta.pk = fe.target_actor
			WHERE 1` + filter + order + limitClause(f.Limit, f.Offset, &args)
		rows, err := s.db.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("clusters: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var c Cluster
			var day sql.NullInt64
			var lname, lcountry, lprec, lgeo, added string
			var lat, lon sql.NullFloat64
			var src, tgt actorCols
			dest := []any{&c.ID, &c.Code, &c.QuadClass, &c.Goldstein, &day, &c.NumMentions, &c.NumSources, &c.NumDocuments,
				&c.IsRoot, &lname, &lcountry, &lat, &lon, &lprec, &lgeo, &added, &c.SourceURL}
			dest = append(dest, src.dest()...)
			dest = append(dest, tgt.dest()...)
			if err := rows.Scan(dest...); err != nil {
				return fmt.Errorf("clusters: %w", err)
			}
			if day.Valid {
				c.Day, c.HasDay = DayTime(day.Int64), true
			}
			if lname != "" || lcountry != "" {
				c.Location = &Location{Name: lname, Country: lcountry, Precision: lprec, GeoID: lgeo}
				if lat.Valid {
					c.Location.Lat = &lat.Float64
				}
				if lon.Valid {
					c.Location.Lon = &lon.Float64
				}
			}
			c.Added, _ = time.Parse(time.RFC3339, added)
			c.Source, c.Target = src.actor(), tgt.actor()
			if err := fn(c); err != nil {
				return err
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("clusters: %w", err)
		}
		return nil
	})
}

// maxGDELTLine is the longest line ImportGDELT accepts.
const maxGDELTLine = 1 << 20

// ImportGDELT reads a GDELT 1.0 (57 or 58 tab-separated columns, no
// header) or 2.0 (61 columns) event export from r and stores its events in
// the gdelt_events table, in transactions of a few thousand rows.
// Already-imported GLOBALEVENTIDs are skipped, so importing again is
// harmless; malformed lines are skipped and counted with a reason. name
// labels reasons. Errors: I/O and SQLite errors (rows committed before the
// error stay stored).
func (s *DB) ImportGDELT(ctx context.Context, r io.Reader, name string) (GDELTImport, error) {
	var st GDELTImport
	br := bufio.NewReaderSize(r, 64<<10)
	const batch = 5000
	type row struct {
		f       []string
		version int
		line    string
	}
	var pending []row
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		s.wmu.Lock()
		defer s.wmu.Unlock()
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			ins, err := tx.PrepareContext(ctx, `INSERT INTO gdelt_events(global_event_id, gdelt_version, day, sqldate,
				actor1_code, actor1_name, actor1_country, actor2_code, actor2_name, actor2_country, is_root_event,
				event_code, quad_class, goldstein, num_mentions, num_sources, num_articles, avg_tone,
				action_geo_type, action_geo_name, action_geo_country, action_geo_lat, action_geo_lon,
				date_added, source_url, row) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
				ON CONFLICT(global_event_id) DO NOTHING`)
			if err != nil {
				return err
			}
			defer ins.Close()
			for _, p := range pending {
				f := p.f
				geo, added, url := 49, 56, 57 // GDELT 1.0
				if p.version == 2 {
					geo, added, url = 51, 59, 60
				}
				lat, lon := geoIndex(p.version)
				day, _ := time.Parse("20060102", f[1])
				res, err := ins.ExecContext(ctx, f[0], p.version, DayOf(day), f[1],
					f[5], f[6], f[7], f[15], f[16], f[17], atoi(f[25]),
					f[26], atoi(f[29]), atof(f[30]), atoi(f[31]), atoi(f[32]), atoi(f[33]), atof(f[34]),
					atoi(f[geo]), f[geo+1], f[geo+2], optFloat(f[geo+lat]), optFloat(f[geo+lon]),
					f[added], field(f, url), p.line)
				if err != nil {
					return err
				}
				if n, _ := res.RowsAffected(); n > 0 {
					st.Imported++
				} else {
					st.Duplicates++
				}
			}
			return nil
		})
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
		line, err := readLine(br)
		if errors.Is(err, io.EOF) && line == "" {
			break
		}
		if err != nil && !errors.Is(err, io.EOF) {
			if errors.Is(err, errLongLine) {
				st.Rows++
				skip(n, err.Error())
				continue
			}
			return st, fmt.Errorf("import gdelt %s: %w", name, err)
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
		pending = append(pending, row{f, version, line})
		if len(pending) >= batch {
			if err := flush(); err != nil {
				return st, err
			}
		}
		if ctx.Err() != nil {
			return st, ctx.Err()
		}
	}
	return st, flush()
}

// geoIndex returns the offsets of Lat and Long within a geography block.
func geoIndex(version int) (lat, lon int) {
	if version == 2 {
		return 5, 6 // Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long, FeatureID
	}
	return 4, 5 // Type, FullName, CountryCode, ADM1Code, Lat, Long, FeatureID
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

var errLongLine = fmt.Errorf("line longer than %d bytes", maxGDELTLine)

// readLine reads one line of at most maxGDELTLine bytes; a longer line is
// consumed and reported as errLongLine.
func readLine(br *bufio.Reader) (string, error) {
	var b []byte
	long := false
	for {
		frag, err := br.ReadSlice('\n')
		if !long {
			if len(b)+len(frag) > maxGDELTLine {
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

func optFloat(s string) any {
	x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return nil
	}
	return x
}

// EachGDELTEvent calls fn for each imported GDELT event matching f
// (Actor, Dyad, Undirected, Code, QuadClass, Since, Until, Limit, Offset,
// Newest; Text is not
// supported and is an error), as an Event with Rule "gdelt" and the
// source URL as its document; ClusterDocuments and ClusterSources hold
// NumArticles and NumSources.
func (s *DB) EachGDELTEvent(ctx context.Context, f EventFilter, fn func(Event) error) error {
	if f.Text != "" {
		return errors.New("gdelt events: full-text search is not available for imported GDELT events")
	}
	var args []any
	g := EventFilter{Actor: f.Actor, Dyad: f.Dyad, Undirected: f.Undirected, Code: f.Code, QuadClass: f.QuadClass, Since: f.Since, Until: f.Until}
	where, err := efWhere(g, &args)
	if err != nil {
		return fmt.Errorf("gdelt events: %w", err)
	}
	order := ` ORDER BY e.day, e.global_event_id`
	if f.Newest {
		order = ` ORDER BY e.day DESC, e.global_event_id DESC`
	}
	// The inner select names the columns as the events table does, so
	// that the same filter applies.
	q := `SELECT e.global_event_id, e.code, e.quad_class, e.goldstein, e.day, e.source_code, e.actor1_name,
		e.actor1_country, e.target_code, e.actor2_name, e.actor2_country, e.action_geo_name, e.action_geo_lat,
		e.action_geo_lon, e.source_url, e.num_articles, e.num_sources
		FROM (SELECT *, actor1_code AS source_code, actor2_code AS target_code, event_code AS code,
		      CAST(NULL AS INTEGER) AS document FROM gdelt_events) e` + where + order +
		limitClause(f.Limit, f.Offset, &args)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("gdelt events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e Event
		var day sql.NullInt64
		var c1, n1, k1, c2, n2, k2, lname string
		var lat, lon sql.NullFloat64
		if err := rows.Scan(&e.ID, &e.Code, &e.QuadClass, &e.Goldstein, &day, &c1, &n1, &k1, &c2, &n2, &k2,
			&lname, &lat, &lon, &e.Document.URL, &e.ClusterDocuments, &e.ClusterSources); err != nil {
			return fmt.Errorf("gdelt events: %w", err)
		}
		e.Cluster = e.ID
		e.BaseCode, e.RootCode = cut(e.Code, 3), cut(e.Code, 2)
		e.Rule = "gdelt"
		if day.Valid {
			e.Day = DayTime(day.Int64).Format(time.DateOnly)
			e.Date = e.Day
		}
		if c1 != "" || n1 != "" {
			e.Source = &realign.Actor{Code: c1, Name: n1, Country: k1}
		}
		if c2 != "" || n2 != "" {
			e.Target = &realign.Actor{Code: c2, Name: n2, Country: k2}
		}
		if lname != "" {
			e.Location = &Location{Name: lname}
			if lat.Valid {
				e.Location.Lat = &lat.Float64
			}
			if lon.Valid {
				e.Location.Lon = &lon.Float64
			}
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("gdelt events: %w", err)
	}
	return nil
}
