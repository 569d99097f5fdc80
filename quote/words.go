package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// determiners start a noun phrase.
var determiners = set("the", "a", "an", "this", "these", "those", "his", "her", "its", "their", "our", "my", "your", "some", "several", "many", "two", "three", "both", "another", "one", "other")

// subjectPronouns may stand alone as a speaker.
var subjectPronouns = set("he", "she", "they", "we", "i", "it", "you")

// firstPerson marks a paragraph as spoken in the first person.
var firstPerson = set("i", "we", "my", "our", "me", "us", "i'm", "i’m", "we're", "we’re", "ours", "myself", "ourselves", "i've", "i’ve", "we've", "we’ve")

// skipLeft are adverbs and auxiliaries that may stand between a subject
// and its speech verb ("Khan had also said").
var skipLeft = set("had", "has", "have", "also", "further", "later", "then", "previously", "again", "reportedly",
	"repeatedly", "publicly", "once", "separately", "would", "will", "could", "might", "may", "recently", "earlier",
	"did", "does", "do", "not", "n't", "never", "quickly", "simply", "only", "just", "already", "first", "too",
	"subsequently", "finally", "initially", "privately", "openly", "explicitly", "clearly", "flatly",
	"strongly", "firmly", "specifically", "directly", "always", "often", "frequently", "shall", "should", "must", "can")

// timeWords are time adjuncts skipped around a cue ("said on Thursday").
var timeWords = set("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
	"tonight", "tomorrow", "week", "month", "year", "morning", "afternoon", "evening", "night", "weekend")

// timeLead may precede a time word ("on Thursday", "late Tuesday").
var timeLead = set("on", "late", "early", "last", "this", "earlier", "later", "next", "that", "on", "in", "the")

// beForms mark a passive ("was asked").
var beForms = set("was", "were", "is", "are", "be", "been", "being", "am", "get", "got", "gets")

// stopWords end a noun phrase.
var stopWords = set("that", "and", "but", "or", "nor", "when", "while", "who", "whom", "whose", "which", "where", "why",
	"how", "as", "because", "if", "after", "before", "since", "than", "so", "then", "also", "was", "were", "is", "are",
	"be", "been", "being", "has", "have", "had", "do", "does", "did", "to", "on", "at", "by", "with", "from", "into",
	"about", "against", "over", "under", "not", "no", "never", "will", "would", "can", "could", "may", "might", "must",
	"shall", "should", "there", "here", "what", "meanwhile", "however", "previously", "later", "earlier", "separately",
	"further", "again", "already", "yet", "still", "now", "once", "just", "only", "even", "too", "very", "during",
	"through", "upon", "until", "amid", "despite", "without", "within", "across", "between", "among", "toward",
	"towards", "whether", "though", "although", "unless", "whereas", "per", "via", "like", "instead", "in", "of", "for",
	"said", "says", "say", "told", "met", "left", "made", "took", "gave", "held", "sent", "went", "won", "lost", "came",
	"saw", "got", "put", "set", "let", "began", "became", "brought", "thought", "felt", "kept", "led", "meanwhile",
	"it", "he", "she", "they", "we", "i", "you", "him", "them", "us", "me", "this", "these", "those", "such", "all",
	"any", "each", "every", "more", "most", "much", "less", "well", "out", "up", "off", "down", "away", "back", "here",
	"newly", "n't", "n’t", "aboard", "inside", "outside", "alongside", "ahead", "atop", "throughout", "past", "following", "both", "either", "neither", "else", "whatever", "whoever", "ago", "around", "near", "beyond", "behind")

// npAdjectives are -ed/-ing words that may sit inside a speaker noun
// phrase ("an unnamed official", "the ruling party").
var npAdjectives = set("unnamed", "retired", "unidentified", "elected", "ruling", "leading", "acting", "governing",
	"outgoing", "incoming", "detained", "jailed", "exiled", "united", "red", "armed", "based", "related", "allied",
	"meeting", "briefing", "hearing", "gathering", "building", "morning", "evening", "wing", "ring", "king", "thing",
	"sibling", "offspring", "spring", "darling", "bed", "seed", "speed", "need", "creed", "reed", "feed", "weekly", "daily", "family", "assembly", "ally", "rally", "italy", "fly", "early", "only")

// smallPreps may join the parts of a speaker or addressee noun phrase
// ("spokesperson for the ministry", "Minister of Foreign Affairs").
var smallPreps = set("of", "for")

func firstRuneOf(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// isWord reports a token that starts with a letter or digit.
func isWord(s string) bool {
	r := firstRuneOf(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isCap(s string) bool { return unicode.IsUpper(firstRuneOf(s)) }

func isPossessive(low string) bool {
	switch low {
	case "'s", "’s", "'", "’":
		return true
	}
	return false
}

func isTerminal(s string) bool { return s == "." || s == "!" || s == "?" || s == "…" }

func isMarkToken(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	return n == len(s) && isAnyMark(r)
}

// verbish reports lower-case words that look like verbs or adverbs and so
// cannot sit inside a noun phrase.
func verbish(low string) bool {
	if npAdjectives[low] {
		return false
	}
	return strings.HasSuffix(low, "ly") || strings.HasSuffix(low, "ed") || strings.HasSuffix(low, "ing")
}
