package sqlite

import "github.com/realign/realign/store"

// The records and filters of the store contract live in package store,
// shared with the postgres backend; these names keep this package's API.
type (
	EventFilter     = store.EventFilter
	Location        = store.Location
	Event           = store.Event
	SearchHit       = store.SearchHit
	Stats           = store.Stats
	DocumentSummary = store.DocumentSummary
	ActorQuote      = store.ActorQuote
	CellQuery       = store.CellQuery
	Cluster         = store.Cluster
	GDELTImport     = store.GDELTImport
)

// SourceCoded is store.SourceCoded.
const SourceCoded = store.SourceCoded

// MaxRoleMentions bounds the mentions Roles reads for one prefix.
const MaxRoleMentions = store.MaxRoleMentions

// GDELT2Columns are the 61 column names of the GDELT 2.0 event table.
var GDELT2Columns = store.GDELT2Columns

// Day helpers and SimHash live in package store.
var (
	EventDay    = store.EventDay
	DayOf       = store.DayOf
	DayTime     = store.DayTime
	SimHash     = store.SimHash
	Hamming     = store.Hamming
	LocationKey = store.LocationKey
)

var _ store.Backend = (*DB)(nil)
