package store

import "sync"

// HashCache remembers the SimHashes of the last texts hashed, so that a
// document a backend checked with NearDuplicate before analysis is not
// hashed again when SaveBatch stores it. The zero value is ready; it is
// safe for concurrent use. Keys are the texts themselves (map lookups
// hash and compare bytes, far cheaper than SimHash's word pairs); the
// cache holds at most hashCacheSize texts and hashCacheBytes bytes of
// text, dropping the oldest first.
type HashCache struct {
	mu    sync.Mutex
	m     map[string]hashEntry
	order []string // insertion order, oldest first
	bytes int
}

type hashEntry struct {
	h     uint64
	words int
}

// Bounds of HashCache: more than an ingest run keeps in flight between
// its near-duplicate check and its commit (a batch plus the queues).
const (
	hashCacheSize  = 2048
	hashCacheBytes = 32 << 20
)

// SimHash returns SimHash(text), from the cache when text was hashed
// recently.
func (c *HashCache) SimHash(text string) (uint64, int) {
	c.mu.Lock()
	e, ok := c.m[text]
	c.mu.Unlock()
	if ok {
		return e.h, e.words
	}
	h, words := SimHash(text)
	if len(text) > hashCacheBytes/64 {
		return h, words // too large to keep
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[string]hashEntry, hashCacheSize)
	}
	if _, ok := c.m[text]; ok {
		return h, words
	}
	for len(c.order) > 0 && (len(c.order) >= hashCacheSize || c.bytes+len(text) > hashCacheBytes) {
		old := c.order[0]
		c.order[0] = ""
		c.order = c.order[1:]
		delete(c.m, old)
		c.bytes -= len(old)
	}
	c.order = append(c.order, text)
	c.bytes += len(text)
	c.m[text] = hashEntry{h, words}
	return h, words
}
