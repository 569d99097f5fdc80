package quote_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/realign/realign"
)

// TestTrialErrors covers the quotation errors found in a user trial:
// the reported clause is the whole complement of the cue, coordinated
// cues split their clauses, partial quotations inside reported speech
// take its speaker, and a "She said:" line introduces a block or a direct
// quotation depending on the marks of the next paragraph.
func TestTrialErrors(t *testing.T) {
	whiteHouse := &realign.Actor{ID: "org/white-house", Code: "USAGOV", Name: "White House", Country: "USA", Sector: "GOV", Kind: "org"}
	peskov := &realign.Actor{ID: "person/dmitry-peskov", Code: "RUSGOV", Name: "Dmitry Peskov", Country: "RUS", Sector: "GOV", Kind: "person"}
	blinken := &realign.Actor{ID: "person/antony-blinken", Code: "USAGOV", Name: "Antony Blinken", Country: "USA", Sector: "GOV", Kind: "person"}
	mao := &realign.Actor{ID: "person/mao-ning", Code: "CHNGOV", Name: "Mao Ning", Country: "CHN", Sector: "GOV", Kind: "person"}
	ms := []ment{{"The White House", whiteHouse}, {"Peskov", peskov}, {"Blinken", blinken}, {"Mao Ning", mao}, {"She", mao}, {"she", mao}}
	tests := []struct {
		name string
		text string
		want []wq
	}{
		{"complement keeps its own that-clause",
			`The White House said it remained skeptical that Iran would honour its commitments.`,
			[]wq{{I, "it remained skeptical that Iran would honour its commitments", "The White House", "White House", "said", ""}}},
		{"complementiser after time adjunct",
			`The White House said on Monday that Iran would honour its commitments.`,
			[]wq{{I, "Iran would honour its commitments", "The White House", "White House", "said", ""}}},
		{"complementiser after venue adjunct",
			`Peskov said in a statement that the talks had failed.`,
			[]wq{{I, "the talks had failed", "Peskov", "Dmitry Peskov", "said", ""}}},
		{"non-bare cue never jumps to a later that",
			`Peskov warned the West about the risk that talks would fail.`,
			nil},
		{"coordinated cue ends the first clause",
			`Peskov said the meeting was a provocation and warned that Russia would respond.`,
			[]wq{
				{I, "the meeting was a provocation", "Peskov", "Dmitry Peskov", "said", ""},
				{I, "Russia would respond", "Peskov", "Dmitry Peskov", "warned", ""},
			}},
		{"coordinated cue after a comma",
			`Peskov said the meeting was a provocation, and added that Russia would respond.`,
			[]wq{
				{I, "the meeting was a provocation", "Peskov", "Dmitry Peskov", "said", ""},
				{I, "Russia would respond", "Peskov", "Dmitry Peskov", "added", ""},
			}},
		{"coordinated cue with that in both",
			`Peskov said that the meeting was a provocation and stressed that Russia would respond.`,
			[]wq{
				{I, "the meeting was a provocation", "Peskov", "Dmitry Peskov", "said", ""},
				{I, "Russia would respond", "Peskov", "Dmitry Peskov", "stressed", ""},
			}},
		{"coordinated non-cue verb stays in the clause",
			`Peskov said the meeting was a provocation and Russia would respond.`,
			[]wq{{I, "the meeting was a provocation and Russia would respond", "Peskov", "Dmitry Peskov", "said", ""}}},
		{"partial quote in complement of reaffirmed",
			`Blinken reaffirmed that U.S. commitments to the Philippines were 'ironclad'.`,
			[]wq{
				{I, "U.S. commitments to the Philippines were 'ironclad'", "Blinken", "Antony Blinken", "reaffirmed", ""},
				{P, "ironclad", "Blinken", "Antony Blinken", "reaffirmed", ""},
			}},
		{"partial quote in complement of underscored",
			`Blinken underscored that the alliance was “unshakable” despite the dispute.`,
			[]wq{
				{I, "the alliance was “unshakable” despite the dispute", "Blinken", "Antony Blinken", "underscored", ""},
				{P, "unshakable", "Blinken", "Antony Blinken", "underscored", ""},
			}},
		{"partial quote in complement of a postposed cue",
			`The alliance was “unshakable” and would endure, Blinken reiterated.`,
			[]wq{
				{I, "The alliance was “unshakable” and would endure", "Blinken", "Antony Blinken", "reiterated", ""},
				{P, "unshakable", "Blinken", "Antony Blinken", "reiterated", ""},
			}},
		{"partial quote before a postposed cue loses its comma",
			`The alliance was “unshakable,” Blinken reiterated.`,
			[]wq{{P, "unshakable", "Blinken", "Antony Blinken", "reiterated", ""}}},
		{"direct-only cue gives its speaker to a partial quote",
			`Peskov dismissed the report as “absurd” on Monday.`,
			[]wq{{P, "absurd", "Peskov", "Dmitry Peskov", "dismissed", ""}}},
		{"object then complementiser",
			`Blinken warned Peskov that the talks had failed.`,
			[]wq{{I, "the talks had failed", "Blinken", "Antony Blinken", "warned", ""}}},
		{"thing object then relative that is not reported speech",
			`Blinken underlined the commitment that the allies made in May.`,
			nil},
		{"she said colon then quoted paragraph is direct",
			"Chinese Foreign Ministry spokeswoman Mao Ning rejected the claims. She said:\n\n“The accusations are groundless.”\n\nThe talks ended.",
			[]wq{{D, "The accusations are groundless.", "She", "Mao Ning", "said", ""}}},
		{"she said colon then unquoted paragraph is block",
			"Chinese Foreign Ministry spokeswoman Mao Ning rejected the claims. She said:\n\nThe accusations are groundless.\n\nThe talks ended.",
			[]wq{{B, "The accusations are groundless.", "She", "Mao Ning", "said", ""}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := analyze(t, tc.text, ms...)
			if diff := cmp.Diff(tc.want, project(a)); diff != "" {
				t.Errorf("quotes mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
