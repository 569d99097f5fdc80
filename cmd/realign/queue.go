package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/realign/realign/queue"
)

func init() {
	register(command{"queue", "the distributed-ingest work queue: queue status | requeue | delete", runQueue})
}

const queueUsage = `queue status  [--queue nats://127.0.0.1:4222] [--queue-name REALIGN] [--format text|json]
  realign queue requeue [--queue …] [--queue-name …] [--limit N]   put parked jobs back (after fixing their cause)
  realign queue delete --yes [--queue …] [--queue-name …]           drop the queue, its pending jobs and parked records`

func runQueue(ctx context.Context, e *env, args []string) error {
	sub := ""
	if len(args) > 0 {
		sub, args = args[0], args[1:]
	}
	switch sub {
	case "status":
		return runQueueStatus(ctx, e, args)
	case "requeue":
		return runQueueRequeue(ctx, e, args)
	case "delete":
		return runQueueDelete(ctx, e, args)
	case "-h", "-help", "--help", "help":
		fmt.Fprintf(e.stdout, "Usage: realign %s\n", queueUsage)
		return nil
	}
	if sub != "" {
		return usagef("queue: unknown subcommand %q; want one of:\n  realign %s", sub, queueUsage)
	}
	return usagef("queue: want a subcommand:\n  realign %s", queueUsage)
}

func openQueue(ctx context.Context, qf *queueFlags) (*queue.Queue, error) {
	if *qf.name == "" {
		return nil, usagef("--queue-name must not be empty")
	}
	o := qf.options(slog.New(slog.DiscardHandler), nil)
	o.MustExist = true // a misspelt name is an error, not a new queue
	q, err := queue.Connect(ctx, o)
	if errors.Is(err, queue.ErrNotExist) {
		return nil, fmt.Errorf("%w (publish with \"realign ingest --queue %s --queue-name %s\", or check --queue-name)", err, queue.RedactURL(*qf.url), *qf.name)
	}
	return q, err
}

func runQueueStatus(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("queue status", "queue status [--queue nats://127.0.0.1:4222] [--queue-name REALIGN] [--format text|json]", e)
	qf := addQueueFlags(fs, true)
	format := fs.String("format", "text", "output format: text or json")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("queue status: unexpected arguments %q", pos)
	}
	if *format != "text" && *format != "json" {
		return usagef("queue status: --format must be text or json, not %q", *format)
	}
	q, err := openQueue(ctx, qf)
	if err != nil {
		return err
	}
	defer q.Close()
	st, err := q.Status(ctx)
	if err != nil {
		return err
	}
	if st.Parked == nil {
		st.Parked = []queue.Parked{}
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	}
	return writeQueueStatus(e.stdout, *qf.name, st)
}

func runQueueRequeue(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("queue requeue", "queue requeue [--queue nats://127.0.0.1:4222] [--queue-name REALIGN] [--limit N]", e)
	qf := addQueueFlags(fs, true)
	limit := fs.Int("limit", 0, "requeue at most this many parked jobs, oldest first (0: all)")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("queue requeue: unexpected arguments %q", pos)
	}
	if *limit < 0 {
		return usagef("queue requeue: --limit must not be negative, not %d", *limit)
	}
	q, err := openQueue(ctx, qf)
	if err != nil {
		return err
	}
	defer q.Close()
	rs, err := q.Requeue(ctx, *limit)
	fmt.Fprintf(e.stdout, "requeued %d parked jobs of %s", rs.Requeued, *qf.name)
	if rs.Lost > 0 {
		fmt.Fprintf(e.stdout, "; %d left parked: their payload was not kept", rs.Lost)
	}
	fmt.Fprintln(e.stdout)
	return err
}

func writeQueueStatus(w io.Writer, name string, st queue.Status) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "queue\t%s\n", name)
	fmt.Fprintf(tw, "pending\t%d\n", st.Pending)
	fmt.Fprintf(tw, "in flight\t%d\n", st.InFlight)
	fmt.Fprintf(tw, "done\t%d\n", st.Done)
	fmt.Fprintf(tw, "failed\t%d (parked; realign queue requeue puts them back)\n", st.Failed)
	fmt.Fprintf(tw, "workers\t%d (heartbeat within 30 s)\n", st.Workers)
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(st.Parked) > 0 {
		fmt.Fprintln(w, "parked jobs (latest):")
		for _, p := range st.Parked {
			fmt.Fprintf(w, "  %s  %s (worker %s, %d deliveries): %s\n", p.Time.Format(time.DateTime), p.Source, p.Worker, p.Deliveries,
				strings.Join(strings.Fields(p.Reason), " "))
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
		return usagef("queue delete: this drops the pending jobs and parked records of %s; add --yes to do it (stop its workers first)", *qf.name)
	}
	q, err := openQueue(ctx, qf)
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
