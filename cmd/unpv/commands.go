package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/corpora"
	"github.com/unpv/unpv/extract"
	"github.com/unpv/unpv/internal/limit"
	"github.com/unpv/unpv/pipeline"
	"github.com/unpv/unpv/store"
)

// command is one subcommand: its name, a one-line summary and its entry point.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string) error
}

// commands lists every subcommand; each lives in its own file.
var commands = []command{
	{"run", "run fetch → extract → classify → index → report over the store", runRun},
	{"fetch", "download verbatim records and meeting lists from UN sources", runFetch},
	{"import", "import per-speech corpora, general-debate statements or PDF folders into the store", runImport},
	{"extract", "extract speeches, votes and events from record PDFs or text", runExtract},
	{"classify", "classify stance toward regional organisations", runClassify},
	{"index", "build or rebuild the search index from the store", runIndex},
	{"search", "search speeches", runSearch},
	{"serve", "serve the local search page and JSON API", runServe},
	{"report", "write stance reports (HTML, CSV, JSON, Markdown)", runReport},
	{"annotate", "export, import and compare researchers' labels (the labelling page is in serve)", runAnnotate},
	{"status", "show per-stage counts, quarantined documents and last runs", runStatus},
	{"version", "print the tool version and commit, model version and schemas", runVersion},
}

// Output streams, swappable in tests.
var (
	stdout io.Writer = os.Stdout
	stderr io.Writer = os.Stderr
	stdin  io.Reader = os.Stdin
)

// outputWriter is stdout while a command runs; it keeps the first error a
// write returned, so that output lost to a full disk or a closed pipe
// fails the command (exit 1). Printers that ignore fmt.Fprintf's error
// (the tables of status and run, version) made 'unpv run --json >>LOG' on
// a full disk lose the summary and exit 0.
type outputWriter struct {
	w   io.Writer
	err error
}

func (o *outputWriter) Write(p []byte) (int, error) {
	n, err := o.w.Write(p)
	if err != nil && o.err == nil {
		o.err = err
	}
	return n, err
}

// say writes a note for the person running a command (a summary, a line
// skipped, a hint) on stderr: as it is under --log-format text, as a log
// record of level under json, where every line of stderr must be JSON
// (docs/pipeline.md); 'annotate export' in a JSON-logged cron job wrote
// its "annotate export: N labelled pairs" as text.
func say(level slog.Level, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if global.jsonLogs() {
		slog.Log(context.Background(), level, msg)
		return
	}
	fmt.Fprintln(stderr, msg)
}

// errSilent is returned after a command has already told the user what went
// wrong; main prints nothing more.
var errSilent = errors.New("silent")

// usageError marks a command-line mistake (exit code 2).
type usageError struct {
	msg string
	err error // the cause, for errors.Is, or nil
}

func (e usageError) Error() string { return e.msg }

func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{msg: fmt.Sprintf(format, args...)} }

// partialError reports that a command finished but skipped bad inputs (exit code 3).
type partialError struct {
	bad int
	of  int
}

func (e partialError) Error() string {
	return fmt.Sprintf("%d of %d inputs were bad and skipped", e.bad, e.of)
}

// Global options. They may come before or after the subcommand name
// (`unpv --data DIR run` and `unpv run --data DIR`), as with git or restic:
// every subcommand's flag set defines them too.
var global = defaultGlobal()

type globalOptions struct {
	dataDir   string
	logFormat string
	verbose   bool
	// args is the whole command line after the program name, as given:
	// reports record it so that they can be made again.
	args []string
}

// jsonLogs reports whether logs, and the error a command ends with, are
// JSON records: --log-format is read in any case (docs/pipeline.md), and
// "--log-format JSON" wrote JSON logs but ended with a plain "unpv: …" line.
func (g globalOptions) jsonLogs() bool { return strings.EqualFold(g.logFormat, "json") }

// parse parses args with fs. Under --log-format json a flag error is said
// by the JSON record the command ends with alone (printError), not also by
// the flag package's line and the usage, which broke a JSON Lines log into
// some forty lines of text; and so is every later usage error, whose
// fs.Usage() then writes nothing. -h prints the usage whatever the format.
func parse(fs *flag.FlagSet, args []string) error {
	var said bytes.Buffer
	fs.SetOutput(&said)
	err := fs.Parse(args)
	fs.SetOutput(stderr)
	if err == nil || errors.Is(err, flag.ErrHelp) || !global.jsonLogs() {
		stderr.Write(said.Bytes())
	}
	if err == nil && global.jsonLogs() {
		fs.SetOutput(io.Discard)
	}
	return err
}

// defaultGlobal is what the global flags default to.
func defaultGlobal() globalOptions {
	return globalOptions{dataDir: defaultDataDir(), logFormat: "text"}
}

