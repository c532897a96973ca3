package index

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/unpv/unpv"
)

// Benchmarks scale the real 2020 Security Council speeches (the full shared
// corpus when ../shared is present, else the testdata fixture) to
// UNPV_BENCH_SPEECHES documents (default 2000; docs/benchmarks.md uses 100000):
//
//	UNPV_BENCH_SPEECHES=100000 go test ./index -run '^$' -bench . -benchtime 200x -timeout 60m
//
// Each copy gets its own id, meeting symbol, a date moved back k years and
// its sentences rotated, so postings and facets grow like a real corpus.
func benchSize() int {
	if n, err := strconv.Atoi(os.Getenv("UNPV_BENCH_SPEECHES")); err == nil && n > 0 {
		return n
	}
	return 2000
}

var sentenceRE = regexp.MustCompile(`[^.!?]+[.!?]+\s*`)

func benchSource(b *testing.B) []Doc {
	b.Helper()
	path := filepath.Join("..", "..", "shared", "corpora", "unsc-2020-speeches", "speeches_2020.jsonl")
	f, err := os.Open(path)
	if err != nil {
		return fixtureDocs(b)
	}
	defer f.Close()
	var docs []Doc
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	codes := []string{"RUS", "UKR", "CHN", "USA", "FRA", "GBR", "DEU", "IND", "BRA", "ZAF", "NER", "KAZ", "ARM", "BLR", "TJK", "KGZ", "EST", "VNM", "IDN", "TUN"}
	targets := []string{"AU", "EU", "OSCE", "CSTO", "CIS", "SCO", "ASEAN", "ECOWAS"}
	labels := []unpv.Label{unpv.Recognition, unpv.Neutral, unpv.Counter}
	for i := 0; sc.Scan(); i++ {
		var r struct {
			Symbol     string `json:"symbol"`
			Resumption int    `json:"resumption"`
			SpeechNo   int    `json:"speech_no"`
			Topic      string `json:"topic"`
			Label      string `json:"speaker_label_heuristic"`
			Text       string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			b.Fatal(err)
		}
		d := Doc{Speech: unpv.Speech{
			ID: unpv.SpeechID(r.Symbol, r.SpeechNo), Symbol: r.Symbol, Meeting: r.Symbol, Body: unpv.SecurityCouncil,
			Resumption: r.Resumption, Date: fmt.Sprintf("2020-%02d-%02d", 1+i%12, 1+i%28), Seq: r.SpeechNo,
			Speaker: r.Label, SpeakerName: r.Label, DelegationCode: codes[i%len(codes)], Role: unpv.RoleMember, Text: r.Text,
		}, Agenda: r.Topic}
		if i%3 == 0 { // synthetic stances on a third of the speeches, for the stance fields and facets
			d.Stances = []unpv.Stance{{Target: targets[i%len(targets)], Label: labels[i%len(labels)]}}
		}
		docs = append(docs, d)
	}
	return docs
}

func scaled(src []Doc, n int) func(yield func(Doc) error) error {
	return func(yield func(Doc) error) error {
		for i := 0; i < n; i++ {
			if err := yield(scaledDoc(src, i)); err != nil {
				return err
			}
		}
		return nil
	}
}

// scaledDoc is the i-th document of the scaled corpus.
func scaledDoc(src []Doc, i int) Doc {
	k, d := i/len(src), src[i%len(src)]
	if k == 0 {
		return d
	}
	s := d.Speech
	s.Symbol = fmt.Sprintf("%s/k%d", s.Symbol, k)
	s.Meeting = s.Symbol
	s.ID = unpv.SpeechID(s.Symbol, s.Seq)
	y, _ := strconv.Atoi(s.Date[:4])
	s.Date = strconv.Itoa(y-k%30) + s.Date[4:]
	if sents := sentenceRE.FindAllString(s.Text, -1); len(sents) > 1 {
		r := k % len(sents)
		var text strings.Builder
		for _, x := range append(append([]string{}, sents[r:]...), sents[:r]...) {
			text.WriteString(x)
		}
		s.Text = text.String()
	}
	d.Speech = s
	return d
}

// scaledTexts is the TextSource of a scaled corpus: texts are made again
// from the source documents, not kept.
type scaledTexts struct {
	src  []Doc
	base map[string]int // source speech id → index in src
}

func newScaledTexts(src []Doc) scaledTexts {
	st := scaledTexts{src: src, base: map[string]int{}}
	for i, d := range src {
		st.base[d.Speech.ID] = i
	}
	return st
}

