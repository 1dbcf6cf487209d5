package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestTrackTokenRecordsCurrentWithRemindersOnce(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	p, _ := s.CreateProfile(ctx, sampleProfile("Acme"))
	other, _ := s.CreateProfile(ctx, sampleProfile("Other"))
	rs := []Reminder{{Kind: "first", DueAt: now.AddDate(0, 2, 0)}, {Kind: "expiry", DueAt: now.AddDate(0, 3, 0)}}

	cases := []struct {
		name    string
		tok     Token
		dates   bool
		wantErr error
	}{
		{"dates only", Token{
			ProfileID: p.ID, CreatedAt: now.AddDate(0, -9, 0), ExpiresAt: now.AddDate(0, 3, 0),
			ExpirySource: ExpiryGivenCreated, InstallMethod: InstallAlreadyInOkta,
		}, true, nil},
		{"second current refused", Token{
			ProfileID: p.ID, Fingerprint: Fingerprint("x"), CreatedAt: now,
			ExpiresAt: now.AddDate(1, 0, 0), ExpirySource: "jwt_exp",
		}, false, ErrHasCurrentToken},
		{"with a token", Token{
			ProfileID: other.ID, Fingerprint: Fingerprint("y"), CreatedAt: now.AddDate(0, -1, 0),
			ExpiresAt: now.AddDate(0, 11, 0), ExpirySource: "jwt_exp", VerifiedAt: now, HealthResult: "ok", HealthAt: now,
			InstallMethod: InstallAlreadyInOkta, Status: TokenPending,
		}, false, nil},
		{"unknown profile", Token{ProfileID: "no-such-profile", CreatedAt: now, ExpiresAt: now.AddDate(1, 0, 0)}, false, ErrNotFound},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, _ := s.CountTokens(ctx, c.tok.ProfileID)
			got, err := s.TrackToken(ctx, c.tok, rs)
			if !errors.Is(err, c.wantErr) {
				t.Fatalf("TrackToken: %v, want %v", err, c.wantErr)
			}
			if c.wantErr != nil {
				if after, _ := s.CountTokens(ctx, c.tok.ProfileID); after != before {
					t.Fatalf("a refused track wrote a row (%d -> %d)", before, after)
				}
				return
			}
			if got.ID == 0 || got.Status != TokenCurrent || got.DatesOnly() != c.dates || !got.ExpiresAt.Equal(c.tok.ExpiresAt) {
				t.Fatalf("tracked row %+v", got)
			}
			cur, err := s.CurrentToken(ctx, c.tok.ProfileID)
			if err != nil || cur.ID != got.ID {
				t.Fatalf("current token %+v, %v", cur, err)
			}
			saved, err := s.TokenReminders(ctx, got.ID)
			if err != nil || len(saved) != 2 || saved[0].Kind != "first" || !saved[0].DueAt.Equal(rs[0].DueAt) {
				t.Fatalf("reminders %+v, %v", saved, err)
			}
			if next, err := s.NextReminder(ctx, c.tok.ProfileID); err != nil || next.TokenID != got.ID {
				t.Fatalf("next reminder %+v, %v", next, err)
			}
			wantShort := DatesOnlyLabel
			if !c.dates {
				wantShort = c.tok.Fingerprint[:12]
			}
			if got.ShortFingerprint() != wantShort {
				t.Fatalf("short fingerprint %q, want %q", got.ShortFingerprint(), wantShort)
			}
		})
	}
}

func TestTrackTokenRefusedDuringRenewal(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	p, _ := s.CreateProfile(ctx, sampleProfile("Acme"))
	if _, _, err := s.BeginRenewal(ctx, p.ID, "hub_page", "me", time.Minute); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	_, err := s.TrackToken(ctx, Token{ProfileID: p.ID, CreatedAt: now, ExpiresAt: now.AddDate(1, 0, 0)}, nil)
	if !errors.Is(err, ErrRenewalOpen) {
		t.Fatalf("track during a renewal: %v", err)
	}
}

// A renewal that finishes after a dates-only entry moves it to previous like any current token.
func TestFinishRenewalMovesDatesOnlyEntryToPrevious(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	now := time.Now()
	p, _ := s.CreateProfile(ctx, sampleProfile("Acme"))
	tracked, err := s.TrackToken(ctx, Token{
		ProfileID: p.ID, CreatedAt: now.AddDate(0, -10, 0), ExpiresAt: now.AddDate(0, 2, 0),
		ExpirySource: ExpiryGivenCreated, InstallMethod: InstallAlreadyInOkta,
	}, []Reminder{{Kind: "first", DueAt: now.AddDate(0, 1, 0)}})
	if err != nil {
		t.Fatal(err)
	}
	r, _, _ := s.BeginRenewal(ctx, p.ID, "hub_page", "me", time.Minute)
	tid, err := s.RecordCreatedToken(ctx, r.ID, "me", Token{
		ProfileID: p.ID, Fingerprint: Fingerprint("new"), CreatedAt: now,
		ExpiresAt: now.AddDate(1, 0, 0), ExpirySource: "jwt_exp",
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.FinishRenewal(ctx, r.ID, "me")
	if err != nil {
		t.Fatal(err)
	}
	if res.Current.ID != tid || res.Previous == nil || res.Previous.ID != tracked.ID || !res.Previous.DatesOnly() {
		t.Fatalf("finish result %+v", res)
	}
	if rs, _ := s.TokenReminders(ctx, tracked.ID); len(rs) != 0 {
		t.Fatalf("the dates-only entry's reminders were not cancelled: %+v", rs)
	}
}
