package eventcode

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/realign/realign"
)

var defaultMentions = map[string]*realign.Actor{
	"Pakistan": aPAK, "Russia": aRUS, "India": aIND, "China": aCHN, "Iran": aIRN,
	"Saudi Arabia": aSAU, "United States": aUSA, "Afghanistan": aAFG,
	"Imran Khan": aKhan, "Khan": aKhan, "Putin": aPutin, "Modi": aModi, "Qureshi": aQureshi,
}

// line summarises an event as "SRC TGT CODE MODALITY[ by ATTRIBUTION]".
func line(e realign.Event) string {
	s := brief(e)
	if e.AttributedTo != nil {
		s += " by " + e.AttributedTo.Code
	}
	return s
}

func TestCodeSentences(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		// pattern families
		{"meet with", "Khan met with Putin.", []string{"PAKGOV RUSGOV 040 asserted"}},
		{"hold talks", "Khan held talks with Modi.", []string{"PAKGOV INDGOV 046 asserted", "INDGOV PAKGOV 046 asserted"}},
		{"visit", "Putin visited Pakistan.", []string{"RUSGOV PAK 042 asserted"}},
		{"interact", "Khan interacted with Putin.", []string{"PAKGOV RUSGOV 042 asserted"}},
		{"praise", "Putin praised Pakistan.", []string{"RUSGOV PAK 051 asserted"}},
		{"accuse of espionage", "Pakistan accused India of espionage.", []string{"PAK IND 1125 asserted"}},
		{"accuse", "Pakistan accused India of lying.", []string{"PAK IND 112 asserted"}},
		{"condemn", "China condemned the United States.", []string{"CHN USA 111 asserted"}},
		{"sign agreement", "Pakistan signed a trade agreement with China.", []string{"PAK CHN 057 asserted"}},
		{"restore ties", "Iran restored diplomatic ties with Saudi Arabia.", []string{"IRN SAU 054 asserted"}},
		{"express concern", "Russia expressed deep concern over India's decision.", []string{"RUS IND 012 asserted"}},
		{"call on", "Khan called on India to resume talks.", []string{"PAKGOV IND 026 asserted"}},
		{"urge release", "Putin urged Iran to release the sailors.", []string{"RUSGOV IRN 0253 asserted"}},
		{"threaten", "The United States threatened Iran.", []string{"USA IRN 130 asserted"}},
		{"sanction", "The United States imposed new sanctions on Iran.", []string{"USA IRN 163 asserted"}},
		{"attack", "Pakistan attacked Afghanistan.", []string{"PAK AFG 190 asserted"}},
		{"arms from", "Pakistan wants to buy arms from Russia.", []string{"PAK RUS 0312 intended"}},
		{"move closer", "Pakistan is moving closer to Russia.", []string{"PAK RUS 030 asserted"}},
		{"provide aid", "China sent humanitarian aid to Afghanistan.", []string{"CHN AFG 073 asserted"}},
		{"cut ties", "Saudi Arabia cut diplomatic ties with Iran.", []string{"SAU IRN 161 asserted"}},
		{"demand", "India demanded that Pakistan release the pilot.", []string{"IND PAK 1053 asserted"}},
		{"reject talks", "India rejected talks with Pakistan.", []string{"IND PAK 125 asserted"}},
		{"investigate", "Russia launched an investigation into Iran.", []string{"RUS IRN 090 asserted"}},
		{"protest no target", "Pakistan staged protests.", []string{"PAK - 141 asserted"}},
		{"troops near", "Russia deployed troops near Afghanistan.", []string{"RUS AFG 154 asserted"}},
		{"arrest", "Iran arrested Khan.", []string{"IRN PAKGOV 173 asserted"}},
		{"assassinate", "Iran tried to assassinate Putin.", []string{"IRN RUSGOV 185 asserted"}},
		{"shelling", "India shelled Pakistan.", []string{"IND PAK 194 asserted"}},
		{"mass killing", "Russia massacred Afghanistan's villagers.", []string{"RUS AFG 202 asserted"}},
		{"condolences", "Putin offered condolences to Iran.", []string{"RUSGOV IRN 018 asserted"}},
		{"yield", "Iran lifted sanctions on Saudi Arabia.", []string{"IRN SAU 085 asserted"}},
		// argument structure
		{"passive", "India was condemned by Pakistan.", []string{"PAK IND 111 asserted"}},
		{"passive with particle", "Iran was urged by Russia to release the sailors.", []string{"RUS IRN 0253 asserted"}},
		{"passive without agent", "India was condemned for its actions.", nil},
		{"compound reciprocal", "Saudi Arabia and Iran agreed to restore diplomatic ties.", []string{"SAU IRN 054 asserted", "IRN SAU 054 asserted"}},
		{"compound move closer", "Russia and Pakistan move closer.", []string{"RUS PAK 030 asserted", "PAK RUS 030 asserted"}},
		{"compound subject", "Russia and China condemned the United States.", []string{"RUS USA 111 asserted", "CHN USA 111 asserted"}},
		{"three-way compound", "Russia, China, and Iran met.", []string{"RUS CHN 040 asserted", "RUS IRN 040 asserted", "CHN RUS 040 asserted", "CHN IRN 040 asserted", "IRN RUS 040 asserted", "IRN CHN 040 asserted"}},
		{"compound target", "Khan met Putin and Modi.", []string{"PAKGOV RUSGOV 040 asserted", "PAKGOV INDGOV 040 asserted"}},
		{"possessive target", "Putin appreciated Pakistan's role.", []string{"RUSGOV PAK 051 asserted"}},
		{"possessive subject", "Pakistan's army attacked India.", []string{"PAK IND 190 asserted"}},
		{"apposition", "Pakistan PM Imran Khan met Putin.", []string{"PAKGOV RUSGOV 040 asserted"}},
		{"prepositional object is not the subject", "After talks in India, Khan praised Russia.", []string{"PAKGOV RUS 051 asserted"}},
		{"self dyad dropped", "Khan praised Pakistan.", nil},
		{"no target actor", "Pakistan praised the decision.", nil},
		{"unresolved pronoun subject", "They attacked India.", nil},
		// modality
		{"negated", "Pakistan did not attack India.", []string{"PAK IND 190 negated"}},
		{"hoped visit", "Khan hopes to visit Russia.", []string{"PAKGOV RUS 036 hoped"}},
		{"intended meeting", "Pakistan plans to meet India.", []string{"PAK IND 036 intended"}},
		{"hypothetical", "If Iran attacks Saudi Arabia, the kingdom will respond.", []string{"IRN SAU 190 hypothetical"}},
		{"historical", "In the past, Russia attacked Afghanistan.", []string{"RUS AFG 190 historical"}},
		{"historical soviet", "When the Soviets invaded, Russia attacked Afghanistan.", []string{"RUS AFG 190 historical"}},
		{"hope respond", "Khan hoped that India will respond positively.", []string{"PAKGOV IND 020 asserted"}},
		// reported speech
		{"reported speech", "Qureshi said that Putin praised Pakistan.", []string{"RUSGOV PAK 051 asserted by PAKGOV"}},
		{"according to", "According to Qureshi, Russia praised Pakistan.", []string{"RUS PAK 051 asserted by PAKGOV"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := analysis(t, tc.text, "2019-06-14", defaultMentions)
			var got []string
			for _, e := range code(t, a) {
				got = append(got, line(e))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tc.text, diff)
			}
		})
	}
}

