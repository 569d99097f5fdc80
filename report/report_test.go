package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/realign/realign"
)

func TestFormatPublished(t *testing.T) {
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2019, 6, 14, 0, 0, 0, 0, time.UTC), "2019-06-14"},
		{time.Date(2019, 6, 14, 9, 30, 0, 0, time.UTC), "2019-06-14T09:30:00Z"},
		{time.Date(2019, 6, 14, 0, 0, 0, 0, time.FixedZone("PKT", 5*3600)), "2019-06-14T00:00:00+05:00"},
	}
	for _, tt := range tests {
		if got := FormatPublished(tt.in); got != tt.want {
			t.Errorf("FormatPublished(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// An empty analysis must still give the arrays and nulls the contract
// requires, not missing fields.
func TestEmptyAnalysisJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, &realign.Analysis{Document: realign.Document{Text: "x"}}); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"mentions", "quotes", "events"} {
		if _, ok := m[k].([]any); !ok {
			t.Errorf("%s = %#v, want an array", k, m[k])
		}
	}
	doc := m["document"].(map[string]any)
	for _, k := range []string{"published", "url", "language"} {
		if v, ok := doc[k]; !ok || v != nil {
			t.Errorf("document.%s = %#v (present %v), want null", k, v, ok)
		}
	}
}

func TestExplain(t *testing.T) {
	text := "Khan met Putin in Bishkek."
	lat, lon := 42.87, 74.59
	a := &realign.Analysis{Document: realign.Document{Text: text}}
	e := realign.Event{
		Source: &realign.Actor{Code: "PAKGOV", Name: "Imran Khan"}, Target: &realign.Actor{Code: "RUSGOV", Name: "Vladimir Putin"},
		Code: "042", Label: "Make a visit", PLOVER: "CONSULT", Goldstein: 1.9, QuadClass: 1, Modality: "asserted", Date: "2019-06-13",
		Location: &realign.Place{Name: "Bishkek", Country: "KGZ", Lat: &lat, Lon: &lon, Precision: realign.PrecisionCity},
		Trigger:  realign.Span{Start: 5, End: 8}, Rule: "verbs.txt:1 meet", Quote: -1,
		AttributedTo: &realign.Actor{Code: "PAKGOV", Name: "Shah Mahmood Qureshi"},
	}
	got := Explain(a, &e)
	for _, want := range []string{"PAKGOV (Imran Khan) -> RUSGOV (Vladimir Putin)", "CAMEO 042", "PLOVER CONSULT", "Goldstein +1.9", "quad class 1 (verbal cooperation)", `trigger "met"`, "verbs.txt:1 meet", "date 2019-06-13", "Bishkek, KGZ (city)", "reported by PAKGOV (Shah Mahmood Qureshi)"} {
		if !strings.Contains(got, want) {
			t.Errorf("Explain = %q, missing %q", got, want)
		}
	}
}
