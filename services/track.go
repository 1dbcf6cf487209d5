package services

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"scimrenew/hub"
	"scimrenew/reminders"
	"scimrenew/secrets"
	"scimrenew/store"
)

// DefaultLifetimeMonths is how long a QorusDocs token lives after it is created, the lifetime Track
// assumes unless told otherwise.
const DefaultLifetimeMonths = hub.TokenLifetimeMonths

// ExpiryHow says, after a token's expiry date, where that date came from: "as the token states", "from
// the created date given", "as given", "assumed 12 months after it was created" or "from the Hub".
func ExpiryHow(t store.Token) string {
	switch t.ExpirySource {
	case string(hub.FromJWT):
		return "as the token states"
	case store.ExpiryGivenCreated:
		return "from the created date given"
	case store.ExpiryGivenExpires:
		return "as given"
	case string(hub.Assumed12M):
		return "assumed 12 months after it was created"
	case string(hub.FromExpiresIn):
		return "from the Hub"
	}
	return t.ExpirySource
}

// TrackInput is what the administrator knows of the token Okta holds already ("Track my current token").
type TrackInput struct {
	ProfileID string
	// Token is the token itself, pasted or read from standard input; "" tracks it by its dates only.
	Token string
	// Created and Expires are calendar dates (only the date counts, on the services' calendar); give at
	// most one. A JWT carries its own expiry; an opaque token or a dates-only entry needs one of them.
	Created time.Time
	Expires time.Time
	// LifetimeMonths is how long a token lives after it is created; 0 means hub.TokenLifetimeMonths (12).
	LifetimeMonths int
}

// TrackResult is what Track recorded.
type TrackResult struct {
	Profile store.Profile
	// Token is the row now current: by fingerprint with a token, without one for a dates-only entry.
	Token store.Token
	// Probe is the SCIM probe that passed with the token; zero for a dates-only entry.
	Probe hub.ProbeResult
	// Reminders are the token's scheduled reminders, by due time; NextReminder is the first not yet
	// shown (zero when none), which may already be due when the token is close to its expiry.
	Reminders    []store.Reminder
	NextReminder time.Time
	// HealthChecked says the daily health check covers the token (it does not for a dates-only entry).
	HealthChecked bool
	// Notes are sentences for the administrator about what was decided on their behalf.
	Notes []string
}

// Why Track refuses. Each error Track returns matches one of these (or is a keychain or database
// failure), and its text says what to do next.
var (
	ErrTrackHasCurrent    = errors.New("services: the profile already has a current token")
	ErrTrackRenewalOpen   = errors.New("services: the profile has an unfinished renewal")
	ErrTrackNeedsDate     = errors.New("services: the expiry of the token is not known")
	ErrTrackBothDates     = errors.New("services: both a created date and an expiry date were given")
	ErrTrackBadDate       = errors.New("services: the date cannot be right")
	ErrTrackKnownToken    = errors.New("services: the token is already in the history")
	ErrTrackNotToken      = errors.New("services: the text is not a token")
	ErrTrackRejected      = errors.New("services: the token failed the SCIM test")
	ErrTrackNoKeychain    = errors.New("services: there is no keychain to keep the token in")
	ErrTrackStrayKeychain = errors.New("services: the keychain holds a token SCIM Renew has no record of")
)

// trackError is a refusal: a sentence for the administrator that matches its sentinel.
type trackError struct {
	kind error
	msg  string
}

func (e *trackError) Error() string { return e.msg }
func (e *trackError) Unwrap() error { return e.kind }

func refuse(kind error, format string, a ...any) error {
	return &trackError{kind: kind, msg: fmt.Sprintf(format, a...)}
}

// TrackRejectedError is a token that failed the SCIM probe: it was not recorded. Probe says why.
type TrackRejectedError struct{ Probe hub.ProbeResult }

func (e *TrackRejectedError) Error() string {
	return "the token was not recorded, because it failed the SCIM test: " + e.Probe.Message
}

