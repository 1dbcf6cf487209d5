package services

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"scimrenew/reminders"
	"scimrenew/secrets"
	"scimrenew/store"
)

func TestStatusFollowsTheClock(t *testing.T) {
	w := newWorld(t)
	p := w.profile("Acme", true, true)
	st, err := w.svc.Status(w.ctx, p.ID)
	if err != nil || st.Token != nil || st.Level != LevelUnknown {
		t.Fatalf("before any renewal: %+v %v", st, err)
	}
	w.renew(p)
	st, err = w.svc.Status(w.ctx, p.ID)
	if err != nil || !st.Current || st.Token == nil || st.Level != LevelOK || st.Renewal != nil || st.NextReminder == nil {
		t.Fatalf("after the renewal: %+v %v", st, err)
	}
	exp := st.Token.ExpiresAt
	for _, tc := range []struct {
		at    time.Time
		level Level
		days  int
	}{
		{exp.AddDate(0, 0, -40), LevelOK, 40},
		{exp.AddDate(0, 0, -20), LevelWarning, 20},
		{exp.AddDate(0, 0, -7), LevelCritical, 7},
		{exp.Add(time.Hour), LevelCritical, 0},
	} {
		w.clock.Set(tc.at)
		all, err := w.svc.Statuses(w.ctx)
		if err != nil || len(all) != 1 {
			t.Fatalf("statuses: %v", err)
		}
		if s := all[0]; s.Level != tc.level || s.DaysLeft != tc.days || !s.HasExpiry {
			t.Errorf("at %s: level %v, %d days, want %v, %d", tc.at, s.Level, s.DaysLeft, tc.level, tc.days)
		}
	}
	// A health check the Hub rejects makes an otherwise fine token critical.
	w.clock.Set(exp.AddDate(0, 0, -60))
	w.hub.RevokeAll()
	h, err := w.svc.CheckHealth(w.ctx, p.ID)
	if err != nil || h.Result != ProbeRejected || !h.Notified {
		t.Fatalf("health check of a revoked token: %+v %v", h, err)
	}
	if st, _ := w.svc.Status(w.ctx, p.ID); !st.Rejected || st.Level != LevelCritical || st.Urgency != reminders.LevelOK {
		t.Errorf("after a rejected check: rejected %v level %v urgency %v", st.Rejected, st.Level, st.Urgency)
	}
}

func TestHistoryRevealVerifyAndCalendar(t *testing.T) {
	w := newWorld(t)
	p := w.profile("Acme", true, true)
	if _, err := w.svc.CurrentToken(w.ctx, p.ID); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("current token before any renewal: %v", err)
	}
	if _, err := w.svc.ExportCalendar(w.ctx, p.ID, &bytes.Buffer{}); !errors.Is(err, ErrNoCurrentToken) {
		t.Fatalf("calendar before any renewal: %v", err)
	}
	w.renew(p)

	page, err := w.svc.History(w.ctx, p.ID, 0, AllTokens)
	toks := page.Tokens
	if err != nil || len(toks) != 1 || toks[0].Status != store.TokenCurrent {
		t.Fatalf("history %+v %v", toks, err)
	}
	tok, err := w.svc.CurrentToken(w.ctx, p.ID)
	if err != nil || store.Fingerprint(tok) != toks[0].Fingerprint {
		t.Fatalf("revealed token does not match the history (%v)", err)
	}
	if v, err := w.svc.StoredSecret(p.ID, SecretHubClient); err != nil || v != w.hub.ClientSecret() {
		t.Errorf("stored Hub Client Secret: %v", err)
	}
	if err := w.kc.Set(p.ID, secrets.KindTokenCurrent, "some-other-token-value"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.CurrentToken(w.ctx, p.ID); !errors.Is(err, ErrTokenMismatch) {
		t.Errorf("a keychain token unlike the history's was revealed: %v", err)
	}
	if err := w.kc.Set(p.ID, secrets.KindTokenCurrent, tok); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name, text, url string
		class           ProbeClass
	}{
		{"good", "Bearer " + tok + "\r\n", w.hub.SCIMBase(), ProbeOK},
		{"wrong URL", tok, w.hub.URL() + "/nope", ProbeWrongURL},
		{"unreachable", tok, "http://127.0.0.1:1/scim/v2", ProbeUnreachable},
	} {
		res, err := w.svc.VerifyToken(w.ctx, tc.url, tc.text)
		if err != nil || res.Class != tc.class {
			t.Errorf("%s: %v %v, want %v", tc.name, res.Class, err, tc.class)
		}
	}
	var notToken *NotATokenError
	if _, err := w.svc.VerifyToken(w.ctx, w.hub.SCIMBase(), "hello world"); !errors.As(err, &notToken) {
		t.Errorf("verify of a non-token: %v", err)
	}

	var buf bytes.Buffer
	c, err := w.svc.ExportCalendar(w.ctx, p.ID, &buf)
	if err != nil || len(c.Reminders) < 4 || strings.Count(buf.String(), "BEGIN:VEVENT") != len(c.Reminders) {
		t.Fatalf("calendar: %d reminders, %d events, %v", len(c.Reminders), strings.Count(buf.String(), "BEGIN:VEVENT"), err)
	}
	_, path, err := w.svc.SaveCalendarIn(w.ctx, p.ID, t.TempDir())
	if err != nil || filepath.Base(path) != "scim-token-acme.ics" {
		t.Errorf("calendar file %s: %v", path, err)
	}
}