// globalFlagNames are the names globalFlags defines, which subcommand usage
// lists apart.
var globalFlagNames = map[string]bool{"data": true, "log-format": true, "v": true}

// subcommand finds a command's subcommand (one of names) past global flags
// given before it ("unpv annotate -v stats", "unpv classify --data D
// train"), and returns it with the other arguments in their order; "" and
// args unchanged when the first argument that is not a global flag is not
// one of names.
func subcommand(args []string, names ...string) (string, []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && a != "-" && a != "--" && globalFlagNames[name] {
			if name != "v" && !hasValue {
				i++ // --data DIR
			}
			continue
		}
		if slices.Contains(names, a) {
			return a, append(slices.Clone(args[:i]), args[i+1:]...)
		}
		break
	}
	return "", args
}

// globalFlags defines the global flags on fs, with their current values as
// defaults so that a later flag set keeps what an earlier one parsed.
func globalFlags(fs *flag.FlagSet) {
	fs.StringVar(&global.dataDir, "data", global.dataDir, "data directory (store, raw downloads, index, reports)")
	fs.StringVar(&global.logFormat, "log-format", global.logFormat, "log format: text or json")
	fs.BoolVar(&global.verbose, "v", global.verbose, "verbose (debug) logging")
}

func run(ctx context.Context, args []string) error {
	global = defaultGlobal()
	global.args = append([]string(nil), args...)
	fs := flag.NewFlagSet("unpv", flag.ContinueOnError)
	fs.SetOutput(stderr)
	globalFlags(fs)
	fs.Usage = func() { printUsage(fs.Output(), fs) }
	if err := parse(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError{msg: err.Error()}
	}
	if err := setupLogging(global.logFormat, global.verbose); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return usagef("no command given")
	}
	name, rest := fs.Arg(0), fs.Args()[1:]
	if name == "help" {
		if len(rest) == 0 {
			out := &outputWriter{w: stdout}
			printUsage(out, fs)
			if out.err != nil {
				return fmt.Errorf("write output: %w", out.err)
			}
			return nil
		}
		// "unpv help search" is "unpv search -h" (and "unpv help classify
		// train" "unpv classify train -h"), as the usage line invites.
		name, rest = rest[0], append(rest[1:], "-h")
	}
	for _, c := range commands {
		if c.name == name {
			out := &outputWriter{w: stdout}
			stdout = out
			err := c.run(ctx, rest)
			stdout = out.w
			// Lost output says so whether the command went on (a table)
			// or stopped at the write (a JSON or CSV export) and
			// returned the write's error itself.
			if out.err != nil && (err == nil || errors.Is(err, out.err)) {
				err = fmt.Errorf("write output: %w", out.err)
			}
			// A reader refused by a store a run is migrating now: exit 4.
			return pipeline.ReaderError(global.dataDir, err)
		}
	}
	return usagef("unknown command %q (see 'unpv help')", name)
}

// count writes n with its noun, singular for one: "1 speech", "2 speeches".
func count[N int | int64 | uint64](n N, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func printUsage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: unpv [global flags] COMMAND [flags] [args]\n\nCommands:\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nGlobal flags (before or after COMMAND):\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fmt.Fprintf(w, "\nExit codes: 0 ok, 1 failure, 2 usage, 3 some inputs bad (skipped/quarantined), 4 locked, 5 blocked by the UN's site, 130 interrupted.\n")
}

func defaultDataDir() string {
	if d := os.Getenv("UNPV_DATA"); d != "" {
		return d
	}
	return "unpv-data"
}

// newFlagSet returns a flag set for a subcommand that reports errors as
// usage errors and accepts the global flags.
func newFlagSet(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	globalFlags(fs)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: unpv %s %s\n\nFlags:\n", name, usage)
		own := flag.NewFlagSet(name, flag.ContinueOnError)
		own.SetOutput(w)
		fs.VisitAll(func(f *flag.Flag) {
			if !globalFlagNames[f.Name] {
				own.Var(f.Value, f.Name, f.Usage)
				// Var takes the value as it is now as the default: after
				// "--body SC --bogus" the help said (default "SC").
				own.Lookup(f.Name).DefValue = f.DefValue
			}
		})
		own.PrintDefaults()
		fmt.Fprintf(w, "\nGlobal flags: --data DIR, --log-format text|json, -v (see 'unpv help')\n")
	}
	return fs
}

