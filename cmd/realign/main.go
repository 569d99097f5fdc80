// Command realign reads news about international politics and turns it
// into evidence-linked data: actors, quotations and coded events.
//
// Usage:
//
//	realign analyze [--format text|json] [--published YYYY-MM-DD] FILE|URL|-
//	realign version
//
// Run "realign help" for details.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// exit codes
const (
	exitOK          = 0
	exitError       = 1   // the command ran and failed (bad input, I/O)
	exitUsage       = 2   // the command line is wrong
	exitInterrupted = 130 // stopped by Ctrl-C or SIGTERM
)

// errUsage marks errors in the command line.
var errUsage = errors.New("usage")

type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }
func (e *usageError) Is(t error) bool {
	return t == errUsage
}

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// env is what a command needs from the process, injectable in tests.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	logger *slog.Logger
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// registry holds the commands; each command's file registers itself in an
// init function, so commands can be added without editing this file.
var registry []command

// register adds a command. It panics on a duplicate name (a programming
// error caught by any test run).
func register(c command) {
	for _, o := range registry {
		if o.name == c.name {
			panic("realign: command registered twice: " + c.name)
		}
	}
	registry = append(registry, c)
}

// commands returns the commands sorted by name.
func commands() []command {
	out := append([]command(nil), registry...)
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

func init() {
	register(command{"version", "print the version", func(_ context.Context, e *env, _ []string) error {
		_, err := fmt.Fprintln(e.stdout, "realign", version)
		return err
	}})
}

const mainUsage = `realign turns news about international politics into evidence-linked data:
actors with CAMEO codes, quotations with their speakers, and coded events.

Usage:
  realign <command> [flags] [arguments]

Commands:
%s
Run "realign <command> -h" for the flags of a command.
`

func printUsage(w io.Writer) {
	var b strings.Builder
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, mainUsage, b.String())
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes the command line args and returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr,
		logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	if len(args) == 0 {
		printUsage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "--help", "-help":
		if len(args) > 1 {
			for _, c := range commands() {
				if c.name == args[1] {
					return finish(e, c.run(ctx, e, append(args[2:], "-h")))
				}
			}
			fmt.Fprintf(stderr, "realign: help: unknown command %q%s\n\n", args[1], suggest(args[1]))
			printUsage(stderr)
			return exitUsage
		}
		printUsage(stdout)
		return exitOK
	case "--version", "-version":
		name = "version"
	}
	for _, c := range commands() {
		if c.name == name {
			return finish(e, c.run(ctx, e, args[1:]))
		}
	}
	fmt.Fprintf(stderr, "realign: unknown command %q%s\n\n", name, suggest(name))
	printUsage(stderr)
	return exitUsage
}

func finish(e *env, err error) int {
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errHelp):
		return exitOK
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(e.stderr, "realign: interrupted")
		return exitInterrupted
	case errors.Is(err, errUsage):
		fmt.Fprintf(e.stderr, "realign: %v\n", err)
		return exitUsage
	default:
		fmt.Fprintf(e.stderr, "realign: %v\n", err)
		return exitError
	}
}

// suggest returns ` (did you mean "x"?)` for the command closest to name
// when it is at most two edits away, else "".
func suggest(name string) string {
	best, bestD := "", 3
	for _, c := range commands() {
		if d := editDistance(name, c.name); d < bestD {
			best, bestD = c.name, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
