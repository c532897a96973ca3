package corpora

import (
	"os"
	"testing"
)

// BenchmarkImportUNSCDebates measures the importer (read, decode, split
// labels, hash) in speeches and bytes per second. With the shared 2020
// corpus present it runs over all 1,600 speeches, else over testdata.
func BenchmarkImportUNSCDebates(b *testing.B) {
	dir := "testdata/unsc-debates"
	if _, err := os.Stat("../../shared/corpora/unsc-2020-speeches"); err == nil {
		dir = "../../shared/corpora/unsc-2020-speeches"
	}
	fsys := os.DirFS(dir)
	var n, bytes int
	for im, err := range ImportUNSCDebates(fsys, UNSCDebatesOptions{}) {
		if err != nil {
			b.Fatal(err)
		}
		n += len(im.Speeches)
		for _, f := range im.Files {
			bytes += f.Bytes
		}
	}
	b.SetBytes(int64(bytes))
	b.ResetTimer()
	for b.Loop() {
		for _, err := range ImportUNSCDebates(fsys, UNSCDebatesOptions{}) {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "speeches/s")
}
