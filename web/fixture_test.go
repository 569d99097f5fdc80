package web

import (
	"os"
	"testing"
)

// TestWriteFixtureDB writes the fixture database to $REALIGN_WEB_FIXTURE
// (for the browser test and manual checks); skipped when unset.
func TestWriteFixtureDB(t *testing.T) {
	path := os.Getenv("REALIGN_WEB_FIXTURE")
	if path == "" {
		t.Skip("REALIGN_WEB_FIXTURE not set")
	}
	db, _ := testDB(t)
	if _, err := db.SQL().Exec(`VACUUM INTO ?`, path); err != nil {
		t.Fatal(err)
	}
}
