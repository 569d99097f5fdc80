package realign

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// ContentID is the content hash that identifies a document: the SHA-256 of
// its text with runs of white space folded to one space and surrounding
// white space trimmed, in lower-case hex (64 characters). Re-ingesting the
// same article gives the same ID whatever its line endings or indentation.
func ContentID(text string) string {
	sum := sha256.Sum256([]byte(strings.Join(strings.Fields(text), " ")))
	return hex.EncodeToString(sum[:])
}

// Ingest outcomes recorded in the ingest log.
const (
	IngestStored        = "stored"         // analysed and stored
	IngestDuplicate     = "duplicate"      // same ContentID already stored
	IngestNearDuplicate = "near-duplicate" // stored and linked to an earlier copy, not coded twice
	IngestNotCoded      = "not-coded"      // stored but not analysed (e.g. not English)
	IngestSkipped       = "skipped"        // not stored: bad input (Reason says why)
	IngestFailed        = "failed"         // not stored: analysis failed (Reason says why)
)

// IngestRecord is one input item's outcome, kept in the ingest log so that
// a run can be audited and resumed.
type IngestRecord struct {
	// Source names the item: a path, "path:line" for JSON lines, a feed
	// item's link, a WARC record's target URI.
	Source string
	// DocID is the document's ContentID, "" when none was computed.
	DocID  string
	Status string // one of the Ingest* constants
	Reason string // why it was skipped, failed or not coded
	Time   time.Time
}

// Store keeps documents, their analyses and the ingest log. Implementations
// (sqlite, and later postgres) make SaveBatch atomic: after a crash either
// the whole batch is stored or none of it.
type Store interface {
	// HasDocument reports whether a document with this ContentID is
	// stored.
	HasDocument(ctx context.Context, id string) (bool, error)
	// SaveBatch stores the analyses (each Document.ID set to its
	// ContentID; an analysis with no layers is a document stored but not
	// coded) and appends the ingest records, in one transaction.
	// Documents already stored are skipped, so SaveBatch is idempotent.
	SaveBatch(ctx context.Context, analyses []*Analysis, log []IngestRecord) error
	// Close releases the store.
	Close() error
}