// Unwrap makes the error match ErrTrackRejected.
func (e *TrackRejectedError) Unwrap() error { return ErrTrackRejected }

// ParseTrackDate reads a calendar date written YYYY-MM-DD as the start of that day in loc (time.Local when
// nil), for the created-on and expires-on dates of Track.
func ParseTrackDate(s string, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.Local
	}
	t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(s), loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date written YYYY-MM-DD, e.g. 2025-01-31", s)
	}
	return t, nil
}

// CanTrack reports whether a profile is one to offer "Track my current token" for: it has no current
// token and no unfinished renewal.
func (s *Services) CanTrack(ctx context.Context, profileID string) (bool, error) {
	if _, err := s.cfg.Store.CurrentToken(ctx, profileID); !errors.Is(err, store.ErrNotFound) {
		return false, err
	}
	if _, err := s.cfg.Store.OpenRenewal(ctx, profileID); !errors.Is(err, store.ErrNotFound) {
		return false, err
	}
	return true, nil
}

// Track records the token Okta holds already as the profile's current token, so reminders and health
// checks start from the first day. With the token, it is tested with the SCIM probe exactly as a new
// token is (one that fails is not recorded), kept in the keychain as the current token, and its expiry
// is the JWT's exp, or the lifetime after the created date, or the expiry date given. Without it, a
// dates-only entry is recorded: reminders are scheduled from its dates, but nothing is probed. Either way
// the row says install method "already in Okta", and the next renewal replaces it like any current
// token. A profile that has a current token or an unfinished renewal is refused.
func (s *Services) Track(ctx context.Context, in TrackInput) (TrackResult, error) {
	p, err := s.cfg.Store.Profile(ctx, in.ProfileID)
	if err != nil {
		return TrackResult{}, fmt.Errorf("services: cannot read the profile: %w", err)
	}
	if err := s.trackable(ctx, p); err != nil {
		return TrackResult{}, err
	}
	res := TrackResult{Profile: p}
	row, token, err := s.trackRow(ctx, p, in, &res)
	if err != nil {
		return TrackResult{}, err
	}
	if token != "" {
		res.Probe = s.Hub.Probe(ctx, p.SCIMURL, token)
		if res.Probe.Class == hub.ProbeCanceled {
			return TrackResult{}, fmt.Errorf("services: the SCIM test was cancelled, so nothing was recorded: %w", context.Canceled)
		}
		if !res.Probe.OK() {
			return TrackResult{}, &TrackRejectedError{Probe: res.Probe}
		}
		at := res.Probe.At
		if at.IsZero() {
			at = s.Now()
		}
		row.VerifiedAt, row.HealthResult, row.HealthMessage, row.HealthAt = at, string(hub.ProbeOK), "", at
	}
	if err := s.record(ctx, p, row, token, &res); err != nil {
		return TrackResult{}, err
	}
	return res, nil
}

// trackable refuses a profile that has a current token or an unfinished renewal.
func (s *Services) trackable(ctx context.Context, p store.Profile) error {
	cur, err := s.cfg.Store.CurrentToken(ctx, p.ID)
	switch {
	case err == nil:
		return hasCurrent(p, cur, s.cfg.Location)
	case !errors.Is(err, store.ErrNotFound):
		return fmt.Errorf("services: cannot read the current token of %q: %w", p.Name, err)
	}
	if _, err := s.cfg.Store.OpenRenewal(ctx, p.ID); err == nil {
		return refuse(ErrTrackRenewalOpen, "%q has an unfinished renewal, whose new token becomes the current one: "+
			"continue or cancel it instead of tracking a token", p.Name)
	} else if !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("services: cannot read the renewals of %q: %w", p.Name, err)
	}
	return nil
}

func hasCurrent(p store.Profile, cur store.Token, loc *time.Location) error {
	return refuse(ErrTrackHasCurrent, "%q already has a current token (%s, expires %s), so there is nothing to "+
		"track: the next renewal replaces it", p.Name, cur.ShortFingerprint(), cur.ExpiresAt.In(loc).Format(time.DateOnly))
}

