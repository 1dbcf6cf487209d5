package services

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"scimrenew/okta/oktatest"
	"scimrenew/secrets"
	"scimrenew/store"
)

// realKeychain is the session's Secret Service under a service name of this test's own
// (scripts/with-keyring.sh provides an unlocked gnome-keyring); outside it, an in-memory keychain,
// except in CI, where a missing keyring fails the test.
func realKeychain(t *testing.T) Keychain {
	t.Helper()
	if os.Getenv("SCIMRENEW_TEST_KEYRING") != "1" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but no test keyring: run the tests through scripts/with-keyring.sh")
		}
		t.Log("no test keyring (run through scripts/with-keyring.sh for the real one): using an in-memory keychain")
		return secrets.NewMemory()
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	kc := secrets.New("io.scimrenew.test-services-"+hex.EncodeToString(b), 3*time.Second)
	if err := kc.Probe(); err != nil {
		t.Fatalf("the test keyring does not answer: %v", err)
	}
	return kc
}

// newServices assembles the services on a real SQLite file in a temp dir and the keychain of
// realKeychain; the profiles it saves are cleaned out of the keychain afterwards.
func newServices(t *testing.T) (*Services, *store.Store, Keychain) {
	t.Helper()
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	kc := realKeychain(t)
	t.Cleanup(func() {
		ps, _ := st.Profiles(context.Background())
		for _, p := range ps {
			for _, k := range secrets.Kinds() {
				_ = kc.Delete(p.ID, k)
			}
		}
	})
	return New(Config{Store: st, Keychain: kc, Owner: "test"}), st, kc
}

func newOrg(t *testing.T, opts oktatest.Options) *oktatest.Server {
	t.Helper()
	srv := oktatest.New(opts)
	t.Cleanup(srv.Close)
	return srv
}

// oktaSettings is an unsaved profile's Okta settings for the fake org.
func oktaSettings(srv *oktatest.Server, kind string) store.Profile {
	return store.Profile{OktaOrgURL: srv.URL(), OktaCredKind: kind, OktaAppName: oktatest.SCIMAppName}
}

