package sqlite_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/realign/realign"
	"github.com/realign/realign/sqlite"
)

func TestEventsNewestAndUndirected(t *testing.T) {
	ctx := context.Background()
	db := savedDB(t)
	all, err := db.Events(ctx, sqlite.EventFilter{})
	if err != nil || len(all) < 5 {
		t.Fatalf("events: %d, %v", len(all), err)
	}
	newest, err := db.Events(ctx, sqlite.EventFilter{Newest: true})
	if err != nil || len(newest) != len(all) {
		t.Fatalf("newest: %d, %v; want %d", len(newest), err, len(all))
	}
	for i := 1; i < len(newest); i++ {
		a, b := newest[i-1], newest[i]
		switch {
		case a.Day == "" && b.Day != "":
			t.Errorf("event %d with no day before event %d of %s", a.ID, b.ID, b.Day)
		case a.Day != "" && b.Day != "" && a.Day < b.Day, a.Day == b.Day && a.ID < b.ID:
			t.Errorf("newest first: event %d (%s) before %d (%s)", a.ID, a.Day, b.ID, b.Day)
		}
	}
	page, err := db.Events(ctx, sqlite.EventFilter{Newest: true, Limit: 2, Offset: 1})
	if err != nil || len(page) != 2 || page[0].ID != newest[1].ID || page[1].ID != newest[2].ID {
		t.Errorf("newest page = %v, %v; want events 2 and 3 of %v", ids(page), err, ids(newest))
	}

	dir := func(a, b string) []int64 {
		evs, err := db.Events(ctx, sqlite.EventFilter{Dyad: [2]string{a, b}})
		if err != nil {
			t.Fatal(err)
		}
		return ids(evs)
	}
	both := func(a, b string) []int64 {
		evs, err := db.Events(ctx, sqlite.EventFilter{Dyad: [2]string{a, b}, Undirected: true})
		if err != nil {
			t.Fatal(err)
		}
		return ids(evs)
	}
	sorted := cmpopts.SortSlices(func(x, y int64) bool { return x < y })
	for _, d := range [][2]string{{"PAK", "RUS"}, {"CHN", "IRN"}} {
		want := append(dir(d[0], d[1]), dir(d[1], d[0])...)
		if len(want) == 0 {
			t.Errorf("%s-%s: no events in either direction; the test needs some", d[0], d[1])
		}
		if diff := cmp.Diff(want, both(d[0], d[1]), sorted, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("undirected %s-%s (-directed both ways +undirected):\n%s", d[0], d[1], diff)
		}
	}
	// One side only: that prefix as source or target, as Actor does.
	actor, _ := db.Events(ctx, sqlite.EventFilter{Actor: "PAK"})
	if diff := cmp.Diff(ids(actor), both("PAK", ""), sorted, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("undirected PAK-any differs from actor PAK:\n%s", diff)
	}
}

