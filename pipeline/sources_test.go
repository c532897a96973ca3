package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/corpora"
	"github.com/unpv/unpv/store"
)

// TestImportPDFsBounded is issue 14's import reproductions: a folder whose
// .pdf files include a link to /dev/zero (grew to 9.4 GB in 10 s), a
// dangling link (aborted the import) and a file over the size limit. Each
// bad file is skipped before it is read; the good one is imported.
func TestImportPDFsBounded(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links and /dev/zero")
	}
	dir := t.TempDir()
	pdf, err := os.ReadFile("../testdata/extract/S_PV.8422_p2.pdf")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "S_PV.8422_E.pdf"), pdf, 0o644)
	os.WriteFile(filepath.Join(dir, "S_PV.1_E.pdf"), make([]byte, 256<<10), 0o644)
	os.Symlink("/dev/zero", filepath.Join(dir, "S_PV.2_E.pdf"))
	os.Symlink(filepath.Join(dir, "gone.pdf"), filepath.Join(dir, "S_PV.3_E.pdf"))
	os.WriteFile(filepath.Join(dir, "notes.md"), []byte("not a record"), 0o644)

	data := t.TempDir()
	src, err := PathSource(dir, PathOptions{MaxFileSize: 200 << 10})
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	changed, unchanged, err := src.Run(context.Background(), st, data)
	st.Close()
	// The run log counts them too; they were only in the error text.
	sum, rerr := Run(context.Background(), Options{DataDir: t.TempDir(), Sources: []Source{src}})
	if !errors.Is(rerr, unpv.ErrBadDocument) || sum == nil || len(sum.Stages) != 1 || sum.Stages[0].Failed != 3 {
		t.Errorf("run: %v, %+v; want 3 failed in the tally", rerr, sum)
	}
	st, oerr := store.Open(context.Background(), data)
	if oerr != nil {
		t.Fatal(oerr)
	}
	defer st.Close()
	var bad *BadInputs
	if !errors.As(err, &bad) || bad.Bad != 3 || bad.Of != 4 || changed != 1 || unchanged != 0 {
		t.Fatalf("import: %d changed, %d unchanged, err %v; want 1 imported and 3 of 4 bad", changed, unchanged, err)
	}
	if !errors.Is(err, unpv.ErrBadDocument) {
		t.Errorf("bad inputs do not wrap ErrBadDocument: %v", err)
	}
	srcs, _ := st.Sources(context.Background())
	if len(srcs) != 1 || srcs[0].Document != "pdf:S/PV.8422" || srcs[0].Bytes != int64(len(pdf)) {
		t.Errorf("sources: %+v", srcs)
	}
	// Nothing of the skipped files reached the raw store.
	var files []string
	filepath.WalkDir(filepath.Join(data, "raw"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	if len(files) != 1 {
		t.Errorf("raw store holds %v", files)
	}
}

// TestImportMeetingsCountsBad: a meeting or statement the importer could
// not read is counted as a bad input (BadInputs: exit 3, the run log's
// failed column), never dropped silently. Real speech and statement files,
// one meeting made bad by a speech number in two folders, one statement by
// the size limit.
func TestImportMeetingsCountsBad(t *testing.T) {
	copyFile := func(t *testing.T, from, to string) {
		t.Helper()
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const unsc, ungdc = "../corpora/testdata/unsc-debates", "../corpora/testdata/ungdc"
	tests := []struct {
		format string
		files  map[string]string // in the folder → from
		want   BadInputs
		input  string // the skipped input the summary names
		reason string // in its reason
	}{
		{corpora.FormatUNSCDebates, map[string]string{
			"UNSC_2020_SPV.8711_spch001.txt":   unsc + "/UNSC_2020_SPV.8711_spch001.txt",
			"UNSC_2020_SPV.8698_spch001.txt":   unsc + "/UNSC_2020_SPV.8698_spch001.txt",
			"b/UNSC_2020_SPV.8698_spch001.txt": unsc + "/UNSC_2020_SPV.8698_spch002.txt",
		}, BadInputs{Bad: 1, Of: 2}, "S/PV.8698", "speech 1 in both UNSC_2020_SPV.8698_spch001.txt and b/UNSC_2020_SPV.8698_spch001.txt"},
		{corpora.FormatUNGDC, map[string]string{
			"KAZ_73_2018.txt": ungdc + "/KAZ_73_2018.txt",
			"RUS_73_2018.txt": ungdc + "/RUS_73_2018.txt",
			"UKR_73_2018.txt": ungdc + "/UKR_73_2018.txt",
		}, BadInputs{Bad: 1, Of: 3}, "A/73/PV (general debate)", "UKR_73_2018.txt: 18.4 KiB, over the size limit"},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			dir := t.TempDir()
			for to, from := range tt.files {
				copyFile(t, from, filepath.Join(dir, to))
			}
			// The limit lets every file in but Ukraine's statement.
			ukr, _ := os.Stat(filepath.Join(dir, "UKR_73_2018.txt"))
			limit := int64(1 << 30)
			if ukr != nil {
				limit = ukr.Size() - 1
			}
			src, err := PathSource(dir, PathOptions{Format: tt.format, MaxFileSize: limit})
			if err != nil {
				t.Fatal(err)
			}
			sum, err := Run(context.Background(), Options{DataDir: t.TempDir(), Sources: []Source{src}})
			var bad *BadInputs
			if !errors.As(err, &bad) {
				t.Fatalf("run: %v, want bad inputs", err)
			}
			if diff := cmp.Diff(tt.want, *bad, cmpopts.IgnoreFields(BadInputs{}, "Inputs")); diff != "" {
				t.Errorf("bad inputs (-want +got):\n%s", diff)
			}
			// Which inputs, and why, reach the run's summary (import --json).
			if len(sum.Skipped) != 1 || sum.Skipped[0].Input != tt.input || !strings.Contains(sum.Skipped[0].Reason, tt.reason) ||
				sum.Skipped[0].Stage != sum.Stages[0].Stage || len(bad.Inputs) != 1 {
				t.Errorf("skipped inputs: %+v in the summary, %+v in the error; want %s, %q", sum.Skipped, bad.Inputs, tt.input, tt.reason)
			}
			if sum.Stages[0].Failed != tt.want.Bad {
				t.Errorf("run log: %d failed, want %d", sum.Stages[0].Failed, tt.want.Bad)
			}
		})
	}
}

// TestImportPDFsLeavesOutNotes: a README.txt beside the records was
// imported as a record, and extract then quarantined it; a text file whose
// name gives no symbol is taken only when its start reads like a record.
func TestImportPDFsLeavesOutNotes(t *testing.T) {
	dir := t.TempDir()
	pdf, err := os.ReadFile("../testdata/extract/S_PV.8422_p2.pdf")
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string][]byte{
		"S_PV.8422_E.pdf":   pdf,
		"meeting-1993.txt":  []byte("United Nations\n\n46th\nPLENARY MEETING\n\nGENERAL\nASSEMBLY\n\nMonday, 1 November 1993\n"),
		"S_PV.8711_E.txt":   []byte("The President: I call on the representative of Viet Nam.\n"),
		"README.txt":        []byte("Records downloaded on 2026-12-01; converted with pdftotext -layout.\n"),
		"notes/to-read.txt": []byte("check the ASEAN debate\n"),
	} {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data := t.TempDir()
	st, err := store.Open(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stats, err := ImportPDFs(context.Background(), st, data, os.DirFS(dir), dir, OriginLocal, 0)
	if err != nil || stats.Bad != 0 {
		t.Fatalf("import: %+v, %v", stats, err)
	}
	var got []string
	srcs, _ := st.Sources(context.Background())
	for _, s := range srcs {
		got = append(got, s.Document)
	}
	slices.Sort(got)
	if want := []string{"pdf:S/PV.8422", "pdf:S/PV.8711", "pdf:meeting-1993.txt"}; !slices.Equal(got, want) {
		t.Errorf("imported %q, want %q", got, want)
	}
}

// TestImportPDFsOneKeyTwice is the walkthrough's lost record: two files
// of one document key in a folder (record.pdf in two subfolders, a record's
// PDF beside its pdftotext text) were both stored under the key, the last
// replacing the first without a word, and every import of the unchanged
// folder counted both as changed. Now one is imported, a second of other
// bytes is a bad input naming the first unless it is a text of the same
// record, a copy of a file under any name is left out with a warning, and
// importing the folder again changes nothing.
// twoRecordPDFs returns two real records' PDFs of other bytes: a page of
// S/PV.8422 and S/PV.3756.
func twoRecordPDFs(t *testing.T) (pdf, other []byte) {
	t.Helper()
	var err error
	if pdf, err = os.ReadFile("../testdata/extract/S_PV.8422_p2.pdf"); err != nil {
		t.Fatal(err)
	}
	if other, err = os.ReadFile("../corpora/testdata/pdf/S_PV.3756_E.pdf"); err != nil {
		t.Fatal(err)
	}
	return pdf, other
}

func TestImportPDFsOneKeyTwice(t *testing.T) {
	pdf, other := twoRecordPDFs(t)
	text := []byte("United Nations S/PV.8422 Security Council\nThe President: I call on the representative of Viet Nam.\n")
	for _, tc := range []struct {
		name    string
		files   map[string][]byte
		want    map[string]string // document → the file it holds
		bad     int
		warning string
	}{
		{"one name in two folders", map[string][]byte{"a/record.pdf": pdf, "b/record.pdf": other},
			map[string]string{"pdf:record.pdf": "a/record.pdf"}, 1,
			"b/record.pdf is document pdf:record.pdf, as a/record.pdf is in this import, with other content"},
		// A text of a record whose PDF (or another text) the import takes
		// is the same record, no bad input: counted bad, the shared
		// samples' verbatim-pdf/ beside verbatim-pdftotext/ exited 3.
		{"a PDF and its text", map[string][]byte{"S_PV.8422_E.pdf": pdf, "S_PV.8422_E.txt": text},
			map[string]string{"pdf:S/PV.8422": "S_PV.8422_E.pdf"}, 0,
			"S_PV.8422_E.txt is a text of document pdf:S/PV.8422, which S_PV.8422_E.pdf gives in this import"},
		{"two texts of a record", map[string][]byte{"S_PV.8422_E.pdftotext.txt": text, "S_PV.8422_E.pdftotext-layout.txt": append(text, '\n')},
			map[string]string{"pdf:S/PV.8422": "S_PV.8422_E.pdftotext-layout.txt"}, 0,
			"S_PV.8422_E.pdftotext.txt is a text of document pdf:S/PV.8422, which S_PV.8422_E.pdftotext-layout.txt gives"},
		// Two PDFs of one symbol and other bytes: which is the record is
		// for the user to say.
		{"two PDFs of one symbol", map[string][]byte{"a/S_PV.8422_E.pdf": pdf, "b/S_PV.8422_E.pdf": other},
			map[string]string{"pdf:S/PV.8422": "a/S_PV.8422_E.pdf"}, 1,
			"b/S_PV.8422_E.pdf is document pdf:S/PV.8422, as a/S_PV.8422_E.pdf is in this import, with other content"},
		{"a copy", map[string][]byte{"2018/S_PV.8422_E.pdf": pdf, "copy/S_PV.8422_E.pdf": pdf},
			map[string]string{"pdf:S/PV.8422": "2018/S_PV.8422_E.pdf"}, 0,
			"copy/S_PV.8422_E.pdf holds the same bytes as 2018/S_PV.8422_E.pdf (document pdf:S/PV.8422)"},
		// As a document of its own, the copy clashed with the record's
		// speeches: quarantined, and extracted again by every run.
		{"a copy under another name", map[string][]byte{"S_PV.8422_E.pdf": pdf, "dup-of-8422.pdf": pdf},
			map[string]string{"pdf:S/PV.8422": "S_PV.8422_E.pdf"}, 0,
			"dup-of-8422.pdf holds the same bytes as S_PV.8422_E.pdf (document pdf:S/PV.8422)"},
		// Taken in walk order, the nameless copy was the document
		// (pdf:copy.pdf, its symbol unknown) and the record left out, and
		// a text before its PDF made the PDF the bad input.
		{"a nameless copy first in the walk", map[string][]byte{"archive/copy.pdf": pdf, "records/S_PV.8422_E.pdf": pdf},
			map[string]string{"pdf:S/PV.8422": "records/S_PV.8422_E.pdf"}, 0,
			"archive/copy.pdf holds the same bytes as records/S_PV.8422_E.pdf (document pdf:S/PV.8422)"},
		{"a text before its PDF", map[string][]byte{"a/S_PV.8422_E.txt": text, "b/S_PV.8422_E.pdf": pdf},
			map[string]string{"pdf:S/PV.8422": "b/S_PV.8422_E.pdf"}, 0,
			"a/S_PV.8422_E.txt is a text of document pdf:S/PV.8422, which b/S_PV.8422_E.pdf gives in this import"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, body := range tc.files {
				p := filepath.Join(dir, filepath.FromSlash(name))
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, body, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var logs bytes.Buffer
			defer slog.SetDefault(slog.Default())
			slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))
			data := t.TempDir()
			st, err := store.Open(context.Background(), data)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			for i, want := range []ImportStats{{Changed: 1, Bad: tc.bad}, {Unchanged: 1, Bad: tc.bad}} {
				stats, err := ImportPDFs(context.Background(), st, data, os.DirFS(dir), dir, OriginLocal, 0)
				stats.Documents = nil
				if len(stats.Skipped) != stats.Bad {
					t.Errorf("import %d: %d bad, skipped %+v", i+1, stats.Bad, stats.Skipped)
				}
				stats.Skipped = nil
				if diff := cmp.Diff(want, stats); err != nil || diff != "" {
					t.Errorf("import %d: %v; stats (-want +got):\n%s", i+1, err, diff)
				}
			}
			got := map[string]string{}
			srcs, _ := st.Sources(context.Background())
			for _, s := range srcs {
				got[s.Document] = strings.TrimPrefix(s.URL, dir+"/")
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("documents (-want +got):\n%s", diff)
			}
			if !strings.Contains(logs.String(), tc.warning) {
				t.Errorf("log lacks %q:\n%s", tc.warning, logs.String())
			}
		})
	}
}

// TestImportPDFsKeepsStoredFile: a later import that adds a file of an
// imported file's key, sorting before it (0/record.pdf beside
// a/record.pdf), keeps the document the store holds and skips the new
// file as the bad input; in walk order the new file replaced the record.
func TestImportPDFsKeepsStoredFile(t *testing.T) {
	pdf, other := twoRecordPDFs(t)
	dir, data := t.TempDir(), t.TempDir()
	write := func(name string, body []byte) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st, err := store.Open(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	write("a/record.pdf", pdf)
	if _, err := ImportPDFs(context.Background(), st, data, os.DirFS(dir), dir, OriginLocal, 0); err != nil {
		t.Fatal(err)
	}
	write("0/record.pdf", other)
	stats, err := ImportPDFs(context.Background(), st, data, os.DirFS(dir), dir, OriginLocal, 0)
	stats.Documents = nil
	if want := dir + "/0/record.pdf"; len(stats.Skipped) != 1 || stats.Skipped[0].Input != want {
		t.Errorf("skipped %+v, want %s", stats.Skipped, want)
	}
	stats.Skipped = nil
	if diff := cmp.Diff(ImportStats{Unchanged: 1, Bad: 1}, stats); err != nil || diff != "" {
		t.Errorf("second import: %v; stats (-want +got):\n%s", err, diff)
	}
	src, err := st.Source(context.Background(), "pdf:record.pdf")
	if err != nil || src.URL != dir+"/a/record.pdf" {
		t.Errorf("pdf:record.pdf is %s (%v), want the file first imported, a/record.pdf", src.URL, err)
	}
}

// TestPathSourceFormatMismatch: `import --format ungdc` on a folder of
// PDFs imported nothing and exited 0; now it is refused before anything
// runs, naming what the folder holds.
func TestPathSourceFormatMismatch(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "S_PV.8422_E.pdf"), []byte("%PDF-1.4"), 0o644)
	_, err := PathSource(dir, PathOptions{Format: corpora.FormatUNGDC})
	if !errors.Is(err, corpora.ErrUnknownFormat) || !strings.Contains(err.Error(), "--format pdf") {
		t.Errorf("ungdc over PDFs: %v", err)
	}
	if _, err := PathSource(dir, PathOptions{Format: corpora.FormatPDF}); err != nil {
		t.Errorf("pdf over PDFs: %v", err)
	}
	empty := t.TempDir()
	if _, err := PathSource(empty, PathOptions{Format: corpora.FormatPDF}); !errors.Is(err, corpora.ErrUnknownFormat) {
		t.Errorf("pdf over an empty folder: %v", err)
	}
}

