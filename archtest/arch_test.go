//go:build !windows

// The allow-list is checked from the build machine's go list, for Linux, Windows and macOS alike; a
// Windows test binary has no Go toolchain beside it (under Wine or on a user's PC), so the package has
// no tests there.

package archtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const module = "scimrenew"

// report fails the test with the violations.
func report(t *testing.T, what string, violations []string) {
	t.Helper()
	if len(violations) == 0 {
		return
	}
	sort.Strings(violations)
	msg := fmt.Sprintf("%d %s:\n  %s", len(violations), what, strings.Join(violations, "\n  "))
	t.Fatal(msg)
}

// TestRulesKeepArrowsDown checks the table itself, so that no row can quietly allow an arrow the
// layers forbid: a package of the stack imports only packages of lower layers (the faces may also
// use packages aside from the stack), nothing but main and the CLI's test main imports a face, the
// forbidden arrows are allowed nowhere, and only DESIGN.md's list may use Fyne.
func TestRulesKeepArrowsDown(t *testing.T) {
	for pkg, r := range rules {
		for _, to := range r.may {
			if msg := arrowProblem(pkg, to); msg != "" {
				t.Errorf("%s may import %s, %s", pkg, to, msg)
			}
		}
		if r.fyne != noFyne && !slices.Contains(fyneImporters, pkg) && !(pkg == "desktop" && r.fyne == fyneTypes) {
			t.Errorf("%s may use Fyne, but only %v may (and desktop its types)", pkg, fyneImporters)
		}
		if strings.TrimSpace(r.why) == "" {
			t.Errorf("%s has no reason", pkg)
		}
	}
	for _, f := range forbidden {
		for _, from := range f.from {
			for _, to := range f.to {
				if slices.Contains(rules[from].may, to) {
					t.Errorf("the table lets %s import %s, an arrow the layers forbid", from, to)
				}
			}
		}
	}
}

// arrowProblem says what is wrong with letting from import to, or "" when the arrow points down.
func arrowProblem(from, to string) string {
	fr, tr := rules[from], rules[to]
	if _, ok := rules[to]; !ok {
		return "which has no row of its own"
	}
	switch {
	case tr.layer == face && from != "." && from != "cli/internal/testmain":
		return "a face: only main starts a face"
	case tr.layer == face, fr.layer == aside:
		return ""
	case tr.layer == aside && fr.layer != face:
		return "which is aside from the stack it is part of"
	case tr.layer != aside && tr.layer >= fr.layer:
		return "which is not in a lower layer"
	}
	return ""
}

// listed is what go list says of one package.
type listed struct {
	ImportPath   string
	Imports      []string
	Deps         []string
	TestImports  []string
	XTestImports []string
	Error        *struct{ Err string }
}

