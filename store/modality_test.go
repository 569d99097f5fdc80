package store

import (
	"slices"
	"testing"
)

func TestParseModalities(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr bool
	}{
		{"", nil, false},
		{"all", nil, false},
		{"counted", []string{ModalityCounted}, false},
		{"asserted", []string{"asserted"}, false},
		{" Asserted , intended ", []string{"asserted", "intended"}, false},
		{"asserted,maybe", nil, true},
		{"counted,asserted", nil, true},
	}
	for _, tc := range tests {
		got, err := ParseModalities(tc.in)
		if (err != nil) != tc.wantErr || !slices.Equal(got, tc.want) {
			t.Errorf("ParseModalities(%q) = %v, %v; want %v (error %v)", tc.in, got, err, tc.want, tc.wantErr)
		}
	}
}
