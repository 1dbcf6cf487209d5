//go:build linux || freebsd || openbsd || netbsd || dragonfly || darwin

package desktop

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// writeFileAtomic writes data to path through a temporary file in the same directory, so a crash never
// leaves a half-written entry for the session manager to trip over.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("desktop: could not create %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, ".scimrenew-*")
	if err != nil {
		return fmt.Errorf("desktop: could not write in %s: %w", dir, err)
	}
	defer os.Remove(f.Name()) // nothing is left to remove after the rename
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("desktop: could not write %s: %w", path, err)
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return fmt.Errorf("desktop: could not write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("desktop: could not write %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("desktop: could not save %s: %w", path, err)
	}
	return nil
}

func removeFile(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("desktop: could not remove %s: %w", path, err)
	}
	return nil
}
