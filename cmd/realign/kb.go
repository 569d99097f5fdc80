package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/realign/realign"
	"github.com/realign/realign/entity"
	"github.com/realign/realign/kb"
	"github.com/realign/realign/nlp"
)

func init() {
	register(command{"kb", "look up, import and export the actor knowledge base (run \"realign kb\" for the list)", runKB})
	registerEval(command{"kb", "share of gold PETRARCH actor codes resolved from the sentence text (--data FILE.xml)", runEvalKB})
}

const kbUsage = `Usage: realign kb <command> [flags]

Commands:
  lookup [--date YYYY-MM-DD] [--overlay FILE] PHRASE   resolve a name or title and say why
  import --format petrarch [--overlay FILE] [--replace] FILE...
                                                 add TABARI/PETRARCH actor or agent dictionaries
                                                 to the user overlay
  export [--overlay FILE] [-o FILE]              write the merged knowledge base (built-in data and
                                                 overlays) in the overlay format

The user overlay is read by every command that loads the knowledge base
(analyze too): the files named in $REALIGN_KB_OVERLAY (":"-separated), or,
when it is unset, ` + "`realign/kb-overlay.txt`" + ` under the user configuration
directory if it exists. Without --overlay, import writes the last file named
in $REALIGN_KB_OVERLAY (or, when it is unset, realign/kb-overlay.txt), so the
other commands read what it wrote. --overlay FILE reads (import: writes) FILE
instead.
`

func runKB(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(e.stderr, kbUsage)
		if len(args) == 0 {
			return usagef("kb: name a command (lookup, import, export)")
		}
		return errHelp
	}
	switch args[0] {
	case "lookup":
		return runKBLookup(e, args[1:])
	case "import":
		return runKBImport(e, args[1:])
	case "export":
		return runKBExport(e, args[1:])
	}
	return usagef("kb: unknown command %q (want lookup, import or export)", args[0])
}

// kbLoadKB loads the built-in KB with the overlay named by --overlay, or the
// default overlays when overlay is "".
func kbLoadKB(overlay string) (*kb.KB, error) {
	opts := kb.Options{}
	if overlay != "" {
		opts.NoDefaultOverlays = true
		if _, err := os.Stat(overlay); err == nil {
			opts.Overlays = []string{overlay}
		}
	}
	return kb.Load(opts)
}

func runKBLookup(e *env, args []string) error {
	fs := newFlagSet("kb lookup", "kb lookup [--date YYYY-MM-DD] [--overlay FILE] PHRASE", e)
	date := fs.String("date", "", "resolve at this date `YYYY-MM-DD` (default: current roles)")
	overlay := fs.String("overlay", "", "read this overlay `FILE` instead of the default ones")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return usagef("kb lookup: want a PHRASE")
	}
	var at time.Time
	if *date != "" {
		if at, err = parseDate(*date); err != nil {
			return usagef("kb lookup: --date: %v", err)
		}
	}
	k, err := kbLoadKB(*overlay)
	if err != nil {
		return err
	}
	res := k.Explain(strings.Join(pos, " "), at)
	return kbWriteResolution(e.stdout, res)
}

