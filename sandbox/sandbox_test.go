package sandbox

import (
	"context"
	"os"
	"testing"
	"time"

	"scimrenew/hub"
	"scimrenew/okta"
	"scimrenew/okta/oktatest"
	"scimrenew/secrets"
	"scimrenew/store"
)

func TestStartSeedsThreeWorkingProfiles(t *testing.T) {
	ctx := context.Background()
	sb, err := Start(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	dir := sb.DataDir
	ps, err := sb.Store.Profiles(ctx)
	if err != nil || len(ps) != 3 {
		t.Fatalf("profiles: %d, %v", len(ps), err)
	}
	c := hub.NewClient()
	for _, p := range ps {
		if p.Name == APIProfile && (!p.APIMode() || p.OktaCredKind != store.OktaCredSSWS) {
			t.Errorf("%s is not in API mode with an Okta credential: %+v", p.Name, p)
		}
		if p.Name == HubPageProfile && p.APIMode() {
			t.Errorf("%s should be in Hub-page mode", p.Name)
		}
		if _, err := sb.Keychain.Get(p.ID, secrets.KindHubClientSecret); err != nil {
			t.Errorf("%s: no client secret in the keychain: %v", p.Name, err)
		}
		cur, err := sb.Store.CurrentToken(ctx, p.ID)
		if err != nil {
			t.Fatalf("%s: no current token: %v", p.Name, err)
		}
		left := time.Until(cur.ExpiresAt)
		if left <= 0 || left > 200*24*time.Hour {
			t.Errorf("%s: demo token expires in %v", p.Name, left)
		}
		tok, err := sb.Keychain.Get(p.ID, secrets.KindTokenCurrent)
		if err != nil || store.Fingerprint(tok) != cur.Fingerprint {
			t.Fatalf("%s: keychain token does not match its row (%v)", p.Name, err)
		}
		if r := c.Probe(ctx, p.SCIMURL, tok); !r.OK() {
			t.Errorf("%s: the demo token fails the probe: %s", p.Name, r.Message)
		}
		if sb.Okta.Token(p.OktaAppID) != tok {
			t.Errorf("%s: the Okta app does not hold the demo token", p.Name)
		}
		if p.Name == TrackedProfile {
			checkTracked(t, sb, p, cur)
		}
	}
	// A rejected SCIM call shows up in the fake Okta's System Log, as provisioning failures do.
	since := time.Now().Add(-time.Minute)
	c.Probe(ctx, sb.HubPage.SCIMBase(), "not-a-token-the-hub-issued-at-all")
	oc, err := okta.NewClient(sb.Okta.URL(), okta.SSWS(sb.Okta.APIToken()))
	if err != nil {
		t.Fatal(err)
	}
	evs, err := oc.AuthFailures(ctx, oktatest.SCIMAppID, since)
	if err != nil || len(evs) != 1 {
		t.Fatalf("System Log after a rejected SCIM call: %d events, %v", len(evs), err)
	}
	sb.Close()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("temporary data dir left behind: %v", err)
	}
}

func TestClockJumpsForwardOnly(t *testing.T) {
	var c Clock
	before := c.Now()
	c.Jump(-time.Hour)
	if c.Offset() != 0 {
		t.Fatal("jumped backwards")
	}
	c.JumpMonths(11)
	if d := c.Now().Sub(before); d < 330*24*time.Hour || d > 337*24*time.Hour {
		t.Fatalf("11 months jump moved %v", d)
	}
	c.Jump(24 * time.Hour)
	if c.Offset() < 331*24*time.Hour {
		t.Fatalf("offset %v", c.Offset())
	}
}

// checkTracked checks the third demo: its token was made before SCIM Renew and tracked, so it is current
// with install method "already in Okta", verified, on an Okta app of its own, with its reminders.
func checkTracked(t *testing.T, sb *Sandbox, p store.Profile, cur store.Token) {
	t.Helper()
	if cur.InstallMethod != store.InstallAlreadyInOkta || cur.VerifiedAt.IsZero() || cur.ExpirySource != "jwt_exp" ||
		time.Since(cur.CreatedAt) < 150*24*time.Hour {
		t.Errorf("tracked demo token %+v", cur)
	}
	if p.OktaAppID != sb.TrackedAppID || p.OktaAppID == oktatest.SCIMAppID || p.APIMode() {
		t.Errorf("tracked demo profile %+v", p)
	}
	rs, err := sb.Store.TokenReminders(context.Background(), cur.ID)
	if err != nil || len(rs) < 4 || !rs[0].DueAt.After(time.Now()) {
		t.Errorf("tracked demo reminders %+v, %v", rs, err)
	}
}
