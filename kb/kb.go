// Package kb is realign's actor knowledge base: states, intergovernmental
// organisations, news media, armed and other non-state groups (with
// time-bounded codes), regions, people with time-bounded roles, and
// the titles and role nouns that give an actor its CAMEO sector.
//
// The data lives in human-editable text files under kb/data (states.txt,
// igos.txt, media.txt, groups.txt, regions.txt, people.txt, titles.txt), embedded in
// the binary and parsed by Load. Each file documents its format in a
// header comment. Facts come from public sources (ISO 3166-1, the CAMEO
// actor code conventions, public records of office terms) and are written
// in realign's own files.
//
// Users extend or correct the data without touching code through overlay
// files (format in OverlayHeader): Load reads the files named in
// $REALIGN_KB_OVERLAY, or else realign/kb-overlay.txt under the user
// configuration directory when it exists, after the built-in data; their
// entries replace built-in ones with the same ID and their names are
// tried first. ImportPetrarch turns TABARI/PETRARCH actor and agent
// dictionaries into overlay records, Export writes the merged KB, and
// Explain says how a phrase resolves at a date and why.
//
// Actor IDs have the form "state/PAK", "igo/SCO", "media/sputnik",
// "person/imran-khan", "group/taliban" and "region/Kashmir". The CAMEO code of a state is
// its ISO 3166-1 alpha-3 code ("PAK"); a sector of it appends the sector
// ("PAKGOV", "RUSMIL", "RUSMED"); IGO codes begin with "IGO".
package kb

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/realign/realign"
)

//go:embed data/*.txt
var embedded embed.FS

// Options configures Load. The zero value loads the embedded data.
type Options struct {
	// FS, when set, is read instead of the embedded data. It must hold
	// the files states.txt, igos.txt, media.txt, regions.txt, people.txt
	// and titles.txt at its root; groups.txt is optional (no groups
	// when absent).
	FS fs.FS
	// Overlays are user overlay files (see overlay.go for the format),
	// read after the built-in data in order; an entry of a later file
	// replaces one with the same ID, and its names are tried first.
	Overlays []string
	// NoDefaultOverlays turns off the default overlays: the files named
	// by $REALIGN_KB_OVERLAY, or when it is unset the file at
	// DefaultOverlayPath if it exists. They are read only when FS is nil.
	NoDefaultOverlays bool
}

// Sector codes used by the KB in addition to those of package realign.
const (
	SectorLEG = "LEG" // legislature
	SectorJUD = "JUD" // judiciary
	SectorELI = "ELI" // elite: former office holders
)

// Kinds of KB entries, used in Candidate.Kind and realign.Actor.Kind.
const (
	KindState  = "state"
	KindIGO    = "igo"
	KindMedia  = "media"
	KindPerson = "person"
	KindRegion = "region"
	KindGroup  = "group"
)

// State is one state, territory or historical state.
type State struct {
	Code     string // CAMEO country code, ISO 3166-1 alpha-3 ("PAK")
	ISO2     string // ISO 3166-1 alpha-2, "" when none
	Kind     string // state, territory, observer or historical
	Name     string
	Capitals []string
	Aliases  []string
	Demonyms []string
	// Seats maps a seat-of-institution name ("Kremlin") to its sector.
	Seats map[string]string
}

// Org is an intergovernmental organisation or a news outlet.
type Org struct {
	ID      string // key in its file ("SCO", "sputnik")
	Kind    string // KindIGO or KindMedia
	Code    string // CAMEO code ("IGOCASSCO", "RUSMED")
	Country string // home state of a media outlet, "" for IGOs
	Name    string
	Aliases []string
}

// Group is an armed or other non-state group: an insurgency, militia,
// terrorist organisation, movement or party.
type Group struct {
	ID   string // key in groups.txt ("taliban"); the actor ID is "group/ID"
	Name string
	// Type is the entity type of its mentions: realign.ORG, or
	// realign.PERSON for a person imported from another dictionary
	// (overlay "actor" records).
	Type    string
	Aliases []string
	// Codes are the group's CAMEO codes over time, sorted by start.
	Codes []GroupCode
}

// GroupCode is one time-bounded CAMEO code of a group.
type GroupCode struct {
	// Code is the CAMEO code: a state code and sector ("AFGINS",
	// "PAKREB", "AFGGOV") or a transnational code ("IMGMUSALQ").
	Code string
	// Country is the ISO3 state prefix of Code, "" for transnational
	// codes; Sector the three letters after it ("INS"), or the first
	// three letters of a transnational code ("IMG").
	Country, Sector string
	// Start is the first day of the code, End the first day after it;
	// zero times leave the interval open.
	Start, End time.Time
}

// Active reports whether the code applies at t (Start <= t < End); a
// zero t matches only a code with no end.
func (c GroupCode) Active(t time.Time) bool {
	if t.IsZero() {
		return c.End.IsZero()
	}
	return (c.Start.IsZero() || !t.Before(c.Start)) && (c.End.IsZero() || t.Before(c.End))
}

// CodeAt returns the code that applies at t: the active one, with t zero
// the open-ended (current) one; ok is false when none applies.
func (g *Group) CodeAt(t time.Time) (GroupCode, bool) {
	for i := len(g.Codes) - 1; i >= 0; i-- {
		if g.Codes[i].Active(t) {
			return g.Codes[i], true
		}
	}
	return GroupCode{}, false
}

