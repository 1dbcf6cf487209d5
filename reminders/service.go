package reminders

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"scimrenew/store"
)

// Notifier shows a desktop notification. The UI implements it with Fyne's SendNotification on text
// package desktop prepared; desktop.DBusNotifier is a fallback without a window.
type Notifier interface {
	Notify(title, body string) error
}

// NotifierFunc adapts a function to Notifier.
type NotifierFunc func(title, body string) error

// Notify calls f.
func (f NotifierFunc) Notify(title, body string) error { return f(title, body) }

// Config is what a Service needs. Store is required; Notifier is required to send anything; Prober and
// Tokens are required for health checks; Okta is optional.
type Config struct {
	Store    *store.Store
	Notifier Notifier
	Prober   Prober
	// Okta returns the System Log reader of a profile, or (nil, nil) when the profile has no Okta
	// credential allowed to read the log (okta.logs.read); then only the Hub is probed.
	Okta   func(store.Profile) (LogReader, error)
	Tokens TokenSource
	// Now is the clock (time.Now when nil); the sandbox's jump ahead shifts it.
	Now func() time.Time
	// Location is the user's time zone for reminder dates (time.Local when nil).
	Location *time.Location
	// Log receives what the loop did and why something failed; never a secret. Discarded when nil.
	Log *slog.Logger

	// CheckEvery is how often Run checks for due reminders (15 minutes when zero).
	CheckEvery time.Duration
	// HealthEvery is how often Run checks every current token's health (24 hours when zero).
	HealthEvery time.Duration
	// Tick is how often Run wakes to look for a jump of the clock (a resume from sleep, or the sandbox
	// jumping ahead) and for work that has fallen due (1 minute when zero).
	Tick time.Duration
	// JumpThreshold is how far the clock may drift from the monotonic time between two ticks before Run
	// treats it as a wake-up and checks at once (1 minute when zero).
	JumpThreshold time.Duration
}

// Service runs reminders and health checks over the store. It is safe for concurrent use.
type Service struct {
	cfg Config
	loc *time.Location
	log *slog.Logger

	dueMu    sync.Mutex // one due check at a time, so no reminder is notified twice
	healthMu sync.Mutex // one health check at a time: they share the Okta "last checked" marks
}

// NewService returns a Service over cfg, filling in the defaults.
func NewService(cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.CheckEvery <= 0 {
		cfg.CheckEvery = 15 * time.Minute
	}
	if cfg.HealthEvery <= 0 {
		cfg.HealthEvery = 24 * time.Hour
	}
	if cfg.Tick <= 0 {
		cfg.Tick = time.Minute
	}
	if cfg.JumpThreshold <= 0 {
		cfg.JumpThreshold = time.Minute
	}
	s := &Service{cfg: cfg, loc: cfg.Location, log: cfg.Log}
	if s.loc == nil {
		s.loc = time.Local
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s
}

// ErrNoNotifier reports a Service configured without a Notifier asked to notify.
var ErrNoNotifier = errors.New("reminders: no way to show notifications is configured")

// now is the injected clock in the user's location, without a monotonic reading (times are compared as
// wall times with the store's).
func (s *Service) now() time.Time { return s.cfg.Now().Round(0).In(s.loc) }

// Schedule sets the reminders of token t of profile p (the renewal's Scheduler): unfired reminders are
// replaced by the new schedule, fired and dismissed ones are kept.
func (s *Service) Schedule(ctx context.Context, p store.Profile, t store.Token) error {
	if err := s.cfg.Store.ReplaceReminders(ctx, t.ID, Schedule(p, t, s.loc)); err != nil {
		return fmt.Errorf("reminders: could not save the reminders of the %s token: %w", p.Name, err)
	}
	return nil
}

// Reschedule recomputes the reminders of the profile's current token, after its lead times changed.
// A profile without a current token has nothing to reschedule.
func (s *Service) Reschedule(ctx context.Context, p store.Profile) error {
	t, err := s.cfg.Store.CurrentToken(ctx, p.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reminders: could not read the current token of %s: %w", p.Name, err)
	}
	return s.Schedule(ctx, p, t)
}

// CheckDue notifies the reminders due now. Catch-up: however many of a profile's reminders fell due
// (while the computer was off, say), the profile gets one notification, worded for the most urgent state
// (the state at now), and all of them are marked fired. Only current tokens' reminders are due, so a
// token replaced by a newer one is never reminded of again. A reminder whose notification failed stays
// due, to be tried at the next check. sent counts the notifications shown.
func (s *Service) CheckDue(ctx context.Context) (sent int, err error) {
	s.dueMu.Lock()
	defer s.dueMu.Unlock()
	now := s.now()
	due, err := s.cfg.Store.DueReminders(ctx, now)
	if err != nil {
		return 0, fmt.Errorf("reminders: could not read the due reminders: %w", err)
	}
	if len(due) == 0 {
		return 0, nil
	}
	if s.cfg.Notifier == nil {
		return 0, ErrNoNotifier
	}
	var errs []error
	for _, group := range byProfile(due) {
		r := mostUrgent(group)
		title, body := Message(r, now)
		if err := s.cfg.Notifier.Notify(title, body); err != nil {
			s.log.Warn("reminder notification failed", "profile", r.ProfileName, "kind", r.Kind, "err", err)
			errs = append(errs, fmt.Errorf("reminders: could not show the reminder for %s: %w", r.ProfileName, err))
			continue
		}
		ids := make([]int64, len(group))
		for i, g := range group {
			ids[i] = g.ID
		}
		if err := s.cfg.Store.MarkFired(ctx, ids, now); err != nil {
			errs = append(errs, fmt.Errorf("reminders: the reminder for %s was shown but could not be marked as shown: %w", r.ProfileName, err))
			continue
		}
		s.log.Info("reminder notified", "profile", r.ProfileName, "kind", r.Kind, "collapsed", len(group))
		sent++
	}
	return sent, errors.Join(errs...)
}

// byProfile splits due reminders by profile, keeping the store's order of profiles.
func byProfile(due []store.Reminder) [][]store.Reminder {
	var groups [][]store.Reminder
	index := map[string]int{}
	for _, r := range due {
		i, ok := index[r.ProfileID]
		if !ok {
			i = len(groups)
			index[r.ProfileID] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], r)
	}
	return groups
}

