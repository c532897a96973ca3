# unpv — build, test, benchmark and lint.
GO      ?= go
BIN     := bin/unpv
DATA    ?= unpv-data
PKGS    := ./...

deps:
	./scripts/install-deps.sh

deps-test:
	./scripts/install-deps.sh --test

.PHONY: deps deps-test all build test test-short bench bench-corpus load-serve lint fmt vet staticcheck cross fuzz demo clean

all: build

# The commit is stamped with -ldflags as well, for builds where the Go
# toolchain does not stamp it (GOFLAGS=-buildvcs=false, some worktrees):
# `unpv version` and every report record it.
COMMIT  := $(shell git rev-parse HEAD 2>/dev/null)
DIRTY   := $(shell git status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo true)
LDFLAGS := -X github.com/unpv/unpv/pipeline.buildCommit=$(COMMIT) -X github.com/unpv/unpv/pipeline.buildModified=$(DIRTY)

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/unpv

# The README's test command: every unit, golden, fuzz-seed, example and
# integration test, offline.
test: deps-test build
	$(GO) vet $(PKGS)
	$(GO) test -count=1 -timeout 15m $(PKGS)

test-short:
	$(GO) test -short -count=1 $(PKGS)

# Go benchmarks (speed is measured here, never asserted in tests).
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 3x $(PKGS)

# Corpus-scale benchmark: scales the real speeches up to 100k through every stage.
bench-corpus: build
	./scripts/bench-corpus.sh

# Load test of `unpv serve` on loopback (docs/benchmarks.md): 200 clients
# mixing ordinary and adversarial searches over the bundled corpus for a
# minute; prints latency percentiles, status counts and the server's memory.
# LOAD_DATA=DIR reuses a data directory built by `unpv run`.
load-serve:
	UNPV_LOAD_TEST=1 UNPV_LOAD_DATA=$(LOAD_DATA) $(GO) test -count=1 -run '^TestServeLoadFull$$' -v -timeout 15m ./cmd/unpv

lint: vet staticcheck cross
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)

vet:
	$(GO) vet $(PKGS)

staticcheck:
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 $(PKGS)

# The command builds for every platform researchers use (no Unix-only calls
# outside files behind build tags).
cross:
	GOOS=windows GOARCH=amd64 $(GO) build -o /dev/null ./cmd/unpv
	GOOS=darwin GOARCH=arm64 $(GO) build -o /dev/null ./cmd/unpv

fmt:
	gofmt -w $$(git ls-files '*.go')

# Short fuzzing session for every parser (FUZZTIME=1m for longer).
FUZZTIME ?= 20s
fuzz:
	./scripts/fuzz.sh $(FUZZTIME)

# The README's main command: build the store from the bundled corpus and write reports.
demo: deps build
	./$(BIN) --data $(DATA) run

clean:
	rm -rf bin $(DATA)
