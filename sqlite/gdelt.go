package sqlite

import (
	"context"
	"database/sql"
	"io"
	"strings"

	"github.com/realign/realign/internal/storesql"
	"github.com/realign/realign/store"
)

// ImportGDELT reads a GDELT 1.0 (57 or 58 tab-separated columns, no
// header) or 2.0 (61 columns) event export from r and stores its events in
// the gdelt_events table, in transactions of a few thousand rows.
// Already-imported GLOBALEVENTIDs are skipped, so importing again is
// harmless; malformed lines are skipped and counted with a reason (see
// store.ReadGDELT). name labels reasons. Errors: I/O and SQLite errors
// (rows committed before the error stay stored).
func (s *DB) ImportGDELT(ctx context.Context, r io.Reader, name string) (GDELTImport, error) {
	var st GDELTImport
	err := store.ReadGDELT(ctx, r, name, 5000, &st, func(recs []store.GDELTRecord) error {
		s.wmu.Lock()
		defer s.wmu.Unlock()
		return s.inTx(ctx, func(tx *sql.Tx) error {
			cols := storesql.GDELTColumns
			ins, err := tx.PrepareContext(ctx, `INSERT INTO gdelt_events(`+strings.Join(cols, ", ")+`)
				VALUES (?`+strings.Repeat(", ?", len(cols)-1)+`) ON CONFLICT(global_event_id) DO NOTHING`)
			if err != nil {
				return err
			}
			defer ins.Close()
			for _, g := range recs {
				res, err := ins.ExecContext(ctx, storesql.GDELTValues(g)...)
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
	})
	return st, err
}