// parseFlags parses args with fs; a flag error becomes a usage error and
// -h becomes a successful no-op (reported by ok=false). Global flags given
// after the subcommand take effect here.
func parseFlags(fs *flag.FlagSet, args []string) (ok bool, err error) {
	// Flags may come before or after the arguments ("import --list 79
	// --json", "extract FILE --format text"), as the README promises for
	// the global ones; the standard package stops at the first argument.
	// Everything after "--" is an argument, whatever it looks like.
	rest, tail := args, []string(nil)
	if i := slices.Index(args, "--"); i >= 0 {
		rest, tail = args[:i], args[i+1:]
	}
	var positional []string
	for {
		if err := parse(fs, rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return false, nil
			}
			return false, usageError{msg: err.Error()}
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	// Leave them where fs.Args reads them; the flags parsed stay set.
	if err := parse(fs, append([]string{"--"}, append(positional, tail...)...)); err != nil {
		return false, usageError{msg: err.Error()}
	}
	if err := setupLogging(global.logFormat, global.verbose); err != nil {
		return false, err
	}
	if global.dataDir == "" {
		// --data "$DIR" with DIR unset: not the current directory.
		return false, usagef("--data: empty; name the data directory (default $UNPV_DATA or ./unpv-data)")
	}
	return true, nil
}

// extractFlags defines the PDF engine flags shared by run, extract and
// extract --store; the returned function checks them and builds the options.
func extractFlags(fs *flag.FlagSet) func() (extract.Options, error) {
	engine := fs.String("engine", "", "PDF engine: mutool or pdftotext (default: the first installed, mutool first)")
	timeout := fs.Duration("timeout", extract.DefaultTimeout, "time limit for the PDF engine per file (a timeout is retried by the next run)")
	size := limitFlag(fs, "max-file-size", extract.DefaultMaxFileSize,
		"largest input file, and largest text made of a PDF; larger ones are bad inputs (docs/limits.md)")
	return func() (extract.Options, error) {
		if err := extract.CheckEngine(*engine); err != nil {
			return extract.Options{}, usagef("--engine: %v", err)
		}
		if *timeout <= 0 {
			return extract.Options{}, usagef("--timeout must be positive")
		}
		return extract.Options{Engine: *engine, Timeout: *timeout, MaxFileSize: int64(*size)}, nil
	}
}

// limitFlag defines a byte-size flag (256MiB, 1GB) with a default.
func limitFlag(fs *flag.FlagSet, name string, def int64, usage string) *limit.Size {
	z := limit.Size(def)
	fs.Var(&z, name, usage)
	return &z
}

// splitList splits a comma-separated flag value, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func setupLogging(format string, verbose bool) error {
	level := slog.LevelInfo
	if verbose {
		level = slog.LevelDebug
	}
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler
	switch strings.ToLower(format) {
	case "text":
		h = slog.NewTextHandler(stderr, opts)
	case "json":
		h = slog.NewJSONHandler(stderr, opts)
	default:
		return usagef("--log-format must be text or json, not %q", format)
	}
	slog.SetDefault(slog.New(h))
	return nil
}

// exitCode maps an error to the documented exit codes. A command that
// fails after ctx was cancelled (SIGINT, SIGTERM) was interrupted, whatever
// the error says: the signal may reach a child process (a PDF engine in the
// same process group) before it cancels ctx, and the child's death is then
// the first error seen.
func exitCode(ctx context.Context, err error) int {
	var ue usageError
	var pe partialError
	switch {
	case err == nil:
		return exitOK
	case ctx.Err() != nil:
		return exitInterrupted
	case errors.As(err, &ue):
		return exitUsage
	case errors.Is(err, unpv.ErrLocked):
		return exitLocked
	case errors.Is(err, corpora.ErrBlocked):
		// Not 1: a cron wrapper that retries a failed night at once
		// must not ask a site that has refused it.
		return exitBlocked
	case errors.Is(err, store.ErrReadOnly), errors.Is(err, store.ErrBusy):
		// Not 4: no unpv run holds the data directory, and waiting alone
		// may not help (a read-only mount, a shell's open transaction);
		// not 3 when some inputs were bad too: nothing more was done.
		// The message says what to do.
		return exitFailure
	case errors.As(err, &pe), errors.Is(err, unpv.ErrBadDocument):
		return exitPartial
	case errors.Is(err, errSilent):
		return exitFailure
	}
	return exitFailure
}

// printJSON writes v as JSON on one line, the --json output of every
// command: a script reads one document per line, and a log that takes
// stdout beside the JSON logs (the cron line in docs/pipeline.md) stays
// JSON Lines. Pipe it through jq to read it.
func printJSON(w io.Writer, v any) error {
	return json.NewEncoder(w).Encode(v)
}

// printError tells the user why the command failed: "unpv: …" on w, or,
// with --log-format json, one JSON log record with the exit code, so that
// every line of a JSON log is JSON.
func printError(w io.Writer, err error, code int) {
	if !global.jsonLogs() {
		fmt.Fprintf(w, "unpv: %v\n", err)
		return
	}
	slog.New(slog.NewJSONHandler(w, nil)).Error(err.Error(), "exit_code", code)
}
