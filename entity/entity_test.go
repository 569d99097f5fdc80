package entity

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/realign/realign"
	"github.com/realign/realign/internal/testcorpus"
	"github.com/realign/realign/kb"
	"github.com/realign/realign/nlp"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

var (
	setupOnce sync.Once
	testSeg   *nlp.Segmenter
	testAnn   *Annotator
	setupErr  error
)

func setup(t *testing.T) (*nlp.Segmenter, *Annotator) {
	t.Helper()
	setupOnce.Do(func() {
		var k *kb.KB
		if k, setupErr = kb.Load(kb.Options{}); setupErr != nil {
			return
		}
		testSeg, setupErr = nlp.New(nlp.Options{NameWord: k.NameWord}) // as package pipeline wires it
		if setupErr != nil {
			return
		}
		testAnn, setupErr = New(Options{KB: k})
	})
	if setupErr != nil {
		t.Fatalf("setup: %v", setupErr)
	}
	return testSeg, testAnn
}

func analyse(t *testing.T, text string, published time.Time) *realign.Analysis {
	t.Helper()
	seg, ann := setup(t)
	a := &realign.Analysis{Document: realign.Document{Text: text, Published: published}}
	if err := seg.Annotate(a); err != nil {
		t.Fatalf("nlp: %v", err)
	}
	if err := ann.Annotate(a); err != nil {
		t.Fatalf("Annotate: %v", err)
	}
	checkInvariants(t, a)
	return a
}

// checkInvariants verifies the contract of the mention layer.
func checkInvariants(t *testing.T, a *realign.Analysis) {
	t.Helper()
	for i, m := range a.Mentions {
		if m.Start < 0 || m.End > len(a.Document.Text) || m.Start >= m.End {
			t.Errorf("mention %d %+v: bad span", i, m.Span)
			continue
		}
		if m.Text != m.Span.Text(a.Document.Text) {
			t.Errorf("mention %d: Text %q != span text %q", i, m.Text, m.Span.Text(a.Document.Text))
		}
		if i > 0 && m.Start < a.Mentions[i-1].End {
			t.Errorf("mention %d %q overlaps or precedes mention %d %q", i, m.Text, i-1, a.Mentions[i-1].Text)
		}
		if m.Antecedent < -1 || m.Antecedent >= i {
			t.Errorf("mention %d %q: antecedent %d out of range", i, m.Text, m.Antecedent)
		}
		switch m.Type {
		case realign.PERSON, realign.ORG, realign.GPE, realign.LOC, realign.NORP:
		default:
			t.Errorf("mention %d %q: type %q", i, m.Text, m.Type)
		}
		if m.Pronoun && m.Via != "pronoun" {
			t.Errorf("mention %d %q: pronoun with via %q", i, m.Text, m.Via)
		}
	}
}

type want struct {
	text, typ, code, via string // code "" means a nil actor
}

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

func codeOf(m realign.Mention) string {
	if m.Actor == nil {
		return ""
	}
	return m.Actor.Code
}

