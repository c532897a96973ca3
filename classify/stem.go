package classify

import (
	"sync"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
)

// stemCache remembers the stems of the words seen so far, up to
// stemCacheMax of them, so that a corpus stems each distinct word once
// while adversarial input cannot grow the cache without bound.
var (
	stemCache   sync.Map
	stemCacheN  int
	stemCacheMu sync.Mutex
)

const stemCacheMax = 1 << 18

// stem returns the Snowball (Porter 2) English stem of a lower-case word,
// so that "commends", "commended" and "commendable" match the cue
// "commend". Words of three letters or fewer and words with non-ASCII
// letters are their own stem.
func stem(w string) string {
	if len(w) <= 3 {
		return w
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; c < 'a' || c > 'z' {
			return w
		}
	}
	if s, ok := stemCache.Load(w); ok {
		return s.(string)
	}
	env := snowballstem.NewEnv(w)
	english.Stem(env)
	s := env.Current()
	stemCacheMu.Lock()
	if stemCacheN < stemCacheMax {
		stemCacheN++
		stemCache.Store(w, s)
	}
	stemCacheMu.Unlock()
	return s
}