// TestDocumentRoundTrip stores analysed articles and reads them back.
func TestDocumentRoundTrip(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	as := analyzeAll(t)
	var batch []*realign.Analysis
	for _, name := range []string{"khan-putin", "ceasefire", "wang-tehran"} {
		batch = append(batch, as[name])
	}
	if err := db.SaveBatch(ctx, batch, nil); err != nil {
		t.Fatal(err)
	}
	stored, err := db.Events(ctx, sqlite.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	nevents := 0
	for _, a := range batch {
		sd, err := db.Document(ctx, strings.ToUpper(a.Document.ID))
		if err != nil {
			t.Fatal(err)
		}
		got := sd.Analysis
		if got.Document.ID != a.Document.ID || got.Document.Text != a.Document.Text || got.Document.URL != a.Document.URL ||
			!got.Document.Published.Equal(a.Document.Published) {
			t.Errorf("document %s read back as %+v", a.Document.ID, got.Document)
		}
		if sd.Status != "coded" || sd.NearDupOf != "" {
			t.Errorf("status %q near-dup %q", sd.Status, sd.NearDupOf)
		}
		// Actor rows are shared by key, so compare what each layer
		// itself stores: spans, texts, codes and roles.
		type m struct {
			Span       realign.Span
			Text, Code string
			Role, Via  string
			Antecedent int
		}
		proj := func(ms []realign.Mention) []m {
			var out []m
			for _, x := range ms {
				r := m{Span: x.Span, Text: x.Text, Via: x.Via, Antecedent: x.Antecedent}
				if x.Actor != nil {
					r.Code, r.Role = x.Actor.Code, x.Actor.Role
				}
				out = append(out, r)
			}
			return out
		}
		if diff := cmp.Diff(proj(a.Mentions), proj(got.Mentions)); diff != "" {
			t.Errorf("%s mentions (-saved +read):\n%s", a.Document.URL, diff)
		}
		if diff := cmp.Diff(a.Quotes, got.Quotes, cmpopts.IgnoreFields(realign.Speaker{}, "Mention", "Actor")); diff != "" {
			t.Errorf("%s quotations (-saved +read):\n%s", a.Document.URL, diff)
		}
		if len(got.Events) != len(a.Events) || len(sd.EventIDs) != len(a.Events) || len(sd.EventDays) != len(a.Events) {
			t.Fatalf("%s: %d events, %d ids, %d days; want %d", a.Document.URL, len(got.Events), len(sd.EventIDs), len(sd.EventDays), len(a.Events))
		}
		for i, e := range a.Events {
			g := got.Events[i]
			if g.Code != e.Code || g.Trigger != e.Trigger || g.Sentence != e.Sentence || g.Date != e.Date || g.Quote != e.Quote ||
				code(g.Source) != code(e.Source) || code(g.Target) != code(e.Target) || (g.Location == nil) != (e.Location == nil) {
				t.Errorf("event %d read back as %+v, saved %+v", i, g, e)
			}
			if !containsID(stored, sd.EventIDs[i]) || sd.EventDays[i] != storedDay(stored, sd.EventIDs[i]) {
				t.Errorf("event id %d, day %q not among the stored events", sd.EventIDs[i], sd.EventDays[i])
			}
			nevents++
		}
	}
	if nevents == 0 {
		t.Error("no events in the articles; the test needs some")
	}
	for _, id := range []string{strings.Repeat("0", 64), "abc", "", strings.Repeat("g", 64), "' OR 1=1 --"} {
		if _, err := db.Document(ctx, id); !errors.Is(err, sqlite.ErrNotFound) {
			t.Errorf("Document(%q) error = %v, want ErrNotFound", id, err)
		}
	}
}

func containsID(evs []sqlite.Event, id int64) bool {
	for _, e := range evs {
		if e.ID == id {
			return true
		}
	}
	return false
}

func storedDay(evs []sqlite.Event, id int64) string {
	for _, e := range evs {
		if e.ID == id {
			return e.Day
		}
	}
	return "?"
}

func TestDocuments(t *testing.T) {
	ctx := context.Background()
	db := savedDB(t) // khan-putin, khan-putin-2, ceasefire, wang-tehran, in that order
	all, err := db.Documents(ctx, 0, 0)
	if err != nil || len(all) != 4 {
		t.Fatalf("documents: %d, %v", len(all), err)
	}
	if !strings.Contains(all[0].URL, "wang-yi-tehran") || !strings.Contains(all[3].URL, "khan-putin") {
		t.Errorf("not most recently stored first: %s … %s", all[0].URL, all[3].URL)
	}
	total := 0
	for _, d := range all {
		total += d.Events
		if len(d.ID) != 64 || d.Status == "" {
			t.Errorf("summary %+v", d)
		}
	}
	evs, _ := db.Events(ctx, sqlite.EventFilter{})
	if total != len(evs) {
		t.Errorf("summaries count %d events, the store has %d", total, len(evs))
	}
	page, err := db.Documents(ctx, 2, 1)
	if err != nil || len(page) != 2 || page[0].ID != all[1].ID || page[1].ID != all[2].ID {
		t.Errorf("page(2, 1) = %+v, %v", page, err)
	}
}

// actorAnalysis is a hand-made analysis with roles and a resolved
// speaker, so that the actor queries have known answers.
func actorAnalysis(text, published string, role string) *realign.Analysis {
	khan := &realign.Actor{ID: "Q1", Code: "PAKGOV", Name: "Imran Khan", Country: "PAK", Role: role}
	putin := &realign.Actor{ID: "Q2", Code: "RUSGOV", Name: "Vladimir Putin", Country: "RUS"}
	a := &realign.Analysis{Document: realign.Document{ID: realign.ContentID(text), Text: text, Format: "text"}}
	if published != "" {
		a.Document.Published, _ = time.Parse(time.DateOnly, published)
	}
	k := strings.Index(text, "Khan")
	p := strings.Index(text, "Putin")
	q := strings.Index(text, `"`)
	a.Mentions = []realign.Mention{
		{Span: realign.Span{Start: k, End: k + 4}, Text: "Khan", Type: realign.PERSON, Actor: khan, Via: "surname", Antecedent: -1},
		{Span: realign.Span{Start: p, End: p + 5}, Text: "Putin", Type: realign.PERSON, Actor: putin, Via: "surname", Antecedent: -1},
	}
	a.Quotes = []realign.Quotation{{Span: realign.Span{Start: q, End: len(text)}, Text: text[q+1 : len(text)-1], Kind: realign.QuoteDirect,
		Cue: "said", Speaker: &realign.Speaker{Span: realign.Span{Start: k, End: k + 4}, Text: "Khan", Actor: khan, Mention: 0}}}
	return a
}

func TestActorQueries(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	batch := []*realign.Analysis{
		actorAnalysis(`Khan met Putin and said "We want trade."`, "2018-09-01", "Prime Minister"),
		actorAnalysis(`Khan phoned Putin and said "We want arms."`, "2019-06-14", "Prime Minister"),
		actorAnalysis(`Khan, then in opposition, saw Putin and said "Not now."`, "", "Opposition leader"),
	}
	if err := db.SaveBatch(ctx, batch, nil); err != nil {
		t.Fatal(err)
	}

	actors, err := db.ActorsByCode(ctx, "pak", 0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]sqlite.ActorRecord{{ID: "Q1", Code: "PAKGOV", Name: "Imran Khan", Country: "PAK"}}, actors); diff != "" {
		t.Errorf("ActorsByCode(pak) (-want +got):\n%s", diff)
	}
	if none, err := db.ActorsByCode(ctx, "USA", 0); err != nil || len(none) != 0 {
		t.Errorf("ActorsByCode(USA) = %v, %v", none, err)
	}

	quotes, err := db.QuotesBy(ctx, "PAKGOV", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, q := range quotes {
		texts = append(texts, q.Text)
		if q.Actor.Code != "PAKGOV" || q.Speaker != "Khan" || q.Cue != "said" || q.Document == "" {
			t.Errorf("quote %+v", q)
		}
	}
	if diff := cmp.Diff([]string{"Not now.", "We want arms.", "We want trade."}, texts); diff != "" {
		t.Errorf("QuotesBy(PAKGOV), newest stored first (-want +got):\n%s", diff)
	}
	if page, err := db.QuotesBy(ctx, "PAK", 1, 1); err != nil || len(page) != 1 || page[0].Text != "We want arms." {
		t.Errorf("QuotesBy(PAK, 1, 1) = %+v, %v", page, err)
	}
	if rus, err := db.QuotesBy(ctx, "RUS", 0, 0); err != nil || len(rus) != 0 {
		t.Errorf("QuotesBy(RUS) = %+v, %v; Putin is quoted nowhere", rus, err)
	}

	roles, err := db.Roles(ctx, "PAK")
	if err != nil {
		t.Fatal(err)
	}
	want := []sqlite.ActorRole{
		{Role: "Opposition leader", Code: "PAKGOV", Documents: 1},
		{Role: "Prime Minister", Code: "PAKGOV", First: "2018-09-01", Last: "2019-06-14", Documents: 2},
	}
	if diff := cmp.Diff(want, roles); diff != "" {
		t.Errorf("Roles(PAK) (-want +got):\n%s", diff)
	}
	if rus, err := db.Roles(ctx, "RUS"); err != nil || len(rus) != 0 {
		t.Errorf("Roles(RUS) = %+v, %v; Putin has no role", rus, err)
	}
}

// TestReadAfterClose checks that reads racing with Close (the web
// server's background refresh) get errors, not a nil-pointer panic.
func TestReadAfterClose(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := db.Events(ctx, sqlite.EventFilter{Newest: true}); err == nil {
		t.Error("Events after Close: no error")
	}
	if _, err := db.Documents(ctx, 10, 0); err == nil {
		t.Error("Documents after Close: no error")
	}
	if _, err := db.Stats(ctx); err == nil {
		t.Error("Stats after Close: no error")
	}
	if _, err := db.HasDocument(ctx, strings.Repeat("0", 64)); err == nil {
		t.Error("HasDocument after Close: no error")
	}
	if err := db.SaveBatch(ctx, nil, nil); err == nil {
		t.Error("SaveBatch after Close: no error")
	}
}
