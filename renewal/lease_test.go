package renewal

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"scimrenew/hub"
	"scimrenew/store"
)

func TestSecondSessionIsRefusedByTheLease(t *testing.T) {
	f := newFixture(t, true)
	win := f.engine("window")
	s := f.begin(win)
	if _, err := win.Begin(f.ctx, f.p.ID); !errors.Is(err, ErrAlreadyOpen) {
		t.Fatalf("same engine twice: %v", err)
	}
	cli := f.engine("scimrenew renew")
	_, err := cli.Begin(f.ctx, f.p.ID)
	var held *store.LeaseHeldError
	if !errors.As(err, &held) || !strings.HasPrefix(held.Owner, "window [pid ") {
		t.Fatalf("second owner: %v", err)
	}
	if !strings.Contains(err.Error(), "window") {
		t.Fatalf("message does not name the holder: %q", err)
	}
	// The heartbeat keeps the lease past its TTL.
	time.Sleep(4 * time.Second)
	if _, err := cli.Begin(f.ctx, f.p.ID); !errors.As(err, &held) {
		t.Fatalf("after the TTL with a live heartbeat: %v", err)
	}
	if err := s.Create(f.ctx, false); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Create(f.ctx, false); !errors.Is(err, ErrClosed) {
		t.Fatalf("step after Close: %v", err)
	}
	s2, err := cli.Begin(f.ctx, f.p.ID)
	if err != nil {
		t.Fatalf("after Close: %v", err)
	}
	defer s2.Close()
	if s2.Renewal().ID != s.Renewal().ID || s2.Step() != StepVerify {
		t.Fatalf("resumed renewal %d at %v, want %d at Verify", s2.Renewal().ID, s2.Step(), s.Renewal().ID)
	}
}

func TestCrashedOwnersLeaseExpires(t *testing.T) {
	f := newFixture(t, true)
	// A window that died: its lease is not renewed.
	if _, _, err := f.st.BeginRenewal(f.ctx, f.p.ID, "api", "dead window", time.Second); err != nil {
		t.Fatal(err)
	}
	e := f.engine("window")
	var held *store.LeaseHeldError
	if _, err := e.Begin(f.ctx, f.p.ID); !errors.As(err, &held) {
		t.Fatalf("live lease: %v", err)
	}
	time.Sleep(1100 * time.Millisecond)
	s := f.begin(e)
	if s.Step() != StepCreate {
		t.Fatalf("step %v", s.Step())
	}
}

func TestLeaseOfADeadLocalProcessIsTakenOver(t *testing.T) {
	f := newFixture(t, true)
	ended, alive := ownerProcess(t, false), ownerProcess(t, true)
	host, _ := os.Hostname()
	for _, tc := range []struct {
		owner    string
		takeover bool
	}{
		{fmt.Sprintf("SCIM Renew [pid %d on %s]", ended, host), true},
		{fmt.Sprintf("SCIM Renew [pid %d on %s]", alive, host), false},
		{fmt.Sprintf("SCIM Renew [pid %d on another-host]", ended), false},
		{"SCIM Renew", false},
	} {
		r, _, err := f.st.BeginRenewal(f.ctx, f.p.ID, "api", tc.owner, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		s, err := f.engine("window").Begin(f.ctx, f.p.ID)
		var held *store.LeaseHeldError
		switch {
		case tc.takeover && err != nil:
			t.Fatalf("%q: %v", tc.owner, err)
		case !tc.takeover && !errors.As(err, &held):
			t.Fatalf("%q: taken over (%v)", tc.owner, err)
		}
		if s != nil {
			s.Close()
		}
		if err := f.st.ReleaseLease(f.ctx, r.ID, tc.owner); err != nil {
			t.Fatal(err)
		}
	}
}

func TestStepsRunOneAtATime(t *testing.T) {
	f := newFixture(t, true)
	release := make(chan struct{})
	entered := make(chan struct{})
	f.hub.probe = func(string, string) hub.ProbeResult {
		close(entered)
		<-release
		return hub.ProbeResult{Class: hub.ProbeOK, HTTPStatus: 200}
	}
	s := f.begin(f.engine("window"))
	if err := s.Create(f.ctx, false); err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() { _, err := s.Verify(f.ctx); done <- err }()
	<-entered
	if _, err := s.Verify(f.ctx); !errors.Is(err, ErrBusy) {
		t.Fatalf("concurrent Verify: %v", err)
	}
	if s.Step() != StepVerify { // accessors do not block on the running step
		t.Fatalf("step %v", s.Step())
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestATakenOverSessionStops(t *testing.T) {
	f := newFixture(t, true)
	cfg := f.config("window")
	cfg.LeaseTTL = 300 * time.Millisecond
	s := f.begin(New(cfg))
	s.Close() // stop its heartbeat without telling anyone: the lease runs out
	s2 := f.begin(f.engine("other window"))
	if err := s2.Create(f.ctx, false); err != nil {
		t.Fatal(err)
	}
	// The first window comes back to life through a session that still thinks it holds the lease.
	stale := newSession(New(cfg), f.p, s.Renewal())
	err := stale.Create(f.ctx, false)
	if !errors.Is(err, store.ErrLeaseLost) || !strings.Contains(err.Error(), "continue it there") {
		t.Fatalf("Create by the old owner: %v", err)
	}
	if _, err := stale.Verify(f.ctx); !errors.Is(err, store.ErrLeaseLost) {
		t.Fatalf("after losing the lease: %v", err)
	}
	if creates, _ := f.hub.counts(); creates != 1 {
		t.Fatalf("the Hub was asked %d times", creates)
	}
	if s2.LastError() != "" || f.renewal(s2.Renewal().ID).LastError != "" {
		t.Fatal("the old owner wrote an error into the new owner's renewal")
	}
}