func TestAnnotateCases(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		date   string // "" = unknown
		want   []want
		absent []string // texts that must not be mentions
	}{
		{name: "possessive straight", text: "Pakistan's economy grew.", date: "2019-06-14",
			want: []want{{"Pakistan", realign.GPE, "PAK", "name"}}},
		{name: "possessive curly", text: "Pakistan’s economy grew.", date: "2019-06-14",
			want: []want{{"Pakistan", realign.GPE, "PAK", "name"}}},
		{name: "multi-word and acronym", text: "Leaders of the Shanghai Cooperation Organization (SCO) and the U.S. met.", date: "2019-06-14",
			want: []want{{"Shanghai Cooperation Organization", realign.ORG, "IGOCASSCO", "name"}, {"SCO", realign.ORG, "IGOCASSCO", "alias"}, {"U.S.", realign.GPE, "USA", "alias"}}},
		{name: "sentence in capitals: names end at ordinary words", text: "RUSSIAN FOREIGN MINISTER SERGEI LAVROV ACCUSED UKRAINE ON TUESDAY OF ATTACKING MOSCOW WITH DRONES.", date: "2025-03-04",
			want:   []want{{"SERGEI LAVROV", realign.PERSON, "RUSGOV", "name"}, {"UKRAINE", realign.GPE, "UKR", "name"}, {"MOSCOW", realign.GPE, "RUSGOV", "capital"}},
			absent: []string{"SERGEI LAVROV ACCUSED UKRAINE ON TUESDAY OF ATTACKING MOSCOW WITH DRONES"}},
		{name: "sentence in capitals: titles and a verb between names", text: "PRESIDENT VLADIMIR PUTIN MET CHINESE PRESIDENT XI JINPING IN THE KREMLIN.", date: "2025-03-04",
			want: []want{{"VLADIMIR PUTIN", realign.PERSON, "RUSGOV", "name"}, {"XI JINPING", realign.PERSON, "CHNGOV", "name"}}},
		{name: "sentence in capitals: country names that are also common words", text: "THE UNITED STATES AND TURKEY WARNED CHINA AT THE UNITED NATIONS.", date: "2025-03-04",
			want: []want{{"UNITED STATES", realign.GPE, "USA", "name"}, {"TURKEY", realign.GPE, "TUR", "name"}, {"CHINA", realign.GPE, "CHN", "name"}, {"UNITED NATIONS", realign.ORG, "IGOUNO", "name"}}},
		{name: "sentence in capitals: acronyms keep their case-sensitive names", text: "NATO AND THE US WARNED RUSSIA OVER ITS TROOPS.", date: "2025-03-04",
			want: []want{{"NATO", realign.ORG, "IGOWSTNAT", "alias"}, {"US", realign.GPE, "USA", "alias"}, {"RUSSIA", realign.GPE, "RUS", "name"}}},
		{name: "seat", text: "The Kremlin said the talks were useful.", date: "2019-06-14",
			want: []want{{"Kremlin", realign.ORG, "RUSGOV", "seat"}}},
		{name: "title and full name", text: "Pakistan PM Imran Khan arrived in the city.", date: "2019-06-14",
			want: []want{{"Imran Khan", realign.PERSON, "PAKGOV", "name"}}, absent: []string{"Pakistan", "Pakistan PM Imran Khan"}},
		{name: "title and surname after full name", text: "Imran Khan arrived. PM Khan then left.", date: "2019-06-14",
			want: []want{{"Imran Khan", realign.PERSON, "PAKGOV", "name"}, {"Khan", realign.PERSON, "PAKGOV", "surname"}}},
		{name: "foreign minister", text: "Foreign Minister Shah Mahmood Qureshi said the visit went well.", date: "2019-06-14",
			want: []want{{"Shah Mahmood Qureshi", realign.PERSON, "PAKGOV", "name"}}},
		{name: "president surname", text: "President Putin spoke first.", date: "2019-06-14",
			want: []want{{"Putin", realign.PERSON, "RUSGOV", "name"}}},
		{name: "unknown name with title and adjective", text: "Pakistani Foreign Minister Someone Unknown arrived.", date: "2019-06-14",
			want: []want{{"Someone Unknown", realign.PERSON, "PAKGOV", "title"}}},
		{name: "role description", text: "He met the Russian President on Friday.", date: "2019-06-14",
			want: []want{{"Russian President", realign.PERSON, "RUSGOV", "role"}}},
		{name: "role description lower case", text: "Talks with the Russian president went well.", date: "2010-01-01",
			want: []want{{"Russian president", realign.PERSON, "RUSGOV", "role"}}},
		{name: "possessive role", text: "Pakistan's Foreign Minister arrived.", date: "2019-06-14",
			want: []want{{"Pakistan's Foreign Minister", realign.PERSON, "PAKGOV", "role"}}},
		{name: "role without known holder", text: "Pakistan's Foreign Minister arrived.", date: "1950-01-01",
			want: []want{{"Pakistan's Foreign Minister", realign.PERSON, "PAKGOV", "title"}}},
		{name: "title of state", text: "He met the President of Russia.", date: "2019-06-14",
			want: []want{{"President of Russia", realign.PERSON, "RUSGOV", "role"}}},
		{name: "IGO office", text: "The UN Secretary-General called for calm.", date: "2020-01-01",
			want: []want{{"UN Secretary-General", realign.PERSON, "IGOUNO", "role"}}},
		{name: "alternative state name", text: "Türkiye’s president spoke.", date: "2023-01-01",
			want: []want{{"Türkiye’s president", realign.PERSON, "TURGOV", "role"}}},
		{name: "demonym", text: "A Russian delegation arrived.", date: "2019-06-14",
			want: []want{{"Russian", realign.NORP, "RUS", "demonym"}}},
		{name: "sector nouns", text: "The Russian military and Russian officials spoke to Russian state news outlet TASS.", date: "2019-06-14",
			want: []want{{"Russian military", realign.ORG, "RUSMIL", "sector"}, {"Russian officials", realign.ORG, "RUSGOV", "sector"},
				{"Russian state news outlet", realign.ORG, "RUSMED", "sector"}, {"TASS", realign.ORG, "RUSMED", "name"}}},
		{name: "capital as actor", text: "New Delhi will respond positively.", date: "2019-06-14",
			want: []want{{"New Delhi", realign.GPE, "INDGOV", "capital"}}},
		{name: "capital as place", text: "The summit was held in Bishkek.", date: "2019-06-14",
			want: []want{{"Bishkek", realign.GPE, "KGZ", "place"}}},
		{name: "dateline is a place", text: "TOKYO — Leaders met.", date: "2023-03-16",
			want: []want{{"TOKYO", realign.GPE, "JPN", "place"}}},
		{name: "dateline with country", text: "ISLAMABAD, Pakistan — Talks resumed.", date: "2023-03-16",
			want: []want{{"ISLAMABAD", realign.GPE, "PAK", "place"}, {"Pakistan", realign.GPE, "PAK", "name"}}},
		{name: "capital subject at sentence start", text: "Moscow rejected the offer.", date: "2023-03-16",
			want: []want{{"Moscow", realign.GPE, "RUSGOV", "capital"}}},
		{name: "unknown person before speech verb", text: "The plan failed, Jane Doakes said.", date: "2019-06-14",
			want: []want{{"Jane Doakes", realign.PERSON, "", "guess"}}},
		{name: "unknown organisation", text: "The report came from the Tarvos Institute for Peace.", date: "2019-06-14",
			want: []want{{"Tarvos Institute for Peace", realign.ORG, "", "guess"}}},
		{name: "sentence-initial ordinary words", text: "Previously, the plan failed. Well, it is fine. Yes, we agree. However, Moscow objected.", date: "2019-06-14",
			want: []want{{"Moscow", realign.GPE, "RUSGOV", "capital"}}, absent: []string{"Previously", "Well", "Yes", "However"}},
		{name: "pronoun gender", text: "Imran Khan met Angela Merkel in Berlin. She said trade mattered. He agreed.", date: "2019-06-14",
			want: []want{{"She", realign.PERSON, "DEUGOV", "pronoun"}, {"He", realign.PERSON, "PAKGOV", "pronoun"}}},
		{name: "his country", text: "PM Imran Khan said his country wanted peace.", date: "2019-06-14",
			want: []want{{"his country", realign.GPE, "PAK", "pronoun"}}},
		{name: "first person not resolved", text: "“We want peace and I mean it,” Imran Khan said.", date: "2019-06-14",
			want: []want{{"Imran Khan", realign.PERSON, "PAKGOV", "name"}}, absent: []string{"We", "I"}},
		{name: "unknown date uses latest role", text: "Imran Khan spoke.", date: "",
			want: []want{{"Imran Khan", realign.PERSON, "PAKOPP", "name"}}},
		{name: "bare surname of person in office", text: "Trump spoke.", date: "2019-06-14",
			want: []want{{"Trump", realign.PERSON, "USAGOV", "alias"}}},
		{name: "armed group", text: "The Baloch Liberation Army, or BLA, claimed the attack.", date: "2025-03-12",
			want: []want{{"Baloch Liberation Army", realign.ORG, "PAKREB", "name"}, {"BLA", realign.ORG, "PAKREB", "alias"}}},
		{name: "group with lower-case particle", text: "Officials blamed al-Shabab and the Islamic State group.", date: "2024-01-10",
			want: []want{{"al-Shabab", realign.ORG, "SOMREB", "name"}, {"Islamic State group", realign.ORG, "IMGMUSISI", "alias"}}},
		{name: "Taliban as insurgents", text: "The Taliban attacked a checkpoint.", date: "2019-06-14",
			want: []want{{"Taliban", realign.ORG, "AFGINS", "name"}}},
		{name: "Taliban as government", text: "The Taliban banned girls from school.", date: "2023-03-01",
			want: []want{{"Taliban", realign.ORG, "AFGGOV", "name"}}},
		{name: "gazetteer city as place", text: "Gunmen attacked a train near Quetta. Houston is far away.", date: "2025-03-12",
			want: []want{{"Quetta", realign.GPE, "PAK", "place"}, {"Houston", realign.GPE, "USA", "place"}}},
		{name: "gazetteer city not a person", text: "Talks were held at the United Nations in New York. New York hosted them.", date: "2024-01-10",
			want: []want{{"New York", realign.GPE, "USA", "place"}, {"New York", realign.GPE, "USA", "place"}}},
		{name: "gazetteer place without country", text: "Ships crossed the Indian Ocean.", date: "2024-01-10",
			want: []want{{"Indian Ocean", realign.LOC, "", "name"}}},
		{name: "KB region of one state", text: "The base on Diego Garcia and a district in Balochistan.", date: "2024-01-10",
			want: []want{{"Diego Garcia", realign.GPE, "IOT", "place"}, {"Balochistan", realign.GPE, "PAK", "place"}}},
		{name: "dated title and surname 2019", text: "President Trump met Prime Minister Khan.", date: "2019-07-22",
			want: []want{{"Trump", realign.PERSON, "USAGOV", "name"}, {"Khan", realign.PERSON, "PAKGOV", "name"}}},
		{name: "dated title and surname 2022", text: "President Trump criticised the talks.", date: "2022-06-01",
			want: []want{{"Trump", realign.PERSON, "USAELI", "name"}}},
		{name: "shared surname by date 2015", text: "Prime Minister Sharif visited Kabul.", date: "2015-05-12",
			want: []want{{"Sharif", realign.PERSON, "PAKGOV", "name"}}},
		{name: "shared surname by date 2024", text: "Prime Minister Sharif visited Beijing.", date: "2024-06-05",
			want: []want{{"Sharif", realign.PERSON, "PAKGOV", "name"}}},
		{name: "former prime minister in opposition", text: "Imran Khan addressed supporters.", date: "2023-05-01",
			want: []want{{"Imran Khan", realign.PERSON, "PAKOPP", "name"}}},
		{name: "disputed region has no actor", text: "Troops moved into Crimea.", date: "2024-01-10",
			want: []want{{"Crimea", realign.GPE, "", "name"}}},
		{name: "speaker before a city is a person", text: "The deal holds, Houston said.", date: "2024-01-10",
			want: []want{{"Houston", realign.PERSON, "", "guess"}}},
		{name: "name with particle run", text: "European Commission President Ursula von der Leyen spoke.", date: "2024-01-10",
			want: []want{{"Ursula von der Leyen", realign.PERSON, "IGOEUREEC", "name"}}, absent: []string{"Ursula", "Leyen"}},
		{name: "Taiwan president surname", text: "Lai said Taiwan would not provoke.", date: "2024-08-01",
			want: []want{{"Lai", realign.PERSON, "TWNGOV", "alias"}}},
		{name: "bare surname of person out of office", text: "Then Bennett spoke.", date: "2019-06-14",
			want: []want{{"Bennett", realign.PERSON, "", "guess"}}},
		{name: "unknown surname coreference", text: "Jane Doakes said the plan failed. Doakes left.", date: "2019-06-14",
			want: []want{{"Jane Doakes", realign.PERSON, "", "guess"}, {"Doakes", realign.PERSON, "", "surname"}}},
		{name: "honorific", text: "Ms. Lena Varga said she was tired.", date: "2019-06-14",
			want: []want{{"Lena Varga", realign.PERSON, "", "title"}, {"she", realign.PERSON, "", "pronoun"}}},
		// Unknown people take their actor from a title with a state, IGO,
		// group or ministry, before or after the name.
		{name: "ministry spokeswoman", text: "Chinese Foreign Ministry spokeswoman Mao Ning said the ships acted lawfully. She urged calm. Mao later left.", date: "2024-06-20",
			want:   []want{{"Mao Ning", realign.PERSON, "CHNGOV", "title"}, {"She", realign.PERSON, "CHNGOV", "pronoun"}, {"Mao", realign.PERSON, "CHNGOV", "surname"}},
			absent: []string{"Chinese", "Chinese Foreign Ministry"}},
		{name: "defence ministry spokesman takes the ministry's sector", text: "Russian Defense Ministry spokesman Ivor Kalenko said the strikes hit depots.", date: "2024-06-20",
			want: []want{{"Ivor Kalenko", realign.PERSON, "RUSMIL", "title"}}},
		{name: "group commander with nickname in quotes", text: `RSF commander Mohamed Hamdan Dagalo, widely known as "Hemedti," rejected the truce. Dagalo said his forces would stay. Hemedti left.`, date: "2024-06-20",
			want: []want{{"Mohamed Hamdan Dagalo", realign.PERSON, "SDNREB", "title"}, {"Hemedti", realign.PERSON, "SDNREB", "alias"},
				{"Dagalo", realign.PERSON, "SDNREB", "surname"}, {"his", realign.PERSON, "SDNREB", "pronoun"}, {"Hemedti", realign.PERSON, "SDNREB", "surname"}}},
		{name: "nickname in parentheses", text: "Mohamed Hamdan Dagalo (Hemedti) spoke. Later Hemedti left.", date: "2024-06-20",
			want: []want{{"Mohamed Hamdan Dagalo", realign.PERSON, "", "guess"}, {"Hemedti", realign.PERSON, "", "alias"}, {"Hemedti", realign.PERSON, "", "surname"}}},
		{name: "group code follows the date", text: "RSF commander Mohamed Hamdan Dagalo spoke.", date: "2020-01-01",
			want: []want{{"Mohamed Hamdan Dagalo", realign.PERSON, "SDNMIL", "title"}}},
		{name: "title before comma then name", text: "Iran's top security official, Kourosh Farahzadi, travelled to Beijing. Farahzadi said he was hopeful.", date: "2023-03-10",
			want:   []want{{"Kourosh Farahzadi", realign.PERSON, "IRNGOV", "title"}, {"Farahzadi", realign.PERSON, "IRNGOV", "surname"}, {"he", realign.PERSON, "IRNGOV", "pronoun"}},
			absent: []string{"Iran", "Iran's top security official"}},
		{name: "apposition after the name", text: "Kourosh Farahzadi, Iran's top security official, said talks would resume. He added that more talks were planned.", date: "2023-03-10",
			want: []want{{"Kourosh Farahzadi", realign.PERSON, "IRNGOV", "title"}, {"Iran's top security official", realign.PERSON, "IRNGOV", "apposition"},
				{"He", realign.PERSON, "IRNGOV", "pronoun"}}},
		{name: "apposition after the name beats the office holder", text: "Hamid Sorouri Kani, Iran's foreign minister, arrived.", date: "2019-06-14",
			want: []want{{"Hamid Sorouri Kani", realign.PERSON, "IRNGOV", "title"}, {"Iran's foreign minister", realign.PERSON, "IRNGOV", "apposition"}}},
		{name: "counterpart in apposition", text: "Wang Yi met his Philippine counterpart, Rafael Dumaguin, in Jakarta. Dumaguin said ties were stable.", date: "2024-06-20",
			want: []want{{"Wang Yi", realign.PERSON, "CHNGOV", "name"}, {"his", realign.PERSON, "CHNGOV", "pronoun"},
				{"Rafael Dumaguin", realign.PERSON, "PHLGOV", "title"}, {"Dumaguin", realign.PERSON, "PHLGOV", "surname"}}},
		{name: "not an apposition: a place after the comma", text: "Pakistan's foreign minister, Beijing said, would visit.", date: "1950-01-01",
			want: []want{{"Pakistan's foreign minister", realign.PERSON, "PAKGOV", "title"}, {"Beijing", realign.GPE, "CHNGOV", "capital"}}},
		{name: "coast guard is military", text: "Chinese coast guard ships blocked the mission. The Philippine Coast Guard said so.", date: "2024-06-20",
			want: []want{{"Chinese coast guard", realign.ORG, "CHNMIL", "sector"}, {"Philippine Coast Guard", realign.ORG, "PHLMIL", "sector"}}},
		// Sector nouns (CAMEO agents) with and without a state.
		{name: "sector nouns with a state", text: "Georgian demonstrators met Pakistan's military. A Nigerian student and Iranian refugees spoke to Russian state media.", date: "2020-01-01",
			want: []want{{"Georgian demonstrators", realign.ORG, "GEOOPP", "sector"}, {"Pakistan's military", realign.ORG, "PAKMIL", "sector"},
				{"Nigerian student", realign.PERSON, "NGAEDU", "title"}, {"Iranian refugees", realign.ORG, "IRNREF", "sector"}, {"Russian state media", realign.ORG, "RUSMED", "sector"}}},
		{name: "two states share one group noun", text: "US and British activists staged a protest. Turkish and French leaders met.", date: "2008-08-02",
			want: []want{{"US", realign.ORG, "USAOPP", "sector"}, {"British activists", realign.ORG, "GBROPP", "sector"},
				{"Turkish", realign.ORG, "TURGOV", "sector"}, {"French leaders", realign.ORG, "FRAGOV", "sector"}}},
		{name: "a possessive state shares no noun", text: "Russia and Pakistan's army met.", date: "2008-08-02",
			want: []want{{"Russia", realign.GPE, "RUS", "name"}}},
		{name: "state from a prepositional phrase", text: "A court in Guyana jailed dissidents from Myanmar. Israel released the mayor of the West Bank city of Nablus.", date: "2008-08-02",
			want: []want{{"court", realign.ORG, "GUYJUD", "sector"}, {"dissidents", realign.ORG, "MMROPP", "sector"}, {"mayor", realign.PERSON, "PSEGOV", "title"}}},
		{name: "sector nouns without a state", text: "Insurgents bombarded the town. The government thanked government forces. Obama is pressured by congress.", date: "2014-01-01",
			want:   []want{{"Insurgents", realign.ORG, "---REB", "sector"}, {"government", realign.ORG, "---GOV", "sector"}, {"government forces", realign.ORG, "---MIL", "sector"}, {"congress", realign.ORG, "---LEG", "sector"}},
			absent: []string{"town"}},
		{name: "attributive and vague sector nouns are not actors", text: "Officials visited a military base. People said the troops left.", date: "2014-01-01",
			want: []want{}, absent: []string{"military", "Officials", "People", "troops"}},
		{name: "odd casing", text: "President obama wants to help iSrael. The president obama met was late.", date: "2015-06-18",
			want: []want{{"obama", realign.PERSON, "USAGOV", "name"}, {"iSrael", realign.GPE, "ISR", "name"}}},
		{name: "people added for the gold", text: "President Michel Suleiman met President George W. Bush.", date: "2008-08-06",
			want: []want{{"Michel Suleiman", realign.PERSON, "LBNGOV", "name"}, {"President George W. Bush", realign.PERSON, "USAGOV", "alias"}}},
		{name: "UN troops are the UN's military", text: "Hundreds of UN troops withdrew.", date: "2014-09-15",
			want: []want{{"UN troops", realign.ORG, "IGOUNOMIL", "sector"}}},
		{name: "rioters are protesters, with a state from in X", text: "Police clashed with rioters in the Egyptian square. Rioters burned cars.", date: "2014-09-15",
			want: []want{{"rioters", realign.ORG, "EGYOPP", "sector"}, {"Rioters", realign.ORG, "---OPP", "sector"}}},
		{name: "a monitoring group", text: "The Syrian Observatory for Human Rights said the Syrian Observatory counted 20 dead.", date: "2014-09-15",
			want: []want{{"Syrian Observatory for Human Rights", realign.ORG, "SYROPPHRI", "name"}, {"Syrian Observatory", realign.ORG, "SYROPPHRI", "alias"}}},
		// Bad mentions seen in trials.
		{name: "shoal is a place", text: "Ships gathered near Second Thomas Shoal and Scarborough Shoal.", date: "2024-06-20",
			want:   []want{{"Second Thomas Shoal", realign.LOC, "", "guess"}, {"Scarborough Shoal", realign.LOC, "", "guess"}},
			absent: []string{"Thomas Shoal"}},
		{name: "reef and strait are places", text: "Patrols passed Mischief Reef and Bashi Channel.", date: "2024-06-20",
			want: []want{{"Mischief Reef", realign.LOC, "", "guess"}, {"Bashi Channel", realign.LOC, "", "guess"}}},
		{name: "page furniture is not a name", text: "Read our Privacy Policy and Terms of Use. Copyright Newsletter. Sign up.", date: "2024-06-20",
			want: []want{}, absent: []string{"Privacy Policy", "Terms of Use", "Copyright Newsletter", "Copyright", "Newsletter", "Terms"}},
		{name: "furniture word makes no person", text: "The report cited Cookie Bellamy Policy today.", date: "2024-06-20",
			want: []want{{"Cookie Bellamy Policy", realign.ORG, "", "guess"}}},
		{name: "capital after an event noun is a place", text: "Houthis condemned the bombing of Sanaa. Residents of Khartoum fled. Russia launched an attack on Kyiv. Sanaa protested.", date: "2024-06-20",
			want: []want{{"Sanaa", realign.GPE, "YEM", "place"}, {"Khartoum", realign.GPE, "SDN", "place"}, {"Kyiv", realign.GPE, "UKR", "place"},
				{"Sanaa", realign.GPE, "YEMGOV", "capital"}}},
		{name: "capital after of without an event noun stays the government", text: "The position of Moscow hardened.", date: "2024-06-20",
			want: []want{{"Moscow", realign.GPE, "RUSGOV", "capital"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var at time.Time
			if tt.date != "" {
				at = day(tt.date)
			}
			a := analyse(t, tt.text, at)
			used := map[int]bool{}
			for _, w := range tt.want {
				found := false
				for i, m := range a.Mentions {
					if used[i] || m.Text != w.text {
						continue
					}
					used[i], found = true, true
					if m.Type != w.typ || codeOf(m) != w.code || m.Via != w.via {
						t.Errorf("%q = %s %q via %s, want %s %q via %s", w.text, m.Type, codeOf(m), m.Via, w.typ, w.code, w.via)
					}
					break
				}
				if !found {
					t.Errorf("no mention %q in %s", w.text, dump(a))
				}
			}
			for _, s := range tt.absent {
				for _, m := range a.Mentions {
					if m.Text == s {
						t.Errorf("unexpected mention %q (%s via %s)", s, m.Type, m.Via)
					}
				}
			}
		})
	}
}

