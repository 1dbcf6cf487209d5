package applog

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"

	"scimrenew/ownerfile"
)

// rotatingFile is an append-only file that moves itself aside once it would grow past max bytes:
// path -> path.1 -> path.2 ... -> path.<keep>, the oldest dropped. Each Write is one log record, so a
// record is never split across two files.
//
// The window and CLI verbs may log to one data dir at once. O_APPEND keeps their records whole; when the
// other process has rotated first, this one notices (the path is no longer its file) and reopens rather
// than rotating the other's fresh file away.
type rotatingFile struct {
	mu   sync.Mutex
	path string
	max  int64
	keep int
	f    *os.File
	size int64
}

func openRotating(path string, max int64, keep int) (*rotatingFile, error) {
	r := &rotatingFile{path: path, max: max, keep: keep}
	if err := r.open(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *rotatingFile) open() error {
	// Owner-only on every OS (a log file left readable by others by an older build or by hand is
	// tightened), and never written through a link.
	f, err := ownerfile.OpenForWrite(r.path, true)
	if err != nil {
		return err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	r.f, r.size = f, info.Size()
	return nil
}

// Write appends p, rotating first when p would take the file past its limit. If rotation fails the
// record still goes to the current file: losing log lines is worse than an oversized log.
func (r *rotatingFile) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return 0, fs.ErrClosed
	}
	if r.size > 0 && r.size+int64(len(p)) > r.max {
		if err := r.rotate(); r.f == nil {
			return 0, err
		}
	}
	n, err := r.f.Write(p)
	r.size += int64(n)
	return n, err
}

func (r *rotatingFile) rotate() error {
	if r.rotatedElsewhere() {
		old := r.f
		if err := r.open(); err != nil {
			return err
		}
		old.Close()
		if r.size == 0 {
			return nil
		}
	}
	if err := r.f.Close(); err != nil {
		return r.reopenAfter(err)
	}
	for i := r.keep - 1; i >= 1; i-- {
		err := os.Rename(fmt.Sprintf("%s.%d", r.path, i), fmt.Sprintf("%s.%d", r.path, i+1))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return r.reopenAfter(err)
		}
	}
	if err := os.Rename(r.path, r.path+".1"); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return r.reopenAfter(err)
	}
	return r.open()
}

// rotatedElsewhere reports whether the path no longer names the file this process writes.
func (r *rotatingFile) rotatedElsewhere() bool {
	mine, err := r.f.Stat()
	if err != nil {
		return false
	}
	onDisk, err := os.Stat(r.path)
	return err != nil || !os.SameFile(mine, onDisk)
}

// reopenAfter gets a writable file back after a failed rotation step and reports the failure.
func (r *rotatingFile) reopenAfter(cause error) error {
	if err := r.open(); err != nil {
		r.f = nil
		return errors.Join(cause, err)
	}
	return cause
}

// Close closes the file; later writes fail with fs.ErrClosed.
func (r *rotatingFile) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return nil
	}
	err := r.f.Close()
	r.f = nil
	return err
}
