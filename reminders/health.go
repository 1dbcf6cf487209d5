package reminders

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"scimrenew/hub"
	"scimrenew/okta"
	"scimrenew/secrets"
	"scimrenew/store"
)

// Prober runs the Hub's SCIM probe; *hub.Client implements it.
type Prober interface {
	Probe(ctx context.Context, scimBaseURL, token string) hub.ProbeResult
}

// TokenSource reads a profile's secrets; *secrets.Keychain and *secrets.Memory implement it.
type TokenSource interface {
	Get(profileID string, kind secrets.Kind) (string, error)
}

// LogReader reads the provisioning authentication failures of an Okta app
// (application.integration.authentication_failure) published since a time; *okta.Client implements it.
type LogReader interface {
	AuthFailures(ctx context.Context, appID string, since time.Time) ([]okta.LogEvent, error)
}

// Health is what one health check of a profile's current token found.
type Health struct {
	ProfileID  string
	TokenID    int64
	Result     hub.ProbeClass // the probe's class, as stored on the token
	HTTPStatus int
	Message    string // the probe's sentence for the user
	At         time.Time
	// Expired is true when the token was past its expiry and the check marked it expired.
	Expired bool
	// OktaChecked is true when Okta's System Log was read; AuthFailures counts its provisioning
	// authentication failures since the previous check. OktaError says why the log could not be read.
	OktaChecked  bool
	AuthFailures int
	OktaError    string
	// Notified is true when the check showed a notification (token rejected, expired, or Okta failures).
	Notified bool
}

// ErrNoCurrentToken reports a profile with no current token to check.
var ErrNoCurrentToken = errors.New("reminders: this profile has no current token; renew to create one")

// ErrDatesOnly reports a profile whose current token is tracked by its dates alone: SCIM Renew does not
// hold that token, so there is nothing to probe. Its expiry is still watched.
var ErrDatesOnly = errors.New("reminders: the current token of this profile is tracked by its dates only, so " +
	"SCIM Renew cannot test it; the daily health check starts with the next renewal")

// ErrHealthNotConfigured reports a Service without a Prober or TokenSource asked to check health.
var ErrHealthNotConfigured = errors.New("reminders: token health checks are not configured")

// ErrTokenMismatch reports that the keychain's current token is not the one the history records as
// current: probing it would record another token's health on this row.
var ErrTokenMismatch = errors.New("reminders: the token in the keychain is not the one the history records as current; " +
	"finish or cancel the renewal in progress, or renew again")

// Meta keys, in the store's meta table.
const (
	metaHealthAt   = "reminders.health_checked_at"
	metaOktaPrefix = "reminders.okta_log_checked_at."
)

// oktaFirstLookBack is how far back the first System Log check of a profile looks.
const oktaFirstLookBack = 24 * time.Hour

// CheckHealth probes the profile's current token with the Hub's SCIM probe and stores the result on the
// token. A token past its expiry is not probed but marked expired, with one "expired" notification if
// its reminders had not said so yet. A token the Hub rejects before its expiry is notified at once: it
// was revoked or replaced, and provisioning is failing. Where the profile has an Okta credential that
// can read the System Log, the app's authentication failures since the last check are counted and
// notified. A failure to read the log does not fail the check: it is reported in Health.OktaError.
// A token tracked by its dates only is not probed (ErrDatesOnly), but is marked expired all the same.
func (s *Service) CheckHealth(ctx context.Context, profileID string) (Health, error) {
	if s.cfg.Prober == nil || s.cfg.Tokens == nil {
		return Health{}, ErrHealthNotConfigured
	}
	s.healthMu.Lock()
	defer s.healthMu.Unlock()
	p, err := s.cfg.Store.Profile(ctx, profileID)
	if err != nil {
		return Health{}, fmt.Errorf("reminders: could not read the profile: %w", err)
	}
	t, err := s.cfg.Store.CurrentToken(ctx, profileID)
	if errors.Is(err, store.ErrNotFound) {
		return Health{ProfileID: profileID}, ErrNoCurrentToken
	}
	if err != nil {
		return Health{}, fmt.Errorf("reminders: could not read the current token of %s: %w", p.Name, err)
	}
	if now := s.now(); !now.Before(t.ExpiresAt) {
		// No probe: the Hub would refuse it, and the keychain may be locked; the expiry is what matters.
		h := Health{ProfileID: p.ID, TokenID: t.ID, At: now}
		return h, s.expire(ctx, p, t, &h)
	}
	if t.DatesOnly() {
		return Health{ProfileID: p.ID, TokenID: t.ID}, ErrDatesOnly
	}
	h, err := s.probe(ctx, p, t)
	if err != nil {
		return h, err
	}
	var errs []error
	logs, err := s.readOkta(ctx, p, t, &h)
	if err != nil {
		errs = append(errs, err)
	}
	if err := s.tell(p, t, &h, logs); err != nil {
		errs = append(errs, err)
	} else if logs != nil {
		// Moved only once the failures were told, so none is lost to a failed notification.
		if err := s.cfg.Store.SetMeta(ctx, metaOktaPrefix+p.ID, h.At.UTC().Format(time.RFC3339Nano)); err != nil {
			errs = append(errs, fmt.Errorf("reminders: could not save when Okta's System Log was checked: %w", err))
		}
	}
	return h, errors.Join(errs...)
}

