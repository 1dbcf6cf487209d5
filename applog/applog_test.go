package applog

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"scimrenew/internal/winetest"
	"scimrenew/ownerfile"
)

func TestSetupLevelsAndMirror(t *testing.T) {
	cases := []struct {
		debug      bool
		wantDebug  bool
		wantStderr bool
	}{
		{debug: false},
		{debug: true, wantDebug: true, wantStderr: true},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("debug=%v", c.debug), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data") // not there yet: Setup creates it
			var stderr bytes.Buffer
			log, closer, err := setup(dir, c.debug, &stderr)
			if err != nil {
				t.Fatal(err)
			}
			log.Debug("detail for debugging", "step", 3)
			log.Info("renewal started", "profile", "acme")
			if err := closer.Close(); err != nil {
				t.Fatal(err)
			}
			file, err := os.ReadFile(filepath.Join(dir, FileName))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(file), "renewal started") {
				t.Errorf("the Info record is missing from the file:\n%s", file)
			}
			if got := strings.Contains(string(file), "detail for debugging"); got != c.wantDebug {
				t.Errorf("Debug record in file: %v, want %v", got, c.wantDebug)
			}
			if got := stderr.String() == string(file); got != c.wantStderr {
				t.Errorf("stderr mirrors the file: %v, want %v (stderr %d bytes, file %d)", got, c.wantStderr, stderr.Len(), len(file))
			}
			if c.debug && !strings.Contains(string(file), "source=") {
				t.Error("debug records carry no source line")
			}
			if info, err := os.Stat(dir); err != nil || (runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0) {
				t.Errorf("data dir %s: %v, %v: others can list it", dir, info.Mode(), err) // Windows: its folder's ACL
			}
			checkOwnerOnly(t, filepath.Join(dir, FileName))
		})
	}
}

func TestSetupAppendsAndTightensMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if err := os.WriteFile(path, []byte("earlier line\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil { // past the umask
		t.Fatal(err)
	}
	log, closer, err := Setup(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	log.Info("later line")
	closer.Close()
	got, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(got), "earlier line\n") || !strings.Contains(string(got), "later line") {
		t.Fatalf("log was not appended to:\n%s", got)
	}
	checkOwnerOnly(t, path)
}

// checkOwnerOnly fails t unless only the owner can read path (where the system can tell).
func checkOwnerOnly(t *testing.T, path string) {
	t.Helper()
	if err := ownerfile.Check(path); err != nil && !winetest.Limit(t, winetest.NoFileDACL) {
		t.Error(err)
	}
}

func TestSetupFailsWithAUsefulMessage(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err := Setup(filepath.Join(file, "data"), false)
	if err == nil || !strings.Contains(err.Error(), "data directory") {
		t.Fatalf("Setup under a file: %v, want an error naming the data directory", err)
	}
}

func TestSetupRotatesAtOneMiB(t *testing.T) {
	dir := t.TempDir()
	log, closer, err := Setup(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	defer closer.Close()
	// Records through the logger are slow to make by the megabyte under -race; fill through the very
	// file the logger writes to, then show a record still lands in the live file.
	file := closer.(*rotatingFile)
	chunk := []byte(strings.Repeat("x", 64<<10-1) + "\n")
	for i := 0; i < 5*16; i++ { // 5 MiB
		if _, err := file.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	log.Info("after the filler")
	path := filepath.Join(dir, FileName)
	for i, name := range []string{path, path + ".1", path + ".2", path + ".3"} {
		info, err := os.Stat(name)
		if err != nil {
			t.Fatalf("file %d: %v", i, err)
		}
		if info.Size() > MaxFileSize {
			t.Errorf("%s is %d bytes, over the %d limit", filepath.Base(name), info.Size(), MaxFileSize)
		}
		if i > 0 && info.Size() < MaxFileSize-int64(len(chunk)) {
			t.Errorf("%s is only %d bytes: rotated too early", filepath.Base(name), info.Size())
		}
	}
	if _, err := os.Stat(path + ".4"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a fourth old file exists (%v): only %d are kept", err, KeepFiles)
	}
	live, _ := os.ReadFile(path)
	if !strings.HasSuffix(string(live), "msg=\"after the filler\"\n") {
		t.Error("the last record is not at the end of the live file")
	}
}

// readRecords returns every line of the live file and its rotated copies, checking none is cut.
func readRecords(t *testing.T, path string, keep int) []string {
	t.Helper()
	var lines []string
	for i := keep; i >= 0; i-- {
		name := path
		if i > 0 {
			name = fmt.Sprintf("%s.%d", path, i)
		}
		b, err := os.ReadFile(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(b) > 0 && b[len(b)-1] != '\n' {
			t.Errorf("%s ends inside a record", filepath.Base(name))
		}
		lines = append(lines, strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")...)
	}
	return lines
}

func TestRotationKeepsNewestAndWholeRecords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.log")
	r, err := openRotating(path, 1024, 3)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100; i++ {
		if _, err := fmt.Fprintf(r, "record %03d %s\n", i, strings.Repeat("y", 88)); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Write([]byte("after close\n")); !errors.Is(err, fs.ErrClosed) {
		t.Errorf("Write after Close: %v, want fs.ErrClosed", err)
	}
	lines := readRecords(t, path, 3)
	// 100-byte records, 10 to a 1 KiB file: the live file and three old ones hold the last 31..40.
	if len(lines) < 31 || len(lines) > 40 {
		t.Fatalf("%d records kept, want 31..40", len(lines))
	}
	for i, l := range lines {
		want := fmt.Sprintf("record %03d ", 100-len(lines)+i)
		if !strings.HasPrefix(l, want) {
			t.Fatalf("record %d is %.12q, want %q: order or content lost", i, l, want)
		}
	}
}

// TestTwoProcessesShareOneLog stands for the window and a CLI verb logging to one data dir: they
// rotate in turn and lose no record.
func TestTwoProcessesShareOneLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.log")
	const keep = 1000 // keep everything, to count
	a, err := openRotating(path, 2048, keep)
	if err != nil {
		t.Fatal(err)
	}
	b, err := openRotating(path, 2048, keep)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 300; i++ {
		w := a
		if i%3 == 0 {
			w = b
		}
		if _, err := fmt.Fprintf(w, "record %04d %s\n", i, strings.Repeat("z", 50)); err != nil {
			t.Fatal(err)
		}
	}
	a.Close()
	b.Close()
	lines := readRecords(t, path, keep)
	seen := map[string]bool{}
	for _, l := range lines {
		seen[l[:11]] = true
	}
	if len(seen) != 300 || len(lines) != 300 {
		t.Fatalf("%d distinct of %d records found, want 300 of 300", len(seen), len(lines))
	}
	for i := 1; i <= keep; i++ {
		info, err := os.Stat(fmt.Sprintf("%s.%d", path, i))
		if err != nil {
			break
		}
		if info.Size() > 2*2048 {
			t.Errorf("%s.%d grew to %d bytes", filepath.Base(path), i, info.Size())
		}
	}
}
