// Package bundled ships unpv's default corpus inside the binary: the 2020
// Security Council speeches (UN Security Council Debates format), the
// 2014–2024 general-debate statements of CSTO/CIS/SCO members, their critics
// and the P5 (UNGDC), and three record PDFs. See PROVENANCE.md.
package bundled

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"sync"
)

//go:embed unsc-2020-speeches.zip ungdc-focus-2014-2024.zip pdf/*.pdf
var files embed.FS

func openZip(name string) (fs.FS, error) {
	b, err := files.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return zip.NewReader(bytes.NewReader(b), int64(len(b)))
}

// UNSCSpeeches is the 2020 Security Council per-speech corpus:
// meetings_2020.csv at the root and speeches_txt_2020/UNSC_2020_*.txt.
func UNSCSpeeches() (fs.FS, error) { return openZip("unsc-2020-speeches.zip") }

// UNGDC is the general-debate subset: Speakers_by_session.csv at the root
// and focus_2014-2024/CODE_SESSION_YEAR.txt.
func UNGDC() (fs.FS, error) { return openZip("ungdc-focus-2014-2024.zip") }

// PDFs holds the bundled verbatim-record PDFs at its root.
func PDFs() fs.FS {
	sub, err := fs.Sub(files, "pdf")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	return sub
}

var hashOnce = sync.OnceValue(func() string {
	h := sha256.New()
	fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		h.Write([]byte(p + "\x00"))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))
})

// Hash identifies this build's bundled corpus: a run whose recorded hash
// matches need not re-import it.
func Hash() string { return hashOnce() }
