package kb

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestExplainDatedRoles(t *testing.T) {
	k := load(t)
	tests := []struct {
		query, at, id, code string // id "" means no match
	}{
		{"President Trump", "2019-06-14", "person/donald-trump", "USAGOV"},
		{"President Trump", "2022-06-01", "person/donald-trump", "USAELI"},
		{"President Trump", "2025-06-01", "person/donald-trump", "USAGOV"},
		{"Prime Minister Sharif", "2015-03-01", "person/nawaz-sharif", "PAKGOV"},
		{"Prime Minister Sharif", "2024-06-01", "person/shehbaz-sharif", "PAKGOV"},
		{"Prime Minister Sharif", "1998-01-01", "person/nawaz-sharif", "PAKGOV"},
		{"Imran Khan", "2019-06-14", "person/imran-khan", "PAKGOV"},
		{"Imran Khan", "2023-01-01", "person/imran-khan", "PAKOPP"},
		{"PM Khan", "2019-06-14", "person/imran-khan", "PAKGOV"},
		{"Foreign Minister Qureshi", "2019-06-14", "person/shah-mahmood-qureshi", "PAKGOV"},
		{"Russian President", "2019-06-14", "person/vladimir-putin", "RUSGOV"},
		{"Russian President", "2010-06-01", "person/dmitry-medvedev", "RUSGOV"},
		{"the Pakistani army chief", "2015-01-01", "person/raheel-sharif", "PAKMIL"},
		{"UN Secretary-General", "2005-01-01", "person/kofi-annan", "IGOUNO"},
		{"NATO Secretary-General", "2025-01-01", "person/mark-rutte", "IGOWSTNAT"},
		{"Fed chair", "", "", ""},
		{"Pakistan's military", "2019-06-14", "state/PAK", "PAKMIL"},
		{"Kremlin", "2019-06-14", "state/RUS", "RUSGOV"},
		{"Taliban", "2019-06-14", "group/taliban", "AFGINS"},
		{"Nobody Special", "2019-06-14", "", ""},
		// "TITLE of PLACE", monarchs of several realms, "leader"
		{"Queen of Canada", "2010-01-01", "person/elizabeth-ii", "CANGOV"},
		{"King of Australia", "2024-01-01", "person/charles-iii", "AUSGOV"},
		{"Queen of Barbados", "2015-01-01", "person/elizabeth-ii", "BRBGOV"},
		{"Queen of Barbados", "2022-01-01", "state/BRB", "BRBGOV"}, // a republic since 2021-11-30
		{"President of the Philippines", "2020-01-01", "person/rodrigo-duterte", "PHLGOV"},
		{"Secretary-General of NATO", "2020-01-01", "person/jens-stoltenberg", "IGOWSTNAT"},
		{"Emperor of Japan", "2018-01-01", "person/akihito", "JPNGOV"},
		{"Japanese emperor", "2020-01-01", "person/naruhito", "JPNGOV"},
		{"Prince Charles", "2015-01-01", "person/charles-iii", "GBRGOV"},
		{"Ukrainian leader", "2012-01-01", "person/viktor-yanukovych", "UKRGOV"},
		{"Turkish leader", "2003-01-01", "person/abdullah-gul", "TURGOV"},
		{"Brazilian leader", "2016-06-01", "person/michel-temer", "BRAGOV"},
		// a provincial office gives the country's code but is no
		// office of the country
		{"Shehbaz Sharif", "2010-01-01", "person/shehbaz-sharif", "PAKGOV"},
		{"Pakistani governor", "2010-01-01", "state/PAK", "PAKGOV"},
		{"Nawaz Sharif", "2013-08-01", "person/nawaz-sharif", "PAKGOV"}, // PM holding defence
		{"Pakistani defense minister", "2013-08-01", "person/nawaz-sharif", "PAKMIL"},
		{"Paul Wolfowitz", "2003-01-01", "person/paul-wolfowitz", "USAMIL"},
	}
	for _, tt := range tests {
		var at time.Time
		if tt.at != "" {
			at = day(tt.at)
		}
		res := k.Explain(tt.query, at)
		if tt.code == "" {
			if len(res.Matches) != 0 {
				t.Errorf("Explain(%q, %s) = %+v, want no match", tt.query, tt.at, res.Matches[0].Actor)
			}
			continue
		}
		if len(res.Matches) == 0 {
			t.Errorf("Explain(%q, %s): no match, want %s %s", tt.query, tt.at, tt.id, tt.code)
			continue
		}
		a := res.Matches[0].Actor
		if a.ID != tt.id || a.Code != tt.code {
			t.Errorf("Explain(%q, %s) = %s %s, want %s %s; reasons %q", tt.query, tt.at, a.ID, a.Code, tt.id, tt.code, res.Matches[0].Reasons)
		}
		if len(res.Matches[0].Reasons) == 0 {
			t.Errorf("Explain(%q, %s): no reasons", tt.query, tt.at)
		}
	}
}