// trackRow checks the input and works out the row to record, and returns the token to keep ("" for a
// dates-only entry).
func (s *Services) trackRow(ctx context.Context, p store.Profile, in TrackInput, res *TrackResult) (store.Token, string, error) {
	if !in.Created.IsZero() && !in.Expires.IsZero() {
		return store.Token{}, "", refuse(ErrTrackBothDates, "give either the date the token was created or the date it "+
			"expires, not both")
	}
	token, err := s.trackToken(ctx, p, in.Token)
	if err != nil {
		return store.Token{}, "", err
	}
	row := store.Token{ProfileID: p.ID, InstallMethod: store.InstallAlreadyInOkta}
	if token != "" {
		row.Fingerprint = store.Fingerprint(token)
	}
	if err := s.trackDates(&row, token, in, res); err != nil {
		return store.Token{}, "", err
	}
	return row, token, nil
}

// trackToken checks the text given as the token; "" stays "" (a dates-only entry).
func (s *Services) trackToken(ctx context.Context, p store.Profile, text string) (string, error) {
	if text == "" {
		return "", nil
	}
	if s.cfg.Volatile {
		return "", refuse(ErrTrackNoKeychain, "SCIM Renew runs without a keychain, so it cannot keep the token "+
			"(it would be lost when the app quits): track it by its dates only, without the token, or make the "+
			"keychain available and try again")
	}
	secret, err := s.kc.Get(p.ID, secrets.KindHubClientSecret)
	if err != nil {
		secret = "" // only used to refuse the secret itself
	}
	tok, err := hub.CheckCandidate(text, p.ClientID, secret)
	if err != nil {
		return "", &trackError{kind: ErrTrackNotToken, msg: "the text given is not a SCIM token: " + err.Error()}
	}
	toks, err := s.cfg.Store.Tokens(ctx, p.ID)
	if err != nil {
		return "", fmt.Errorf("services: cannot read the token history of %q: %w", p.Name, err)
	}
	fp := store.Fingerprint(tok)
	for _, t := range toks {
		if t.Fingerprint == fp {
			return "", refuse(ErrTrackKnownToken, "this token is already in the history of %q (%s, fingerprint %s), "+
				"so it is not the one to track; renew to replace it", p.Name, t.Status, t.ShortFingerprint())
		}
	}
	return tok, nil
}

// trackDates sets the row's created, expiry and expiry source: from the JWT's exp when the token is one,
// else from the date given, and refuses dates that cannot be right.
func (s *Services) trackDates(row *store.Token, token string, in TrackInput, res *TrackResult) error {
	loc, now := s.cfg.Location, s.Now()
	months := in.LifetimeMonths
	if months == 0 {
		months = hub.TokenLifetimeMonths
	}
	if months < 1 || months > 120 {
		return refuse(ErrTrackBadDate, "a token lifetime of %d months cannot be right; QorusDocs tokens live %d months",
			months, hub.TokenLifetimeMonths)
	}
	created, expires := startOfDay(in.Created, loc), startOfDay(in.Expires, loc)
	if !created.IsZero() && created.After(now) {
		return refuse(ErrTrackBadDate, "the created date %s is in the future; give the day the token was made",
			created.Format(time.DateOnly))
	}
	if exp, ok := hub.ParseJWTClaims(token); ok {
		if !expires.IsZero() && !sameDate(expires, exp.In(loc)) {
			res.Notes = append(res.Notes, fmt.Sprintf("The token states its own expiry, %s, which is used instead of "+
				"the date given (%s).", exp.In(loc).Format(time.DateOnly), expires.Format(time.DateOnly)))
		}
		row.ExpiresAt, row.ExpirySource = exp, string(hub.FromJWT)
		row.CreatedAt = created
		if created.IsZero() {
			row.CreatedAt = hub.AddMonths(exp.In(loc), -months)
		}
	} else if err := givenDates(row, created, expires, months, token != ""); err != nil {
		return err
	}
	if !row.ExpiresAt.After(now) {
		return refuse(ErrTrackBadDate, "by the dates known the token expired on %s, so there is nothing to track: "+
			"if it still works in Okta, check the date; otherwise renew now", row.ExpiresAt.In(loc).Format(time.DateOnly))
	}
	return nil
}