// probe reads the current token from the keychain, probes it and stores the result on the token row.
func (s *Service) probe(ctx context.Context, p store.Profile, t store.Token) (Health, error) {
	h := Health{ProfileID: p.ID, TokenID: t.ID}
	token, err := s.cfg.Tokens.Get(p.ID, secrets.KindTokenCurrent)
	if err != nil {
		return h, fmt.Errorf("reminders: could not read the current token of %s from the keychain: %w", p.Name, err)
	}
	if store.Fingerprint(token) != t.Fingerprint {
		return h, ErrTokenMismatch
	}
	res := s.cfg.Prober.Probe(ctx, p.SCIMURL, token)
	if res.Class == hub.ProbeCanceled {
		return h, cmp.Or(ctx.Err(), context.Canceled) // nothing learnt: store nothing
	}
	h.Result, h.HTTPStatus, h.Message, h.At = res.Class, res.HTTPStatus, res.Message, s.now()
	if err := s.cfg.Store.SetTokenHealth(ctx, t.ID, string(res.Class), res.Message, h.At); err != nil {
		return h, fmt.Errorf("reminders: could not save the health of the %s token: %w", p.Name, err)
	}
	s.log.Info("token health checked", "profile", p.Name, "token_fingerprint", t.ShortFingerprint(), "result", string(res.Class))
	return h, nil
}

// tell shows what a health check found that the user must act on, in one notification: the Hub
// refusing a token before its expiry (told at once, then at most once a day), with Okta's failures
// added when the System Log shows some; or Okta's failures alone.
func (s *Service) tell(p store.Profile, t store.Token, h *Health, logs *oktaFindings) error {
	oktaNote := ""
	if h.AuthFailures > 0 {
		oktaNote = oktaSentence(h.AuthFailures, logs.reason, logs.since, h.At)
	}
	// A rejection found again by "Check now" the same day is on screen anyway.
	toldToday := t.HealthResult == string(hub.ProbeRejected) && sameDay(t.HealthAt.In(s.loc), h.At)
	switch {
	case h.Result == hub.ProbeRejected && !toldToday:
		title, body := rejectedMessage(p.Name, t.ExpiresAt, h.At, h.HTTPStatus, oktaNote)
		return s.notify(h, title, body)
	case oktaNote != "":
		title, body := oktaFailureMessage(p.Name, oktaNote)
		return s.notify(h, title, body)
	}
	return nil
}

// expire marks the token expired and, if its reminders have not told the user yet, tells them once.
func (s *Service) expire(ctx context.Context, p store.Profile, t store.Token, h *Health) error {
	s.dueMu.Lock()
	defer s.dueMu.Unlock()
	rs, err := s.cfg.Store.TokenReminders(ctx, t.ID)
	if err != nil {
		return fmt.Errorf("reminders: could not read the reminders of the %s token: %w", p.Name, err)
	}
	var pending []int64
	for _, r := range rs {
		if r.FiredAt.IsZero() && r.DismissedAt.IsZero() {
			pending = append(pending, r.ID)
		}
	}
	if len(pending) > 0 {
		title, body := expiryMessage(p.Name, t.ExpiresAt, h.At)
		if err := s.notify(h, title, body); err != nil {
			return err // not marked: the next check tries again
		}
		if err := s.cfg.Store.MarkFired(ctx, pending, h.At); err != nil {
			return fmt.Errorf("reminders: could not mark the reminders of the %s token as shown: %w", p.Name, err)
		}
	}
	changed, err := s.cfg.Store.MarkExpired(ctx, t.ID)
	if err != nil {
		return fmt.Errorf("reminders: could not mark the %s token as expired: %w", p.Name, err)
	}
	h.Expired = changed
	return nil
}

