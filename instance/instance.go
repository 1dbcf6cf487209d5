// Package instance keeps one SCIM Renew window per data directory: the first window holds a lock file
// in the data dir and listens on a local socket (in the data dir, or in a folder only this user can
// use when that path is too long for a socket address); a second start finds the lock taken, asks the
// first window to come to the front, and exits. Command-line verbs never take this lock (they coordinate
// through the store's renewal lease instead).
//
// It is a leaf: it imports nothing of the project and knows nothing of Fyne; the window is raised by a
// callback.
package instance

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"
)

// LockName is the lock file's name in the data directory.
const LockName = "scimrenew.lock"

// ErrRunning reports that another window already holds the data directory.
var ErrRunning = errors.New("SCIM Renew is already running with this data folder")

// Lock is the held single-instance lock. Close releases it.
type Lock struct {
	fl   *flock.Flock
	ln   net.Listener
	sock string
}

// Acquire takes the data directory's single-instance lock, or returns ErrRunning. While held, a
// second start's HandOver makes onShow run (on a goroutine of the listener: hand it to the UI thread).
func Acquire(dataDir string, onShow func()) (*Lock, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, err
	}
	fl := flock.New(filepath.Join(dataDir, LockName))
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("instance: cannot lock %s: %w", fl.Path(), err)
	}
	if !ok {
		return nil, ErrRunning
	}
	l := &Lock{fl: fl}
	sock, err := socketPath(dataDir)
	if err != nil {
		// Without the socket the lock still keeps a single window; a second start just cannot raise it.
		return l, nil
	}
	l.sock = sock
	// The lock is ours, so a socket file left behind is stale (its owner died).
	_ = os.Remove(l.sock)
	ln, err := net.Listen("unix", l.sock)
	if err != nil {
		return l, nil
	}
	l.ln = ln
	go l.serve(onShow)
	return l, nil
}

func (l *Lock) serve(onShow func()) {
	for {
		c, err := l.ln.Accept()
		if err != nil {
			return
		}
		_ = c.SetDeadline(time.Now().Add(2 * time.Second))
		line, _ := bufio.NewReader(c).ReadString('\n')
		if strings.TrimSpace(line) == "show" {
			if onShow != nil {
				onShow()
			}
			_, _ = c.Write([]byte("ok\n"))
		}
		c.Close()
	}
}

// Close stops listening and releases the lock.
func (l *Lock) Close() error {
	if l.ln != nil {
		l.ln.Close()
		_ = os.Remove(l.sock)
	}
	return l.fl.Unlock()
}

// HandOver asks the window that holds dataDir to come to the front. It returns an error when no window
// answered within two seconds.
func HandOver(dataDir string) error {
	sock, err := socketPath(dataDir)
	if err != nil {
		return fmt.Errorf("instance: cannot reach the running window: %w", err)
	}
	c, err := net.DialTimeout("unix", sock, 2*time.Second)
	if err != nil {
		return fmt.Errorf("instance: the running window did not answer: %w", err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := c.Write([]byte("show\n")); err != nil {
		return err
	}
	reply, err := bufio.NewReader(c).ReadString('\n')
	if err != nil || strings.TrimSpace(reply) != "ok" {
		return fmt.Errorf("instance: the running window did not confirm: %v", err)
	}
	return nil
}

// maxSocketPath is the longest socket path used: Unix socket addresses hold about 104 bytes (macOS)
// to 108 (Linux), including the terminating NUL.
const maxSocketPath = 100

// socketPath is the data dir's socket, or, when that path would pass maxSocketPath, one named by a
// hash of the data dir in a folder only this user can use (see privateFolder): never a folder others
// can write to, where another local user could take the name first and answer a second start.
func socketPath(dataDir string) (string, error) {
	p := filepath.Join(dataDir, "scimrenew.sock")
	if len(p) < maxSocketPath {
		return p, nil
	}
	dir, err := privateFolder()
	if err != nil {
		return "", err
	}
	abs, _ := filepath.Abs(dataDir)
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(dir, hex.EncodeToString(sum[:8])+".sock"), nil
}

// privateFolder returns $XDG_RUNTIME_DIR/scimrenew when the runtime dir is this user's alone, or else
// a per-user folder in the temp dir (scimrenew-UID); either is created with mode 0700 and then checked:
// a real folder, not a symlink, owned by this user, open to nobody else. A folder someone else made
// first fails the check, and the caller goes without a socket.
func privateFolder() (string, error) {
	if run := os.Getenv("XDG_RUNTIME_DIR"); run != "" && filepath.IsAbs(run) && checkPrivate(run) == nil {
		return ensurePrivate(filepath.Join(run, "scimrenew"))
	}
	return ensurePrivate(filepath.Join(os.TempDir(), userFolder()))
}

// ensurePrivate creates dir with mode 0700 unless it exists, then checks it is private.
func ensurePrivate(dir string) (string, error) {
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, os.ErrExist) {
		return "", fmt.Errorf("instance: cannot create the folder for the window's socket %s: %w", dir, err)
	}
	if err := checkPrivate(dir); err != nil {
		return "", err
	}
	return dir, nil
}
