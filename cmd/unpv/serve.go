package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/unpv/unpv/index"
	"github.com/unpv/unpv/pipeline"
)

func runServe(ctx context.Context, args []string) error {
	fs := newFlagSet("serve", "[--addr 127.0.0.1:8080]")
	addr := fs.String("addr", "127.0.0.1:8080", "listen address; the default binds loopback only")
	timeout := fs.Duration("timeout", 10*time.Second, "longest time one request may search")
	pageSize := fs.Int("page-size", index.DefaultSize, "hits per page")
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("serve: unexpected argument %q", fs.Arg(0))
	}
	if *pageSize < 1 || *pageSize > 100 {
		return usagef("serve: --page-size must be 1 to 100")
	}
	if *timeout <= 0 {
		return usagef("serve: --timeout must be positive")
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		return usagef("serve: --addr %q: %v", *addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		slog.Warn("serving beyond this machine: anyone who can reach the address can search the index", "addr", *addr)
	}

	ix, err := openIndex(ctx)
	if err != nil {
		return err
	}
	defer ix.Close()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	// The search page and API, and beside them a page per delegation.
	mux := http.NewServeMux()
	mux.Handle("/delegation/", pipeline.DelegationPages(global.dataDir))
	mux.Handle("/", index.NewHandler(ix, index.HandlerOptions{Timeout: *timeout, PageSize: *pageSize, DelegationPages: true}))
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      *timeout + 10*time.Second,
		IdleTimeout:       time.Minute,
		MaxHeaderBytes:    32 << 10,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	m := ix.Meta()
	slog.Info("serving search", "url", "http://"+ln.Addr().String()+"/", "speeches", m.Docs, "built", m.Built)
	fmt.Fprintf(stderr, "unpv: search page at http://%s/ (Ctrl-C to stop)\n", ln.Addr())

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
