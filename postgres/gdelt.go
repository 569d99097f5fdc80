package postgres

import (
	"context"
	"io"

	"github.com/jackc/pgx/v5"

	"github.com/realign/realign/internal/storesql"
	"github.com/realign/realign/store"
)

// ImportGDELT reads a GDELT 1.0 (57 or 58 tab-separated columns, no
// header) or 2.0 (61 columns) event export from r and stores its events
// in the gdelt_events table, in transactions of 10,000 rows (COPY into a
// temporary table, then one INSERT of the rows not yet stored). Already
// imported GLOBALEVENTIDs are skipped, so importing again is harmless;
// malformed lines are skipped and counted with a reason (see
// store.ReadGDELT). name labels reasons. Errors: I/O and PostgreSQL
// errors (rows committed before the error stay stored).
func (s *DB) ImportGDELT(ctx context.Context, r io.Reader, name string) (store.GDELTImport, error) {
	var st store.GDELTImport
	err := store.ReadGDELT(ctx, r, name, 10000, &st, func(recs []store.GDELTRecord) error {
		return s.inWriteTx(ctx, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `CREATE TEMP TABLE gdelt_import (LIKE gdelt_events INCLUDING DEFAULTS) ON COMMIT DROP`); err != nil {
				return err
			}
			rows := make([][]any, len(recs))
			for i, g := range recs {
				rows[i] = storesql.GDELTValues(g)
			}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"gdelt_import"}, storesql.GDELTColumns, &copyRows{rows: rows}); err != nil {
				return err
			}
			tag, err := tx.Exec(ctx, `INSERT INTO gdelt_events SELECT * FROM gdelt_import ON CONFLICT (global_event_id) DO NOTHING`)
			if err != nil {
				return err
			}
			n := int(tag.RowsAffected())
			st.Imported += n
			st.Duplicates += len(recs) - n
			return nil
		})
	})
	return st, err
}
