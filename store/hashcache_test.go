package store

import (
	"strings"
	"testing"
)

func TestHashCache(t *testing.T) {
	var c HashCache
	texts := make([]string, hashCacheSize+10)
	for i := range texts {
		texts[i] = "text number " + string(rune('a'+i%26)) + " " + string(rune('a'+i/26%26)) + " " + string(rune('a'+i/676))
	}
	for _, s := range texts {
		h, w := c.SimHash(s)
		if wh, ww := SimHash(s); h != wh || w != ww {
			t.Fatalf("SimHash(%q) = %x, %d; want %x, %d", s, h, w, wh, ww)
		}
	}
	if len(c.m) != hashCacheSize || len(c.order) != hashCacheSize {
		t.Errorf("cache holds %d (%d in order), want %d", len(c.m), len(c.order), hashCacheSize)
	}
	if _, ok := c.m[texts[0]]; ok {
		t.Error("oldest text not evicted")
	}
	if h, _ := c.SimHash(texts[len(texts)-1]); h != c.m[texts[len(texts)-1]].h {
		t.Error("newest text not cached")
	}
	big := strings.Repeat("word ", hashCacheBytes/64)
	c.SimHash(big)
	if _, ok := c.m[big]; ok {
		t.Error("a text over the size bound was cached")
	}
}
