package eventcode

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/realign/realign"
	"github.com/realign/realign/timex"
)

// TestFreshUserTrial covers the errors a fresh-user trial found with
// realistic news sentences: text in capitals, phrases between subject and
// verb, "fought alongside", "did not rule out", years naming a treaty,
// times of coordinated verb phrases, appositive names, joint subjects and
// "the two leaders", threats, water cannon and blocked sanctions. Each
// want entry is "SOURCE TARGET CODE MODALITY DATE".
func TestFreshUserTrial(t *testing.T) {
	gov := func(iso string) *realign.Actor {
		return &realign.Actor{ID: "state/" + iso, Code: iso + "GOV", Name: iso, Country: iso, Sector: "GOV", Kind: "state"}
	}
	mil := func(iso string) *realign.Actor {
		return &realign.Actor{ID: "state/" + iso, Code: iso + "MIL", Name: iso, Country: iso, Sector: "MIL", Kind: "state"}
	}
	aLavrov := person("sergei-lavrov", "Sergei Lavrov", "RUS", "GOV")
	aXi := person("xi-jinping", "Xi Jinping", "CHN", "GOV")
	aErdogan := person("recep-tayyip-erdogan", "Recep Tayyip Erdogan", "TUR", "GOV")
	aYoon := person("yoon-suk-yeol", "Yoon Suk Yeol", "KOR", "GOV")
	aHuang := person("huang-xilian", "Huang Xilian", "CHN", "GOV")
	aECOWAS := &realign.Actor{ID: "igo/ECOWAS", Code: "IGOWAFWAS", Name: "ECOWAS", Sector: "IGO", Kind: "igo"}
	ment := map[string]*realign.Actor{
		"SERGEI LAVROV": aLavrov, "UKRAINE": state("UKR"), "MOSCOW": gov("RUS"),
		"VLADIMIR PUTIN": aPutin, "XI JINPING": aXi, "Vladimir Putin": aPutin, "Xi Jinping": aXi,
		"Recep Tayyip Erdogan": aErdogan, "Qatar": state("QAT"), "Egypt": state("EGY"), "Israel": state("ISR"),
		"Eritrea": state("ERI"), "Ethiopian forces": mil("ETH"),
		"Yoon": aYoon, "Pyongyang": gov("PRK"),
		"United States": aUSA, "Philippines": state("PHL"),
		"Mali": state("MLI"), "French troops": mil("FRA"), "Ukraine": state("UKR"),
		"Huang Xilian": aHuang, // the entity stage gives the name, not "Chinese ambassador"
		"Saudi Arabia": aSAU, "Iran": aIRN, "Burkina Faso": state("BFA"), "Niger": state("NER"), "ECOWAS": aECOWAS,
		"India": aIND, "Pakistan": aPAK,
		"Chinese coast guard": mil("CHN"), "Philippine": state("PHL"), "Hungary": state("HUN"), "Russia": aRUS,
	}
	tests := []struct {
		name, text string
		want       []string
	}{
		{"sentence in capitals",
			"RUSSIAN FOREIGN MINISTER SERGEI LAVROV ACCUSED UKRAINE ON TUESDAY OF ATTACKING MOSCOW WITH DRONES.",
			[]string{"RUSGOV UKR 1123 asserted 2025-03-04"}},
		{"sentence in capitals with a verb between names",
			"PRESIDENT VLADIMIR PUTIN MET CHINESE PRESIDENT XI JINPING IN THE KREMLIN.",
			[]string{"RUSGOV CHNGOV 040 asserted 2025-03-04"}},
		{"a phrase set off by commas does not take over the subject",
			"Turkish President Recep Tayyip Erdogan, after talks with officials from Qatar and Egypt, condemned Israel.",
			[]string{"TURGOV ISR 111 asserted 2025-03-04"}},
		{"fighting alongside is no attack",
			"Eritrea, whose troops fought alongside Ethiopian forces, was not party to the agreement.", nil},
		{"did not rule out is a possibility",
			"Yoon did not rule out imposing further sanctions on Pyongyang.",
			[]string{"KORGOV PRKGOV 163 hypothetical "}},
		{"ruled out is a denial",
			"Yoon ruled out imposing further sanctions on Pyongyang.",
			[]string{"KORGOV PRKGOV 163 negated "}},
		{"a year naming a treaty does not date the event",
			"The United States reaffirmed its commitment to defend the Philippines under the 1951 Mutual Defense Treaty.",
			[]string{"USA PHL 052 asserted "}},
		{"each coordinated verb phrase takes its own time",
			"Mali expelled French troops in 2022 and cut diplomatic ties with Ukraine in 2024.",
			[]string{"MLI FRAMIL 174 historical 2022", "MLI UKR 161 asserted 2024"}},
		{"a verb phrase with no time of its own shares its neighbour's",
			"Mali expelled French troops in 2024 and cut diplomatic ties with Ukraine.",
			[]string{"MLI FRAMIL 174 asserted 2024", "MLI UKR 161 asserted 2024"}},
		{"a time before the first verb dates both",
			"In 2024, Mali expelled French troops and cut diplomatic ties with Ukraine.",
			[]string{"MLI FRAMIL 174 asserted 2024", "MLI UKR 161 asserted 2024"}},
		{"an appositive name after the object",
			"The Philippines summoned the Chinese ambassador, Huang Xilian.",
			[]string{"PHL CHNGOV 114 asserted 2025-03-04"}},
		{"joint subject with a relative clause",
			"Saudi Arabia and Iran, which cut ties in 2016, agreed on Friday to restore diplomatic relations.",
			[]string{"SAU IRN 161 historical 2016", "IRN SAU 161 historical 2016", "SAU IRN 054 asserted 2025-02-28", "IRN SAU 054 asserted 2025-02-28"}},
		{"they after announced on Sunday that stands for the joint subject",
			"Mali, Burkina Faso and Niger announced on Sunday that they would withdraw from ECOWAS.",
			[]string{"MLI IGOWAFWAS 160 intended 2025-03-02", "BFA IGOWAFWAS 160 intended 2025-03-02", "NER IGOWAFWAS 160 intended 2025-03-02"}},
		{"the two leaders are the persons named before",
			"Russia's Vladimir Putin hosted Xi Jinping. The two leaders signed an agreement.",
			[]string{"RUSGOV CHNGOV 043 asserted 2025-03-04", "CHNGOV RUSGOV 042 asserted 2025-03-04", "RUSGOV CHNGOV 057 asserted 2025-03-04", "CHNGOV RUSGOV 057 asserted 2025-03-04"}},
		{"the two countries named in the previous sentence",
			"India and Pakistan fought three wars. The two countries signed an agreement.",
			[]string{"IND PAK 190 asserted 2025-03-04", "PAK IND 190 asserted 2025-03-04", "IND PAK 057 asserted 2025-03-04", "PAK IND 057 asserted 2025-03-04"}},
		{"the two leaders with no pair named before",
			"The two leaders signed an agreement.", nil},
		{"threatened to retaliate",
			"Iran threatened to retaliate against Israel.",
			[]string{"IRN ISR 138 asserted 2025-03-04"}},
		{"water cannon is coercion, not armed force",
			"Chinese coast guard ships fired water cannon at a Philippine vessel.",
			[]string{"CHNMIL PHL 170 asserted 2025-03-04"}},
		{"sanctions one would not block are not one's own",
			"Hungary said it would not block sanctions against Russia.", nil},
	}
	tx, err := timex.New(timex.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := analysis(t, tc.text, "2025-03-04", ment)
			if err := tx.Annotate(a); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range code(t, a) {
				got = append(got, brief(e)+" "+e.Date)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tc.text, diff)
			}
		})
	}
}
