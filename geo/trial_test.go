package geo

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/realign/realign"
)

// gpe builds the entity stage's GPE mention of the nth (0-based)
// occurrence of word in text, resolved Via via to a state actor of
// country with code code.
func gpe(t *testing.T, text, word string, nth int, code, country, via string) realign.Mention {
	t.Helper()
	off := 0
	for i := 0; ; i++ {
		k := strings.Index(text[off:], word)
		if k < 0 {
			t.Fatalf("no occurrence %d of %q", nth, word)
		}
		if i == nth {
			sp := realign.Span{Start: off + k, End: off + k + len(word)}
			return realign.Mention{Span: sp, Text: word, Type: realign.GPE, Via: via, Antecedent: -1,
				Actor: &realign.Actor{Code: code, Name: word, Country: country}}
		}
		off += k + len(word)
	}
}

// placesOf returns the places whose text is word, in order.
func placesOf(ps []realign.Place, word string) []short {
	out := []short{}
	for _, s := range simplify(ps) {
		if s.Text == word {
			out = append(out, s)
		}
	}
	return out
}

func TestRegionQualifier(t *testing.T) {
	parisFR := short{"Paris", "Paris", "FRA", "city", "city:FRA:paris"}
	parisTX := short{"Paris", "Paris", "USA", "city", "geonames:4717560"}
	tests := []struct {
		name, text, word string
		want             []short
	}{
		{"Paris, Texas beside Paris, France",
			"French President Emmanuel Macron said in Paris that France would host a conference.\n\n" +
				"In Paris, Texas, the mayor welcomed a delegation of farmers from Lamar County.",
			"Paris", []short{parisFR, parisTX}},
		{"Paris, Texas alone", "Another strike hit Paris, Texas.", "Paris", []short{parisTX}},
		{"Albany, New York", "Kemp later travelled to Albany, New York, to meet state legislators.",
			"Albany", []short{{"Albany", "Albany", "USA", "city", "geonames:5106834"}}},
		{"Albany, Georgia is the city in the state", "Farmers gathered in Albany, Georgia, on Monday.",
			"Albany", []short{{"Albany", "Albany", "USA", "city", "geonames:4179320"}}},
		{"the state qualifying Albany", "Farmers gathered in Albany, Georgia, on Monday.",
			"Georgia", []short{{"Georgia", "Georgia", "USA", "region", "region:USA:georgia"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyse(t, tt.text, nil)
			if diff := cmp.Diff(tt.want, placesOf(a.Places, tt.word)); diff != "" {
				t.Errorf("places %q (-want +got):\n%s", tt.word, diff)
			}
		})
	}
}

func TestGeorgiaLocalContext(t *testing.T) {
	country := short{"Georgia", "Georgia", "GEO", "country", "country:GEO"}
	state := short{"Georgia", "Georgia", "USA", "region", "region:USA:georgia"}
	// The document names Atlanta and a governor, so the US state has its
	// document-wide context words; each sentence must still decide.
	text := "Georgia and the US signed a security pact on Friday.\n\n" +
		"Georgia has sought closer ties with NATO since its 2008 war with Russia.\n\n" +
		"Separately, the governor of Georgia, Brian Kemp, visited Atlanta to discuss jobs.\n\n" +
		"Officials in Tbilisi, Georgia, welcomed the decision.\n\n" +
		"Georgia's president thanked the European Union.\n\n" +
		"Fighting in Georgia and Armenia was reported."
	a := analyse(t, text, nil)
	want := []short{country, country, state, country, country, country}
	if diff := cmp.Diff(want, placesOf(a.Places, "Georgia")); diff != "" {
		t.Errorf("Georgia (-want +got):\n%s", diff)
	}

	// Without local evidence, the entity stage's actor for the same span
	// outweighs the document-wide context words of the state.
	text = "Georgia held a vote on Saturday.\n\nLater, crowds gathered in Atlanta."
	for _, tt := range []struct {
		name     string
		mentions []realign.Mention
		want     short
	}{
		{"document context only", nil, state},
		{"entity stage says the country", []realign.Mention{gpe(t, text, "Georgia", 0, "GEO", "GEO", "name")}, country},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := analyse(t, text, tt.mentions)
			if diff := cmp.Diff([]short{tt.want}, placesOf(a.Places, "Georgia")); diff != "" {
				t.Errorf("Georgia (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDivisionWord(t *testing.T) {
	tests := []struct {
		name, text string
		want       short
		point      bool
	}{
		{"division missing from the gazetteer", "A drone strike hit a village in Kandahar province on Sunday.",
			short{"Kandahar province", "Kandahar province", "AFG", "region", "region:AFG:kandahar-province"}, false},
		{"capitalised", "A drone strike hit a village in Kandahar Province on Sunday.",
			short{"Kandahar Province", "Kandahar province", "AFG", "region", "region:AFG:kandahar-province"}, false},
		{"region in the gazetteer", "Troops moved into Rakhine state overnight.",
			short{"Rakhine state", "Rakhine", "MMR", "region", "region:MMR:rakhine"}, true},
		{"state as a region", "Protesters in New York state marched on Albany.",
			short{"New York state", "New York", "USA", "region", "region:USA:new-york"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyse(t, tt.text, nil)
			if len(a.Places) == 0 {
				t.Fatal("no places")
			}
			p := a.Places[0]
			if diff := cmp.Diff(tt.want, simplify(a.Places[:1])[0]); diff != "" {
				t.Errorf("place (-want +got):\n%s", diff)
			}
			if (p.Lat != nil) != tt.point {
				t.Errorf("has point = %v, want %v", p.Lat != nil, tt.point)
			}
		})
	}
	// "Mississippi State" is a university, not a division.
	a := analyse(t, "Fans of Mississippi State cheered.", nil)
	for _, p := range a.Places {
		if strings.Contains(p.Text, "State") {
			t.Errorf("place %q includes State", p.Text)
		}
	}
}

func TestConflictZonePlaces(t *testing.T) {
	text := "A drone strike killed four civilians in the village of Shah Wali Kot in Kandahar province.\n\n" +
		"A small village in Helmand province, Marjah, was shelled."
	a := analyse(t, text, nil)
	want := []short{
		{"Shah Wali Kot", "Shah Wali Kot", "AFG", "region", "region:AFG:shah-wali-kot"},
		{"Kandahar province", "Kandahar province", "AFG", "region", "region:AFG:kandahar-province"},
		{"Helmand province", "Helmand", "AFG", "region", "region:AFG:helmand"},
		{"Marjah", "Marjah", "AFG", "city", "city:AFG:marjah"},
	}
	if diff := cmp.Diff(want, simplify(a.Places)); diff != "" {
		t.Errorf("places (-want +got):\n%s", diff)
	}
}

func TestMetonymic(t *testing.T) {
	text := "Washington imposed sanctions on three Russian banks.\n\n" +
		"Blinken spoke in Washington on Monday.\n\n" +
		"The mayor of Paris, Texas, hosted a delegation."
	mentions := []realign.Mention{
		gpe(t, text, "Washington", 0, "USAGOV", "USA", "capital"),
		gpe(t, text, "Washington", 1, "USA", "USA", "place"),
		// the entity stage's context-free guess for Paris; the place is
		// Paris, Texas, so it is no metonymy of France's government
		gpe(t, text, "Paris", 0, "FRAGOV", "FRA", "capital"),
	}
	a := analyse(t, text, mentions)
	got := map[string]bool{}
	for _, p := range a.Places {
		got[p.Text+"@"+strconv.Itoa(p.Start)] = Metonymic(a, p)
	}
	want := map[string]bool{
		"Washington@" + strconv.Itoa(mentions[0].Start): true,
		"Washington@" + strconv.Itoa(mentions[1].Start): false,
		"Paris@" + strconv.Itoa(mentions[2].Start):      false,
		"Texas@" + strconv.Itoa(mentions[2].End+2):      false,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Metonymic (-want +got):\n%s", diff)
	}

	// The option drops them; the default keeps them.
	g, err := New(Options{DropMetonymic: true})
	if err != nil {
		t.Fatal(err)
	}
	b := &realign.Analysis{Document: a.Document, Sentences: a.Sentences, Mentions: mentions}
	if err := g.Annotate(b); err != nil {
		t.Fatal(err)
	}
	if len(b.Places) != len(a.Places)-1 || b.Places[0].Start != mentions[1].Start {
		t.Errorf("DropMetonymic places = %v, want all but the first Washington", simplify(b.Places))
	}
}
