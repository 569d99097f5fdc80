// Package store holds what every realign store backend shares: the
// records read back from a store (event mentions with their evidence,
// event clusters, documents, actors, quotations, roles, search hits,
// counts), the filters that select them, the Backend interface that the
// sqlite and postgres packages implement, and the backend-independent
// helpers (effective event days, SimHash near-duplicate signatures,
// GDELT 2.0 rows). It runs no SQL.
package store

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/realign/realign"
	"github.com/realign/realign/analytics"
)

// EventFilter selects event mentions. Zero fields select everything.
type EventFilter struct {
	// Actor is an actor-code prefix matched against the source or the
	// target ("PAK" matches PAKGOV and PAKMIL).
	Actor string
	// Dyad is a directed pair of actor-code prefixes: source, target.
	// Either may be "" (any).
	Dyad [2]string
	// Code is a CAMEO code prefix ("04" selects every consultation).
	Code string
	// QuadClass is 1..4 (verbal/material cooperation, verbal/material
	// conflict); 0 for all.
	QuadClass int
	// Since and Until bound the effective day (see EventDay), inclusive,
	// compared by calendar date; zero for no bound.
	Since, Until time.Time
	// Text is a full-text query over the documents' title and text
	// ("arms deal", "Putin AND Khan"), read as Search reads it: FTS5
	// syntax in package sqlite (a query that is not valid FTS5 syntax is
	// searched as plain words), websearch_to_tsquery in package postgres.
	Text string
	// Modalities keeps only events of these modalities (the
	// realign.Modality* values); ModalityCounted alone keeps the events
	// the analytics count (asserted events, and 03x intentions: see
	// analytics.Counts). Empty: every modality. Imported GDELT rows carry
	// no modality and ignore it. ParseModalities reads the CLI and API
	// form.
	Modalities []string
	// Undirected makes Dyad match in either direction: source~Dyad[0]
	// and target~Dyad[1], or source~Dyad[1] and target~Dyad[0]. With
	// only one side of Dyad set, that prefix may be the source or the
	// target.
	Undirected bool
	// Limit caps the number of events (0: no limit); Offset skips the
	// first ones. Events come in order of effective day, then storage
	// order, events with no day last.
	Limit, Offset int
	// Newest reverses that order: latest effective day first, then the
	// most recently stored, events with no day still last. A page of
	// the newest events is read from the events_day index without
	// sorting the table.
	Newest bool
}

// ModalityCounted, as the only EventFilter.Modalities value, selects the
// events the analytics count.
const ModalityCounted = "counted"

// ParseModalities reads a comma-separated modality list ("asserted",
// "asserted,intended", "counted", "all"): nil for "" and "all". Errors
// name an unknown modality and list the known ones.
func ParseModalities(s string) ([]string, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "all" {
		return nil, nil
	}
	known := []string{realign.ModalityAsserted, realign.ModalityIntended, realign.ModalityHoped,
		realign.ModalityNegated, realign.ModalityHypothetical, realign.ModalityHistorical}
	var out []string
	for _, m := range strings.Split(s, ",") {
		m = strings.ToLower(strings.TrimSpace(m))
		switch {
		case m == ModalityCounted && strings.Contains(s, ","):
			return nil, fmt.Errorf("modality %q: counted stands alone, not in a list", s)
		case m == ModalityCounted:
			return []string{ModalityCounted}, nil
		case slices.Contains(known, m):
			out = append(out, m)
		default:
			return nil, fmt.Errorf("unknown modality %q: want all, counted (what the analytics count), or a comma-separated list of %s",
				m, strings.Join(known, ", "))
		}
	}
	return out, nil
}

// Location is where an event happened.
type Location struct {
	Name      string   `json:"name"`
	Country   string   `json:"country,omitempty"` // ISO 3166-1 alpha-3
	Lat       *float64 `json:"lat,omitempty"`
	Lon       *float64 `json:"lon,omitempty"`
	Precision string   `json:"precision,omitempty"`
	GeoID     string   `json:"geo_id,omitempty"`
}

// DocumentRef names the document an event was read from.
type DocumentRef struct {
	ID        string `json:"id"` // ContentID
	URL       string `json:"url,omitempty"`
	Title     string `json:"title,omitempty"`
	Published string `json:"published,omitempty"` // RFC 3339
	Source    string `json:"source,omitempty"`
}

