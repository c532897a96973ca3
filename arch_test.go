package unpv_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/unpv/unpv"

// goFile is one parsed Go file of the module.
type goFile struct {
	path string // slash-separated, relative to the module root
	pkg  string // its directory: "store", "cmd/unpv", "." for the root
	test bool
	ast  *ast.File
}

func parseModule(t *testing.T) []goFile {
	t.Helper()
	var out []goFile
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); p != "." && (strings.HasPrefix(n, ".") || n == "testdata" || n == "bin" || n == "unpv-data") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		p = filepath.ToSlash(p)
		out = append(out, goFile{path: p, pkg: filepath.ToSlash(filepath.Dir(p)), test: strings.HasSuffix(p, "_test.go"), ast: f})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 100 {
		t.Fatalf("only %d Go files found", len(out))
	}
	return out
}

// allowedImports lists, for each package, the module packages its non-test
// files may import (docs/architecture.md): stages know only the domain
// types and the UN facts; pipeline wires them; nothing imports cmd.
var allowedImports = map[string][]string{
	".":                     nil,
	"un":                    {".", "internal/tsv"},
	"internal/tsv":          nil,
	"internal/chromiumtest": nil,
	"internal/htmlcheck":    nil,
	"internal/fixture":      {"."},
	"internal/limit":        nil,
	"internal/csvsafe":      nil,
	"internal/interval":     nil,
	"internal/oneline":      nil,
	"internal/guard":        nil,
	"internal/hostcheck":    nil,
	"internal/outfile":      nil,
	"store":                 {".", "un", "internal/outfile"},
	"corpora":               {".", "un", "internal/guard", "internal/limit", "internal/outfile", "internal/tsv"},
	"corpora/bundled":       nil,
	"extract":               {".", "un", "internal/guard", "internal/limit"},
	"classify":              {".", "un", "internal/limit", "internal/tsv"},
	"index":                 {".", "un", "internal/guard", "internal/oneline", "internal/outfile"},
	"report":                {".", "un", "internal/guard", "internal/limit", "internal/csvsafe", "internal/interval", "internal/oneline", "internal/outfile"},
	"annotate":              {".", "un", "internal/hostcheck", "internal/limit", "internal/interval"},
	"pipeline":              {".", "un", "internal/guard", "internal/limit", "internal/outfile", "store", "corpora", "corpora/bundled", "extract", "classify", "index", "report", "annotate"},
	"cmd/unpv":              {".", "un", "internal/guard", "internal/hostcheck", "internal/limit", "internal/csvsafe", "internal/outfile", "store", "corpora", "corpora/bundled", "extract", "classify", "index", "report", "annotate", "pipeline"},
	// A development tool (drawing pairs to annotate), like a command.
	"scripts/stancedraw": {".", "corpora", "extract", "classify"},
}

// TestPackageGraph checks every non-test import of a module package
// against allowedImports: in particular no package but pipeline and the
// command imports extract (its tables moved to un) and nothing but the
// store imports database/sql.
func TestPackageGraph(t *testing.T) {
	for _, f := range parseModule(t) {
		if f.test {
			continue
		}
		allowed, known := allowedImports[f.pkg]
		if !known {
			t.Errorf("%s: package %s is not in allowedImports (add it, and to docs/architecture.md)", f.path, f.pkg)
			continue
		}
		for _, im := range f.ast.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			switch {
			case p == "database/sql" && f.pkg != "store":
				t.Errorf("%s imports database/sql: only package store speaks SQL", f.path)
			case p == module:
				if !slices.Contains(allowed, ".") {
					t.Errorf("%s imports the root package", f.path)
				}
			case strings.HasPrefix(p, module+"/"):
				if dep := strings.TrimPrefix(p, module+"/"); !slices.Contains(allowed, dep) {
					t.Errorf("%s imports %s, which package %s may not", f.path, dep, f.pkg)
				}
			}
		}
	}
}

var sqlRe = regexp.MustCompile(`\b(?:SELECT\s[\s\S]*\bFROM|INSERT\s+(?:OR\s+\w+\s+)?INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET|CREATE\s+(?:TABLE|INDEX|VIEW)|DROP\s+(?:TABLE|INDEX|VIEW))\b`)

// TestOneHome checks that the facts with one home have no second one in
// any file, tests included: SQL and the store's DB handle only in store,
// the document link only in un.
func TestOneHome(t *testing.T) {
	for _, f := range parseModule(t) {
		ast.Inspect(f.ast, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.BasicLit:
				if x.Kind != token.STRING {
					return true
				}
				s, _ := strconv.Unquote(x.Value)
				if f.pkg != "store" && sqlRe.MatchString(s) {
					t.Errorf("%s: SQL outside package store: %.60q", f.path, s)
				}
				if f.pkg != "un" && !f.test && strings.Contains(s, "undocs.org") {
					t.Errorf("%s: a document link outside un.DocumentURL: %.60q", f.path, s)
				}
			case *ast.SelectorExpr:
				if x.Sel.Name == "DB" && f.pkg != "store" {
					t.Errorf("%s: .DB() outside package store", f.path)
				}
			}
			return true
		})
	}
}

// TestPortable: Unix-only calls stay in files behind a build constraint, so
// that every GOOS builds (make cross builds Windows and macOS).
func TestPortable(t *testing.T) {
	for _, f := range parseModule(t) {
		constrained := false
		for _, cg := range f.ast.Comments {
			for _, c := range cg.List {
				constrained = constrained || strings.HasPrefix(c.Text, "//go:build")
			}
		}
		if constrained || strings.HasSuffix(f.path, "_unix.go") || strings.HasSuffix(f.path, "_unix_test.go") {
			continue
		}
		ast.Inspect(f.ast, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == "syscall" && sel.Sel.Name == "Kill" && !f.test {
					t.Errorf("%s: syscall.Kill outside a file behind a build constraint", f.path)
				}
			}
			return true
		})
	}
}
