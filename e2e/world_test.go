package e2e

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"scimrenew/hub"
	"scimrenew/hub/hubtest"
	"scimrenew/okta"
	"scimrenew/okta/oktatest"
	"scimrenew/reminders"
	"scimrenew/renewal"
	"scimrenew/safenet"
	"scimrenew/secrets"
	"scimrenew/store"
)

// callTimeout is the HTTP timeout of the world's clients: short, so the timeout faults are quick, and
// far above what a loopback call takes even under -race on a busy machine.
const callTimeout = 2 * time.Second

// slowDelay is how long the slow faults hold a reply: well past callTimeout.
const slowDelay = 3 * callTimeout

// world is one API-mode profile wired as the app wires it (a Hub client, an engine, Okta clients from
// the keychain's SSWS token, a reminders service), against a fake Hub and a fake Okta org, with every
// network call going through a transport that can send one kind of request to a bad endpoint.
type world struct {
	t       *testing.T
	dir     string
	st      *store.Store
	kc      *secrets.Memory
	hub     *hubtest.Server
	okta    *oktatest.Server
	ofaults *oktaFaults
	route   *rerouter
	hc      *hub.Client
	p       store.Profile
	current string // the token current before the renewal
	secrets *secretSet
	badTLS  *url.URL // an https server this computer does not trust
	closed  *url.URL // a port nothing listens on
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{t: t, dir: t.TempDir(), kc: secrets.NewMemory(), ofaults: &oktaFaults{}, secrets: newSecretSet()}
	var err error
	if w.st, err = store.Open(w.dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.st.Close() })
	w.hub = hubtest.New(hubtest.Options{Grace: time.Hour, SlowDelay: slowDelay})
	t.Cleanup(w.hub.Close)
	w.okta = oktatest.New(oktatest.Options{Wrap: w.ofaults.wrap})
	t.Cleanup(w.okta.Close)
	tlsSrv := httptest.NewUnstartedServer(http.NotFoundHandler())
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are the point
	tlsSrv.StartTLS()
	t.Cleanup(tlsSrv.Close)
	w.badTLS, _ = url.Parse(tlsSrv.URL)
	w.closed = closedPort(t)
	w.route = &rerouter{base: http.DefaultTransport.(*http.Transport).Clone()}
	w.hc = hub.NewClient()
	w.hc.HTTP = w.httpClient()
	w.hc.RetryPause = 10 * time.Millisecond

	p, err := w.st.CreateProfile(ctx, store.Profile{
		Name: "Matrix", HubURL: w.hub.URL(), SCIMURL: w.hub.SCIMBase(), TokenURL: w.hub.TokenURL(),
		ClientID: w.hub.ClientID(), OktaOrgURL: w.okta.URL(), OktaAppID: oktatest.Org2OrgAppID,
		OktaAppName: oktatest.Org2OrgAppName, OktaCredKind: store.OktaCredSSWS,
	})
	if err != nil {
		t.Fatal(err)
	}
	w.p = p
	w.set(secrets.KindHubClientSecret, w.hub.ClientSecret())
	w.set(secrets.KindOktaCredential, w.okta.APIToken())
	w.secrets.add("Hub client secret", w.hub.ClientSecret())
	w.secrets.add("Okta API token", w.okta.APIToken())
	w.seedCurrent(ctx)
	return w
}

func (w *world) set(kind secrets.Kind, v string) {
	if err := w.kc.Set(w.p.ID, kind, v); err != nil {
		w.t.Fatal(err)
	}
}

// seedCurrent gives the profile a current token, held by the Okta app, issued a month ago.
func (w *world) seedCurrent(ctx context.Context) {
	tok, err := w.hub.IssueToken()
	if err != nil {
		w.t.Fatal(err)
	}
	w.current = tok
	w.secrets.add("current token", tok)
	w.set(secrets.KindTokenCurrent, tok)
	w.okta.SetToken(oktatest.Org2OrgAppID, tok)
	created := time.Now().AddDate(0, -1, 0)
	exp := hub.DetermineExpiry(tok, 0, created)
	if _, err := w.st.InsertToken(ctx, store.Token{
		ProfileID: w.p.ID, Fingerprint: store.Fingerprint(tok),
		CreatedAt: created, ExpiresAt: exp.At, ExpirySource: string(exp.Source), VerifiedAt: created,
		InstalledAt: created, InstallMethod: store.InstallManual, Status: store.TokenCurrent,
	}); err != nil {
		w.t.Fatal(err)
	}
}

// httpClient is a client with safenet's rules, the world's short timeout and its rerouting transport.
func (w *world) httpClient() *http.Client {
	return &http.Client{Timeout: callTimeout, CheckRedirect: safenet.CheckRedirect, Transport: w.route}
}

