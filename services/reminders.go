package services

import (
	"context"
	"errors"
	"fmt"

	"scimrenew/renewal"
	"scimrenew/store"
)

// RunReminders is the background work of a running app: it gives every current token that has no
// reminders yet (one recorded before reminders existed, or the sandbox's demo tokens) its schedule,
// then runs the notification loop (due reminders, and the periodic health checks) until ctx is done.
// Failures are logged and retried at the loop's next check. Set a notifier first (SetNotifier).
func (s *Services) RunReminders(ctx context.Context) {
	s.ScheduleMissingReminders(ctx)
	s.Reminders.Run(ctx)
}

// ScheduleMissingReminders gives every profile's current token that has no reminders its schedule.
// A profile it cannot schedule is logged and skipped; the next start tries again.
func (s *Services) ScheduleMissingReminders(ctx context.Context) {
	ps, err := s.cfg.Store.Profiles(ctx)
	if err != nil {
		s.cfg.Log.Warn("cannot list profiles to schedule reminders", "err", err)
		return
	}
	for _, p := range ps {
		t, err := s.cfg.Store.CurrentToken(ctx, p.ID)
		if err != nil {
			continue // no current token: nothing to remind of
		}
		rs, err := s.cfg.Store.TokenReminders(ctx, t.ID)
		if err != nil || len(rs) > 0 {
			continue
		}
		if err := s.Reminders.Schedule(ctx, p, t); err != nil {
			s.cfg.Log.Warn("cannot schedule the reminders of a token", "profile", p.Name, "err", err)
		}
	}
}

// CheckDueReminders shows the reminders due now at once, rather than at the loop's next check (after
// the sandbox's clock jumped), and returns how many notifications it sent.
func (s *Services) CheckDueReminders(ctx context.Context) (int, error) {
	return s.Reminders.CheckDue(ctx)
}

// ReminderNotice returns the profile's fired reminder to show in the window with Snooze and Dismiss
// (the in-window twin of the desktop notification, for whoever missed it). ok is false when there is
// none: no current token, nothing fired, or it was snoozed or dismissed since.
func (s *Services) ReminderNotice(ctx context.Context, profileID string) (r store.Reminder, ok bool, err error) {
	r, err = s.Reminders.Notice(ctx, profileID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return store.Reminder{}, false, nil
	case err != nil:
		return store.Reminder{}, false, fmt.Errorf("cannot read the reminders: %w", err)
	}
	return r, true, nil
}

// SnoozeReminder makes a reminder fall due again tomorrow at 09:00, on the user's calendar.
func (s *Services) SnoozeReminder(ctx context.Context, reminderID int64) error {
	return s.Reminders.Snooze(ctx, reminderID)
}

// DismissReminder stops a reminder for good; the token's later reminders still come.
func (s *Services) DismissReminder(ctx context.Context, reminderID int64) error {
	return s.Reminders.Dismiss(ctx, reminderID)
}

// Reconcile is the start-up check of the keychain against the token rows and unfinished renewals
// (DESIGN.md, step 3 of the renewal protocol): it completes interrupted finishes and removes copies of
// tokens no longer kept (findings with Repaired set), and reports what it cannot safely decide, each
// with a sentence for the administrator that names the profile. Profiles whose renewal another window
// or command holds are skipped. A keychain that cannot be read stops it with an error and the
// findings so far. Run it once when the app starts, before any renewal begins.
func (s *Services) Reconcile(ctx context.Context) ([]renewal.Finding, error) {
	return s.Engine.Reconcile(ctx)
}
