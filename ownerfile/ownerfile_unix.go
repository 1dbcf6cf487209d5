//go:build unix

package ownerfile

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

func openForWrite(path string, appending bool) (*os.File, error) {
	flag := os.O_WRONLY | os.O_CREATE | syscall.O_NOFOLLOW
	if appending {
		flag |= os.O_APPEND
	}
	f, err := os.OpenFile(path, flag, 0o600)
	if errors.Is(err, syscall.ELOOP) || errors.Is(err, syscall.EMLINK) { // EMLINK: FreeBSD's O_NOFOLLOW
		return nil, ErrNotRegular
	}
	return f, err
}

func restrictOpen(f *os.File) error { return f.Chmod(0o600) }

func restrict(path string) error { return os.Chmod(path, 0o600) }

func check(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Errorf("%s has mode %v: others can read it", path, perm)
	}
	return nil
}
