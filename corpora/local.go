package corpora

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"path/filepath"
	"strings"
	"time"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/internal/limit"
	"github.com/unpv/unpv/un"
)

// LocalPDF is a PDF file found in a local folder.
type LocalPDF struct {
	Path    string // as found under the folder given to LocalPDFs
	Symbol  string // canonical symbol guessed from the file name; "" when none
	SHA256  string
	Bytes   int64
	ModTime time.Time
}

// LocalPDFs walks dir and yields every *.pdf file (any case, in lexical
// order, subfolders included) with its sha256 and the symbol its name
// suggests: "S_PV.8699_Resumption1_E.pdf" → "S/PV.8699 (Resumption 1)",
// "A_60_PV.25_E_N0553261.pdf" → "A/60/PV.25". Files are hashed one at a
// time while streaming. A file that cannot be read, or that is not a PDF
// (no %PDF- in its first KiB: a saved HTML page, a broken download), is
// yielded with its error — the latter wrapping unpv.ErrBadDocument, with
// SHA256 filled in for the quarantine — and the walk goes on; an unreadable
// dir ends it. A .pdf that is not a regular file (a named pipe, a link to a
// device) or is over limit.FileSize is yielded with an error wrapping
// unpv.ErrBadDocument before a byte is read: opening a pipe waits for a
// writer, and a link to /dev/zero never ends.
func LocalPDFs(dir string) iter.Seq2[LocalPDF, error] {
	return func(yield func(LocalPDF, error) bool) {
		stop := fmt.Errorf("stop")
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == dir {
					return err
				}
				if !yield(LocalPDF{Path: p}, fmt.Errorf("local %s: %w", p, err)) {
					return stop
				}
				return nil
			}
			if d.IsDir() || !strings.EqualFold(filepath.Ext(p), ".pdf") {
				return nil
			}
			lp, err := hashLocalPDF(p)
			if !yield(lp, err) {
				return stop
			}
			return nil
		})
		if err != nil && err != stop {
			yield(LocalPDF{Path: dir}, fmt.Errorf("local %s: %w", dir, err))
		}
	}
}

func hashLocalPDF(p string) (LocalPDF, error) {
	lp := LocalPDF{Path: p}
	if sym, ok := un.CanonicalSymbol(filepath.Base(p)); ok {
		lp.Symbol = sym
	}
	f, _, err := limit.Open(p, limit.FileSize)
	if errors.Is(err, limit.ErrNotRegular) || errors.Is(err, limit.ErrTooLarge) {
		return lp, fmt.Errorf("local: %w: %w", unpv.ErrBadDocument, err)
	}
	if err != nil {
		return lp, fmt.Errorf("local %s: %w", p, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return lp, fmt.Errorf("local %s: %w", p, err)
	}
	h := sha256.New()
	head := make([]byte, 1024)
	k, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return lp, fmt.Errorf("local %s: %w", p, err)
	}
	head = head[:k]
	h.Write(head)
	n, err := io.Copy(h, limit.Reader(f, limit.FileSize-int64(k)))
	if err != nil {
		return lp, fmt.Errorf("local %s: %w", p, err)
	}
	lp.SHA256, lp.Bytes, lp.ModTime = hex.EncodeToString(h.Sum(nil)), n+int64(k), st.ModTime()
	if !bytes.Contains(head, []byte("%PDF-")) {
		// A saved challenge page or a broken download with a .pdf name.
		return lp, fmt.Errorf("local %s: %w: not a PDF (no %%PDF- header; starts %q)", p, unpv.ErrBadDocument, snippet(head))
	}
	return lp, nil
}