func TestExplainReasons(t *testing.T) {
	k := load(t)
	res := k.Explain("Imran Khan", day("2019-06-14"))
	got := strings.Join(res.Matches[0].Reasons, "\n")
	for _, want := range []string{`name "Imran Khan" matched person/imran-khan`, "role at 2019-06-14: Prime Minister of Pakistan (2018-08-18..2022-04-10)", "code PAKGOV"} {
		if !strings.Contains(got, want) {
			t.Errorf("reasons %q lack %q", got, want)
		}
	}
}

// TestRoleNameSubnational checks that a provincial office is named as
// one held in the country, not over it.
func TestRoleNameSubnational(t *testing.T) {
	k := load(t)
	p, _ := k.Person("person/sarfraz-bugti")
	r, ok := p.RoleAt(day("2025-01-01"))
	if !ok {
		t.Fatal("sarfraz-bugti holds no role at 2025-01-01")
	}
	if got, want := k.RoleName(r), "Chief Minister (sub-national) in Pakistan (2024-03-02..)"; got != want {
		t.Errorf("RoleName = %q, want %q", got, want)
	}
	if _, _, ok := k.OfficeHolder("PAK", "governor", day("2010-01-01")); ok {
		t.Error("someone holds governor of PAK in 2010; Punjab's chief minister is no governor of Pakistan")
	}
}

func TestBestPerson(t *testing.T) {
	k := load(t)
	tests := []struct{ name, office, place, at, want string }{
		{"Sharif", "prime-minister", "PAK", "2015-01-01", "nawaz-sharif"},
		{"Sharif", "prime-minister", "PAK", "2023-01-01", "shehbaz-sharif"},
		{"Sharif", "", "PAK", "2016-01-01", ""}, // both in office: a tie
		{"Powell", "central-bank-governor", "USA", "2020-01-01", "jerome-powell"},
		{"Powell", "foreign-minister", "", "2003-01-01", "colin-powell"},
		{"Nobody", "", "", "2020-01-01", ""},
	}
	for _, tt := range tests {
		p, ok := k.BestPerson(tt.name, tt.office, tt.place, day(tt.at))
		got := ""
		if ok {
			got = p.ID
		}
		if got != tt.want {
			t.Errorf("BestPerson(%s, %s, %s, %s) = %q, want %q", tt.name, tt.office, tt.place, tt.at, got, tt.want)
		}
	}
}

func TestOverlay(t *testing.T) {
	overlay := OverlayHeader + `
person | imran-khan | Imran Khan | m | Khan; Kaptaan | PAK GOV prime-minister,leader 2018-08-18..2022-04-10; PAK OPP opposition-leader 2022-04-10..2023-08-05; PAK ELI official 2023-08-05..
actor | pt-test-general | PAK ..2001-01-01; PAKMIL 2001-01-01..2005-01-01; PAK 2005-01-01.. | General Test Person | Test General | PERSON
title | chief whip | person | - | LEG | -
group | taliban | AFGREB | Taliban | Taleban
`
	fsys := fstest.MapFS{"o.txt": &fstest.MapFile{Data: []byte(overlay)}}
	k, err := LoadOverlayFS(Options{NoDefaultOverlays: true}, fsys, "o.txt")
	if err != nil {
		t.Fatal(err)
	}
	if a, _ := k.Actor("person/imran-khan", day("2024-01-01")); a.Code != "PAKELI" {
		t.Errorf("overlay person: Imran Khan 2024 = %s, want PAKELI", a.Code)
	}
	if cs := k.Lookup("Kaptaan"); len(cs) == 0 || cs[0].ID != "person/imran-khan" {
		t.Errorf("overlay alias Kaptaan = %+v", cs)
	}
	if cs := k.Lookup("Test General"); len(cs) == 0 || cs[0].Type != "PERSON" {
		t.Errorf("overlay actor = %+v", cs)
	} else if a, _ := k.Actor(cs[0].ID, day("2003-01-01")); a.Code != "PAKMIL" {
		t.Errorf("overlay actor 2003 = %s, want PAKMIL", a.Code)
	} else if a, _ := k.Actor(cs[0].ID, day("2010-01-01")); a.Code != "PAK" {
		t.Errorf("overlay actor 2010 = %s, want PAK", a.Code)
	}
	if ti, ok := k.Title("chief whip"); !ok || ti.Sector != "LEG" {
		t.Errorf("overlay title = %+v, %v", ti, ok)
	}
	// the overlay replaced the built-in Taliban: its alias Afghan
	// Taliban is gone, its code is the overlay's
	if cs := k.Lookup("Afghan Taliban"); len(cs) != 0 {
		t.Errorf("replaced group keeps alias: %+v", cs)
	}
	if a, _ := k.Actor("group/taliban", day("2022-01-01")); a.Code != "AFGREB" {
		t.Errorf("replaced group code = %s", a.Code)
	}
	// errors name the overlay file and line
	for _, bad := range []string{"person | x | X | m |", "bogus | x", "actor | a | PAK | A | | ALIEN", "group | g | pak | G |"} {
		fs := fstest.MapFS{"bad.txt": &fstest.MapFile{Data: []byte("# c\n" + bad + "\n")}}
		if _, err := LoadOverlayFS(Options{NoDefaultOverlays: true}, fs, "bad.txt"); err == nil || !strings.Contains(err.Error(), "bad.txt:2") {
			t.Errorf("overlay %q: err = %v, want bad.txt:2", bad, err)
		}
	}
}

