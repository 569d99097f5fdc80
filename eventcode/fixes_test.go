package eventcode

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/realign/realign"
)

// TestSubjectAndModality covers coordinated verbs, participle clauses,
// noun modifiers, reported speech, appositions and the added modality cues.
func TestSubjectAndModality(t *testing.T) {
	aKuleba := person("dmytro-kuleba", "Dmytro Kuleba", "UKR", "GOV")
	aKremlin := &realign.Actor{ID: "state/RUS", Code: "RUSGOV", Name: "Russia", Country: "RUS", Sector: "GOV", Kind: "state"}
	aMoscow := aKremlin
	aChinese := &realign.Actor{ID: "state/CHN", Code: "CHN", Name: "China", Country: "CHN", Kind: "state"}
	aVNM, aMYS, aUKR, aCMR := state("VNM"), state("MYS"), state("UKR"), state("CMR")
	aNajib := person("najib-razak", "Najib Razak", "MYS", "ELI")
	aMYSGOV := &realign.Actor{ID: "state/MYS", Code: "MYSGOV", Name: "Malaysia", Country: "MYS", Sector: "GOV", Kind: "state"}
	ment := map[string]*realign.Actor{
		"Dmytro Kuleba": aKuleba, "Russia": aRUS, "Moscow": aMoscow, "Kremlin": aKremlin,
		"Ukraine": aUKR, "United States": aUSA, "Vietnam": aVNM, "Malaysia": aMYS, "China": aCHN,
		"Cameroon": aCMR, "Pakistan": aPAK, "India": aIND, "Putin": aPutin, "Khan": aKhan,
		"Najib Razak": aNajib, "Malaysia's former prime minister": aMYSGOV,
	}
	tests := []struct {
		name, text string
		demonyms   map[string]*realign.Actor // NORP mentions with Via "demonym"
		want       []string
	}{
		{"coordinated verb takes the earlier subject",
			"Ukraine's Foreign Minister Dmytro Kuleba criticized Russia on Sunday and accused Moscow of using food as a weapon.", nil,
			[]string{"UKRGOV RUS 111 asserted", "UKRGOV RUSGOV 112 asserted"}},
		{"coordinated recip verb with compound subject",
			"Cameroon and Pakistan met in the capital and signed an agreement.", nil,
			[]string{"CMR PAK 040 asserted", "PAK CMR 040 asserted", "CMR PAK 057 asserted", "PAK CMR 057 asserted"}},
		{"participle clause takes the main subject; reluctance negates",
			"The statement comes as the Kremlin said that much remains to be done on a Ukraine ceasefire deal, signaling its reluctance to fully endorse the United States proposal.", nil,
			[]string{"RUSGOV USA 051 negated"}},
		{"participle after reported speech takes the speaker",
			"The Pakistan statement comes as the Kremlin said that much remains to be done, signaling its reluctance to endorse the United States proposal.", nil,
			[]string{"RUSGOV USA 051 negated"}},
		{"gerund after 'after' takes the main subject",
			"Khan will visit India after meeting with Putin.", nil,
			[]string{"PAKGOV IND 036 intended", "PAKGOV RUSGOV 036 intended"}},
		{"prepositional object with determiner is no subject",
			"In the Philippines, Putin seems to move closer to China.", map[string]*realign.Actor{}, []string{"RUSGOV CHN 030 asserted"}},
		{"met with opposition is no meeting",
			"The documentation, linked to an application that Malaysia and Vietnam made, met with opposition from China.", nil, nil},
		{"civilian demonym is no source",
			"More than 2.8 million Chinese tourists visited Vietnam this year.",
			map[string]*realign.Actor{"Chinese": aChinese}, nil},
		{"demonym before a state noun stays a source",
			"Chinese officials visited Vietnam.",
			map[string]*realign.Actor{"Chinese": aChinese}, []string{"CHN VNM 042 asserted"}},
		{"reported speech with a non-actor subject",
			"Critics, including Khan, suggest Europe cannot afford to defend Ukraine.", nil, nil},
		{"said followed by a preposition is not reported speech",
			"Khan said after wrapping up meetings with Putin that he was pleased.", nil,
			[]string{"PAKGOV RUSGOV 040 asserted"}},
		{"apposition is not a list",
			"Malaysia's former prime minister, Najib Razak, seldom criticized China.", nil,
			[]string{"MYSELI CHN 111 negated"}},
		{"list ending in a non-actor",
			"The United States, Pakistan and rights groups condemned India.", nil,
			[]string{"USA IND 111 asserted", "PAK IND 111 asserted"}},
		{"prepositional list is no subject",
			"He was pleased by Russia, China and India attacking Pakistan.", nil, nil},
		{"a protest in a state targets it", "Pakistan staged a protest in India.", nil, []string{"PAK IND 141 asserted"}},
		{"a protest on one's own soil has no target", "Khan held a rally in Pakistan.", nil, []string{"PAKGOV - 141 asserted"}},
		{"the subject receives from the source slot", "Pakistan received weapons from China.", nil, []string{"CHN PAK 072 asserted"}},
		{"criticism drawn from the source slot", "Khan drew sharp criticism from India.", nil, []string{"IND PAKGOV 111 asserted"}},
		{"a refused meeting is a rejection", "Khan refused to meet Putin.", nil, []string{"PAKGOV RUSGOV 125 asserted"}},
		{"withheld aid is a rejection", "Khan would not provide aid to India.", nil, []string{"PAKGOV IND 121 asserted"}},
		{"a rare meeting is no refusal", "Khan rarely meets Putin.", nil, []string{"PAKGOV RUSGOV 040 negated"}},
		{"due to is intended", "Khan is due to meet Putin in January.", nil, []string{"PAKGOV RUSGOV 036 intended"}},
		{"supposed to is hypothetical", "Russia and India were supposed to sign a trade deal.", nil,
			[]string{"RUS IND 057 hypothetical", "IND RUS 057 hypothetical"}},
		{"question is hypothetical", "Will Russia attack Ukraine?", nil, []string{"RUS UKR 190 hypothetical"}},
		{"failure negates", "Khan's failure to sell arms to India.", nil, []string{"PAKGOV IND 072 negated"}},
		{"accuse of genocide", "The United States accused China of genocide.", nil, []string{"USA CHN 1124 asserted"}},
		{"accuse of abuses", "The United States accused China of abuses.", nil, []string{"USA CHN 1122 asserted"}},
		{"unresolved possessive source of a nominal trigger", "Reporters asked Khan about his trip to Russia.", nil, nil},
		{"one event per dyad and trigger", "Russia imposed sanctions on Putin and his network.", nil, nil},
		{"gerund after a determiner is a noun", "Russia and China attended a Security Council meeting.", nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := analysis(t, tc.text, "2019-06-14", ment)
			for k, act := range tc.demonyms {
				a.Mentions = append(a.Mentions, realign.Mention{Span: spanOf(t, tc.text, k, 0), Text: k, Type: realign.NORP, Via: "demonym", Actor: act, Antecedent: -1})
			}
			got := briefs(t, a)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tc.text, diff)
			}
		})
	}
}

