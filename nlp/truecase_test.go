package nlp

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestTrueCase checks that sentences written in capitals get true-cased
// token texts of the same length while ordinary sentences, acronyms
// included, keep their tokens as written.
func TestTrueCase(t *testing.T) {
	// Name words as a knowledge base gives them (kb.KB.NameWord).
	names := map[string]bool{"US": true, "United": true, "States": true, "Nations": true, "China": true, "Turkey": true}
	seg, err := New(Options{NameWord: func(w string) bool { return names[w] }})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text, want string
	}{
		// A word neither the model nor the names know ("DRONES") is
		// capitalised: a known limitation (an unknown name must not be
		// lowered).
		{"minister, names and function words",
			"RUSSIAN FOREIGN MINISTER SERGEI LAVROV ACCUSED UKRAINE ON TUESDAY OF ATTACKING MOSCOW WITH DRONES.",
			"Russian Foreign Minister Sergei Lavrov accused Ukraine on Tuesday of attacking Moscow with Drones ."},
		{"names that are also common words keep their capital",
			"THE UNITED STATES AND TURKEY WARNED CHINA AT THE UNITED NATIONS.",
			"The United States and Turkey warned China at the United Nations ."},
		{"a verb between names stays lower case; short names keep capitals",
			"PRESIDENT VLADIMIR PUTIN MET CHINESE PRESIDENT XI JINPING IN THE KREMLIN.",
			"President Vladimir Putin met Chinese President XI Jinping in the Kremlin ."},
		{"acronyms and US stay in capitals",
			"NATO AND THE US WARNED RUSSIA.",
			"NATO and the US warned Russia ."},
		{"ordinary text with acronyms is untouched",
			"NATO and the US warned the SCO on Monday.",
			"NATO and the US warned the SCO on Monday ."},
		{"a short headline in capitals is untouched",
			"BREAKING NEWS",
			"BREAKING NEWS"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, s := range seg.Sentences(tc.text) {
				for _, tok := range s.Tokens {
					if len(tok.Text) != tok.Len() {
						t.Errorf("token %q has length %d, its span %d", tok.Text, len(tok.Text), tok.Len())
					}
					if !strings.EqualFold(tok.Text, tc.text[tok.Start:tok.End]) {
						t.Errorf("token %q is not the text %q in another case", tok.Text, tc.text[tok.Start:tok.End])
					}
					got = append(got, tok.Text)
				}
			}
			if diff := cmp.Diff(tc.want, strings.Join(got, " ")); diff != "" {
				t.Errorf("tokens (-want +got):\n%s", diff)
			}
		})
	}
}