// Region is a non-state place: a province, disputed territory or area.
type Region struct {
	Name    string
	Type    string // realign.GPE or realign.LOC
	Country string // holding state, "" when none or disputed
	Aliases []string
}

// Role is one time-bounded position of a person.
type Role struct {
	// Country is the ISO3 code of the state for state roles, "" for IGO
	// roles.
	Country string
	// IGO is the ID of the organisation for IGO roles ("UN"), "".
	IGO string
	// Sector is the CAMEO sector the role gives ("GOV", "OPP"); for IGO
	// roles it is "IGO".
	Sector string
	// Offices are office keys from titles.txt; the first names the role.
	Offices []string
	// Start is the first day in the role; End the first day out of it,
	// the zero time while the role is held.
	Start, End time.Time
}

// Active reports whether the role is held at t (Start <= t < End).
func (r Role) Active(t time.Time) bool {
	return !t.Before(r.Start) && (r.End.IsZero() || t.Before(r.End))
}

// HasOffice reports whether the role includes office key o.
func (r Role) HasOffice(o string) bool {
	for _, x := range r.Offices {
		if x == o {
			return true
		}
	}
	return false
}

// Person is one person with roles sorted by start date.
type Person struct {
	ID      string // key in people.txt ("imran-khan")
	Name    string
	Gender  string // "m", "f" or ""
	Aliases []string
	Roles   []Role
}

// RoleAt returns the role that gives the person's code at t: a role
// with the "leader" office (head of state or government) active at t,
// else the latest started role active at t; when t is zero, the most
// recent role. ok is false when no role is active at t.
// A president who is also defence minister (Algeria) is so coded as a
// head of state (DZAGOV), not as DZAMIL.
//
// Of several roles started the same day, the last listed gives the code,
// except that roles in other places than the first listed of them are
// passed over: a monarch of several realms (roles in GBR, CAN, AUS ...
// from one day) gets the first listed state by default.
func (p *Person) RoleAt(t time.Time) (r Role, ok bool) {
	active := func(r Role) bool { return t.IsZero() || r.Active(t) }
	i := -1
	if !t.IsZero() {
		i = p.latestRole(func(r Role) bool { return active(r) && r.HasOffice("leader") })
	}
	if i < 0 {
		i = p.latestRole(active)
	}
	if i < 0 {
		return Role{}, false
	}
	return p.Roles[i], true
}

// latestRole returns the index of the latest started role that keep
// accepts, with ties resolved as RoleAt says; -1 when keep accepts none.
func (p *Person) latestRole(keep func(Role) bool) int {
	best, firstTie := -1, -1
	for i, r := range p.Roles {
		if !keep(r) {
			continue
		}
		switch {
		case best < 0 || r.Start.After(p.Roles[best].Start):
			best, firstTie = i, i
		case r.Start.Equal(p.Roles[best].Start) && samePlace(r, p.Roles[firstTie]):
			best = i
		}
	}
	return best
}

// samePlace reports whether two roles are in the same state or IGO.
func samePlace(a, b Role) bool { return a.Country == b.Country && a.IGO == b.IGO }

// Title is a title or role noun from titles.txt.
type Title struct {
	Form   string
	Kind   string // "person", "group" or "honorific"
	Office string // office key, "" when none
	Sector string // CAMEO sector, "" when none
	Gender string // "m", "f" or ""
}

// Candidate is one KB entry a surface form may refer to.
type Candidate struct {
	// ID is the actor ID ("state/PAK", "person/imran-khan").
	ID string
	// Kind is KindState, KindIGO, KindMedia, KindPerson or KindRegion.
	Kind string
	// Via says which kind of name matched: "name", "alias", "demonym",
	// "capital" or "seat".
	Via string
	// Sector is the sector the form itself gives: GOV for capitals, the
	// seat's sector for seats, "" otherwise.
	Sector string
	// Type is the entity type of a mention of the form (PERSON, ORG, GPE,
	// LOC, NORP).
	Type string
	// Form is the form as stored in the KB.
	Form string
	// Short is true for a one-word alias of a person (a surname).
	Short bool
}

// KB is a loaded knowledge base. It is read-only after Load and safe for
// concurrent use.
type KB struct {
	states  map[string]*State
	orgs    map[string]*Org   // by actor ID
	groups  map[string]*Group // by actor ID
	regions map[string]*Region
	people  map[string]*Person
	titles  map[string]Title
	forms   map[string][]entry
	// maxWords and maxTitleWords are the longest form lengths in words.
	maxWords, maxTitleWords int
	personOrder             []string
	// firstWords and titleFirst hold the folded first words of all name
	// and title forms, to skip lookups quickly.
	firstWords, titleFirst map[string]bool
	// nameWords are the words, as written, of name forms that start
	// with a capital letter ("United", "States", "US"): see NameWord.
	nameWords map[string]bool
	// firstMax is the most words of a name form starting with a folded
	// first word.
	firstMax map[string]int

	// gen is the data generation being parsed: 0 for the built-in
	// files, n for the n-th overlay; origin the generation that defined
	// each ID ("state/PAK", "title:president"), replaced the IDs an
	// overlay redefined, with the generation that did.
	gen      int
	origin   map[string]int
	replaced map[string]int
	// file order of entries, for Export
	stateOrder, orgOrder, groupOrder, regionOrder, titleOrder []string
	overlays                                                  []string
}