// Event is one stored event mention with its evidence: the JSON-lines
// record of `realign events --format jsonl` and `realign export --format
// jsonl`. Field names are a stable interface.
type Event struct {
	ID      int64 `json:"id"`
	Cluster int64 `json:"cluster"`
	// Source and Target are the actors (nil when absent). Role is not
	// set: roles are per mention.
	Source *realign.Actor `json:"source"`
	Target *realign.Actor `json:"target"`
	// Code is the CAMEO code; BaseCode and RootCode its first three and
	// two digits.
	Code      string  `json:"cameo"`
	BaseCode  string  `json:"cameo_base"`
	RootCode  string  `json:"cameo_root"`
	Label     string  `json:"label"`
	PLOVER    string  `json:"plover,omitempty"`
	Goldstein float64 `json:"goldstein"`
	QuadClass int     `json:"quad_class"`
	Modality  string  `json:"modality,omitempty"`
	// Date is the date as coded (day, week, month, year or ""); Day is
	// the effective day YYYY-MM-DD ("" when unknown).
	Date     string    `json:"date"`
	Day      string    `json:"day"`
	Location *Location `json:"location"`
	// Sentence is the text of the sentence the event was read from;
	// SentenceSpan and Trigger are byte spans into the document text.
	Sentence     string         `json:"sentence"`
	SentenceSpan realign.Span   `json:"sentence_span"`
	Trigger      realign.Span   `json:"trigger"`
	AttributedTo *realign.Actor `json:"attributed_to"`
	// Quote is the quotation the event was read from, "" when none.
	Quote    string      `json:"quote,omitempty"`
	Rule     string      `json:"rule"`
	Document DocumentRef `json:"document"`
	// ClusterDocuments and ClusterSources are how many documents and
	// distinct outlets report the event's cluster (near-duplicates
	// included).
	ClusterDocuments int `json:"cluster_documents"`
	ClusterSources   int `json:"cluster_sources"`
}

// SearchHit is one document found by Search.
type SearchHit struct {
	DocumentRef
	Status string `json:"status"`
	// Snippet is a short extract with the matched words in [brackets].
	Snippet string `json:"snippet"`
	// Rank orders the hits, lower is better: FTS5's BM25 rank (sqlite),
	// the negated ts_rank (postgres). Values are not comparable across
	// backends.
	Rank float64 `json:"rank"`
	// Events is the number of event mentions stored for the document.
	Events int `json:"events"`
}

// Stats counts what the database holds.
type Stats struct {
	SchemaVersion  int   `json:"schema_version"`
	Documents      int64 `json:"documents"`
	Coded          int64 `json:"coded"`
	NotCoded       int64 `json:"not_coded"`
	NearDuplicates int64 `json:"near_duplicates"`
	Actors         int64 `json:"actors"`
	Mentions       int64 `json:"mentions"`
	Quotations     int64 `json:"quotations"`
	Events         int64 `json:"events"`   // event mentions
	Clusters       int64 `json:"clusters"` // distinct events
	GDELTEvents    int64 `json:"gdelt_events"`
	// Ingest counts ingest-log records by status.
	Ingest map[string]int64 `json:"ingest"`
}

// ErrNotFound is returned (wrapped) by Document for an id that is not
// stored or is not a ContentID.
var ErrNotFound = errors.New("not found")

// ErrUnavailable is wrapped into the errors of a backend whose server
// cannot be reached or went away (a PostgreSQL server down, restarting or
// refusing connections): an outage, not a fault of the request; trying
// again later may succeed.
var ErrUnavailable = errors.New("database unavailable")

// DocumentSummary is one row of Documents.
type DocumentSummary struct {
	ID        string `json:"id"` // ContentID
	Title     string `json:"title"`
	URL       string `json:"url,omitempty"`
	Published string `json:"published,omitempty"` // RFC 3339, "" unknown
	Source    string `json:"source,omitempty"`
	Status    string `json:"status"` // coded, not-coded or near-duplicate
	// Events is the number of event mentions stored for the document.
	Events int `json:"events"`
}

// StoredDocument is a stored document rebuilt as an Analysis. Sentences,
// places and time expressions are not stored, so those layers are empty;
// each event's Location comes from the event's own columns (Name and
// Text both hold the stored name), and speakers have Mention -1.
type StoredDocument struct {
	Analysis *realign.Analysis
	// Status is coded, not-coded or near-duplicate; NearDupOf is the
	// ContentID of the document this one copies ("" none).
	Status    string
	NearDupOf string
	// EventIDs are the stored ids (Event.ID) of Analysis.Events, in
	// order; EventDays their effective days, YYYY-MM-DD ("" unknown).
	EventIDs  []int64
	EventDays []string
}

// ActorRecord is one stored actor (a row of the actors table).
type ActorRecord struct {
	ID      string `json:"id,omitempty"` // knowledge-base id, "" none
	Code    string `json:"code"`         // CAMEO actor code
	Name    string `json:"name"`
	Country string `json:"country,omitempty"` // ISO 3166-1 alpha-3
	Sector  string `json:"sector,omitempty"`
	Kind    string `json:"kind,omitempty"`
}

