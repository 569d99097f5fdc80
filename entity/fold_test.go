package entity

import (
	"strings"
	"testing"
)

func TestSingleSpaced(t *testing.T) {
	for _, s := range []string{
		"", " ", "a", "Vladimir Putin", " lead", "trail ", "two  spaces", "tab\there",
		"new\nline", "non\u00a0breaking", "x\u2003y", "Xi’s", "a b c",
	} {
		if got, want := singleSpaced(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("singleSpaced(%q) = %q, want %q", s, got, want)
		}
	}
}