func TestPronounAntecedent(t *testing.T) {
	a := analyse(t, "Imran Khan met Angela Merkel. She smiled and he left.", day("2019-06-14"))
	idx := map[string]int{}
	for i, m := range a.Mentions {
		idx[m.Text] = i
	}
	she, he := a.Mentions[idx["She"]], a.Mentions[idx["he"]]
	if !she.Pronoun || she.Antecedent != idx["Angela Merkel"] {
		t.Errorf("She: %+v, want antecedent %d", she, idx["Angela Merkel"])
	}
	if !he.Pronoun || he.Antecedent != idx["Imran Khan"] {
		t.Errorf("he: %+v, want antecedent %d", he, idx["Imran Khan"])
	}
}

// TestCoreferenceChains checks that later short names, nicknames and
// pronouns point back at the full name that introduced the person.
func TestCoreferenceChains(t *testing.T) {
	tests := []struct {
		name, text, date string
		head             string   // the full name
		refs             []string // later mentions, in order, that must chain to it
	}{
		{"ministry spokeswoman", "Chinese Foreign Ministry spokeswoman Mao Ning spoke. She urged calm. Mao said more.", "2024-06-20",
			"Mao Ning", []string{"She", "Mao"}},
		{"group commander", `RSF commander Mohamed Hamdan Dagalo, known as "Hemedti", rejected it. Dagalo left. Hemedti said he would fight.`, "2024-06-20",
			"Mohamed Hamdan Dagalo", []string{"Hemedti", "Dagalo", "Hemedti", "he"}},
		{"apposition", "Kourosh Farahzadi, Iran's top security official, arrived. He met officials. Farahzadi left.", "2023-03-10",
			"Kourosh Farahzadi", []string{"Iran's top security official", "He", "Farahzadi"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyse(t, tt.text, day(tt.date))
			head := -1
			next := 0
			for i, m := range a.Mentions {
				if head < 0 {
					if m.Text == tt.head {
						head = i
					}
					continue
				}
				if next < len(tt.refs) && m.Text == tt.refs[next] {
					// follow the chain: a pronoun may point at a
					// surname mention that points at the head
					x := m.Antecedent
					for steps := 0; x > head && steps < len(a.Mentions); steps++ {
						x = a.Mentions[x].Antecedent
					}
					if x != head {
						t.Errorf("%q (mention %d): antecedent chain ends at %d, want %d", m.Text, i, x, head)
					}
					next++
				}
			}
			if head < 0 || next < len(tt.refs) {
				t.Errorf("head %d, found %d of %d references in %s", head, next, len(tt.refs), dump(a))
			}
		})
	}
}

