//go:build !windows

package archtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// facePkgs are the faces whose code must go through services for every use-case.
var facePkgs = []string{"ui", "cli"}

// belowServices are the concrete types of the layers under services that a face must not call (it may
// name the types of those layers for rendering): their methods are use-cases, or parts of one, that
// services does once for both faces. The keychain and the Hub and Okta clients are listed too, as
// services' exported fields would let a face reach them without importing their packages.
var belowServices = map[string][]string{
	"store":     {"Store"},
	"renewal":   {"Engine"},
	"reminders": {"Service"},
	"hub":       {"Client"},
	"okta":      {"Client"},
	"secrets":   {"Keychain", "Memory"},
}

// wiring are the methods below services a face may call, with the reason: assembling the parts, not a
// use-case.
var wiring = map[string]string{
	"store.Store.SetClock": "the CLI opens a verb's database and gives it the verb's clock, as main does for the window",
}

// TestFacesCallOnlyServices backs DESIGN.md's rule that a use-case lives once, in services: no
// non-test file of ui or cli calls (or takes as a value) a method of *store.Store, *renewal.Engine,
// *reminders.Service or the other types of belowServices (but for wiring), and ui.Deps holds none of
// them, so the window cannot drift from the command line.
// It type-checks the faces' files against the compiler's export data (go list -export) on the build
// machine's system; the faces have no per-OS files, which the test also checks.
func TestFacesCallOnlyServices(t *testing.T) {
	pkgs := goListExport(t)
	lookup := func(path string) (io.ReadCloser, error) {
		p, ok := pkgs[path]
		if !ok || p.Export == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(p.Export)
	}
	var violations []string
	for _, name := range facePkgs {
		p, ok := pkgs[module+"/"+name]
		if !ok {
			t.Fatalf("go list did not list %s", name)
		}
		for _, f := range p.IgnoredGoFiles {
			if !strings.HasSuffix(f, "_test.go") {
				violations = append(violations, fmt.Sprintf("%s/%s is left out of this system's build, so this test cannot see it: "+
					"keep the faces free of per-OS files, or check each system", name, f))
			}
		}
		pkg, info, fset := typeCheck(t, p, lookup)
		violations = append(violations, belowServiceCalls(name, info, fset)...)
		if name == "ui" {
			violations = append(violations, depsStoreFields(pkg)...)
		}
	}
	report(t, "reaches below services from a face (use or add a services method instead)", violations)
}

// exported is what go list -export says of one package.
type exported struct {
	ImportPath     string
	Dir            string
	Export         string
	GoFiles        []string
	CgoFiles       []string
	IgnoredGoFiles []string
}

// goListExport lists the faces and their dependencies with their export data, building what is not
// in the build cache yet.
func goListExport(t *testing.T) map[string]exported {
	t.Helper()
	root, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	args := []string{"list", "-export", "-deps", "-json=ImportPath,Dir,Export,GoFiles,CgoFiles,IgnoredGoFiles"}
	for _, f := range facePkgs {
		args = append(args, "./"+f)
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = filepath.Dir(strings.TrimSpace(string(root)))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -export: %v\n%s", err, stderr.String())
	}
	pkgs := map[string]exported{}
	for dec := json.NewDecoder(strings.NewReader(string(out))); ; {
		var p exported
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("go list -export printed something that is not JSON: %v", err)
		}
		pkgs[p.ImportPath] = p
	}
	return pkgs
}

// typeCheck parses and type-checks one package's non-test files, its imports read from export data.
func typeCheck(t *testing.T, p exported, lookup importer.Lookup) (*types.Package, *types.Info, *token.FileSet) {
	t.Helper()
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range append(append([]string{}, p.GoFiles...), p.CgoFiles...) {
		f, err := parser.ParseFile(fset, filepath.Join(p.Dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	info := &types.Info{Selections: map[*ast.SelectorExpr]*types.Selection{}}
	conf := types.Config{Importer: importer.ForCompiler(fset, "gc", lookup)}
	pkg, err := conf.Check(p.ImportPath, fset, files, info)
	if err != nil {
		t.Fatalf("type-checking %s: %v", p.ImportPath, err)
	}
	return pkg, info, fset
}

// belowServiceCalls lists the selections of a method of a type below services in one face.
func belowServiceCalls(face string, info *types.Info, fset *token.FileSet) []string {
	var out []string
	for sel, s := range info.Selections {
		if s.Kind() != types.MethodVal && s.Kind() != types.MethodExpr {
			continue
		}
		recv := s.Recv()
		if ptr, ok := recv.(*types.Pointer); ok {
			recv = ptr.Elem()
		}
		if name := belowService(recv); name != "" && wiring[name+"."+s.Obj().Name()] == "" {
			pos := fset.Position(sel.Sel.Pos())
			out = append(out, fmt.Sprintf("%s/%s:%d uses (*%s).%s", face, filepath.Base(pos.Filename), pos.Line, name, s.Obj().Name()))
		}
	}
	return out
}

// belowService names t ("store.Store") when it is one of belowServices, else "".
func belowService(t types.Type) string {
	named, ok := t.(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return ""
	}
	pkg := rel(named.Obj().Pkg().Path())
	for _, typ := range belowServices[pkg] {
		if named.Obj().Name() == typ {
			return pkg + "." + typ
		}
	}
	return ""
}

// depsStoreFields lists the fields of ui.Deps that hold a type of belowServices.
func depsStoreFields(pkg *types.Package) []string {
	obj := pkg.Scope().Lookup("Deps")
	if obj == nil {
		return []string{"ui has no Deps type: update this test to the type main fills in"}
	}
	st, ok := obj.Type().Underlying().(*types.Struct)
	if !ok {
		return []string{"ui.Deps is not a struct: update this test"}
	}
	var out []string
	for f := range st.Fields() {
		typ := f.Type()
		if ptr, ok := typ.(*types.Pointer); ok {
			typ = ptr.Elem()
		}
		if name := belowService(typ); name != "" {
			out = append(out, fmt.Sprintf("ui.Deps.%s holds a *%s: the window reaches the layers below through services only", f.Name(), name))
		}
	}
	return out
}
