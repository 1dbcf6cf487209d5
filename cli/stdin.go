package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"golang.org/x/term"

	"scimrenew/services"
)

// maxLineLen bounds one line of standard input: the largest secret the keychain takes, plus the line end.
const maxLineLen = services.MaxSecretLen + 2

// errLineTooLong reports a line of standard input longer than any secret can be.
var errLineTooLong = fmt.Errorf("a line of standard input is longer than %d KiB, longer than any secret; give one item per line", services.MaxSecretLen>>10)

// lineReader reads standard input one line at a time. One reader serves the whole run, so the secrets
// and the confirmation that follow them come from the same buffered stream. When standard input is a
// terminal, a secret is asked for by name on the prompt writer (stderr) and typed with the echo off;
// other lines, such as the yes/no confirmation, are echoed as usual. Piped input is read as it comes.
type lineReader struct {
	br       *bufio.Reader
	terminal bool      // a person types the lines, and the terminal echoes them
	tty      *os.File  // standard input when it is a terminal
	prompt   io.Writer // where a secret's prompt goes; nil for none
	read     []string  // the secrets read so far, blanked from every error the command prints
}

func newLineReader(r io.Reader, prompt io.Writer) *lineReader {
	l := &lineReader{br: bufio.NewReaderSize(r, 4096), prompt: prompt}
	if f, ok := r.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		l.terminal, l.tty = true, f
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
// the end of input is an error that names the item (never its value). On a terminal the line is typed
// after a prompt naming the item, with the echo off.
func (l *lineReader) secret(what string) (string, error) {
	v, err := l.secretLine(what)
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
	l.read = append(l.read, v)
	return v, nil
}

// secretLine reads a secret's line: hidden from a terminal, or as any other line from a pipe (or when
// the reader already holds typed-ahead input, which the hidden read would skip).
func (l *lineReader) secretLine(what string) (string, error) {
	if l.tty == nil || l.br.Buffered() > 0 {
		return l.next()
	}
	if l.prompt != nil {
		fmt.Fprintf(l.prompt, "Enter the %s (typing is not shown): ", what)
	}
	b, err := readHidden(l.tty)
	if l.prompt != nil {
		fmt.Fprintln(l.prompt) // the Enter key was not echoed either
	}
	defer clear(b)
	switch {
	case errors.Is(err, io.EOF) && len(b) == 0:
		return "", io.EOF
	case err != nil && !errors.Is(err, io.EOF):
		return "", err
	case len(b) > maxLineLen:
		return "", errLineTooLong
	}
	return trimLineEnd(string(b)), nil
}

// errInterrupted reports Ctrl-C (or a termination request) while a secret was being typed.
var errInterrupted = errors.New("interrupted while the secret was typed; nothing was read")

// readHidden reads one line from the terminal with its echo off (golang.org/x/term). Ctrl-C is
// caught by the command's signal handler rather than ending the process, so the read is abandoned on
// an interrupt instead: the terminal gets its echo back at once, and the command stops.
func readHidden(tty *os.File) ([]byte, error) {
	fd := int(tty.Fd())
	state, err := term.GetState(fd)
	if err != nil {
		return nil, fmt.Errorf("cannot read the terminal's settings to hide the secret: %w", err)
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		b, err := term.ReadPassword(fd)
		done <- result{b, err}
	}()
	select {
	case r := <-done:
		return r.b, r.err
	case <-sig:
		_ = term.Restore(fd, state)
		return nil, errInterrupted
	}
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