// TestLocationPhrase covers the most precise place of a locative phrase
// and places or times that belong to a complement clause.
func TestLocationPhrase(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	place := func(name, iso, prec string) realign.Place {
		return realign.Place{Text: name, Name: name, Country: iso, Precision: prec, Lat: f(1), Lon: f(1)}
	}
	sochi := place("Sochi", "RUS", realign.PrecisionCity)
	blackSea := place("Black Sea", "", realign.PrecisionRegion)
	bangui := place("Bangui", "CAF", realign.PrecisionCity)
	russia := place("Russia", "RUS", realign.PrecisionCountry)
	jeddah := place("Jeddah", "SAU", realign.PrecisionCity)
	saudi := place("Saudi Arabia", "SAU", realign.PrecisionCountry)
	afg := place("Afghanistan", "AFG", realign.PrecisionCountry)
	tests := []struct {
		name, text string
		places     []realign.Place
		times      map[string]string
		loc, date  string
	}{
		{"city over region in one phrase",
			"Khan met Putin in the Black Sea resort of Sochi on Monday.", []realign.Place{blackSea, sochi},
			map[string]string{"on Monday": "2019-06-10"}, "Sochi", "2019-06-10"},
		{"apposition after a possessive",
			"Khan met Putin in the country's capital, Bangui, on Monday.", []realign.Place{bangui}, nil, "Bangui", "2019-06-14"},
		{"city before its country",
			"Khan met Putin in Jeddah, Saudi Arabia, to reach the deal.", []realign.Place{jeddah, saudi}, nil, "Jeddah", "2019-06-14"},
		{"place and time of the invitation's complement",
			"Putin also invited Khan to attend the summit meeting in Russia next year.", []realign.Place{russia},
			map[string]string{"next year": "2020"}, "", "2019-06-14"},
		{"place in a participle clause",
			"Pakistan blamed India, accusing it of supporting militants in Afghanistan.", []realign.Place{afg}, nil, "", "2019-06-14"},
		{"possessive place modifies a noun",
			"Khan met Putin in the face of Russia's isolation.", []realign.Place{russia}, nil, "", "2019-06-14"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := analysis(t, tc.text, "2019-06-14", defaultMentions)
			// place layers must not clash with actor mentions of the same text
			var keep []realign.Mention
			for _, m := range a.Mentions {
				clash := false
				for _, p := range tc.places {
					if m.Text == p.Text {
						clash = true
					}
				}
				if !clash {
					keep = append(keep, m)
				}
			}
			a.Mentions = keep
			for _, p := range tc.places {
				p.Span = spanOf(t, tc.text, p.Text, 0)
				a.Places = append(a.Places, p)
			}
			for k, v := range tc.times {
				a.Times = append(a.Times, realign.TimeExpr{Span: spanOf(t, tc.text, k, 0), Text: k, Value: v})
			}
			events := code(t, a)
			if len(events) == 0 {
				t.Fatalf("no events")
			}
			e := events[0]
			loc := ""
			if e.Location != nil {
				loc = e.Location.Name
			}
			if loc != tc.loc || e.Date != tc.date {
				t.Errorf("%s: location %q date %q, want %q %q", brief(e), loc, e.Date, tc.loc, tc.date)
			}
		})
	}
}

