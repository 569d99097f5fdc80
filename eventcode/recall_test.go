package eventcode

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/realign/realign"
)

// TestRecall covers the patterns and argument rules added for realistic
// wire copy: demands, rejections, accusations after reported speech,
// phone calls, mediation, hosting, welcoming, gathering participants as
// targets, visits to places, intent to provide arms, compound subjects
// with "the", and reduced relative clauses.
func TestRecall(t *testing.T) {
	gov := func(iso string) *realign.Actor {
		return &realign.Actor{ID: "state/" + iso, Code: iso + "GOV", Name: iso, Country: iso, Sector: "GOV", Kind: "state"}
	}
	aMarcos := person("ferdinand-marcos", "Ferdinand Marcos Jr.", "PHL", "GOV")
	aBlinken := person("antony-blinken", "Antony Blinken", "USA", "GOV")
	aScholz := person("olaf-scholz", "Olaf Scholz", "DEU", "GOV")
	aTusk := person("donald-tusk", "Donald Tusk", "POL", "GOV")
	aPeskov := person("dmitry-peskov", "Dmitry Peskov", "RUS", "GOV")
	aGuterres := &realign.Actor{ID: "person/antonio-guterres", Code: "IGOUNO", Name: "Antonio Guterres", Kind: "person", Sector: "IGO"}
	aChinese := &realign.Actor{ID: "state/CHN", Code: "CHN", Name: "China", Country: "CHN", Kind: "state"}
	aPhilippine := state("PHL")
	aRUSMIL := &realign.Actor{ID: "org/russian-forces", Code: "RUSMIL", Name: "Russian forces", Country: "RUS", Sector: "MIL", Kind: "org"}
	ment := map[string]*realign.Actor{
		"Beijing": gov("CHN"), "Manila": gov("PHL"), "Marcos": aMarcos, "Blinken": aBlinken,
		"Philippine": aPhilippine, "United States": aUSA, "Saudi Arabia": aSAU, "Iran": aIRN,
		"Riyadh": gov("SAU"), "Sudanese": state("SDN"), "Saudi foreign ministry": gov("SAU"),
		"Guterres": aGuterres, "Russia": aRUS, "Moscow": gov("RUS"), "Scholz": aScholz,
		"Tusk": aTusk, "Peskov": aPeskov, "Kyiv": gov("UKR"), "Warsaw": gov("POL"),
		"Germany": state("DEU"), "Ukraine": state("UKR"), "China": aCHN, "Russian forces": aRUSMIL,
		"Kharkiv": state("UKR"), "Lviv": state("UKR"), "Biden": person("joe-biden", "Joe Biden", "USA", "GOV"),
	}
	tests := []struct {
		name, text string
		demonyms   map[string]*realign.Actor
		want       []string
	}{
		{"demand that X withdraw is demand withdrawal (106)",
			"Beijing demanded that Manila withdraw its vessels.", nil, []string{"CHNGOV PHLGOV 106 asserted"}},
		{"reject with an actor object", "Manila rejected Beijing's demand.", nil, []string{"PHLGOV CHNGOV 120 asserted"}},
		{"reject with no actor object", "Marcos rejected the accusation.", nil, nil},
		{"accusation coordinated after reported speech keeps the speaker and no negation",
			"Marcos said the talks failed and accused the Chinese coast guard of firing water cannon at a supply boat.",
			map[string]*realign.Actor{"Chinese": aChinese}, []string{"PHLGOV CHN 112 asserted"}},
		{"demonym with its noun as the accused",
			"Japan's Marcos accused a Chinese spy plane of violating its airspace.",
			map[string]*realign.Actor{"Chinese": aChinese}, []string{"PHLGOV CHN 1123 asserted"}},
		{"called a titled person is a phone call",
			"Blinken called his Philippine counterpart Enrique Manalo on Tuesday.", nil, []string{"USAGOV PHL 041 asserted"}},
		{"called X a NOUN is no phone call", "Blinken called Russia a threat.", nil, nil},
		{"called a state's actions is no phone call", "Blinken called Russia's actions unacceptable.", nil, nil},
		{"called on X to is an appeal", "Guterres called on Russia to stop fighting.", nil, []string{"IGOUNO RUS 020 asserted"}},
		{"express concern stays pessimistic comment (012)",
			"The United States expressed concern over Chinese actions.",
			map[string]*realign.Actor{"Chinese": aChinese}, []string{"USA CHN 012 asserted"}},
		{"mediated talks between parties; compound subject with 'the'",
			"Saudi Arabia and the United States mediated talks between Iran and Russia.", nil,
			[]string{"SAU IRN 045 asserted", "SAU RUS 045 asserted", "USA IRN 045 asserted", "USA RUS 045 asserted"}},
		{"brokered a deal between parties", "China brokered the deal between Iran and Saudi Arabia.", nil,
			[]string{"CHN IRN 045 asserted", "CHN SAU 045 asserted"}},
		{"hosted delegations", "Riyadh hosted Sudanese delegations.", map[string]*realign.Actor{"Sudanese": state("SDN")},
			[]string{"SAUGOV SDN 043 asserted", "SDN SAUGOV 042 asserted"}},
		{"hosted with no actor object", "Riyadh has hosted several rounds of talks.", nil, nil},
		{"welcomed a decision by X", "The Saudi foreign ministry welcomed the decision by Iran.", nil,
			[]string{"SAUGOV IRN 051 asserted"}},
		{"condemned the meeting between X and Y targets the participants",
			"Moscow condemned the meeting between Scholz and Tusk.", nil,
			[]string{"RUSGOV DEUGOV 111 asserted", "RUSGOV POLGOV 111 asserted"}},
		{"warned that with no target is no threat", "Peskov warned that Russia would respond.", nil, nil},
		{"warned X that is a threat", "Peskov warned Kyiv that Russia would respond.", nil, []string{"RUSGOV UKRGOV 130 asserted"}},
		{"visit to a place in another country", "Scholz visited troops in Lviv.", nil, []string{"DEUGOV UKR 042 asserted"}},
		{"visit to an unresolved place names its country", "Scholz visited soldiers at Rzeszow.", nil, []string{"DEUGOV POL 042 asserted"}},
		{"visit to a place in the own country", "Scholz visited troops in Berlin.", nil, nil},
		{"British spelling of travelled", "Scholz travelled to Warsaw.", nil, []string{"DEUGOV POLGOV 042 asserted"}},
		{"promise to deliver arms is intent to provide military aid",
			"Germany promised to deliver more air-defence systems to Ukraine.", nil, []string{"DEU UKR 0332 intended"}},
		{"compound subject agrees to restore relations",
			"Iran and Saudi Arabia agreed to restore diplomatic relations.", nil,
			[]string{"IRN SAU 054 asserted", "SAU IRN 054 asserted"}},
		{"shelling a city is located there", "Russian forces shelled Kharkiv, killing three civilians.", nil, []string{"RUSMIL UKR 194 asserted"}},
		{"reduced relative clause is not the subject's act",
			"Scholz visited a logistics hub used to send weapons to Ukraine.", nil, nil},
		{"habitual used to keeps its subject",
			"Germany used to send weapons to Ukraine.", nil, []string{"DEU UKR 072 historical"}},
		{"'and the' after a comma joins clauses, not targets",
			"Russia has been fighting Ukraine, and the United States says both sides lost.", nil, []string{"RUS UKR 190 asserted"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := analysis(t, tc.text, "2024-03-20", ment)
			for k, act := range tc.demonyms {
				a.Mentions = append(a.Mentions, realign.Mention{Span: spanOf(t, tc.text, k, 0), Text: k, Type: realign.NORP, Via: "demonym", Actor: act, Antecedent: -1})
			}
			for name, country := range placeCountry {
				if !strings.Contains(tc.text, name) {
					continue
				}
				a.Places = append(a.Places, realign.Place{Span: spanOf(t, tc.text, name, 0), Text: name, Name: name,
					Country: country, Precision: realign.PrecisionCity})
			}
			got := briefs(t, a)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tc.text, diff)
			}
			for _, e := range a.Events {
				for name := range placeCountry {
					if strings.Contains(tc.text, name) && (e.Location == nil || e.Location.Name != name) {
						t.Errorf("%q: location %v, want %s", tc.text, e.Location, name)
					}
				}
			}
		})
	}
}

