package reminders

import (
	"strings"
	"testing"
	"time"

	"scimrenew/hub"
	"scimrenew/hub/hubtest"
	"scimrenew/okta"
	"scimrenew/okta/oktatest"
	"scimrenew/secrets"
	"scimrenew/store"
)

type hubFixture struct {
	*env
	srv   *hubtest.Server
	p     store.Profile
	tok   store.Token
	token string
}

// newHubFixture starts the in-repo fake Hub on loopback, sharing the test's clock, with a token it
// issued recorded as the profile's current token.
func newHubFixture(t *testing.T, now time.Time) *hubFixture {
	t.Helper()
	f := &hubFixture{env: newEnv(t, now, nil)}
	f.srv = hubtest.New(hubtest.Options{Now: f.clock.Now})
	t.Cleanup(f.srv.Close)
	client := hub.NewClient()
	client.Now = f.clock.Now
	keys := secrets.NewMemory()
	f.svc = NewService(Config{
		Store: f.st, Notifier: f.notes, Prober: client, Tokens: keys, Now: f.clock.Now,
		Location: time.UTC, Log: f.svc.log,
	})
	p := sampleProfile("Acme")
	p.HubURL, p.SCIMURL = f.srv.URL(), f.srv.SCIMBase()
	var err error
	if f.p, err = f.st.CreateProfile(f.ctx, p); err != nil {
		t.Fatal(err)
	}
	if f.token, err = f.srv.IssueToken(); err != nil {
		t.Fatal(err)
	}
	f.tok = addToken(t, f.st, f.svc, f.p, f.token, now, AddMonthsClamped(now, 12))
	if err := keys.Set(f.p.ID, secrets.KindTokenCurrent, f.token); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestHealthAgainstFakeHub runs the health check with the real hub client against the fake Hub over
// loopback HTTP: healthy, then revoked at the Hub, then expired.
func TestHealthAgainstFakeHub(t *testing.T) {
	now := date(time.UTC, 2025, 6, 1, 12, 0)
	f := newHubFixture(t, now)

	h, err := f.svc.CheckHealth(f.ctx, f.p.ID)
	if err != nil || h.Result != hub.ProbeOK || h.HTTPStatus != 200 || h.Notified {
		t.Fatalf("healthy token: %+v, %v", h, err)
	}

	f.srv.Revoke(f.token) // an administrator revoked it in the Hub, months before its expiry
	f.clock.Add(24 * time.Hour)
	h, err = f.svc.CheckHealth(f.ctx, f.p.ID)
	if err != nil || h.Result != hub.ProbeRejected || h.HTTPStatus != 401 || !h.Notified {
		t.Fatalf("revoked token: %+v, %v", h, err)
	}
	f.checkRevokedTold(t)

	f.clock.Set(AddMonthsClamped(now, 12).Add(time.Minute))
	h, err = f.svc.CheckHealth(f.ctx, f.p.ID)
	if err != nil || !h.Expired || f.srv.Requests().SCIMRequests != 2 {
		t.Fatalf("expired token: %+v, %v, %+v; want marked expired without a probe", h, err, f.srv.Requests())
	}
	if stored, _ := f.st.Token(f.ctx, f.tok.ID); stored.Status != store.TokenExpired {
		t.Errorf("status %s", stored.Status)
	}
}

// checkRevokedTold checks what the user, the store and the fake Hub saw of the revoked token's check.
func (f *hubFixture) checkRevokedTold(t *testing.T) {
	t.Helper()
	notes := f.notes.all()
	if len(notes) != 1 || !strings.Contains(notes[0].Body, "the token was revoked or replaced; provisioning is failing") {
		t.Fatalf("notes %+v", notes)
	}
	if c := f.srv.Requests(); c.SCIMRequests != 2 || c.SCIMRejected != 1 {
		t.Errorf("the fake Hub saw %+v", c)
	}
	stored, _ := f.st.Token(f.ctx, f.tok.ID)
	if stored.HealthResult != "rejected" || !strings.Contains(stored.HealthMessage, "401") {
		t.Errorf("stored %q %q", stored.HealthResult, stored.HealthMessage)
	}
	for _, s := range []string{notes[0].Title, notes[0].Body, stored.HealthMessage, f.logs.String()} {
		if strings.Contains(s, f.token) {
			t.Fatal("the token leaked into a notification, the store or the log")
		}
	}
}

// TestHealthProvisioningFailingAgainstFakes is the day a token dies early, against both in-repo fakes
// over loopback: the Hub refuses the revoked token, and Okta's System Log (read with the real okta
// client) shows the provisioning pushes it refused since the last check.
func TestHealthProvisioningFailingAgainstFakes(t *testing.T) {
	now := date(time.UTC, 2025, 6, 1, 12, 0)
	f := newHubFixture(t, now)
	org := f.withOkta(t)
	org.RecordAuthFailure(oktatest.SCIMAppID, "before the current token was installed")
	f.clock.Add(time.Hour)
	if err := f.st.SetTokenInstalled(f.ctx, f.tok.ID, f.clock.Now(), store.InstallManual); err != nil {
		t.Fatal(err)
	}

	f.clock.Add(time.Hour)
	h, err := f.svc.CheckHealth(f.ctx, f.p.ID)
	if err != nil || h.Result != hub.ProbeOK || !h.OktaChecked || h.AuthFailures != 0 || h.Notified {
		t.Fatalf("healthy day: %+v, %v; the failure from before the install must not count", h, err)
	}

	f.srv.Revoke(f.token)
	f.clock.Add(20 * time.Hour)
	org.RecordAuthFailure(oktatest.SCIMAppID, "Unauthorized") // Okta's next push, refused by the Hub
	f.clock.Add(4 * time.Hour)
	h, err = f.svc.CheckHealth(f.ctx, f.p.ID)
	if err != nil || h.Result != hub.ProbeRejected || h.AuthFailures != 1 || !h.Notified {
		t.Fatalf("failing day: %+v, %v", h, err)
	}
	checkFailingNotes(t, f.notes.all())
	if n := org.Requests()["GET /api/v1/logs"]; n != 2 {
		t.Errorf("%d System Log reads; want one per check", n)
	}
}

// withOkta starts the fake Okta org on loopback and points the profile and the service at it, with an
// SSWS credential that may read the System Log.
func (f *hubFixture) withOkta(t *testing.T) *oktatest.Server {
	t.Helper()
	org := oktatest.New(oktatest.Options{Now: f.clock.Now})
	t.Cleanup(org.Close)
	f.svc.cfg.Okta = func(p store.Profile) (LogReader, error) {
		if p.OktaCredKind != store.OktaCredSSWS {
			return nil, nil
		}
		return okta.NewClient(p.OktaOrgURL, okta.SSWS(org.APIToken()), okta.WithHTTPClient(org.Client()), okta.WithClock(f.clock.Now, nil))
	}
	f.p.OktaOrgURL, f.p.OktaAppID, f.p.OktaAppName, f.p.OktaCredKind = org.URL(), oktatest.SCIMAppID, oktatest.SCIMAppName, store.OktaCredSSWS
	var err error
	if f.p, err = f.st.UpdateProfile(f.ctx, f.p); err != nil {
		t.Fatal(err)
	}
	return org
}

// checkFailingNotes: one notification, the Hub's rejection with Okta's failures since the last check.
func checkFailingNotes(t *testing.T, notes []note) {
	t.Helper()
	if len(notes) != 1 || notes[0].Title != "Acme: SCIM token rejected" {
		t.Fatalf("notes %+v", notes)
	}
	if want := `Okta's System Log shows 1 provisioning authentication failure since 1 Jun 14:00 (latest: "Unauthorized").`; !strings.Contains(notes[0].Body, want) {
		t.Errorf("body %q lacks %q", notes[0].Body, want)
	}
}
