package ownerfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"scimrenew/internal/winetest"
)

// checkOwnerOnly fails t unless only the owner can read path (where the system can tell).
func checkOwnerOnly(t *testing.T, path string) {
	t.Helper()
	if err := Check(path); err != nil && !winetest.Limit(t, winetest.NoFileDACL) {
		t.Error(err)
	}
}

func TestOpenForWriteIsOwnerOnly(t *testing.T) {
	dir := t.TempDir()
	open := filepath.Join(dir, "open")
	if err := os.WriteFile(open, []byte("earlier"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Check(open); err == nil && !winetest.Limit(t, winetest.NoFileDACL) {
		t.Fatal("Check passes a file others can read; it must fail there for the test to mean anything")
	}
	for name, path := range map[string]string{"new": filepath.Join(dir, "new"), "existing, open to others": open} {
		for _, appending := range []bool{false, true} {
			f, err := OpenForWrite(path, appending)
			if err != nil {
				t.Fatalf("%s (append %v): %v", name, appending, err)
			}
			if _, err := f.WriteString("x"); err != nil {
				t.Fatalf("%s: write: %v", name, err)
			}
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}
			checkOwnerOnly(t, path)
		}
	}
	if b, _ := os.ReadFile(open); string(b) != "xarlierx" {
		t.Errorf("writes landed as %q, want the first over the start and the second appended", b)
	}
}

func TestOpenForWriteRefusesLinksAndFolders(t *testing.T) {
	winetest.Skip(t, winetest.NoSymlinks)
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	link := filepath.Join(dir, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Fatalf("make a symbolic link: %v", err)
	}
	for _, bad := range []string{link, dir} {
		f, err := OpenForWrite(bad, false)
		if err == nil {
			f.Close()
			t.Errorf("%s: opened", bad)
		} else if bad == link && !errors.Is(err, ErrNotRegular) {
			t.Errorf("%s: %v, want ErrNotRegular", bad, err)
		}
	}
	if _, err := os.Lstat(target); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the link's target was created: %v", err)
	}
}

func TestRestrict(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	if err := os.WriteFile(path, nil, 0o666); err != nil {
		t.Fatal(err)
	}
	if err := Restrict(path); err != nil {
		t.Fatal(err)
	}
	checkOwnerOnly(t, path)
	if err := Restrict(filepath.Join(t.TempDir(), "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Restrict of a missing file: %v, want ErrNotExist", err)
	}
}

func TestOpenForWriteRefusesAFolder(t *testing.T) {
	if f, err := OpenForWrite(t.TempDir(), false); err == nil {
		f.Close()
		t.Fatal("a folder was opened for writing")
	}
}
