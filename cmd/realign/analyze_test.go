package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/realign/realign/report"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

const sharedDir = "../../../shared"

// sharedFile returns the path of a file under ../shared, skipping the test
// when the shared data set is not present.
func sharedFile(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(sharedDir, rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared data %s not present (%v): skipping; it lives beside the repository in ../shared", rel, err)
	}
	return p
}

// runCLI runs the command line and returns exit code, stdout and stderr.
func runCLI(t testing.TB, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func analyzeJSON(t testing.TB, args ...string) *report.Analysis {
	t.Helper()
	code, out, errs := runCLI(t, "", append([]string{"analyze", "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("realign analyze %v: exit %d: %s", args, code, errs)
	}
	var a report.Analysis
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	return &a
}

func TestGoldenExample(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			code, out, errs := runCLI(t, "", "analyze", "--format", format, "../../examples/sochi-talks.txt")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			golden := filepath.Join("testdata", "sochi-talks."+format+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/realign -update to create it)", err)
			}
			if out != string(want) {
				t.Errorf("output differs from %s; review with: go test ./cmd/realign -run TestGoldenExample -update && git diff", golden)
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{nil, exitUsage, "Usage"},
		{[]string{"frobnicate"}, exitUsage, "unknown command"},
		{[]string{"analyze"}, exitUsage, "want exactly one"},
		{[]string{"analyze", "--format", "xml", "x.txt"}, exitUsage, "--format must be text or json"},
		{[]string{"analyze", "--published", "14/06/2019", "x.txt"}, exitUsage, "not a date"},
		{[]string{"analyze", "--nope", "x.txt"}, exitUsage, "flag provided but not defined"},
		{[]string{"analyse", "x.txt"}, exitUsage, `did you mean "analyze"?`},
		{[]string{"help", "bogus"}, exitUsage, `unknown command "bogus"`},
		{[]string{"analyze", "--timeout", "0s", "x.txt"}, exitUsage, "--timeout must be positive"},
		{[]string{"analyze", "--max-bytes", "-1", "x.txt"}, exitUsage, "--max-bytes must be positive"},
	}
	for _, tt := range tests {
		code, _, errs := runCLI(t, "", tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.msg) {
			t.Errorf("realign %v: exit %d, stderr %q; want exit %d and %q", tt.args, code, errs, tt.code, tt.msg)
		}
	}
	if code, out, _ := runCLI(t, "", "help"); code != 0 || !strings.Contains(out, "analyze") {
		t.Errorf("realign help: exit %d, %q", code, out)
	}
}

func TestHelpGoesToStdout(t *testing.T) {
	for _, args := range [][]string{{"analyze", "-h"}, {"help", "analyze"}, {"analyze", "--help"}, {"help", "eval"}, {"eval", "-h"}} {
		code, out, errs := runCLI(t, "", args...)
		if code != 0 || !strings.Contains(out, "Usage") || errs != "" {
			t.Errorf("realign %v: exit %d, stdout %q, stderr %q; want usage with flags on stdout", args, code, out, errs)
		}
	}
}

func TestInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	code := run(ctx, []string{"analyze", "../../examples/sochi-talks.txt"}, strings.NewReader(""), &out, &errb)
	if code != exitInterrupted || !strings.Contains(errb.String(), "interrupted") {
		t.Errorf("cancelled analyze: exit %d, stderr %q; want %d and \"interrupted\"", code, errb.String(), exitInterrupted)
	}
}

func TestTooLargeNamesTheFlag(t *testing.T) {
	code, _, errs := runCLI(t, "", "analyze", "--max-bytes", "100", "../../examples/sochi-talks.txt")
	if code != exitError || !strings.Contains(errs, "--max-bytes") || !strings.Contains(errs, "sochi-talks.txt") {
		t.Errorf("exit %d, stderr %q; want an error naming the file and --max-bytes", code, errs)
	}
}

func TestFlagsAfterArgument(t *testing.T) {
	a := analyzeJSON(t, "../../examples/sochi-talks.txt", "--published", "2023-09-05")
	if a.Document.Published == nil || *a.Document.Published != "2023-09-05" {
		t.Errorf("published = %v, want 2023-09-05 from --published after the file", a.Document.Published)
	}
}

func TestStdin(t *testing.T) {
	text := "Talks in Doha\n\nQatar's foreign minister met Iranian officials in Doha on Monday.\n"
	code, out, errs := runCLI(t, text, "analyze", "--format", "json", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var a report.Analysis
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	if a.Document.Title != "Talks in Doha" {
		t.Errorf("title = %q", a.Document.Title)
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	big := filepath.Join(dir, "big.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	line := bytes.Repeat([]byte("The minister met the ambassador in the capital. "), 20)
	line = append(line, '\n', '\n')
	for n := 0; n < 50<<20; n += len(line) {
		if _, err := f.Write(line); err != nil {
			t.Fatal(err)
		}
	}
	f.Close()
	srv := httptest.NewServer(nil)
	deadURL := srv.URL + "/article"
	srv.Close()

	tests := []struct {
		name, input, want string
	}{
		{"empty", write("empty.txt", nil), "empty"},
		{"blank", write("blank.txt", []byte(" \n\n\t\n")), "white space"},
		{"binary", write("binary.bin", []byte{0x89, 'P', 'N', 'G', 0, 0, 0, 0x0d, 1, 2, 3, 0, 0xff, 0xfe}), "binary"},
		{"invalid utf-8", write("latin1.txt", []byte("Caf\xe9 talks in Paris\n\nThe minister said the caf\xe9 was closed.\n")), "UTF-8"},
		{"50 MB", big, "too large"},
		{"missing", filepath.Join(dir, "nope.txt"), "nope.txt"},
		{"directory", dir, "directory"},
		{"unreachable URL", deadURL, "127.0.0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, "", "analyze", tt.input)
			if code != exitError {
				t.Errorf("exit %d, want %d (stdout %q)", code, exitError, out)
			}
			if !strings.Contains(errs, tt.input) && !strings.Contains(errs, filepath.Base(tt.input)) {
				t.Errorf("error %q does not name the input %q", errs, tt.input)
			}
			if !strings.Contains(strings.ToLower(errs), strings.ToLower(tt.want)) {
				t.Errorf("error %q does not say %q", errs, tt.want)
			}
			if strings.Contains(errs, "panic") || strings.Contains(errs, "goroutine") {
				t.Errorf("error output looks like a panic: %q", errs)
			}
		})
	}
}
