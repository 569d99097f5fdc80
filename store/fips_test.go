package store

import "testing"

func TestFIPS(t *testing.T) {
	tests := []struct{ iso3, want string }{
		{"DEU", "GM"}, {"GBR", "UK"}, {"KGZ", "KG"}, {"PAK", "PK"}, {"RUS", "RS"}, {"CHN", "CH"},
		{"USA", "US"}, {"ISR", "IS"}, {"ISL", "IC"}, {"ZAF", "SF"}, {"SAU", "SA"}, {"COG", "CF"},
		{"COD", "CG"}, {"SRB", "RI"}, {"MMR", "BM"}, {"UKR", "UP"}, {"PSE", ""}, {"", ""}, {"XYZ", ""},
	}
	for _, tc := range tests {
		if got := FIPS(tc.iso3); got != tc.want {
			t.Errorf("FIPS(%q) = %q, want %q", tc.iso3, got, tc.want)
		}
	}
	// one FIPS code names one country
	seen := map[string]string{}
	for iso, f := range fipsByISO3 {
		if prev, ok := seen[f]; ok {
			t.Errorf("FIPS %s given to both %s and %s", f, prev, iso)
		}
		seen[f] = iso
		if len(iso) != 3 || len(f) != 2 {
			t.Errorf("bad pair %q -> %q", iso, f)
		}
	}
}
