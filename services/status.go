package services

import (
	"context"
	"errors"
	"fmt"
	"time"

	"scimrenew/hub"
	"scimrenew/reminders"
	"scimrenew/store"
)

// Level is how a profile stands, ordered by how bad it is for a "worst across profiles" rule: a
// critical profile outranks one whose state is unknown, which outranks a warning.
type Level int

// The status levels.
const (
	LevelOK       Level = iota // the token is fine
	LevelWarning               // inside the first reminder's lead time
	LevelUnknown               // no token recorded, or its expiry is not known
	LevelCritical              // 7 days or fewer left, expired, or rejected at the last health check
)

// String names the level in lower case: "ok", "warning", "unknown", "critical".
func (l Level) String() string {
	switch l {
	case LevelOK:
		return "ok"
	case LevelWarning:
		return "warning"
	case LevelCritical:
		return "critical"
	}
	return "unknown"
}

// Status is one profile's state, as the home card, the tray and `scimrenew status` show it.
type Status struct {
	Profile store.Profile
	// Token is the current token; when none is current but the newest token has expired, that one
	// (its Status is store.TokenExpired). nil when no token is recorded.
	Token *store.Token
	// Current reports that Token is the profile's current token.
	Current bool
	// DaysLeft counts calendar days to Token's expiry (0 on the day, negative after); valid when
	// HasExpiry.
	DaysLeft  int
	HasExpiry bool
	// Urgency colours the days left: reminders' rule on the profile's lead times (OK when no expiry).
	Urgency reminders.Level
	// Level is the verdict: Urgency, made critical by an expiry passed or a rejected health check, and
	// unknown when there is no token or no known expiry.
	Level Level
	// Expired reports that Token's expiry has passed (or it is marked expired).
	Expired bool
	// Rejected reports that the last health check of Token was rejected by the SCIM endpoint.
	Rejected bool
	// NextReminder is the next reminder due for the profile, nil when none is scheduled.
	NextReminder *store.Reminder
	// Renewal is the profile's unfinished renewal, nil when none is in progress.
	Renewal *store.Renewal
}

// Status returns one profile's status at the services' clock, in the services' location.
func (s *Services) Status(ctx context.Context, profileID string) (Status, error) {
	p, err := s.cfg.Store.Profile(ctx, profileID)
	if err != nil {
		return Status{}, fmt.Errorf("cannot read the profile: %w", err)
	}
	return s.statusOf(ctx, p)
}

// Statuses returns the status of every profile, by name.
func (s *Services) Statuses(ctx context.Context) ([]Status, error) {
	ps, err := s.cfg.Store.Profiles(ctx)
	if err != nil {
		return nil, fmt.Errorf("cannot read the profiles: %w", err)
	}
	return s.StatusesOf(ctx, ps)
}

// StatusesOf returns the status of each of the given profiles, in their order.
func (s *Services) StatusesOf(ctx context.Context, ps []store.Profile) ([]Status, error) {
	out := make([]Status, 0, len(ps))
	for _, p := range ps {
		st, err := s.statusOf(ctx, p)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

func (s *Services) statusOf(ctx context.Context, p store.Profile) (Status, error) {
	st := Status{Profile: p}
	fail := func(err error) (Status, error) {
		return st, fmt.Errorf("cannot read the state of profile %q: %w", p.Name, err)
	}
	db := s.cfg.Store
	tok, err := db.CurrentToken(ctx, p.ID)
	switch {
	case err == nil:
		st.Token, st.Current = &tok, true
	case errors.Is(err, store.ErrNotFound):
		if st.Token, err = lastExpired(ctx, db, p.ID); err != nil {
			return fail(err)
		}
	default:
		return fail(err)
	}
	if next, err := db.NextReminder(ctx, p.ID); err == nil {
		st.NextReminder = &next
	} else if !errors.Is(err, store.ErrNotFound) {
		return fail(err)
	}
	if rn, err := db.OpenRenewal(ctx, p.ID); err == nil {
		st.Renewal = &rn
	} else if !errors.Is(err, store.ErrNotFound) {
		return fail(err)
	}
	st.judge(s.now())
	return st, nil
}

// lastExpired returns the newest token if it has expired (no token is current then), else nil.
func lastExpired(ctx context.Context, db *store.Store, profileID string) (*store.Token, error) {
	toks, err := db.Tokens(ctx, profileID)
	if err != nil {
		return nil, err
	}
	for _, t := range toks {
		if t.Status == store.TokenPending || t.Status == store.TokenAbandoned {
			continue
		}
		if t.Status == store.TokenExpired {
			return &t, nil
		}
		return nil, nil
	}
	return nil, nil
}

// judge sets the days left, the urgency and the level.
func (st *Status) judge(now time.Time) {
	t := st.Token
	if t == nil {
		st.Level = LevelUnknown
		return
	}
	st.Rejected = t.HealthResult == string(hub.ProbeRejected)
	if t.ExpiresAt.IsZero() {
		st.Level = LevelUnknown
		return
	}
	st.HasExpiry = true
	st.DaysLeft = reminders.DaysLeft(t.ExpiresAt, now)
	st.Urgency = reminders.Urgency(t.ExpiresAt, now, st.Profile)
	st.Expired = t.Status == store.TokenExpired || !now.Before(t.ExpiresAt)
	switch {
	case st.Expired, st.Rejected, st.Urgency == reminders.LevelCritical:
		st.Level = LevelCritical
	case st.Urgency == reminders.LevelWarning:
		st.Level = LevelWarning
	default:
		st.Level = LevelOK
	}
}
