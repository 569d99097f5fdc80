package store

import (
	"context"
	"io"

	"github.com/realign/realign"
	"github.com/realign/realign/analytics"
)

// Reader is the read side of a store: what `realign events`, `search`,
// `export`, `stats`, the analytics commands (`dyad`, `shifts`, `blocs`)
// and `realign serve` use. Both backends (package sqlite, an embedded
// file; package postgres, a shared server) implement it with the same
// semantics; the shared test suite in package storetest checks that.
type Reader interface {
	// Events returns the event mentions matching f (see EventFilter for
	// order and paging).
	Events(ctx context.Context, f EventFilter) ([]Event, error)
	// EachEvent calls fn for each event mention matching f, streaming.
	EachEvent(ctx context.Context, f EventFilter, fn func(Event) error) error
	// EachCluster calls fn for each event cluster with a mention
	// matching f.
	EachCluster(ctx context.Context, f EventFilter, fn func(Cluster) error) error
	// EachGDELTEvent calls fn for each imported GDELT event matching f.
	EachGDELTEvent(ctx context.Context, f EventFilter, fn func(Event) error) error
	// Search runs a full-text query over titles and texts, best first.
	Search(ctx context.Context, query string, limit int) ([]SearchHit, error)
	// Stats counts what the store holds.
	Stats(ctx context.Context) (Stats, error)
	// Documents lists stored documents, most recently stored first.
	Documents(ctx context.Context, limit, offset int) ([]DocumentSummary, error)
	// Document reads one document by ContentID; ErrNotFound (wrapped)
	// when it is not stored.
	Document(ctx context.Context, id string) (*StoredDocument, error)
	// ActorsByCode returns stored actors whose code starts with prefix.
	ActorsByCode(ctx context.Context, prefix string, limit int) ([]ActorRecord, error)
	// QuotesBy returns quotations whose speaker's code starts with
	// prefix, most recently stored first.
	QuotesBy(ctx context.Context, prefix string, limit, offset int) ([]ActorQuote, error)
	// Roles returns the roles recorded for actor codes starting with
	// prefix.
	Roles(ctx context.Context, prefix string) ([]ActorRole, error)

	// Cells returns the analytics cells q selects (daily, or monthly
	// for Window Month or Quarter).
	Cells(ctx context.Context, q CellQuery) ([]analytics.Cell, error)
	// Coarse counts the events q would leave out because their date is
	// coarser than q.Window admits.
	Coarse(ctx context.Context, q CellQuery, directed bool) (int, error)
	// ShiftCells returns the monthly cells behind realignment alerts.
	ShiftCells(ctx context.Context, q CellQuery, opt analytics.ShiftOptions) ([]analytics.Cell, error)
	// DayRange returns the first and last effective day (days since
	// 1970-01-01) of the events of source; ok false when none.
	DayRange(ctx context.Context, source string) (first, last int64, ok bool, err error)
	// DyadOutlets counts distinct outlets per period for the dyad of q.
	DyadOutlets(ctx context.Context, q CellQuery, w analytics.Window, directed bool) (map[int64]int, error)
	// EvidenceRows returns the strongest events of q's dyad: sign > 0
	// cooperation, < 0 conflict, 0 either.
	EvidenceRows(ctx context.Context, q CellQuery, sign, limit int) ([]analytics.Event, error)

	// Close releases the store.
	Close() error
}

// Backend is a complete store: the ingest contract (realign.Store), the
// read side, near-duplicate detection and GDELT import.
type Backend interface {
	realign.Store
	Reader
	// NearDuplicate returns the ContentID of a stored document that text
	// is a near-duplicate of (SimHash within 3 bits), or "".
	NearDuplicate(ctx context.Context, text string) (string, error)
	// RefreshSummaries rebuilds the dyad summary tables the analytics
	// read.
	RefreshSummaries(ctx context.Context) error
	// ImportGDELT stores the events of a GDELT 1.0 or 2.0 event export;
	// name names r in errors.
	ImportGDELT(ctx context.Context, r io.Reader, name string) (GDELTImport, error)
	// IntegrityCheck verifies the store's consistency; an error says
	// what is wrong.
	IntegrityCheck(ctx context.Context) error
}