func (st scaledTexts) SpeechTexts(_ context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	for _, id := range ids {
		sym, seq, _ := strings.Cut(id, "#")
		k := 0
		if i := strings.LastIndex(sym, "/k"); i >= 0 {
			k, _ = strconv.Atoi(sym[i+2:])
			sym = sym[:i]
		}
		if j, ok := st.base[sym+"#"+seq]; ok {
			out[id] = scaledDoc(st.src, k*len(st.src)+j).Speech.Text
		}
	}
	return out, nil
}

// cpuTime is the CPU time (user+system) this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkRebuild(b *testing.B) {
	src := benchSource(b)
	n := benchSize()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		dir := b.TempDir()
		cpu0 := cpuTime()
		st, err := Rebuild(context.Background(), dir, scaled(src, n))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(st.Docs)/st.Duration.Seconds(), "speeches/s")
		b.ReportMetric(float64(st.Bytes)/1e6/st.Duration.Seconds(), "MB/s")
		b.ReportMetric(float64(st.Docs), "speeches")
		b.ReportMetric(float64(st.Docs)/(cpuTime()-cpu0).Seconds(), "speeches/cpu-s")
		b.ReportMetric(float64(dirSize(dir))/float64(st.Bytes), "index/text")
	}
}

// dirSize is the size of the files under dir.
func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

var (
	benchOnce sync.Once
	benchIx   *Index
	benchErr  error
)

// benchIndex builds the scaled index once, in UNPV_BENCH_DIR when set (kept
// and reused across runs) or in a temporary directory.
func benchIndex(b *testing.B) *Index {
	benchOnce.Do(func() {
		n := benchSize()
		dir := os.Getenv("UNPV_BENCH_DIR")
		if dir == "" {
			dir, benchErr = os.MkdirTemp("", "unpv-bench-")
			if benchErr != nil {
				return
			}
		} else {
			dir = filepath.Join(dir, strconv.Itoa(n))
		}
		src := benchSource(b)
		if ix, err := Open(dir); err == nil && ix.Meta().Docs == uint64(n) {
			benchIx = ix
			ix.SetTextSource(newScaledTexts(src))
			return
		}
		cpu0 := cpuTime()
		st, err := Rebuild(context.Background(), dir, scaled(src, n))
		if err != nil {
			benchErr = err
			return
		}
		cpu := cpuTime() - cpu0
		b.Logf("built %d speeches (%.0f MB text) in %v (CPU %v): %.0f speeches/s, %.0f speeches per CPU-second",
			st.Docs, float64(st.Bytes)/1e6, st.Duration.Round(time.Second), cpu.Round(time.Second),
			float64(st.Docs)/st.Duration.Seconds(), float64(st.Docs)/cpu.Seconds())
		if benchIx, benchErr = Open(dir); benchErr == nil {
			benchIx.SetTextSource(newScaledTexts(src))
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchIx
}

// BenchmarkQuery reports p50/p95 latency of one page (20 hits with
// highlighted fragments) per query kind.
func BenchmarkQuery(b *testing.B) {
	kinds := []struct {
		name    string
		queries []Query
	}{
		{"match", []Query{{Text: "terrorism"}, {Text: "sovereignty"}, {Text: "peacekeeping operations"}, {Text: "humanitarian access"}, {Text: "ECOWAS"}}},
		{"phrase", []Query{{Text: `"African Union"`}, {Text: `"regional organizations"`}, {Text: `"international peace and security"`}, {Text: `"Chapter VIII"`}}},
		{"faceted", []Query{
			{Text: "terrorism", Facets: true},
			{Text: `"African Union"`, Facets: true, From: "2005-01-01"},
			{Text: "cooperation", Facets: true, Delegations: []string{"RUS", "UKR"}},
			{Text: "sovereignty", Facets: true, Targets: []string{"CSTO"}, Stances: []string{"recognition"}},
		}},
		{"facets_all", []Query{{Facets: true}}},                              // cached per generation after the first
		{"facets_filtered", []Query{{Facets: true, Bodies: []string{"SC"}}}}, // same counts, computed
	}
	ix := benchIndex(b)
	for _, k := range kinds {
		b.Run(k.name, func(b *testing.B) { benchQueries(b, ix, k.queries) })
		if os.Getenv("UNPV_BENCH_SPLIT") != "" { // one sub-benchmark per query
			for i, q := range k.queries {
				b.Run(fmt.Sprintf("%s/%d", k.name, i), func(b *testing.B) { benchQueries(b, ix, []Query{q}) })
			}
		}
	}
}

func benchQueries(b *testing.B, ix *Index, queries []Query) {
	lat := make([]time.Duration, 0, b.N)
	var hits uint64
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		q := queries[i%len(queries)]
		start := time.Now()
		res, err := ix.Search(context.Background(), q)
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
		hits += res.Total
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[(len(lat)*95)/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(hits)/float64(b.N), "hits/op")
	// CPU time per query: unlike wall-clock latency it does not grow when
	// other processes compete for the cores.
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}
