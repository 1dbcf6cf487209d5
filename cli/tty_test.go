//go:build linux || darwin

package cli

import (
	"bytes"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// ptyOutput collects what a pseudo-terminal shows: the program's prompts and the terminal's echo.
type ptyOutput struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (o *ptyOutput) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.Write(p)
}

func (o *ptyOutput) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// openPTY returns the terminal's two ends and what its screen shows; both ends close when the test ends.
func openPTY(t *testing.T) (master, tty *os.File, screen *ptyOutput) {
	t.Helper()
	master, tty, err := pty.Open()
	if err != nil {
		t.Fatalf("opening a pseudo-terminal: %v", err)
	}
	screen = &ptyOutput{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = io.Copy(screen, master)
	}()
	t.Cleanup(func() {
		_ = tty.Close()
		_ = master.Close()
		<-done
	})
	return master, tty, screen
}

// TerminalEchoes reports whether the terminal echoes what is typed; the command-line tests (package
// cli_test) use it too.
func TerminalEchoes(tty *os.File) (bool, error) {
	tio, err := unix.IoctlGetTermios(int(tty.Fd()), ioctlGetTermios)
	if err != nil {
		return false, err
	}
	return tio.Lflag&unix.ECHO != 0, nil
}

func echoing(t *testing.T, tty *os.File) bool {
	t.Helper()
	on, err := TerminalEchoes(tty)
	if err != nil {
		t.Fatalf("reading the terminal's settings: %v", err)
	}
	return on
}

// typeWhenReady types line once the screen shows want and the terminal's echo is off (a person reads
// the prompt before typing), or after two seconds whatever the state.
func typeWhenReady(t *testing.T, master, tty *os.File, screen *ptyOutput, want string, echo bool, line string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) && !(strings.Contains(screen.String(), want) && echoing(t, tty) == echo) {
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := master.Write([]byte(line)); err != nil {
		t.Fatal(err)
	}
}

// waitFor waits up to two seconds for the screen to show want.
func waitFor(screen *ptyOutput, want string) bool {
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if strings.Contains(screen.String(), want) {
			return true
		}
	}
	return false
}

// TestSecretFromTerminalIsNotEchoed: on a terminal, a secret is asked for by name on the prompt
// writer (stderr) and read with the echo off; the yes/no answer that follows is echoed as usual.
func TestSecretFromTerminalIsNotEchoed(t *testing.T) {
	master, tty, screen := openPTY(t)
	l := newLineReader(tty, tty)
	const secret = "tty-secret-0123456789abcdef"
	got := make(chan string, 1)
	go func() {
		v, err := l.secret("Hub Client Secret")
		if err != nil {
			v = "error: " + err.Error()
		}
		got <- v
	}()
	typeWhenReady(t, master, tty, screen, "Hub Client Secret", false, secret+"\r")
	select {
	case v := <-got:
		if v != secret {
			t.Fatalf("read %d bytes (%q...), want the secret", len(v), v[:min(len(v), 7)])
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the secret was not read")
	}
	if !echoing(t, tty) {
		t.Error("the terminal's echo is still off after the secret was read")
	}
	if !waitFor(screen, "Hub Client Secret") {
		t.Errorf("no prompt naming the item; the screen shows %q", strings.ReplaceAll(screen.String(), secret, "<secret>"))
	}
	if strings.Contains(screen.String(), secret) {
		t.Error("the terminal echoed the secret")
	}

	answer := make(chan string, 1)
	go func() {
		line, _ := l.next()
		answer <- line
	}()
	typeWhenReady(t, master, tty, screen, "", true, "yes\r")
	if a := <-answer; a != "yes" {
		t.Fatalf("confirmation read as %q", a)
	}
	if !waitFor(screen, "yes") {
		t.Error("the confirmation was not echoed")
	}
}

// TestSecretFromPipeIsUnchanged: standard input that is not a terminal gets no prompt.
func TestSecretFromPipeIsUnchanged(t *testing.T) {
	var prompt bytes.Buffer
	l := newLineReader(strings.NewReader("piped-secret-value\n"), &prompt)
	if v, err := l.secret("Hub Client Secret"); err != nil || v != "piped-secret-value" {
		t.Fatalf("secret: %d bytes, %v", len(v), err)
	}
	if prompt.Len() != 0 {
		t.Errorf("a prompt was written for piped input: %q", prompt.String())
	}
}
