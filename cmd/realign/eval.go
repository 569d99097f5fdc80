package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// evalRegistry holds the "realign eval" subcommands (quotes, events, kb …);
// each registers itself in an init function.
var evalRegistry []command

func registerEval(c command) {
	for _, o := range evalRegistry {
		if o.name == c.name {
			panic("realign: eval subcommand registered twice: " + c.name)
		}
	}
	evalRegistry = append(evalRegistry, c)
}

func init() {
	register(command{"eval", "score realign against gold sets (run \"realign eval\" for the list)", runEval})
}

func runEval(ctx context.Context, e *env, args []string) error {
	subs := append([]command(nil), evalRegistry...)
	sort.Slice(subs, func(i, j int) bool { return subs[i].name < subs[j].name })
	var list strings.Builder
	for _, c := range subs {
		fmt.Fprintf(&list, "  %-10s %s\n", c.name, c.summary)
	}
	if len(args) == 0 {
		fmt.Fprintf(e.stderr, "Usage: realign eval <set> [flags]\n\nSets:\n%s", list.String())
		return usagef("eval: name a gold set")
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "-help" || args[0] == "help" {
		fmt.Fprintf(e.stdout, "Usage: realign eval <set> [flags]\n\nSets:\n%s\nRun \"realign eval <set> -h\" for a set's flags.\n", list.String())
		return errHelp
	}
	for _, c := range subs {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	return usagef("eval: unknown set %q; sets:\n%s", args[0], strings.TrimRight(list.String(), "\n"))
}
