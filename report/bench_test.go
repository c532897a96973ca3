package report

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/unpv/unpv"
)

// syntheticRows scales the real fixture sentences up to n speeches: each
// speech draws a real delegation code, an organisation with realistic
// skew (AU, EU, OSCE most named), a date 1995–2024, 1–6 sentences labelled
// in the gold data's proportions (46% recognition, 49% neutral, 5%
// counter), and a relation that depends on the delegation and organisation.
func syntheticRows(tb testing.TB, n int) []Row {
	fixture, _ := loadFixture(tb)
	rng := rand.New(rand.NewPCG(2026, 11))
	codes := []string{"RUS", "USA", "CHN", "GBR", "FRA", "DEU", "UKR", "GEO", "KAZ", "KGZ", "TJK", "ARM", "BLR", "AZE",
		"MDA", "IND", "PAK", "BRA", "ZAF", "NGA", "EGY", "ETH", "KEN", "TUN", "NER", "IDN", "VNM", "JPN", "EST", "LVA",
		"LTU", "POL", "BEL", "NLD", "SWE", "NOR", "IRL", "MEX", "DOM", "VCT", "TUR", "IRN", "SAU", "QAT", "KWT", "UZB",
		"MNG", "AU", "EU", "OSCE", "CSTO", "SCO", "CIS", "UN"}
	orgs := []string{"AU", "AU", "AU", "EU", "EU", "EU", "OSCE", "OSCE", "ASEAN", "ECOWAS", "NATO", "CSTO", "CIS", "SCO",
		"LAS", "G5S", "OAS", "IGAD", "SADC", "ECCAS", "EAEU", "CoE", "OIC", "CARICOM", "PIF"}
	rels := []unpv.Relation{unpv.RelMember, unpv.RelThird, unpv.RelThird, unpv.RelThird, ""}
	rows := make([]Row, 0, n*3)
	for i := range n {
		code := codes[rng.IntN(len(codes))]
		org := orgs[rng.IntN(len(orgs))]
		year := 1995 + rng.IntN(30)
		date := fmt.Sprintf("%d-%02d-%02d", year, 1+rng.IntN(12), 1+rng.IntN(28))
		body := unpv.SecurityCouncil
		symbol := "S/PV." + strconv.Itoa(3000+i/15)
		if rng.IntN(3) == 0 {
			body = unpv.GeneralAssembly
			symbol = fmt.Sprintf("A/%d/PV.%d", year-1945, 1+i/15%120)
		}
		rel := rels[(len(code)*7+len(org)*3+int(code[0])+int(org[0]))%len(rels)]
		if code == org {
			rel = unpv.RelSelf
		}
		speech := unpv.SpeechID(symbol, i%15+1)
		for k := range 1 + rng.IntN(6) {
			f := &fixture[rng.IntN(len(fixture))]
			label := unpv.Neutral
			switch x := rng.Float64(); {
			case x < 0.46:
				label = unpv.Recognition
			case x < 0.51:
				label = unpv.Counter
			}
			rows = append(rows, Row{
				Stance: unpv.Stance{SentenceID: unpv.SentenceID(speech, k+1), Target: org, Label: label,
					Confidence: 0.5 + rng.Float64()/2, Relation: rel, Model: "bench"},
				SpeechID: speech, Symbol: symbol, Meeting: symbol, Date: date, Speaker: f.Speaker,
				Delegation: "Delegation " + code, DelegationCode: code, Sentence: f.Sentence, Body: body, Role: unpv.RoleMember,
			})
		}
	}
	return rows
}

func benchSpeeches() int {
	if s := os.Getenv("UNPV_BENCH_SPEECHES"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			return n
		}
	}
	return 100_000
}

// BenchmarkBuild measures aggregation and intervals over 100k synthetic
// speeches (UNPV_BENCH_SPEECHES changes the scale).
func BenchmarkBuild(b *testing.B) {
	rows := syntheticRows(b, benchSpeeches())
	cpu := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Build(rows, nil, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(len(rows)), "rows")
}

// cpuTime is the process's user+system time: on a shared machine it says
// how much work an operation is, whatever the wall clock says.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkReport100k measures what the report stage does: build and
// write every format (HTML with the delegation pages, all CSV tables,
// JSON, Markdown).
func BenchmarkReport100k(b *testing.B) {
	rows := syntheticRows(b, benchSpeeches())
	cpu := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		r, err := Build(rows, nil, Options{})
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range []string{"html", "json", "md"} {
			var n countWriter
			if err := r.WriteFormat(&n, f); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(n)/1e6, f+"-MB")
		}
		for _, t := range Tables {
			var n countWriter
			if err := r.WriteTableCSV(&n, t); err != nil {
				b.Fatal(err)
			}
		}
		var pages countWriter
		for _, code := range r.DelegationPages() {
			if err := r.WriteDelegationHTML(&pages, code, "report.html"); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(pages)/1e6, "pages-MB")
		b.ReportMetric(float64(len(r.DelegationPages())), "pages")
	}
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(len(rows)), "rows")
}

type countWriter int

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }
