package main

import (
	"strings"
	"testing"
)

func TestRedactDSN(t *testing.T) {
	tests := []struct{ in, want string }{
		{"news.db", "news.db"},
		{"postgres://u:secret@h:5432/db", "postgres://u:xxxxx@h:5432/db"},
		{"postgres://u@h/db?password=secret&schema=x", "postgres://u@h/db?password=xxxxx&schema=x"},
		{"host=h user=u password=secret dbname=d", "host=h user=u password=xxxxx dbname=d"},
		{"host=h password='se cret' dbname=d", "host=h password=xxxxx dbname=d"},
		{"postgres://u:SECRET%PG@h/db", "postgres://…"},
	}
	for _, tt := range tests {
		got := redactDSN(tt.in)
		if got != tt.want {
			t.Errorf("redactDSN(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if strings.Contains(got, "secret") || strings.Contains(got, "SECRET") {
			t.Errorf("redactDSN(%q) leaks the password: %q", tt.in, got)
		}
	}
}

// TestScaleOutUsageErrors: mistakes with the queue and store flags are
// refused with a message, before anything is created.
func TestScaleOutUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"worker", "--queue-name", "X"}, "--db is required"},
		{[]string{"ingest", "--queue-name", "X", "a.txt"}, "--queue-name needs --queue"},
		{[]string{"ingest", "--queue", "nats://127.0.0.1:1", "--db", "x.db", "a.txt"}, "do not go together"},
		{[]string{"queue", "frob"}, `unknown subcommand "frob"`},
		{[]string{"queue", "delete"}, "add --yes"},
		{[]string{"stats", "--db", "postgres://u:SECRET%PG@127.0.0.1:1/db"}, "not a valid PostgreSQL URL"},
		{[]string{"stats", "--db", "postgres://u@127.0.0.1:1/db?schema=a;b"}, "bad query parameters"},
		{[]string{"stats", "--db", "postgres://u@127.0.0.1:1/db?schema=a&schema=b"}, "schema given 2 times"},
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(t, "", tt.args...)
		if code == 0 || !strings.Contains(stderr, tt.want) {
			t.Errorf("realign %s: exit %d, stderr %q; want an error with %q", strings.Join(tt.args, " "), code, stderr, tt.want)
		}
		if strings.Contains(stderr, "SECRET") {
			t.Errorf("realign %s leaks the password: %s", strings.Join(tt.args, " "), stderr)
		}
	}
}
