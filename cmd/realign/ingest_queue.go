package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/realign/realign/ingest"
	"github.com/realign/realign/queue"
)

// publishBatch is how many jobs `ingest --queue` hands to Publish at once.
const publishBatch = 64

// publishIngest reads the inputs as ingest does and publishes one job per
// item to the queue, for `realign worker` processes to analyse and store.
func publishIngest(ctx context.Context, e *env, qf *queueFlags, args []string, opts ingest.Options, progress string) error {
	logger := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	q, err := queue.Connect(ctx, qf.options(logger, nil))
	if err != nil {
		return err
	}
	defer q.Close()
	start := time.Now()
	var pending []queue.Job
	published, bytes := 0, 0
	last := start
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		// Jobs read are published even when interrupted, so that what the
		// summary counts is in the queue.
		if err := q.Publish(context.WithoutCancel(ctx), pending...); err != nil {
			return err
		}
		published += len(pending)
		pending = pending[:0]
		if progress != "none" && time.Since(last) >= 10*time.Second {
			last = time.Now()
			fmt.Fprintf(e.stderr, "%s ingest: %d jobs published, %.0f jobs/s\n", last.Format("15:04:05"), published, float64(published)/time.Since(start).Seconds())
		}
		return nil
	}
	var skipped []ingest.Item
	n, err := ingest.ReadItems(ctx, args, opts, func(it ingest.Item) error {
		if it.Skip != "" {
			// Not a document (unreadable file, malformed line): said
			// here, not queued for a worker to park.
			skipped = append(skipped, it)
			return nil
		}
		data, err := it.MarshalBinary()
		if err != nil {
			return err
		}
		bytes += len(data)
		pending = append(pending, queue.Job{ID: jobID(data), Source: it.Source, Data: data})
		if len(pending) >= publishBatch {
			return flush()
		}
		return nil
	})
	if ferr := flush(); ferr != nil && err == nil {
		err = ferr
	}
	interrupted := errors.Is(err, context.Canceled)
	if err != nil && !interrupted {
		return fmt.Errorf("ingest: %w", err)
	}
	secs := max(time.Since(start).Seconds(), 1e-9)
	head := "ingest summary (queued)"
	if interrupted {
		head += " (interrupted: the jobs published are queued; run the same command again to publish the rest — republished jobs are dropped as duplicates)"
	}
	u := queue.RedactURL(*qf.url)
	fmt.Fprintf(e.stdout, "%s\n  items read       %d\n  jobs published   %d (%.1f MB, %.0f jobs/s; a job published within the last hour is not queued again)\n  skipped          %d (not documents: not published)\n  queue            %s (%s)\n",
		head, n, published, float64(bytes)/1e6, float64(published)/secs, len(skipped), u, *qf.name)
	for i, it := range skipped {
		if i == 20 {
			fmt.Fprintf(e.stdout, "  … and %d more\n", len(skipped)-20)
			break
		}
		fmt.Fprintf(e.stdout, "  skipped %s: %s\n", it.Source, it.Skip)
	}
	fmt.Fprintf(e.stdout, "run workers to analyse and store them: realign worker --queue %s --queue-name %s --db postgres://…\n", u, *qf.name)
	if interrupted {
		return err
	}
	return nil
}

// jobID is the idempotency key of an item's job: the hash of its encoded
// form, so that publishing the same inputs twice queues each once (within
// the queue's duplicate window).
func jobID(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:16])
}
