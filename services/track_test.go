package services

import (
	"errors"
	"strings"
	"testing"
	"time"

	"scimrenew/hub"
	"scimrenew/hub/hubtest"
	"scimrenew/okta/oktatest"
	"scimrenew/reminders"
	"scimrenew/renewal"
	"scimrenew/secrets"
	"scimrenew/store"
)

func TestTrackJWTThroughRealAdapters(t *testing.T) {
	w := newTrackWorld(t, time.Date(2025, 6, 10, 12, 0, 0, 0, time.UTC))
	p := w.profile("Acme", "", 1, false)
	tok := w.issue(time.Date(2025, 1, 31, 10, 0, 0, 0, w.loc))
	if ok, err := w.svc.CanTrack(w.ctx, p.ID); !ok || err != nil {
		t.Fatalf("CanTrack before: %v, %v", ok, err)
	}
	res, err := w.svc.Track(w.ctx, TrackInput{ProfileID: p.ID, Token: "  Bearer " + tok + "\n"})
	if err != nil {
		t.Fatal(err)
	}
	row := res.Token
	wantExp := time.Date(2026, 1, 31, 10, 0, 0, 0, w.loc)
	if row.Status != store.TokenCurrent || row.Fingerprint != store.Fingerprint(tok) || !row.ExpiresAt.Equal(wantExp) ||
		row.ExpirySource != string(hub.FromJWT) || !row.CreatedAt.Equal(time.Date(2025, 1, 31, 10, 0, 0, 0, w.loc)) ||
		row.InstallMethod != store.InstallAlreadyInOkta || !row.VerifiedAt.Equal(w.clock.Now()) || row.HealthResult != "ok" {
		t.Fatalf("tracked row %+v", row)
	}
	if !res.Probe.OK() || !res.HealthChecked || len(res.Notes) != 0 {
		t.Fatalf("result: probe %v, health checked %v, notes %v", res.Probe.Class, res.HealthChecked, res.Notes)
	}
	if w.keychainCurrent(p) != tok {
		t.Fatal("the keychain's current entry does not hold the tracked token")
	}
	wantDue := []string{"first 2025-12-31", "14d 2026-01-17", "7d 2026-01-24", "1d 2026-01-30", "expiry 2026-01-31"}
	w.wantReminders(res, wantDue)
	// The daily health check covers it, with the same probe.
	before := w.hub.Requests().SCIMRequests
	h, err := w.svc.Reminders.CheckHealth(w.ctx, p.ID)
	if err != nil || h.Result != hub.ProbeOK || h.TokenID != row.ID || w.hub.Requests().SCIMRequests != before+1 {
		t.Fatalf("health check of the tracked token: %+v, %v", h, err)
	}
	// Tracked once: a second track is refused and changes nothing.
	other := w.issue(w.clock.Now())
	_, err = w.svc.Track(w.ctx, TrackInput{ProfileID: p.ID, Token: other})
	if !errors.Is(err, ErrTrackHasCurrent) || !strings.Contains(err.Error(), `"Acme" already has a current token`) {
		t.Fatalf("second track: %v", err)
	}
	if ok, err := w.svc.CanTrack(w.ctx, p.ID); ok || err != nil {
		t.Fatalf("CanTrack after: %v, %v", ok, err)
	}
	if w.keychainCurrent(p) != tok {
		t.Fatal("a refused track changed the keychain")
	}
}

// wantReminders checks the tracked token's reminders ("kind YYYY-MM-DD", all at 09:00 local) and that the
// next reminder is the first of them.
func (w *trackWorld) wantReminders(res TrackResult, want []string) {
	w.t.Helper()
	var got []string
	for _, r := range res.Reminders {
		due := r.DueAt.In(w.loc)
		if due.Hour() != 9 || due.Minute() != 0 {
			w.t.Errorf("reminder %s falls at %s, not 09:00", r.Kind, due.Format("15:04"))
		}
		got = append(got, r.Kind+" "+due.Format(time.DateOnly))
	}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		w.t.Fatalf("reminders\n got %v\nwant %v", got, want)
	}
	if len(res.Reminders) > 0 && !res.NextReminder.Equal(res.Reminders[0].DueAt) {
		w.t.Fatalf("next reminder %v, want %v", res.NextReminder, res.Reminders[0].DueAt)
	}
}

