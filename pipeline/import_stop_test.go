package pipeline

import (
	"context"
	"errors"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/unpv/unpv/corpora"
	"github.com/unpv/unpv/corpora/bundled"
	"github.com/unpv/unpv/store"
)

// TestImportMeetingsStopsItsReader: when ImportMeetings returns early (here
// on an importer's error that is not the input's fault), the importer it
// was reading has stopped and its workers have written their last file:
// nothing of the call runs after it. Its reading goroutine went on into
// the next meeting, and its workers went on writing DATA/raw, after it
// returned.
func TestImportMeetingsStopsItsReader(t *testing.T) {
	gd, err := bundled.UNGDC()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "data")
	ctx := context.Background()
	st, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	errDisk := errors.New("disk failed")
	var reading atomic.Bool
	seq := func(yield func(corpora.ImportedMeeting, error) bool) {
		reading.Store(true)
		defer reading.Store(false)
		for m, err := range corpora.ImportUNGDC(gd, corpora.UNGDCOptions{}) {
			if !yield(m, err) || !yield(corpora.ImportedMeeting{}, errDisk) {
				return
			}
			// The next meeting is slow to read: ImportMeetings has
			// returned errDisk meanwhile.
			time.Sleep(time.Second)
		}
	}
	if _, err := ImportMeetings(ctx, st, dir, seq, OriginImport); !errors.Is(err, errDisk) {
		t.Fatalf("ImportMeetings: %v, want the importer's error", err)
	}
	if reading.Load() {
		t.Error("the importer was still being read after ImportMeetings returned")
	}
}