func TestQuotedFirstPerson(t *testing.T) {
	text := `"We will never attack India, and I praise Russia," Khan said.`
	a := analysis(t, text, "2019-06-14", defaultMentions)
	content := "We will never attack India, and I praise Russia,"
	a.Quotes = []realign.Quotation{{
		Span: spanOf(t, text, content, 0), Text: content, Kind: realign.QuoteDirect, Cue: "said",
		Speaker: &realign.Speaker{Span: spanOf(t, text, "Khan", 0), Text: "Khan", Actor: aKhan, Mention: 0},
	}}
	events := code(t, a)
	var got []string
	for _, e := range events {
		got = append(got, line(e))
		if e.Quote != 0 {
			t.Errorf("event %s: Quote = %d, want 0", line(e), e.Quote)
		}
	}
	want := []string{"PAKGOV IND 190 negated by PAKGOV", "PAKGOV RUS 051 asserted by PAKGOV"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	if events[0].Source.Kind != "state" || events[0].Source.Country != "PAK" {
		t.Errorf("we -> %+v, want the Pakistani government", events[0].Source)
	}
	if events[1].Source != aKhan {
		t.Errorf("I -> %+v, want the speaker", events[1].Source)
	}
	if got := events[0].SourceSpan.Text(text); got != "We" {
		t.Errorf("source span %q, want \"We\"", got)
	}
}

func TestDateAndLocation(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	doha := realign.Place{Text: "Doha", Name: "Doha", Country: "QAT", Precision: realign.PrecisionCity, Lat: f(25.29), Lon: f(51.53)}
	london := realign.Place{Text: "LONDON", Name: "London", Country: "GBR", Precision: realign.PrecisionCity}
	tests := []struct {
		name, text string
		places     map[string]realign.Place
		times      map[string]string // text -> value
		date, loc  string
		via        string // Event.LocationVia
	}{
		{"time expression", "Khan met Putin in Doha on Thursday.", map[string]realign.Place{"Doha": doha}, map[string]string{"on Thursday": "2019-06-13"}, "2019-06-13", "Doha", realign.LocationClause},
		{"publication date for past", "Khan met Putin.", nil, nil, "2019-06-14", "", ""},
		{"no date for present", "Khan meets Putin.", nil, nil, "", "", ""},
		{"no date for intended", "Khan will meet Putin.", nil, nil, "", "", ""},
		{"historical year", "In 1979 Russia attacked Afghanistan.", nil, map[string]string{"1979": "1979"}, "1979", "", ""},
		{"historical month", "Russia attacked Afghanistan in December 1979.", nil, map[string]string{"December 1979": "1979-12"}, "1979-12", "", ""},
		{"dateline", "LONDON — Khan met Putin.", map[string]realign.Place{"LONDON": london}, nil, "2019-06-14", "London", realign.LocationDateline},
		{"dated dateline", "LONDON, June 14, 2019 (Reuters) - Khan met Putin.", map[string]realign.Place{"LONDON": london}, nil, "2019-06-14", "London", realign.LocationDateline},
		{"the dateline's date is not the event's", "LONDON, June 10, 2019 (Reuters) - Khan met Putin.", map[string]realign.Place{"LONDON": london},
			map[string]string{"June 10, 2019": "2019-06-10"}, "2019-06-14", "London", realign.LocationDateline},
		{"place of another clause is not used", "Khan, who lives in Doha, praised Putin.", map[string]realign.Place{"Doha": doha}, nil, "2019-06-14", "", ""},
		{"summit carried forward", "Leaders gathered at the summit in Doha.\n\nKhan met Putin on the sidelines of the summit.", map[string]realign.Place{"Doha": doha}, nil, "2019-06-14", "Doha", realign.LocationVenue},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := analysis(t, tc.text, "2019-06-14", defaultMentions)
			for k, p := range tc.places {
				p.Span = spanOf(t, tc.text, k, 0)
				a.Places = append(a.Places, p)
			}
			for k, v := range tc.times {
				a.Times = append(a.Times, realign.TimeExpr{Span: spanOf(t, tc.text, k, 0), Text: k, Value: v})
			}
			events := code(t, a)
			if len(events) != 1 {
				t.Fatalf("got %d events, want 1: %v", len(events), events)
			}
			e := events[0]
			if e.Date != tc.date {
				t.Errorf("date %q, want %q", e.Date, tc.date)
			}
			loc := ""
			if e.Location != nil {
				loc = e.Location.Name
			}
			if loc != tc.loc {
				t.Errorf("location %q, want %q", loc, tc.loc)
			}
			if e.LocationVia != tc.via {
				t.Errorf("location via %q, want %q", e.LocationVia, tc.via)
			}
		})
	}
}

