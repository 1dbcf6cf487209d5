package renewal

import (
	"errors"
	"strings"
	"testing"
	"time"

	"scimrenew/hub"
	"scimrenew/secrets"
	"scimrenew/store"
)

func TestAPIModeRenewalMovesTokensAndKeychain(t *testing.T) {
	f := newFixture(t, true)
	cur, prev := f.seedCurrent(true)
	s := f.begin(f.engine("window"))
	if s.Step() != StepCreate || s.NeedsCreateConfirmation() || s.Volatile() {
		t.Fatalf("fresh session: step %v, confirm %v, volatile %v", s.Step(), s.NeedsCreateConfirmation(), s.Volatile())
	}
	var seen []Step
	if err := s.Run(f.ctx, func(st Step) { seen = append(seen, st) }); err != nil {
		t.Fatal(err)
	}
	if want := []Step{StepCreate, StepVerify, StepInstall, StepFinish}; !equalSteps(seen, want) {
		t.Fatalf("steps %v, want %v", seen, want)
	}
	if s.Step() != StepDone {
		t.Fatalf("step %v after Run", s.Step())
	}
	newTok := f.okta.held()
	if creates, _ := f.hub.counts(); creates != 1 || newTok == "" {
		t.Fatalf("creates %d, okta holds %d bytes", creates, len(newTok))
	}
	same(t, "keychain current", f.slot(secrets.KindTokenCurrent), newTok)
	same(t, "keychain previous", f.slot(secrets.KindTokenPrevious), cur)
	same(t, "keychain pending", f.slot(secrets.KindTokenPending), "")
	f.wantStatuses(map[string]string{newTok: store.TokenCurrent, cur: store.TokenPrevious, prev: store.TokenSuperseded})
	r := f.renewal(s.Renewal().ID)
	if r.State != store.StateDone || r.LeaseOwner != "" || r.LastError != "" {
		t.Fatalf("renewal row %+v", r)
	}
	// The fake's token is opaque, created 31 March 2025: 12 months assumed, the first reminder falls
	// 11 months on, clamped to 28 February 2026, at 09:00 local.
	f.wantReminderOn(time.Date(2026, 2, 28, 9, 0, 0, 0, time.Local))
	if s.Close() != nil {
		t.Fatal("close after done")
	}
}

// wantStatuses checks the status of each token.
func (f *fixture) wantStatuses(want map[string]string) {
	f.t.Helper()
	st := f.statuses()
	for tok, w := range want {
		if got := st[store.Fingerprint(tok)]; got != w {
			f.t.Errorf("token fp %s: status %q, want %q", short(store.Fingerprint(tok)), got, w)
		}
	}
}

// wantReminderOn checks the current token was installed by API, verified, and has its first reminder
// due at want.
func (f *fixture) wantReminderOn(want time.Time) {
	t := f.t
	t.Helper()
	tok, err := f.st.CurrentToken(f.ctx, f.p.ID)
	if err != nil || tok.InstallMethod != store.InstallAPI || tok.VerifiedAt.IsZero() {
		t.Fatalf("current token %+v, %v", tok, err)
	}
	rs, err := f.st.TokenReminders(f.ctx, tok.ID)
	if err != nil || len(rs) == 0 || rs[0].Kind != "first" {
		t.Fatalf("reminders %+v, %v", rs, err)
	}
	if !rs[0].DueAt.Equal(want) {
		t.Fatalf("first reminder %v, want %v", rs[0].DueAt, want)
	}
}

