package services

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"scimrenew/applog"
	"scimrenew/hub/hubtest"
	"scimrenew/okta/oktatest"
	"scimrenew/secrets"
	"scimrenew/store"
)

// trackWorld is the real thing on this machine: a SQLite file, the real keychain (under a service name
// of the test's own), the fake Hub and Okta on loopback, a debug log in the data dir, and one clock
// that the services and both fakes share. Every token the test meets is a secret that must not reach
// the database, the log or an error.
type trackWorld struct {
	t     *testing.T
	ctx   context.Context
	dir   string
	st    *store.Store
	kc    *secrets.Keychain
	hub   *hubtest.Server
	okta  *oktatest.Server
	clock *trackClock
	loc   *time.Location
	svc   *Services

	mu      sync.Mutex
	secrets map[string]string // value -> what it is
}

type trackClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *trackClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *trackClock) set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// requireTrackKeyring stops a test that needs the real Secret Service when there is none: a skip on a
// developer's machine, a failure in CI (where scripts/with-keyring.sh provides one).
func requireTrackKeyring(t *testing.T) {
	t.Helper()
	if os.Getenv("SCIMRENEW_TEST_KEYRING") == "1" {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI must run this test against a real keychain: run it under scripts/with-keyring.sh")
	}
	t.Skip("needs a real keychain (Secret Service): run under scripts/with-keyring.sh go test ./services/...")
}

func newTrackWorld(t *testing.T, now time.Time) *trackWorld {
	t.Helper()
	requireTrackKeyring(t)
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatalf("time zone: %v (is tzdata installed?)", err)
	}
	w := &trackWorld{
		t: t, ctx: context.Background(), dir: t.TempDir(), loc: loc, clock: &trackClock{t: now.In(loc)},
		secrets: map[string]string{},
	}
	w.hub = hubtest.New(hubtest.Options{Now: w.clock.Now})
	t.Cleanup(w.hub.Close)
	w.okta = oktatest.New(oktatest.Options{Now: w.clock.Now})
	t.Cleanup(w.okta.Close)
	if w.st, err = store.Open(w.dir); err != nil {
		t.Fatal(err)
	}
	w.st.SetClock(w.clock.Now)
	log, logFile, err := applog.Setup(w.dir, true)
	if err != nil {
		t.Fatal(err)
	}
	w.kc = secrets.New("io.scimrenew.test.track."+uuid.NewString(), 10*time.Second)
	if err := w.kc.Probe(); err != nil {
		t.Fatalf("the keychain under test does not answer: %v", err)
	}
	w.svc = New(Config{Store: w.st, Keychain: w.kc, Now: w.clock.Now, Location: loc, Log: log, Owner: "track test"})
	w.secret("Hub client secret", w.hub.ClientSecret())
	w.secret("Okta API token", w.okta.APIToken())
	t.Cleanup(func() {
		w.cleanKeychain()
		logFile.Close()
		w.st.Close()
		w.scan()
	})
	return w
}

// secret registers a value that must never be written to the data dir.
func (w *trackWorld) secret(what, v string) {
	w.mu.Lock()
	w.secrets[v] = what
	w.mu.Unlock()
}

// scan searches every file of the data dir (database, WAL, log) for every secret, raw, base64 and
// URL-encoded.
func (w *trackWorld) scan() {
	w.t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	files := 0
	_ = filepath.WalkDir(w.dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			w.t.Errorf("reading %s: %v", path, err)
			return nil
		}
		files++
		for v, what := range w.secrets {
			for _, form := range []string{
				v, base64.StdEncoding.EncodeToString([]byte(v)),
				base64.RawURLEncoding.EncodeToString([]byte(v)), url.QueryEscape(v),
			} {
				if bytes.Contains(b, []byte(form)) {
					w.t.Errorf("%s holds the %s", filepath.Base(path), what)
				}
			}
		}
		return nil
	})
	if files < 2 {
		w.t.Errorf("only %d files in the data dir: the scan proves little", files)
	}
}

func (w *trackWorld) cleanKeychain() {
	ps, _ := w.st.Profiles(context.Background())
	for _, p := range ps {
		if err := w.kc.DeleteProfile(p.ID); err != nil {
			w.t.Errorf("removing the keychain entries of %s: %v", p.Name, err)
		}
	}
}

// profile saves a Hub-page profile (API mode with Okta's Connections API when api is true) whose SCIM
// endpoint is scimURL ("" for the fake Hub's own), with the Hub client secret in the keychain.
func (w *trackWorld) profile(name, scimURL string, remindMonths int, api bool) store.Profile {
	w.t.Helper()
	if scimURL == "" {
		scimURL = w.hub.SCIMBase()
	}
	p := store.Profile{
		Name: name, HubURL: w.hub.URL(), SCIMURL: scimURL, ClientID: w.hub.ClientID(),
		OktaOrgURL: w.okta.URL(), OktaAppID: oktatest.SCIMAppID, OktaAppName: oktatest.SCIMAppName,
		RemindMonths: remindMonths, RemindDays: []int{14, 7, 1},
	}
	if api {
		p.TokenURL, p.OktaAppID, p.OktaAppName = w.hub.TokenURL(), oktatest.Org2OrgAppID, oktatest.Org2OrgAppName
		p.OktaCredKind = store.OktaCredSSWS
	}
	p, err := w.st.CreateProfile(w.ctx, p)
	if err != nil {
		w.t.Fatal(err)
	}
	kinds := map[secrets.Kind]string{secrets.KindHubClientSecret: w.hub.ClientSecret()}
	if api {
		kinds[secrets.KindOktaCredential] = w.okta.APIToken()
	}
	for k, v := range kinds {
		if err := w.kc.Set(p.ID, k, v); err != nil {
			w.t.Fatal(err)
		}
	}
	return p
}

// issue makes the fake Hub issue a token at the given time, as if the admin had made it then.
func (w *trackWorld) issue(at time.Time) string {
	w.t.Helper()
	now := w.clock.Now()
	w.clock.set(at)
	tok, err := w.hub.IssueToken()
	w.clock.set(now)
	if err != nil {
		w.t.Fatal(err)
	}
	w.secret("token issued "+at.Format(time.DateOnly), tok)
	return tok
}

// opaqueFront puts an opaque token in front of the fake Hub, which knows JWTs only: a loopback proxy
// that swaps the opaque bearer for a JWT the Hub issued. It returns the SCIM base URL to use.
func (w *trackWorld) opaqueFront(opaque, jwt string) string {
	w.t.Helper()
	w.secret("opaque token", opaque)
	target, err := url.Parse(w.hub.URL())
	if err != nil {
		w.t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "Bearer "+opaque {
			r.Header.Set("Authorization", "Bearer "+jwt)
		}
		rp.ServeHTTP(rw, r)
	}))
	w.t.Cleanup(srv.Close)
	return srv.URL + hubtest.SCIMPath
}

// keychainCurrent returns the profile's current token in the keychain, "" when there is none.
func (w *trackWorld) keychainCurrent(p store.Profile) string {
	w.t.Helper()
	v, err := w.kc.Get(p.ID, secrets.KindTokenCurrent)
	if errors.Is(err, secrets.ErrNotFound) {
		return ""
	}
	if err != nil {
		w.t.Fatal(err)
	}
	return v
}

func date(loc *time.Location, y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}
