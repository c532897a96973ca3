package classify

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	_ "embed"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
)

// Vectors are word vectors trained on the UN General Debate Corpus
// (1946–2024): in-domain meaning for words the labelled pairs are too few
// to teach ("bombing" near "airstrikes", "commend" near "salute"). They
// are stored quantised to one signed byte per dimension with a scale per
// word, which keeps the shipped file near a megabyte.
type Vectors struct {
	Dim   int
	words []string
	index map[string]int
	data  []int8    // len(words) × Dim
	scale []float32 // per word
}

const vectorsFormat = "unpv-vectors-1"

//go:embed vectors.bin.gz
var vectorsGz []byte

var defaultVectors = sync.OnceValues(func() (*Vectors, error) {
	if len(vectorsGz) == 0 {
		return nil, nil
	}
	return ReadVectors(bytes.NewReader(vectorsGz))
})

// vectorsID identifies a set of vectors by a hash of their bytes.
func vectorsID(v *Vectors) string {
	h := sha256.New()
	fmt.Fprintf(h, "%d\n", v.Dim)
	for _, w := range v.words {
		h.Write([]byte(w))
		h.Write([]byte{0})
	}
	binary.Write(h, binary.LittleEndian, v.scale)
	binary.Write(h, binary.LittleEndian, v.data)
	return "vec-" + hex.EncodeToString(h.Sum(nil))[:12]
}

// Len is the number of words.
func (v *Vectors) Len() int { return len(v.words) }

// addRow adds the vector of the i-th word to acc.
func (v *Vectors) addRow(i int, acc []float64) {
	s := float64(v.scale[i])
	row := v.data[i*v.Dim : (i+1)*v.Dim]
	for d, x := range row {
		acc[d] += s * float64(x)
	}
}

// ConvertVEC reads word vectors in the text format fastText writes
// (a header "count dim", then one word and its values per line, most
// frequent first) and keeps the first maxWords that are lower-case words
// as the tokenizer makes them.
func ConvertVEC(r io.Reader, maxWords int) (*Vectors, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	if !sc.Scan() {
		return nil, fmt.Errorf("vectors: empty input")
	}
	head := strings.Fields(sc.Text())
	if len(head) != 2 {
		return nil, fmt.Errorf("vectors: header %q, want \"count dim\"", sc.Text())
	}
	dim, err := strconv.Atoi(head[1])
	if err != nil || dim <= 0 || dim > 1024 {
		return nil, fmt.Errorf("vectors: bad dimension %q", head[1])
	}
	v := &Vectors{Dim: dim, index: map[string]int{}}
	row := make([]float64, dim)
	for sc.Scan() && len(v.words) < maxWords {
		f := strings.Fields(sc.Text())
		if len(f) != dim+1 {
			return nil, fmt.Errorf("vectors: line %d: %d values, want %d", len(v.words)+2, len(f)-1, dim)
		}
		w := f[0]
		if toks := tokenize(w); len(toks) != 1 || toks[0].low != w {
			continue // "</s>" and the like
		}
		mx := 0.0
		for d, x := range f[1:] {
			if row[d], err = strconv.ParseFloat(x, 64); err != nil {
				return nil, fmt.Errorf("vectors: %q: %w", w, err)
			}
			mx = math.Max(mx, math.Abs(row[d]))
		}
		s := float32(mx / 127)
		if s == 0 {
			s = 1
		}
		v.index[w] = len(v.words)
		v.words = append(v.words, w)
		v.scale = append(v.scale, s)
		for _, x := range row {
			v.data = append(v.data, int8(math.Round(x/float64(s))))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("vectors: %w", err)
	}
	return v, nil
}

// WriteVectors writes v in the compact, gzip-compressed format that
// ReadVectors reads; the same vectors give the same bytes.
func WriteVectors(w io.Writer, v *Vectors) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	fmt.Fprintf(bw, "%s %d %d\n", vectorsFormat, v.Dim, len(v.words))
	for _, word := range v.words {
		bw.WriteString(word)
		bw.WriteByte('\n')
	}
	if err := binary.Write(bw, binary.LittleEndian, v.scale); err != nil {
		return err
	}
	if err := binary.Write(bw, binary.LittleEndian, v.data); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// ReadVectors reads vectors written by WriteVectors. Memory grows with
// what is read, not with the sizes the header claims: a header of 4
// million words of 1,024 dimensions over no data made it allocate 4 GiB
// before failing.
func ReadVectors(r io.Reader) (*Vectors, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("vectors: %w", err)
	}
	br := bufio.NewReader(zr)
	head, err := br.ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("vectors: header: %w", err)
	}
	var format string
	var dim, n int
	if _, err := fmt.Sscanf(head, "%s %d %d\n", &format, &dim, &n); err != nil || format != vectorsFormat {
		return nil, fmt.Errorf("vectors: header %q, want %s", strings.TrimSpace(head), vectorsFormat)
	}
	if dim <= 0 || dim > 1024 || n < 0 || n > 1<<22 {
		return nil, fmt.Errorf("vectors: implausible size %d × %d", n, dim)
	}
	// Room for the shipped vectors' words at once; more grow as read.
	m := min(n, 1<<16)
	v := &Vectors{Dim: dim, index: make(map[string]int, m), words: make([]string, 0, m)}
	for i := range n {
		w, err := br.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("vectors: word %d: %w", i, err)
		}
		w = strings.TrimSuffix(w, "\n")
		v.index[w] = i
		v.words = append(v.words, w)
	}
	if v.scale, err = readSlice[float32](br, n); err != nil {
		return nil, fmt.Errorf("vectors: scales: %w", err)
	}
	if v.data, err = readSlice[int8](br, n*dim); err != nil {
		return nil, fmt.Errorf("vectors: data: %w", err)
	}
	return v, nil
}

