package renewal

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"scimrenew/hub"
	"scimrenew/secrets"
	"scimrenew/store"
)

func TestCreateOutcomeUnknownAsksBeforeCreatingAgain(t *testing.T) {
	f := newFixture(t, true)
	f.hub.failNext = []error{&hub.Error{Kind: hub.ErrOutcomeUnknown, Msg: "The Hub did not answer in time; it may have created a token."}}
	s := f.begin(f.engine("window"))
	err := s.Create(f.ctx, false)
	if !errors.Is(err, hub.ErrOutcomeUnknown) {
		t.Fatalf("Create: %v", err)
	}
	if !s.NeedsCreateConfirmation() || s.Renewal().State != store.StateCreating || s.LastError() == "" {
		t.Fatalf("after unknown outcome: state %q, confirm %v, error %q", s.Renewal().State, s.NeedsCreateConfirmation(), s.LastError())
	}
	if err := s.Create(f.ctx, false); !errors.Is(err, ErrConfirmCreate) {
		t.Fatalf("unconfirmed Create: %v", err)
	}
	if _, err := s.Advance(f.ctx); !errors.Is(err, ErrConfirmCreate) {
		t.Fatalf("Advance: %v", err)
	}
	if creates, _ := f.hub.counts(); creates != 1 {
		t.Fatalf("the Hub was asked %d times without confirmation", creates)
	}
	// Resumed by another window: it asks too.
	s.Close()
	s2 := f.begin(f.engine("window"))
	if !s2.NeedsCreateConfirmation() {
		t.Fatal("resumed session does not ask")
	}
	if err := s2.Create(f.ctx, true); err != nil {
		t.Fatal(err)
	}
	if creates, _ := f.hub.counts(); creates != 2 || s2.Step() != StepVerify {
		t.Fatalf("creates %d, step %v", creates, s2.Step())
	}
}

func TestCreateThatCertainlyFailedNeedsNoConfirmation(t *testing.T) {
	f := newFixture(t, true)
	f.hub.failNext = []error{&hub.Error{
		Kind: hub.ErrInvalidClient, HTTPStatus: 401,
		Msg: "The Hub rejected the Client ID or Secret (HTTP 401 invalid_client); check them in Settings.",
	}}
	s := f.begin(f.engine("window"))
	err := s.Create(f.ctx, false)
	if !errors.Is(err, hub.ErrInvalidClient) || !strings.Contains(err.Error(), "check them in Settings") {
		t.Fatalf("Create: %v", err)
	}
	if s.NeedsCreateConfirmation() || s.Renewal().State != store.StateStarted || !strings.Contains(s.LastError(), "invalid_client") {
		t.Fatalf("state %q, confirm %v, error %q", s.Renewal().State, s.NeedsCreateConfirmation(), s.LastError())
	}
	if err := s.Create(f.ctx, false); err != nil {
		t.Fatal(err)
	}
}

func TestKeychainFailureKeepsTheTokenInMemory(t *testing.T) {
	f := newFixture(t, true)
	kc := &flakyKeychain{Keychain: f.kc, failSets: map[secrets.Kind]int{secrets.KindTokenPending: 2}}
	cfg := f.config("window")
	cfg.Keychain = kc
	s := f.begin(New(cfg))
	for i := 0; i < 2; i++ {
		err := s.Create(f.ctx, false)
		if !errors.Is(err, secrets.ErrUnavailable) || !strings.Contains(err.Error(), "do not quit") {
			t.Fatalf("attempt %d: %v", i, err)
		}
		if s.NeedsCreateConfirmation() {
			t.Fatal("asks to confirm although the token is in hand")
		}
	}
	if err := s.Create(f.ctx, false); err != nil {
		t.Fatal(err)
	}
	if creates, _ := f.hub.counts(); creates != 1 || s.Step() != StepVerify {
		t.Fatalf("creates %d, step %v", creates, s.Step())
	}
}

