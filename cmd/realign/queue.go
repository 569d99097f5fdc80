package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/realign/realign/queue"
)

func init() {
	register(command{"queue", "the distributed-ingest work queue: queue status (pending, in flight, done, failed) | queue delete", runQueue})
}

const queueUsage = "queue status [--queue nats://127.0.0.1:4222] [--queue-name REALIGN] [--format text|json]\n  realign queue delete --yes [--queue nats://127.0.0.1:4222] [--queue-name REALIGN]"

func runQueue(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "delete" {
		return runQueueDelete(ctx, e, args[1:])
	}
	if len(args) == 0 || args[0] != "status" {
		return usagef("queue: want a subcommand:\n  realign %s", queueUsage)
	}
	fs := newFlagSet("queue status", "queue status [--queue nats://127.0.0.1:4222] [--queue-name REALIGN] [--format text|json]", e)
	qf := addQueueFlags(fs, true)
	format := fs.String("format", "text", "output format: text or json")
	pos, err := fs.parse(args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("queue status: unexpected arguments %q", pos)
	}
	if *format != "text" && *format != "json" {
		return usagef("queue status: --format must be text or json, not %q", *format)
	}
	q, err := queue.Connect(ctx, qf.options(slog.New(slog.DiscardHandler), nil))
	if err != nil {
		return err
	}
	defer q.Close()
	st, err := q.Status(ctx)
	if err != nil {
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	}
	return writeQueueStatus(e.stdout, *qf.name, st)
}

func writeQueueStatus(w io.Writer, name string, st queue.Status) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "queue\t%s\n", name)
	fmt.Fprintf(tw, "pending\t%d\n", st.Pending)
	fmt.Fprintf(tw, "in flight\t%d\n", st.InFlight)
	fmt.Fprintf(tw, "done\t%d\n", st.Done)
	fmt.Fprintf(tw, "failed\t%d (parked)\n", st.Failed)
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(st.Parked) > 0 {
		fmt.Fprintln(w, "parked jobs (latest):")
		for _, p := range st.Parked {
			fmt.Fprintf(w, "  %s  %s: %s\n", p.Time.Format(time.DateTime), p.Source, strings.TrimSpace(p.Reason))
		}
	}
	return nil
}

func runQueueDelete(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("queue delete", "queue delete --yes [--queue nats://127.0.0.1:4222] [--queue-name REALIGN]", e)
	qf := addQueueFlags(fs, true)
	yes := fs.Bool("yes", false, "really delete the queue, with its pending jobs and parked records")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("queue delete: unexpected arguments %q", pos)
	}
	if !*yes {
		return usagef("queue delete: this drops the pending jobs and parked records of %s; add --yes to do it", *qf.name)
	}
	q, err := queue.Connect(ctx, qf.options(slog.New(slog.DiscardHandler), nil))
	if err != nil {
		return err
	}
	defer q.Close()
	if err := q.Delete(ctx); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "deleted queue %s\n", *qf.name)
	return nil
}
