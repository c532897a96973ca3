package store

import (
	"context"
	"strings"
	"testing"
)

// nightlyYears is how long BenchmarkRunLog's cron job has run: three
// years of nightly runs.
const nightlyYears = 3

// logNights writes n nightly runs as `unpv run` with a saved selection
// logs them: six stages, a fetch that fails on one night in thirty (with
// its error text, as the run log keeps it), and prunes after each to keep
// runs when keep > 0.
func logNights(b *testing.B, s *Store, n, keep int) {
	b.Helper()
	ctx := context.Background()
	errText := "fetch: 3 of 40 downloads failed and will be retried next run; first: get S/PV.9512: HTTP 503 Service Unavailable " +
		strings.Repeat("(after 5 attempts) ", 8)
	for i := range n {
		id, err := s.StartRun(ctx, "run --json", 4242)
		if err != nil {
			b.Fatal(err)
		}
		status, text, failed := RunOK, "", 0
		if i%30 == 0 {
			status, text, failed = RunFailed, errText, 3
		}
		stages := []RunStage{{Stage: "fetch", Processed: 2, Skipped: 38, Failed: failed}, {Stage: "import", Skipped: 212},
			{Stage: StageExtract, Processed: 2, Skipped: 250}, {Stage: StageClassify, Processed: 2, Skipped: 250},
			{Stage: "index", Processed: 1}, {Stage: "report", Processed: 1}}
		if err := s.FinishRun(ctx, id, status, text, stages); err != nil {
			b.Fatal(err)
		}
		if keep > 0 {
			if _, err := s.PruneRuns(ctx, keep); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// runLogSize is the run log's rows and the store's bytes in use (pages
// not free), after a checkpoint.
func runLogSize(b *testing.B, s *Store) (rows, used int64) {
	b.Helper()
	ctx := context.Background()
	if _, err := s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		b.Fatal(err)
	}
	var pages, free, size int64
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM runs) + (SELECT COUNT(*) FROM run_stages) + (SELECT COUNT(*) FROM run_skipped),
		(SELECT page_count FROM pragma_page_count), (SELECT freelist_count FROM pragma_freelist_count), (SELECT page_size FROM pragma_page_size)`).
		Scan(&rows, &pages, &free, &size)
	if err != nil {
		b.Fatal(err)
	}
	return rows, (pages - free) * size
}

// BenchmarkRunLog measures the run log of three years of nightly runs:
// kept whole (as before PruneRuns), pruned every night to the default
// (what `unpv run` does), and the time of one PruneRuns over a three-year
// log kept whole until then (the first run of a new unpv), reported with
// the rows and the store's bytes in use (the empty store's are part of
// them).
func BenchmarkRunLog(b *testing.B) {
	ctx := context.Background()
	nights := nightlyYears * 365
	for _, bc := range []struct {
		name string
		keep int
	}{{"kept-whole", 0}, {"pruned-nightly", DefaultKeepRuns}} {
		b.Run(bc.name, func(b *testing.B) {
			for range b.N {
				s, err := Open(ctx, b.TempDir())
				if err != nil {
					b.Fatal(err)
				}
				logNights(b, s, nights, bc.keep)
				b.StopTimer()
				rows, used := runLogSize(b, s)
				b.ReportMetric(float64(rows), "rows")
				b.ReportMetric(float64(used), "bytes")
				s.Close()
				b.StartTimer()
			}
		})
	}
	b.Run("prune-once", func(b *testing.B) {
		for range b.N {
			b.StopTimer()
			s, err := Open(ctx, b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			logNights(b, s, nights, 0)
			b.StartTimer()
			n, err := s.PruneRuns(ctx, DefaultKeepRuns)
			b.StopTimer()
			if err != nil || n != nights-DefaultKeepRuns {
				b.Fatalf("PruneRuns: %d runs deleted, %v; want %d", n, err, nights-DefaultKeepRuns)
			}
			rows, used := runLogSize(b, s)
			b.ReportMetric(float64(rows), "rows")
			b.ReportMetric(float64(used), "bytes")
			s.Close()
			b.StartTimer()
		}
	})
}
