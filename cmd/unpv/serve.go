package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/unpv/unpv/annotate"
	"github.com/unpv/unpv/index"
	"github.com/unpv/unpv/internal/hostcheck"
	"github.com/unpv/unpv/pipeline"
)

func runServe(ctx context.Context, args []string) error {
	fs := newFlagSet("serve", "[--addr 127.0.0.1:8080] [--timeout D] [--max-concurrent N] [--max-terms N] [--max-wildcards N] [--memory-limit SIZE] [--annotate=false] [--reindex-after D] [--allow-host NAME,…]")
	addr := fs.String("addr", "127.0.0.1:8080", "listen address; the default binds loopback only")
	readLimits := searchLimitFlags(fs, index.DefaultLimits.Timeout)
	pageSize := fs.Int("page-size", index.DefaultSize, "hits per page")
	concurrent := fs.Int("max-concurrent", 2*runtime.GOMAXPROCS(0), "searches run at once; more wait up to 2 s, then get 503")
	expensive := fs.Int("max-expensive", max(1, runtime.GOMAXPROCS(0)/2), "of those, searches with wildcard, regular-expression or fuzzy terms")
	memLimit := limitFlag(fs, "memory-limit", 768<<20, "soft memory limit for the Go runtime (GOMEMLIMIT wins when set)")
	annotateOn := fs.Bool("annotate", true, "serve the labelling page at /annotate, which writes researchers' labels to the store")
	allowHosts := fs.String("allow-host", "", "host names, comma-separated, the pages answer to besides this machine's (on loopback) or any IP address and this machine's name (beyond it): a proxy's or a DNS name; * for any")
	reindexAfter := fs.Duration("reindex-after", 30*time.Second, "rebuild the search index this long after the last coding on the labelling page (0: leave it to the next run)")
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("serve: unexpected argument %q", fs.Arg(0))
	}
	if *pageSize < 1 || *pageSize > 100 {
		return usagef("serve: --page-size must be 1 to 100")
	}
	limits, err := readLimits()
	if err != nil {
		return err
	}
	if *concurrent < 1 || *expensive < 1 {
		return usagef("serve: --max-concurrent and --max-expensive must be at least 1")
	}
	if *reindexAfter < 0 {
		return usagef("serve: --reindex-after %s: want 0 (never) or a positive duration", *reindexAfter)
	}
	if os.Getenv("GOMEMLIMIT") == "" && *memLimit > 0 {
		// The collector works harder as the heap nears it and returns
		// memory to the system sooner after a burst.
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(int64(*memLimit)))
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		return usagef("serve: --addr %q: %v", *addr, err)
	}
	loopback := host == "localhost"
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		loopback = true
	}
	if !loopback {
		slog.Warn("serving beyond this machine: anyone who can reach the address can search the index", "addr", *addr)
	}
	// The Host headers every page answers: a web page elsewhere that
	// rebinds its own name to this address read the search API and the
	// report through a visitor's browser (only /annotate on loopback
	// checked before 2026-12-07).
	hosts := hostcheck.Serving(host, loopback, splitList(*allowHosts))

	ix, err := openIndex(ctx)
	if err != nil {
		return err
	}
	defer ix.Close()
	ix.SetLimits(limits)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer ln.Close() // Serve closes it too; this is for the returns before it
	// The search page and API, and beside them a page per delegation.
	mux := http.NewServeMux()
	pages := pipeline.DelegationPages(ctx, global.dataDir)
	pages.Refresh() // the report the search page's delegation links come from
	defer pages.Wait()
	mux.Handle("/delegation/", pages)
	mux.Handle(pipeline.ReportPath, pages)
	var key, keyFile string // keyFile is "" for a key of this run only
	if *annotateOn {
		ws, closeWS, err := pipeline.OpenWorkspace(ctx, global.dataDir, ix)
		switch {
		case errors.Is(err, pipeline.ErrNoStore):
			// An index served alone (see openIndex): nothing to label.
			slog.Warn("no store beside the index: the labelling page is off")
			*annotateOn = false
		case errors.Is(err, pipeline.ErrReadOnly):
			// A colleague's or a container's read-only view of the data:
			// searching and reports need no more.
			slog.Warn("this user cannot write the store: the labelling page is off", "err", err)
			*annotateOn = false
		case err != nil:
			return fmt.Errorf("serve: labelling page: %w (or serve without it: --annotate=false)", err)
		default:
			defer closeWS()
			if *reindexAfter > 0 {
				r := pipeline.NewReindexer(ctx, pipelineOptions("index (after codings in serve)", nil, 0), *reindexAfter)
				defer r.Wait()
				ws.OnChange = r.Touch
			}
			opts := annotate.HandlerOptions{Search: true}
			if loopback {
				opts.Hosts = hosts.Names
			} else {
				key, err = pipeline.AccessKey(global.dataDir)
				keyFile = filepath.Join(global.dataDir, pipeline.AccessKeyFile)
				if errors.Is(err, os.ErrPermission) {
					// Another user's key (a shared data directory): this
					// serve has a key of its own, for this run only.
					slog.Warn("the labelling page's access key file is not readable by this user: a key for this run only", "err", err)
					key, keyFile, err = rand.Text(), "", nil
				}
				if err != nil {
					return fmt.Errorf("serve: labelling page: %w", err)
				}
				opts.Key = key
			}
			h := annotate.NewHandler(ws, opts)
			mux.Handle("/annotate", h)
			mux.Handle("/annotate/", h)
		}
	}
	mux.Handle("/", index.NewHandler(ix, index.HandlerOptions{Timeout: limits.Timeout, PageSize: *pageSize,
		MaxConcurrent: *concurrent, MaxExpensive: *expensive, DelegationPage: pages.Has, Report: pipeline.ReportPath, Annotate: *annotateOn}))
	srv := &http.Server{
		Handler:           hostcheck.Handler(hosts, mux),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      limits.Timeout + 10*time.Second,
		IdleTimeout:       time.Minute,
		MaxHeaderBytes:    32 << 10,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	m := ix.Meta()
	slog.Info("serving search", "url", "http://"+ln.Addr().String()+"/", "speeches", m.Speeches, "built", m.Built)
	switch {
	case global.jsonLogs():
		// A service's log (systemd, --log-format json) gets records,
		// not the notes for a person at a terminal.
		if *annotateOn {
			attrs := []any{"url", "http://" + ln.Addr().String() + "/annotate"}
			switch {
			case keyFile != "":
				// Its file (0600), not the key: a service's log is read
				// by more people and programs than the key is for.
				attrs = append(attrs, "access_key_file", keyFile)
			case key != "":
				attrs = append(attrs, "access_key", key) // this run's only: nowhere else to read it
			}
			slog.Info("labelling page", attrs...)
		}
	default:
		fmt.Fprintf(stderr, "unpv: search page at http://%s/ (Ctrl-C to stop)\n", ln.Addr())
		if *annotateOn {
			fmt.Fprintf(stderr, "unpv: labelling page at http://%s/annotate\n", ln.Addr())
			if key != "" {
				fmt.Fprintf(stderr, "unpv: its access key (coders give it with their name): %s\n", key)
			}
		}
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