func (s *Service) notify(h *Health, title, body string) error {
	if s.cfg.Notifier == nil {
		return ErrNoNotifier
	}
	if err := s.cfg.Notifier.Notify(title, body); err != nil {
		return fmt.Errorf("reminders: could not show the notification %q: %w", title, err)
	}
	h.Notified = true
	return nil
}

// oktaFindings is what a System Log read found, beyond the count kept in Health.
type oktaFindings struct {
	since  time.Time // the start of the span read
	reason string    // Okta's latest explanation, "" when none
}

// readOkta counts the app's provisioning authentication failures since the last check into h. It
// returns nil findings when the log was not read: no Okta credential that may read it, or a failure,
// which is reported in h.OktaError and logged, not returned, since the probe's result still stands.
func (s *Service) readOkta(ctx context.Context, p store.Profile, t store.Token, h *Health) (*oktaFindings, error) {
	if s.cfg.Okta == nil || p.OktaAppID == "" {
		return nil, nil
	}
	reader, err := s.cfg.Okta(p)
	if err != nil {
		h.OktaError = err.Error()
		s.log.Warn("okta system log unavailable", "profile", p.Name, "err", err)
		return nil, nil
	}
	if reader == nil {
		return nil, nil
	}
	since, err := s.oktaSince(ctx, p, t, h.At)
	if err != nil {
		return nil, err
	}
	events, err := reader.AuthFailures(ctx, p.OktaAppID, since)
	if err != nil {
		h.OktaError = err.Error()
		s.log.Warn("okta system log check failed", "profile", p.Name, "err", err)
		return nil, nil
	}
	h.OktaChecked = true
	f := &oktaFindings{since: since}
	for _, e := range events {
		if e.Published.IsZero() || e.Published.After(since) {
			h.AuthFailures++
			f.reason = cmp.Or(e.Reason, e.DisplayMessage, f.reason)
		}
	}
	return f, nil
}

// oktaSince is where the System Log check starts: the last check, but never before Okta received the
// current token (older failures were the previous token's), and a day back on the first check.
func (s *Service) oktaSince(ctx context.Context, p store.Profile, t store.Token, now time.Time) (time.Time, error) {
	v, err := s.cfg.Store.Meta(ctx, metaOktaPrefix+p.ID)
	if err != nil {
		return time.Time{}, fmt.Errorf("reminders: could not read when Okta's System Log was last checked: %w", err)
	}
	since := now.Add(-oktaFirstLookBack)
	if last, err := time.Parse(time.RFC3339Nano, v); err == nil {
		since = last.In(s.loc)
	}
	installed := t.InstalledAt
	if installed.IsZero() {
		installed = t.CreatedAt
	}
	if installed.After(since) {
		since = installed.In(s.loc)
	}
	return since, nil
}

// CheckAllHealth checks every profile that has a current token (a dates-only entry has its expiry
// watched, nothing more) and records when it did, for Run's
// once-a-day rhythm. Failures of single profiles are logged and joined.
func (s *Service) CheckAllHealth(ctx context.Context) error {
	start := s.now() // the rhythm counts from the start: a slow Hub must not push the next check later
	ps, err := s.cfg.Store.Profiles(ctx)
	if err != nil {
		return fmt.Errorf("reminders: could not read the profiles: %w", err)
	}
	var errs []error
	for _, p := range ps {
		if _, err := s.CheckHealth(ctx, p.ID); err != nil && !errors.Is(err, ErrNoCurrentToken) && !errors.Is(err, ErrDatesOnly) {
			s.log.Warn("token health check failed", "profile", p.Name, "err", err)
			errs = append(errs, err)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	if err := s.cfg.Store.SetMeta(ctx, metaHealthAt, start.UTC().Format(time.RFC3339Nano)); err != nil {
		errs = append(errs, fmt.Errorf("reminders: could not save when health was checked: %w", err))
	}
	return errors.Join(errs...)
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}