func TestEmptyAndErrors(t *testing.T) {
	_, ann := setup(t)
	a := &realign.Analysis{}
	if err := ann.Annotate(a); err != nil || len(a.Mentions) != 0 {
		t.Errorf("empty: err %v, mentions %v", err, a.Mentions)
	}
	a = &realign.Analysis{Document: realign.Document{Text: "Pakistan spoke."}}
	if err := ann.Annotate(a); err == nil {
		t.Error("text without sentences: no error")
	}
	if err := ann.Annotate(nil); err == nil {
		t.Error("nil analysis: no error")
	}
	// odd inputs must not panic or fail
	for _, s := range []string{"’s", "the", "PM", "Mr.", "his", "Pakistan's", "President of", "“ ” ‘ ’", "New", "al- bin"} {
		analyse(t, s, time.Time{})
	}
}

type goldenMention struct {
	Text       string `json:"text"`
	Start      int    `json:"start"`
	End        int    `json:"end"`
	Type       string `json:"type"`
	Code       string `json:"code,omitempty"`
	ActorID    string `json:"actor_id,omitempty"`
	Via        string `json:"via,omitempty"`
	Antecedent int    `json:"antecedent"`
	Pronoun    bool   `json:"pronoun,omitempty"`
}

func golden(a *realign.Analysis) []goldenMention {
	out := []goldenMention{}
	for _, m := range a.Mentions {
		g := goldenMention{Text: m.Text, Start: m.Start, End: m.End, Type: m.Type, Via: m.Via, Antecedent: m.Antecedent, Pronoun: m.Pronoun}
		if m.Actor != nil {
			g.Code, g.ActorID = m.Actor.Code, m.Actor.ID
		}
		out = append(out, g)
	}
	return out
}