// readSlice reads n little-endian values of r into a slice that grows as
// they come, its first allocation bounded (4 Mi values: the shipped
// vectors' in one), so that a count a header claims costs memory only as
// its values are read.
func readSlice[T int8 | float32](r io.Reader, n int) ([]T, error) {
	out := make([]T, 0, min(n, 1<<22))
	chunk := make([]T, min(n, 1<<16))
	for left := n; left > 0; {
		k := min(left, len(chunk))
		if err := binary.Read(r, binary.LittleEndian, chunk[:k]); err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		out = append(out, chunk[:k]...)
		left -= k
	}
	return out, nil
}

// denseWindow is how many words either side of the target the "near"
// average takes in.
const denseWindow = 6

// addDense adds the averaged word vectors of the target's clause (ec:),
// of the words near the target (ew:) and of the whole sentence (es:),
// each scaled to unit length: the sentence's meaning beyond the words
// the lexicon lists. Organisation names and function words are left out.
func (fb *featBuilder) addDense(a *analysis, v *Vectors) {
	if v == nil {
		return
	}
	acc := make([]float64, 3*v.Dim)
	clause, near, all := acc[:v.Dim], acc[v.Dim:2*v.Dim], acc[2*v.Dim:]
	for j, tk := range a.toks {
		if a.isTgt[j] || a.isOrg[j] || stopword(tk.low) {
			continue
		}
		i, ok := v.index[tk.low]
		if !ok {
			continue
		}
		v.addRow(i, all)
		if len(a.anchor) > 0 && a.targetClause(a.clause[j]) {
			v.addRow(i, clause)
		}
		if a.dist[j] <= denseWindow {
			v.addRow(i, near)
		}
	}
	names := denseNames()
	var lk *lookup
	if fb.m != nil {
		lk = fb.m.lookup()
	}
	for p, x := range [len(denseParts)][]float64{clause, near, all} {
		var n float64
		for _, xd := range x {
			n += xd * xd
		}
		if n == 0 {
			continue
		}
		n = math.Sqrt(n)
		for d, xd := range x {
			if lk == nil {
				fb.add(denseParts[p], names[d], xd/n, -1, -1)
				continue
			}
			// The model's table, not a map access per dimension: dense
			// features were a third of classification's time.
			if i := lk.dense[p][d]; i >= 0 {
				fb.fs = append(fb.fs, feat{lk.names[i], xd / n, -1, -1, &lk.w[i]})
			}
		}
	}
}

// denseParts are the prefixes of the dense features, in addDense's order.
var denseParts = [...]string{"ec:", "ew:", "es:"}

// denseNames are the dimension numbers as strings, so dense features do
// not format a number per dimension per sentence; made on first use, not
// when every unpv command starts.
var denseNames = sync.OnceValue(func() []string {
	out := make([]string, 1024)
	for i := range out {
		out[i] = strconv.Itoa(i)
	}
	return out
})