// TestPathSourcePDFTakesRecordsOnly: `import --format pdf` over a folder
// that also holds statement and speech files (ungdc-subset: 408 statements
// and a README) imports the record files alone; it imported every .txt as
// a record, and extract quarantined the 408 statements ("no meeting symbol
// found").
func TestPathSourcePDFTakesRecordsOnly(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"S_PV.8422_E.pdf", "A_48_PV.46_E.pdftotext.txt", "focus/ARM_69_2014.txt", "focus/EU_73_2018.txt",
		"UNSC_2020_SPV.8711_spch001.txt"} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src, err := PathSource(dir, PathOptions{Format: corpora.FormatPDF})
	if err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	st, err := store.Open(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, _, err := src.Run(context.Background(), st, data); err != nil {
		t.Fatal(err)
	}
	srcs, err := st.Sources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range srcs {
		got = append(got, filepath.Base(s.URL))
	}
	slices.Sort(got)
	if diff := cmp.Diff([]string{"A_48_PV.46_E.pdftotext.txt", "S_PV.8422_E.pdf"}, got); diff != "" {
		t.Errorf("imported (-want +got):\n%s", diff)
	}
}

// TestPathSourceWarnsLeftOut: a folder whose format is guessed but which
// also holds another format's files (../shared/corpora: 1,600 speech files,
// 20 PDFs, 407 statements) imports the most numerous and now warns of the
// others, naming the --format that imports them; it said nothing.
func TestPathSourceWarnsLeftOut(t *testing.T) {
	tests := []struct {
		name   string
		files  []string
		format string
		want   []string // left_out values warned of
	}{
		{"speeches, a statement and a PDF", []string{"UNSC_2020_SPV.8711_spch001.txt", "UNSC_2020_SPV.8711_spch002.txt", "ARM_75_2020.txt", "r/S_PV.8422_E.pdf"},
			"", []string{"1 CODE_SESSION_YEAR.txt statement files", "1 *.pdf or *.txt record files"}},
		{"PDFs and their text", []string{"S_PV.8422_E.pdf", "S_PV.8422_E.txt", "README.txt"}, "", nil},
		{"format given", []string{"UNSC_2020_SPV.8711_spch001.txt", "S_PV.8422_E.pdf"}, "pdf", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range tt.files {
				p := filepath.Join(dir, filepath.FromSlash(f))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var logs bytes.Buffer
			if _, err := PathSource(dir, PathOptions{Format: tt.format, Logger: slog.New(slog.NewJSONHandler(&logs, nil))}); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
				var rec struct {
					LeftOut string `json:"left_out"`
				}
				if l != "" && json.Unmarshal([]byte(l), &rec) == nil && rec.LeftOut != "" {
					got = append(got, rec.LeftOut)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("warned of (-want +got):\n%s\nlogs:\n%s", diff, logs.String())
			}
		})
	}
}

