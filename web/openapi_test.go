package web

import (
	"encoding/json"
	"testing"

	"github.com/realign/realign/analytics"
)

// schemaProps reads the properties of a component schema of openapi.json.
func schemaProps(t *testing.T, name string) map[string]map[string]any {
	t.Helper()
	b, err := assets.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]map[string]any `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	s, ok := doc.Components.Schemas[name]
	if !ok || len(s.Properties) == 0 {
		t.Fatalf("openapi.json has no schema %s with properties", name)
	}
	return s.Properties
}

// checkAgainst fails when obj (a JSON object) has a key the schema does
// not describe, or a null where the schema does not say nullable.
func checkAgainst(t *testing.T, where string, obj []byte, props map[string]map[string]any) {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(obj, &m); err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	for k, v := range m {
		p, ok := props[k]
		if !ok {
			t.Errorf("%s: field %q not in openapi.json", where, k)
			continue
		}
		if string(v) == "null" && p["nullable"] != true {
			t.Errorf("%s: field %q is null but openapi.json does not declare it nullable", where, k)
		}
	}
}

func TestOpenAPISchemasMatchJSON(t *testing.T) {
	// An empty window: the means and shares are null.
	b, err := json.Marshal(analytics.Point{Window: "2019-06", From: "2019-06-01", To: "2019-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	checkAgainst(t, "empty dyad point", b, schemaProps(t, "DyadPoint"))

	s, _, as := testServer(t, "")
	_, body, _ := do(t, s, "GET", "/api/documents/"+as[0].Document.ID, nil)
	checkAgainst(t, "/api/documents/{id}", []byte(body), schemaProps(t, "StoredAnalysis"))
	var d struct{ Stats json.RawMessage }
	decode(t, body, &d)
	stats := schemaProps(t, "StoredAnalysis")["stats"]["properties"].(map[string]any)
	sp := map[string]map[string]any{}
	for k, v := range stats {
		sp[k] = v.(map[string]any)
	}
	checkAgainst(t, "/api/documents/{id} stats", d.Stats, sp)

	_, body, _ = do(t, s, "GET", "/api/search?q=Putin&limit=1", nil)
	var p struct{ Items []json.RawMessage }
	decode(t, body, &p)
	if len(p.Items) != 1 {
		t.Fatalf("search: %s", body)
	}
	checkAgainst(t, "/api/search item", p.Items[0], schemaProps(t, "SearchHit"))
}
