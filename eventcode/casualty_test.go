package eventcode

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/realign/realign"
)

// TestCasualtiesAndAgents covers people killed or wounded in an act named
// by its author (casualty patterns), the author of a document that is a
// subject, permission given or refused, acts a party is punished for,
// verb particles in the passive, the user of a weapon in a by-phrase, and
// teams sent to help.
func TestCasualtiesAndAgents(t *testing.T) {
	aISR, aPSE, aUKR, aRWA, aFRA := state("ISR"), state("PSE"), state("UKR"), state("RWA"), state("FRA")
	aTUN, aNGA, aTUR, aJPN, aAFG := state("TUN"), state("NGA"), state("TUR"), state("JPN"), state("AFG")
	aCVL := &realign.Actor{Code: "---CVL", Name: "civilians", Sector: "CVL", Kind: "group"}
	aMIL := &realign.Actor{Code: "---MIL", Name: "government forces", Sector: "MIL", Kind: "group"}
	aREB := &realign.Actor{Code: "---REB", Name: "rebels", Sector: "REB", Kind: "group"}
	aHamas := &realign.Actor{ID: "group/hamas", Code: "PSEREB", Name: "Hamas", Country: "PSE", Sector: "REB", Kind: "group"}
	aMAS := &realign.Actor{ID: "group/malaysia-airlines", Code: "MYSBUS", Name: "Malaysia Airlines", Country: "MYS", Sector: "BUS", Kind: "group"}
	aObama := person("barack-obama", "Barack Obama", "USA", "GOV")
	aKabul := &realign.Actor{ID: "state/AFG", Code: "AFGGOV", Name: "Afghanistan", Country: "AFG", Sector: "GOV", Kind: "state"}
	ment := map[string]*realign.Actor{
		"Israeli": aISR, "Gaza Strip": aPSE, "Gaza": aPSE, "civilians": aCVL, "Russian": aRUS, "Kharkiv": aUKR,
		"government forces": aMIL, "Rwandan": aRWA, "France": aFRA, "Obama": aObama, "Russia": aRUS,
		"Israel": aISR, "Turkey": aTUR, "United States": aUSA, "Tunisia": aTUN, "Nigerian": aNGA,
		"Hamas": aHamas, "Malaysia Airlines": aMAS, "Ukraine": aUKR, "rebels": aREB, "Japan": aJPN,
		"Kabul": aKabul, "Afghanistan": aAFG, "Iran": aIRN, "Putin": aPutin, "Lebanon": state("LBN"),
		"Ruto": person("william-ruto", "William Ruto", "KEN", "GOV"),
	}
	tests := []struct {
		name, text string
		via        map[string]string // mention text -> Via
		want       []string
	}{
		{"victims named by civilian nouns are the attacked place's civilians",
			"Four children and a man were killed in Israeli tank shelling in the Gaza Strip on Friday.", nil,
			[]string{"ISR PSECVL 194 asserted"}},
		{"civilians with no state named take the attacked place's",
			"Three civilians were killed in a Russian missile strike on Kharkiv.", nil, []string{"RUS UKRCVL 195 asserted"}},
		{"reduced passive of a headline", "Five civilians killed in an Israeli air strike in Gaza.", nil,
			[]string{"ISR PSECVL 195 asserted"}},
		{"died in", "Two children died in a Russian drone attack on Kharkiv.", nil, []string{"RUS UKRCVL 195 asserted"}},
		{"agent after the attack noun; victims of no known state give no event",
			"Eight people were killed in an air strike by government forces.", nil, nil},
		{"a capital in the slot is the place of the attack, not its author",
			"Two civilians were killed in a Kabul bombing in Afghanistan.", map[string]string{"Kabul": "capital"}, nil},
		{"an active kill is not a casualty pattern", "Israeli forces killed in Gaza.", nil, nil},
		{"author of a document that is the subject",
			"A report released on Tuesday in the Rwandan capital alleged that France was aware of the plans.", map[string]string{"Rwandan": "demonym"},
			[]string{"RWA FRA 112 asserted"}},
		{"a city of publication is no author",
			"A study published in Kabul accused France of lying.", map[string]string{"Kabul": "capital"}, nil},
		{"a document with no author named gives no source",
			"A report alleged that France was aware of the plans.", nil, nil},
		{"permission refused; the permitted act is not coded",
			"Obama said he would not give permission to Russia to help Israel.", nil, []string{"USAGOV RUS 124 asserted"}},
		{"permission granted", "Turkey granted permission to the United States to use the base.", nil,
			[]string{"TUR USA 081 asserted"}},
		{"an act someone is jailed for is not coded as an act",
			"Tunisia jailed a Nigerian for two years for helping Hamas.", nil, []string{"TUN NGA 173 asserted"}},
		{"verb particle in the passive, place phrase and weapon user before the agent",
			"The Malaysia Airlines flight was shot down over Ukraine by a missile believed to be fired by rebels.", nil,
			[]string{"---REB MYSBUS 190 asserted"}},
		{"a weapon with no user named gives no agent",
			"The Malaysia Airlines flight was shot down by a missile.", nil, nil},
		{"rescuers sent to a country", "Japan will send rescuers to Turkey.", nil, []string{"JPN TUR 0333 intended"}},
		{"a team sent for talks is no aid", "Israel sent a team to Turkey for talks.", nil, nil},
		{"a country after killed in is the place, not the author",
			"Two civilians were killed in Ukraine in a rocket attack.", nil, nil},
		{"a country after killed in, the author after during",
			"Two civilians were killed in Israel during the Hamas attack.", nil, []string{"PSEREB ISRCVL 190 asserted"}},
		{"the place before the attack",
			"Three civilians were killed in Kharkiv in a Russian missile strike.", nil, []string{"RUS UKRCVL 195 asserted"}},
		{"gerund after the place is no attack noun",
			"Two civilians died in Ukraine while serving with Russian forces.", nil, nil},
		{"the author of an attack after by", "Four civilians were killed in an attack by Hamas in Israel.", nil,
			[]string{"PSEREB ISRCVL 190 asserted"}},
		{"permission granted to a named party", "The United States granted Ukraine permission to strike targets inside Russia.", nil,
			[]string{"USA UKR 081 asserted"}},
		{"not allowed: a refusal, and the act is not coded", "Israel did not allow Turkey to send rescuers to Gaza.", nil,
			[]string{"ISR TUR 124 asserted"}},
		{"warned against an act", "Obama warned Iran against attacking Israel.", nil, []string{"USAGOV IRN 130 asserted"}},
		{"kept from an act", "Turkey prevented Russia from attacking Ukraine.", nil, nil},
		{"accused of an act with an adverb", "France accused Israel of deliberately bombing Lebanon.", nil, []string{"FRA ISR 112 asserted"}},
		{"a threat to use force is coded as the threat", "Russia threatened to launch air strikes on Ukraine.", nil,
			[]string{"RUS UKR 138 asserted"}},
		{"speculation is hypothetical", "Russia is unlikely to attack Ukraine.", nil, []string{"RUS UKR 190 hypothetical"}},
		{"a claimed act against the author's own side is still an accusation",
			"Russia claimed that Ukraine had attacked Kharkiv.", nil, []string{"RUS UKR 112 asserted"}},
		{"claim without that", "Russia claimed Israel had attacked Ukraine.", nil, []string{"RUS ISR 112 asserted"}},
		{"a state before a title belongs to the holder (no mention of the state)", "Obama met Kenya's President Ruto.", nil,
			[]string{"USAGOV KENGOV 040 asserted"}},
		{"a claimed act with no actor as target is still an accusation",
			"Russia claimed that Ukraine attacked an oil refinery.", nil, []string{"RUS UKR 112 asserted"}},
		{"a claimed act of one's own side with no target", "Hamas claimed that it attacked a checkpoint.", nil,
			[]string{"PSEREB - 015 asserted"}},
		{"a raid is no air strike", "Three civilians were killed in an Israeli raid on Gaza.", nil, []string{"ISR PSECVL 190 asserted"}},
		{"visitors of a host verb named", "Obama told visiting Putin that talks must go on.", nil,
			[]string{"USAGOV RUSGOV 043 asserted", "RUSGOV USAGOV 042 asserted"}},
		{"provide X with aid", "Japan will provide Ukraine with military aid.", nil, []string{"JPN UKR 0332 intended"}},
		{"a missile launch with no target is a show of force", "Iran fired a ballistic missile on Monday.", nil,
			[]string{"IRN - 150 asserted"}},
		{"hold responsible", "Obama holds Iran responsible for the attack.", nil, []string{"USAGOV IRN 112 asserted"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := analysis(t, tc.text, "2019-06-14", ment)
			for i := range a.Mentions {
				if v, ok := tc.via[a.Mentions[i].Text]; ok {
					a.Mentions[i].Via = v
				}
			}
			got := briefs(t, a)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tc.text, diff)
			}
		})
	}
}