// TestBundledRawFilesRestored: with DATA/raw lost (a clean-up, a backup of
// the store alone), a run writes the bundled documents' raw files again,
// changing no document. It found the bundle unchanged and left them
// missing, so every later extraction of them (a --force, an extractor
// upgrade) failed with "no such file" and "retried next run", for ever.
func TestBundledRawFilesRestored(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	opt := Options{DataDir: dir, Sources: []Source{BundledSource()}, Logger: slog.New(slog.DiscardHandler)}
	if _, err := Run(ctx, opt); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(dir, "raw")); err != nil {
		t.Fatal(err)
	}
	// status --check sees it (it said all was well).
	status, err := ReadStatus(ctx, dir, 1, true)
	if err != nil || !strings.HasPrefix(status.Raw, "293 of 293 files missing") {
		t.Errorf("status --check with DATA/raw lost: raw %q, %v", status.Raw, err)
	}
	sum, err := Run(ctx, opt)
	if err != nil {
		t.Fatal(err)
	}
	if got := tally(sum)["import"]; got[0] != 0 || got[1] == 0 {
		t.Errorf("import after DATA/raw was lost: %v, want nothing changed", got)
	}
	st, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srcs, err := st.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	missing := 0
	for _, s := range srcs {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(s.RawPath))); err != nil {
			missing++
		}
	}
	if missing > 0 || len(srcs) == 0 {
		t.Errorf("%d of %d raw files missing after the run", missing, len(srcs))
	}
	if status, err := ReadStatus(ctx, dir, 1, true); err != nil || status.Raw != "ok: 293 files" {
		t.Errorf("status --check after the run: raw %q, %v", status.Raw, err)
	}
}

