package renewal

import (
	"errors"
	"strings"
	"testing"
	"time"

	"scimrenew/secrets"
	"scimrenew/store"
)

// addToken records a token in a status and returns its value.
func (f *fixture) addToken(status string) string {
	f.t.Helper()
	tok := f.hub.mint()
	if _, err := f.st.InsertToken(f.ctx, store.Token{
		ProfileID: f.p.ID, Fingerprint: store.Fingerprint(tok),
		CreatedAt: time.Now(), ExpiresAt: time.Now().AddDate(1, 0, 0), ExpirySource: "assumed_12_months", Status: status,
	}); err != nil {
		f.t.Fatal(err)
	}
	return tok
}

func (f *fixture) put(kind secrets.Kind, v string) {
	f.t.Helper()
	if err := f.kc.Set(f.p.ID, kind, v); err != nil {
		f.t.Fatal(err)
	}
}

func TestReconcile(t *testing.T) {
	for _, tc := range []struct {
		name     string
		setup    func(f *fixture) (check func())
		kind     FindingKind // "" for no finding
		repaired bool
	}{
		{"clean", func(f *fixture) func() {
			f.put(secrets.KindTokenCurrent, f.addToken(store.TokenCurrent))
			f.put(secrets.KindTokenPrevious, f.addToken(store.TokenPrevious))
			return func() {}
		}, "", false},
		{"finish interrupted after the commit", func(f *fixture) func() {
			n, c := f.addToken(store.TokenCurrent), f.addToken(store.TokenPrevious)
			f.put(secrets.KindTokenPending, n)
			f.put(secrets.KindTokenCurrent, n)
			f.put(secrets.KindTokenPrevious, c)
			return func() {
				same(f.t, "pending", f.slot(secrets.KindTokenPending), "")
				same(f.t, "current", f.slot(secrets.KindTokenCurrent), n)
				same(f.t, "previous", f.slot(secrets.KindTokenPrevious), c)
			}
		}, FindingFinishCompleted, true},
		{"current entry not yet moved", func(f *fixture) func() {
			n, c := f.addToken(store.TokenCurrent), f.addToken(store.TokenPrevious)
			f.put(secrets.KindTokenPending, n)
			f.put(secrets.KindTokenCurrent, c)
			return func() {
				same(f.t, "pending", f.slot(secrets.KindTokenPending), "")
				same(f.t, "current", f.slot(secrets.KindTokenCurrent), n)
			}
		}, FindingFinishCompleted, true},
		{"cancel interrupted after the commit", func(f *fixture) func() {
			f.put(secrets.KindTokenPending, f.addToken(store.TokenAbandoned))
			return func() { same(f.t, "pending", f.slot(secrets.KindTokenPending), "") }
		}, FindingStaleDeleted, true},
		{"superseded token in the previous entry", func(f *fixture) func() {
			f.put(secrets.KindTokenPrevious, f.addToken(store.TokenSuperseded))
			return func() { same(f.t, "previous", f.slot(secrets.KindTokenPrevious), "") }
		}, FindingStaleDeleted, true},
		{"unrecorded pending token", func(f *fixture) func() {
			tok := f.hub.mint()
			f.put(secrets.KindTokenPending, tok)
			return func() { same(f.t, "pending", f.slot(secrets.KindTokenPending), tok) }
		}, FindingUnrecordedToken, false},
		{"unknown previous token", func(f *fixture) func() {
			tok := f.hub.mint()
			f.put(secrets.KindTokenPrevious, tok)
			return func() { same(f.t, "previous", f.slot(secrets.KindTokenPrevious), tok) }
		}, FindingMismatch, false},
		{"current entry disagrees with the rows", func(f *fixture) func() {
			f.addToken(store.TokenCurrent)
			tok := f.hub.mint()
			f.put(secrets.KindTokenCurrent, tok)
			return func() { same(f.t, "current", f.slot(secrets.KindTokenCurrent), tok) }
		}, FindingMismatch, false},
		{"pending entry holds the previous token", func(f *fixture) func() {
			tok := f.addToken(store.TokenPrevious)
			f.put(secrets.KindTokenPending, tok)
			return func() { same(f.t, "pending", f.slot(secrets.KindTokenPending), tok) }
		}, FindingMismatch, false},
		{"unfinished renewal lost its token", func(f *fixture) func() {
			r, _, err := f.st.BeginRenewal(f.ctx, f.p.ID, "api", "dead", time.Millisecond)
			if err != nil {
				f.t.Fatal(err)
			}
			tok := f.hub.mint()
			if _, err := f.st.RecordCreatedToken(f.ctx, r.ID, "dead", store.Token{
				ProfileID:   f.p.ID,
				Fingerprint: store.Fingerprint(tok), CreatedAt: time.Now(), ExpiresAt: time.Now().AddDate(1, 0, 0),
				ExpirySource: "assumed_12_months",
			}); err != nil {
				f.t.Fatal(err)
			}
			time.Sleep(5 * time.Millisecond)
			return func() {}
		}, FindingTokenMissing, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, true)
			check := tc.setup(f)
			fs, err := f.engine("window").Reconcile(f.ctx)
			if err != nil {
				t.Fatal(err)
			}
			if tc.kind == "" {
				if len(fs) != 0 {
					t.Fatalf("findings %+v", fs)
				}
				return
			}
			if len(fs) != 1 || fs[0].Kind != tc.kind || fs[0].Repaired != tc.repaired || fs[0].ProfileID != f.p.ID ||
				!strings.Contains(fs[0].Message, `"Acme"`) {
				t.Fatalf("findings %+v", fs)
			}
			check()
			// A second pass finds nothing more to repair.
			again, err := f.engine("window").Reconcile(f.ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range again {
				if g.Repaired {
					t.Fatalf("second pass repaired again: %+v", g)
				}
			}
		})
	}
}