// ActorQuote is one quotation attributed to an actor, with the document
// it was read from.
type ActorQuote struct {
	Text    string      `json:"text"`
	Kind    string      `json:"kind"`
	Cue     string      `json:"cue,omitempty"`
	Speaker string      `json:"speaker"` // the speaker as written
	Actor   ActorRecord `json:"actor"`   // the speaker's actor
	// Span is the quotation's byte span in the document text.
	Span      realign.Span `json:"span"`
	Document  string       `json:"document_id"` // ContentID
	Title     string       `json:"title,omitempty"`
	URL       string       `json:"url,omitempty"`
	Published string       `json:"published,omitempty"` // RFC 3339
}

// ActorRole is one role (a mention's role, e.g. "Prime Minister") that
// actors with a code held in the stored documents.
type ActorRole struct {
	Role string `json:"role"`
	Code string `json:"code"` // the mentions' actor code
	// First and Last are the earliest and latest publication dates
	// (YYYY-MM-DD) of the documents that mention it so, "" when none of
	// them has a date; Documents counts those documents.
	First     string `json:"first,omitempty"`
	Last      string `json:"last,omitempty"`
	Documents int    `json:"documents"`
}

// MaxRoleMentions bounds the mentions Roles reads for one prefix.
const MaxRoleMentions = 20000

// Event sources for the analytics queries.
const (
	SourceCoded = "coded" // realign's own event clusters
	SourceGDELT = "gdelt" // rows imported with ImportGDELT
	SourceAll   = "all"   // both
)

// CellQuery selects the events the analytics read.
type CellQuery struct {
	// Source is SourceCoded (default), SourceGDELT or SourceAll.
	Source string
	// Since and Until bound the day, inclusive; zero for no bound.
	Since, Until time.Time
	// A and B, when set, keep only events between state keys A and B (see
	// analytics.StateOf), in either direction (the caller filters
	// direction).
	A, B string
	// States, when set, keeps only events with a source or target among
	// these state keys (Cells only): what a profile of A and B towards
	// third parties needs.
	States []string
	// Window Month or Quarter makes Cells return monthly cells (see
	// Cells); other values, daily cells. Window also chooses which date
	// precisions enter the cells (analytics.Window.Admits; zero is Day).
	Window analytics.Window
}

// Cluster is one distinct event: the event mentions that share source,
// target and CAMEO code and agree in time or place (see the cluster key in
// save.go), with GDELT-style counts. Actors, location and the source URL
// are those of its first mention.
type Cluster struct {
	ID        int64
	Source    *realign.Actor
	Target    *realign.Actor
	Code      string
	QuadClass int
	Goldstein float64
	// Day is the effective day of the first mention; HasDay false when
	// unknown.
	Day    time.Time
	HasDay bool
	// IsRoot is true when some mention lies in the first paragraph.
	IsRoot       bool
	Location     *Location
	NumMentions  int
	NumSources   int
	NumDocuments int
	// Added is when the first mention's document was stored.
	Added     time.Time
	SourceURL string
}

// GDELT2Columns are the 61 column names of the GDELT 2.0 event table, in
// order.
var GDELT2Columns = []string{
	"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
	"Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
	"Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
	"Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
	"Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
	"IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
	"NumMentions", "NumSources", "NumArticles", "AvgTone",
	"Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
	"Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
	"Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
	"Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
	"ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
	"ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
	"DATEADDED", "SOURCEURL",
}

