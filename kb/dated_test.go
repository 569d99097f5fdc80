package kb

import (
	"strings"
	"testing"
	"time"
)

// TestSharedFullName checks the rule that lets two people share a full
// name when their roles never overlap in time, and that resolution tells
// them apart by the title and the date. The data has Latvia's prime
// minister Andris Bērziņš (2000-2002) and its president Andris Bērziņš
// (2011-2015).
func TestSharedFullName(t *testing.T) {
	k := load(t)
	const pm, pres = "andris-berzins-pm", "andris-berzins-president"
	tests := []struct{ name, office, place, at, want string }{
		{"Andris Bērziņš", "", "", "2001-06-01", pm},
		{"Andris Berzins", "", "", "2013-01-01", pres},
		{"Andris Bērziņš", "", "LVA", "2020-01-01", pres},             // the last in office before the date
		{"Andris Bērziņš", "", "", "1990-01-01", pm},                  // the first in office after the date
		{"Andris Bērziņš", "", "", "", pres},                          // no date: the latest role
		{"Andris Bērziņš", "prime-minister", "LVA", "2013-01-01", pm}, // the only one who held the office
		{"Andris Bērziņš", "president", "", "2013-01-01", pres},
		{"Andris Bērziņš", "president", "", "2001-06-01", pm}, // nobody was president Bērziņš yet: the date decides
	}
	for _, tt := range tests {
		var at time.Time
		if tt.at != "" {
			at = day(tt.at)
		}
		p, ok := k.BestPerson(tt.name, tt.office, tt.place, at)
		got := ""
		if ok {
			got = p.ID
		}
		if got != tt.want {
			t.Errorf("BestPerson(%q, %q, %q, %s) = %q, want %q", tt.name, tt.office, tt.place, tt.at, got, tt.want)
		}
	}

	// Explain ranks the date's pick first and says why.
	res := k.Explain("Andris Bērziņš", day("2001-06-01"))
	if len(res.Matches) != 2 {
		t.Fatalf("Explain: %d matches, want the two people", len(res.Matches))
	}
	m := res.Matches[0]
	if m.Actor.ID != "person/"+pm || m.Actor.Code != "LVAGOV" {
		t.Errorf("Explain 2001 = %s %s, want person/%s LVAGOV", m.Actor.ID, m.Actor.Code, pm)
	}
	why := strings.Join(m.Reasons, "\n")
	for _, want := range []string{"shares the name with person/" + pres, "picked: in office at 2001-06-01"} {
		if !strings.Contains(why, want) {
			t.Errorf("Explain reasons %q lack %q", why, want)
		}
	}
	if res := k.Explain("President Andris Berzins", day("2013-01-01")); len(res.Matches) == 0 || res.Matches[0].Actor.ID != "person/"+pres {
		t.Errorf("Explain President Andris Berzins 2013 = %+v, want person/%s", res.Matches, pres)
	}

	// two surname-sharing people are not dated apart when roles overlap
	a := &Person{ID: "a", Roles: []Role{{Country: "LVA", Start: day("2000-01-01"), End: day("2005-01-01")}}}
	b := &Person{ID: "b", Roles: []Role{{Country: "LVA", Start: day("2005-01-01")}}}
	c := &Person{ID: "c", Roles: []Role{{Country: "LVA", Start: day("2004-12-01"), End: day("2006-01-01")}}}
	none := &Person{ID: "n"}
	for _, tt := range []struct {
		ps   []*Person
		want bool
	}{
		{[]*Person{a, b}, true}, // one ends the day the other starts
		{[]*Person{a, c}, false},
		{[]*Person{b, c}, false}, // an open role overlaps a later one
		{[]*Person{a}, false},
		{[]*Person{a, none}, false},
	} {
		var ids []string
		for _, p := range tt.ps {
			ids = append(ids, p.ID)
		}
		if got := datedApart(tt.ps); got != tt.want {
			t.Errorf("datedApart(%v) = %v, want %v", ids, got, tt.want)
		}
	}
}

