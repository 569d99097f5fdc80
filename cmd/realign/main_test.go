package main

import (
	"os"
	"testing"
)

// TestMain lets tests start the realign binary as separate processes
// (the distributed-ingest test's workers): with REALIGN_TEST_MAIN=1 the
// test binary runs main instead of the tests.
func TestMain(m *testing.M) {
	if os.Getenv("REALIGN_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}
