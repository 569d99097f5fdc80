package kb

import (
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/realign/realign"
)

// TestValidateData loads all data and checks what Load does not: code
// shapes, country codes, contradictory roles and names that would
// resolve two ways without a disambiguation rule.
func TestValidateData(t *testing.T) {
	k := load(t)
	// malformed and unknown codes
	for code, s := range k.states {
		if !isCode3(code) || (s.ISO2 != "" && (len(s.ISO2) != 2 || strings.ToUpper(s.ISO2) != s.ISO2)) {
			t.Errorf("state %s: malformed code or ISO2 %q", code, s.ISO2)
		}
		for seat, sec := range s.Seats {
			if !isCode3(sec) {
				t.Errorf("state %s seat %s: malformed sector %q", code, seat, sec)
			}
		}
	}
	for id, o := range k.orgs {
		if !isCodeGroups(o.Code) {
			t.Errorf("%s: malformed code %q", id, o.Code)
		}
		if o.Kind == KindMedia && k.states[o.Country] == nil {
			t.Errorf("%s: unknown country %q", id, o.Country)
		}
	}
	for id, g := range k.groups {
		for _, c := range g.Codes {
			if !isCodeGroups(c.Code) {
				t.Errorf("%s: malformed code %q", id, c.Code)
			}
			if len(c.Code) == 3 && k.states[c.Code] == nil {
				t.Errorf("%s: unknown country code %q", id, c.Code)
			}
		}
	}
	for id, r := range k.regions {
		if r.Country != "" && k.states[r.Country] == nil {
			t.Errorf("%s: unknown country %q", id, r.Country)
		}
	}
	for _, key := range k.titleOrder {
		ti := k.titles[key]
		if ti.Sector != "" && !isCodeGroups(ti.Sector) {
			t.Errorf("title %q: malformed sector %q", ti.Form, ti.Sector)
		}
	}
	for _, id := range k.personOrder {
		p := k.people[id]
		for i, r := range p.Roles {
			if r.IGO == "" && (k.states[r.Country] == nil || !isCode3(r.Sector)) {
				t.Errorf("person %s: role %s: unknown country or malformed sector", id, r)
			}
			if r.IGO != "" && k.orgs["igo/"+r.IGO] == nil {
				t.Errorf("person %s: role %s: unknown IGO", id, r)
			}
			// contradictory roles of one person: in office for two
			// states at once (except a monarch of several realms), or
			// in government and opposition of one state at once
			for _, q := range p.Roles[i+1:] {
				if !overlap(r, q) {
					continue
				}
				if twoStates(r, q) {
					t.Errorf("person %s: roles %s and %s overlap in two states", id, r, q)
				}
				if r.Country == q.Country && r.IGO == q.IGO && oppGov(r.Sector, q.Sector) {
					t.Errorf("person %s: roles %s and %s overlap in government and opposition", id, r, q)
				}
			}
		}
	}
	// one office held by two people at once
	single := map[string]bool{"president": true, "prime-minister": true, "foreign-minister": true, "defense-minister": true,
		"secretary-general": true, "director-general": true, "managing-director": true, "monarch": true, "supreme-leader": true,
		"army-chief": true, "central-bank-governor": true, "chancellor": true, "commission-president": true, "council-president": true}
	type held struct {
		person string
		r      Role
	}
	byOffice := map[string][]held{}
	for _, id := range k.personOrder {
		for _, r := range k.people[id].Roles {
			if o := r.Offices[0]; single[o] {
				place := r.Country
				if r.IGO != "" {
					place = "igo/" + r.IGO
				}
				byOffice[place+" "+o] = append(byOffice[place+" "+o], held{id, r})
			}
		}
	}
	for office, hs := range byOffice {
		for i, a := range hs {
			for _, b := range hs[i+1:] {
				if a.person != b.person && overlapDays(a.r, b.r) > 1 {
					t.Errorf("%s held by %s (%s) and %s (%s) at once", office, a.person, a.r, b.person, b.r)
				}
			}
		}
	}
	// names that resolve two ways. Rules that disambiguate: Lookup
	// orders kinds (states, IGOs, media, groups, regions, people), so
	// only names shared within one kind need one; a one-word person
	// alias (a surname) is resolved by title, date and coreference
	// (BestPerson); people dated apart (roles never overlapping in
	// time) may share a full name, told apart by the date (sharedName);
	// a state's capital or seat may share a name with a state name
	// elsewhere (Lookup puts names and aliases first).
	for form, es := range k.forms {
		ids := map[string]map[string]bool{}
		for _, e := range es {
			kind := e.Kind
			if e.Kind == KindPerson && e.Short {
				continue
			}
			if e.Kind == KindState && (e.Via == "capital" || e.Via == "seat") {
				kind = "state-place"
			}
			if ids[kind] == nil {
				ids[kind] = map[string]bool{}
			}
			ids[kind][e.ID] = true
		}
		for kind, set := range ids {
			if len(set) > 1 && !(kind == KindPerson && datedApart(k.peopleIn(set))) {
				var l []string
				for id := range set {
					l = append(l, id)
				}
				sort.Strings(l)
				t.Errorf("name %q resolves to several %s entries without a rule: %v", form, kind, l)
			}
		}
	}
}

