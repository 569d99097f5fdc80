package eventcode

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/realign/realign"
)

// TestActorConditionedCodes covers the codes that depend on the actors
// (byopp=, vsopp=, vsigo=), domestic patterns, the passive of a
// noun-headed pattern, a place after a noun and "in" as the topic of a
// statement, a group after a quantity noun as subject, and the
// investigation a subject orders (a demand).
func TestActorConditionedCodes(t *testing.T) {
	aObama := person("barack-obama", "Barack Obama", "USA", "GOV")
	aSYRMIL := &realign.Actor{ID: "state/SYR", Code: "SYRMIL", Name: "Syrian forces", Country: "SYR", Sector: "MIL", Kind: "state"}
	aEGYOPP := &realign.Actor{ID: "state/EGY", Code: "EGYOPP", Name: "Egyptian protesters", Country: "EGY", Sector: "OPP", Kind: "state"}
	aUKROPP := &realign.Actor{ID: "state/UKR", Code: "UKROPP", Name: "Ukrainian protestor", Country: "UKR", Sector: "OPP", Kind: "state"}
	aUNMIL := &realign.Actor{ID: "igo/UN", Code: "IGOUNOMIL", Name: "UN troops", Sector: "MIL", Kind: "igo"}
	aECOWAS := &realign.Actor{ID: "igo/ECOWAS", Code: "IGOWAFWAS", Name: "ECOWAS", Sector: "IGO", Kind: "igo"}
	ment := map[string]*realign.Actor{
		"Syrian forces": aSYRMIL, "Egyptian protesters": aEGYOPP, "Ukrainian protestor": aUKROPP,
		"Russian": aRUS, "Russia": aRUS, "United States": aUSA, "Iran": aIRN, "UN troops": aUNMIL,
		"ECOWAS": aECOWAS, "Mali": state("MLI"), "Syria": state("SYR"), "Obama": aObama,
		"Pakistan": aPAK, "India": aIND, "European Union": &realign.Actor{ID: "igo/EU", Code: "IGOEUREEC", Name: "European Union", Sector: "IGO", Kind: "igo"},
	}
	places := map[string]string{"South Carolina": "USA", "Kashmir": "IND"}
	tests := []struct {
		name, text string
		want       []string
	}{
		{"clash with protesters: repression one way, riot the other",
			"Syrian forces clashed with Egyptian protesters.", []string{"SYRMIL EGYOPP 175 asserted", "EGYOPP SYRMIL 145 asserted"}},
		{"clash between armed forces stays a fight both ways",
			"Syrian forces clashed with Russia.", []string{"SYRMIL RUS 190 asserted", "RUS SYRMIL 190 asserted"}},
		{"protesters attacking is a violent protest",
			"Egyptian protesters attacked the United States embassy.", []string{"EGYOPP USA 145 asserted"}},
		{"demolition by a protester, passive", "The Russian building was demolished by a Ukrainian protestor.",
			[]string{"UKROPP RUS 145 asserted"}},
		{"demolition by a state destroys property", "Russia demolished Ukrainian protestor homes.",
			[]string{"RUS UKROPP 1712 asserted"}},
		{"withdrawing from a place yields", "UN troops withdrew from Syria.", []string{"IGOUNOMIL SYR 080 asserted"}},
		{"withdrawing from a bloc reduces relations", "Mali withdrew from ECOWAS.", []string{"MLI IGOWAFWAS 160 asserted"}},
		{"a group after a quantity noun is the subject", "Hundreds of UN troops withdrew from Syria.", []string{"IGOUNOMIL SYR 080 asserted"}},
		{"a quantity that is a prepositional object is not", "The fighting of hundreds of UN troops withdrew from Syria.", nil},
		{"noun-headed pattern in the passive", "Evidence against Russia was presented by the United States.",
			[]string{"USA RUS 112 asserted"}},
		{"noun-headed passive with sanctions", "Sanctions on Iran were imposed by the European Union.",
			[]string{"IGOEUREEC IRN 163 asserted"}},
		{"no agent, no event", "Sanctions on Iran were imposed last year.", nil},
		{"ordering an investigation is a demand", "Obama ordered an investigation against Iran.", []string{"USAGOV IRN 101 asserted"}},
		{"sorrow over events at home is kept", "Obama expressed sorrow for the shootings in South Carolina.",
			[]string{"USAGOV USA 018 asserted"}},
		{"concern over events in a place", "Pakistan expressed concern over the violence in Kashmir.",
			[]string{"PAK IND 012 asserted"}},
		{"the same code on both sides is still a self-dyad", "Iran expressed concern over Iran.", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := analysis(t, tc.text, "2024-03-20", ment)
			for name, country := range places {
				if strings.Contains(tc.text, name) {
					a.Places = append(a.Places, realign.Place{Span: spanOf(t, tc.text, name, 0), Text: name, Name: name,
						Country: country, Precision: realign.PrecisionRegion})
				}
			}
			got := briefs(t, a)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tc.text, diff)
			}
		})
	}
}