func equalSteps(a, b []Step) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestFinishSummaryAndStepErrors(t *testing.T) {
	f := newFixture(t, true)
	s := f.begin(f.engine("window"))
	if _, err := s.Verify(f.ctx); !errors.Is(err, ErrWrongStep) {
		t.Fatalf("Verify before Create: %v", err)
	}
	if err := s.ConfirmInstalled(f.ctx); !errors.Is(err, ErrWrongStep) {
		t.Fatalf("ConfirmInstalled before Create: %v", err)
	}
	if _, err := s.PendingToken(f.ctx); !errors.Is(err, ErrWrongStep) {
		t.Fatalf("PendingToken before Create: %v", err)
	}
	for _, step := range []func() error{
		func() error { return s.Create(f.ctx, false) },
		func() error { _, err := s.Verify(f.ctx); return err },
		func() error { return s.InstallAPI(f.ctx) },
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Cancel(f.ctx); !errors.Is(err, ErrCannotCancel) {
		t.Fatalf("Cancel after install: %v", err)
	}
	sum, err := s.Finish(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Token.Status != store.TokenCurrent || sum.NextReminder.IsZero() || len(sum.Warnings) != 0 {
		t.Fatalf("summary %+v", sum)
	}
	if _, err := s.Finish(f.ctx); !errors.Is(err, ErrFinished) {
		t.Fatalf("second Finish: %v", err)
	}
	// With no previous current token the keychain has no previous entry.
	same(t, "keychain previous", f.slot(secrets.KindTokenPrevious), "")
}

func TestHubPageCapture(t *testing.T) {
	f := newFixture(t, false)
	cur, _ := f.seedCurrent(false)
	s := f.begin(f.engine("window"))
	if _, err := s.Advance(f.ctx); !errors.Is(err, ErrNeedsCapture) {
		t.Fatalf("Advance in Hub-page mode: %v", err)
	}
	if err := s.Create(f.ctx, false); !errors.Is(err, ErrNotAPIMode) {
		t.Fatalf("Create in Hub-page mode: %v", err)
	}
	for _, tc := range []struct {
		text string
		want error
	}{
		{"", hub.ErrEmpty},
		{"client-secret-xyz", hub.ErrIsClientSecret},
		{"  Bearer " + cur + "\n", ErrKnownToken},
	} {
		if err := s.Capture(f.ctx, tc.text); !errors.Is(err, tc.want) {
			t.Fatalf("Capture(%d bytes): %v, want %v", len(tc.text), err, tc.want)
		}
	}
	if s.LastError() != "" || s.Step() != StepCreate {
		t.Fatalf("refused captures changed the renewal: %v, %q", s.Step(), s.LastError())
	}
	tok := f.hub.mint()
	if err := s.Capture(f.ctx, " "+tok+"\n"); err != nil {
		t.Fatal(err)
	}
	if s.Renewal().State != store.StateCreated {
		t.Fatalf("state %q", s.Renewal().State)
	}
	same(t, "keychain pending", f.slot(secrets.KindTokenPending), tok)
	if err := s.Run(f.ctx, nil); err != nil {
		t.Fatal(err)
	}
	same(t, "Okta", f.okta.held(), tok)
	same(t, "keychain current", f.slot(secrets.KindTokenCurrent), tok)
	same(t, "keychain previous", f.slot(secrets.KindTokenPrevious), cur)
	if creates, _ := f.hub.counts(); creates != 0 {
		t.Fatalf("creates %d in Hub-page mode", creates)
	}
}

func TestVolatileModeKeepsTokenInMemoryOnly(t *testing.T) {
	f := newFixture(t, false)
	cfg := f.config("window")
	// What services passes when the OS has no keychain: one in memory, marked volatile.
	cfg.Keychain, cfg.Volatile = secrets.NewMemory(), true
	e := New(cfg)
	if !e.Volatile() {
		t.Fatal("a memory keychain marked volatile is not volatile")
	}
	s := f.begin(e)
	if !s.Volatile() {
		t.Fatal("session not volatile")
	}
	tok := f.hub.mint()
	if err := s.Capture(f.ctx, tok); err != nil {
		t.Fatal(err)
	}
	if got, err := s.PendingToken(f.ctx); err != nil || got != tok {
		t.Fatalf("pending token in memory: %v", err)
	}
	// Nothing reached the OS keychain stand-in the fixture watches.
	same(t, "fixture keychain pending", f.slot(secrets.KindTokenPending), "")
	s.Close()

	// The app quit: a new process has an empty memory, and says the token is lost.
	cfg.Keychain = secrets.NewMemory()
	e2 := New(cfg)
	fs, err := e2.Reconcile(f.ctx)
	if err != nil || len(fs) != 1 || fs[0].Kind != FindingTokenMissing || !strings.Contains(fs[0].Message, "without a keychain") {
		t.Fatalf("reconcile: %+v, %v", fs, err)
	}
	s2 := f.begin(e2)
	if _, err := s2.Verify(f.ctx); !errors.Is(err, ErrTokenMissing) || !strings.Contains(err.Error(), "without a keychain") {
		t.Fatalf("Verify after quitting: %v", err)
	}
	if err := s2.Cancel(f.ctx); err != nil {
		t.Fatal(err)
	}
}

func TestVolatileRenewalCompletesWithinOneRun(t *testing.T) {
	f := newFixture(t, true)
	cfg := f.config("window")
	mem := secrets.NewMemory()
	_ = mem.Set(f.p.ID, secrets.KindHubClientSecret, "client-secret-xyz")
	cfg.Keychain, cfg.Volatile = mem, true
	s := f.begin(New(cfg))
	if !s.Volatile() {
		t.Fatal("not volatile")
	}
	if err := s.Run(f.ctx, nil); err != nil {
		t.Fatal(err)
	}
	cur, err := mem.Get(f.p.ID, secrets.KindTokenCurrent)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "memory current", cur, f.okta.held())
}
