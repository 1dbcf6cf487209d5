// Package applog owns SCIM Renew's log: log/slog records in a size-rotated text file in the data dir
// (scimrenew.log, rotated at 1 MiB, three old files kept), at Info level, or at Debug level and mirrored
// to stderr with --debug. Every record passes through a redacting handler first, a safety net that
// blanks attributes whose key names a secret and scrubs values that look like one, so a careless log line
// at any level still cannot write a token, client secret, Okta credential or private key.
//
// It imports nothing of the project but redact, the one scrubber whose pattern step it applies. It must
// not decide what the app logs, and it is a net, not a licence: code must still never pass a secret to
// a logger.
package applog

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
)

// FileName is the log file's name inside the data dir.
const FileName = "scimrenew.log"

// Rotation limits: the live file is rotated once it would pass MaxFileSize, keeping KeepFiles old ones
// (scimrenew.log.1 is the newest), so the log never takes more than about 4 MiB.
const (
	MaxFileSize = 1 << 20
	KeepFiles   = 3
)

// Setup opens (or creates) the log in dataDir and returns a logger writing to it, and the Closer that
// flushes and closes the file on quit. With debug, Debug records are kept, carry their source line, and
// are mirrored to stderr. The caller decides whether to make it the default with slog.SetDefault.
func Setup(dataDir string, debug bool) (*slog.Logger, io.Closer, error) {
	return setup(dataDir, debug, os.Stderr)
}

func setup(dataDir string, debug bool, stderr io.Writer) (*slog.Logger, io.Closer, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, nil, fmt.Errorf("applog: cannot create the data directory %s for the log: %w", dataDir, err)
	}
	path := filepath.Join(dataDir, FileName)
	file, err := openRotating(path, MaxFileSize, KeepFiles)
	if err != nil {
		return nil, nil, fmt.Errorf("applog: cannot open the log file %s (check its permissions and free space): %w", path, err)
	}
	var out io.Writer = file
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	if debug {
		out = mirror{primary: file, copy: stderr}
		opts = &slog.HandlerOptions{Level: slog.LevelDebug, AddSource: true}
	}
	return slog.New(NewRedactingHandler(slog.NewTextHandler(out, opts))), file, nil
}

// mirror writes to the file and copies to stderr; a broken stderr (closed terminal) must not stop the
// file from being written, so only the file's result counts.
type mirror struct {
	primary io.Writer
	copy    io.Writer
}

func (m mirror) Write(p []byte) (int, error) {
	n, err := m.primary.Write(p)
	_, _ = m.copy.Write(p)
	return n, err
}