// saveProfile stores a valid profile with p's Okta settings and returns it with its ID.
func saveProfile(t *testing.T, st *store.Store, p store.Profile) store.Profile {
	t.Helper()
	p.Name, p.HubURL, p.SCIMURL, p.ClientID = "Acme", "https://acme.qorusdocs.com", "https://acme.qorusdocs.com/scim/v2", "acme-client"
	p.RemindMonths, p.RemindDays = store.DefaultRemindMonths, store.DefaultRemindDays
	out, err := st.CreateProfile(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func appIDs(apps []OktaApp) []string {
	out := make([]string, len(apps))
	for i, a := range apps {
		out[i] = a.ID
	}
	return out
}

func TestFindOktaAppsWithTheTokenOnTheUnsavedForm(t *testing.T) {
	svc, _, _ := newServices(t)
	srv := newOrg(t, oktatest.Options{})
	p := oktaSettings(srv, store.OktaCredSSWS) // no ID: a profile not saved yet
	ctx := context.Background()

	tests := []struct {
		query   string
		want    string // an app id the result must hold
		wantLen int    // exact count, or -1 for "more than one page's worth"
	}{
		{query: "QorusDocs", want: oktatest.Org2OrgAppID, wantLen: 2},
		{query: "  scim2test ", want: oktatest.SCIMAppID, wantLen: 1},
		{query: "", want: oktatest.Org2OrgAppID, wantLen: -1},
		{query: "Nothing like this", wantLen: 0},
	}
	for _, tt := range tests {
		apps, err := svc.FindOktaApps(ctx, p, " "+srv.APIToken()+"\n", tt.query)
		if err != nil {
			t.Fatalf("FindOktaApps(%q): %v", tt.query, err)
		}
		switch {
		case tt.wantLen >= 0 && len(apps) != tt.wantLen:
			t.Errorf("FindOktaApps(%q) = %v, want %d apps", tt.query, appIDs(apps), tt.wantLen)
		case tt.wantLen < 0 && len(apps) <= 20:
			t.Errorf("FindOktaApps(%q) found %d apps: it did not read every page", tt.query, len(apps))
		case tt.want != "" && !slices.Contains(appIDs(apps), tt.want):
			t.Errorf("FindOktaApps(%q) = %v, want %s among them", tt.query, appIDs(apps), tt.want)
		}
	}
	apps, _ := svc.FindOktaApps(ctx, p, srv.APIToken(), "scim2")
	if a := apps[0]; a.Name != oktatest.SCIMAppName || a.Label != oktatest.SCIMAppLabel || a.Status != "ACTIVE" {
		t.Errorf("the app reads %+v", a)
	}
}

func TestOktaCallsUseTheStoredCredentialWhenTheFormHasNone(t *testing.T) {
	svc, st, kc := newServices(t)
	srv := newOrg(t, oktatest.Options{})
	ctx := context.Background()
	p := saveProfile(t, st, oktaSettings(srv, store.OktaCredSSWS))

	// Nothing stored yet: the error says so and matches ErrSecretNotFound.
	_, err := svc.FindOktaApps(ctx, p, "", "QorusDocs")
	if !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("with nothing stored: %v, want ErrSecretNotFound", err)
	}
	if _, err := svc.FindOktaApps(ctx, store.Profile{OktaOrgURL: srv.URL(), OktaCredKind: store.OktaCredSSWS}, "", ""); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("a new profile with no credential typed: %v, want ErrSecretNotFound", err)
	}

	if err := kc.Set(p.ID, secrets.KindOktaCredential, srv.APIToken()); err != nil {
		t.Fatal(err)
	}
	v, err := svc.StoredSecret(p.ID, SecretOktaCredential)
	if err != nil || v != srv.APIToken() {
		t.Fatalf("StoredOktaCredential: %d bytes, %v", len(v), err)
	}
	apps, err := svc.FindOktaApps(ctx, p, "", "scim2")
	if err != nil || len(apps) != 1 {
		t.Fatalf("with the stored token: %v, %v", appIDs(apps), err)
	}
	// A token typed on the form wins over the stored one, even when it is wrong.
	const wrong = "00wrongwrongwrongwrongwrongwrong"
	_, err = svc.FindOktaApps(ctx, p, wrong, "QorusDocs")
	if err == nil {
		t.Fatal("a wrong typed token was not used")
	}
	if strings.Contains(err.Error(), wrong) || strings.Contains(err.Error(), srv.APIToken()) {
		t.Fatal("the error text carries a credential")
	}
}

func TestTestOktaAccessTellsWhetherTheTokenCanBeSetByAPI(t *testing.T) {
	svc, _, _ := newServices(t)
	srv := newOrg(t, oktatest.Options{})
	ctx := context.Background()
	tests := []struct {
		name        string
		appID       string
		wantChecked bool
		wantSet     bool
	}{
		{"no app yet", "", false, false},
		{"the SCIM 2.0 test app (connection reads UNKNOWN)", oktatest.SCIMAppID, true, false},
		{"an Org2Org app (connection takes tokens)", oktatest.Org2OrgAppID, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := oktaSettings(srv, store.OktaCredSSWS)
			p.OktaAppID = tt.appID
			a, err := svc.TestOktaAccess(ctx, p, srv.APIToken())
			if err != nil {
				t.Fatal(err)
			}
			if a.Credential != "API token" || a.ReadApps != PermissionAllowed || a.ReadLogs != PermissionAllowed {
				t.Errorf("access %+v", a)
			}
			if a.AppChecked != tt.wantChecked || a.CanSetToken != tt.wantSet {
				t.Errorf("AppChecked %v CanSetToken %v, want %v %v", a.AppChecked, a.CanSetToken, tt.wantChecked, tt.wantSet)
			}
		})
	}
	p := oktaSettings(srv, store.OktaCredSSWS)
	if _, err := svc.TestOktaAccess(ctx, p, "00notthetokennotthetoken00"); err == nil {
		t.Fatal("Okta refused the token but TestOktaAccess reports no error")
	}
}

