package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"scimrenew/services"
)

// maxLineLen bounds one line of standard input: the largest secret the keychain takes, plus the line end.
const maxLineLen = services.MaxSecretLen + 2

// errLineTooLong reports a line of standard input longer than any secret can be.
var errLineTooLong = fmt.Errorf("a line of standard input is longer than %d KiB, longer than any secret; give one item per line", services.MaxSecretLen>>10)

// lineReader reads standard input one line at a time. One reader serves the whole run, so the secrets
// and the confirmation that follow them come from the same buffered stream.
type lineReader struct {
	br       *bufio.Reader
	terminal bool // a person types the lines, and the terminal echoes them
}

func newLineReader(r io.Reader) *lineReader {
	l := &lineReader{br: bufio.NewReaderSize(r, 4096)}
	if f, ok := r.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			l.terminal = true
		}
	}
	return l
}

// next returns the next line without its line end (LF or CRLF). The last line may lack a line end.
// At the end of input with nothing read it returns io.EOF.
func (l *lineReader) next() (string, error) {
	var b strings.Builder
	for {
		chunk, err := l.br.ReadSlice('\n')
		if b.Len()+len(chunk) > maxLineLen {
			// Drain the rest of the line so the next read starts on the next line.
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = l.br.ReadSlice('\n')
			}
			return "", errLineTooLong
		}
		b.Write(chunk)
		switch {
		case err == nil:
			return trimLineEnd(b.String()), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if b.Len() == 0 {
				return "", io.EOF
			}
			return trimLineEnd(b.String()), nil
		default:
			return "", fmt.Errorf("cannot read standard input: %w", err)
		}
	}
}

func trimLineEnd(s string) string {
	s = strings.TrimSuffix(s, "\n")
	return strings.TrimSuffix(s, "\r")
}

// secret reads the next line as the named secret: surrounding spaces are dropped and an empty line or
// the end of input is an error that names the item (never its value).
func (l *lineReader) secret(what string) (string, error) {
	v, err := l.next()
	if errors.Is(err, io.EOF) {
		return "", fmt.Errorf("standard input ended before the %s; give one secret per line, in the order of the --*-stdin flags", what)
	}
	if err != nil {
		return "", err
	}
	v = strings.TrimSpace(v)
	if v == "" {
		return "", fmt.Errorf("the line of standard input for the %s is empty", what)
	}
	return v, nil
}

// lineResult is one line read in the background.
type lineResult struct {
	line string
	err  error
}

// nextCtx is next that gives up when ctx ends (Ctrl-C while waiting for a confirmation). The read
// itself cannot be interrupted; it finishes in the background and its line is dropped.
func (l *lineReader) nextCtx(ctx context.Context) (string, error) {
	ch := make(chan lineResult, 1)
	go func() {
		line, err := l.next()
		ch <- lineResult{line, err}
	}()
	select {
	case res := <-ch:
		return res.line, res.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
