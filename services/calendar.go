package services

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"scimrenew/reminders"
	"scimrenew/store"
)

// ErrNoCurrentToken reports a profile without a current token: no reminder dates, nothing to check or
// reveal (reminders.ErrNoCurrentToken).
var ErrNoCurrentToken = reminders.ErrNoCurrentToken

// Calendar is the reminder dates of a profile's current token, for an .ics export.
type Calendar struct {
	Profile   store.Profile
	Token     store.Token
	Reminders []store.Reminder // on the user's calendar (the services' location)
}

// CalendarOf returns the reminder dates of the profile's current token: its stored reminders, or, for a
// token recorded without any, the dates its schedule gives. An error matches ErrNoCurrentToken when the
// profile has no current token.
func (s *Services) CalendarOf(ctx context.Context, profileID string) (Calendar, error) {
	p, err := s.cfg.Store.Profile(ctx, profileID)
	if err != nil {
		return Calendar{}, fmt.Errorf("cannot read the profile: %w", err)
	}
	t, err := s.cfg.Store.CurrentToken(ctx, p.ID)
	if errors.Is(err, store.ErrNotFound) {
		return Calendar{Profile: p}, ErrNoCurrentToken
	}
	if err != nil {
		return Calendar{Profile: p}, fmt.Errorf("cannot read the current token: %w", err)
	}
	rs, err := s.cfg.Store.TokenReminders(ctx, t.ID)
	if err != nil {
		return Calendar{Profile: p}, fmt.Errorf("cannot read the reminders: %w", err)
	}
	if len(rs) == 0 {
		rs = reminders.Schedule(p, t, s.cfg.Location)
	}
	for i := range rs {
		rs[i].DueAt = rs[i].DueAt.In(s.cfg.Location) // the events' dates are on the user's calendar
	}
	return Calendar{Profile: p, Token: t, Reminders: rs}, nil
}

// ExportCalendar writes the profile's reminder dates as an iCalendar document to w (one all-day event
// per reminder, stable UIDs) and returns the calendar written.
func (s *Services) ExportCalendar(ctx context.Context, profileID string, w io.Writer) (Calendar, error) {
	c, err := s.CalendarOf(ctx, profileID)
	if err != nil {
		return c, err
	}
	return c, reminders.ExportICS(w, c.Profile, c.Token, c.Reminders)
}

// SaveCalendar writes the profile's reminder dates as an .ics file at path (replaced whole, readable by
// its owner only) and returns the calendar written.
func (s *Services) SaveCalendar(ctx context.Context, profileID, path string) (Calendar, error) {
	c, err := s.CalendarOf(ctx, profileID)
	if err != nil {
		return c, err
	}
	return c, reminders.WriteICS(path, c.Profile, c.Token, c.Reminders)
}

// SaveCalendarIn writes the profile's calendar file into dir under CalendarFileName and returns its
// path.
func (s *Services) SaveCalendarIn(ctx context.Context, profileID, dir string) (Calendar, string, error) {
	c, err := s.CalendarOf(ctx, profileID)
	if err != nil {
		return c, "", err
	}
	path := filepath.Join(dir, CalendarFileName(c.Profile))
	return c, path, reminders.WriteICS(path, c.Profile, c.Token, c.Reminders)
}

// CalendarFileName suggests the calendar file's name for a profile, e.g. "scim-token-acme.ics".
func CalendarFileName(p store.Profile) string { return reminders.ICSFileName(p) }
