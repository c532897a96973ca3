package corpora

import (
	"errors"
	"os"
	"path/filepath"
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