// An opaque token carries no expiry: the admin gives the created date. Created on 31 January with the
// first reminder 11 months before expiry, that reminder is clamped to the last day of February.
func TestTrackOpaqueTokenCreatedAtMonthEnd(t *testing.T) {
	cases := []struct {
		name    string
		now     time.Time
		created [3]int
		want    []string
	}{
		{
			"common year", time.Date(2025, 2, 10, 12, 0, 0, 0, time.UTC),
			[3]int{2025, 1, 31},
			[]string{"first 2025-02-28", "14d 2026-01-17", "7d 2026-01-24", "1d 2026-01-30", "expiry 2026-01-31"},
		},
		{
			"leap year", time.Date(2024, 2, 10, 12, 0, 0, 0, time.UTC),
			[3]int{2024, 1, 31},
			[]string{"first 2024-02-29", "14d 2025-01-17", "7d 2025-01-24", "1d 2025-01-30", "expiry 2025-01-31"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newTrackWorld(t, c.now)
			opaque := "opaque-scim-token-7c1e9b2a44d0f6e3"
			p := w.profile("Opaque", w.opaqueFront(opaque, w.issue(c.now)), 11, false)
			_, err := w.svc.Track(w.ctx, TrackInput{ProfileID: p.ID, Token: opaque})
			if !errors.Is(err, ErrTrackNeedsDate) || w.keychainCurrent(p) != "" {
				t.Fatalf("an opaque token without a date: %v", err)
			}
			created := date(w.loc, c.created[0], time.Month(c.created[1]), c.created[2])
			res, err := w.svc.Track(w.ctx, TrackInput{ProfileID: p.ID, Token: opaque, Created: created})
			if err != nil {
				t.Fatal(err)
			}
			if res.Token.ExpirySource != store.ExpiryGivenCreated || !res.Token.CreatedAt.Equal(created) ||
				!res.Token.ExpiresAt.Equal(created.AddDate(1, 0, 0)) || !res.Probe.OK() || w.keychainCurrent(p) != opaque {
				t.Fatalf("tracked opaque token %+v (probe %s)", res.Token, res.Probe.Class)
			}
			w.wantReminders(res, c.want)
		})
	}
}

func TestTrackDatesOnly(t *testing.T) {
	w := newTrackWorld(t, time.Date(2025, 6, 10, 12, 0, 0, 0, time.UTC))
	p := w.profile("Dates", "", 1, false)
	probes := w.hub.Requests().SCIMRequests
	res, err := w.svc.Track(w.ctx, TrackInput{ProfileID: p.ID, Expires: date(w.loc, 2025, 9, 30)})
	if err != nil {
		t.Fatal(err)
	}
	row := res.Token
	if !row.DatesOnly() || row.Status != store.TokenCurrent || row.ExpirySource != store.ExpiryGivenExpires ||
		!row.CreatedAt.Equal(date(w.loc, 2024, 9, 30)) || !row.VerifiedAt.IsZero() || row.HealthResult != "" ||
		row.InstallMethod != store.InstallAlreadyInOkta || row.ShortFingerprint() != store.DatesOnlyLabel {
		t.Fatalf("dates-only row %+v", row)
	}
	if res.HealthChecked || res.Probe.Class != "" || w.keychainCurrent(p) != "" {
		t.Fatalf("a dates-only entry was probed or kept: %+v", res)
	}
	w.wantReminders(res, []string{"first 2025-08-30", "14d 2025-09-16", "7d 2025-09-23", "1d 2025-09-29", "expiry 2025-09-30"})
	if _, err := w.svc.Reminders.CheckHealth(w.ctx, p.ID); !errors.Is(err, reminders.ErrDatesOnly) {
		t.Fatalf("health check of a dates-only entry: %v", err)
	}
	if n := w.hub.Requests().SCIMRequests; n != probes {
		t.Fatalf("the Hub was probed %d times for a dates-only entry", n-probes)
	}

	// A token in the keychain that nothing records is not dropped in favour of a dates-only entry.
	q := w.profile("Stray", "", 1, false)
	stray := w.issue(w.clock.Now())
	if err := w.kc.Set(q.ID, secrets.KindTokenCurrent, stray); err != nil {
		t.Fatal(err)
	}
	_, err = w.svc.Track(w.ctx, TrackInput{ProfileID: q.ID, Created: date(w.loc, 2025, 1, 31)})
	if !errors.Is(err, ErrTrackStrayKeychain) || w.keychainCurrent(q) != stray {
		t.Fatalf("dates-only beside an unrecorded keychain token: %v", err)
	}
	if n, _ := w.st.CountTokens(w.ctx, q.ID); n != 0 {
		t.Fatalf("a refused track recorded %d rows", n)
	}
}

