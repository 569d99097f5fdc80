package queue

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/nats-io/nats.go/jetstream"
)

// RequeueStats reports what Requeue did.
type RequeueStats struct {
	// Requeued jobs are back on the jobs stream with their delivery
	// count reset.
	Requeued int `json:"requeued"`
	// Lost jobs had a payload too large to keep inline and no object
	// (parked before payload objects were kept); their records are left.
	Lost int `json:"lost"`
}

// Requeue puts the parked jobs back on the queue, for workers to try
// again (after the cause, e.g. a store outage, is fixed), and removes
// their parked records. A requeued job gets a new job ID (its old ID with
// "/requeue/" and the parked record's sequence appended), so that the
// duplicate window does not drop it. Payloads kept in the object store
// are reused. At most limit jobs are requeued (0: all).
func (q *Queue) Requeue(ctx context.Context, limit int) (RequeueStats, error) {
	var rs RequeueStats
	parked, err := q.js.Stream(ctx, q.parkedStream)
	if err != nil {
		return rs, fmt.Errorf("stream %s: %w", q.parkedStream, err)
	}
	st := parked.CachedInfo().State
	for seq := st.FirstSeq; seq <= st.LastSeq && seq > 0; seq++ {
		if limit > 0 && rs.Requeued >= limit {
			break
		}
		m, err := parked.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			return rs, fmt.Errorf("read parked job %d: %w", seq, err)
		}
		if m.Header.Get(hdrPayloadDropped) == "true" {
			rs.Lost++
			continue
		}
		msg := q.jobMsg(m.Header.Get(hdrJobID)+"/requeue/"+strconv.FormatUint(seq, 10), m.Header.Get(hdrSource),
			m.Header.Get(hdrRef), m.Data)
		if _, err := q.js.PublishMsg(ctx, msg); err != nil {
			return rs, fmt.Errorf("requeue %s: %w", m.Header.Get(hdrSource), err)
		}
		if err := parked.DeleteMsg(ctx, seq); err != nil {
			return rs, fmt.Errorf("requeue %s: remove parked record: %w", m.Header.Get(hdrSource), err)
		}
		rs.Requeued++
	}
	return rs, nil
}