// TestMonarchOfSeveralRealms checks roles held at once in several states
// by one monarch: the first listed state (GBR) is the default, and a
// modifier naming another realm picks that one.
func TestMonarchOfSeveralRealms(t *testing.T) {
	k := load(t)
	for _, tt := range []struct{ id, at, code string }{
		{"person/elizabeth-ii", "2010-01-01", "GBRGOV"},
		{"person/elizabeth-ii", "2023-01-01", "GBRELI"},
		{"person/charles-iii", "2024-01-01", "GBRGOV"},
		{"person/charles-iii", "", "GBRGOV"},
		{"person/charles-iii", "2010-01-01", "GBRGOV"}, // heir apparent (crown-prince) before his reign
		{"person/charles-iii", "1950-01-01", "GBR"},    // before his first role
	} {
		var at time.Time
		if tt.at != "" {
			at = day(tt.at)
		}
		if a, _ := k.Actor(tt.id, at); a.Code != tt.code {
			t.Errorf("Actor(%s, %s) = %s, want %s", tt.id, tt.at, a.Code, tt.code)
		}
	}
	for _, tt := range []struct{ query, at, id, code string }{
		{"Queen Elizabeth", "2010-01-01", "person/elizabeth-ii", "GBRGOV"},
		{"Canada's Queen Elizabeth II", "2010-01-01", "person/elizabeth-ii", "CANGOV"},
		{"Australian King Charles III", "2024-01-01", "person/charles-iii", "AUSGOV"},
		{"French King Charles III", "2024-01-01", "person/charles-iii", "GBRGOV"}, // no role there: the default
	} {
		res := k.Explain(tt.query, day(tt.at))
		if len(res.Matches) == 0 {
			t.Errorf("Explain(%q): no match", tt.query)
			continue
		}
		if a := res.Matches[0].Actor; a.ID != tt.id || a.Code != tt.code {
			t.Errorf("Explain(%q, %s) = %s %s, want %s %s; reasons %q", tt.query, tt.at, a.ID, a.Code, tt.id, tt.code, res.Matches[0].Reasons)
		}
	}
	for _, tt := range []struct{ country, at, want string }{
		{"CAN", "2010-01-01", "elizabeth-ii"},
		{"NZL", "2023-01-01", "charles-iii"},
		{"GBR", "2023-01-01", "charles-iii"},
	} {
		if p, _, ok := k.OfficeHolder(tt.country, "monarch", day(tt.at)); !ok || p.ID != tt.want {
			t.Errorf("OfficeHolder(%s, monarch, %s) = %v, want %s", tt.country, tt.at, p, tt.want)
		}
	}
}

// TestRoleAtTies checks how RoleAt chooses between roles started the
// same day: the last listed, except that roles in other places than the
// first listed of them are passed over.
func TestRoleAtTies(t *testing.T) {
	d := day("2019-04-12")
	role := func(country, sector string) Role {
		return Role{Country: country, Sector: sector, Offices: []string{"leader"}, Start: d}
	}
	tests := []struct {
		roles []Role
		want  string
	}{
		{[]Role{role("SDN", "MIL"), role("SDN", "GOV")}, "SDNGOV"},
		{[]Role{role("GBR", "GOV"), role("CAN", "GOV"), role("AUS", "GOV")}, "GBRGOV"},
		{[]Role{role("CAN", "GOV"), role("GBR", "GOV")}, "CANGOV"},
		{[]Role{role("GBR", "MIL"), role("CAN", "GOV"), role("GBR", "GOV")}, "GBRGOV"},
	}
	for _, tt := range tests {
		p := &Person{Roles: tt.roles}
		for _, at := range []time.Time{d, {}} {
			r, ok := p.RoleAt(at)
			if got := r.Country + r.Sector; !ok || got != tt.want {
				t.Errorf("RoleAt(%v) with roles %v = %s, want %s", at, tt.roles, got, tt.want)
			}
		}
	}
}
