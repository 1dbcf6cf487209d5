package renewal

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"scimrenew/store"
)

// Step is where a renewal stands, as the wizard's step indicator shows it.
type Step int

// The steps, in order. StepFinish (installed, statuses not yet moved) runs by itself and belongs to the
// indicator's "Done" step.
const (
	StepCreate    Step = iota // started or creating: get a new token (API create, or capture)
	StepVerify                // created: probe the SCIM endpoint with the new token
	StepInstall               // verified: put the token into Okta (API, or by hand and confirm)
	StepFinish                // installed: move the token statuses and schedule reminders
	StepDone                  // done
	StepCancelled             // cancelled
)

var stepNames = [...]string{"Create token", "Verify", "Install in Okta", "Finish", "Done", "Cancelled"}

// String names the step for the UI and logs.
func (s Step) String() string {
	if s < 0 || int(s) >= len(stepNames) {
		return fmt.Sprintf("Step(%d)", int(s))
	}
	return stepNames[s]
}

// StepOf maps a journal state to its step.
func StepOf(state string) Step {
	switch state {
	case store.StateCreated:
		return StepVerify
	case store.StateVerified:
		return StepInstall
	case store.StateInstalled:
		return StepFinish
	case store.StateDone:
		return StepDone
	case store.StateCancelled:
		return StepCancelled
	default: // started, creating
		return StepCreate
	}
}

// Summary is what a finished renewal reports for the Done screen.
type Summary struct {
	Token        store.Token // the new token's row, now current (expiry, fingerprint, install method)
	NextReminder time.Time   // when the first reminder for it falls due; zero when none is scheduled
	Warnings     []string    // keychain tidying that did not complete; repaired at the next start
}

// Session is one open renewal, holding its lease. Step methods may be called from any goroutine, one at a
// time (a second concurrent call gets ErrBusy); the accessors never block on a running step.
type Session struct {
	e *Engine

	op sync.Mutex // held while a step runs

	mu      sync.Mutex // guards the fields below
	r       store.Renewal
	p       store.Profile
	held    *heldToken // a new token not yet committed to the DB
	seen    []string   // secrets this session handled, scrubbed from its error texts
	notices []string

	lost      atomic.Bool
	stop      chan struct{}
	stopped   chan struct{}
	closeOnce sync.Once
}

// heldToken is a new token the session keeps in memory until its row commits, so a keychain or
// database failure between the two never loses it while the process lives.
type heldToken struct {
	value   string
	created time.Time
	expiry  time.Time
	source  string
}

func newSession(e *Engine, p store.Profile, r store.Renewal) *Session {
	return &Session{e: e, p: p, r: r, stop: make(chan struct{}), stopped: make(chan struct{})}
}

// Renewal returns the journal row as last read.
func (s *Session) Renewal() store.Renewal {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.r
}

// Profile returns the profile being renewed.
func (s *Session) Profile() store.Profile {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.p
}

// Step returns the renewal's current step.
func (s *Session) Step() Step { return StepOf(s.Renewal().State) }

// LastError returns the stored error of the step that failed last ("" when the last step succeeded).
func (s *Session) LastError() string { return s.Renewal().LastError }

// Volatile reports that the new token lives in memory only: quitting before Done loses it.
func (s *Session) Volatile() bool { return s.e.volatile }

// Notices returns what the session repaired or recovered when it resumed, as sentences for the user.
func (s *Session) Notices() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.notices...)
}

// NeedsCreateConfirmation reports that the renewal stopped while the Hub was asked for a token, so the
// Hub may have made one: the UI asks before calling Create(ctx, true).
func (s *Session) NeedsCreateConfirmation() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.r.State == store.StateCreating && s.held == nil
}

// Close stops the heartbeat and releases the lease (an unfinished renewal stays resumable). It is safe to
// call more than once.
func (s *Session) Close() error {
	var err error
	s.closeOnce.Do(func() {
		close(s.stop)
		<-s.stopped
		s.op.Lock() // wait for a running step
		defer s.op.Unlock()
		s.e.release(s.Profile().ID)
		r := s.Renewal()
		if !r.Finished() && !s.lost.Load() {
			err = s.e.st.ReleaseLease(context.Background(), r.ID, s.e.owner)
		}
		s.mu.Lock()
		s.held = nil
		s.mu.Unlock()
	})
	return err
}