func TestReconcileLeavesLiveRenewalsAlone(t *testing.T) {
	f := newFixture(t, true)
	f.put(secrets.KindTokenPending, f.addToken(store.TokenAbandoned))
	other := f.begin(f.engine("other window")) // holds the lease, heart-beating
	_ = other
	fs, err := f.engine("window").Reconcile(f.ctx)
	if err != nil || len(fs) != 0 {
		t.Fatalf("reconcile of another owner's renewal: %+v, %v", fs, err)
	}
	// Nor a session of the same engine.
	e := f.engine("window")
	other.Close()
	f.begin(e)
	if fs, err := e.Reconcile(f.ctx); err != nil || len(fs) != 0 {
		t.Fatalf("reconcile of own open session: %+v, %v", fs, err)
	}
}

type brokenKeychain struct{ Keychain }

func (brokenKeychain) Get(string, secrets.Kind) (string, error) {
	return "", errors.Join(secrets.ErrUnavailable, errors.New("test: no Secret Service"))
}

func TestReconcileReportsAnUnavailableKeychain(t *testing.T) {
	f := newFixture(t, true)
	cfg := f.config("window")
	cfg.Keychain = brokenKeychain{f.kc}
	_, err := New(cfg).Reconcile(f.ctx)
	if !errors.Is(err, secrets.ErrUnavailable) || !strings.Contains(err.Error(), "keychain") {
		t.Fatalf("reconcile: %v", err)
	}
}

func TestBeginRepairsLeftoversOfThePreviousRenewal(t *testing.T) {
	f := newFixture(t, true)
	n := f.addToken(store.TokenCurrent)
	f.put(secrets.KindTokenPending, n) // the last renewal was killed before deleting it
	s := f.begin(f.engine("window"))
	if s.Step() != StepCreate || len(s.Notices()) != 1 {
		t.Fatalf("step %v, notices %q", s.Step(), s.Notices())
	}
	same(t, "pending", f.slot(secrets.KindTokenPending), "")
	same(t, "current", f.slot(secrets.KindTokenCurrent), n)
	if err := s.Create(f.ctx, false); err != nil {
		t.Fatal(err)
	}
	// The stale entry was not taken for a new token: the Hub was asked.
	if creates, _ := f.hub.counts(); creates != 1 {
		t.Fatalf("creates %d", creates)
	}
}

func TestRenewPicksUpAnOrphanedToken(t *testing.T) {
	f := newFixture(t, true)
	tok := f.hub.mint()
	f.put(secrets.KindTokenPending, tok)
	fs, err := f.engine("window").Reconcile(f.ctx)
	if err != nil || len(fs) != 1 || fs[0].Kind != FindingUnrecordedToken {
		t.Fatalf("reconcile: %+v, %v", fs, err)
	}
	s := f.begin(f.engine("window"))
	if s.Step() != StepVerify {
		t.Fatalf("step %v", s.Step())
	}
	if err := s.Run(f.ctx, nil); err != nil {
		t.Fatal(err)
	}
	same(t, "current", f.slot(secrets.KindTokenCurrent), tok)
	if creates, _ := f.hub.counts(); creates != 0 {
		t.Fatalf("creates %d", creates)
	}
}

// crashAt makes reach panic at point for the rest of the test, standing in for a kill there.
func crashAt(t *testing.T, point string) {
	crashHook = func(p string) {
		if p == point {
			panic("killed at " + p)
		}
	}
	t.Cleanup(func() { crashHook = nil })
}

func TestCancelInterruptedAfterItsCommitIsRepaired(t *testing.T) {
	f := newFixture(t, true)
	s := f.begin(f.engine("window"))
	if err := s.Create(f.ctx, false); err != nil {
		t.Fatal(err)
	}
	crashAt(t, "state:cancelled")
	func() {
		defer func() { _ = recover() }()
		_ = s.Cancel(f.ctx)
		t.Fatal("the kill point was not reached")
	}()
	crashHook = nil
	if f.slot(secrets.KindTokenPending) == "" {
		t.Fatal("the pending entry is already gone: the kill came too late to test anything")
	}
	fs, err := f.engine("restarted").Reconcile(f.ctx)
	if err != nil || len(fs) != 1 || fs[0].Kind != FindingStaleDeleted || !fs[0].Repaired {
		t.Fatalf("reconcile: %+v, %v", fs, err)
	}
	same(t, "pending", f.slot(secrets.KindTokenPending), "")
}
