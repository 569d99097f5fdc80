package eventcode

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/realign/realign"
)

// TestClausesAndTwoWayActs covers the pronoun subject after a verb of
// saying, the future of reported speech, relative clauses, "as" as a
// conjunction, quantities before an actor, adverbials between a verb and
// its by-agent or between an object and "to", wishes of others, two-way
// acts (reverse=), claims of acts of force, and the patterns added with
// them.
func TestClausesAndTwoWayActs(t *testing.T) {
	aISR, aPSE, aUKR, aCAN := state("ISR"), state("PSE"), state("UKR"), state("CAN")
	aCVL := &realign.Actor{Code: "---CVL", Name: "civilians", Sector: "CVL", Kind: "group"}
	aLEG := &realign.Actor{ID: "state/USA", Code: "USALEG", Name: "Congress", Country: "USA", Sector: "LEG", Kind: "state"}
	aObama := person("barack-obama", "Barack Obama", "USA", "GOV")
	aPorras := person("maria-porras", "Maria Porras", "GTM", "JUD")
	aEU := &realign.Actor{ID: "igo/EU", Code: "IGOEUREEC", Name: "European Union", Sector: "IGO", Kind: "igo"}
	ment := map[string]*realign.Actor{
		"Israel": aISR, "Palestinian": aPSE, "Putin": aPutin, "civilians": aCVL, "Moscow": aRUS,
		"Congress": aLEG, "Obama": aObama, "Iran": aIRN, "Russia": aRUS, "Ukraine": aUKR,
		"Khan": aKhan, "Modi": aModi, "Porras": aPorras, "European Union": aEU, "Canada": aCAN,
		"United States": aUSA, "Pakistan": aPAK, "India": aIND,
	}
	tests := []struct {
		name, text string
		want       []string
	}{
		{"pronoun after announce, reported future, quantity",
			"Israel announced it would free over 150 Palestinian prisoners.", []string{"ISR PSE 0353 intended"}},
		{"as is a conjunction before a finite verb",
			"The talks ended as Israel announced it would free 20 Palestinian prisoners.", []string{"ISR PSE 0353 intended"}},
		{"he needs a person speaker", "Pakistan said he would free 20 Palestinian prisoners.", nil},
		{"passive with a time adverb before the agent",
			"The civilians imprisoned for acting against Moscow were released yesterday by Putin.", []string{"RUSGOV ---CVL 0841 asserted"}},
		{"relative clause subject", "Porras, who was sanctioned by the European Union, resigned.", []string{"IGOEUREEC GTMJUD 163 asserted"}},
		{"time adverbial between object and to",
			"Khan urged Russia on Friday to release the sailors.", []string{"PAKGOV RUS 0253 asserted"}},
		{"pressure from X to: the act is X's wish", "Obama faces pressure from Congress to help Iran.", []string{"USALEG USAGOV 100 asserted"}},
		{"passive control verb", "Obama was urged by Congress to help Iran.", []string{"USALEG USAGOV 020 asserted"}},
		{"talks are negotiation both ways", "Khan held talks with Modi.", []string{"PAKGOV INDGOV 046 asserted", "INDGOV PAKGOV 046 asserted"}},
		{"refused talks have no reverse", "Khan refused to hold talks with Modi.", []string{"PAKGOV INDGOV 125 asserted"}},
		{"claim of another's attack is an accusation, not the act",
			"The United States claimed that Iran had attacked Ukraine.", []string{"USA IRN 112 asserted"}},
		{"claim of one's own attack is a claim of responsibility, not the act",
			"Russia claimed that Russia had attacked Ukraine.", []string{"RUS UKR 015 asserted"}},
		{"a reported attack that is not claimed stays the act",
			"The United States said that Iran had attacked Ukraine.", []string{"IRN UKR 190 asserted"}},
		{"allege", "Pakistan alleged that India was behind the blast.", []string{"PAK IND 112 asserted"}},
		{"tariffs", "The United States imposed tariffs on Canada.", []string{"USA CAN 163 asserted"}},
		{"military operation", "Russia launched a military operation against Ukraine.", []string{"RUS UKR 190 asserted"}},
		{"single-subject ceasefire", "Ukraine agreed to a ceasefire.", []string{"UKR - 0871 asserted"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := analysis(t, tc.text, "2019-06-14", ment)
			got := briefs(t, a)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tc.text, diff)
			}
		})
	}
}