func overlap(a, b Role) bool { return overlapDays(a, b) > 0 }

// twoStates reports overlapping roles a and b that contradict each other
// by being in two states: both state roles, in different states, and
// not both a monarch's (one monarch reigns over several realms: Elizabeth
// II over GBR, CAN, AUS, NZL ...).
func twoStates(a, b Role) bool {
	if a.IGO != "" || b.IGO != "" || a.Country == b.Country {
		return false
	}
	return !a.HasOffice("monarch") || !b.HasOffice("monarch")
}

// peopleIn returns the people with the actor IDs in set, sorted by ID.
func (k *KB) peopleIn(set map[string]bool) []*Person {
	var ids []string
	for id := range set {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var out []*Person
	for _, id := range ids {
		if p, ok := k.Person(id); ok {
			out = append(out, p)
		}
	}
	return out
}

// overlapDays is the number of days two roles share (0 when none).
func overlapDays(a, b Role) int {
	far := time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	ae, be := a.End, b.End
	if ae.IsZero() {
		ae = far
	}
	if be.IsZero() {
		be = far
	}
	start := a.Start
	if b.Start.After(start) {
		start = b.Start
	}
	end := ae
	if be.Before(end) {
		end = be
	}
	if !end.After(start) {
		return 0
	}
	return int(end.Sub(start).Hours() / 24)
}

func oppGov(a, b string) bool {
	return (a == realign.SectorGOV && b == realign.SectorOPP) || (a == realign.SectorOPP && b == realign.SectorGOV)
}

// TestCountryInfoCoverage checks that for every country listed in
// CountryInfo.120116.txt (a TABARI resource, read only by this test) the
// KB knows the state, its adjective and its capital.
func TestCountryInfoCoverage(t *testing.T) {
	const path = "../../shared/dictionaries/countryinfo/CountryInfo.120116.txt"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("CountryInfo not available (%v); skipping the coverage check", err)
	}
	k := load(t)
	countries := parseCountryInfo(string(data))
	if len(countries) < 200 {
		t.Fatalf("parsed %d countries from %s, want at least 200", len(countries), path)
	}
	var known, adj, capital int
	var gaps []string
	for _, c := range countries {
		s, ok := k.states[c.code]
		if !ok {
			// no or a wrong code: the name, as a state or a region
			name := strings.ReplaceAll(strings.Trim(c.name, "_ "), "_", " ")
			cs := k.Lookup(name)
			switch {
			case len(cs) > 0 && cs[0].Kind == KindState:
				s = k.states[strings.TrimPrefix(cs[0].ID, "state/")]
			case len(cs) > 0 && cs[0].Kind == KindRegion:
				known, adj, capital = known+1, adj+1, capital+1
				continue
			default:
				gaps = append(gaps, c.code+" "+c.name+": unknown state")
				continue
			}
		}
		known++
		if len(c.adjectives) == 0 || anyForm(k, s.Code, c.adjectives, "demonym", "name", "alias") {
			adj++
		} else {
			gaps = append(gaps, s.Code+": adjective "+strings.Join(c.adjectives, "/"))
		}
		if len(c.capitals) == 0 || anyForm(k, s.Code, c.capitals, "capital", "seat") {
			capital++
		} else {
			gaps = append(gaps, s.Code+": capital "+strings.Join(c.capitals, "/"))
		}
	}
	n := len(countries)
	t.Logf("CountryInfo: %d countries; KB knows %d states (%.1f%%), %d adjectives (%.1f%%), %d capitals (%.1f%%)",
		n, known, pct(known, n), adj, pct(adj, n), capital, pct(capital, n))
	for _, g := range gaps {
		t.Logf("gap: %s", g)
	}
	// thresholds a little below the measured 100%, 97.9% and 97.5%; the remaining gaps are errors in CountryInfo (GLP, PNG and MOZ records carry Guatemala, Guinea and Myanmar data), nicknames and "Male", left out as a common word
	if pct(known, n) < 99 || pct(adj, n) < 96 || pct(capital, n) < 96 {
		t.Errorf("coverage below thresholds: states %.1f%%, adjectives %.1f%%, capitals %.1f%% (want 99/96/96)", pct(known, n), pct(adj, n), pct(capital, n))
	}
}