func TestTrackRejectedTokenIsNotRecorded(t *testing.T) {
	w := newTrackWorld(t, time.Date(2025, 6, 10, 12, 0, 0, 0, time.UTC))
	p := w.profile("Acme", "", 1, false)
	revoked := w.issue(time.Date(2025, 2, 1, 9, 0, 0, 0, w.loc))
	w.hub.Revoke(revoked)
	elsewhere := hubtest.New(hubtest.Options{Now: w.clock.Now})
	defer elsewhere.Close()
	foreign, err := elsewhere.IssueToken()
	if err != nil {
		t.Fatal(err)
	}
	w.secret("token of another Hub", foreign)
	for name, tok := range map[string]string{"revoked": revoked, "another Hub's": foreign} {
		_, err := w.svc.Track(w.ctx, TrackInput{ProfileID: p.ID, Token: tok})
		var rej *TrackRejectedError
		if !errors.Is(err, ErrTrackRejected) || !errors.As(err, &rej) || rej.Probe.Class != hub.ProbeRejected ||
			!strings.Contains(err.Error(), "not recorded") {
			t.Fatalf("%s token: %v", name, err)
		}
		if strings.Contains(err.Error(), tok) {
			t.Fatalf("%s token: the error holds the token", name)
		}
	}
	if n, _ := w.st.CountTokens(w.ctx, p.ID); n != 0 || w.keychainCurrent(p) != "" {
		t.Fatalf("a rejected token was recorded (%d rows) or kept", n)
	}
	if ok, _ := w.svc.CanTrack(w.ctx, p.ID); !ok {
		t.Fatal("after a rejected token the profile is no longer offered Track")
	}
}

// Input that cannot be right is refused before anything is sent or stored.
func TestTrackRefusesWhatCannotBeRight(t *testing.T) {
	w := newTrackWorld(t, time.Date(2025, 6, 10, 12, 0, 0, 0, time.UTC))
	p := w.profile("Acme", "", 1, false)
	tok := w.issue(time.Date(2025, 1, 31, 10, 0, 0, 0, w.loc))
	cases := []struct {
		name string
		in   TrackInput
		want error
	}{
		{"both dates", TrackInput{Created: date(w.loc, 2025, 1, 1), Expires: date(w.loc, 2026, 1, 1)}, ErrTrackBothDates},
		{"no date, no token", TrackInput{}, ErrTrackNeedsDate},
		{"created in the future", TrackInput{Created: date(w.loc, 2025, 6, 11)}, ErrTrackBadDate},
		{"expired by its dates", TrackInput{Created: date(w.loc, 2024, 6, 10)}, ErrTrackBadDate},
		{"expiry today at midnight", TrackInput{Expires: date(w.loc, 2025, 6, 10)}, ErrTrackBadDate},
		{"lifetime out of range", TrackInput{Created: date(w.loc, 2025, 1, 1), LifetimeMonths: 500}, ErrTrackBadDate},
		{"the client secret", TrackInput{Token: w.hub.ClientSecret()}, ErrTrackNotToken},
		{"two tokens on two lines", TrackInput{Token: tok + "\n" + tok}, ErrTrackNotToken},
	}
	probes := w.hub.Requests().SCIMRequests
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.in.ProfileID = p.ID
			_, err := w.svc.Track(w.ctx, c.in)
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			if strings.Contains(err.Error(), w.hub.ClientSecret()) || strings.Contains(err.Error(), tok) {
				t.Fatal("the refusal quotes a secret")
			}
		})
	}
	if n, _ := w.st.CountTokens(w.ctx, p.ID); n != 0 || w.hub.Requests().SCIMRequests != probes || w.keychainCurrent(p) != "" {
		t.Fatalf("refused input reached the store (%d rows), the Hub or the keychain", n)
	}
	// A JWT states its own expiry: a different date given is noted, not used.
	res, err := w.svc.Track(w.ctx, TrackInput{ProfileID: p.ID, Token: tok, Expires: date(w.loc, 2026, 3, 1)})
	if err != nil || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "2026-01-31") || res.Token.ExpiresAt.Month() != time.January {
		t.Fatalf("a JWT with another expiry date given: %+v, %v", res, err)
	}
}