// givenDates sets the row's dates from the created-on or expires-on date the administrator gave.
func givenDates(row *store.Token, created, expires time.Time, months int, withToken bool) error {
	switch {
	case !created.IsZero():
		row.CreatedAt, row.ExpiresAt, row.ExpirySource = created, hub.AddMonths(created, months), store.ExpiryGivenCreated
	case !expires.IsZero():
		row.CreatedAt, row.ExpiresAt, row.ExpirySource = hub.AddMonths(expires, -months), expires, store.ExpiryGivenExpires
	case withToken:
		return refuse(ErrTrackNeedsDate, "the token does not state when it expires (it is not a JWT): give the date it "+
			"was created or the date it expires; the Hub's SCIM Token page shows when it was created")
	default:
		return refuse(ErrTrackNeedsDate, "without the token, give the date it was created or the date it expires; the "+
			"Hub's SCIM Token page shows when it was created")
	}
	return nil
}

// record keeps the token in the keychain (first, as the renewal protocol orders it), then commits the row
// with its reminders; a refused commit puts the keychain back as it was.
func (s *Services) record(ctx context.Context, p store.Profile, row store.Token, token string, res *TrackResult) error {
	restore, err := s.keepToken(ctx, p, token, res)
	if err != nil {
		return err
	}
	rs := reminders.Schedule(p, row, s.cfg.Location)
	saved, err := s.cfg.Store.TrackToken(context.WithoutCancel(ctx), row, rs)
	if err != nil {
		if restore != nil {
			restore()
		}
		return s.trackStoreError(ctx, p, err)
	}
	res.Token, res.HealthChecked = saved, !saved.DatesOnly()
	if res.Reminders, err = s.cfg.Store.TokenReminders(ctx, saved.ID); err != nil {
		s.cfg.Log.Warn("cannot read the reminders of the tracked token", "profile", p.ID, "err", err)
	}
	if next, err := s.cfg.Store.NextReminder(ctx, p.ID); err == nil {
		res.NextReminder = next.EffectiveDue()
	}
	s.cfg.Log.Info("current token tracked", "profile", p.ID, "token_id", saved.ID, "fingerprint", saved.ShortFingerprint(),
		"dates_only", saved.DatesOnly(), "expires", saved.ExpiresAt, "expiry_source", saved.ExpirySource)
	return nil
}

func (s *Services) trackStoreError(ctx context.Context, p store.Profile, err error) error {
	switch {
	case errors.Is(err, store.ErrHasCurrentToken):
		if cur, cerr := s.cfg.Store.CurrentToken(ctx, p.ID); cerr == nil {
			return hasCurrent(p, cur, s.cfg.Location)
		}
		return refuse(ErrTrackHasCurrent, "%q already has a current token, so there is nothing to track", p.Name)
	case errors.Is(err, store.ErrRenewalOpen):
		return refuse(ErrTrackRenewalOpen, "%q has an unfinished renewal, whose new token becomes the current one: "+
			"continue or cancel it instead of tracking a token", p.Name)
	}
	return fmt.Errorf("services: the token could not be recorded: %w", err)
}

func startOfDay(t time.Time, loc *time.Location) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

func sameDate(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// StatedExpiry returns the expiry a token states itself (a JWT's exp), for a face to show while the
// administrator pastes it; false for text that is not a token, or a token that states none (then a
// date is needed).
func StatedExpiry(text string) (time.Time, bool) {
	tok, err := hub.CheckCandidate(text, "", "")
	if err != nil {
		return time.Time{}, false
	}
	return hub.ParseJWTClaims(tok)
}
