package main

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestMissingHardening(t *testing.T) {
	all := uint16(pe.IMAGE_DLLCHARACTERISTICS_DYNAMIC_BASE | pe.IMAGE_DLLCHARACTERISTICS_HIGH_ENTROPY_VA |
		pe.IMAGE_DLLCHARACTERISTICS_NX_COMPAT)
	for _, tc := range []struct {
		chars uint16
		want  []string // names in the error; none: no error
	}{
		{all, nil},
		{all | pe.IMAGE_DLLCHARACTERISTICS_TERMINAL_SERVER_AWARE, nil},
		{all &^ pe.IMAGE_DLLCHARACTERISTICS_DYNAMIC_BASE, []string{"DYNAMIC_BASE"}},
		{all &^ pe.IMAGE_DLLCHARACTERISTICS_HIGH_ENTROPY_VA, []string{"HIGH_ENTROPY_VA"}},
		{all &^ pe.IMAGE_DLLCHARACTERISTICS_NX_COMPAT, []string{"NX_COMPAT"}},
		{0, []string{"DYNAMIC_BASE", "HIGH_ENTROPY_VA", "NX_COMPAT"}},
	} {
		err := missingHardening("x.exe", tc.chars)
		if len(tc.want) == 0 {
			if err != nil {
				t.Errorf("%#04x: %v, want no error", tc.chars, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%#04x: no error, want one naming %v", tc.chars, tc.want)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%#04x: %q does not name %s", tc.chars, err, w)
			}
		}
	}
}

// TestHardenedOnARealImage checks a real Windows image — this test binary itself on Windows (built
// with mingw like the release), elsewhere a small program built here — then clears its ASLR bit in a
// copy and checks that the copy is refused.
func TestHardenedOnARealImage(t *testing.T) {
	dir := t.TempDir()
	exe := windowsImage(t, dir)
	if err := hardened(exe); err != nil {
		t.Fatalf("a Windows image as Go builds it: %v", err)
	}

	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	// DllCharacteristics sits 70 bytes into the optional header, which follows the 4-byte "PE\0\0"
	// signature and the 20-byte file header at the offset stored at 0x3c.
	off := int(binary.LittleEndian.Uint32(data[0x3c:])) + 4 + 20 + 70
	if !bytes.Equal(data[off-70-24:off-70-20], []byte("PE\x00\x00")) {
		t.Fatal("no PE signature where expected")
	}
	chars := binary.LittleEndian.Uint16(data[off:])
	binary.LittleEndian.PutUint16(data[off:], chars&^pe.IMAGE_DLLCHARACTERISTICS_DYNAMIC_BASE)
	bad := filepath.Join(dir, "no-aslr.exe")
	if err := os.WriteFile(bad, data, 0o600); err != nil {
		t.Fatal(err)
	}
	err = hardened(bad)
	if err == nil || !strings.Contains(err.Error(), "DYNAMIC_BASE") {
		t.Fatalf("an image without ASLR: err = %v, want one naming DYNAMIC_BASE", err)
	}
}

// windowsImage returns a Windows executable to check: on Windows this test binary, elsewhere a pure-Go
// program cross-built into dir.
func windowsImage(t *testing.T, dir string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		exe, err := os.Executable()
		if err != nil {
			t.Fatal(err)
		}
		return exe
	}
	src := filepath.Join(dir, "main.go")
	if err := os.WriteFile(src, []byte("package main\n\nfunc main() {}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, "tiny.exe")
	cmd := exec.Command("go", "build", "-o", exe, src)
	cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0", "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building a Windows program: %v\n%s", err, out)
	}
	return exe
}
