package ingest

import (
	"unicode"
	"unicode/utf8"
)

// Near-duplicate detection: MinHash signatures over word 5-shingles with
// locality-sensitive hashing (numBands bands of bandRows rows). Two texts
// whose estimated Jaccard similarity of shingle sets is at least the
// threshold are near-duplicates. With 16 bands of 4 rows a pair at
// similarity 0.8 becomes a candidate with probability 0.9996, a pair at
// 0.5 with 0.65 and is then rejected by the signature estimate.
const (
	numHashes    = 64
	bandRows     = 4
	numBands     = numHashes / bandRows
	shingleWords = 5
	// minShingles is the fewest shingles a text needs to be compared:
	// short texts (feed summaries) share boilerplate too easily.
	minShingles = 20
)

// signature is a MinHash signature.
type signature [numHashes]uint32

// hashSeeds are the odd multipliers of the hash family.
var hashSeeds = func() (s [numHashes]uint64) {
	x := uint64(0x9E3779B97F4A7C15)
	for i := range s {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		s[i] = x | 1
	}
	return s
}()

// minhash returns text's signature; ok is false when the text has fewer
// than minShingles shingles. Words are runs of letters and digits of the
// lower-cased text (as strings.FieldsFunc(strings.ToLower(text), ...)
// would cut them, without building either); a shingle's hash is FNV-1a
// over its words, each followed by a space.
func minhash(text string) (sig signature, ok bool) {
	// Lower-cased words, end to end in buf; ends[i] is where word i ends.
	buf := make([]byte, 0, len(text))
	ends := make([]int, 0, len(text)/5+1)
	inWord := false
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		i += size
		var word bool
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			word = 'a' <= r && r <= 'z' || '0' <= r && r <= '9'
		} else {
			r = unicode.ToLower(r)
			word = unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		if !word {
			if inWord {
				ends = append(ends, len(buf))
				inWord = false
			}
			continue
		}
		buf = utf8.AppendRune(buf, r)
		inWord = true
	}
	if inWord {
		ends = append(ends, len(buf))
	}
	n := len(ends) - shingleWords + 1
	if n < minShingles {
		return sig, false
	}
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	for i := 0; i < n; i++ {
		// FNV-1a, fixed so that decisions are the same in every run.
		v := uint64(14695981039346656037)
		start := 0
		if i > 0 {
			start = ends[i-1]
		}
		for w := i; w < i+shingleWords; w++ {
			for _, c := range buf[start:ends[w]] {
				v ^= uint64(c)
				v *= 1099511628211
			}
			start = ends[w]
			v ^= ' '
			v *= 1099511628211
		}
		for j := range sig {
			x := v * hashSeeds[j]
			x ^= x >> 29
			if m := uint32(x >> 32); m < sig[j] {
				sig[j] = m
			}
		}
	}
	return sig, true
}

// similarity estimates the Jaccard similarity of the texts of a and b.
func similarity(a, b *signature) float64 {
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / numHashes
}

// nearIndex finds near-duplicates among the last window texts added. It is
// not safe for concurrent use (the ingest pipeline calls it from its one
// ordered stage).
type nearIndex struct {
	threshold float64
	window    int
	entries   []nearEntry // ring buffer
	next      int         // next slot to overwrite
	bands     [numBands]map[uint64][]int32
}

type nearEntry struct {
	id  string
	sig signature
	set bool
}

func newNearIndex(threshold float64, window int) *nearIndex {
	x := &nearIndex{threshold: threshold, window: window}
	for i := range x.bands {
		x.bands[i] = map[uint64][]int32{}
	}
	return x
}

func bandKey(sig *signature, b int) uint64 {
	var k uint64 = 14695981039346656037
	for _, v := range sig[b*bandRows : (b+1)*bandRows] {
		k ^= uint64(v)
		k *= 1099511628211
	}
	return k
}

// find returns the ID of the most similar earlier text at or above the
// threshold, and its estimated similarity.
func (x *nearIndex) find(sig *signature) (string, float64) {
	best, bestSim := -1, 0.0
	seen := map[int32]bool{}
	for b := range x.bands {
		for _, slot := range x.bands[b][bandKey(sig, b)] {
			if seen[slot] {
				continue
			}
			seen[slot] = true
			e := &x.entries[slot]
			if s := similarity(sig, &e.sig); s >= x.threshold && s > bestSim {
				best, bestSim = int(slot), s
			}
		}
	}
	if best < 0 {
		return "", 0
	}
	return x.entries[best].id, bestSim
}

// add records a text, evicting the oldest when the window is full.
func (x *nearIndex) add(id string, sig *signature) {
	var slot int
	if len(x.entries) < x.window {
		slot = len(x.entries)
		x.entries = append(x.entries, nearEntry{})
	} else {
		slot = x.next
		x.next = (x.next + 1) % x.window
		old := &x.entries[slot]
		for b := range x.bands {
			k := bandKey(&old.sig, b)
			list := x.bands[b][k]
			for i, s := range list {
				if int(s) == slot {
					list = append(list[:i], list[i+1:]...)
					break
				}
			}
			if len(list) == 0 {
				delete(x.bands[b], k)
			} else {
				x.bands[b][k] = list
			}
		}
	}
	x.entries[slot] = nearEntry{id: id, sig: *sig, set: true}
	for b := range x.bands {
		k := bandKey(sig, b)
		x.bands[b][k] = append(x.bands[b][k], int32(slot))
	}
}
