package eventcode

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/realign/realign"
)

// TestReciprocalCompound covers reciprocal patterns whose compound subject
// has titles before its members and no target: every ordered pair is coded.
func TestReciprocalCompound(t *testing.T) {
	aKishida := person("fumio-kishida", "Fumio Kishida", "JPN", "GOV")
	aYoon := person("yoon-suk-yeol", "Yoon Suk Yeol", "KOR", "GOV")
	aJPN, aKOR := state("JPN"), state("KOR")
	ment := map[string]*realign.Actor{
		"Fumio Kishida": aKishida, "Yoon Suk Yeol": aYoon, "Japan": aJPN, "South Korea": aKOR,
		"Saudi Arabia": aSAU, "Iran": aIRN, "Russia": aRUS, "Pakistan": aPAK, "Putin": aPutin,
		"Khan": aKhan, "China": aCHN,
	}
	both := func(a, b, code, mod string) []string {
		return []string{a + " " + b + " " + code + " " + mod, b + " " + a + " " + code + " " + mod}
	}
	cat := func(xs ...[]string) []string {
		var out []string
		for _, x := range xs {
			out = append(out, x...)
		}
		return out
	}
	tests := []struct {
		name, text string
		want       []string
	}{
		{"titled compound meets and agrees to resume talks",
			"Japanese Prime Minister Fumio Kishida and South Korean President Yoon Suk Yeol met in Tokyo on Thursday and agreed to resume regular security talks that had been frozen for years.",
			cat(both("JPNGOV", "KORGOV", "040", "asserted"), both("JPNGOV", "KORGOV", "036", "asserted"))},
		{"agree to restore ties", "Saudi Arabia and Iran agreed to restore diplomatic ties.",
			both("SAU", "IRN", "054", "asserted")},
		{"move closer", "Russia and Pakistan move closer.", both("RUS", "PAK", "030", "asserted")},
		{"hold talks", "Russian President Putin and Pakistan PM Khan held talks.",
			both("RUSGOV", "PAKGOV", "046", "asserted")},
		{"discuss", "Russia and Pakistan discussed trade.", both("RUS", "PAK", "040", "asserted")},
		{"negotiate", "Russia and Pakistan negotiated a deal.", both("RUS", "PAK", "046", "asserted")},
		{"cooperate, intended", "Russia and Pakistan will cooperate.", both("RUS", "PAK", "030", "intended")},
		{"clash", "Russia and Pakistan clashed.", both("RUS", "PAK", "190", "asserted")},
		{"agree to talks with a target", "Pakistan agreed to resume talks with Russia.", []string{"PAK RUS 036 asserted"}},
		{"no actors", "The two leaders met.", nil},
		{"single subject is no reciprocal", "Putin met in Tokyo.", nil},
		{"title words after a non-actor join nothing", "The ministers and Chinese Foreign Minister Putin met.", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := analysis(t, tc.text, "2023-03-16", ment)
			got := briefs(t, a)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tc.text, diff)
			}
		})
	}
}

// TestReciprocalContext checks the date and place of the Kishida-Yoon
// meeting: "in Tokyo" and "on Thursday" hold for both directions and for
// the coordinated "agreed to resume … talks".
func TestReciprocalContext(t *testing.T) {
	text := "Japanese Prime Minister Fumio Kishida and South Korean President Yoon Suk Yeol met in Tokyo on Thursday and agreed to resume regular security talks that had been frozen for years."
	a := analysis(t, text, "2023-03-16", map[string]*realign.Actor{
		"Fumio Kishida": person("fumio-kishida", "Fumio Kishida", "JPN", "GOV"),
		"Yoon Suk Yeol": person("yoon-suk-yeol", "Yoon Suk Yeol", "KOR", "GOV"),
	})
	lat, lon := 35.68, 139.69
	a.Places = append(a.Places, realign.Place{Span: spanOf(t, text, "Tokyo", 0), Text: "Tokyo", Name: "Tokyo",
		Country: "JPN", Precision: realign.PrecisionCity, Lat: &lat, Lon: &lon})
	a.Times = append(a.Times, realign.TimeExpr{Span: spanOf(t, text, "Thursday", 0), Text: "Thursday", Value: "2023-03-16"})
	events := code(t, a)
	if len(events) != 4 {
		t.Fatalf("got %d events, want 4", len(events))
	}
	for _, e := range events {
		loc := ""
		if e.Location != nil {
			loc = e.Location.Name + "/" + e.Location.Country + "/" + e.Location.Precision
		}
		if loc != "Tokyo/JPN/city" || e.Date != "2023-03-16" {
			t.Errorf("%s: location %q date %q, want Tokyo/JPN/city 2023-03-16", brief(e), loc, e.Date)
		}
	}
}
