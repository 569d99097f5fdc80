package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServeCommand starts realign serve on a free port over a stored
// database, reads the API and a page, checks that writes need the token
// from REALIGN_TOKEN, and stops it with the context.
func TestServeCommand(t *testing.T) {
	path := storeDB(t)
	t.Setenv("REALIGN_TOKEN", "envtok")
	addrc := make(chan string, 1)
	serveReady = func(a string) { addrc <- a }
	defer func() { serveReady = nil }()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: &stderr}
		done <- runServe(ctx, e, []string{"--db", path, "--addr", "127.0.0.1:0"})
	}()
	var addr string
	select {
	case addr = <-addrc:
	case err := <-done:
		t.Fatalf("serve ended early: %v\n%s", err, stderr.String())
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not start")
	}
	get := func(p string) (int, string) {
		resp, err := http.Get("http://" + addr + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/api/events?actor=PAK"); code != 200 || !strings.Contains(body, "PAKGOV") {
		t.Errorf("/api/events: %d %.300s", code, body)
	}
	if code, body := get("/"); code != 200 || !strings.Contains(body, "Recent events") {
		t.Errorf("/: %d", code)
	}
	post := func(tok string) int {
		req, _ := http.NewRequest("POST", "http://"+addr+"/api/analyze", strings.NewReader("Putin praised Pakistan."))
		req.Header.Set("Content-Type", "text/plain")
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if c := post(""); c != 401 {
		t.Errorf("POST without token: %d, want 401", c)
	}
	if c := post("envtok"); c != 200 {
		t.Errorf("POST with REALIGN_TOKEN: %d, want 200", c)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	log := stderr.String()
	if !strings.Contains(log, `"msg":"request"`) || !strings.Contains(log, `"path":"/api/events"`) || !strings.Contains(log, `"status":200`) {
		t.Errorf("no structured access log:\n%s", log)
	}
}

func TestServeUsage(t *testing.T) {
	code, _, errs := runCLI(t, "", "serve", "--db", "/nonexistent/x.db")
	if code != exitError || !strings.Contains(errs, "no such database") {
		t.Errorf("missing db: exit %d, %s", code, errs)
	}
	code, _, _ = runCLI(t, "", "serve", "extra")
	if code != exitUsage {
		t.Errorf("extra argument: exit %d", code)
	}
}

// TestServeUsageListsFlags checks that the usage line of `serve -h`
// names every flag the command defines.
func TestServeUsageListsFlags(t *testing.T) {
	code, out, _ := runCLI(t, "", "serve", "-h")
	if code != 0 {
		t.Fatalf("serve -h: exit %d", code)
	}
	usage, rest, _ := strings.Cut(out, "\n")
	flags := regexp.MustCompile(`(?m)^  -([a-z-]+)`).FindAllStringSubmatch(rest, -1)
	if len(flags) < 6 {
		t.Fatalf("serve -h lists %d flags:\n%s", len(flags), out)
	}
	for _, m := range flags {
		if !strings.Contains(usage, "[--"+m[1]+"]") && !strings.Contains(usage, "[--"+m[1]+" ") {
			t.Errorf("serve usage line %q lacks --%s", usage, m[1])
		}
	}
}