// goList lists the module's packages as they build for goos.
func goList(t *testing.T, goos string) []listed {
	t.Helper()
	root, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	cmd := exec.Command("go", "list", "-e", "-json=ImportPath,Imports,Deps,TestImports,XTestImports,Error", "./...")
	cmd.Dir = filepath.Dir(strings.TrimSpace(string(root)))
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH=amd64", "CGO_ENABLED=1")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("GOOS=%s go list: %v\n%s", goos, err, stderr.String())
	}
	var pkgs []listed
	for dec := json.NewDecoder(strings.NewReader(string(out))); ; {
		var p listed
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("GOOS=%s go list printed something that is not JSON: %v", goos, err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// rel is a module package's path inside the module ("." for main), or "" for a package outside it.
func rel(path string) string {
	switch {
	case path == module:
		return "."
	case strings.HasPrefix(path, module+"/"):
		return strings.TrimPrefix(path, module+"/")
	}
	return ""
}

// TestImportsFollowTheRules checks every package's imports, as it builds for Linux, Windows and macOS,
// against its row of the table: its imports of the module, and its use of Fyne (directly and through
// its dependencies). Tests are held to the Fyne rule only: otherwise they wire real adapters on purpose.
func TestImportsFollowTheRules(t *testing.T) {
	seen := map[string][]string{} // violation -> the systems it was seen on
	for _, goos := range []string{"linux", "windows", "darwin"} {
		for _, p := range goList(t, goos) {
			for _, v := range checkPackage(p) {
				seen[v] = append(seen[v], goos)
			}
		}
	}
	var violations []string
	for v, oses := range seen {
		if len(oses) < 3 {
			v += " (" + strings.Join(oses, ", ") + ")"
		}
		violations = append(violations, v)
	}
	report(t, "imports break the allow-list (archtest/rules_test.go)", violations)
}

// checkPackage lists how one package breaks its row.
func checkPackage(p listed) []string {
	name := rel(p.ImportPath)
	if p.Error != nil {
		if strings.Contains(p.Error.Err, "build constraints exclude all Go files") {
			return nil // nothing of it builds on this system
		}
		return []string{fmt.Sprintf("%s cannot be listed: %s", name, p.Error.Err)}
	}
	r, ok := rules[name]
	if !ok {
		return []string{fmt.Sprintf("%s has no row in the allow-list: add one saying where it sits and why", name)}
	}
	var out []string
	for _, imp := range p.Imports {
		if to := rel(imp); to != "" && !slices.Contains(r.may, to) {
			out = append(out, fmt.Sprintf("%s imports %s, which its row does not allow", name, to))
		}
	}
	return append(out, checkFyne(name, r.fyne, p)...)
}

// checkFyne lists how a package's use of Fyne (its imports, its dependencies, its tests' imports)
// goes beyond what its row allows.
func checkFyne(name string, use fyneUse, p listed) []string {
	var out []string
	for _, imp := range p.Imports {
		if strings.HasPrefix(imp, "fyne.io/") && !fyneAllowed(use, imp, true) {
			out = append(out, fmt.Sprintf("%s imports %s, more Fyne than its row allows", name, imp))
		}
	}
	for _, dep := range p.Deps {
		if strings.HasPrefix(dep, "fyne.io/") && !fyneAllowed(use, dep, false) {
			out = append(out, fmt.Sprintf("%s depends on %s (through its imports), more Fyne than its row allows", name, dep))
			break // one is enough to say so
		}
	}
	if use == noFyne {
		for _, imp := range append(slices.Clone(p.TestImports), p.XTestImports...) {
			if strings.HasPrefix(imp, "fyne.io/") {
				out = append(out, fmt.Sprintf("%s's tests import %s; only %v may use Fyne", name, imp, fyneImporters))
			}
		}
	}
	return out
}

// fyneAllowed says whether a package with the given use of Fyne may import (direct) or depend on the
// Fyne package path: desktop may import fyne.io/fyne/v2 for its types, and so depend on what that
// needs, but never on Fyne's app or a driver.
func fyneAllowed(use fyneUse, path string, direct bool) bool {
	switch use {
	case fyneAll:
		return true
	case fyneTypes:
		if direct {
			return path == "fyne.io/fyne/v2"
		}
		return path != "fyne.io/fyne/v2/app" && !strings.HasPrefix(path, "fyne.io/fyne/v2/app/") &&
			!strings.Contains(path, "/driver")
	}
	return false
}

// TestDomainBuildsNoAdapter backs the stated exception of renewal and reminders: they may import the
// adapters for types, but must not construct one (a call of an adapter's New... or Open...); the
// adapters are plugged in by services or the sandbox through the interfaces the domain declares.
func TestDomainBuildsNoAdapter(t *testing.T) {
	var violations []string
	for _, dir := range []string{"renewal", "reminders"} {
		files, err := filepath.Glob(filepath.Join("..", dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no Go files in ../%s: %v", dir, err)
		}
		for _, f := range files {
			if !strings.HasSuffix(f, "_test.go") {
				violations = append(violations, constructorCalls(t, f)...)
			}
		}
	}
	report(t, "constructions of an adapter inside the domain", violations)
}

// constructorCalls lists the calls of an adapter package's New... or Open... function in one file.
func constructorCalls(t *testing.T, file string) []string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	adapters := map[string]string{} // local name -> adapter package
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		if a := rel(path); slices.Contains(adapterPkgs, a) {
			local := filepath.Base(a)
			if imp.Name != nil {
				local = imp.Name.Name
			}
			adapters[local] = a
		}
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if x, ok := sel.X.(*ast.Ident); ok && adapters[x.Name] != "" &&
			(strings.HasPrefix(sel.Sel.Name, "New") || strings.HasPrefix(sel.Sel.Name, "Open")) {
			pos := fset.Position(call.Pos())
			out = append(out, fmt.Sprintf("%s:%d calls %s.%s", filepath.ToSlash(strings.TrimPrefix(pos.Filename, "../")),
				pos.Line, adapters[x.Name], sel.Sel.Name))
		}
		return true
	})
	return out
}