func TestNegativeElement(t *testing.T) {
	if _, err := parseLexicon("x.txt", "a 040 recip : meet+ !with|to\n"); err != nil {
		t.Fatalf("valid negative element: %v", err)
	}
	for _, bad := range []string{"a 040 recip : meet+ !\n", "a 040 recip : meet+ !with+\n", "a 040 recip : meet+ !a||b\n"} {
		if _, err := parseLexicon("x.txt", bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
	if _, err := parseWordList("w.txt", "# c\none two\n"); err == nil {
		t.Error("two words on a line parsed")
	}
}

// TestSectorsAndWishes covers domestic dyads of one state ID, actors of
// unknown country ("---REB"), the infinitive after a verb of wanting, an
// intended attack as a threat and the added patterns.
func TestSectorsAndWishes(t *testing.T) {
	aGEOOPP := &realign.Actor{ID: "state/GEO", Code: "GEOOPP", Name: "Georgia", Country: "GEO", Sector: "OPP", Kind: "state"}
	aGEOGOV := &realign.Actor{ID: "state/GEO", Code: "GEOGOV", Name: "Georgia", Country: "GEO", Sector: "GOV", Kind: "state"}
	aREB := &realign.Actor{Code: "---REB", Name: "insurgents", Sector: "REB", Kind: "group"}
	aGOV := &realign.Actor{Code: "---GOV", Name: "government", Sector: "GOV", Kind: "group"}
	aSYR, aCHE, aTUN := state("SYR"), state("CHE"), state("TUN")
	ment := map[string]*realign.Actor{
		"Georgian demonstrators": aGEOOPP, "Georgian government": aGEOGOV, "Insurgents": aREB,
		"government": aGOV, "Syria": aSYR, "Switzerland": aCHE, "Putin": aPutin, "Khan": aKhan,
		"China": aCHN, "United States": aUSA, "Tunisia": aTUN, "Russia": aRUS,
	}
	tests := []struct {
		name, text string
		want       []string
	}{
		{"two sectors of one state are a domestic dyad",
			"Georgian demonstrators launched missiles at the Georgian government.", []string{"GEOOPP GEOGOV 194 asserted"}},
		{"actor of unknown country as source",
			"Insurgents bombarded a town in Syria overnight.", []string{"---REB SYR 190 asserted"}},
		{"express appreciation", "The government expressed appreciation for China's help.", []string{"---GOV CHN 013 asserted"}},
		{"infinitive after a verb of wanting is the appeal only",
			"Khan wants Putin to attack Switzerland.", []string{"PAKGOV RUSGOV 020 asserted"}},
		{"intended attack is a threat", "Khan wants to attack Switzerland.", []string{"PAKGOV CHE 138 intended"}},
		{"travel advice", "The United States advised against travel to Tunisia.", []string{"USA TUN 160 asserted"}},
		{"passive pressure", "Khan was pressured by Russia.", []string{"RUS PAKGOV 170 asserted"}},
		{"help", "The United States helped Tunisia.", []string{"USA TUN 070 asserted"}},
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
