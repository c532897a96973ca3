package corpora

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Import formats: the corpora the importers read.
const (
	FormatUNSCDebates = "unsc-debates" // ImportUNSCDebates: UNSC_<year>_SPV.<n>_spch<seq>.txt
	FormatUNGDC       = "ungdc"        // ImportUNGDC: CODE_SESSION_YEAR.txt
	FormatPDF         = "pdf"          // record files: *.pdf, or pdftotext/mutool *.txt
)

// Formats lists the import formats.
var Formats = []string{FormatUNSCDebates, FormatUNGDC, FormatPDF}

// ErrUnknownFormat is returned by GuessFormat when no importer recognises
// the files.
var ErrUnknownFormat = errors.New("unknown import format")

// IsRecordFile reports whether a file name is a record file the PDF import
// takes: a PDF, or the text an engine made of one. A .txt file the other
// importers' name rules claim (a UNSC Debates speech file, a UNGDC statement
// file) is not: `import --format pdf` over a folder of statements took every
// one as a record, and extract quarantined them all.
func IsRecordFile(name string) bool {
	switch base := path.Base(name); strings.ToLower(path.Ext(base)) {
	case ".pdf":
		return true
	case ".txt":
		return otherImporter(base) == ""
	}
	return false
}

// otherImporter names the importer whose file-name rule claims a .txt file
// other than the PDF import's, or "".
func otherImporter(base string) string {
	switch {
	case unscFileRe.MatchString(base):
		return FormatUNSCDebates
	case ungdcFileRe.MatchString(base):
		return FormatUNGDC
	}
	return ""
}

// GuessFormat tells which importer reads p, by the importers' own file-name
// rules: a single file is a record file; in a folder, the format whose
// files are most numerous wins (UNSC Debates speech files, UNGDC statement
// files, PDFs).
func GuessFormat(p string) (string, error) {
	info, err := os.Stat(p)
	if err != nil {
		return "", err
	}
	if !info.IsDir() {
		if IsRecordFile(p) {
			return FormatPDF, nil
		}
		if f := otherImporter(filepath.Base(p)); f != "" {
			return "", fmt.Errorf("%s: %w: one of the %s: import its folder (--format %s)", p, ErrUnknownFormat, FormatFiles[f], f)
		}
		return "", fmt.Errorf("%s: %w: not a .pdf or .txt record file", p, ErrUnknownFormat)
	}
	counts := CountFormats(p)
	best, n := "", 0
	for _, f := range Formats {
		if counts[f] > n {
			best, n = f, counts[f]
		}
	}
	if best == "" {
		return "", fmt.Errorf("%s: %w: no UNSC_*_spch*.txt, CODE_SESSION_YEAR.txt or *.pdf files", p, ErrUnknownFormat)
	}
	return best, nil
}

// CountFormats counts the files under the folder p that each importer
// takes, by its file-name rule: FormatPDF counts *.pdf files, and the key
// "txt" other *.txt files (engine output the PDF import also takes, but
// which do not decide a guess).
func CountFormats(p string) map[string]int {
	counts := map[string]int{}
	filepath.WalkDir(p, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		switch n := d.Name(); {
		case otherImporter(n) != "":
			counts[otherImporter(n)]++
		case strings.EqualFold(path.Ext(n), ".pdf"):
			counts[FormatPDF]++
		case strings.EqualFold(path.Ext(n), ".txt"):
			counts["txt"]++
		}
		return nil
	})
	return counts
}

// FormatFiles describes the files of a format, for messages.
var FormatFiles = map[string]string{
	FormatUNSCDebates: "UNSC_YEAR_SPV.N_spchNNN.txt speech files",
	FormatUNGDC:       "CODE_SESSION_YEAR.txt statement files",
	FormatPDF:         "*.pdf or *.txt record files",
}