// mostUrgent picks the reminder a catch-up notification speaks for: the newest token's (should a profile
// ever show two), then the one that fell due last.
func mostUrgent(group []store.Reminder) store.Reminder {
	best := group[0]
	for _, r := range group[1:] {
		if r.TokenID > best.TokenID || (r.TokenID == best.TokenID && r.EffectiveDue().After(best.EffectiveDue())) {
			best = r
		}
	}
	return best
}

// SnoozeUntil is when a reminder snoozed at now falls due again: tomorrow at 09:00 on loc's calendar.
func SnoozeUntil(now time.Time, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.Local
	}
	return atRemindHour(now, 1, loc)
}

// Snooze makes the reminder fall due again tomorrow at 09:00 local time.
func (s *Service) Snooze(ctx context.Context, reminderID int64) error {
	if err := s.cfg.Store.Snooze(ctx, reminderID, SnoozeUntil(s.now(), s.loc)); err != nil {
		return fmt.Errorf("reminders: could not snooze the reminder: %w", err)
	}
	return nil
}

// Dismiss stops the reminder for good; the token's later reminders still come.
func (s *Service) Dismiss(ctx context.Context, reminderID int64) error {
	if err := s.cfg.Store.Dismiss(ctx, reminderID, s.now()); err != nil {
		return fmt.Errorf("reminders: could not dismiss the reminder: %w", err)
	}
	return nil
}

// Notice returns the reminder the UI should show with Snooze and Dismiss: the most urgent reminder of
// the profile's current token that has been acted on at all, provided it fired and was neither snoozed
// nor dismissed since. Snoozing or dismissing it therefore clears the notice even when a catch-up fired
// less urgent reminders with it. store.ErrNotFound when there is nothing to show.
func (s *Service) Notice(ctx context.Context, profileID string) (store.Reminder, error) {
	t, err := s.cfg.Store.CurrentToken(ctx, profileID)
	if err != nil {
		return store.Reminder{}, err
	}
	rs, err := s.cfg.Store.TokenReminders(ctx, t.ID) // by due time
	if err != nil {
		return store.Reminder{}, err
	}
	var top store.Reminder
	for _, r := range rs {
		if !r.FiredAt.IsZero() || !r.SnoozedUntil.IsZero() || !r.DismissedAt.IsZero() {
			top = r
		}
	}
	if top.ID == 0 || top.FiredAt.IsZero() || !top.DismissedAt.IsZero() {
		return store.Reminder{}, store.ErrNotFound
	}
	return top, nil
}