func TestGolden(t *testing.T) {
	text, err := os.ReadFile(filepath.Join("testdata", "article.txt"))
	if err != nil {
		t.Fatal(err)
	}
	a := analyse(t, string(text), day("2021-03-16"))
	got := golden(a)
	path := filepath.Join("testdata", "article.golden.json")
	if *update {
		b, err := json.MarshalIndent(got, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	var wantMs []goldenMention
	if err := json.Unmarshal(b, &wantMs); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantMs, got); diff != "" {
		t.Errorf("mentions differ from %s (-want +got):\n%s", path, diff)
	}
}

func TestSCOBlogPost(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "examples", "sco-summit-blogpost.txt")
	text, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("motivating article not available (%v)", err)
	}
	a := analyse(t, string(text), day("2019-06-14"))
	has := func(textWant, typ, codePrefix string) {
		t.Helper()
		for _, m := range a.Mentions {
			if m.Text == textWant && m.Type == typ && strings.HasPrefix(codeOf(m), codePrefix) && codeOf(m) != "" {
				return
			}
		}
		t.Errorf("no %s mention %q with code %s…", typ, textWant, codePrefix)
	}
	has("Imran Khan", realign.PERSON, "PAKGOV")
	has("Vladimir Putin", realign.PERSON, "RUSGOV")
	has("Putin", realign.PERSON, "RUSGOV")
	has("Russian President", realign.PERSON, "RUSGOV")
	has("Shah Mahmood Qureshi", realign.PERSON, "PAKGOV")
	has("Qureshi", realign.PERSON, "PAKGOV")
	has("SCO", realign.ORG, "IGO")
	has("New Delhi", realign.GPE, "INDGOV")
	has("Sputnik", realign.ORG, "RUSMED")
	has("He", realign.PERSON, "PAKGOV")
	has("Khan", realign.PERSON, "PAKGOV")
	has("Bishkek", realign.GPE, "KGZ")
	has("Russian military", realign.ORG, "RUSMIL")
	// "PM Khan": the name after the title is the mention
	text2 := string(text)
	off := strings.Index(text2, "PM Khan had said")
	if off < 0 {
		t.Fatal("article changed: no \"PM Khan had said\"")
	}
	found := false
	for _, m := range a.Mentions {
		if m.Start == off+len("PM ") && m.Text == "Khan" {
			found = codeOf(m) == "PAKGOV" && m.Antecedent >= 0
		}
	}
	if !found {
		t.Errorf("\"PM Khan\" not resolved to PAKGOV by coreference")
	}
	for _, m := range a.Mentions {
		if m.Text == "Previously" || m.Text == "Well" || m.Text == "Yes" || strings.EqualFold(m.Text, "we") || m.Text == "I" {
			t.Errorf("unexpected mention %q", m.Text)
		}
	}
}

