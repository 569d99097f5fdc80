package queue

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Status is a snapshot of the queue, counted in jobs. Its JSON form is
// the output of `realign queue status --format json`.
type Status struct {
	// Pending: stored and not delivered to any worker.
	Pending uint64 `json:"pending"`
	// InFlight: delivered and not yet acknowledged, including jobs waiting
	// out a retry delay and jobs held by a dead worker until AckWait.
	InFlight uint64 `json:"in_flight"`
	// Done: acknowledged as done, since the stream was created.
	Done uint64 `json:"done"`
	// Failed: parked now (Requeue puts parked jobs back).
	Failed uint64 `json:"failed"`
	// Parked: the most recently parked jobs, newest first (at most 10).
	Parked []Parked `json:"parked"`
	// Workers: running workers (heartbeat seen within the last 30s).
	Workers int `json:"workers"`
}

// Parked describes a parked job.
type Parked struct {
	ID     string `json:"id"`
	Source string `json:"source"`
	Reason string `json:"reason"`
	// Deliveries: how many times the job had been delivered when parked.
	Deliveries int       `json:"deliveries"`
	Worker     string    `json:"worker"`
	Time       time.Time `json:"time"`
}

const statusParked = 10

// Status reports the queue's counts. Done is derived from the job stream's
// sequence numbers (every job ever stored, less those still stored, less
// those parked), so it needs no write per job; it drifts if a stream is
// purged or deleted by hand.
func (q *Queue) Status(ctx context.Context) (Status, error) {
	var st Status
	jobs, err := q.js.Stream(ctx, q.jobsStream)
	if err != nil {
		return st, fmt.Errorf("stream %s: %w", q.jobsStream, err)
	}
	parked, err := q.js.Stream(ctx, q.parkedStream)
	if err != nil {
		return st, fmt.Errorf("stream %s: %w", q.parkedStream, err)
	}
	js, ps := jobs.CachedInfo().State, parked.CachedInfo().State

	var ackPending uint64
	c, err := q.js.Consumer(ctx, q.jobsStream, consumerName)
	switch {
	case errors.Is(err, jetstream.ErrConsumerNotFound):
	case err != nil:
		return st, fmt.Errorf("consumer %s: %w", consumerName, err)
	default:
		ackPending = uint64(max(c.CachedInfo().NumAckPending, 0))
	}
	st.InFlight = min(ackPending, js.Msgs)
	st.Pending = js.Msgs - st.InFlight
	// Every job removed from the jobs stream was done or parked (ever:
	// the parked stream's last sequence); Failed is what is parked now
	// (Requeue takes jobs out).
	st.Failed = ps.Msgs
	if removed := js.LastSeq - js.Msgs; removed > ps.LastSeq {
		st.Done = removed - ps.LastSeq
	}

	for seq := ps.LastSeq; seq >= ps.FirstSeq && seq > 0 && len(st.Parked) < statusParked; seq-- {
		m, err := parked.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			return st, fmt.Errorf("parked job %d: %w", seq, err)
		}
		p := Parked{
			ID:     m.Header.Get(hdrJobID),
			Source: m.Header.Get(hdrSource),
			Reason: m.Header.Get(hdrReason),
			Worker: m.Header.Get(hdrWorker),
			Time:   m.Time,
		}
		p.Deliveries, _ = strconv.Atoi(m.Header.Get(hdrDeliveries))
		if t, err := time.Parse(time.RFC3339Nano, m.Header.Get(hdrParkedAt)); err == nil {
			p.Time = t
		}
		st.Parked = append(st.Parked, p)
	}

	keys, err := q.kv.Keys(ctx)
	switch {
	case errors.Is(err, jetstream.ErrNoKeysFound):
	case err != nil:
		return st, fmt.Errorf("workers: %w", err)
	default:
		st.Workers = len(keys)
	}
	return st, nil
}

// empty reports whether the job stream holds no job at all.
func (q *Queue) empty(ctx context.Context) (bool, error) {
	s, err := q.js.Stream(ctx, q.jobsStream)
	if err != nil {
		return false, fmt.Errorf("stream %s: %w", q.jobsStream, err)
	}
	return s.CachedInfo().State.Msgs == 0, nil
}
