package classify

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// gzipped compresses s as WriteVectors does.
func gzipped(t testing.TB, s string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestReadVectorsClaimedSize: a header that claims more words and values
// than the file holds fails without allocating what it claims. ReadVectors
// allocated every word, scale and value the header claimed before reading
// any: 4 GiB for a 52-byte file.
func TestReadVectorsClaimedSize(t *testing.T) {
	for _, tc := range []struct{ name, body string }{
		{"no words", fmt.Sprintf("%s %d %d\n", vectorsFormat, 1024, 1<<22)},
		// The words are there; their 100 million values are not.
		{"no values", fmt.Sprintf("%s %d %d\n", vectorsFormat, 1024, 100000) + strings.Repeat("\n", 100000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := gzipped(t, tc.body)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := ReadVectors(bytes.NewReader(in))
			runtime.ReadMemStats(&after)
			if err == nil {
				t.Fatal("a header over missing data read as vectors")
			}
			if got := after.TotalAlloc - before.TotalAlloc; got > 64<<20 {
				t.Errorf("allocated %d MiB reading a %d-byte file", got>>20, len(in))
			}
		})
	}
}

// vecExample is a fastText .vec file: a header, then a word and its values
// a line; "</s>" and "Peace" are not words the tokenizer makes.
const vecExample = `5 3
</s> 0.1 0.2 0.3
peace 0.5 -0.25 1
Peace 1 1 1
security -0.5 0.25 0
union 0 0 0
`

func ExampleConvertVEC() {
	v, err := ConvertVEC(strings.NewReader(vecExample), 10)
	if err != nil {
		fmt.Println(err)
		return
	}
	var b bytes.Buffer
	if err := WriteVectors(&b, v); err != nil {
		fmt.Println(err)
		return
	}
	back, err := ReadVectors(&b)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(back.Len(), "words of", back.Dim, "dimensions:", strings.Join(back.words, " "))
	// Output:
	// 3 words of 3 dimensions: peace security union
}

// FuzzReadVectors: ReadVectors never panics on a gzipped body, and vectors
// it reads are written and read back the same.
func FuzzReadVectors(f *testing.F) {
	v, err := ConvertVEC(strings.NewReader(vecExample), 10)
	if err != nil {
		f.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteVectors(&b, v); err != nil {
		f.Fatal(err)
	}
	f.Add(gunzip(f, b.Bytes()))
	f.Add([]byte(vectorsFormat + " 2 1\nx\n\x00\x00\x80\x3f\x01\x02"))
	f.Add([]byte(vectorsFormat + " 1024 4194304\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		v, err := ReadVectors(bytes.NewReader(gzipped(t, string(body))))
		if err != nil {
			return
		}
		if len(v.data) != len(v.words)*v.Dim || len(v.scale) != len(v.words) {
			t.Fatalf("%d words, %d scales, %d values of %d dimensions", len(v.words), len(v.scale), len(v.data), v.Dim)
		}
		checkRoundTrip(t, v)
	})
}

func gunzip(t testing.TB, b []byte) []byte {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := out.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// FuzzConvertVEC: ConvertVEC never panics on text, keeps at most the
// words asked for, each once, and what it keeps survives WriteVectors and
// ReadVectors.
func FuzzConvertVEC(f *testing.F) {
	f.Add(vecExample, 2)
	f.Add("1 2\nx 1e309 0\n", 5)
	f.Add("2 1\na 1\na 2\n", 5)
	f.Fuzz(func(t *testing.T, in string, n int) {
		v, err := ConvertVEC(strings.NewReader(in), n)
		if err != nil {
			return
		}
		if v.Len() > max(n, 0) {
			t.Errorf("%d words kept, %d asked for", v.Len(), n)
		}
		checkRoundTrip(t, v)
	})
}

// checkRoundTrip checks that v, written by WriteVectors and read back by
// ReadVectors, is the same.
func checkRoundTrip(t *testing.T, v *Vectors) {
	t.Helper()
	var out bytes.Buffer
	if err := WriteVectors(&out, v); err != nil {
		t.Fatal(err)
	}
	back, err := ReadVectors(&out)
	if err != nil {
		t.Fatalf("reading back: %v", err)
	}
	if vectorsID(back) != vectorsID(v) || !cmp.Equal(back.index, v.index) {
		t.Error("written and read back, the vectors differ")
	}
}