// GDELTRow returns the cluster as the 61 fields of a GDELT 2.0 event-table
// row. What realign does not know is left empty: ethnic and religion
// codes, actor geography, AvgTone (realign scores no tone), and the ADM
// codes of a location below country level. ActionGeo_CountryCode is the
// FIPS 10-4 code of the location's country (see FIPS; GDELT's convention,
// where realign's gazetteer uses ISO 3166), also written as ADM1Code for a
// country-level location, as GDELT does.
// Actor type codes are read from the actor code (PAKGOV: country PAK, type
// GOV; IGOSCO: type IGO, known group SCO).
func (c Cluster) GDELTRow() []string {
	r := make([]string, len(GDELT2Columns))
	r[0] = strconv.FormatInt(c.ID, 10)
	if c.HasDay {
		d := c.Day
		r[1], r[2], r[3] = d.Format("20060102"), d.Format("200601"), d.Format("2006")
		r[4] = strconv.FormatFloat(float64(d.Year())+float64(d.YearDay())/365, 'f', 4, 64)
	}
	actorFields(r[5:15], c.Source)
	actorFields(r[15:25], c.Target)
	if c.IsRoot {
		r[25] = "1"
	} else {
		r[25] = "0"
	}
	r[26], r[27], r[28] = c.Code, cut(c.Code, 3), cut(c.Code, 2)
	r[29] = strconv.Itoa(c.QuadClass)
	r[30] = strconv.FormatFloat(c.Goldstein, 'f', -1, 64)
	r[31], r[32], r[33] = strconv.Itoa(c.NumMentions), strconv.Itoa(c.NumSources), strconv.Itoa(c.NumDocuments)
	r[35], r[43], r[51] = "0", "0", "0"
	if l := c.Location; l != nil {
		r[51] = strconv.Itoa(geoType(l))
		r[52] = l.Name
		r[53] = FIPS(l.Country)
		if l.Precision == realign.PrecisionCountry {
			r[54] = r[53]
		}
		if l.Lat != nil {
			r[56] = strconv.FormatFloat(*l.Lat, 'f', -1, 64)
		}
		if l.Lon != nil {
			r[57] = strconv.FormatFloat(*l.Lon, 'f', -1, 64)
		}
		r[58] = l.GeoID
	}
	if !c.Added.IsZero() {
		r[59] = c.Added.UTC().Format("20060102150405")
	}
	r[60] = c.SourceURL
	for i := range r {
		r[i] = strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return ' '
			}
			return r
		}, r[i])
	}
	return r
}

// geoType maps a precision to GDELT's geographic type: 1 country,
// 2 US state, 3 US city, 4 world city, 5 world state (region).
func geoType(l *Location) int {
	us := l.Country == "USA"
	switch l.Precision {
	case realign.PrecisionCountry:
		return 1
	case realign.PrecisionRegion:
		if us {
			return 2
		}
		return 5
	case realign.PrecisionCity, realign.PrecisionPoint:
		if us {
			return 3
		}
		return 4
	}
	return 0
}

// actorFields fills the ten GDELT actor fields (Code, Name, CountryCode,
// KnownGroupCode, EthnicCode, Religion1Code, Religion2Code, Type1..3Code).
func actorFields(r []string, a *realign.Actor) {
	if a == nil {
		return
	}
	r[0], r[1] = a.Code, strings.ToUpper(a.Name)
	rest := a.Code
	switch {
	case strings.HasPrefix(a.Code, "IGO"):
		r[7] = "IGO"
		rest = strings.TrimPrefix(a.Code, "IGO")
		if len(rest) >= 3 {
			r[3] = rest[:3]
		}
		return
	case a.Country != "" && strings.HasPrefix(a.Code, a.Country):
		r[2] = a.Country
		rest = a.Code[len(a.Country):]
	case len(a.Code) >= 3 && a.Code[:3] == strings.ToUpper(a.Code[:3]) && a.Country == "":
		// a code with no country: types only
	}
	for i := 0; i < 3 && len(rest) >= 3; i++ {
		r[7+i], rest = rest[:3], rest[3:]
	}
}

// GDELTImport reports what ImportGDELT did.
type GDELTImport struct {
	Rows       int      // data lines read
	Imported   int      // new events stored
	Duplicates int      // GLOBALEVENTIDs already stored
	Skipped    int      // malformed lines
	Reasons    []string // the first malformed lines' reasons ("name:line: why")
	Versions   [3]int   // rows seen by GDELT version (index 1, 2)
}

// LocationKey identifies a place for clustering: its gazetteer ID, else
// its lower-cased name and country; "" for nil.
func LocationKey(p *realign.Place) string {
	if p == nil {
		return ""
	}
	if p.GeoID != "" {
		return p.GeoID
	}
	name := p.Name
	if name == "" {
		name = p.Text
	}
	if name == "" {
		return ""
	}
	return strings.ToLower(name) + "|" + p.Country
}

// cut returns s's first n bytes (s when shorter).
func cut(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// Sources tells which event sources q reads; the error names a bad Source.
func (q CellQuery) Sources() (coded, gdelt bool, err error) {
	switch q.Source {
	case "", SourceCoded:
		return true, false, nil
	case SourceGDELT:
		return false, true, nil
	case SourceAll:
		return true, true, nil
	}
	return false, false, fmt.Errorf("event source must be coded, gdelt or all, not %q", q.Source)
}

// Keep reports whether a cell of state keys s→t belongs to q: both set and
// different, and the dyad A–B (either way round) when A and B are set.
func (q CellQuery) Keep(s, t string) bool {
	if s == "" || t == "" || s == t {
		return false
	}
	if q.A == "" || q.B == "" {
		return true
	}
	a, b := strings.ToUpper(q.A), strings.ToUpper(q.B)
	return (s == a && t == b) || (s == b && t == a)
}
