package queue

import (
	"context"
	"fmt"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Publish puts jobs on the queue and returns once the server has stored them
// all (or dropped them as duplicates: a job whose ID was published within the
// dedup window). Payloads larger than [Queue.InlineMax] are first put in the
// object store. Up to 256 publishes are outstanding at a time. The error names
// the source of the first job that failed; jobs before it may be stored.
func (q *Queue) Publish(ctx context.Context, jobs ...Job) error {
	type pending struct {
		fut jetstream.PubAckFuture
		job *Job
		ref string
	}
	var ring [publishWindow]pending // outstanding publishes, oldest at head
	head, n := 0, 0
	wait := func(p pending) error {
		select {
		case ack := <-p.fut.Ok():
			if ack.Duplicate {
				q.m.publish("duplicate")
				if p.ref != "" { // the first copy carries its own payload
					q.deleteObject(ctx, p.ref)
				}
			} else {
				q.m.publish("new")
			}
			return nil
		case err := <-p.fut.Err():
			if p.ref != "" {
				q.deleteObject(ctx, p.ref)
			}
			return fmt.Errorf("publish %s: %w", p.job.Source, err)
		case <-ctx.Done():
			return fmt.Errorf("publish %s: %w", p.job.Source, ctx.Err())
		}
	}
	waitOldest := func() error {
		p := ring[head]
		ring[head] = pending{}
		head = (head + 1) % publishWindow
		n--
		return wait(p)
	}
	flush := func() error {
		var first error
		for n > 0 {
			if err := waitOldest(); err != nil && first == nil {
				first = err
			}
		}
		return first
	}
	for i := range jobs {
		j := &jobs[i]
		if j.ID == "" {
			return fmt.Errorf("publish %s: empty job id", j.Source)
		}
		var ref string
		if len(j.Data) > q.inlineMax {
			ref = j.ID + "." + randomSuffix()
			if _, err := q.obj.PutBytes(ctx, ref, j.Data); err != nil {
				return fmt.Errorf("publish %s: store payload: %w", j.Source, err)
			}
		}
		msg := q.jobMsg(j.ID, j.Source, ref, j.Data)
		fut, err := q.js.PublishMsgAsync(msg)
		if err != nil {
			if ref != "" {
				q.deleteObject(ctx, ref)
			}
			if ferr := flush(); ferr != nil {
				return ferr
			}
			return fmt.Errorf("publish %s: %w", j.Source, err)
		}
		ring[(head+n)%publishWindow] = pending{fut, j, ref}
		n++
		if n == publishWindow {
			if err := waitOldest(); err != nil {
				if ferr := flush(); ferr != nil {
					q.log.Debug("publish after error", "err", ferr)
				}
				return err
			}
		}
	}
	return flush()
}

// jobMsg is the message of a job on the jobs subject: its ID (the
// idempotency key), source and either its payload object ref or, when
// ref is "", its data inline.
func (q *Queue) jobMsg(id, source, ref string, data []byte) *nats.Msg {
	msg := nats.NewMsg(q.jobsSubject)
	msg.Header.Set(jetstream.MsgIDHeader, id)
	if source != "" {
		msg.Header.Set(hdrSource, cleanHeader(source, maxHeaderValue))
	}
	if ref != "" {
		msg.Header.Set(hdrRef, ref)
	} else {
		msg.Data = data
	}
	return msg
}

// deleteObject removes a payload; a failure leaves an orphan, which is logged.
func (q *Queue) deleteObject(ctx context.Context, name string) {
	if err := q.obj.Delete(context.WithoutCancel(ctx), name); err != nil {
		q.log.Warn("delete payload object", "object", name, "err", err)
	}
}