type entry struct {
	Candidate
	exact bool // match only with the same case
	gen   int  // 0 built-in data, n the n-th overlay file
}

// Load parses the data files, then the overlays (Options.Overlays and
// the default ones, see DefaultOverlays). Errors name the file and line.
func Load(opts Options) (*KB, error) {
	k, err := loadBase(opts)
	if err != nil {
		return nil, err
	}
	k.finishOverlays()
	return k, nil
}

// loadBase is Load without finishOverlays.
func loadBase(opts Options) (*KB, error) {
	fsys := opts.FS
	if fsys == nil {
		sub, err := fs.Sub(embedded, "data")
		if err != nil {
			return nil, fmt.Errorf("open embedded data: %w", err)
		}
		fsys = sub
	}
	k := &KB{
		states:  map[string]*State{},
		orgs:    map[string]*Org{},
		groups:  map[string]*Group{},
		regions: map[string]*Region{},
		people:  map[string]*Person{},
		titles:  map[string]Title{},
		forms:   map[string][]entry{},

		firstWords: map[string]bool{},
		firstMax:   map[string]int{},
		nameWords:  map[string]bool{},
		titleFirst: map[string]bool{},
	}
	k.origin, k.replaced = map[string]int{}, map[string]int{}
	for _, st := range fileSteps(k, opts.FS != nil) {
		data, err := fs.ReadFile(fsys, st.file)
		if err != nil && st.opt && errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("load kb: %w", err)
		}
		if err := parseLines(st.file, string(data), func(file string, line int, f []string) error {
			if len(f) != st.fields {
				return fmt.Errorf("%s:%d: want %d fields separated by \"|\", got %d", file, line, st.fields, len(f))
			}
			return st.parse(file, line, f)
		}); err != nil {
			return nil, err
		}
	}
	if err := k.checkRoles(); err != nil {
		return nil, err
	}
	paths := opts.Overlays
	if opts.FS == nil && !opts.NoDefaultOverlays {
		paths = append(DefaultOverlays(), paths...)
	}
	for _, p := range paths {
		if err := k.loadOverlay(p); err != nil {
			return nil, err
		}
	}
	return k, nil
}

type fileStep struct {
	file   string
	kind   string // record kind in overlays and exports
	parse  func(file string, line int, f []string) error
	fields int
	opt    bool // the file may be absent from Options.FS
}

// fileSteps lists the data files in load order.
func fileSteps(k *KB, customFS bool) []fileStep {
	return []fileStep{
		{"states.txt", "state", k.parseState, 8, false},
		{"igos.txt", "igo", k.parseIGO, 4, false},
		{"media.txt", "media", k.parseMedia, 4, false},
		{"groups.txt", "group", k.parseGroup, 4, customFS},
		{"regions.txt", "region", k.parseRegion, 4, false},
		{"titles.txt", "title", k.parseTitle, 5, false},
		{"people.txt", "person", k.parsePerson, 5, false},
	}
}

// parseLines calls parse for each non-blank, non-comment line of data
// with its "|"-separated, trimmed fields.
func parseLines(file, data string, parse func(file string, line int, f []string) error) error {
	for i, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "|")
		for j := range f {
			f[j] = strings.TrimSpace(f[j])
		}
		if err := parse(file, i+1, f); err != nil {
			return err
		}
	}
	return nil
}

// define records that the current generation defines id; an ID defined
// by an earlier generation is replaced, one defined twice by the same
// generation is an error (dup reports whether id exists at all).
func (k *KB) define(file string, line int, id string, dup bool) error {
	if g, ok := k.origin[id]; ok && dup {
		if g == k.gen {
			return fmt.Errorf("%s:%d: duplicate id %s", file, line, id)
		}
		k.replaced[id] = k.gen
	}
	k.origin[id] = k.gen
	return nil
}

func list(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ";") {
		if x = strings.TrimSpace(x); x != "" && x != "-" {
			out = append(out, x)
		}
	}
	return out
}

