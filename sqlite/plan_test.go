package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/realign/realign/internal/storesql"
)

// queryPlan returns SQLite's EXPLAIN QUERY PLAN for q, one detail a line.
func queryPlan(t *testing.T, db *DB, q string, args ...any) string {
	t.Helper()
	rows, err := db.db.Query("EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatalf("explain %s: %v", q, err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		b.WriteString(detail + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestActorQueryPlans checks that the actor page's queries read the
// indexes of migration 0006 (and the actors_code index) instead of
// scanning mentions or quotations, and that a page of the newest events
// is read from the events_day index.
func TestActorQueryPlans(t *testing.T) {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "plan.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var args []any
	roles := queryPlan(t, db, storesql.RolesSQL(storesql.PrefixRange("m.code", "PAK", &args)), append(args, MaxRoleMentions)...)
	args = nil
	quotes := queryPlan(t, db, storesql.QuotesBySQL(storesql.PrefixRange("a.code", "PAK", &args))+" LIMIT 21", args...)
	args = nil
	actorsCond := storesql.PrefixRange("code", "PAK", &args)
	actors := queryPlan(t, db, `SELECT kb_id, code, name FROM actors WHERE `+actorsCond+` ORDER BY code, name LIMIT 50`, args...)
	newest := queryPlan(t, db, storesql.EventSelect+storesql.EventOrder(true)+" LIMIT 51")
	for _, c := range []struct{ name, plan, want string }{
		{"newest events", newest, "SCAN e USING INDEX events_day"},
		{"roles", roles, "SEARCH m USING COVERING INDEX mentions_code_role (code>? AND code<?)"},
		{"quotes", quotes, "SEARCH q USING INDEX quotations_speaker (speaker_actor=?)"},
		{"quotes", quotes, "SEARCH a USING INDEX actors_code (code>? AND code<?)"},
		{"actors", actors, "SEARCH actors USING INDEX actors_code (code>? AND code<?)"},
	} {
		t.Logf("%s:\n%s", c.name, c.plan)
		if !strings.Contains(c.plan, c.want) {
			t.Errorf("%s plan does not contain %q:\n%s", c.name, c.want, c.plan)
		}
	}
}
