package kb

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func load(t *testing.T) *KB {
	t.Helper()
	k, err := Load(Options{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return k
}

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestCoverage(t *testing.T) {
	k := load(t)
	kinds := map[string]int{}
	withDemonym := 0
	for _, s := range k.states {
		kinds[s.Kind]++
		if len(s.Demonyms) > 0 && s.Kind == "state" {
			withDemonym++
		}
	}
	// a few states share their only demonym with another state
	// (Congolese, Dominican) and list none
	if withDemonym < 190 {
		t.Errorf("%d states have demonyms, want at least 190", withDemonym)
	}
	if kinds["state"] < 193 {
		t.Errorf("%d sovereign states, want at least the 193 UN members", kinds["state"])
	}
	if kinds["territory"] < 30 || kinds["historical"] < 4 {
		t.Errorf("kinds = %v, want territories and historical states", kinds)
	}
	for _, code := range []string{"USR", "YUG", "CSK", "DDR", "TWN", "PSE", "KSV", "HKG"} {
		if _, ok := k.State(code); !ok {
			t.Errorf("state %s missing", code)
		}
	}
	for _, id := range []string{"igo/UN", "igo/SCO", "igo/NATO", "igo/EU", "igo/AU", "igo/ASEAN", "igo/BRICS", "igo/OPEC",
		"igo/G7", "igo/G20", "igo/OIC", "igo/ARL", "igo/GCC", "igo/CSTO", "igo/EAEU", "igo/QUAD", "igo/AUKUS", "igo/IAEA",
		"igo/IMF", "igo/WB", "igo/WTO", "igo/WHO", "igo/ICC", "igo/ICJ", "igo/OSCE", "igo/ECOWAS", "igo/SAARC"} {
		a, ok := k.Actor(id, time.Time{})
		if !ok || !strings.HasPrefix(a.Code, "IGO") {
			t.Errorf("Actor(%s) = %+v, %v; want an IGO code", id, a, ok)
		}
	}
}

// TestNoAmbiguousStateNames checks that no state name or alias is shared
// by two states, which would make lookups depend on file order.
func TestNoAmbiguousStateNames(t *testing.T) {
	k := load(t)
	for form, es := range k.forms {
		seen := map[string]bool{}
		for _, e := range es {
			if e.Kind == KindState && (e.Via == "name" || e.Via == "alias" || e.Via == "demonym") {
				seen[e.ID] = true
			}
		}
		if len(seen) > 1 {
			t.Errorf("form %q names several states: %v", form, seen)
		}
	}
}

func TestLookup(t *testing.T) {
	k := load(t)
	tests := []struct {
		form, id, via, sector string // id "" means no match
	}{
		{"Pakistan", "state/PAK", "name", ""},
		{"pakistan", "state/PAK", "name", ""},
		{"Türkiye", "state/TUR", "alias", ""},
		{"Turkey", "state/TUR", "name", ""},
		{"Burma", "state/MMR", "alias", ""},
		{"Myanmar", "state/MMR", "name", ""},
		{"Czechia", "state/CZE", "name", ""},
		{"Czech Republic", "state/CZE", "alias", ""},
		{"Ivory Coast", "state/CIV", "name", ""},
		{"Côte d’Ivoire", "state/CIV", "alias", ""},
		{"Côte d'Ivoire", "state/CIV", "alias", ""},
		{"U.S.", "state/USA", "alias", ""},
		{"US", "state/USA", "alias", ""},
		{"us", "", "", ""},
		{"America", "state/USA", "alias", ""},
		{"UK", "state/GBR", "alias", ""},
		{"Britain", "state/GBR", "alias", ""},
		{"Pakistani", "state/PAK", "demonym", ""},
		{"Emirati", "state/ARE", "demonym", ""},
		{"British", "state/GBR", "demonym", ""},
		{"Chinese", "state/CHN", "demonym", ""},
		{"New Delhi", "state/IND", "capital", "GOV"},
		{"Islamabad", "state/PAK", "capital", "GOV"},
		{"Kremlin", "state/RUS", "seat", "GOV"},
		{"White House", "state/USA", "seat", "GOV"},
		{"Downing Street", "state/GBR", "seat", "GOV"},
		{"Zhongnanhai", "state/CHN", "seat", "GOV"},
		{"Foggy Bottom", "state/USA", "seat", "GOV"},
		{"Rawalpindi", "state/PAK", "seat", "MIL"},
		{"Soviet Union", "state/USR", "name", ""},
		{"USSR", "state/USR", "alias", ""},
		{"SCO", "igo/SCO", "alias", ""},
		{"Shanghai Cooperation Organisation", "igo/SCO", "alias", ""},
		{"WHO", "igo/WHO", "alias", ""},
		{"who", "", "", ""},
		{"Sputnik", "media/sputnik", "name", ""},
		{"Al Jazeera", "media/aljazeera", "name", ""},
		{"Imran Khan", "person/imran-khan", "name", ""},
		{"Xi", "person/xi-jinping", "alias", ""},
		{"Taliban", "group/taliban", "name", ""},
		{"TTP", "group/ttp", "alias", ""},
		{"ttp", "", "", ""},
		{"ISIS-K", "group/is-k", "alias", ""},
		{"Daesh", "group/is", "alias", ""},
		{"Ansar Allah", "group/houthis", "alias", ""},
		{"al-Qaeda", "group/alqaida", "alias", ""},
		{"Lai", "person/lai-ching-te", "alias", ""},
		{"Nobody Special", "", "", ""},
	}
	for _, tt := range tests {
		cs := k.Lookup(tt.form)
		if tt.id == "" {
			if len(cs) != 0 {
				t.Errorf("Lookup(%q) = %+v, want nothing", tt.form, cs)
			}
			continue
		}
		if len(cs) == 0 {
			t.Errorf("Lookup(%q) = nothing, want %s", tt.form, tt.id)
			continue
		}
		c := cs[0]
		if c.ID != tt.id || c.Via != tt.via || c.Sector != tt.sector {
			t.Errorf("Lookup(%q)[0] = %s via %s sector %q, want %s via %s sector %q", tt.form, c.ID, c.Via, c.Sector, tt.id, tt.via, tt.sector)
		}
	}
}

func TestActor(t *testing.T) {
	k := load(t)
	tests := []struct {
		id, at, code, role string // at "" means unknown date
	}{
		{"person/imran-khan", "2019-06-14", "PAKGOV", "Prime Minister of Pakistan (2018-08-18..2022-04-10)"},
		{"person/imran-khan", "2023-01-01", "PAKOPP", ""},
		{"person/imran-khan", "", "PAKOPP", ""},
		{"person/imran-khan", "2010-01-01", "PAK", ""},
		{"person/shah-mahmood-qureshi", "2019-06-14", "PAKGOV", ""},
		{"person/shah-mahmood-qureshi", "2015-01-01", "PAKELI", ""},
		{"person/vladimir-putin", "2019-06-14", "RUSGOV", "President of Russia (2012-05-07..)"},
		{"person/vladimir-putin", "2010-01-01", "RUSGOV", "Prime Minister of Russia (2008-05-08..2012-05-07)"},
		{"person/donald-trump", "2018-01-01", "USAGOV", ""},
		{"person/donald-trump", "2023-01-01", "USAELI", ""},
		{"person/donald-trump", "2026-01-01", "USAGOV", ""},
		{"person/joe-biden", "2022-01-01", "USAGOV", ""},
		{"person/antonio-guterres", "2020-01-01", "IGOUNO", ""},
		// A head of state who also holds defence is coded as head of state.
		{"person/abdelmadjid-tebboune", "2023-01-10", "DZAGOV", "President of Algeria (2019-12-19..)"},
		{"state/PAK", "2019-06-14", "PAK", ""},
		{"igo/SCO", "", "IGOCASSCO", ""},
		{"media/sputnik", "", "RUSMED", ""},
		{"media/reuters", "", "GBRMED", ""},
		{"media/aljazeera", "", "QATMED", ""},
		{"group/taliban", "2019-06-14", "AFGINS", ""},
		{"group/taliban", "2021-08-15", "AFGGOV", ""},
		{"group/taliban", "", "AFGGOV", ""},
		{"group/hts", "2020-01-01", "SYRREB", ""},
		{"group/hts", "2025-01-01", "SYRGOV", ""},
		{"group/rsf", "2024-01-01", "SDNREB", ""},
		{"group/alqaida", "2019-06-14", "IMGMUSALQ", ""},
		{"group/bla", "", "PAKREB", ""},
	}
	for _, tt := range tests {
		var at time.Time
		if tt.at != "" {
			at = day(tt.at)
		}
		a, ok := k.Actor(tt.id, at)
		if !ok {
			t.Errorf("Actor(%s, %s): not found", tt.id, tt.at)
			continue
		}
		if a.Code != tt.code || (tt.role != "" && a.Role != tt.role) {
			t.Errorf("Actor(%s, %s) = %s %q, want %s %q", tt.id, tt.at, a.Code, a.Role, tt.code, tt.role)
		}
	}
	for _, id := range []string{"person/nobody", "state/XXX", "region/Kashmir", "bogus"} {
		if a, ok := k.Actor(id, time.Time{}); ok {
			t.Errorf("Actor(%s) = %+v, want not found", id, a)
		}
	}
}

func TestOfficeHolder(t *testing.T) {
	k := load(t)
	tests := []struct {
		country, office, at, want string // want "" means none
	}{
		{"RUS", "president", "2019-06-14", "vladimir-putin"},
		{"RUS", "president", "2010-01-01", "dmitry-medvedev"},
		{"RUS", "leader", "2010-01-01", "vladimir-putin"},
		{"USA", "president", "2022-06-01", "joe-biden"},
		{"USA", "president", "2025-06-01", "donald-trump"},
		{"USA", "foreign-minister", "2025-06-01", "marco-rubio"},
		{"PAK", "prime-minister", "2019-06-14", "imran-khan"},
		{"PAK", "foreign-minister", "2019-06-14", "shah-mahmood-qureshi"},
		{"PAK", "prime-minister", "2022-06-01", "shehbaz-sharif"},
		{"IND", "prime-minister", "2019-06-14", "narendra-modi"},
		{"CHN", "president", "2019-06-14", "xi-jinping"},
		{"CHN", "foreign-minister", "2023-03-01", "qin-gang"},
		{"GBR", "prime-minister", "2020-01-01", "boris-johnson"},
		{"igo/UN", "secretary-general", "2020-01-01", "antonio-guterres"},
		{"RUS", "president", "", "vladimir-putin"},
		{"PAK", "prime-minister", "1950-01-01", ""},
		{"XXX", "president", "2020-01-01", ""},
	}
	for _, tt := range tests {
		var at time.Time
		if tt.at != "" {
			at = day(tt.at)
		}
		p, r, ok := k.OfficeHolder(tt.country, tt.office, at)
		got := ""
		if ok {
			got = p.ID
			if !at.IsZero() && !r.Active(at) {
				t.Errorf("OfficeHolder(%s, %s, %s) role %+v not active", tt.country, tt.office, tt.at, r)
			}
		}
		if got != tt.want {
			t.Errorf("OfficeHolder(%s, %s, %s) = %q, want %q", tt.country, tt.office, tt.at, got, tt.want)
		}
	}
}

func TestTitle(t *testing.T) {
	k := load(t)
	tests := []struct {
		form, kind, office, sector string
	}{
		{"PM", "person", "prime-minister", "GOV"},
		{"pm", "", "", ""},
		{"Prime Minister", "person", "prime-minister", "GOV"},
		{"premier", "person", "prime-minister", "GOV"},
		{"Foreign Minister", "person", "foreign-minister", "GOV"},
		{"FM", "person", "foreign-minister", "GOV"},
		{"defence minister", "person", "defense-minister", "MIL"},
		{"army chief", "person", "army-chief", "MIL"},
		{"military", "group", "", "MIL"},
		{"parliament", "group", "", "LEG"},
		{"opposition", "group", "", "OPP"},
		{"state news outlet", "group", "", "MED"},
		{"spokesperson", "person", "spokesperson", "GOV"},
		{"Mr.", "honorific", "", ""},
	}
	for _, tt := range tests {
		ti, ok := k.Title(tt.form)
		if tt.kind == "" {
			if ok {
				t.Errorf("Title(%q) = %+v, want none", tt.form, ti)
			}
			continue
		}
		if !ok || ti.Kind != tt.kind || ti.Office != tt.office || ti.Sector != tt.sector {
			t.Errorf("Title(%q) = %+v, %v; want %s %s %s", tt.form, ti, ok, tt.kind, tt.office, tt.sector)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	good := map[string]string{}
	for _, f := range []string{"states.txt", "igos.txt", "media.txt", "regions.txt", "people.txt", "titles.txt", "groups.txt"} {
		b, err := embedded.ReadFile("data/" + f)
		if err != nil {
			t.Fatal(err)
		}
		good[f] = string(b)
	}
	tests := []struct {
		file, line, want string
	}{
		{"states.txt", "XX | X | state | Nowhere |  |  |  |", "states.txt:"},
		{"states.txt", "ABC | AB | empire | Nowhere |  |  |  |", "unknown kind"},
		{"igos.txt", "FOO | BAR | Foo Org | FOO", "does not begin with IGO"},
		{"media.txt", "foo | XYZ | Foo News |", "unknown country"},
		{"people.txt", "x | X Y | m |  | PAK GOV president 2020-01-01", "are not START..END"},
		{"people.txt", "x | X Y | m |  | PAK GOV president", "not \"CODE SECTOR OFFICES START..END\""},
		{"people.txt", "x | X Y | m |  | PAK GOV president 2020-13-01..", "start date"},
		{"people.txt", "x | X Y | m |  | PAK GOV wizard 2020-01-01..", "unknown office"},
		{"people.txt", "x | X Y | q |  |", "gender"},
		{"titles.txt", "boss | person | boss", "want 5 fields"},
		{"groups.txt", "foo | FOO | Foo Front | FF", "groups of three capital letters"},
		{"groups.txt", "foo | AFGREB 2020-01-01 | Foo Front |", "not START..END"},
		{"groups.txt", "foo | AFGREB ..2021-01-01; AFGGOV 2020-01-01.. | Foo Front |", "overlap"},
		{"groups.txt", "foo |  | Foo Front |", "no code"},
		{"groups.txt", "taliban | AFGREB | Taliban again |", "duplicate id"},
	}
	for _, tt := range tests {
		fsys := fstest.MapFS{}
		for f, s := range good {
			fsys[f] = &fstest.MapFile{Data: []byte(s)}
		}
		fsys[tt.file] = &fstest.MapFile{Data: []byte(good[tt.file] + "\n" + tt.line + "\n")}
		_, err := Load(Options{FS: fsys})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Load with %s line %q: err = %v, want it to contain %q", tt.file, tt.line, err, tt.want)
		}
	}
	if _, err := Load(Options{FS: fstest.MapFS{}}); err == nil {
		t.Error("Load of an empty FS succeeded")
	}
}
