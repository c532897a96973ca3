package corpora

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/internal/limit"
)

// ImporterVersion changes whenever an importer would turn the same input
// files into different meetings or speeches. It is part of every
// ImportedMeeting.SHA256 (with un.DelegationTableVersion, since importers
// code speakers with the delegation table), so a new version makes
// incremental runs redo the imported documents and everything downstream.
//
// import-4: page furniture removed from speech text (un.CleanText),
// briefers placed by how the meeting introduces them (un.MarkBriefers),
// general-debate statements dated and placed in their record by its
// running headers.
// import-5: Markdown markup left in converted statements (emphasis,
// headings, bullets, block quotes, thematic breaks) removed by
// un.CleanText.
// import-6: a general-debate statement's forms of address on lines of
// their own end a paragraph (separateAddresses), so they are no longer
// the start of its first sentence.
// import-7: the President's national capacity and on_behalf_of read as
// extract/6 reads them (un.PresidentCountry: "the Democratic Republic of
// the Congo" is COD; un.OnBehalfOf: not from "my delegation aligns itself
// with the statement delivered on behalf of the European Union").
// import-8: a briefer introduced as head of a body "of the Commission …
// of Colombia" is not that State's speaker (un.IntroducedAs).
// import-9: a general-debate statement that numbers its paragraphs, as
// the records did until 1984, is stored without the numbers
// (dropParagraphNumbers); the scans' stamp is furniture (un.CleanText);
// the speakers table's misspelt names are corrected (name errata); a text
// file with a UTF-16 byte order mark is read as UTF-16 (before, as bytes:
// such a statement or speech imported before is replaced).
// import-10: the notice on corrections is furniture in every wording and
// broken over lines (un.CleanText): the interpretation wording over five
// lines stayed in two statements of the General Debate Corpus
// (EST_68_2013, CHE_68_2013), which alone change in ungdc-full; the 1993
// and 1997 wordings are read too. Where it rejoins lines, a word broken
// after a hyphen at a line's end is joined without a space
// (un.JoinHyphenated: "sixty-eighth", not "sixty- eighth"; "interna-" /
// "tional" is "international" where the statement spells it so): 2,586
// statements of ungdc-full change, and the "letter- letter" spellings
// there fall from 12,581 to 8,075 (those left are the corpus's own).
// Every statement's text is tidied, whether or not it held furniture
// (lines a sentence runs on joined, spaces collapsed, a blank line inside
// a sentence gone): 5,039 more statements of ungdc-full change (101 of the
// bundled corpus's 207, 188 of ungdc-subset's 407; no Security Council
// speech), and their sentences fall from 1,139,985 to 1,138,157 (bundled
// 22,570 to 22,371), each a sentence a page break's blank line had cut.
const ImporterVersion = "import-10"

// ImportedMeeting is one meeting record (or one General Assembly session's
// general debate, or one statement of it: Statements) read from a corpus
// the user already holds.
type ImportedMeeting struct {
	Source   string // "unsc-debates" or "ungdc"
	Meeting  unpv.Meeting
	Speeches []unpv.Speech // ordered by Seq
	// Statement is the delegation code when the record holds one
	// general-debate statement of the session Meeting (Statements): it is
	// then stored as a document of its own, beside the session's others.
	Statement string
	Files     []ImportedFile
	// SHA256 covers ImporterVersion, the metadata used and every file's name
	// and bytes: the input hash for incremental runs.
	SHA256 string
	// Problems lists what was guessed or left as the corpus has it (a meeting
	// without a metadata row); the meeting is still usable.
	Problems []string
}

// ImportedFile is one input file of an ImportedMeeting.
type ImportedFile struct {
	Path     string // slash path inside the imported file system
	SHA256   string // of the raw bytes
	Bytes    int
	Encoding string // "utf-8", "utf-16" or "windows-1252"
}

// decodeText returns b as UTF-8 text. A UTF-8 byte order mark is dropped;
// text opening with a UTF-16 byte order mark (what Windows editors save as
// "Unicode") is read as UTF-16; other bytes that are not valid UTF-8 are
// read as Windows-1252, the encoding of the non-UTF-8 files in the UNSC
// Debates corpus (curly quotes as 0x92).
// CRLF line ends become LF. Bytes that are not text (notBinary) are an
// error: every byte sequence decodes as Windows-1252, so without the check
// a zero-filled file (what a crash can leave of one being written) or a
// binary file named like a statement would be stored as a speech.
func decodeText(b []byte) (text, encoding string, err error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	encoding = "utf-8"
	switch {
	case bytes.HasPrefix(b, []byte{0xff, 0xfe}) || bytes.HasPrefix(b, []byte{0xfe, 0xff}):
		// Read as Windows-1252 it was "ÿþ" and a NUL after every letter.
		b, err = xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder().Bytes(b)
		if err != nil {
			return "", "", fmt.Errorf("decode utf-16: %w", err)
		}
		encoding = "utf-16"
	case !utf8.Valid(b):
		b, err = charmap.Windows1252.NewDecoder().Bytes(b)
		if err != nil {
			return "", "", fmt.Errorf("decode windows-1252: %w", err)
		}
		encoding = "windows-1252"
	}
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	if err := notBinary(s); err != nil {
		return "", "", err
	}
	return s, encoding, nil
}

