package sqlite_test

import (
	"testing"

	"github.com/realign/realign/store/storetest"
)

func TestStoreSuite(t *testing.T) { storetest.Run(t, storetest.SQLite) }
