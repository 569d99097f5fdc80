package kb

import (
	"strings"
	"testing"
)

func TestSingleSpacedAndFold(t *testing.T) {
	for _, s := range []string{
		"", " ", "a", "Vladimir Putin", " lead", "trail ", "two  spaces", "tab\there",
		"new\nline", "non\u00a0breaking", "Xi’s", "Khan ’s", "x\u2003y", "ÉLYSÉE Palace", "a b c",
	} {
		if got, want := singleSpaced(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("singleSpaced(%q) = %q, want %q", s, got, want)
		}
		if got, want := Fold(s), strings.ToLower(strings.Join(strings.Fields(aposReplacer.Replace(s)), " ")); got != want {
			t.Errorf("Fold(%q) = %q, want %q", s, got, want)
		}
	}
}