// placeCountry lists the city places of the gazetteer the test texts
// name; every event of a text naming one is located there.
var placeCountry = map[string]string{"Lviv": "UKR", "Rzeszow": "POL", "Berlin": "DEU", "Kharkiv": "UKR"}

// TestWeekDate checks that a week time expression never becomes an event
// date: a week inside one month gives the month, one across two months
// the year.
func TestWeekDate(t *testing.T) {
	for _, tc := range []struct{ week, want string }{
		{"2024-W11", "2024-03"}, // 11-17 March
		{"2024-W26", "2024-06"}, // 24-30 June
		{"2024-W27", "2024-07"}, // 1-7 July
		{"2024-W05", "2024"},    // 29 January - 4 February
		{"2025-W01", ""},        // 30 December 2024 - 5 January 2025
	} {
		text := "Scholz travelled to Warsaw last week."
		a := analysis(t, text, "2024-03-20", map[string]*realign.Actor{
			"Scholz": person("olaf-scholz", "Olaf Scholz", "DEU", "GOV"), "Warsaw": state("POL")})
		a.Times = []realign.TimeExpr{{Span: spanOf(t, text, "last week", 0), Text: "last week", Value: tc.week, Granularity: "week", Relative: true}}
		evs := code(t, a)
		if len(evs) != 1 {
			t.Fatalf("%s: %d events, want 1", tc.week, len(evs))
		}
		want := tc.want
		if want == "" {
			want = "2024-03-20" // no date from the week: the publication date of a past event
		}
		if evs[0].Date != want {
			t.Errorf("%s: date %q, want %q", tc.week, evs[0].Date, want)
		}
	}
}