// The first renewal after tracking treats the tracked token as the current one: it becomes previous,
// kept in the keychain for rollback when SCIM Renew holds it; a dates-only entry has nothing to move.
func TestRenewalAfterTrack(t *testing.T) {
	for _, withToken := range []bool{true, false} {
		name := "dates only"
		if withToken {
			name = "with the token"
		}
		t.Run(name, func(t *testing.T) {
			w := newTrackWorld(t, time.Now())
			p := w.profile("Fabrikam", "", 1, true)
			inOkta := w.issue(time.Now().AddDate(0, -9, 0))
			w.okta.SetToken(oktatest.Org2OrgAppID, inOkta)
			in := TrackInput{ProfileID: p.ID, Created: time.Now().AddDate(0, -9, 0)}
			if withToken {
				in = TrackInput{ProfileID: p.ID, Token: inOkta}
			}
			tracked, err := w.svc.Track(w.ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			s, err := w.svc.Engine.Begin(w.ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if err := s.Run(w.ctx, nil); err != nil || s.Step() != renewal.StepDone {
				t.Fatalf("renewal after tracking: %v (step %v)", err, s.Step())
			}
			newTok := w.okta.Token(oktatest.Org2OrgAppID)
			w.secret("renewed token", newTok)
			w.wantAfterRenewal(p, tracked.Token, newTok, withToken, inOkta)
		})
	}
}

func (w *trackWorld) wantAfterRenewal(p store.Profile, tracked store.Token, newTok string, withToken bool, inOkta string) {
	t := w.t
	t.Helper()
	cur, err := w.st.CurrentToken(w.ctx, p.ID)
	if err != nil || cur.Fingerprint != store.Fingerprint(newTok) || w.keychainCurrent(p) != newTok {
		t.Fatalf("current after the renewal: %+v, %v", cur, err)
	}
	old, err := w.st.Token(w.ctx, tracked.ID)
	if err != nil || old.Status != store.TokenPrevious || old.DatesOnly() == withToken {
		t.Fatalf("tracked row after the renewal: %+v, %v", old, err)
	}
	prev, err := w.kc.Get(p.ID, secrets.KindTokenPrevious)
	switch {
	case withToken && (err != nil || prev != inOkta):
		t.Fatalf("the tracked token is not kept as previous in the keychain: %v", err)
	case !withToken && !errors.Is(err, secrets.ErrNotFound):
		t.Fatalf("a dates-only entry left something in the keychain's previous entry: %v", err)
	}
	if _, err := w.kc.Get(p.ID, secrets.KindTokenPending); !errors.Is(err, secrets.ErrNotFound) {
		t.Fatalf("a pending token is left in the keychain: %v", err)
	}
	if fs, err := w.svc.Engine.Reconcile(w.ctx); err != nil || len(fs) != 0 {
		t.Fatalf("the keychain and the rows disagree after the renewal: %+v, %v", fs, err)
	}
}