func TestServiceAppKeyPairSignsInAndShowsItsPublicKeyAgain(t *testing.T) {
	svc, st, kc := newServices(t)
	srv := newOrg(t, oktatest.Options{DPoPRequired: true})
	ctx := context.Background()
	kp, err := GenerateOktaKeyPair()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(kp.String(), kp.PrivateKeyPEM[40:80]) || !strings.Contains(kp.PrivateKeyPEM, "PRIVATE KEY") {
		t.Fatal("the key pair prints its private key, or has none")
	}
	const clientID = "0oasvc0scimrenew0001"
	if err := srv.RegisterServiceApp(clientID, kp.PublicJWK, "okta.apps.read", "okta.logs.read"); err != nil {
		t.Fatal(err)
	}
	p := oktaSettings(srv, store.OktaCredServiceApp)
	p.OktaClientID, p.OktaKeyID = clientID, kp.KeyID
	a, err := svc.TestOktaAccess(ctx, p, kp.PrivateKeyPEM)
	if err != nil {
		t.Fatalf("the new key pair did not sign in: %v", err)
	}
	if a.Credential != "service app" || a.ManageApps != PermissionDenied || !slices.Contains(a.Scopes, "okta.apps.read") {
		t.Errorf("access %+v: want a service app without okta.apps.manage", a)
	}

	saved := saveProfile(t, st, p)
	if _, err := svc.OktaPublicKey(saved.ID, kp.KeyID); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("OktaPublicKey with no key stored: %v", err)
	}
	if err := kc.Set(saved.ID, secrets.KindOktaCredential, kp.PrivateKeyPEM); err != nil {
		t.Fatal(err)
	}
	jwk, err := svc.OktaPublicKey(saved.ID, kp.KeyID)
	if err != nil {
		t.Fatal(err)
	}
	var got, want map[string]any
	if json.Unmarshal([]byte(jwk), &got) != nil || json.Unmarshal([]byte(kp.PublicJWK), &want) != nil {
		t.Fatal("a JWK does not parse")
	}
	if got["n"] != want["n"] || got["kid"] != kp.KeyID || got["d"] != nil {
		t.Fatalf("the public key shown again differs from the generated one (or holds the private part): %v", got)
	}
	// And the stored key signs in, as the renewal's client does.
	c, err := svc.OktaClient(saved)
	if err != nil || c == nil {
		t.Fatalf("OktaClient of the saved service app: %v", err)
	}
	if _, err := svc.FindOktaApps(ctx, saved, "", "QorusDocs"); err != nil {
		t.Fatalf("Find with the stored key: %v", err)
	}
}

func TestOktaCallsStopAtTheTimeout(t *testing.T) {
	svc, _, _ := newServices(t)
	srv := newOrg(t, oktatest.Options{})
	old := oktaCallTimeout
	oktaCallTimeout = 200 * time.Millisecond
	t.Cleanup(func() { oktaCallTimeout = old })
	srv.SetFault(oktatest.Fault{Delay: 5 * time.Second})
	start := time.Now()
	_, err := svc.FindOktaApps(context.Background(), oktaSettings(srv, store.OktaCredSSWS), srv.APIToken(), "")
	if !errors.Is(err, ErrOktaTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a slow org gave %v, want ErrOktaTimeout", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("the call took %v", d)
	}
	if !strings.HasPrefix(err.Error(), "Okta did not answer within") {
		t.Errorf("timeout text %q", err)
	}
	// A caller's own cancellation is not a timeout of Okta's.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := svc.FindOktaApps(ctx, oktaSettings(srv, store.OktaCredSSWS), srv.APIToken(), ""); errors.Is(err, ErrOktaTimeout) {
		t.Fatalf("a cancelled call reads as Okta's timeout: %v", err)
	}
}

func TestOktaSettingsWithoutACredentialKind(t *testing.T) {
	svc, _, _ := newServices(t)
	srv := newOrg(t, oktatest.Options{})
	p := oktaSettings(srv, store.OktaCredNone)
	if _, err := svc.TestOktaAccess(context.Background(), p, "anything-typed-here-00"); err == nil {
		t.Fatal("no credential kind, yet Okta was called")
	}
	p.OktaCredKind = "carrier-pigeon"
	if _, err := svc.FindOktaApps(context.Background(), p, "anything-typed-here-00", ""); err == nil ||
		!strings.Contains(err.Error(), "unknown") {
		t.Fatalf("an unknown kind: %v", err)
	}
}