// notBinary says why decoded text s is not text: it holds a NUL byte, or
// more than one character in 100 is a C0 control character (or DEL) other
// than the tab and the line and page breaks. Binary bytes read as
// Windows-1252 give about one in nine; the 10,656 statements of the UN
// General Debate Corpus and the 1,600 2020 Security Council speeches hold
// none but form feeds, and a stray one (a DOS end-of-file mark) is let
// through, so that it costs no meeting. C1 controls are not counted: 27
// statements of the corpus hold a few (7 at most), and text whose UTF-8
// was once read as Latin-1 holds two for every curly quote.
func notBinary(s string) error {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return fmt.Errorf("not text: a NUL byte at offset %d of the text as read", i)
	}
	var n, controls int
	for _, r := range s {
		n++
		if (r < 0x20 || r == 0x7f) && !strings.ContainsRune("\t\n\v\f\r", r) {
			controls++
		}
	}
	if controls > 0 && controls*100 > n {
		return fmt.Errorf("not text: %d of its %d characters are control characters", controls, n)
	}
	return nil
}

// readImportFile reads and decodes one file of at most max bytes (0:
// limit.FileSize) and records it.
func readImportFile(fsys fs.FS, path string, h hash.Hash, max int64) (string, ImportedFile, error) {
	b, err := limit.ReadFile(fsys, path, orDefault(max))
	if err != nil {
		return "", ImportedFile{}, err
	}
	sum := sha256.Sum256(b)
	f := ImportedFile{Path: path, SHA256: hex.EncodeToString(sum[:]), Bytes: len(b)}
	fmt.Fprintf(h, "file\x00%s\x00%s\x00", path, f.SHA256)
	text, enc, err := decodeText(b)
	if err != nil {
		return "", f, fmt.Errorf("%s: %w: %w", path, unpv.ErrBadDocument, err)
	}
	f.Encoding = enc
	return strings.TrimSpace(text), f, nil
}

func orDefault(max int64) int64 {
	if max > 0 {
		return max
	}
	return limit.FileSize
}

// openTable opens a metadata table of fsys: a regular file of at most max
// bytes, read through a reader that stops at max.
func openTable(fsys fs.FS, name string, max int64) (io.Reader, func() error, error) {
	f, _, err := limit.OpenFS(fsys, name, orDefault(max))
	if err != nil {
		return nil, nil, err
	}
	return limit.Reader(f, orDefault(max)), f.Close, nil
}

// dateLayouts are the date spellings seen in corpus metadata and UN tables.
var dateLayouts = []string{
	"2006-01-02", "2 January 2006", "January 2, 2006", "2 Jan 2006", "Jan 2, 2006",
	"02/01/2006", "2006/01/02", "2006-01-02T15:04:05Z07:00", "2006-01-02 15:04:05",
}

// isoDate converts a date as printed to ISO 8601 ("8 January 2020" →
// "2020-01-08"); ok is false when no known layout matches.
func isoDate(s string) (string, bool) {
	s = strings.Join(strings.Fields(s), " ")
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.Format("2006-01-02"), true
		}
	}
	return "", false
}

// table is a small CSV/TSV file read into memory with a case-insensitive
// header lookup.
type table struct {
	header map[string]int
	rows   [][]string
}

func readTable(r io.Reader, sep rune) (*table, error) {
	cr := csv.NewReader(r)
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("empty table")
	}
	t := &table{header: map[string]int{}, rows: recs[1:]}
	for i, h := range recs[0] {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := t.header[h]; !dup {
			t.header[h] = i
		}
	}
	return t, nil
}

// get returns the first of the named columns present in the row.
func (t *table) get(row []string, names ...string) string {
	for _, n := range names {
		if i, ok := t.header[n]; ok && i < len(row) {
			return strings.TrimSpace(row[i])
		}
	}
	return ""
}

func (t *table) has(names ...string) bool {
	for _, n := range names {
		if _, ok := t.header[n]; ok {
			return true
		}
	}
	return false
}

func atoiOr(s string, def int) int {
	if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil {
		return n
	}
	return def
}
