package reminders

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"scimrenew/secrets"
	"scimrenew/store"
)

// trackDatesOnly records a dates-only current token for a new profile, with the reminders Schedule gives.
func trackDatesOnly(t *testing.T, h *healthEnv, name string, created, expires time.Time) (store.Profile, store.Token) {
	t.Helper()
	p, err := h.st.CreateProfile(h.ctx, sampleProfile(name))
	if err != nil {
		t.Fatal(err)
	}
	tok := store.Token{
		ProfileID: p.ID, CreatedAt: created, ExpiresAt: expires, ExpirySource: store.ExpiryGivenCreated,
		InstallMethod: store.InstallAlreadyInOkta,
	}
	tok, err = h.st.TrackToken(h.ctx, tok, Schedule(p, tok, h.loc))
	if err != nil {
		t.Fatal(err)
	}
	return p, tok
}

func TestHealthSkipsDatesOnlyTokenButWatchesItsExpiry(t *testing.T) {
	now := date(time.UTC, 2025, 6, 1, 12, 0)
	h := newHealthEnv(t, now, false)
	p, tok := trackDatesOnly(t, h, "Dates", date(time.UTC, 2024, 7, 1, 0, 0), date(time.UTC, 2025, 7, 1, 0, 0))
	// A keychain entry that is not this row's must not be probed in its name either.
	if err := h.keys.Set(p.ID, secrets.KindTokenCurrent, "some-other-token-value-123456"); err != nil {
		t.Fatal(err)
	}
	got, err := h.svc.CheckHealth(h.ctx, p.ID)
	if !errors.Is(err, ErrDatesOnly) || got.TokenID != tok.ID || got.Result != "" {
		t.Fatalf("health of a dates-only token: %+v, %v", got, err)
	}
	if n := h.prober.count(); n != 0 {
		t.Fatalf("a dates-only token was probed %d times", n)
	}
	// The daily check covers the other profile and passes over this one without failing.
	if err := h.svc.CheckAllHealth(h.ctx); err != nil {
		t.Fatalf("CheckAllHealth with a dates-only profile: %v", err)
	}
	if n := h.prober.count(); n != 1 {
		t.Fatalf("CheckAllHealth probed %d tokens, want 1 (the other profile's)", n)
	}
	if row, _ := h.st.Token(h.ctx, tok.ID); row.HealthResult != "" {
		t.Fatalf("a health result was stored on the dates-only row: %q", row.HealthResult)
	}
	// Past its expiry it is marked expired, with one notification, like any current token.
	h.clock.Set(date(time.UTC, 2025, 7, 2, 12, 0))
	got, err = h.svc.CheckHealth(h.ctx, p.ID)
	if err != nil || !got.Expired || !got.Notified {
		t.Fatalf("an expired dates-only token: %+v, %v", got, err)
	}
	if row, _ := h.st.Token(h.ctx, tok.ID); row.Status != store.TokenExpired {
		t.Fatalf("status %s, want expired", row.Status)
	}
}

// Reminders of a tracked token follow the profile's lead times from the dates given, with the month-end
// clamp: created on 31 January, a first reminder 11 months before expiry falls on the last day of February.
func TestScheduleOfTrackedTokenCreatedOnMonthEnd(t *testing.T) {
	loc := mustLoc(t, "Europe/Amsterdam")
	cases := []struct {
		name      string
		created   time.Time
		months    int
		wantFirst string
	}{
		{"vendor rule", date(loc, 2025, 1, 31, 0, 0), 1, "2025-12-31"},
		{"11 months ahead, common year", date(loc, 2025, 1, 31, 0, 0), 11, "2025-02-28"},
		{"11 months ahead, leap year", date(loc, 2024, 1, 31, 0, 0), 11, "2024-02-29"},
		{"created 31 March", date(loc, 2025, 3, 31, 0, 0), 1, "2026-02-28"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := sampleProfile("Acme")
			p.RemindMonths, p.RemindDays = c.months, []int{14, 7, 1}
			tok := store.Token{
				ID: 1, CreatedAt: c.created, ExpiresAt: AddMonthsClamped(c.created, 12),
				ExpirySource: store.ExpiryGivenCreated,
			}
			rs := Schedule(p, tok, loc)
			if len(rs) != 5 || rs[0].Kind != KindFirst {
				t.Fatalf("schedule %s", kinds(rs))
			}
			first := rs[0].DueAt.In(loc)
			if got := first.Format(time.DateOnly); got != c.wantFirst || first.Hour() != remindHour {
				t.Fatalf("first reminder %s, want %s at 09:00", first, c.wantFirst)
			}
		})
	}
}

func TestICSOfDatesOnlyToken(t *testing.T) {
	loc := time.UTC
	p := sampleProfile("Acme")
	p.ID = "8a1c2f3e-0000-4000-8000-000000000001"
	tok := store.Token{ID: 7, ProfileID: p.ID, CreatedAt: date(loc, 2025, 1, 31, 0, 0), ExpiresAt: date(loc, 2026, 1, 31, 0, 0)}
	rs := Schedule(p, tok, loc)
	var buf bytes.Buffer
	if err := ExportICS(&buf, p, tok, rs); err != nil {
		t.Fatal(err)
	}
	out := strings.ReplaceAll(buf.String(), "\r\n ", "") // unfold
	if !strings.Contains(out, "dates only") || strings.Contains(out, "fingerprint: dates only") {
		t.Errorf("the description does not say the token is tracked by its dates only:\n%s", out)
	}
	uid := EventUID(tok, KindFirst)
	if strings.ContainsAny(uid, " ,") || !strings.Contains(uid, p.ID) || !strings.Contains(out, uid) {
		t.Errorf("UID of a dates-only token: %q", uid)
	}
	other := tok
	other.ProfileID, other.ID = "8a1c2f3e-0000-4000-8000-000000000002", 8
	if EventUID(other, KindFirst) == uid {
		t.Error("two dates-only tokens share a UID")
	}
}