func TestOverlayFromEnv(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "o.txt")
	if err := os.WriteFile(p, []byte("title | chief whip | person | - | LEG | -\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(OverlayEnv, p)
	k, err := Load(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := k.Title("chief whip"); !ok || len(k.Overlays()) != 1 {
		t.Errorf("overlay from $%s not loaded: %v", OverlayEnv, k.Overlays())
	}
	t.Setenv(OverlayEnv, "")
	if k, _ := Load(Options{}); len(k.Overlays()) != 0 {
		t.Errorf("empty $%s loaded %v", OverlayEnv, k.Overlays())
	}
}

// TestUserOverlayPath checks that the file import writes by default is
// one Load reads by default.
func TestUserOverlayPath(t *testing.T) {
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	t.Setenv("HOME", cfg)
	t.Setenv("AppData", cfg)
	def, err := DefaultOverlayPath()
	if err != nil {
		t.Fatal(err)
	}
	sep := string(os.PathListSeparator)
	tests := []struct {
		env     *string // nil: unset
		want    string
		wantErr bool
	}{
		{nil, def, false},
		{ptr("/x/a.txt"), "/x/a.txt", false},
		{ptr("/x/a.txt" + sep + "/y/b.txt" + sep), "/y/b.txt", false},
		{ptr(""), "", true},
		{ptr(" " + sep), "", true},
	}
	for _, tt := range tests {
		if tt.env == nil {
			t.Setenv(OverlayEnv, "")
			os.Unsetenv(OverlayEnv)
		} else {
			t.Setenv(OverlayEnv, *tt.env)
		}
		got, err := UserOverlayPath()
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("env %v: UserOverlayPath() = %q, %v; want %q, error %v", tt.env, got, err, tt.want, tt.wantErr)
		}
		if err == nil && tt.env != nil {
			if ps := DefaultOverlays(); ps[len(ps)-1] != got {
				t.Errorf("env %q: writes %q, Load reads %v", *tt.env, got, ps)
			}
		}
	}
}

func ptr(s string) *string { return &s }

// TestExportRoundTrip checks that the export, loaded as an overlay over
// the built-in data, exports the same text again.
func TestExportRoundTrip(t *testing.T) {
	k := load(t)
	var a bytes.Buffer
	if err := k.Export(&a); err != nil {
		t.Fatal(err)
	}
	k2, err := LoadOverlayFS(Options{NoDefaultOverlays: true}, fstest.MapFS{"x.txt": &fstest.MapFile{Data: a.Bytes()}}, "x.txt")
	if err != nil {
		t.Fatalf("export does not load as an overlay: %v", err)
	}
	var b bytes.Buffer
	if err := k2.Export(&b); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(a.String(), b.String()); d != "" {
		t.Errorf("export changed after a round trip (-first +second):\n%s", d)
	}
	if n := strings.Count(a.String(), "\nperson | "); n < 500 {
		t.Errorf("export has %d people, want at least 500", n)
	}
}