func kbWriteResolution(w io.Writer, res kb.Resolution) error {
	var b strings.Builder
	when := "current roles (no date)"
	if !res.At.IsZero() {
		when = res.At.Format("2006-01-02")
	}
	fmt.Fprintf(&b, "%q at %s\n", res.Query, when)
	if res.Modifier != "" || res.TitleForm != "" {
		fmt.Fprintf(&b, "  read as: modifier %q, title %q, name %q\n", res.Modifier, res.TitleForm, res.Name)
	}
	if len(res.Matches) == 0 {
		b.WriteString("  no match\n")
	}
	for i, m := range res.Matches {
		a := m.Actor
		fmt.Fprintf(&b, "%d. %s  %s", i+1, kbOrNone(a.Code), a.Name)
		if a.ID != "" {
			fmt.Fprintf(&b, "  [%s]", a.ID)
		}
		fmt.Fprintf(&b, "  score %.2f\n", m.Score)
		for _, r := range m.Reasons {
			fmt.Fprintf(&b, "     - %s\n", r)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func kbOrNone(s string) string {
	if s == "" {
		return "(no code)"
	}
	return s
}

func runKBImport(e *env, args []string) error {
	fs := newFlagSet("kb import", "kb import --format petrarch [--overlay FILE] [--replace] FILE...", e)
	format := fs.String("format", "", "dictionary format: petrarch (TABARI/PETRARCH .actors and .agents files)")
	overlay := fs.String("overlay", "", "overlay `FILE` to write (default: the last file in $REALIGN_KB_OVERLAY, else the user overlay; see \"realign kb\")")
	replace := fs.Bool("replace", false, "also import names the built-in data already resolves (the import then takes precedence)")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if *format != "petrarch" {
		return usagef("kb import: --format must be petrarch")
	}
	if len(pos) == 0 {
		fs.Usage()
		return usagef("kb import: want at least one dictionary FILE")
	}
	path := *overlay
	if path == "" {
		// the file lookup, export and analyze read: the last one named
		// in $REALIGN_KB_OVERLAY, else the one under the user
		// configuration directory
		if path, err = kb.UserOverlayPath(); err != nil {
			return usagef("kb import: %v; use --overlay FILE", err)
		}
	}
	known, err := kb.Load(kb.Options{NoDefaultOverlays: true})
	if err != nil {
		return err
	}
	// existing overlay records, by kind and key
	var keep []string
	if old, err := os.ReadFile(path); err == nil {
		keep = strings.Split(string(old), "\n")
	} else if !os.IsNotExist(err) {
		return fmt.Errorf("kb import: %w", err)
	}
	var added []string
	for _, f := range pos {
		data, err := os.ReadFile(f)
		if err != nil {
			return fmt.Errorf("kb import: %w", err)
		}
		recs, st, err := kb.ImportPetrarch(bytes.NewReader(data), filepath.Base(f), kb.ImportOptions{Known: known, Replace: *replace, IDPrefix: "pt-" + kbSlugBase(f) + "-"})
		if err != nil {
			return fmt.Errorf("kb import: %w", err)
		}
		fmt.Fprintf(e.stderr, "%s: %d entries: %d actors (%d names), %d titles written; %d names already in the KB, %d entries skipped, %d warnings\n",
			f, st.Entries, st.Actors, st.Forms, st.Titles, st.Known, st.Skipped, len(st.Warnings))
		for i, w := range st.Warnings {
			if i == 5 {
				fmt.Fprintf(e.stderr, "  ... %d more\n", len(st.Warnings)-5)
				break
			}
			fmt.Fprintf(e.stderr, "  %s\n", w)
		}
		added = append(added, fmt.Sprintf("# imported from %s (%s)", filepath.Base(f), time.Now().UTC().Format("2006-01-02")))
		added = append(added, recs...)
	}
	// a record twice in this import (a title in two agent files): the
	// first wins
	newKeys := map[string]bool{}
	uniq := added[:0]
	for _, l := range added {
		k := kbRecordKey(l)
		if k != "" && newKeys[k] {
			continue
		}
		if k != "" {
			newKeys[k] = true
		}
		uniq = append(uniq, l)
	}
	added = uniq
	var out strings.Builder
	if len(keep) == 0 || !strings.HasPrefix(keep[0], "# realign knowledge-base overlay") {
		out.WriteString(kb.OverlayHeader)
	}
	for _, l := range keep {
		if k := kbRecordKey(l); k != "" && newKeys[k] {
			continue // replaced by this import
		}
		if l != "" {
			out.WriteString(l + "\n")
		}
	}
	for _, l := range added {
		out.WriteString(l + "\n")
	}
	// check that the result loads before replacing the file
	tmp, err := os.CreateTemp(filepath.Dir(kbMustDir(path)), ".kb-overlay-*")
	if err != nil {
		return fmt.Errorf("kb import: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(out.String()); err != nil {
		tmp.Close()
		return fmt.Errorf("kb import: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("kb import: %w", err)
	}
	if _, err := kb.Load(kb.Options{NoDefaultOverlays: true, Overlays: []string{tmp.Name()}}); err != nil {
		return fmt.Errorf("kb import: the overlay would not load: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("kb import: %w", err)
	}
	fmt.Fprintf(e.stderr, "wrote %s\n", path)
	return nil
}

// kbMustDir creates the directory of path (best effort) and returns path.
func kbMustDir(path string) string {
	_ = os.MkdirAll(filepath.Dir(path), 0o755)
	return path
}

// kbRecordKey identifies an overlay record: its kind and first field.
func kbRecordKey(line string) string {
	line = strings.TrimSpace(line)
	if line == "" || strings.HasPrefix(line, "#") {
		return ""
	}
	f := strings.SplitN(line, "|", 3)
	if len(f) < 2 {
		return ""
	}
	kind := strings.TrimSpace(f[0])
	if kind == "actor" {
		kind = "group" // actors and groups share IDs
	}
	return kind + "|" + strings.ToLower(strings.TrimSpace(f[1]))
}

func kbSlugBase(f string) string {
	b := strings.ToLower(strings.TrimSuffix(filepath.Base(f), ".txt"))
	var s strings.Builder
	for _, r := range b {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			s.WriteRune(r)
		}
	}
	if s.Len() > 12 {
		return s.String()[:12]
	}
	return s.String()
}

func runKBExport(e *env, args []string) error {
	fs := newFlagSet("kb export", "kb export [--overlay FILE] [-o FILE]", e)
	overlay := fs.String("overlay", "", "read this overlay `FILE` instead of the default ones")
	outPath := fs.String("o", "", "write to `FILE` instead of standard output")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("kb export: takes no arguments")
	}
	k, err := kbLoadKB(*overlay)
	if err != nil {
		return err
	}
	if *outPath == "" {
		return k.Export(e.stdout)
	}
	var b bytes.Buffer
	if err := k.Export(&b); err != nil {
		return err
	}
	if err := os.WriteFile(*outPath, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("kb export: %w", err)
	}
	return nil
}

// kbGsrSentence is one record of a PETRARCH validation file.
type kbGsrSentence struct {
	ID    string
	Date  time.Time
	Text  string
	Codes [][2]string // source, target of each EventCoding
}

var (
	kbGsrSentRe   = regexp.MustCompile(`<Sentence\b([^>]*)>`)
	kbGsrAttrRe   = regexp.MustCompile(`(\w+)="([^"]*)"`)
	kbGsrCodingRe = regexp.MustCompile(`<EventCoding\b([^>]*)>`)
	kbGsrTextRe   = regexp.MustCompile(`(?s)<Text>(.*?)</Text>`)
)

// kbParseGSR reads a PETRARCH validation file leniently (it is not
// well-formed XML): each <Sentence ...> start tag up to the next one gives
// the date and id attributes, the <EventCoding> source and target codes
// and the <Text>.
func kbParseGSR(data string) []kbGsrSentence {
	var out []kbGsrSentence
	locs := kbGsrSentRe.FindAllStringSubmatchIndex(data, -1)
	for i, l := range locs {
		end := len(data)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		body := data[l[1]:end]
		attrs := kbAttrMap(data[l[2]:l[3]])
		s := kbGsrSentence{ID: attrs["id"]}
		if d, err := time.Parse("20060102", attrs["date"]); err == nil {
			s.Date = d
		}
		if m := kbGsrTextRe.FindStringSubmatch(body); m != nil {
			s.Text = strings.Join(strings.Fields(m[1]), " ")
		}
		for _, c := range kbGsrCodingRe.FindAllStringSubmatch(body, -1) {
			a := kbAttrMap(c[1])
			if a["eventcode"] == "" && a["sourcecode"] == "" {
				continue
			}
			s.Codes = append(s.Codes, [2]string{a["sourcecode"], a["targetcode"]})
		}
		if len(s.Codes) > 0 && s.Text != "" {
			out = append(out, s)
		}
	}
	return out
}

func kbAttrMap(s string) map[string]string {
	m := map[string]string{}
	for _, a := range kbGsrAttrRe.FindAllStringSubmatch(s, -1) {
		m[a[1]] = a[2]
	}
	return m
}

// kbEvalResult is the outcome of kbEvalKB.
type kbEvalResult struct {
	Codings, Codes        int // event codings and gold actor codes scored
	Exact, Country        int // codes found exactly, codes whose first three letters were found
	Misses                []string
	Sentences, Unresolved int
}

// kbEvalKB runs the nlp and entity stages on each gold sentence (dated by
// its date attribute) and checks every gold source and target code
// against the codes of the mentions' actors: exact when some mention has
// the code, country when some mention's code starts with the gold code's
// first three letters (its state or IGO/IMG prefix).
func kbEvalKB(sents []kbGsrSentence) (kbEvalResult, error) {
	var r kbEvalResult
	seg, err := nlp.New(nlp.Options{})
	if err != nil {
		return r, err
	}
	ent, err := entity.New(entity.Options{})
	if err != nil {
		return r, err
	}
	for _, s := range sents {
		a := realign.Analysis{Document: realign.Document{Text: s.Text, Published: s.Date}}
		if err := seg.Annotate(&a); err != nil {
			return r, err
		}
		if err := ent.Annotate(&a); err != nil {
			return r, err
		}
		have := map[string]bool{}
		for _, m := range a.Mentions {
			if m.Actor != nil && m.Actor.Code != "" {
				have[m.Actor.Code] = true
			}
		}
		r.Sentences++
		for _, c := range s.Codes {
			r.Codings++
			for _, code := range c {
				if code == "" || code == "---" {
					continue
				}
				r.Codes++
				if have[code] {
					r.Exact++
					r.Country++
					continue
				}
				found := false
				for h := range have {
					if len(h) >= 3 && strings.HasPrefix(code, h[:3]) {
						found = true
					}
				}
				var got []string
				for h := range have {
					got = append(got, h)
				}
				sort.Strings(got)
				if found {
					r.Country++
					r.Misses = append(r.Misses, fmt.Sprintf("%s %s: country only; found %s: %s", s.ID, code, strings.Join(got, ","), kbClip(s.Text, 110)))
				} else {
					r.Misses = append(r.Misses, fmt.Sprintf("%s %s: missing; found %s: %s", s.ID, code, kbOrNone(strings.Join(got, ",")), kbClip(s.Text, 110)))
				}
			}
		}
	}
	return r, nil
}

func kbClip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !kbIsRuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func kbIsRuneStart(b byte) bool { return b&0xC0 != 0x80 }

func runEvalKB(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("eval kb", "eval kb --data PETR2_GSR_validation.xml", e)
	data := fs.String("data", "", "PETRARCH validation `FILE` (<Sentence date=...>, <EventCoding sourcecode= targetcode=>, <Text>)")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if *data == "" || len(pos) != 0 {
		fs.Usage()
		return usagef("eval kb: want --data FILE")
	}
	b, err := os.ReadFile(*data)
	if err != nil {
		return fmt.Errorf("eval kb: %w", err)
	}
	sents := kbParseGSR(string(b))
	if len(sents) == 0 {
		return fmt.Errorf("eval kb: %s: no <Sentence> with <EventCoding> and <Text>", *data)
	}
	r, err := kbEvalKB(sents)
	if err != nil {
		return fmt.Errorf("eval kb: %w", err)
	}
	pct := func(n int) float64 { return 100 * float64(n) / float64(max(r.Codes, 1)) }
	fmt.Fprintf(e.stdout, "%d sentences, %d codings, %d gold actor codes\n", r.Sentences, r.Codings, r.Codes)
	fmt.Fprintf(e.stdout, "exact code resolved:     %d/%d = %.1f%%\n", r.Exact, r.Codes, pct(r.Exact))
	fmt.Fprintf(e.stdout, "country/IGO prefix found: %d/%d = %.1f%%\n", r.Country, r.Codes, pct(r.Country))
	fmt.Fprintf(e.stdout, "misses (%d):\n", len(r.Misses))
	for _, m := range r.Misses {
		fmt.Fprintf(e.stdout, "  %s\n", m)
	}
	return nil
}
