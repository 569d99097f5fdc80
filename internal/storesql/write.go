package storesql

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/realign/realign"
)

// Document statuses in the documents table.
const (
	StatusCoded         = "coded"          // analysed; its layers are stored
	StatusNotCoded      = "not-coded"      // stored without layers
	StatusNearDuplicate = "near-duplicate" // linked to an earlier copy; layers not stored
)

// ValidStatus reports whether s is an ingest-log status.
func ValidStatus(s string) bool {
	switch s {
	case realign.IngestStored, realign.IngestDuplicate, realign.IngestNearDuplicate, realign.IngestNotCoded,
		realign.IngestSkipped, realign.IngestFailed:
		return true
	}
	return false
}

// HasLayers reports whether the analysis carries any annotation layer
// (a document without is stored as not coded).
func HasLayers(a *realign.Analysis) bool {
	return a.Sentences != nil || a.Mentions != nil || a.Places != nil || a.Times != nil ||
		a.Quotes != nil || a.Events != nil
}

// ActorKey is the unique key of an actor row: its knowledge-base ID and
// code ("state/PAK|PAKMIL"), else code|name.
func ActorKey(a *realign.Actor) string {
	if a.ID != "" {
		// One knowledge-base actor has a row per code it was seen with
		// (state/PAK as PAKGOV and as PAKMIL; a person in two roles), so
		// that what is read back does not depend on which came first.
		return a.ID + "|" + a.Code
	}
	return a.Code + "|" + a.Name
}

// ActorCode is a's code, "" for nil.
func ActorCode(a *realign.Actor) string {
	if a == nil {
		return ""
	}
	return a.Code
}

// Outlet names the publisher of d for source counts: its site, else its
// URL's host without "www.", in lower case; "" when neither is known.
func Outlet(d realign.Document) string {
	if d.Site != "" {
		return strings.ToLower(strings.TrimSpace(d.Site))
	}
	if u, err := url.Parse(d.URL); err == nil && u.Host != "" {
		return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	}
	return ""
}

// DocumentColumns are the columns of documents that DocumentValues fills.
var DocumentColumns = []string{"id", "title", "text", "url", "published", "source", "language", "format", "byline", "site",
	"outlet", "status", "near_dup_of", "simhash", "sentences"}

// DocumentValues are the values of d (with its ID) for DocumentColumns:
// near is the key of the document d copies (nil for none), hash its
// SimHash.
func DocumentValues(d realign.Document, status string, near any, hash uint64, sentences int) []any {
	pub := ""
	if !d.Published.IsZero() {
		pub = d.Published.Format(time.RFC3339)
	}
	return []any{d.ID, d.Title, d.Text, d.URL, pub, d.Source, d.Language, d.Format, d.Byline, d.Site, Outlet(d),
		status, near, int64(hash), sentences}
}

// MentionColumns are the columns of mentions that MentionValues fills
// (after document).
var MentionColumns = []string{"idx", "start", "end", "text", "type", "actor", "code", "role", "via", "antecedent", "pronoun"}

// MentionValues are the values of mention i for MentionColumns; actor is
// the key of its actor row (nil for none).
func MentionValues(m *realign.Mention, i int, actor any) []any {
	code, role := "", ""
	if m.Actor != nil {
		code, role = m.Actor.Code, m.Actor.Role
	}
	return []any{i, m.Start, m.End, m.Text, m.Type, actor, code, role, m.Via, m.Antecedent, m.Pronoun}
}

// QuoteColumns are the columns of quotations that QuoteValues fills
// (after document).
var QuoteColumns = []string{"idx", "start", "end", "text", "kind", "cue", "cue_start", "cue_end", "speaker",
	"speaker_start", "speaker_end", "speaker_actor", "addressee"}

// QuoteValues are the values of quotation i for QuoteColumns; speaker is
// the key of its speaker's actor row (nil for none).
func QuoteValues(q *realign.Quotation, i int, speaker any) []any {
	var spText string
	var spStart, spEnd any
	if q.Speaker != nil {
		spText, spStart, spEnd = q.Speaker.Text, q.Speaker.Start, q.Speaker.End
	}
	return []any{i, q.Start, q.End, q.Text, q.Kind, q.Cue, q.CueSpan.Start, q.CueSpan.End, spText, spStart, spEnd,
		speaker, q.Addressee}
}

