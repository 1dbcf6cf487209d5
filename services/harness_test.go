package services

import (
	"context"
	"errors"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"scimrenew/hub/hubtest"
	"scimrenew/okta/oktatest"
	"scimrenew/reminders"
	"scimrenew/renewal"
	"scimrenew/secrets"
	"scimrenew/store"
)

// requireKeyring stops a test that needs a real Secret Service when there is none: a skip on a
// developer's machine, a failure in CI (where scripts/with-keyring.sh must have provided one).
func requireKeyring(t *testing.T) {
	t.Helper()
	if os.Getenv("SCIMRENEW_TEST_KEYRING") == "1" {
		return
	}
	msg := "no real keyring session (SCIMRENEW_TEST_KEYRING is not 1): run under scripts/with-keyring.sh, as `make test` does"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// clock is the world's shared clock: the services, the fake Hub and the fake Okta read it.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// world is one test's real adapters: a SQLite file in a temporary directory, the real keychain under a
// service name of its own, the fake Hub and the fake Okta on loopback, and the services over them.
type world struct {
	t     *testing.T
	ctx   context.Context
	clock *clock
	st    *store.Store
	kc    *secrets.Keychain
	hub   *hubtest.Server
	okta  *oktatest.Server
	svc   *Services

	mu    sync.Mutex
	notes []string // the titles of the notifications shown
}

func newWorld(t *testing.T) *world {
	t.Helper()
	requireKeyring(t)
	w := &world{t: t, ctx: context.Background(), clock: &clock{t: time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)}}
	w.hub = hubtest.New(hubtest.Options{Now: w.clock.Now})
	t.Cleanup(w.hub.Close)
	w.okta = oktatest.New(oktatest.Options{Now: w.clock.Now})
	t.Cleanup(w.okta.Close)
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	st.SetClock(w.clock.Now)
	w.st = st
	service := "io.scimrenew.test." + uuid.NewString()
	w.kc = secrets.New(service, 10*time.Second)
	w.svc = New(Config{
		Store: st, KeychainService: service, KeychainTimeout: 10 * time.Second, Now: w.clock.Now,
		Location: time.UTC, Owner: "services test",
	})
	w.svc.SetNotifier(reminders.NotifierFunc(func(title, _ string) error {
		w.mu.Lock()
		w.notes = append(w.notes, title)
		w.mu.Unlock()
		return nil
	}))
	t.Cleanup(w.removeEntries)
	return w
}

// removeEntries deletes every keychain entry the test's profiles left.
func (w *world) removeEntries() {
	ps, _ := w.st.Profiles(context.Background())
	for _, p := range ps {
		if err := w.kc.DeleteProfile(p.ID); err != nil {
			w.t.Errorf("removing the keychain entries of %s: %v", p.Name, err)
		}
	}
}

// profile saves a profile through SaveProfile: API mode (the fake Hub's token endpoint) when api, and
// with the Org2Org app and an SSWS credential (Okta's API installs) when oktaAPI, else the
// scim2testapp without a credential (a deep-link install).
func (w *world) profile(name string, api, oktaAPI bool) store.Profile {
	w.t.Helper()
	p := store.Profile{
		Name: name, HubURL: w.hub.URL(), SCIMURL: w.hub.SCIMBase(), ClientID: w.hub.ClientID(),
		OktaOrgURL: w.okta.URL(), OktaAppID: oktatest.SCIMAppID, OktaAppName: oktatest.SCIMAppName,
		RemindMonths: store.DefaultRemindMonths, RemindDays: store.DefaultRemindDays,
	}
	sec := ProfileSecrets{HubClientSecret: w.hub.ClientSecret()}
	if api {
		p.TokenURL = w.hub.TokenURL()
	}
	if oktaAPI {
		p.OktaAppID, p.OktaAppName, p.OktaCredKind = oktatest.Org2OrgAppID, oktatest.Org2OrgAppName, store.OktaCredSSWS
		sec.OktaCredential = w.okta.APIToken()
	}
	saved, err := w.svc.SaveProfile(w.ctx, p, sec)
	if err != nil {
		w.t.Fatalf("saving profile %s: %v", name, err)
	}
	return saved
}

// renew runs a whole renewal of an API-mode profile with Okta API installs through the services.
func (w *world) renew(p store.Profile) {
	w.t.Helper()
	sess, err := w.svc.BeginRenewal(w.ctx, p.ID)
	if err != nil {
		w.t.Fatal(err)
	}
	defer sess.Close()
	out := w.svc.Renew(w.ctx, sess, renewal.Input{}, nil)
	if out.Err != nil || out.Summary == nil {
		w.t.Fatalf("renewal of %s did not finish: need %v, err %v", p.Name, out.Need, out.Err)
	}
}

// secret reads a keychain entry of the world's service ("" when there is none).
func (w *world) secret(p store.Profile, kind secrets.Kind) string {
	w.t.Helper()
	v, err := w.kc.Get(p.ID, kind)
	if err != nil && !errors.Is(err, secrets.ErrNotFound) {
		w.t.Fatalf("reading %s of %s: %v", kind, p.Name, err)
	}
	return v
}
