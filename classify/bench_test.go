package classify

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"unicode"

	"github.com/unpv/unpv"
)

type rawSpeech struct {
	File    string `json:"file"`
	Symbol  string `json:"symbol"`
	Date    string `json:"date"`
	Speaker string `json:"speaker_label_heuristic"`
	Text    string `json:"text"`
}

func loadSpeeches(tb testing.TB, path string) []rawSpeech {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		if os.IsNotExist(err) {
			tb.Skipf("%s not present", path)
		}
		tb.Fatal(err)
	}
	defer f.Close()
	var out []rawSpeech
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var r rawSpeech
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			tb.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// splitSentences is a crude splitter for tests and benchmarks only (the
// pipeline uses extract.Sentences): it cuts after ". ", "? " or "! "
// followed by an upper-case letter.
func splitSentences(id, text string) []unpv.Sentence {
	var out []unpv.Sentence
	start := 0
	for i := 0; i+2 < len(text); i++ {
		c := text[i]
		if (c == '.' || c == '?' || c == '!') && text[i+1] == ' ' && unicode.IsUpper(rune(text[i+2])) {
			out = append(out, unpv.Sentence{ID: unpv.SentenceID(id, len(out)+1), SpeechID: id, N: len(out) + 1, Start: start, End: i + 1, Text: text[start : i+1]})
			start = i + 2
		}
	}
	if strings.TrimSpace(text[start:]) != "" {
		out = append(out, unpv.Sentence{ID: unpv.SentenceID(id, len(out)+1), SpeechID: id, N: len(out) + 1, Start: start, End: len(text), Text: text[start:]})
	}
	return out
}

type prepared struct {
	sp    unpv.Speech
	sents []unpv.Sentence
}

func prepare(rs []rawSpeech) ([]prepared, int64) {
	var out []prepared
	var n int64
	for i, r := range rs {
		id := unpv.SpeechID(r.Symbol, i+1)
		out = append(out, prepared{unpv.Speech{ID: id, Symbol: r.Symbol, Date: r.Date, Speaker: r.Speaker,
			DelegationCode: DelegationCode(r.Speaker), Text: r.Text}, splitSentences(id, r.Text)})
		n += int64(len(r.Text))
	}
	return out, n
}

func benchSpeeches(b *testing.B, path string) {
	c := mustDefault(b)
	ps, n := prepare(loadSpeeches(b, path))
	b.SetBytes(n)
	cpu0 := cpuTime()
	loops := 0
	for b.Loop() {
		for _, p := range ps {
			c.Speech(p.sp, p.sents)
		}
		loops++
	}
	// Throughput per CPU second (user+system of the whole process, GC
	// included): on a loaded shared machine wall-clock MB/s understates it.
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(n)*float64(loops)/cpu.Seconds()/1e6, "MB/cpu-s")
	}
}

// BenchmarkSpeech runs mention finding and classification over the real
// speeches of S/PV.8711 and S/PV.8714 (a regional-organisation debate, so
// mentions are far denser than in the average record).
func BenchmarkSpeech(b *testing.B) {
	benchSpeeches(b, "../testdata/classify/speeches-8711-8714.jsonl")
}

// BenchmarkSpeechCorpus runs over all 1,600 Security Council speeches of
// 2020 when ../shared is present.
func BenchmarkSpeechCorpus(b *testing.B) {
	benchSpeeches(b, "../../shared/corpora/unsc-2020-speeches/speeches_2020.jsonl")
}

func TestSpeechesOfRealDebate(t *testing.T) {
	c := mustDefault(t)
	ps, _ := prepare(loadSpeeches(t, "../testdata/classify/speeches-8711-8714.jsonl"))
	count := map[string]int{}
	labels := map[unpv.Label]int{}
	for _, p := range ps {
		byID := map[string]string{}
		for _, s := range p.sents {
			byID[s.ID] = s.Text
		}
		ms, sts := c.Speech(p.sp, p.sents)
		for _, m := range ms {
			if byID[m.SentenceID][m.Start:m.End] != m.Surface {
				t.Fatalf("bad offsets %+v", m)
			}
			count[m.Target]++
		}
		for _, st := range sts {
			labels[st.Label]++
			if st.Evidence == "" || st.Confidence <= 0 || st.Model != c.Version() {
				t.Errorf("incomplete stance %+v", st)
			}
		}
	}
	// The ASEAN debate names ASEAN on nearly every page, the OSCE briefing the OSCE.
	if count["ASEAN"] < 100 || count["OSCE"] < 30 {
		t.Errorf("mention counts %v", count)
	}
	if labels[unpv.Recognition] == 0 || labels[unpv.Neutral] == 0 {
		t.Errorf("labels %v", labels)
	}
	t.Logf("mentions %v; labels %v", count, labels)
}
