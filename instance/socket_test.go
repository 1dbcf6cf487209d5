//go:build unix

package instance

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// sharedTemp makes the temp dir a fresh world-writable, sticky folder like /tmp, and unsets
// XDG_RUNTIME_DIR, so a test sees what a system without a runtime dir does.
func sharedTemp(t *testing.T) string {
	t.Helper()
	tmp := t.TempDir()
	if err := os.Chmod(tmp, 0o777|os.ModeSticky); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", tmp)
	t.Setenv("XDG_RUNTIME_DIR", "")
	return tmp
}

// longDataDir is a data dir whose socket path would pass the Unix limit.
func longDataDir(t *testing.T) string {
	return filepath.Join(t.TempDir(), strings.Repeat("d", 90))
}

// checkPrivateFolder fails unless dir is a real folder (no symlink) owned by this user with mode 0700.
func checkPrivateFolder(t *testing.T, dir string) {
	t.Helper()
	fi, err := os.Lstat(dir)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := fi.Sys().(*syscall.Stat_t)
	if !fi.IsDir() || fi.Mode()&os.ModeSymlink != 0 || fi.Mode().Perm() != 0o700 || st == nil || int(st.Uid) != os.Getuid() {
		t.Fatalf("the socket's folder %s is not private: mode %v, owner %v", dir, fi.Mode(), st.Uid)
	}
}

// TestLongDataDirSocketIsPrivate: with no runtime dir, the socket of a long data dir goes into a
// per-user 0700 folder, never straight into the shared temp folder.
func TestLongDataDirSocketIsPrivate(t *testing.T) {
	tmp := sharedTemp(t)
	dir := longDataDir(t)
	l, err := Acquire(dir, func() {})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if l.ln == nil {
		t.Fatal("no socket was opened")
	}
	parent := filepath.Dir(l.sock)
	if parent == filepath.Clean(tmp) {
		t.Fatalf("the socket %s lies in the shared temp folder", l.sock)
	}
	checkPrivateFolder(t, parent)
	if err := HandOver(dir); err != nil {
		t.Fatalf("hand over through the private socket: %v", err)
	}
}

// TestLongDataDirUsesRuntimeDir: a private $XDG_RUNTIME_DIR holds the socket.
func TestLongDataDirUsesRuntimeDir(t *testing.T) {
	sharedTemp(t)
	run := t.TempDir()
	if err := os.Chmod(run, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_RUNTIME_DIR", run)
	dir := longDataDir(t)
	l, err := Acquire(dir, func() {})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if l.ln == nil || !strings.HasPrefix(l.sock, run+string(filepath.Separator)) {
		t.Fatalf("socket %q (listening %t) is not in XDG_RUNTIME_DIR", l.sock, l.ln != nil)
	}
	checkPrivateFolder(t, filepath.Dir(l.sock))
	if err := HandOver(dir); err != nil {
		t.Fatal(err)
	}
}

// TestSharedRuntimeDirIsNotUsed: an $XDG_RUNTIME_DIR others can write to is passed over.
func TestSharedRuntimeDirIsNotUsed(t *testing.T) {
	sharedTemp(t)
	run := t.TempDir()
	if err := os.Chmod(run, 0o777); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_RUNTIME_DIR", run)
	l, err := Acquire(longDataDir(t), func() {})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if strings.HasPrefix(l.sock, run) {
		t.Fatalf("the socket %s lies in a world-writable runtime dir", l.sock)
	}
	checkPrivateFolder(t, filepath.Dir(l.sock))
}

// TestTakenSocketFolderIsRefused: when someone else got to the per-user folder first (a symlink to
// their folder, a folder open to all, or one they own), no socket is put there and a second start
// does not talk to theirs; the lock still keeps a single window.
func TestTakenSocketFolderIsRefused(t *testing.T) {
	cases := map[string]func(t *testing.T, folder, theirs string){
		"symlink": func(t *testing.T, folder, theirs string) {
			if err := os.Symlink(theirs, folder); err != nil {
				t.Fatal(err)
			}
		},
		"open to all": func(t *testing.T, folder, _ string) {
			if err := os.Mkdir(folder, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(folder, 0o777); err != nil {
				t.Fatal(err)
			}
		},
		"another owner": func(t *testing.T, folder, _ string) {
			if os.Getuid() != 0 {
				t.Skip("giving a folder to another user needs root")
			}
			if err := os.Mkdir(folder, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.Chown(folder, 65534, 65534); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, takeFirst := range cases {
		t.Run(name, func(t *testing.T) {
			tmp := sharedTemp(t)
			theirs := t.TempDir()
			takeFirst(t, filepath.Join(tmp, userFolder()), theirs)
			dir := longDataDir(t)
			l, err := Acquire(dir, func() {})
			if err != nil {
				t.Fatalf("the lock was not taken: %v", err)
			}
			defer l.Close()
			if l.ln != nil {
				t.Fatalf("a socket was opened at %s", l.sock)
			}
			if entries, _ := os.ReadDir(theirs); len(entries) > 0 {
				t.Fatalf("something was created in the other user's folder: %s", entries[0].Name())
			}
			if err := HandOver(dir); err == nil {
				t.Fatal("HandOver talked to a socket in a folder that is not ours")
			}
		})
	}
}
