package sandbox

import (
	"context"
	"fmt"
	"time"

	"scimrenew/hub"
	"scimrenew/okta/oktatest"
	"scimrenew/reminders"
	"scimrenew/secrets"
	"scimrenew/store"
)

// trackedAge is how long before the sandbox starts the Northwind token was made: before SCIM Renew was
// installed, so it came to the app through "Track my current token", not a renewal.
const trackedAge = 170 * 24 * time.Hour

// trackedApp is Northwind's Okta app: the catalog SCIM app, whose connection cannot take a token through
// the API, so its renewals end with the deep link.
var trackedApp = oktatest.App{
	Name: oktatest.SCIMAppName, Label: "QorusDocs SCIM (Northwind)",
	Connection: oktatest.ConnectionUnknown, Features: []string{"PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION"},
}

// seedTracked adds the third demo: a Hub-page profile whose token the admin made in the Hub and pasted
// into Okta months before installing SCIM Renew, then tracked on the first day — recorded as current with
// install method "already in Okta", verified and healthy at the start, with its reminders scheduled. The
// first renewal moves it to previous like any current token.
func (sb *Sandbox) seedTracked(ctx context.Context) error {
	h := sb.HubTrack
	p, err := sb.Store.CreateProfile(ctx, store.Profile{
		Name: TrackedProfile, HubURL: h.URL(), SCIMURL: h.SCIMBase(),
		ClientID: h.ClientID(), OktaOrgURL: sb.Okta.URL(), OktaAppID: sb.TrackedAppID, OktaAppName: oktatest.SCIMAppName,
	})
	if err != nil {
		return fmt.Errorf("sandbox: cannot create the demo profile %q: %w", TrackedProfile, err)
	}
	if err := sb.Keychain.Set(p.ID, secrets.KindHubClientSecret, h.ClientSecret()); err != nil {
		return err
	}
	sb.Clock.set(-trackedAge)
	tok, err := h.IssueToken()
	sb.Clock.set(0)
	if err != nil {
		return fmt.Errorf("sandbox: the fake Hub did not issue a demo token: %w", err)
	}
	exp, ok := hub.ParseJWTClaims(tok)
	if !ok {
		return fmt.Errorf("sandbox: the fake Hub's demo token states no expiry")
	}
	sb.Okta.SetToken(sb.TrackedAppID, tok)
	if err := sb.Keychain.Set(p.ID, secrets.KindTokenCurrent, tok); err != nil {
		return err
	}
	now := sb.Clock.Now()
	row := store.Token{
		ProfileID: p.ID, Fingerprint: store.Fingerprint(tok), CreatedAt: hub.AddMonths(exp, -hub.TokenLifetimeMonths),
		ExpiresAt: exp, ExpirySource: string(hub.FromJWT), VerifiedAt: now, InstallMethod: store.InstallAlreadyInOkta,
		HealthResult: string(hub.ProbeOK), HealthAt: now,
	}
	_, err = sb.Store.TrackToken(ctx, row, reminders.Schedule(p, row, time.Local))
	return err
}
