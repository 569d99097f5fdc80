package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/realign/realign/store"
)

// Search runs a full-text query over the documents' title and text and
// returns up to limit hits (default 20), best first. The query is read by
// PostgreSQL's websearch_to_tsquery with the english configuration:
// words are stemmed ("arms deal" also finds "arm deals") and all must
// occur; "quoted phrases", OR and -word (NOT) work; other punctuation,
// SQLite's prefix* and AND are read as plain words (AND, a stop word, is
// dropped, so "Putin AND Khan" finds both words as in SQLite). A query
// of stop words only finds nothing.
//
// SearchHit.Rank is the negated ts_rank of the document's vector (title
// words weigh more than text words), so lower is better as with SQLite's
// BM25 rank, but the values are not comparable across backends and the
// order of hits can differ. Ties are broken by storage order. Snippet is
// ts_headline's best fragment of about 16 words of the title and text,
// matched words in [brackets].
func (s *DB) Search(ctx context.Context, query string, limit int) ([]store.SearchHit, error) {
	if strings.TrimSpace(query) == "" {
		return nil, fmt.Errorf("search: empty query")
	}
	if limit <= 0 {
		limit = 20
	}
	// The inner query ranks and limits; ts_headline, which reads the whole
	// text again, runs only for the hits returned.
	rows, err := s.pool.Query(ctx, `SELECT d.id, d.url, d.title, d.published, d.source, d.status,
		ts_headline('english', d.title || E'\n\n' || d.text, h.q,
			'StartSel=[, StopSel=], MaxWords=16, MinWords=8, ShortWord=2, MaxFragments=1, FragmentDelimiter=" … "'),
		h.rank, (SELECT count(*) FROM events e WHERE e.document = d.pk)
		FROM (SELECT d.pk, q, -ts_rank(d.fts, q) AS rank
			FROM documents d, websearch_to_tsquery('english', $1) AS q
			WHERE d.fts @@ q ORDER BY rank, d.pk LIMIT $2) AS h
		JOIN documents d ON d.pk = h.pk
		ORDER BY h.rank, d.pk`, query, limit)
	if err != nil {
		return nil, fmt.Errorf("search: %w", unavailable(err))
	}
	defer rows.Close()
	var out []store.SearchHit
	for rows.Next() {
		var h store.SearchHit
		var rank float32
		if err := rows.Scan(&h.ID, &h.URL, &h.Title, &h.Published, &h.Source, &h.Status, &h.Snippet, &rank, &h.Events); err != nil {
			return nil, fmt.Errorf("search: %w", unavailable(err))
		}
		h.Rank = float64(rank)
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", unavailable(err))
	}
	return out, nil
}