func TestResumeAdoptsAnUnrecordedPendingToken(t *testing.T) {
	for _, state := range []string{store.StateStarted, store.StateCreating} {
		t.Run(state, func(t *testing.T) {
			f := newFixture(t, true)
			r, _, err := f.st.BeginRenewal(f.ctx, f.p.ID, "api", "dead window", time.Millisecond)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.st.SetRenewalState(f.ctx, r.ID, "dead window", state); err != nil {
				t.Fatal(err)
			}
			tok := f.hub.mint() // the Hub made it; the dead window saved it to the keychain only
			if err := f.kc.Set(f.p.ID, secrets.KindTokenPending, tok); err != nil {
				t.Fatal(err)
			}
			time.Sleep(5 * time.Millisecond)
			s := f.begin(f.engine("window"))
			if s.Step() != StepVerify || s.NeedsCreateConfirmation() || len(s.Notices()) != 1 {
				t.Fatalf("step %v, confirm %v, notices %q", s.Step(), s.NeedsCreateConfirmation(), s.Notices())
			}
			if st := f.statuses()[store.Fingerprint(tok)]; st != store.TokenPending {
				t.Fatalf("adopted token status %q", st)
			}
			if err := s.Run(f.ctx, nil); err != nil {
				t.Fatal(err)
			}
			if creates, _ := f.hub.counts(); creates != 0 {
				t.Fatalf("the Hub was asked %d times", creates)
			}
			same(t, "Okta", f.okta.held(), tok)
		})
	}
}

func TestCancelledContextStopsBeforeTheHub(t *testing.T) {
	f := newFixture(t, true)
	ctx, cancel := context.WithCancel(f.ctx)
	cancel()
	s := f.begin(f.engine("window"))
	err := s.Create(ctx, false)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "stopped before") {
		t.Fatalf("Create: %v", err)
	}
	// Nothing reached the Hub, the error is stored although ctx was done, and a retry needs no confirmation.
	if creates, _ := f.hub.counts(); creates != 0 || s.LastError() == "" || s.NeedsCreateConfirmation() {
		t.Fatalf("creates %d, stored %q, confirm %v", creates, s.LastError(), s.NeedsCreateConfirmation())
	}
	if err := s.Create(f.ctx, false); err != nil {
		t.Fatal(err)
	}
}

func TestCancelAbandonsPendingToken(t *testing.T) {
	f := newFixture(t, true)
	cur, _ := f.seedCurrent(false)
	e := f.engine("window")
	s := f.begin(e)
	if err := s.Create(f.ctx, false); err != nil {
		t.Fatal(err)
	}
	pending := f.slot(secrets.KindTokenPending)
	if pending == "" {
		t.Fatal("no pending entry after Create")
	}
	if err := s.Cancel(f.ctx); err != nil {
		t.Fatal(err)
	}
	if s.Step() != StepCancelled {
		t.Fatalf("step %v", s.Step())
	}
	same(t, "keychain pending", f.slot(secrets.KindTokenPending), "")
	same(t, "keychain current", f.slot(secrets.KindTokenCurrent), cur)
	if st := f.statuses()[store.Fingerprint(pending)]; st != store.TokenAbandoned {
		t.Fatalf("pending token status %q", st)
	}
	r := f.renewal(s.Renewal().ID)
	if r.State != store.StateCancelled || r.LeaseOwner != "" {
		t.Fatalf("renewal %+v", r)
	}
	if err := s.Cancel(f.ctx); !errors.Is(err, ErrFinished) {
		t.Fatalf("second Cancel: %v", err)
	}
	s.Close()
	// Another window starts a fresh renewal at once.
	s2 := f.begin(f.engine("other"))
	if s2.Renewal().ID == r.ID || s2.Step() != StepCreate {
		t.Fatalf("after cancel: renewal %d at %v", s2.Renewal().ID, s2.Step())
	}
}

func TestCancelBeforeRecordDropsUnrecordedToken(t *testing.T) {
	f := newFixture(t, true)
	kc := &flakyKeychain{Keychain: f.kc, failSets: map[secrets.Kind]int{}}
	cfg := f.config("window")
	cfg.Keychain = kc
	s := f.begin(New(cfg))
	// The token arrives but the row cannot commit: the store is made to refuse by losing the lease.
	kc.failSets[secrets.KindTokenPending] = 1
	if err := s.Create(f.ctx, false); !errors.Is(err, secrets.ErrUnavailable) {
		t.Fatalf("Create with a failing keychain: %v", err)
	}
	if err := s.Cancel(f.ctx); err != nil {
		t.Fatal(err)
	}
	same(t, "keychain pending", f.slot(secrets.KindTokenPending), "")
	if len(f.statuses()) != 0 {
		t.Fatalf("token rows after cancelling an unrecorded token: %v", f.statuses())
	}
}
