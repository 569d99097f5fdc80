package kb

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/realign/realign"
)

// OverlayEnv is the environment variable naming user overlay files
// (separated by the OS path-list separator, ":" on Unix) that Load reads
// by default. Set but empty, it turns the default overlay off.
const OverlayEnv = "REALIGN_KB_OVERLAY"

// OverlayHeader is the comment block written at the top of overlay and
// export files; it documents the format.
const OverlayHeader = `# realign knowledge-base overlay.
#
# One record per line, fields separated by "|", list items by ";". The
# first field is the record kind; the other fields are those of the file
# of the built-in data (kb/data/) the kind belongs to:
#   state  | CODE | ISO2 | KIND | NAME | CAPITALS | ALIASES | DEMONYMS | SEATS
#   igo    | ID | CODE | NAME | ALIASES
#   media  | ID | COUNTRY | NAME | ALIASES
#   group  | ID | CODES | NAME | ALIASES
#   actor  | ID | CODES | NAME | ALIASES | TYPE     (a group whose mentions
#            are of entity TYPE PERSON or ORG; what "realign kb import" writes)
#   region | NAME | TYPE | COUNTRY | ALIASES
#   title  | FORM | KIND | OFFICE | SECTOR | GENDER
#   person | ID | NAME | GENDER | ALIASES | ROLES
# CODES are "CODE" or "CODE START..END" items (YYYY-MM-DD, either end may
# be empty, END the first day the code no longer applies), without overlaps.
# A record with the ID of a built-in entry (or of an earlier overlay)
# replaces it; names of overlay records are tried before built-in ones.
# Lines starting with "#" and blank lines are ignored.
`

// DefaultOverlayPath returns where Load looks for an overlay, and
// "realign kb import" writes, when $REALIGN_KB_OVERLAY is unset (see
// UserOverlayPath):
// realign/kb-overlay.txt under the user's configuration directory
// (os.UserConfigDir: $XDG_CONFIG_HOME or ~/.config on Linux,
// ~/Library/Application Support on macOS, %AppData% on Windows).
func DefaultOverlayPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("kb overlay path: %w", err)
	}
	return filepath.Join(dir, "realign", "kb-overlay.txt"), nil
}

// UserOverlayPath returns the overlay file "realign kb import" writes to
// when no file is named, resolved as Load resolves the default overlays so
// that what is imported is read back: the last file named in
// $REALIGN_KB_OVERLAY when the variable is set (Load reads it last, so
// its records take precedence), else DefaultOverlayPath. It fails when
// the variable is set but names no file (default overlays turned off):
// the caller must then name a file.
func UserOverlayPath() (string, error) {
	if _, ok := os.LookupEnv(OverlayEnv); ok {
		ps := DefaultOverlays()
		if len(ps) == 0 {
			return "", fmt.Errorf("kb overlay path: $%s is set but names no file (overlays off); name the file to write", OverlayEnv)
		}
		return ps[len(ps)-1], nil
	}
	return DefaultOverlayPath()
}

