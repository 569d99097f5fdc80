package eventcode

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/realign/realign"
)

// TestActorRoleRules covers participle clauses headed by the trigger,
// verbal attacks, bare verbs coordinated with a wished infinitive and acts
// named as the content of an accusation.
func TestActorRoleRules(t *testing.T) {
	aRUSMIL := &realign.Actor{ID: "sector/RUSMIL", Code: "RUSMIL", Name: "Russian forces", Country: "RUS", Sector: realign.SectorMIL, Kind: "group"}
	aCVL := &realign.Actor{ID: "sector/CVL", Code: "---CVL", Name: "civilians", Sector: realign.SectorCVL, Kind: "group"}
	aOPP := &realign.Actor{ID: "sector/OPP", Code: "---OPP", Name: "activists", Sector: realign.SectorOPP, Kind: "group"}
	aWSJ := &realign.Actor{ID: "org/wsj", Code: "USAMED", Name: "The Wall Street Journal", Country: "USA", Sector: realign.SectorMED, Kind: "org"}
	aTrump := person("donald-trump", "Donald Trump", "USA", "GOV")
	aZelensky := person("volodymyr-zelensky", "Volodymyr Zelensky", "UKR", "GOV")
	aUKR, aMMR, aISR, aPSE := state("UKR"), state("MMR"), state("ISR"), state("PSE")
	ment := map[string]*realign.Actor{
		"Russian forces": aRUSMIL, "civilians": aCVL, "Activists": aOPP, "The Wall Street Journal": aWSJ,
		"Trump": aTrump, "Zelensky": aZelensky, "Ukraine": aUKR, "Myanmar": aMMR, "China": aCHN,
		"Russia": aRUS, "Pakistan": aPAK, "Afghanistan": aAFG, "India": aIND, "Israel": aISR,
		"Palestinians": aPSE,
	}
	tests := []struct {
		name, text string
		want       []string
	}{
		{"trigger heading a participle clause takes the subject of the verb before it",
			"Russian forces shelled Ukraine overnight, killing three civilians.",
			[]string{"RUSMIL UKR 194 asserted", "RUSMIL ---CVL 190 asserted"}},
		{"participle clause after a place object",
			"Israel struck targets in Ukraine on Sunday, killing ten Palestinians.",
			[]string{"ISR PSE 190 asserted"}},
		{"a person attacking a newspaper criticises it",
			"Trump also attacked The Wall Street Journal newspaper.",
			[]string{"USAGOV USAMED 111 asserted"}},
		{"a person attacking a person criticises",
			"Trump attacked Zelensky on Friday.",
			[]string{"USAGOV UKRGOV 111 asserted"}},
		{"an attack on a state stays force",
			"Russia attacked Ukraine on Friday.",
			[]string{"RUS UKR 190 asserted"}},
		{"an armed source keeps the attack physical",
			"Russian forces attacked The Wall Street Journal newspaper.",
			[]string{"RUSMIL USAMED 190 asserted"}},
		{"a weapon word keeps the attack physical",
			"Trump attacked Zelensky with drones.",
			[]string{"USAGOV UKRGOV 190 asserted"}},
		{"a bare verb coordinated with a wished infinitive is wished too",
			"Pakistan urged Afghanistan to hold the perpetrators accountable and cooperate with India.",
			[]string{"PAK AFG 020 asserted"}},
		{"a past verb after a wished infinitive is the main subject's",
			"Pakistan urged Afghanistan to act and accused India of meddling.",
			[]string{"PAK AFG 020 asserted", "PAK IND 1125 asserted"}},
		{"the act one is accused of is no act",
			"Activists have accused China of supporting Myanmar.",
			[]string{"---OPP CHN 112 asserted"}},
		{"the act one is criticised for is no act",
			"India criticized China for supporting Pakistan.",
			[]string{"IND CHN 111 asserted"}},
		{"an act without accusation is coded",
			"China is supporting Pakistan.",
			[]string{"CHN PAK 051 asserted"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := analysis(t, tc.text, "2025-03-10", ment)
			got := briefs(t, a)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s\n(-want +got):\n%s", tc.text, diff)
			}
		})
	}
}
