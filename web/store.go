package web

import (
	"context"
	"errors"

	"github.com/realign/realign/store"
)

// The web reads the store only through store.Backend's query methods
// (SQL lives in the backends, sqlite and postgres); this file adds the
// paging the pages and the API share.

// errNotFound is returned for a document, actor or route that does not
// exist; it maps to 404 (as does store.ErrNotFound).
var errNotFound = errors.New("not found")

// maxPage is the largest page of events or documents one request returns.
const maxPage = 500

// pageLimit returns limit defaulted (def when <= 0) and capped at maxPage.
func pageLimit(limit, def int) int {
	if limit <= 0 {
		limit = def
	}
	return min(limit, maxPage)
}

// trim cuts one extra item off xs, reporting whether there was one: the
// store is asked for limit+1 items to learn whether a next page exists.
func trim[T any](xs []T, limit int) ([]T, bool) {
	if len(xs) > limit {
		return xs[:limit], true
	}
	return xs, false
}

// events returns one page of event mentions matching f, newest first (by
// effective day, then storage order; events with no day last), and
// whether there is a next page. f.Limit defaults to 50.
func (s *Server) events(ctx context.Context, f store.EventFilter) ([]store.Event, bool, error) {
	limit := pageLimit(f.Limit, 50)
	f.Limit, f.Offset, f.Newest = limit+1, max(f.Offset, 0), true
	evs, err := s.db.Events(ctx, f)
	if err != nil {
		return nil, false, err
	}
	evs, more := trim(evs, limit)
	return evs, more, nil
}

// documents returns one page of stored documents, most recently stored
// first, and whether there is a next page.
func (s *Server) documents(ctx context.Context, limit, offset int) ([]store.DocumentSummary, bool, error) {
	limit = pageLimit(limit, 50)
	docs, err := s.db.Documents(ctx, limit+1, max(offset, 0))
	if err != nil {
		return nil, false, err
	}
	docs, more := trim(docs, limit)
	return docs, more, nil
}

// quotesBy returns one page of quotations whose speaker's actor code
// starts with code, most recently stored first, and whether there is a
// next page.
func (s *Server) quotesBy(ctx context.Context, code string, limit, offset int) ([]store.ActorQuote, bool, error) {
	limit = pageLimit(limit, 20)
	qs, err := s.db.QuotesBy(ctx, code, limit+1, max(offset, 0))
	if err != nil {
		return nil, false, err
	}
	qs, more := trim(qs, limit)
	return qs, more, nil
}

func cut(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