// TestDatelineMentionsAreNoActors: the place and the agency of a dateline
// are no event actors (the victims of "Five people were killed" are not
// Reuters), and a capitalised sentence opening with a dash is no dateline.
func TestDatelineMentionsAreNoActors(t *testing.T) {
	aReuters := &realign.Actor{ID: "media/reuters", Code: "GBRMED", Name: "Reuters", Country: "GBR", Sector: "MED", Kind: "org"}
	ment := map[string]*realign.Actor{"KYIV": state("UKR"), "Reuters": aReuters, "Russian": aRUS, "Kharkiv": state("UKR"),
		"Russia": aRUS, "Ukraine": state("UKR")}
	tests := []struct {
		name, text, place string
		want              []string
	}{
		{"agency of a dateline", "KYIV, March 3, 2019 (Reuters) - Five people were killed in a Russian missile strike on Kharkiv.", "KYIV",
			[]string{"RUS UKRCVL 195 asserted"}},
		{"a sentence with a dash is no dateline", "Russia attacked Ukraine - the ministry said.", "Russia",
			[]string{"RUS UKR 190 asserted"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := analysis(t, tc.text, "2019-06-14", ment)
			a.Places = append(a.Places, realign.Place{Span: spanOf(t, tc.text, tc.place, 0), Text: tc.place, Name: tc.place,
				Country: ment[tc.place].Country, Precision: realign.PrecisionCity})
			got := briefs(t, a)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tc.text, diff)
			}
		})
	}
}