func TestEventFields(t *testing.T) {
	text := "Pakistan PM Imran Khan met Putin."
	a := analysis(t, text, "2019-06-14", defaultMentions)
	events := code(t, a)
	if len(events) != 1 {
		t.Fatalf("got %d events", len(events))
	}
	e := events[0]
	want := realign.Event{
		Source: aKhan, Target: aPutin,
		SourceSpan: spanOf(t, text, "Imran Khan", 0), TargetSpan: spanOf(t, text, "Putin", 0),
		Code: "040", Label: "Consult, not specified below", PLOVER: "CONSULT", Goldstein: 1, QuadClass: 1,
		Modality: realign.ModalityAsserted, Date: "2019-06-14", Sentence: realign.Span{Start: 0, End: len(text)},
		Trigger: spanOf(t, text, "met", 0), Quote: -1, Rule: e.Rule,
	}
	if diff := cmp.Diff(want, e); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(e.Rule, "verbs.txt:") || !strings.HasSuffix(e.Rule, " meet") {
		t.Errorf("rule %q, want verbs.txt:LINE meet", e.Rule)
	}
}

func TestAnnotateNil(t *testing.T) {
	c, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Annotate(nil); err == nil {
		t.Error("Annotate(nil) succeeded")
	}
	a := &realign.Analysis{}
	if err := c.Annotate(a); err != nil || a.Events == nil || len(a.Events) != 0 {
		t.Errorf("empty analysis: err %v, events %v", err, a.Events)
	}
}

// TestOddLayers feeds layers with spans that do not fit the text; the coder
// must neither panic nor fail.
func TestOddLayers(t *testing.T) {
	text := "Khan met Putin. Pakistan attacked India."
	a := analysis(t, text, "", defaultMentions)
	a.Mentions = append(a.Mentions,
		realign.Mention{Span: realign.Span{Start: 30, End: 500}, Actor: aRUS},
		realign.Mention{Span: realign.Span{Start: -4, End: 2}, Actor: aRUS},
		realign.Mention{Span: realign.Span{Start: 2, End: 6}, Actor: aIND}, // overlaps "Khan"
	)
	a.Places = append(a.Places, realign.Place{Span: realign.Span{Start: 100, End: 90}})
	a.Times = append(a.Times, realign.TimeExpr{Span: realign.Span{Start: 0, End: 3}, Value: "19"})
	a.Quotes = append(a.Quotes, realign.Quotation{Span: realign.Span{Start: 0, End: 9999}})
	a.Sentences = append(a.Sentences, realign.Sentence{Span: realign.Span{Start: 5, End: 2}})
	c, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Annotate(a); err != nil {
		t.Fatal(err)
	}
	for _, e := range a.Events {
		if e.Quote != 0 || e.AttributedTo != nil {
			t.Errorf("event %s: quote %d attributed %v, want quote 0 with no speaker", line(e), e.Quote, e.AttributedTo)
		}
	}
}