// heartbeat renews the lease until Close, or until the lease is lost or the renewal finishes.
func (s *Session) heartbeat() {
	defer close(s.stopped)
	t := time.NewTicker(s.e.ttl / 3)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), s.e.ttl/3)
		id := s.Renewal().ID
		err := s.e.st.RenewLease(ctx, id, s.e.owner, s.e.ttl)
		if errors.Is(err, store.ErrLeaseLost) {
			// A renewal that just finished has no lease either; only a live one can be lost.
			if r, rerr := s.e.st.Renewal(ctx, id); rerr != nil || !r.Finished() {
				s.lost.Store(true)
				s.e.log.Warn("renewal lease lost", "renewal", id)
			}
			cancel()
			return
		}
		cancel()
		if err != nil {
			s.e.log.Warn("renewal heartbeat failed", "renewal", s.Renewal().ID, "err", err)
		}
	}
}

// begin takes the step lock and checks the session can run a step of one of the given kinds.
func (s *Session) begin(steps ...Step) (func(), error) {
	if !s.op.TryLock() {
		return nil, ErrBusy
	}
	select {
	case <-s.stop:
		s.op.Unlock()
		return nil, ErrClosed
	default:
	}
	if s.lost.Load() {
		s.op.Unlock()
		return nil, store.ErrLeaseLost
	}
	cur := s.Step()
	if cur == StepDone || cur == StepCancelled {
		s.op.Unlock()
		return nil, ErrFinished
	}
	for _, st := range steps {
		if st == cur {
			return s.op.Unlock, nil
		}
	}
	s.op.Unlock()
	return nil, fmt.Errorf("%w: the renewal is at step %q", ErrWrongStep, cur)
}

// refresh re-reads the journal row.
func (s *Session) refresh(ctx context.Context) {
	r, err := s.e.st.Renewal(context.WithoutCancel(ctx), s.Renewal().ID)
	if err != nil {
		s.e.log.Warn("cannot re-read the renewal", "renewal", s.Renewal().ID, "err", err)
		return
	}
	s.mu.Lock()
	s.r = r
	s.mu.Unlock()
}

// fail stores err as the renewal's last error and returns it. Its text goes through redact's pipeline
// first, with every secret the session handled: the adapters promise no secret in their errors, and
// this package's own texts name fingerprints at most, but a server's words quoted in an error are not
// ours to trust. The returned error carries the same scrubbed text and still matches err's kind.
func (s *Session) fail(ctx context.Context, err error) error {
	if errors.Is(err, store.ErrLeaseLost) {
		s.lost.Store(true)
		return err
	}
	id := s.Renewal().ID
	msg := s.scrubbed(err.Error())
	if serr := s.e.st.SetRenewalError(context.WithoutCancel(ctx), id, msg); serr != nil {
		s.e.log.Warn("cannot store the renewal's error", "renewal", id, "err", serr)
	}
	s.e.log.Warn("renewal step failed", "renewal", id, "step", s.Step().String(), "err", msg)
	s.refresh(ctx)
	return &scrubbedError{msg: msg, err: err}
}

// reloadProfile re-reads the profile, so that settings corrected during the renewal (a wrong SCIM URL,
// a new Okta app id) apply to the retried step.
func (s *Session) reloadProfile(ctx context.Context) store.Profile {
	p, err := s.e.st.Profile(ctx, s.Profile().ID)
	if err != nil {
		s.e.log.Warn("cannot re-read the profile; using the one read before", "profile", s.Profile().ID, "err", err)
		return s.Profile()
	}
	s.mu.Lock()
	s.p = p
	s.mu.Unlock()
	return p
}

func (s *Session) notice(msg string) {
	s.mu.Lock()
	s.notices = append(s.notices, msg)
	s.mu.Unlock()
}