// oktaClient makes a profile's Okta client as services does, from its SSWS token in the keychain.
func (w *world) oktaClient(p store.Profile) (*okta.Client, error) {
	cred, err := w.kc.Get(p.ID, secrets.KindOktaCredential)
	if errors.Is(err, secrets.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	noWait := func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	return okta.NewClient(p.OktaOrgURL, okta.SSWS(cred), okta.WithHTTPClient(w.httpClient()), okta.WithClock(nil, noWait))
}

func (w *world) engine(owner string) *renewal.Engine {
	return renewal.New(renewal.Config{
		Store: w.st, Keychain: w.kc, Hub: w.hc, Owner: owner,
		Okta: func(p store.Profile) (renewal.Okta, error) {
			c, err := w.oktaClient(p)
			if c == nil || err != nil {
				return nil, err
			}
			return c, nil
		},
	})
}

func (w *world) health() *reminders.Service {
	return reminders.NewService(reminders.Config{
		Store: w.st, Prober: w.hc, Tokens: w.kc,
		Notifier: reminders.NotifierFunc(func(title, body string) error { return nil }),
		Okta: func(p store.Profile) (reminders.LogReader, error) {
			c, err := w.oktaClient(p)
			if c == nil || err != nil {
				return nil, err
			}
			return c, nil
		},
	})
}

// slot reads a keychain entry of the profile, "" when empty.
func (w *world) slot(kind secrets.Kind) string {
	v, err := w.kc.Get(w.p.ID, kind)
	if err != nil && !errors.Is(err, secrets.ErrNotFound) {
		w.t.Fatal(err)
	}
	return v
}

// clearFaults puts every endpoint back to normal.
func (w *world) clearFaults() {
	w.hub.SetFault(hubtest.TargetAll, hubtest.FaultNone)
	w.okta.SetFault(oktatest.Fault{})
	w.ofaults.set(oktaFaultNone, "", "")
	w.route.set("", "", nil)
}

// closedPort returns an http URL of a loopback port that was just closed: connecting is refused.
func closedPort(t *testing.T) *url.URL {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	u := &url.URL{Scheme: "http", Host: l.Addr().String()}
	l.Close()
	return u
}

// rerouter sends the requests matching one method and path prefix to another origin (a closed port, an
// untrusted TLS server) so that one call of several fails in the network, with the real error values.
type rerouter struct {
	base   http.RoundTripper
	mu     sync.Mutex
	method string
	prefix string
	to     *url.URL
}

func (r *rerouter) set(method, prefix string, to *url.URL) {
	r.mu.Lock()
	r.method, r.prefix, r.to = method, prefix, to
	r.mu.Unlock()
}

func (r *rerouter) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	method, prefix, to := r.method, r.prefix, r.to
	r.mu.Unlock()
	if to == nil || (method != "" && req.Method != method) || !strings.HasPrefix(req.URL.Path, prefix) {
		return r.base.RoundTrip(req)
	}
	out := req.Clone(req.Context())
	out.URL.Scheme, out.URL.Host, out.Host = to.Scheme, to.Host, ""
	return r.base.RoundTrip(out)
}

// oktaFault is a misbehaviour the fake Okta org has no switch for.
type oktaFault int

const (
	oktaFaultNone oktaFault = iota
	oktaFault404
	oktaFault503
	oktaFaultHTML
	oktaFaultMalformed
	oktaFaultBig
)

// oktaFaults answers matching requests to the fake org with a fault, in front of its own handler.
type oktaFaults struct {
	mu     sync.Mutex
	kind   oktaFault
	method string
	prefix string
}

func (f *oktaFaults) set(kind oktaFault, method, prefix string) {
	f.mu.Lock()
	f.kind, f.method, f.prefix = kind, method, prefix
	f.mu.Unlock()
}

func (f *oktaFaults) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		kind, method, prefix := f.kind, f.method, f.prefix
		f.mu.Unlock()
		if kind == oktaFaultNone || (method != "" && r.Method != method) || !strings.HasPrefix(r.URL.Path, prefix) {
			next.ServeHTTP(rw, r)
			return
		}
		switch kind {
		case oktaFault404:
			rw.Header().Set("Content-Type", "application/json")
			rw.WriteHeader(http.StatusNotFound)
			_, _ = rw.Write([]byte(`{"errorCode":"E0000007","errorSummary":"Not found: Resource not found: ` +
				`0oaqd0rg2org0app0002 (AppInstance)","errorLink":"E0000007","errorId":"oae404e2e","errorCauses":[]}`))
		case oktaFault503:
			http.Error(rw, "Service Unavailable", http.StatusServiceUnavailable)
		case oktaFaultHTML:
			rw.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = rw.Write([]byte("<!DOCTYPE html><html><head><title>Sign In</title></head><body>Okta sign-in</body></html>"))
		case oktaFaultMalformed:
			rw.Header().Set("Content-Type", "application/json")
			_, _ = rw.Write([]byte(`{"authScheme":"TOKEN","profile":{"authScheme":`))
		case oktaFaultBig:
			rw.Header().Set("Content-Type", "application/json")
			_, _ = rw.Write([]byte(`{"padding": "`))
			_, _ = rw.Write([]byte(strings.Repeat("x", 2<<20)))
			_, _ = rw.Write([]byte(`"}`))
		}
	})
}