// TestRemoveWithQuarantinedDocuments: documents still quarantined after
// import --remove make its rebuild a partial run, in the run log and in
// the error (exit 3), as they make a run and an index; removing the
// quarantined document itself leaves none, and the run is ok. Before, the
// run log said partial while the command exited 0.
func TestRemoveWithQuarantinedDocuments(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	fc := testCorpus()
	fc["S/PV.8730"] = []string{"BAD scan"} // quarantined by extract
	if _, err := runFake(t, dir, fc, &fakeStages{extractVersion: "e1", classifyVersion: "c1"}); !errors.Is(err, unpv.ErrBadDocument) {
		t.Fatalf("run: %v, want one quarantined", err)
	}
	lastRun := func(t *testing.T) store.Run {
		t.Helper()
		st, err := store.OpenExisting(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		runs, err := st.Runs(ctx, 1)
		if err != nil || len(runs) != 1 {
			t.Fatalf("runs: %v %v", runs, err)
		}
		return runs[0]
	}
	for _, tt := range []struct {
		doc         string
		wantPartial bool
		wantStatus  string
	}{
		{"test:S/PV.8711", true, store.RunPartial},
		{"test:S/PV.8730", false, store.RunOK},
	} {
		t.Run(tt.doc, func(t *testing.T) {
			var removed []string
			err := RemoveDocuments(ctx, dir, []string{tt.doc}, func(d string) { removed = append(removed, d) })
			var pe *PartialError
			if got := errors.As(err, &pe); got != tt.wantPartial || (err != nil && !got) {
				t.Fatalf("remove %s: %v, want partial %v", tt.doc, err, tt.wantPartial)
			}
			if tt.wantPartial && (pe.Quarantined != 1 || !errors.Is(err, unpv.ErrBadDocument)) {
				t.Errorf("remove %s: %+v, want 1 quarantined, wrapping ErrBadDocument", tt.doc, pe)
			}
			if d := cmp.Diff([]string{tt.doc}, removed); d != "" {
				t.Errorf("removed (-want +got):\n%s", d)
			}
			if r := lastRun(t); r.Status != tt.wantStatus || !strings.HasPrefix(r.Command, "import --remove") {
				t.Errorf("run log: %q %q, want %q", r.Command, r.Status, tt.wantStatus)
			}
		})
	}
}

// TestSetSymbolEmergencySession: a record whose cover and name give no
// symbol takes its source's; an emergency special session's symbol
// gives the meeting its emergency session and, as it names no regular
// session, the session of its date, as the extract stage gives it from a
// cover that prints the symbol.
func TestSetSymbolEmergencySession(t *testing.T) {
	ex := &store.Extraction{Meeting: unpv.Meeting{Body: unpv.GeneralAssembly, Date: "2022-02-28", Pages: 3},
		Speeches: []unpv.Speech{{Seq: 1, Body: unpv.GeneralAssembly}}}
	setSymbol(ex, "A/ES-11/PV.1")
	want := unpv.Meeting{Symbol: "A/ES-11/PV.1", Body: unpv.GeneralAssembly, Meeting: "A/ES-11/PV.1", Session: 76, Emergency: 11,
		Date: "2022-02-28", Pages: 3}
	if d := cmp.Diff(want, ex.Meeting); d != "" {
		t.Errorf("meeting (-want +got):\n%s", d)
	}
	if sp := ex.Speeches[0]; sp.ID != "A/ES-11/PV.1#1" || sp.Meeting != "A/ES-11/PV.1" {
		t.Errorf("speech %+v", sp)
	}
}