// EventColumns are the columns of events that EventValues fills (after
// document and cluster).
var EventColumns = []string{"idx", "source_actor", "target_actor", "source_code", "target_code",
	"source_start", "source_end", "target_start", "target_end", "code", "label", "plover", "goldstein", "quad_class", "modality",
	"date", "day", "location_name", "location_country", "location_lat", "location_lon", "location_precision", "location_geo_id",
	"sentence_start", "sentence_end", "sentence", "paragraph", "trigger_start", "trigger_end", "attributed_to", "quotation", "rule"}

// EventActors are the keys of an event's actor rows and of its
// quotation's row (nil for none).
type EventActors struct {
	Source, Target, AttributedTo, Quotation any
}

// EventValues are the values of event i of a for EventColumns: day is its
// effective day (nil for none); the sentence text and paragraph are read
// from a.
func EventValues(a *realign.Analysis, i int, day any, k EventActors) []any {
	ev := &a.Events[i]
	var locName, locCountry, locPrec, locGeo string
	var lat, lon any
	if l := ev.Location; l != nil {
		locName, locCountry, locPrec, locGeo = l.Name, l.Country, l.Precision, l.GeoID
		if locName == "" {
			locName = l.Text
		}
		lat, lon = nullable(l.Lat), nullable(l.Lon)
	}
	para := -1
	if si := a.SentenceAt(ev.Sentence.Start); si >= 0 {
		para = a.Sentences[si].Paragraph
	}
	return []any{i, k.Source, k.Target, ActorCode(ev.Source), ActorCode(ev.Target),
		ev.SourceSpan.Start, ev.SourceSpan.End, ev.TargetSpan.Start, ev.TargetSpan.End, ev.Code, ev.Label, ev.PLOVER,
		ev.Goldstein, ev.QuadClass, ev.Modality, ev.Date, day, locName, locCountry, lat, lon, locPrec, locGeo,
		ev.Sentence.Start, ev.Sentence.End, ev.Sentence.Text(a.Document.Text), para, ev.Trigger.Start, ev.Trigger.End,
		k.AttributedTo, k.Quotation, ev.Rule}
}

// ClusterCounts is the SET list that recomputes an event cluster's
// counts: mentions (event mentions over all documents, near-duplicates
// counting their original's), documents, and sources (distinct outlets; a
// document with no outlet counts as its own source).
const ClusterCounts = `num_mentions  = (SELECT coalesce(sum(mentions), 0) FROM cluster_documents WHERE cluster = event_clusters.pk),
		num_documents = (SELECT count(*) FROM cluster_documents WHERE cluster = event_clusters.pk),
		num_sources   = (SELECT count(DISTINCT CASE WHEN d.outlet = '' THEN 'doc:' || d.pk ELSE d.outlet END)
		                 FROM cluster_documents c JOIN documents d ON d.pk = c.document WHERE c.cluster = event_clusters.pk)`

// Columns joins column names for an INSERT or COPY column list, quoting
// "end".
func Columns(cols ...[]string) string {
	var all []string
	for _, cs := range cols {
		for _, c := range cs {
			if c == "end" {
				c = `"end"`
			}
			all = append(all, c)
		}
	}
	return strings.Join(all, ", ")
}

// NearDupOptions resolves the near-duplicate options of a backend: the
// largest Hamming distance (0: default 3; -1 turns detection off; above
// 3 is an error, as the four 16-bit bands find no more) and the fewest
// words a document needs (default 40).
func NearDupOptions(distance, minWords int) (int, int, error) {
	if distance == 0 {
		distance = 3
	}
	if distance > 3 {
		return 0, 0, fmt.Errorf("near-duplicate distance %d is above 3", distance)
	}
	if minWords <= 0 {
		minWords = 40
	}
	return distance, minWords, nil
}

// SettleLog returns the ingest records with the outcome of documents of a
// batch (inBatch) that another writer stored first (not in inserted: a
// concurrent worker had the same text) turned into duplicates, so that
// the log says which writer stored each document; other records are
// returned as they are. log is not modified.
func SettleLog(log []realign.IngestRecord, inBatch, inserted map[string]bool) []realign.IngestRecord {
	var out []realign.IngestRecord
	for i, r := range log {
		if r.DocID == "" || !inBatch[r.DocID] || inserted[r.DocID] {
			continue
		}
		switch r.Status {
		case realign.IngestStored, realign.IngestNearDuplicate, realign.IngestNotCoded:
			if out == nil {
				out = append([]realign.IngestRecord(nil), log...)
			}
			out[i].Status, out[i].Reason = realign.IngestDuplicate, "already stored (by a concurrent writer)"
		}
	}
	if out == nil {
		return log
	}
	return out
}
