package eventcode

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/realign/realign"
)

const scoPath = "../../shared/examples/sco-summit-blogpost.txt"

// scoAnalysis builds the layers the earlier stages would produce for the
// SCO article, by hand: mentions, quotations, places and times.
func scoAnalysis(t *testing.T) (*realign.Analysis, map[string]int) {
	t.Helper()
	raw, err := os.ReadFile(scoPath)
	if err != nil {
		t.Skipf("shared example not available (%v); skipping", err)
	}
	text := string(raw)
	a := analysis(t, text, "2019-06-14", map[string]*realign.Actor{
		"Imran Khan": aKhan, "Khan": aKhan, "He": aKhan, "he": aKhan, "his": aKhan,
		"Vladimir Putin": aPutin, "Putin": aPutin, "Russian President": aPutin,
		"Shah Mahmood Qureshi": aQureshi, "Qureshi": aQureshi,
		"Sputnik": aSputnik, "New Delhi": aINDGOV, "India": aIND, "Russia": aRUS,
		"Russian": aRUS, "Pakistan": aPAK, "China": aCHN, "U.S.": aUSA,
		"Shanghai Cooperation Organization": aSCO, "SCO": aSCO, "Afghanistan": aAFG, "Iran": aIRN,
	})
	mentionAt := func(sp realign.Span) int {
		for i, m := range a.Mentions {
			if m.Span == sp {
				return i
			}
		}
		return -1
	}
	speaker := func(name string, n int, actor *realign.Actor) *realign.Speaker {
		sp := spanOf(t, text, name, n)
		return &realign.Speaker{Span: sp, Text: name, Actor: actor, Mention: mentionAt(sp)}
	}
	idx := map[string]int{}
	addQuote := func(key, kind, content, cue string, sp *realign.Speaker) {
		qs := spanOf(t, text, content, 0)
		idx[key] = len(a.Quotes)
		a.Quotes = append(a.Quotes, realign.Quotation{Span: qs, Text: content, Kind: kind, Cue: cue, CueSpan: spanOf(t, text, cue, 0), Speaker: sp})
	}
	addQuote("appreciated", realign.QuotePartial,
		"Russian President appreciated Pakistan’s role and efforts for promoting regional peace and security",
		"said", speaker("Qureshi", 1, aQureshi))
	addQuote("closer", realign.QuotePartial, "closer to Russia in the changing world", "said", speaker("PM Khan", 0, aKhan))
	addQuote("arms", realign.QuoteDirect,
		"Yes, we are looking for arms from Russia, and I know our military is already in touch with the Russian military,",
		"told", speaker("PM Khan", 1, aKhan))
	block := text[spanOf(t, text, "Well, to the Russian audience", 0).Start:spanOf(t, text, "Russia and Pakistan move closer.", 0).End]
	addQuote("block", realign.QuoteBlock, block, "replied", speaker("He replied", 0, aKhan))

	f := func(v float64) *float64 { return &v }
	place := func(name, iso, prec string, lat, lon float64) realign.Place {
		return realign.Place{Name: name, Text: name, Country: iso, Precision: prec, Lat: f(lat), Lon: f(lon)}
	}
	for name, p := range map[string]realign.Place{
		"Bishkek":     place("Bishkek", "KGZ", realign.PrecisionCity, 42.87, 74.59),
		"Kyrgyzstan":  place("Kyrgyzstan", "KGZ", realign.PrecisionCountry, 41.0, 75.0),
		"Afghanistan": place("Afghanistan", "AFG", realign.PrecisionCountry, 33.0, 65.0),
		"Iran":        place("Iran", "IRN", realign.PrecisionCountry, 32.0, 53.0),
		"Russia":      place("Russia", "RUS", realign.PrecisionCountry, 60.0, 100.0),
		"Pakistan":    place("Pakistan", "PAK", realign.PrecisionCountry, 30.0, 70.0),
		"New Delhi":   place("New Delhi", "IND", realign.PrecisionCity, 28.61, 77.21),
	} {
		for n := 0; ; n++ {
			if strings.Count(text, name) <= n {
				break
			}
			pl := p
			pl.Span = spanOf(t, text, name, n)
			a.Places = append(a.Places, pl)
		}
	}
	a.Times = append(a.Times, realign.TimeExpr{Span: spanOf(t, text, "on Thursday", 0), Text: "on Thursday", Value: "2019-06-13", Granularity: "day", Relative: true})
	return a, idx
}

func describe(a *realign.Analysis, e realign.Event) string {
	loc, attr := "", ""
	if e.Location != nil {
		loc = " @" + e.Location.Name + "/" + e.Location.Country
	}
	if e.AttributedTo != nil {
		attr = " by " + e.AttributedTo.Name
	}
	return fmt.Sprintf("%s %s date=%q%s%s q=%d [%s] %q", brief(e), e.Rule, e.Date, loc, attr, e.Quote,
		e.Trigger.Text(a.Document.Text), e.Sentence.Text(a.Document.Text)[:40])
}

func TestSCOArticle(t *testing.T) {
	a, qidx := scoAnalysis(t)
	events := code(t, a)
	for _, e := range events {
		t.Log(describe(a, e))
	}
	country := func(x *realign.Actor) string {
		if x == nil {
			return ""
		}
		return x.Country
	}
	find := func(what string, ok func(e realign.Event) bool) {
		t.Helper()
		for _, e := range events {
			if ok(e) {
				return
			}
		}
		t.Errorf("no event: %s", what)
	}
	find("PAK-RUS 04x located in Bishkek, KGZ", func(e realign.Event) bool {
		pair := country(e.Source) == "PAK" && country(e.Target) == "RUS" || country(e.Source) == "RUS" && country(e.Target) == "PAK"
		return pair && strings.HasPrefix(e.Code, "04") && e.Location != nil && e.Location.Name == "Bishkek" && e.Location.Country == "KGZ"
	})
	find("RUS->PAK 051 attributed to Qureshi in the partial quote", func(e realign.Event) bool {
		return country(e.Source) == "RUS" && country(e.Target) == "PAK" && e.Code == "051" &&
			e.AttributedTo == aQureshi && e.Quote == qidx["appreciated"]
	})
	find("PAK->RUS 0312 intended, quoted from Khan on 2019-06-13", func(e realign.Event) bool {
		return country(e.Source) == "PAK" && country(e.Target) == "RUS" && e.Code == "0312" &&
			e.Modality == realign.ModalityIntended && e.AttributedTo == aKhan && e.Quote == qidx["arms"] && e.Date == "2019-06-13"
	})
	find("PAK->IND appeal or intent (02x/03x)", func(e realign.Event) bool {
		return country(e.Source) == "PAK" && country(e.Target) == "IND" && (strings.HasPrefix(e.Code, "02") || strings.HasPrefix(e.Code, "03"))
	})
	camps := spanOf(t, a.Document.Text, "we were in opposing camps", 0)
	for _, e := range events {
		if e.Sentence.Contains(camps) && e.QuadClass >= 3 && e.Modality != realign.ModalityHistorical {
			t.Errorf("Soviet-era sentence coded as a current conflict event: %s", describe(a, e))
		}
		if e.QuadClass >= 3 && strings.HasPrefix(e.Date, "2019") {
			t.Errorf("conflict event dated 2019 in a cooperative article: %s", describe(a, e))
		}
	}
	for _, e := range events {
		if e.Source == nil || e.Code == "" || e.Label == "" || e.QuadClass == 0 || e.Rule == "" || e.Trigger.Len() == 0 {
			t.Errorf("event with empty required fields: %+v", e)
		}
	}
}