func dash(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

// isCodeGroups reports codes made of one or more groups of three capital
// letters ("PAK", "PAKGOV", "IMGMUSALQ").
func isCodeGroups(s string) bool {
	if len(s) < 3 || len(s)%3 != 0 {
		return false
	}
	for i := 0; i < len(s); i += 3 {
		if !isCode3(s[i : i+3]) {
			return false
		}
	}
	return true
}

func isCode3(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

func (k *KB) parseState(file string, line int, f []string) error {
	s := &State{Code: f[0], ISO2: dash(f[1]), Kind: f[2], Name: f[3], Capitals: list(f[4]), Aliases: list(f[5]), Demonyms: list(f[6]), Seats: map[string]string{}}
	if !isCode3(s.Code) {
		return fmt.Errorf("%s:%d: code %q is not three capital letters", file, line, s.Code)
	}
	switch s.Kind {
	case "state", "territory", "observer", "historical":
	default:
		return fmt.Errorf("%s:%d: unknown kind %q", file, line, s.Kind)
	}
	if s.Name == "" {
		return fmt.Errorf("%s:%d: empty name", file, line)
	}
	_, dup := k.states[s.Code]
	if err := k.define(file, line, "state/"+s.Code, dup); err != nil {
		return fmt.Errorf("%w (duplicate state %s)", err, s.Code)
	}
	if !dup {
		k.stateOrder = append(k.stateOrder, s.Code)
	}
	for _, seat := range list(f[7]) {
		name, sector, ok := strings.Cut(seat, "=")
		if !ok || name == "" || !isCode3(sector) {
			return fmt.Errorf("%s:%d: seat %q is not NAME=SECTOR", file, line, seat)
		}
		s.Seats[strings.TrimSpace(name)] = strings.TrimSpace(sector)
	}
	k.states[s.Code] = s
	id := "state/" + s.Code
	k.addForm(s.Name, Candidate{ID: id, Kind: KindState, Via: "name", Type: realign.GPE})
	for _, a := range s.Aliases {
		k.addForm(a, Candidate{ID: id, Kind: KindState, Via: "alias", Type: realign.GPE})
	}
	for _, a := range s.Demonyms {
		k.addForm(a, Candidate{ID: id, Kind: KindState, Via: "demonym", Type: realign.NORP})
	}
	for _, a := range s.Capitals {
		k.addForm(a, Candidate{ID: id, Kind: KindState, Via: "capital", Sector: realign.SectorGOV, Type: realign.GPE})
	}
	for name, sector := range s.Seats {
		k.addForm(name, Candidate{ID: id, Kind: KindState, Via: "seat", Sector: sector, Type: realign.ORG})
	}
	return nil
}

func (k *KB) parseIGO(file string, line int, f []string) error {
	o := &Org{ID: f[0], Kind: KindIGO, Code: f[1], Name: f[2], Aliases: list(f[3])}
	if o.ID == "" || o.Name == "" {
		return fmt.Errorf("%s:%d: empty id or name", file, line)
	}
	if !strings.HasPrefix(o.Code, "IGO") {
		return fmt.Errorf("%s:%d: IGO code %q does not begin with IGO", file, line, o.Code)
	}
	return k.addOrg(file, line, "igo/"+o.ID, o)
}

func (k *KB) parseMedia(file string, line int, f []string) error {
	o := &Org{ID: f[0], Kind: KindMedia, Country: f[1], Name: f[2], Aliases: list(f[3])}
	if o.ID == "" || o.Name == "" {
		return fmt.Errorf("%s:%d: empty id or name", file, line)
	}
	if _, ok := k.states[o.Country]; !ok {
		return fmt.Errorf("%s:%d: unknown country %q", file, line, o.Country)
	}
	o.Code = o.Country + realign.SectorMED
	return k.addOrg(file, line, "media/"+o.ID, o)
}

func (k *KB) addOrg(file string, line int, id string, o *Org) error {
	_, dup := k.orgs[id]
	if err := k.define(file, line, id, dup); err != nil {
		return err
	}
	if !dup {
		k.orgOrder = append(k.orgOrder, id)
	}
	k.orgs[id] = o
	k.addForm(o.Name, Candidate{ID: id, Kind: o.Kind, Via: "name", Type: realign.ORG})
	for _, a := range o.Aliases {
		k.addForm(a, Candidate{ID: id, Kind: o.Kind, Via: "alias", Type: realign.ORG})
	}
	return nil
}

func (k *KB) parseGroup(file string, line int, f []string) error {
	return k.parseGroupTyped(file, line, f, realign.ORG)
}

func (k *KB) parseGroupTyped(file string, line int, f []string, typ string) error {
	g := &Group{ID: f[0], Name: f[2], Aliases: list(f[3]), Type: typ}
	if g.ID == "" || g.Name == "" {
		return fmt.Errorf("%s:%d: empty id or name", file, line)
	}
	id := "group/" + g.ID
	for _, item := range list(f[1]) {
		w := strings.Fields(item)
		if len(w) < 1 || len(w) > 2 {
			return fmt.Errorf("%s:%d: code %q is not \"CODE [START..END]\"", file, line, item)
		}
		c := GroupCode{Code: w[0]}
		if !isCodeGroups(c.Code) || (len(c.Code) == 3 && k.states[c.Code] == nil) {
			return fmt.Errorf("%s:%d: code %q is not a state code or groups of three capital letters", file, line, c.Code)
		}
		if _, ok := k.states[c.Code[:3]]; ok {
			c.Country = c.Code[:3]
			if len(c.Code) >= 6 {
				c.Sector = c.Code[3:6]
			}
		} else {
			c.Sector = c.Code[:3]
		}
		if len(w) == 2 {
			from, to, ok := strings.Cut(w[1], "..")
			if !ok {
				return fmt.Errorf("%s:%d: dates %q are not START..END", file, line, w[1])
			}
			var err error
			if from != "" {
				if c.Start, err = parseDate(from); err != nil {
					return fmt.Errorf("%s:%d: start date: %w", file, line, err)
				}
			}
			if to != "" {
				if c.End, err = parseDate(to); err != nil {
					return fmt.Errorf("%s:%d: end date: %w", file, line, err)
				}
			}
			if !c.Start.IsZero() && !c.End.IsZero() && !c.End.After(c.Start) {
				return fmt.Errorf("%s:%d: code %q ends before it starts", file, line, item)
			}
		}
		g.Codes = append(g.Codes, c)
	}
	if len(g.Codes) == 0 {
		return fmt.Errorf("%s:%d: no code", file, line)
	}
	sort.SliceStable(g.Codes, func(i, j int) bool { return g.Codes[i].Start.Before(g.Codes[j].Start) })
	for i := 1; i < len(g.Codes); i++ {
		p, c := g.Codes[i-1], g.Codes[i]
		if p.End.IsZero() || c.Start.IsZero() || c.Start.Before(p.End) {
			return fmt.Errorf("%s:%d: codes %s and %s overlap", file, line, p.Code, c.Code)
		}
	}
	_, dup := k.groups[id]
	if err := k.define(file, line, id, dup); err != nil {
		return err
	}
	if !dup {
		k.groupOrder = append(k.groupOrder, id)
	}
	if g.Type == "" {
		g.Type = realign.ORG
	}
	k.groups[id] = g
	k.addForm(g.Name, Candidate{ID: id, Kind: KindGroup, Via: "name", Type: g.Type})
	for _, a := range g.Aliases {
		k.addForm(a, Candidate{ID: id, Kind: KindGroup, Via: "alias", Type: g.Type, Short: g.Type == realign.PERSON && len(strings.Fields(a)) == 1})
	}
	return nil
}

// Group returns the group with actor ID id ("group/taliban").
func (k *KB) Group(id string) (*Group, bool) {
	g, ok := k.groups[id]
	return g, ok
}

func (k *KB) parseRegion(file string, line int, f []string) error {
	r := &Region{Name: f[0], Type: f[1], Country: dash(f[2]), Aliases: list(f[3])}
	if r.Type != realign.GPE && r.Type != realign.LOC && r.Type != realign.NORP {
		return fmt.Errorf("%s:%d: type %q is not GPE, LOC or NORP", file, line, r.Type)
	}
	if r.Country != "" {
		if _, ok := k.states[r.Country]; !ok {
			return fmt.Errorf("%s:%d: unknown country %q", file, line, r.Country)
		}
	}
	id := "region/" + r.Name
	_, dup := k.regions[id]
	if err := k.define(file, line, id, dup); err != nil {
		return err
	}
	if !dup {
		k.regionOrder = append(k.regionOrder, id)
	}
	k.regions[id] = r
	k.addForm(r.Name, Candidate{ID: id, Kind: KindRegion, Via: "name", Type: r.Type})
	for _, a := range r.Aliases {
		k.addForm(a, Candidate{ID: id, Kind: KindRegion, Via: "alias", Type: r.Type})
	}
	return nil
}

func (k *KB) parseTitle(file string, line int, f []string) error {
	t := Title{Form: f[0], Kind: f[1], Office: dash(f[2]), Sector: dash(f[3]), Gender: dash(f[4])}
	switch t.Kind {
	case "person", "group", "honorific":
	default:
		return fmt.Errorf("%s:%d: kind %q is not person, group or honorific", file, line, t.Kind)
	}
	if t.Gender != "" && t.Gender != "m" && t.Gender != "f" {
		return fmt.Errorf("%s:%d: gender %q is not m, f or -", file, line, t.Gender)
	}
	key := titleKey(t.Form)
	_, dup := k.titles[key]
	if err := k.define(file, line, "title:"+key, dup); err != nil {
		return fmt.Errorf("%s:%d: duplicate title %q", file, line, t.Form)
	}
	if !dup {
		k.titleOrder = append(k.titleOrder, key)
	}
	k.titles[key] = t
	k.titleFirst[Fold(strings.Fields(t.Form)[0])] = true
	if n := len(strings.Fields(t.Form)); n > k.maxTitleWords {
		k.maxTitleWords = n
	}
	return nil
}

// titleKey keeps all-capital abbreviations as written and lower-cases
// other titles.
func titleKey(s string) string {
	s = strings.Join(strings.Fields(normApos(s)), " ")
	if isAcronym(s) {
		return s
	}
	return strings.ToLower(s)
}

func parseDate(s string) (time.Time, error) {
	return time.Parse("2006-01-02", s)
}

func (k *KB) parsePerson(file string, line int, f []string) error {
	p := &Person{ID: f[0], Name: f[1], Gender: dash(f[2]), Aliases: list(f[3])}
	if p.ID == "" || p.Name == "" {
		return fmt.Errorf("%s:%d: empty id or name", file, line)
	}
	if p.Gender != "" && p.Gender != "m" && p.Gender != "f" {
		return fmt.Errorf("%s:%d: gender %q is not m, f or -", file, line, p.Gender)
	}
	_, dup := k.people[p.ID]
	if err := k.define(file, line, "person/"+p.ID, dup); err != nil {
		return fmt.Errorf("%w (duplicate person)", err)
	}
	for _, rs := range list(f[4]) {
		w := strings.Fields(rs)
		if len(w) != 4 {
			return fmt.Errorf("%s:%d: role %q is not \"CODE SECTOR OFFICES START..END\"", file, line, rs)
		}
		var r Role
		if igo, ok := strings.CutPrefix(w[0], "igo/"); ok {
			if _, ok := k.orgs["igo/"+igo]; !ok {
				return fmt.Errorf("%s:%d: unknown IGO %q", file, line, igo)
			}
			r.IGO, r.Sector = igo, realign.SectorIGO
		} else {
			if _, ok := k.states[w[0]]; !ok {
				return fmt.Errorf("%s:%d: unknown state %q", file, line, w[0])
			}
			if !isCode3(w[1]) {
				return fmt.Errorf("%s:%d: sector %q is not three capital letters", file, line, w[1])
			}
			r.Country, r.Sector = w[0], w[1]
		}
		r.Offices = strings.Split(w[2], ",")
		from, to, ok := strings.Cut(w[3], "..")
		if !ok {
			return fmt.Errorf("%s:%d: dates %q are not START..END", file, line, w[3])
		}
		var err error
		if r.Start, err = parseDate(from); err != nil {
			return fmt.Errorf("%s:%d: start date: %w", file, line, err)
		}
		if to != "" {
			if r.End, err = parseDate(to); err != nil {
				return fmt.Errorf("%s:%d: end date: %w", file, line, err)
			}
			if !r.End.After(r.Start) {
				return fmt.Errorf("%s:%d: role %q ends before it starts", file, line, rs)
			}
		}
		p.Roles = append(p.Roles, r)
	}
	sort.SliceStable(p.Roles, func(i, j int) bool { return p.Roles[i].Start.Before(p.Roles[j].Start) })
	k.people[p.ID] = p
	if !dup {
		k.personOrder = append(k.personOrder, p.ID)
	}
	id := "person/" + p.ID
	k.addForm(p.Name, Candidate{ID: id, Kind: KindPerson, Via: "name", Type: realign.PERSON})
	for _, a := range p.Aliases {
		k.addForm(a, Candidate{ID: id, Kind: KindPerson, Via: "alias", Type: realign.PERSON, Short: len(strings.Fields(a)) == 1})
	}
	return nil
}

// checkRoles verifies that every office key used by a role is known.
func (k *KB) checkRoles() error {
	known := map[string]bool{}
	for _, t := range k.titles {
		if t.Office != "" {
			known[t.Office] = true
		}
	}
	for _, id := range k.personOrder {
		for _, r := range k.people[id].Roles {
			for _, o := range r.Offices {
				if !known[o] && !extraOffices[o] {
					return fmt.Errorf("people.txt: %s: unknown office %q (add it to titles.txt)", id, o)
				}
			}
		}
	}
	return nil
}

// extraOffices are office keys valid in roles without a title form.
var extraOffices = map[string]bool{"foreign-secretary": true, "regional-president": true, "chief-executive": true}

// normApos replaces typographic apostrophes with ASCII ones.
func normApos(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii || !strings.ContainsAny(s, "’‘ʼ") {
		return s
	}
	return aposReplacer.Replace(s)
}

var aposReplacer = strings.NewReplacer("’", "'", "‘", "'", "ʼ", "'")

// Fold normalises a surface form for lookup: typographic apostrophes
// become ASCII, runs of white space one space, letters lower case.
func Fold(s string) string {
	return strings.ToLower(singleSpaced(normApos(s)))
}

// singleSpaced is strings.Join(strings.Fields(t), " "), returning t
// itself (no allocation) when it is already in that shape: ASCII with
// single spaces between words.
func singleSpaced(t string) string {
	prevSpace := true // a leading space needs rewriting
	for k := 0; k < len(t); k++ {
		switch c := t[k]; {
		case c >= utf8.RuneSelf:
			return strings.Join(strings.Fields(t), " ")
		case c == ' ':
			if prevSpace {
				return strings.Join(strings.Fields(t), " ")
			}
			prevSpace = true
		case c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
			return strings.Join(strings.Fields(t), " ")
		default:
			prevSpace = false
		}
	}
	if prevSpace && len(t) > 0 {
		return strings.Join(strings.Fields(t), " ")
	}
	return t
}

// isAcronym reports forms with no lower-case letters and at least two
// letters ("US", "U.S.", "WHO", "G7"): these match only as written.
func isAcronym(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

func (k *KB) addForm(form string, c Candidate) {
	form = strings.Join(strings.Fields(normApos(form)), " ")
	if form == "" {
		return
	}
	c.Form = form
	key := Fold(form)
	for _, e := range k.forms[key] {
		if e.ID == c.ID && e.Via == c.Via && e.Form == c.Form && e.gen == k.gen {
			return
		}
	}
	k.forms[key] = append(k.forms[key], entry{Candidate: c, exact: isAcronym(form), gen: k.gen})
	words := strings.Fields(form)
	if unicode.IsUpper(firstRune(form)) {
		for _, w := range words {
			if unicode.IsUpper(firstRune(w)) {
				k.nameWords[w] = true
			}
		}
	}
	first := Fold(words[0])
	k.firstWords[first] = true
	n := len(strings.Fields(form))
	if n > k.maxWords {
		k.maxWords = n
	}
	if n > k.firstMax[first] {
		k.firstMax[first] = n
	}
}

// NameWord reports whether w, as written, is a capitalised word of a
// name form that starts with a capital letter: "States" (of "United
// States"), "China", "US" (an acronym, in capitals only). Text written in
// capitals is true-cased with it (nlp.Options.NameWord).
func (k *KB) NameWord(w string) bool { return k.nameWords[w] }

// Lookup returns the candidates a surface form may refer to, best first:
// names before aliases, states before organisations before people.
// Matching ignores case, white space runs and the kind of apostrophe,
// except for all-capital acronyms ("US", "WHO"), which match only when
// written in capitals. It returns nil when nothing matches.
func (k *KB) Lookup(form string) []Candidate {
	norm := singleSpaced(normApos(form))
	var out []Candidate
	for _, e := range k.forms[strings.ToLower(norm)] {
		if e.exact && e.Form != norm {
			continue
		}
		out = append(out, e.Candidate)
	}
	return out
}

// StartsName reports whether some name form begins with word (compared
// as by Fold); false means no Lookup of a phrase starting with word can
// succeed.
func (k *KB) StartsName(word string) bool { return k.firstWords[Fold(word)] }

// MaxWordsFrom returns the number of words of the longest name form that
// begins with word (compared as by Fold), 0 when none does.
func (k *KB) MaxWordsFrom(word string) int { return k.firstMax[Fold(word)] }

// StartsTitle is StartsName for title forms.
func (k *KB) StartsTitle(word string) bool { return k.titleFirst[Fold(word)] }

// MaxWords returns the number of words of the longest name form.
func (k *KB) MaxWords() int { return k.maxWords }

// MaxTitleWords returns the number of words of the longest title form.
func (k *KB) MaxTitleWords() int { return k.maxTitleWords }

// Title returns the title or role noun written as form (case-insensitive
// except for all-capital abbreviations such as "PM").
func (k *KB) Title(form string) (Title, bool) {
	norm := singleSpaced(normApos(form))
	if t, ok := k.titles[norm]; ok && isAcronym(norm) {
		return t, true
	}
	t, ok := k.titles[strings.ToLower(norm)]
	if ok && isAcronym(t.Form) {
		return Title{}, false // "pm" is not "PM"
	}
	return t, ok
}

// State returns the state with CAMEO country code code.
func (k *KB) State(code string) (*State, bool) {
	s, ok := k.states[code]
	return s, ok
}

// Person returns the person with key id ("imran-khan" or
// "person/imran-khan").
func (k *KB) Person(id string) (*Person, bool) {
	p, ok := k.people[strings.TrimPrefix(id, "person/")]
	return p, ok
}

// Org returns the IGO or media outlet with actor ID id ("igo/SCO").
func (k *KB) Org(id string) (*Org, bool) {
	o, ok := k.orgs[id]
	return o, ok
}

// Region returns the region with actor ID id ("region/Kashmir").
func (k *KB) Region(id string) (*Region, bool) {
	r, ok := k.regions[id]
	return r, ok
}

// PeopleWithAlias returns the IDs of people who have form (folded) as
// name or alias, in file order.
func (k *KB) PeopleWithAlias(form string) []string {
	var out []string
	for _, c := range k.Lookup(form) {
		if c.Kind == KindPerson {
			out = append(out, c.ID)
		}
	}
	return out
}

// StateActor returns the actor for a state, or for one sector of it when
// sector is not "" (code "PAK" or "PAKGOV").
func (k *KB) StateActor(code, sector string) (realign.Actor, bool) {
	s, ok := k.states[code]
	if !ok {
		return realign.Actor{}, false
	}
	return realign.Actor{ID: "state/" + code, Code: code + sector, Name: s.Name, Country: code, Sector: sector, Kind: KindState}, true
}

// Actor returns the actor with ID id as it stood at time at (the zero
// time when the date is unknown).
//
// States give their ISO3 code, IGOs their IGO code, media outlets
// COUNTRY+"MED", groups the code of groups.txt that applies at at (the
// current one when at is zero; the nearest one outside all intervals). A person gets the code of the role held at at (COUNTRY +
// sector, or the IGO code); with at zero, of the most recent role; after
// all roles that were held ended, COUNTRY+"ELI" (a former official); before
// the first role, the bare country code. Role describes the role used.
// ok is false for unknown IDs and for regions (which are places, not
// actors).
func (k *KB) Actor(id string, at time.Time) (realign.Actor, bool) {
	kind, key, _ := strings.Cut(id, "/")
	switch kind {
	case KindState:
		return k.StateActor(key, "")
	case KindIGO:
		o, ok := k.orgs[id]
		if !ok {
			return realign.Actor{}, false
		}
		return realign.Actor{ID: id, Code: o.Code, Name: o.Name, Sector: realign.SectorIGO, Kind: KindIGO}, true
	case KindMedia:
		o, ok := k.orgs[id]
		if !ok {
			return realign.Actor{}, false
		}
		return realign.Actor{ID: id, Code: o.Code, Name: o.Name, Country: o.Country, Sector: realign.SectorMED, Kind: "org"}, true
	case KindGroup:
		g, ok := k.groups[id]
		if !ok {
			return realign.Actor{}, false
		}
		c, ok := g.CodeAt(at)
		if !ok {
			// outside every interval: the last code started by at, else
			// the first
			c = g.Codes[0]
			for _, x := range g.Codes {
				if at.IsZero() || !x.Start.After(at) {
					c = x
				}
			}
		}
		return realign.Actor{ID: id, Code: c.Code, Name: g.Name, Country: c.Country, Sector: c.Sector, Kind: KindGroup}, true
	case KindPerson:
		p, ok := k.people[key]
		if !ok {
			return realign.Actor{}, false
		}
		return k.personActor(p, at), true
	}
	return realign.Actor{}, false
}

func (k *KB) personActor(p *Person, at time.Time) realign.Actor {
	a := realign.Actor{ID: "person/" + p.ID, Name: p.Name, Kind: KindPerson}
	if r, ok := p.RoleAt(at); ok {
		k.setRole(&a, r, "")
		return a
	}
	if len(p.Roles) == 0 {
		return a
	}
	// Not in office at `at`: the last role that ended before it, or
	// before the first role the first role's country.
	var last *Role
	if i := p.latestRole(func(r Role) bool { return !r.End.IsZero() && !r.End.After(at) }); i >= 0 {
		last = &p.Roles[i]
	}
	if last == nil {
		r := p.Roles[0]
		if r.IGO != "" {
			return a
		}
		a.Code, a.Country = r.Country, r.Country
		a.Role = "future " + k.RoleName(r)
		return a
	}
	if last.IGO != "" {
		return a
	}
	k.setRole(&a, *last, SectorELI)
	a.Role = "former " + a.Role
	return a
}

// PersonActorIn is the actor of person p at time at as Actor gives it,
// except that a role held at at in place (ISO3 code, or "igo/ID") wins
// over roles held elsewhere: "Canada's Queen Elizabeth" in 2010 is CANGOV
// although the same person's default role then is in GBR. With at zero
// only roles with no end count as held; with place "" it is Actor.
func (k *KB) PersonActorIn(p *Person, at time.Time, place string) realign.Actor {
	if r, ok := p.roleIn(at, place); ok {
		return k.RoleActor(p, r)
	}
	return k.personActor(p, at)
}

// roleIn returns the latest started role of p held at at (with at zero,
// with no end) in place (ISO3 or "igo/ID"); ok is false when none is or
// place is "".
func (p *Person) roleIn(at time.Time, place string) (Role, bool) {
	if place == "" {
		return Role{}, false
	}
	igo, isIGO := strings.CutPrefix(place, "igo/")
	i := p.latestRole(func(r Role) bool {
		held := (at.IsZero() && r.End.IsZero()) || (!at.IsZero() && r.Active(at))
		in := (isIGO && r.IGO == igo) || (!isIGO && r.IGO == "" && r.Country == place)
		return held && in
	})
	if i < 0 {
		return Role{}, false
	}
	return p.Roles[i], true
}

func (k *KB) setRole(a *realign.Actor, r Role, sector string) {
	if sector == "" {
		sector = r.Sector
	}
	if r.IGO != "" {
		a.Code = k.orgs["igo/"+r.IGO].Code
		a.Sector = realign.SectorIGO
	} else {
		a.Code = r.Country + sector
		a.Country = r.Country
		a.Sector = sector
	}
	a.Role = k.RoleName(r)
}

// RoleName describes a role: "Prime Minister of Pakistan
// (2018-08-18..2022-04-10)".
func (k *KB) RoleName(r Role) string {
	office := "official"
	if len(r.Offices) > 0 {
		office = r.Offices[0]
	}
	words := strings.Split(office, "-")
	for i, w := range words {
		if w != "of" && w != "the" && w != "" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	where := r.Country
	if s, ok := k.states[r.Country]; ok {
		where = s.Name
	}
	if r.IGO != "" {
		where = r.IGO
		if o, ok := k.orgs["igo/"+r.IGO]; ok {
			where = o.Name
		}
	}
	end := ""
	if !r.End.IsZero() {
		end = r.End.Format("2006-01-02")
	}
	of := "of"
	if subnationalOffices[office] {
		of = "(sub-national) in" // a province's chief minister is no "Chief Minister of Pakistan"
	}
	return fmt.Sprintf("%s %s %s (%s..%s)", strings.Join(words, " "), of, where, r.Start.Format("2006-01-02"), end)
}

// subnationalOffices are the office keys of a province, state or city
// within a country: a role with one is held in the country (and gives its
// code) but not over it.
var subnationalOffices = map[string]bool{"chief-minister": true, "governor": true, "mayor": true, "regional-president": true}

// OfficeHolder returns the person holding office (an office key such as
// "president" or "foreign-minister") for country (ISO3, or "igo/ID" for an
// IGO) at time at, with the role. With at zero it returns the current
// holder (a role with no end). When several people qualify, the one who
// took office last wins.
func (k *KB) OfficeHolder(country, office string, at time.Time) (*Person, Role, bool) {
	var best *Person
	var bestRole Role
	igo, isIGO := strings.CutPrefix(country, "igo/")
	for _, id := range k.personOrder {
		p := k.people[id]
		for _, r := range p.Roles {
			if isIGO {
				if r.IGO != igo {
					continue
				}
			} else if r.Country != country {
				continue
			}
			if !r.HasOffice(office) {
				continue
			}
			if at.IsZero() {
				if !r.End.IsZero() {
					continue
				}
			} else if !r.Active(at) {
				continue
			}
			if best == nil || r.Start.After(bestRole.Start) {
				best, bestRole = p, r
			}
		}
	}
	return best, bestRole, best != nil
}

// RoleActor returns the actor for a person in role r.
func (k *KB) RoleActor(p *Person, r Role) realign.Actor {
	a := realign.Actor{ID: "person/" + p.ID, Name: p.Name, Kind: KindPerson}
	k.setRole(&a, r, "")
	return a
}

// firstRune is s's first rune (utf8.RuneError for "").
func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}