// DefaultOverlays returns the overlay files Load reads by default: those
// named in $REALIGN_KB_OVERLAY when it is set, else the file at
// DefaultOverlayPath when it exists, else none.
func DefaultOverlays() []string {
	if v, ok := os.LookupEnv(OverlayEnv); ok {
		var out []string
		for _, p := range filepath.SplitList(v) {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	p, err := DefaultOverlayPath()
	if err != nil {
		return nil
	}
	if _, err := os.Stat(p); err != nil {
		return nil
	}
	return []string{p}
}

// Overlays returns the overlay files that were loaded, in order.
func (k *KB) Overlays() []string { return append([]string(nil), k.overlays...) }

// loadOverlay reads one overlay file as the next data generation.
func (k *KB) loadOverlay(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("load kb overlay: %w", err)
	}
	return k.parseOverlay(path, string(data))
}

func (k *KB) parseOverlay(name, data string) error {
	k.gen++
	k.overlays = append(k.overlays, name)
	steps := map[string]fileStep{}
	for _, st := range fileSteps(k, false) {
		steps[st.kind] = st
	}
	err := parseLines(name, data, func(file string, line int, f []string) error {
		kind := f[0]
		if kind == "actor" {
			if len(f) != 6 {
				return fmt.Errorf("%s:%d: actor record wants 6 fields separated by \"|\", got %d", file, line, len(f))
			}
			typ := f[5]
			if typ != realign.PERSON && typ != realign.ORG {
				return fmt.Errorf("%s:%d: actor type %q is not PERSON or ORG", file, line, typ)
			}
			return k.parseGroupTyped(file, line, f[1:5], typ)
		}
		st, ok := steps[kind]
		if !ok {
			return fmt.Errorf("%s:%d: unknown record kind %q (want state, igo, media, group, actor, region, title or person)", file, line, kind)
		}
		if len(f)-1 != st.fields {
			return fmt.Errorf("%s:%d: %s record wants %d fields after the kind, got %d", file, line, kind, st.fields, len(f)-1)
		}
		return st.parse(file, line, f[1:])
	})
	if err != nil {
		return err
	}
	// role offices must be known after each overlay
	return k.checkRoles()
}

// finishOverlays drops the names of replaced entries and puts names of
// later generations first.
func (k *KB) finishOverlays() {
	if k.gen == 0 {
		return
	}
	for key, es := range k.forms {
		out := es[:0]
		for _, e := range es {
			if g, ok := k.replaced[e.ID]; ok && e.gen < g {
				continue
			}
			out = append(out, e)
		}
		sort.SliceStable(out, func(i, j int) bool { return out[i].gen > out[j].gen })
		if len(out) == 0 {
			delete(k.forms, key)
			continue
		}
		k.forms[key] = out
	}
}

// Export writes the whole KB (built-in data and overlays merged) in the
// overlay format: loading the result as an overlay reproduces the KB.
func (k *KB) Export(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprint(bw, OverlayHeader)
	for _, code := range k.stateOrder {
		s := k.states[code]
		var seats []string
		for n, sec := range s.Seats {
			seats = append(seats, n+"="+sec)
		}
		sort.Strings(seats)
		iso2 := s.ISO2
		if iso2 == "" {
			iso2 = "-"
		}
		rec(bw, "state", s.Code, iso2, s.Kind, s.Name, join(s.Capitals), join(s.Aliases), join(s.Demonyms), join(seats))
	}
	for _, id := range k.orgOrder {
		o := k.orgs[id]
		if o.Kind == KindIGO {
			rec(bw, "igo", o.ID, o.Code, o.Name, join(o.Aliases))
		}
	}
	for _, id := range k.orgOrder {
		o := k.orgs[id]
		if o.Kind == KindMedia {
			rec(bw, "media", o.ID, o.Country, o.Name, join(o.Aliases))
		}
	}
	for _, id := range k.groupOrder {
		g := k.groups[id]
		var codes []string
		for _, c := range g.Codes {
			codes = append(codes, c.String())
		}
		if g.Type == realign.ORG {
			rec(bw, "group", g.ID, join(codes), g.Name, join(g.Aliases))
		} else {
			rec(bw, "actor", g.ID, join(codes), g.Name, join(g.Aliases), g.Type)
		}
	}
	for _, id := range k.regionOrder {
		r := k.regions[id]
		rec(bw, "region", r.Name, r.Type, orDash(r.Country), join(r.Aliases))
	}
	for _, key := range k.titleOrder {
		t := k.titles[key]
		rec(bw, "title", t.Form, t.Kind, orDash(t.Office), orDash(t.Sector), orDash(t.Gender))
	}
	for _, id := range k.personOrder {
		p := k.people[id]
		var roles []string
		for _, r := range p.Roles {
			roles = append(roles, r.String())
		}
		rec(bw, "person", p.ID, p.Name, orDash(p.Gender), join(p.Aliases), join(roles))
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export kb: %w", err)
	}
	return nil
}

func rec(w io.Writer, fields ...string) {
	fmt.Fprintln(w, strings.Join(fields, " | "))
}

func join(xs []string) string { return strings.Join(xs, "; ") }

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// String formats a code as in groups.txt: "AFGINS ..2021-08-15".
func (c GroupCode) String() string {
	if c.Start.IsZero() && c.End.IsZero() {
		return c.Code
	}
	return c.Code + " " + fmtDate(c.Start) + ".." + fmtDate(c.End)
}

// String formats a role as in people.txt: "PAK GOV prime-minister,leader
// 2018-08-18..2022-04-10".
func (r Role) String() string {
	code, sector := r.Country, r.Sector
	if r.IGO != "" {
		code, sector = "igo/"+r.IGO, "-"
	}
	return fmt.Sprintf("%s %s %s %s..%s", code, sector, strings.Join(r.Offices, ","), fmtDate(r.Start), fmtDate(r.End))
}

// LoadOverlayFS is Load with an overlay read from fsys (for tests and
// callers holding the overlay in memory): opts are used as by Load, and
// the overlay files name..., in order, are read from fsys after them.
func LoadOverlayFS(opts Options, fsys fs.FS, names ...string) (*KB, error) {
	k, err := loadBase(opts)
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, fmt.Errorf("load kb overlay: %w", err)
		}
		if err := k.parseOverlay(n, string(b)); err != nil {
			return nil, err
		}
	}
	k.finishOverlays()
	return k, nil
}
