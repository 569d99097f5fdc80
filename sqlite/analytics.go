package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/realign/realign/internal/storesql"
)

// RefreshSummaries brings the summary tables dyad_days and dyad_months
// (migration 0005) up to date: it recomputes, from event_clusters and
// gdelt_events, every day that triggers marked as changed since the last
// refresh, and the months holding them. Cells calls it before reading;
// writers may call it after a large import so that the first query does
// not pay for it. The work grows with the events on the changed days.
func (s *DB) RefreshSummaries(ctx context.Context) error {
	var dirty bool
	if err := s.db.QueryRowContext(ctx, storesql.SummaryDirty).Scan(&dirty); err != nil {
		return fmt.Errorf("refresh summaries: %w", err)
	}
	if !dirty {
		return nil
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, st := range dialect.RefreshStatements() {
			if _, err := tx.ExecContext(ctx, st); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("refresh summaries: %w", err)
	}
	return nil
}
