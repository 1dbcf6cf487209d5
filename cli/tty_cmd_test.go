//go:build linux || darwin

package cli_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"scimrenew/cli"
	"scimrenew/hub/hubtest"
)

type screenBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *screenBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *screenBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// TestVerifyAtATerminal runs `scimrenew verify` with a pseudo-terminal as its standard input, output
// and error, the way an administrator types a token: the prompt names the token, the token typed is
// not shown, and the check runs on it.
func TestVerifyAtATerminal(t *testing.T) {
	h := newHarness(t)
	hub := hubtest.New(hubtest.Options{})
	defer hub.Close()
	tok, err := hub.IssueToken()
	if err != nil {
		t.Fatal(err)
	}
	h.secret("SCIM token", tok)

	master, tty, err := pty.Open()
	if err != nil {
		t.Fatalf("opening a pseudo-terminal: %v", err)
	}
	defer master.Close()
	screen := &screenBuffer{}
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		_, _ = io.Copy(screen, master)
	}()

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := h.command(ctx, "verify", "--scim-url", hub.SCIMBase())
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if on, err := cli.TerminalEchoes(tty); err == nil && !on && strings.Contains(screen.String(), "token") {
			break
		}
	}
	if _, err := master.Write([]byte(tok + "\r")); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	_ = tty.Close() // with the command gone too, the terminal's screen ends
	select {
	case <-copied:
	case <-time.After(5 * time.Second):
	}
	out := strings.ReplaceAll(screen.String(), tok, "<token>")
	h.record(screen.String())
	if err != nil {
		t.Fatalf("verify: %v\n%s", err, out)
	}
	if !strings.Contains(out, "Enter the token") {
		t.Errorf("no prompt naming the token:\n%s", out)
	}
	if !strings.Contains(out, "works") {
		t.Errorf("the check did not report the token working:\n%s", out)
	}
}