// TestTwoStates checks the rule for roles of one person that overlap in
// time: a contradiction when in two states, except for a monarch's
// realms.
func TestTwoStates(t *testing.T) {
	role := func(country, igo, office string) Role {
		return Role{Country: country, IGO: igo, Offices: []string{office}}
	}
	tests := []struct {
		a, b Role
		want bool
	}{
		{role("GBR", "", "monarch"), role("CAN", "", "monarch"), false},
		{role("GBR", "", "monarch"), role("CAN", "", "prime-minister"), true},
		{role("PAK", "", "president"), role("AFG", "", "president"), true},
		{role("PAK", "", "president"), role("PAK", "", "army-chief"), false},
		{role("BHR", "", "foreign-minister"), role("", "GCC", "secretary-general"), false},
	}
	for _, tt := range tests {
		if got := twoStates(tt.a, tt.b); got != tt.want {
			t.Errorf("twoStates(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func pct(a, b int) float64 { return 100 * float64(a) / float64(max(b, 1)) }

// anyForm reports whether one of forms looks up to state code through
// one of vias.
func anyForm(k *KB, code string, forms []string, vias ...string) bool {
	for _, f := range forms {
		if hasForm(k, code, f, vias...) {
			return true
		}
	}
	return false
}

// hasForm reports whether form looks up to state code through one of vias.
func hasForm(k *KB, code, form string, vias ...string) bool {
	for _, c := range k.Lookup(form) {
		if c.ID != "state/"+code {
			continue
		}
		for _, v := range vias {
			if c.Via == v {
				return true
			}
		}
	}
	return false
}

type ciCountry struct {
	code, name           string
	adjectives, capitals []string
}

var (
	ciCountryRe = regexp.MustCompile(`(?s)<Country>(.*?)</Country>`)
	ciFieldRe   = func(tag string) *regexp.Regexp {
		return regexp.MustCompile(`(?s)<` + tag + `>(.*?)</` + tag + `>`)
	}
	ciName, ciISO, ciCOW, ciNat, ciCap = ciFieldRe("CountryName"), ciFieldRe("ISO3166-alpha3"), ciFieldRe("COW-Alpha"), ciFieldRe("Nationality"), ciFieldRe("Capital")
)

// parseCountryInfo reads the country records: code (ISO3, else COW),
// name, first nationality adjective and first capital, in the case used
// in text ("PAKISTANI_" -> "Pakistani").
func parseCountryInfo(data string) []ciCountry {
	var out []ciCountry
	if i := strings.Index(data, "-->"); i >= 0 {
		data = data[i+3:] // the documentation block
	}
	for _, m := range ciCountryRe.FindAllStringSubmatch(data, -1) {
		body := m[1]
		var c ciCountry
		if x := ciName.FindStringSubmatch(body); x != nil {
			c.name = strings.TrimSpace(x[1])
		}
		if x := ciISO.FindStringSubmatch(body); x != nil {
			c.code = strings.TrimSpace(x[1])
		}
		if c.code == "" {
			if x := ciCOW.FindStringSubmatch(body); x != nil {
				c.code = strings.TrimSpace(x[1])
			}
		}
		c.adjectives = entries(ciNat, body)
		c.capitals = entries(ciCap, body)
		if c.code != "" {
			out = append(out, c)
		}
	}
	return out
}

func entries(re *regexp.Regexp, body string) []string {
	x := re.FindStringSubmatch(body)
	if x == nil {
		return nil
	}
	var out []string
	for _, l := range strings.Split(x[1], "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "#") {
			continue
		}
		if i := strings.Index(l, "#"); i >= 0 {
			l = strings.TrimSpace(l[:i])
		}
		if l == "" {
			continue
		}
		w := strings.Fields(strings.ReplaceAll(l, "_", " "))
		for i := range w {
			w[i] = titleWord(w[i])
		}
		out = append(out, strings.Join(w, " "))
	}
	return out
}

// TestLeaderHeld checks the "leader" office that a title such as
// "Ukrainian leader" resolves to: for every state, at every date since
// 2000 when a president, prime minister, chancellor or supreme leader of
// it is entered, some government role of it (not a rebel's or the
// opposition's) carries "leader". Monarchs alone do not call for one: a
// monarch of several realms or a ceremonial one governs no realm, and
// where a monarch rules the data give the monarch "leader" or a
// head-of-government office as well. Gaps of up to a month (a caretaker
// or acting holder not entered between two terms) are allowed; longer
// ones only when listed in exceptions with the reason.
func TestLeaderHeld(t *testing.T) {
	k := load(t)
	const maxGapDays = 31
	// state and first day of the gap -> why nobody is the leader
	exceptions := map[string]string{
		"BIH 2018-11-20": "Bosnia's presidency is a three-member body with a rotating chair; only Dodik is entered, as president, and none of the members is the country's leader",
		"KOR 2017-03-10": "acting president Hwang Kyo-ahn (after Park's removal) is entered only as prime minister",
		"KOR 2025-04-04": "acting presidents Han Duck-soo, Lee Ju-ho (after Yoon's removal) are entered only as prime minister or not at all",
		"LBN 2007-11-23": "presidential vacancy (Lahoud to Suleiman): the cabinet as a body held the president's powers",
		"LBN 2014-05-25": "presidential vacancy (Suleiman to Michel Aoun): the cabinet as a body held the president's powers",
		"LBN 2022-10-30": "presidential vacancy (Michel Aoun to Joseph Aoun): the caretaker cabinet as a body held the president's powers",
		"LTU 2006-06-01": "acting prime minister Zigmantas Balčytis (Brazauskas to Kirkilas) is not entered",
		"SYR 2000-06-10": "acting president Abdul Halim Khaddam (Hafez to Bashar al-Assad) is not entered",
	}
	heads := map[string]bool{"president": true, "prime-minister": true, "chancellor": true, "supreme-leader": true}
	since := day("2000-01-01")
	type span struct {
		r            Role
		who          string
		head, leader bool
	}
	byState := map[string][]span{}
	for _, id := range k.personOrder {
		for _, r := range k.people[id].Roles {
			if r.IGO != "" || (!r.End.IsZero() && !r.End.After(since)) {
				continue
			}
			s := span{r: r, who: id, leader: r.HasOffice("leader") && r.Sector != realign.SectorOPP && r.Sector != "REB"}
			for _, o := range r.Offices {
				s.head = s.head || heads[o]
			}
			byState[r.Country] = append(byState[r.Country], s)
		}
	}
	used := map[string]bool{}
	for state, spans := range byState {
		// the state's roles change only at role starts and ends
		cuts := map[time.Time]bool{since: true}
		for _, s := range spans {
			if s.r.Start.After(since) {
				cuts[s.r.Start] = true
			}
			if !s.r.End.IsZero() {
				cuts[s.r.End] = true
			}
		}
		var days []time.Time
		for d := range cuts {
			days = append(days, d)
		}
		sort.Slice(days, func(i, j int) bool { return days[i].Before(days[j]) })
		var gapStart time.Time
		var gapHeads []string
		closeGap := func(end time.Time) {
			if gapStart.IsZero() {
				return
			}
			key := state + " " + gapStart.Format("2006-01-02")
			if _, ok := exceptions[key]; ok {
				used[key] = true
			} else if end.IsZero() || end.Sub(gapStart) > maxGapDays*24*time.Hour {
				t.Errorf("%s: no one holds leader from %s to %s although %v hold office", state, gapStart.Format("2006-01-02"), fmtDate(end), gapHeads)
			}
			gapStart, gapHeads = time.Time{}, nil
		}
		for _, d := range days {
			if d.Before(since) {
				continue
			}
			var hs []string
			led := false
			for _, s := range spans {
				if !s.r.Active(d) {
					continue
				}
				led = led || s.leader
				if s.head {
					hs = append(hs, s.who)
				}
			}
			if len(hs) > 0 && !led {
				if gapStart.IsZero() {
					gapStart = d
				}
				for _, h := range hs {
					if !slices.Contains(gapHeads, h) {
						gapHeads = append(gapHeads, h)
					}
				}
				continue
			}
			closeGap(d)
		}
		closeGap(time.Time{})
	}
	for key, why := range exceptions {
		if !used[key] {
			t.Errorf("exception %q (%s) matches no gap: remove it", key, why)
		}
	}
}
