package instance

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"scimrenew/internal/winetest"
)

func TestSecondAcquireHandsOver(t *testing.T) {
	dir := t.TempDir()
	var shown atomic.Int32
	l, err := Acquire(dir, func() { shown.Add(1) })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Acquire(dir, nil); !errors.Is(err, ErrRunning) {
		t.Fatalf("second Acquire: %v, want ErrRunning", err)
	}
	if !winetest.Limit(t, winetest.NoUnixSockets) {
		if err := HandOver(dir); err != nil {
			t.Fatal(err)
		}
		if shown.Load() != 1 {
			t.Fatalf("onShow ran %d times", shown.Load())
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if err := HandOver(dir); err == nil {
		t.Fatal("HandOver succeeded with no window running")
	}
	l2, err := Acquire(dir, nil)
	if err != nil {
		t.Fatalf("Acquire after Close: %v", err)
	}
	l2.Close()
}

func TestLongDataDirHandsOver(t *testing.T) {
	winetest.Skip(t, winetest.NoUnixSockets)
	dir := t.TempDir() + "/" + strings.Repeat("d", 120)
	l, err := Acquire(dir, func() {})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if err := HandOver(dir); err != nil {
		t.Fatalf("hand over through the socket outside the data dir: %v", err)
	}
}

const holdEnv = "SCIMRENEW_INSTANCE_HOLD"

// TestHoldChild is the child half of TestKilledHolderReleasesLock: it takes the lock and waits.
func TestHoldChild(t *testing.T) {
	dir := os.Getenv(holdEnv)
	if dir == "" {
		t.Skip("helper process for TestKilledHolderReleasesLock")
	}
	if _, err := Acquire(dir, nil); err != nil {
		os.Exit(3)
	}
	os.Stdout.WriteString("held\n")
	time.Sleep(time.Minute)
}

func TestKilledHolderReleasesLock(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHoldChild$")
	cmd.Env = append(os.Environ(), holdEnv+"="+dir)
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(out).ReadString('\n')
	if strings.TrimSpace(line) != "held" {
		t.Fatalf("child said %q", line)
	}
	if _, err := Acquire(dir, nil); !errors.Is(err, ErrRunning) {
		t.Fatalf("lock held by another process not seen: %v", err)
	}
	if err := HandOver(dir); err != nil && !winetest.Limit(t, winetest.NoUnixSockets) {
		t.Fatalf("hand over to another process: %v", err)
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	l, err := Acquire(dir, nil)
	if err != nil {
		t.Fatalf("a killed window's lock was not released: %v", err)
	}
	l.Close()
}
