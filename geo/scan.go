package geo

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/realign/realign"
)

// orgHeads are capitalised words that, right after a place name, make it
// part of an organisation, publication, event or other larger name
// ("Washington Post", "Columbia University", "Shanghai Cooperation
// Organization"), and, before "of PLACE", likewise ("Bank of China",
// "University of Tehran").
var orgHeads = toSet(
	"Organization", "Organisation", "Cooperation", "Council", "University",
	"College", "Institute", "Institution", "School", "Academy", "Post",
	"Times", "Journal", "Daily", "Herald", "Tribune", "Gazette", "Mail",
	"Observer", "Standard", "Review", "Monitor", "Chronicle", "Express",
	"News", "Press", "Television", "TV", "Radio", "Broadcasting", "Agency",
	"Initiative", "Pact", "Treaty", "Accord", "Accords", "Agreement",
	"Declaration", "Convention", "Conference", "Corporation", "Corp",
	"Company", "Co", "Inc", "Ltd", "Airlines", "Airways", "Air", "Airport",
	"Bank", "Group", "Party", "Front", "Movement", "Forum", "Street",
	"Avenue", "Road", "Stadium", "Club", "United", "Ministry", "Department",
	"Office", "Foundation", "Center", "Centre", "Fund", "Association",
	"League", "Commission", "Committee", "Stock", "Exchange", "Cup",
	"Games", "Olympics", "Open", "Marathon", "Policy", "Affairs", "Studies",
	"Hospital", "Museum", "Zoo", "Voice", "Consensus", "Protocol", "Process",
	"Format", "Tech",
	"Technologies", "Motors", "Petroleum", "Oil", "Gas", "Energy", "Telecom",
	"Network", "Networks", "Channel", "Magazine", "Review", "Report",
	"Senators", "Nationals", "Rangers", "Warriors", "FC",
	// features and buildings named after a place: "Washington Square",
	// "Ohio County", "Mississippi River", "Colony Theatre"
	"County", "Township", "Square", "River", "Theatre", "Theater", "Farm",
	"Park", "Gardens", "Bridge", "Lake", "Hall", "Castle", "Palace",
	"Church", "Cathedral", "Mosque", "Market", "Mall", "Plaza", "Tower",
	"Towers", "Hotel", "Restaurant", "Library", "Prison", "Base", "Station",
)

// adminWords after a place name make it a first-level or lower
// administrative division: "Kandahar province", "Donetsk oblast".
var adminWords = toSet("province", "region", "district", "oblast",
	"governorate", "prefecture", "state")

// synthAdminWords are the adminWords for which a division missing from
// the gazetteer is made up from the city of the same name ("Kandahar
// province"); "state" and "region" are too often used otherwise ("Texas
// state officials", "the Kandahar region").
var synthAdminWords = toSet("province", "district", "oblast", "governorate", "prefecture")

