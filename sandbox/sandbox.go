// Package sandbox runs SCIM Renew against fakes anyone can use: it starts the fake QorusDocs Hub
// (hubtest, one per demo tenant) and the fake Okta org (oktatest) on 127.0.0.1, makes a throw-away
// data directory and an in-memory keychain, and pre-fills three demo profiles — one in Hub-page mode with
// the Okta deep link, one in API mode with Okta's Connections API, and one whose token was made before
// SCIM Renew was installed and then tracked — so the whole renewal can be walked on a machine with no
// QorusDocs or Okta account.
//
// It is wiring only: it holds no product logic and no UI. Nothing it starts listens beyond loopback.
package sandbox

import (
	"context"
	"fmt"
	"os"
	"time"

	"scimrenew/hub"
	"scimrenew/hub/hubtest"
	"scimrenew/okta/oktatest"
	"scimrenew/secrets"
	"scimrenew/store"
)

// Demo profile names.
const (
	HubPageProfile = "Contoso (Hub page, Okta deep link)"
	APIProfile     = "Fabrikam (API mode, Okta Connections API)"
	TrackedProfile = "Northwind (existing token, tracked)"
)

// Sandbox is a running sandbox. Close it to stop the fakes and remove the data directory.
type Sandbox struct {
	DataDir  string
	Store    *store.Store
	Keychain *secrets.Memory
	Clock    *Clock
	HubPage  *hubtest.Server // the Contoso tenant's Hub
	HubAPI   *hubtest.Server // the Fabrikam tenant's Hub
	HubTrack *hubtest.Server // the Northwind tenant's Hub
	Okta     *oktatest.Server
	// TrackedAppID is the Northwind Okta app's id (a scim2testapp instance of its own).
	TrackedAppID string
	removeDir    bool
}

// Start starts the fakes and prepares the demo profiles. dataDir may be "" for a new temporary
// directory, removed on Close.
func Start(ctx context.Context, dataDir string) (*Sandbox, error) {
	sb := &Sandbox{Keychain: secrets.NewMemory(), Clock: &Clock{}}
	if dataDir == "" {
		dir, err := os.MkdirTemp("", "scimrenew-sandbox-")
		if err != nil {
			return nil, fmt.Errorf("sandbox: cannot make a data folder: %w", err)
		}
		dataDir, sb.removeDir = dir, true
	}
	sb.DataDir = dataDir
	sb.Okta = oktatest.New(oktatest.Options{Now: sb.Clock.Now})
	sb.HubPage = hubtest.New(hubtest.Options{Now: sb.Clock.Now, Grace: time.Hour, OnRejected: sb.rejectedBy(oktatest.SCIMAppID)})
	sb.HubAPI = hubtest.New(hubtest.Options{Now: sb.Clock.Now, Grace: time.Hour, OnRejected: sb.rejectedBy(oktatest.Org2OrgAppID)})
	sb.TrackedAppID = sb.Okta.AddApp(trackedApp)[0]
	sb.HubTrack = hubtest.New(hubtest.Options{Now: sb.Clock.Now, Grace: time.Hour, OnRejected: sb.rejectedBy(sb.TrackedAppID)})
	st, err := store.OpenEphemeral(dataDir)
	if err != nil {
		sb.Close()
		return nil, err
	}
	st.SetClock(sb.Clock.Now)
	sb.Store = st
	if err := sb.seed(ctx); err != nil {
		sb.Close()
		return nil, err
	}
	return sb, nil
}

// rejectedBy records, as the real Okta would, a System Log event when a tenant's SCIM server refuses
// the token the Okta app sent.
func (sb *Sandbox) rejectedBy(appID string) func(string) {
	return func(string) {
		if sb.Okta != nil {
			sb.Okta.RecordAuthFailure(appID, "Authentication failed: the SCIM server answered 401 Unauthorized")
		}
	}
}

