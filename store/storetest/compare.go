package storetest

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/realign/realign"
	"github.com/realign/realign/analytics"
	"github.com/realign/realign/store"
)

// Equal saves the same documents (the articles, a synthetic corpus, wire
// copies of some of them) in the same batches into a store of each
// backend and imports the GDELT fixture into both, then checks that
// every read gives the same answer: events under every filter of the
// suite, clusters, documents, actors, quotations, roles, counts, cells,
// shift cells, coarse counts, day ranges, outlets and evidence. (Of the
// articles, only khan-putin is long enough for near-duplicates.) Only
// what is not the backends' to agree on is left out: when a cluster's
// first document was stored (Cluster.Added), and the search ranks and
// snippets (the same documents must be found).
func Equal(t *testing.T, openA, openB Opener) {
	ctx := context.Background()
	as, by := Articles(t)
	syn := Synthetic(250, 11)
	var copies []*realign.Analysis
	for _, wire := range []string{"Wire", "Press", "AP"} {
		copies = append(copies, wireCopy(t, by["khan-putin"], wire))
	}
	batches := [][]*realign.Analysis{as[:3], append(append([]*realign.Analysis(nil), as[3:]...), copies[0]), syn[:100], syn[100:], copies[1:]}
	a, b := openA(t), openB(t)
	for _, db := range []store.Backend{a, b} {
		for _, batch := range batches {
			save(t, db, batch, record(batch[0], realign.IngestStored))
		}
		if _, err := db.ImportGDELT(ctx, strings.NewReader(gdeltTSV), "fixture.tsv"); err != nil {
			t.Fatal(err)
		}
	}
	same := func(what string, x, y any, err ...error) {
		t.Helper()
		for _, e := range err {
			if e != nil {
				t.Fatalf("%s: %v", what, e)
			}
		}
		if d := cmp.Diff(x, y, approx, cmpopts.EquateEmpty(), cmpopts.IgnoreFields(store.Cluster{}, "Added")); d != "" {
			t.Errorf("%s differs (-first +second):\n%s", what, d)
		}
	}
	sa, errA := a.Stats(ctx)
	sb, errB := b.Stats(ctx)
	sa.SchemaVersion, sb.SchemaVersion = 0, 0
	same("stats", sa, sb, errA, errB)
	if sa.NearDuplicates != int64(len(copies)) || sa.Events == 0 || sa.GDELTEvents == 0 {
		t.Errorf("stats %+v: want %d near-duplicates, events and GDELT events", sa, len(copies))
	}
	for _, tt := range filters {
		ea, errA := a.Events(ctx, tt.f)
		eb, errB := b.Events(ctx, tt.f)
		same("events "+tt.name, ea, eb, errA, errB)
		same("clusters "+tt.name, clusters(t, a, tt.f), clusters(t, b, tt.f))
		if tt.f.Text == "" {
			ga, gb := gdeltEvents(t, a, tt.f), gdeltEvents(t, b, tt.f)
			same("GDELT events "+tt.name, ga, gb)
		}
	}
	da, errA := a.Documents(ctx, 0, 0)
	db, errB := b.Documents(ctx, 0, 0)
	same("documents", da, db, errA, errB)
	for _, d := range da {
		xa, errA := a.Document(ctx, d.ID)
		xb, errB := b.Document(ctx, d.ID)
		same("document "+d.ID, xa, xb, errA, errB)
	}
	for _, p := range []string{"", "PAK", "US"} {
		aa, errA := a.ActorsByCode(ctx, p, 0)
		ab, errB := b.ActorsByCode(ctx, p, 0)
		same("actors "+p, aa, ab, errA, errB)
		qa, errA := a.QuotesBy(ctx, p, 0, 0)
		qb, errB := b.QuotesBy(ctx, p, 0, 0)
		same("quotes "+p, qa, qb, errA, errB)
		ra, errA := a.Roles(ctx, p)
		rb, errB := b.Roles(ctx, p)
		same("roles "+p, ra, rb, errA, errB)
	}
	for _, q := range []string{"ceasefire", "Putin Bishkek", "synthetic", "agree"} {
		ha, errA := a.Search(ctx, q, 500)
		hb, errB := b.Search(ctx, q, 500)
		same("search hits "+q, hitIDs(ha), hitIDs(hb), errA, errB)
	}
	since := time.Date(2018, 4, 9, 0, 0, 0, 0, time.UTC)
	until := time.Date(2019, 5, 20, 0, 0, 0, 0, time.UTC)
	for _, src := range []string{store.SourceCoded, store.SourceGDELT, store.SourceAll} {
		for _, w := range []analytics.Window{analytics.Day, analytics.Week, analytics.Month, analytics.Quarter} {
			for _, q := range []store.CellQuery{
				{Source: src, Window: w},
				{Source: src, Window: w, Since: since, Until: until},
				{Source: src, Window: w, A: "USA", B: "CHN"},
				{Source: src, Window: w, States: []string{"PAK", "RUS"}},
			} {
				ca, errA := a.Cells(ctx, q)
				cb, errB := b.Cells(ctx, q)
				same("cells "+describe(q), ca, cb, errA, errB)
				na, errA := a.Coarse(ctx, q, true)
				nb, errB := b.Coarse(ctx, q, true)
				same("coarse "+describe(q), na, nb, errA, errB)
				if q.A != "" {
					oa, errA := a.DyadOutlets(ctx, q, w, false)
					ob, errB := b.DyadOutlets(ctx, q, w, false)
					same("dyad outlets "+describe(q), oa, ob, errA, errB)
				}
			}
			opt := analytics.ShiftOptions{BaselineFrom: analytics.DayOf(since), Since: analytics.DayOf(until) - 90, Until: analytics.DayOf(until), Window: w}
			sa, errA := a.ShiftCells(ctx, store.CellQuery{Source: src}, opt)
			sb, errB := b.ShiftCells(ctx, store.CellQuery{Source: src}, opt)
			same("shift cells "+src+" "+w.String(), sa, sb, errA, errB)
		}
		fa, la, oka, errA := a.DayRange(ctx, src)
		fb, lb, okb, errB := b.DayRange(ctx, src)
		same("day range "+src, []any{fa, la, oka}, []any{fb, lb, okb}, errA, errB)
		for _, sign := range []int{-1, 0, 1} {
			q := store.CellQuery{Source: src, A: "RUS", B: "UKR"}
			xa, errA := a.EvidenceRows(ctx, q, sign, 0)
			xb, errB := b.EvidenceRows(ctx, q, sign, 0)
			same("evidence "+src, xa, xb, errA, errB)
		}
	}
	for _, db := range []store.Backend{a, b} {
		if err := db.IntegrityCheck(ctx); err != nil {
			t.Error(err)
		}
	}
}

func gdeltEvents(t *testing.T, db store.Backend, f store.EventFilter) []store.Event {
	var out []store.Event
	if err := db.EachGDELTEvent(context.Background(), f, func(e store.Event) error {
		out = append(out, e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func hitIDs(hs []store.SearchHit) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.ID)
	}
	sort.Strings(out)
	return out
}

func describe(q store.CellQuery) string {
	s := q.Source + " " + q.Window.String()
	if !q.Since.IsZero() {
		s += " bounded"
	}
	if q.A != "" {
		s += " " + q.A + "-" + q.B
	}
	if len(q.States) > 0 {
		s += " states " + strings.Join(q.States, ",")
	}
	return s
}
