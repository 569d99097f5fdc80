package store

import (
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// SimHash returns the 64-bit SimHash of text over word 2-shingles (word
// pairs), and the number of words. Words are maximal runs of letters and digits, folded to
// lower case; each shingle's 64-bit hash (FNV-1a, then a SplitMix64
// finaliser) votes +1 or -1 on every bit, and a bit of the result is set
// when its vote is positive. Texts that differ by a few words (a wire copy
// with another dateline or footer) have hashes a few bits apart. (On the
// 89 VOA stories, a copy with a dateline and a copyright line added is
// within 3 bits for 83 of them with word pairs, 73 with word triples;
// the closest two different stories are 13 bits apart.) A one-word text
// hashes its word.
func SimHash(text string) (uint64, int) {
	var votes [64]int
	var prev uint64 // hash of the previous word
	n := 0
	vote := func(h uint64) {
		for b := 0; b < 64; b++ {
			votes[b] += int(h>>b&1)<<1 - 1
		}
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		// one word
		h := uint64(14695981039346656037)
		for i < len(text) {
			r, size = utf8.DecodeRuneInString(text[i:])
			if !isWordRune(r) {
				break
			}
			r = unicode.ToLower(r)
			var buf [4]byte
			k := utf8.EncodeRune(buf[:], r)
			for _, c := range buf[:k] {
				h ^= uint64(c)
				h *= 1099511628211
			}
			i += size
		}
		n++
		if n >= 2 {
			vote(mix(mix(prev)*31 + h))
		}
		prev = h
	}
	if n == 1 {
		vote(mix(prev))
	}
	var out uint64
	for b := 0; b < 64; b++ {
		if votes[b] > 0 {
			out |= 1 << b
		}
	}
	return out, n
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// mix is the SplitMix64 finaliser: it spreads every input bit over the
// whole output.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// Hamming returns the number of bits in which a and b differ.
func Hamming(a, b uint64) int { return bits.OnesCount64(a ^ b) }

// BandKeys returns the four lookup keys of h: band b (0..3) holds bits
// 16b..16b+15, keyed as b<<16 | bits. Two hashes within Hamming distance 3
// agree on at least one band (pigeonhole), so looking up the four keys
// finds every candidate.
func BandKeys(h uint64) [4]int64 {
	var k [4]int64
	for b := 0; b < 4; b++ {
		k[b] = int64(b)<<16 | int64((h>>(16*b))&0xffff)
	}
	return k
}