// TestVOACorpus runs the stage over every VOA story: it must never fail
// and every layer must satisfy the invariants. (Speed is measured by
// BenchmarkAnnotateLarge, not asserted here.)
func TestVOACorpus(t *testing.T) {
	docs, mentions, resolved := 0, 0, 0
	for _, d := range testcorpus.VOA(t) {
		a := analyse(t, d.Text, d.Published)
		docs++
		for _, m := range a.Mentions {
			mentions++
			if m.Actor != nil {
				resolved++
			}
		}
	}
	if docs == 0 || mentions < docs*10 {
		t.Errorf("%d stories, %d mentions: too few", docs, mentions)
	}
	t.Logf("%d stories, %d mentions, %d with actors", docs, mentions, resolved)
}

func dump(a *realign.Analysis) string {
	var b strings.Builder
	for _, m := range a.Mentions {
		b.WriteString("\n  " + m.Type + " " + m.Text + " " + codeOf(m) + " " + m.Via)
	}
	return b.String()
}

// TestDatedPerson checks that a title and a surname shared by several KB
// people resolve to the one holding the office at the document date.
func TestDatedPerson(t *testing.T) {
	tests := []struct{ text, date, form, name, code string }{
		{"Prime Minister Sharif visited Kabul.", "2015-05-12", "Sharif", "Nawaz Sharif", "PAKGOV"},
		{"Prime Minister Sharif visited Beijing.", "2024-06-05", "Sharif", "Shehbaz Sharif", "PAKGOV"},
		{"President Trump spoke.", "2019-06-14", "Trump", "Donald Trump", "USAGOV"},
		{"President Trump spoke.", "2022-06-01", "Trump", "Donald Trump", "USAELI"},
		{"Imran Khan spoke.", "2019-06-14", "Imran Khan", "Imran Khan", "PAKGOV"},
		{"Imran Khan spoke.", "2023-05-01", "Imran Khan", "Imran Khan", "PAKOPP"},
		{"Fed Chair Powell spoke.", "2021-03-01", "Powell", "Jerome Powell", "USAGOV"},
	}
	for _, tt := range tests {
		a := analyse(t, tt.text, day(tt.date))
		found := false
		for _, m := range a.Mentions {
			if a.Document.Text[m.Span.Start:m.Span.End] != tt.form {
				continue
			}
			found = true
			if m.Actor == nil || m.Actor.Name != tt.name || m.Actor.Code != tt.code {
				t.Errorf("%q at %s: %q = %+v, want %s %s", tt.text, tt.date, tt.form, m.Actor, tt.name, tt.code)
			}
		}
		if !found {
			t.Errorf("%q at %s: no mention %q", tt.text, tt.date, tt.form)
		}
	}
}

// TestSharedFullName: two people called Andris Bērziņš (prime minister
// 2000-2002, president 2011-2015) are told apart by the document date.
func TestSharedFullName(t *testing.T) {
	tests := []struct{ date, id string }{
		{"2001-06-01", "person/andris-berzins-pm"},
		{"2013-03-01", "person/andris-berzins-president"},
	}
	for _, tt := range tests {
		a := analyse(t, "Andris Bērziņš met European leaders in Riga.", day(tt.date))
		var got string
		for _, m := range a.Mentions {
			if a.Document.Text[m.Span.Start:m.Span.End] == "Andris Bērziņš" && m.Actor != nil {
				got = m.Actor.ID
			}
		}
		if got != tt.id {
			t.Errorf("at %s: Andris Bērziņš = %q, want %q", tt.date, got, tt.id)
		}
	}
}