// Close stops the fakes and removes a temporary data directory.
func (sb *Sandbox) Close() {
	if sb.Store != nil {
		sb.Store.Close()
	}
	for _, h := range []*hubtest.Server{sb.HubPage, sb.HubAPI, sb.HubTrack} {
		if h != nil {
			h.Close()
		}
	}
	if sb.Okta != nil {
		sb.Okta.Close()
	}
	if sb.removeDir {
		os.RemoveAll(sb.DataDir)
	}
}

func (sb *Sandbox) seed(ctx context.Context) error {
	existing, err := sb.Store.Profiles(ctx)
	if err != nil || len(existing) > 0 {
		return err
	}
	demos := []struct {
		p     store.Profile
		h     *hubtest.Server
		age   time.Duration // how old the demo's current token is
		cred  string
		appID string
	}{
		{
			store.Profile{Name: HubPageProfile, OktaAppName: oktatest.SCIMAppName, OktaAppID: oktatest.SCIMAppID},
			sb.HubPage, 340 * 24 * time.Hour, "", oktatest.SCIMAppID,
		},
		{store.Profile{
			Name: APIProfile, OktaAppName: oktatest.Org2OrgAppName, OktaAppID: oktatest.Org2OrgAppID,
			OktaCredKind: store.OktaCredSSWS,
		}, sb.HubAPI, 200 * 24 * time.Hour, sb.Okta.APIToken(), oktatest.Org2OrgAppID},
	}
	for _, d := range demos {
		p := d.p
		p.HubURL, p.SCIMURL, p.ClientID, p.OktaOrgURL = d.h.URL(), d.h.SCIMBase(), d.h.ClientID(), sb.Okta.URL()
		if p.OktaCredKind != "" {
			p.TokenURL = d.h.TokenURL()
		}
		p, err := sb.Store.CreateProfile(ctx, p)
		if err != nil {
			return fmt.Errorf("sandbox: cannot create the demo profile %q: %w", p.Name, err)
		}
		if err := sb.Keychain.Set(p.ID, secrets.KindHubClientSecret, d.h.ClientSecret()); err != nil {
			return err
		}
		if d.cred != "" {
			if err := sb.Keychain.Set(p.ID, secrets.KindOktaCredential, d.cred); err != nil {
				return err
			}
		}
		if err := sb.seedToken(ctx, p, d.h, d.age, d.appID); err != nil {
			return err
		}
	}
	return sb.seedTracked(ctx)
}

// seedToken gives a demo profile a current token issued age ago by its fake Hub and held by the Okta
// app, so the home screen has an expiry to count down to.
func (sb *Sandbox) seedToken(ctx context.Context, p store.Profile, h *hubtest.Server, age time.Duration, appID string) error {
	sb.Clock.set(-age)
	tok, err := h.IssueToken()
	created := sb.Clock.Now()
	sb.Clock.set(0)
	if err != nil {
		return fmt.Errorf("sandbox: the fake Hub did not issue a demo token: %w", err)
	}
	exp := hub.DetermineExpiry(tok, 0, created)
	if err := sb.Keychain.Set(p.ID, secrets.KindTokenCurrent, tok); err != nil {
		return err
	}
	sb.Okta.SetToken(appID, tok)
	_, err = sb.Store.InsertToken(ctx, store.Token{
		ProfileID: p.ID, Fingerprint: store.Fingerprint(tok), CreatedAt: created, ExpiresAt: exp.At,
		ExpirySource: string(exp.Source), VerifiedAt: created, InstalledAt: created,
		InstallMethod: store.InstallManual, Status: store.TokenCurrent,
	})
	return err
}

// CurrentTokens lists every current token, so the caller can schedule their reminders once the
// reminders service is wired.
func (sb *Sandbox) CurrentTokens(ctx context.Context) ([]store.Token, error) {
	return sb.Store.TokensWithStatus(ctx, store.TokenCurrent)
}
