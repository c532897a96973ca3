package corpora

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGuessFormat(t *testing.T) {
	empty := t.TempDir()
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "notes.md"), []byte("x"), 0o644)
	// A UNGDC file the old, narrower guess missed: a four-letter code.
	ungdc := t.TempDir()
	os.WriteFile(filepath.Join(ungdc, "PSE_73_2018.txt"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(ungdc, "EU_73_2018.txt"), []byte("x"), 0o644)
	for _, tt := range []struct {
		path, want string
	}{
		{"testdata/unsc-debates", FormatUNSCDebates},
		{"testdata/ungdc", FormatUNGDC},
		{"testdata/pdf", FormatPDF},
		{"testdata/pdf/S_PV.3756_E.pdf", FormatPDF},
		{ungdc, FormatUNGDC},
	} {
		if got, err := GuessFormat(tt.path); err != nil || got != tt.want {
			t.Errorf("GuessFormat(%s) = %q, %v; want %q", tt.path, got, err, tt.want)
		}
	}
	for _, p := range []string{empty, other, "testdata/dhl/scact2020_covid_table_en.html"} {
		if got, err := GuessFormat(p); !errors.Is(err, ErrUnknownFormat) {
			t.Errorf("GuessFormat(%s) = %q, %v; want ErrUnknownFormat", p, got, err)
		}
	}
}

// TestIsRecordFile: the PDF import takes PDFs and engine text, not the
// .txt files another importer's name rule claims (`import --format pdf`
// over ungdc-subset took its 408 statements as records, all quarantined).
func TestIsRecordFile(t *testing.T) {
	for _, tt := range []struct {
		name string
		want bool
	}{
		{"S_PV.8422_E.pdf", true},
		{"r/S_PV.8422_E.PDF", true},
		{"A_48_PV.46_E.pdftotext-layout.txt", true},
		{"S_PV.8422_E.txt", true},
		{"focus_2014-2024/ARM_69_2014.txt", false},
		{"EU_73_2018.txt", false},
		{"speeches_txt_2020/UNSC_2020_SPV.8699Resumption1_spch001.txt", false},
		{"notes.md", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsRecordFile(tt.name); got != tt.want {
				t.Errorf("IsRecordFile(%q) = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
	// One statement file given alone is refused, naming the format of its folder.
	p := filepath.Join(t.TempDir(), "ARM_69_2014.txt")
	os.WriteFile(p, []byte("x"), 0o644)
	if _, err := GuessFormat(p); !errors.Is(err, ErrUnknownFormat) || !strings.Contains(err.Error(), "--format ungdc") {
		t.Errorf("GuessFormat(%s): %v; want ErrUnknownFormat naming --format ungdc", p, err)
	}
}
