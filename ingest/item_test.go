package ingest

import (
	"context"
	"errors"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/realign/realign"
)

func TestItemBinaryRoundTrip(t *testing.T) {
	pub := time.Date(2019, 6, 14, 9, 0, 0, 0, time.UTC)
	tests := []Item{
		{Source: "a.txt", Raw: []byte("Khan met Putin.\n\nSecond paragraph.")},
		{Source: "feed.rss#3", Raw: []byte("text\nwith {\"json\"} and newlines\n"), Title: "T", URL: "https://x.example/a", Site: "X", Published: pub},
		{Source: "https://x.example/b", FetchURL: "https://x.example/b"},
		{Source: "bad.bin", Skip: "binary file"},
		{Source: "w.warc#1", Raw: []byte{}, Fallback: pub},
	}
	for _, want := range tests {
		data, err := want.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var got Item
		if err := got.UnmarshalBinary(data); err != nil {
			t.Fatalf("%s: %v", want.Source, err)
		}
		if len(want.Raw) == 0 {
			want.Raw = nil
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: round trip (-want +got):\n%s", want.Source, diff)
		}
	}
	var it Item
	for _, bad := range []string{"", "no newline", "{not json\nraw"} {
		if err := it.UnmarshalBinary([]byte(bad)); err == nil {
			t.Errorf("UnmarshalBinary(%q): no error", bad)
		}
	}
}

// TestProcessMatchesRun checks that items read with ReadItems and stored
// with Process, a few at a time as a queue worker would, give the same
// documents and outcomes as Run over the same inputs.
func TestProcessMatchesRun(t *testing.T) {
	inputs := []string{"testdata/stories.jsonl", "testdata/feed.rss", "testdata/article.txt", "testdata/page.html", "testdata/nope.txt"}
	ctx := context.Background()

	direct := newMem()
	run(t, direct, testOptions(t), inputs...)

	var items []Item
	n, err := ReadItems(ctx, inputs, testOptions(t), func(it Item) error {
		items = append(items, it)
		return nil
	})
	if err != nil || n != len(items) || n == 0 {
		t.Fatalf("ReadItems: n=%d items=%d err=%v", n, len(items), err)
	}
	queued := newMem()
	var outcomes []Outcome
	for i := 0; i < len(items); i += 2 {
		batch := items[i:min(i+2, len(items))]
		out, _, err := Process(ctx, queued, batch, testOptions(t))
		if err != nil {
			t.Fatalf("Process: %v", err)
		}
		if len(out) != len(batch) {
			t.Fatalf("Process: %d outcomes for %d items", len(out), len(batch))
		}
		outcomes = append(outcomes, out...)
	}
	if diff := cmp.Diff(ids(direct), ids(queued)); diff != "" {
		t.Errorf("stored documents differ (-Run +Process):\n%s", diff)
	}
	if diff := cmp.Diff(direct.logOf(), queued.logOf()); diff != "" {
		t.Errorf("ingest log differs (-Run +Process):\n%s", diff)
	}
	stored := 0
	for i, o := range outcomes {
		if o.Status == "" {
			t.Errorf("item %s: no outcome", items[i].Source)
		}
		if o.Status == realign.IngestStored {
			stored++
		}
	}
	if stored == 0 {
		t.Error("no item stored")
	}

	// Processing the same items again stores nothing new.
	out, _, err := Process(ctx, queued, items, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range out {
		if o.Status == realign.IngestStored {
			t.Errorf("item %s stored twice", items[i].Source)
		}
	}
}

func TestProcessStoreError(t *testing.T) {
	m := newMem()
	m.failAfter, m.saves = 1, 1 // every save fails
	items := []Item{{Source: "a.txt", Raw: []byte("Prime Minister Imran Khan met President Vladimir Putin in Bishkek on Thursday.")}}
	_, _, err := Process(context.Background(), m, items, testOptions(t))
	if err == nil {
		t.Fatal("Process: no error from a failing store")
	}
	if len(m.docs) != 0 {
		t.Errorf("%d documents stored by a failing store", len(m.docs))
	}
}

func TestReadItemsStopsOnError(t *testing.T) {
	stop := errors.New("stop")
	n, err := ReadItems(context.Background(), []string{"testdata/stories.jsonl"}, Options{}, func(Item) error { return stop })
	if !errors.Is(err, stop) || n != 0 {
		t.Errorf("ReadItems = %d, %v; want 0, stop", n, err)
	}
}

func ids(m *memStore) []string {
	var out []string
	for id := range m.docs {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// TestDefaultPublished: Options.Published dates the items that give no
// date of their own (a plain text file) and leaves dated ones (a JSON
// line with "published") alone.
func TestDefaultPublished(t *testing.T) {
	def := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	got := map[string]time.Time{}
	_, err := ReadItems(context.Background(), []string{"testdata/article.txt", "testdata/stories.jsonl"}, Options{Published: def},
		func(it Item) error {
			d := it.Published
			if d.IsZero() {
				d = it.Fallback
			}
			got[it.Source] = d
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if d := got["testdata/article.txt"]; !d.Equal(def) {
		t.Errorf("plain text file dated %v, want the default %v", d, def)
	}
	dated := 0
	for src, d := range got {
		if src != "testdata/article.txt" && !d.IsZero() && !d.Equal(def) {
			dated++
		}
	}
	if dated == 0 {
		t.Errorf("no JSON line kept its own date: %v", got)
	}
}
