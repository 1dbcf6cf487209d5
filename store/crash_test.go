package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

const crashEnv = "SCIMRENEW_STORE_CRASH_CHILD"

// TestCrashChild is the child half of TestSIGKILLLeavesConsistentDB: it writes rows as fast as it can
// and prints each token ID once its transaction has committed.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashEnv)
	if dir == "" {
		t.Skip("helper process for TestSIGKILLLeavesConsistentDB")
	}
	s, err := Open(dir)
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(3)
	}
	ctx := context.Background()
	p, err := s.ProfileByName(ctx, "Crash")
	if err != nil {
		fmt.Println("profile:", err)
		os.Exit(3)
	}
	out := bufio.NewWriter(os.Stdout)
	for i := 0; ; i++ {
		id, err := s.InsertToken(ctx, Token{
			ProfileID: p.ID, Fingerprint: Fingerprint(strconv.Itoa(i)),
			CreatedAt: time.Now(), ExpiresAt: time.Now().AddDate(1, 0, 0), ExpirySource: "assumed_12_months", Status: TokenSuperseded,
		})
		if err != nil {
			fmt.Println("insert:", err)
			os.Exit(3)
		}
		fmt.Fprintf(out, "%d\n", id)
		out.Flush()
	}
}

func TestSIGKILLLeavesConsistentDB(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	p, err := s.CreateProfile(ctx, sampleProfile("Crash"))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	committed := map[int64]bool{}
	for round := 0; round < 8; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$")
		cmd.Env = append(os.Environ(), crashEnv+"="+dir)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// Let it commit a few rows, then kill it at a point that varies from round to round. The clock
		// starts at its first commit, since a process can take long to start (under Wine, a second).
		var deadline <-chan time.Time
		giveUp := time.After(time.Minute)
		n := 0
	read:
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					break read
				}
				id, err := strconv.ParseInt(l, 10, 64)
				if err != nil {
					t.Fatalf("child said %q", l)
				}
				committed[id] = true
				if n++; n == 1 {
					deadline = time.After(time.Duration(100+round*37) * time.Millisecond)
				}
			case <-giveUp:
				_ = cmd.Process.Kill()
				t.Fatalf("round %d: the child committed nothing within a minute", round)
			case <-deadline:
				_ = cmd.Process.Kill() // SIGKILL; TerminateProcess on Windows
				deadline = nil
			}
		}
		_ = cmd.Wait()
		if n == 0 {
			t.Fatalf("round %d: the child committed nothing", round)
		}
	}

	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, err := s.IntegrityCheck(ctx); err != nil || v != "ok" {
		t.Fatalf("integrity_check = %q, %v", v, err)
	}
	toks, err := s.Tokens(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	have := map[int64]bool{}
	for _, tk := range toks {
		have[tk.ID] = true
	}
	for id := range committed {
		if !have[id] {
			t.Fatalf("committed token row %d is missing after SIGKILL", id)
		}
	}
	t.Logf("%d committed rows over 8 kills, all present; integrity ok", len(committed))
}