// directionWords may precede a place name without making it part of a
// larger name ("northern Syria" is usually lower case, but headlines
// capitalise).
var directionWords = toSet(
	"North", "South", "East", "West", "Northern", "Southern", "Eastern",
	"Western", "Central", "Northeast", "Northwest", "Southeast", "Southwest",
	"Northeastern", "Northwestern", "Southeastern", "Southwestern", "Greater",
	"Upper", "Lower", "Inner", "Outer", "Mainland", "Occupied", "Downtown",
	"Old", "Rural", "Coastal", "Communist", "Democratic", "Islamic", "Federal",
	"Imperial", "Soviet", "Post-Soviet", "Modern", "Ancient", "Neighboring",
	"Neighbouring", "Visiting", "In", "At", "From", "To", "Of", "On", "By",
	"And", "Or", "But", "The", "With", "For", "As", "Across", "Across",
	"President", "Prime", "PM", "Minister", "King", "Queen", "Premier",
	"Ambassador", "Envoy", "Gen", "General", "Mr", "Mrs", "Ms", "Dr",
	"Sen", "Rep", "Gov", "Governor", "Mayor", "Senator",
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December", "Monday",
	"Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)

// titleWords before a name make it more likely a person's ("President
// Jackson", "Gen. Marion").
var titleWords = toSet(
	"President", "Prime", "PM", "Minister", "King", "Queen", "Premier",
	"Ambassador", "Envoy", "Gen", "General", "Mr", "Mrs", "Ms", "Dr",
	"Sen", "Rep", "Gov", "Governor", "Mayor", "Senator", "Judge", "Justice",
	"Col", "Colonel", "Lt", "Capt", "Captain", "Sgt", "Prof", "Professor",
	"Rev", "Sir", "Lady", "Lord", "Saint", "St", "Pope", "Sheikh", "Imam",
)

func toSet(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

func isCap(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// isWordToken reports tokens that start with a letter.
func isWordToken(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

// opensClause reports tokens after which a capitalised word may be
// capitalised for reasons other than being a name: quotes, brackets,
// colons and dashes.
func opensClause(s string) bool {
	switch s {
	case "\"", "“", "‘", "'", "(", "[", ":", "—", "–", "-", "«":
		return true
	}
	return false
}

// adjectiveLike reports capitalised words that are probably demonyms or
// compound adjectives ("Indian", "Pakistani", "Indian-administered"), which
// may precede a place name.
func adjectiveLike(s string) bool {
	if i := strings.IndexAny(s, "-"); i > 0 && i+1 < len(s) && !isCap(s[i+1:]) {
		return true
	}
	for _, suf := range []string{"an", "ian", "ese", "i", "ish", "ic", "ch", "ean"} {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}

// scan finds toponym matches in one sentence's tokens.
func (g *Gazetteer) scan(text string, toks []realign.Token) []match {
	var out []match
	for i := 0; i < len(toks); {
		t := toks[i]
		maxLen, ok := g.firstKeys[tokenKey(t.Text)]
		if !ok || !isWordToken(t.Text) && !isCap(t.Text) {
			i++
			continue
		}
		found := 0
		var cands []int
		for n := min(maxLen, len(toks)-i); n >= 1; n-- {
			cs := g.index[joinTokenKeys(toks[i:i+n])]
			for _, c := range cs {
				if capsAgree(toks[i:i+n], c.toks) {
					cands = append(cands, c.entry)
				}
			}
			if len(cands) > 0 {
				found = n
				break
			}
		}
		if found == 0 {
			i++
			continue
		}
		j := i + found
		if partOfLargerName(toks, i, j) {
			// skip the whole capitalised run so that no shorter place
			// inside it is tagged
			for j < len(toks) && isCap(toks[j].Text) {
				j++
			}
			i = j
			continue
		}
		weak := i == 0 || opensClause(toks[i-1].Text) || titleWords[strings.TrimSuffix(toks[i-1].Text, ".")] ||
			j < len(toks) && isWordToken(toks[j].Text) && isCap(toks[j].Text)
		m := match{span: realign.Span{Start: toks[i].Start, End: toks[j-1].End}, cands: cands, weak: weak}
		if j < len(toks) && !adminWords[strings.ToLower(toks[j-1].Text)] {
			// "Mississippi State" (the university) is no division
			if w := strings.ToLower(toks[j].Text); adminWords[w] && (w != "state" || toks[j].Text == w) {
				m.admin, m.adminEnd = w, toks[j].End
			}
		}
		out = append(out, m)
		i = j
	}
	return out
}

func joinTokenKeys(toks []realign.Token) string {
	ks := make([]string, len(toks))
	for i, t := range toks {
		ks[i] = tokenKey(t.Text)
	}
	return strings.Join(ks, " ")
}

// capsAgree reports whether every token capitalised in the name is
// capitalised in the text.
func capsAgree(toks []realign.Token, name []nameToken) bool {
	if len(toks) != len(name) {
		return false
	}
	for i, nt := range name {
		if nt.cap && !isCap(toks[i].Text) {
			return false
		}
	}
	return true
}

// partOfLargerName reports whether the match toks[i:j] is inside a longer
// proper name.
func partOfLargerName(toks []realign.Token, i, j int) bool {
	// followed by an organisation head word: "Washington Post"
	if j < len(toks) && orgHeads[strings.TrimSuffix(toks[j].Text, ".")] {
		return true
	}
	// "Shanghai Cooperation Organization": a capitalised run that ends in
	// an organisation head word within three tokens
	for k := j; k < len(toks) && k < j+3 && isCap(toks[k].Text); k++ {
		if orgHeads[strings.TrimSuffix(toks[k].Text, ".")] {
			return true
		}
	}
	// "Bank of China", "University of Tehran"
	if i >= 2 && (toks[i-1].Text == "of" || toks[i-1].Text == "for") && orgHeads[toks[i-2].Text] {
		return true
	}
	// preceded by a capitalised word that is not sentence-initial, not a
	// direction, title or function word and not a demonym: "Michael
	// Jordan", "Radio Free Asia"
	if i >= 1 {
		p := toks[i-1].Text
		if isCap(p) && isWordToken(p) && !(i == 1 || opensClause(toks[i-2].Text)) &&
			!directionWords[strings.TrimSuffix(p, ".")] && !adjectiveLike(p) && !isAllCapsAbbrev(p) {
			return true
		}
	}
	return false
}

// isAllCapsAbbrev reports tokens like "U.S." or "UN" that often precede a
// place without forming a name with it ("U.S. Kabul embassy" is rare, but
// "PM" and "UN" are common).
func isAllCapsAbbrev(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}
