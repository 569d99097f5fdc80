package geo

import (
	"testing"

	"github.com/realign/realign"
)

// TestResolution covers the failure kinds of gazetteer-based geoparsers
// with a large gazetteer: common words and given names that are also
// place names, capitals standing for governments, places inside larger
// names, US states against countries, and names shared by places in
// several countries.
func TestResolution(t *testing.T) {
	type want struct {
		text, country, precision string
	}
	tests := []struct {
		name string
		text string
		want []want // the places expected, in order; nil means none
	}{
		{"washington in international news",
			"U.S. envoy Zalmay Khalilzad met Taliban negotiators in Doha. Washington wants a ceasefire before troops leave Afghanistan.",
			[]want{{"U.S.", "USA", "country"}, {"Doha", "QAT", "city"}, {"Washington", "USA", "city"}, {"Afghanistan", "AFG", "country"}}},
		{"washington state needs its context",
			"Wildfires spread across Washington State, near Spokane.",
			[]want{{"Washington State", "USA", "region"}, {"Spokane", "USA", "city"}}},
		{"albany is not albania",
			"Lawmakers in Albany, New York, passed the budget.",
			[]want{{"Albany", "USA", "city"}, {"New York", "USA", "region"}}},
		{"columbia university is not a place",
			"She studied at Columbia University before moving to Bogota.",
			[]want{{"Bogota", "COL", "city"}}},
		{"colombia the country",
			"Colombia's president met rebels in Havana.",
			[]want{{"Colombia", "COL", "country"}, {"Havana", "CUB", "city"}}},
		{"columbia the city",
			"Protesters gathered in Columbia, South Carolina, on Sunday.",
			[]want{{"Columbia", "USA", "city"}, {"South Carolina", "USA", "region"}}},
		{"georgia the country",
			"Russian troops remain in Georgia, the EU said.",
			[]want{{"Georgia", "GEO", "country"}}},
		{"georgia the state",
			"The governor of Georgia spoke in Atlanta.",
			[]want{{"Georgia", "USA", "region"}, {"Atlanta", "USA", "city"}}},
		{"village in afghanistan by context",
			"Afghan forces attacked Taliban positions near Asadabad, in Kunar, Afghanistan.",
			[]want{{"Asadabad", "AFG", "city"}, {"Afghanistan", "AFG", "country"}}},
		{"village in iran by context",
			"Iran's farmers near Asadabad protested the drought, Tehran media said.",
			[]want{{"Iran", "IRN", "country"}, {"Asadabad", "IRN", "city"}, {"Tehran", "IRN", "city"}}},
		{"unknown place keeps the others",
			"Fighting near Qwertyabad spread to Kandahar.",
			[]want{{"Kandahar", "AFG", "city"}}},
		{"paris texas by qualifier",
			"The rally was held in Paris, Texas, last week.",
			[]want{{"Paris", "USA", "city"}, {"Texas", "USA", "region"}}},
		{"paris in american news",
			"American and Canadian diplomats met in Paris on Monday.",
			[]want{{"Paris", "FRA", "city"}}},
		{"common word",
			"Of the 20 detainees, most were freed. Mobile phones were seized.",
			nil},
		{"given name followed by a surname",
			"Victoria Nuland and Florence Parly discussed the plan.",
			nil},
		{"generated city in plain text",
			"Shelling hit Kramatorsk and Sloviansk overnight.",
			[]want{{"Kramatorsk", "UKR", "city"}, {"Sloviansk", "UKR", "city"}}},
		{"seed meeting place",
			"Khan and Putin met on the sidelines of the SCO summit in Bishkek.",
			[]want{{"Bishkek", "KGZ", "city"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := analyse(t, tc.text, nil)
			checkLayer(t, tc.text, a.Places)
			var got []want
			for _, p := range a.Places {
				got = append(got, want{p.Text, p.Country, p.Precision})
			}
			if len(got) != len(tc.want) {
				t.Fatalf("%q: places %+v, want %+v", tc.text, got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("%q: place %d = %+v, want %+v", tc.text, i, got[i], tc.want[i])
				}
			}
		})
	}
}

// TestPrecisionInvariant checks that every entry's coordinates match its
// precision: cities have their own point, never their country's
// representative point, and only countries carry country-level points.
func TestPrecisionInvariant(t *testing.T) {
	setup(t)
	for i := range gaz.entries {
		e := &gaz.entries[i]
		switch e.precision {
		case realign.PrecisionCountry:
			if e.country == "" {
				t.Errorf("country %s has no code", e.name)
			}
		case realign.PrecisionCity, realign.PrecisionPoint:
			if !e.hasPoint {
				t.Errorf("%s %s (%s) has no coordinates", e.precision, e.name, e.id)
			}
		}
		if e.precision == realign.PrecisionCountry || !e.hasPoint {
			continue
		}
		if ci, ok := gaz.byCountry[e.country]; ok {
			c := &gaz.entries[ci]
			if c.hasPoint && c.lat == e.lat && c.lon == e.lon {
				t.Errorf("%s %s (%s) has its country's representative point", e.precision, e.name, e.id)
			}
		}
	}
	// the places of a document carry their entry's precision and point
	a := analyse(t, "Talks in Bishkek, Kyrgyzstan, and in the Sahel ended.", nil)
	for _, p := range a.Places {
		ps := gaz.Lookup(p.Name)
		found := false
		for _, q := range ps {
			if q.GeoID == p.GeoID {
				found = true
				if q.Precision != p.Precision || (q.Lat == nil) != (p.Lat == nil) || q.Lat != nil && (*q.Lat != *p.Lat || *q.Lon != *p.Lon) {
					t.Errorf("%q: %+v differs from its entry %+v", p.Text, p, q)
				}
			}
		}
		if !found {
			t.Errorf("%q: GeoID %s not found by Lookup(%q)", p.Text, p.GeoID, p.Name)
		}
		if p.Name == "Sahel" && p.Lat != nil {
			t.Errorf("Sahel has coordinates %v, %v; it has no meaningful point", *p.Lat, *p.Lon)
		}
	}
	if len(a.Places) != 3 {
		t.Errorf("places %+v, want Bishkek, Kyrgyzstan, Sahel", simplify(a.Places))
	}
}
