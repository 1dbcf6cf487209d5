package renewal

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"scimrenew/hub"
	"scimrenew/okta"
	"scimrenew/secrets"
	"scimrenew/store"
)

// fakeHub is an in-test Hub: CreateToken hands out numbered tokens unless failNext says otherwise, and
// Probe accepts exactly the tokens it handed out (or whatever probe decides).
type fakeHub struct {
	mu       sync.Mutex
	creates  int
	probes   int
	failNext []error // errors for the next CreateToken calls, in order
	probe    func(scimBaseURL, token string) hub.ProbeResult
	issued   map[string]bool
}

func (h *fakeHub) CreateToken(ctx context.Context, tokenURL, clientID, clientSecret string) (hub.NewToken, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.creates++
	if len(h.failNext) > 0 {
		err := h.failNext[0]
		h.failNext = h.failNext[1:]
		return hub.NewToken{}, err
	}
	tok := h.mintLocked()
	now := time.Date(2025, 3, 31, 14, 0, 0, 0, time.UTC)
	return hub.NewToken{Value: tok, ExpiresIn: 0, Created: now, Expiry: hub.DetermineExpiry(tok, 0, now)}, nil
}

func (h *fakeHub) mint() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.mintLocked()
}

func (h *fakeHub) mintLocked() string {
	if h.issued == nil {
		h.issued = map[string]bool{}
	}
	tok := fmt.Sprintf("opaque-scim-token-%04d-abcdefghijklmnop", len(h.issued)+1)
	h.issued[tok] = true
	return tok
}

func (h *fakeHub) Probe(ctx context.Context, scimBaseURL, token string) hub.ProbeResult {
	h.mu.Lock()
	h.probes++
	probe, ok := h.probe, h.issued[token]
	h.mu.Unlock()
	if probe != nil {
		return probe(scimBaseURL, token)
	}
	if !ok {
		return hub.ProbeResult{Class: hub.ProbeRejected, HTTPStatus: 401, Message: "The Hub rejected the token (HTTP 401)."}
	}
	return hub.ProbeResult{Class: hub.ProbeOK, HTTPStatus: 200, Message: "OK", At: time.Now()}
}

func (h *fakeHub) counts() (creates, probes int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.creates, h.probes
}

// fakeOkta is an in-test Okta app: it keeps the token it was given, or fails with err.
type fakeOkta struct {
	mu    sync.Mutex
	token string
	err   error
	sets  int
}

func (o *fakeOkta) SetToken(ctx context.Context, appID, token string) (okta.Connection, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sets++
	if o.err != nil {
		return okta.Connection{}, o.err
	}
	o.token = token
	return okta.Connection{AuthScheme: "TOKEN", Status: "ENABLED"}, nil
}

func (o *fakeOkta) held() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.token
}

// flakyKeychain wraps a Keychain and fails the next Set calls of one kind.
type flakyKeychain struct {
	Keychain
	mu       sync.Mutex
	failSets map[secrets.Kind]int
}

func (f *flakyKeychain) Set(profileID string, kind secrets.Kind, value string) error {
	f.mu.Lock()
	if f.failSets[kind] > 0 {
		f.failSets[kind]--
		f.mu.Unlock()
		return fmt.Errorf("%w (test: the keyring is locked)", secrets.ErrUnavailable)
	}
	f.mu.Unlock()
	return f.Keychain.Set(profileID, kind, value)
}

// fixture is a store in a temp dir with one profile, an in-memory keychain and the fakes.
type fixture struct {
	t    *testing.T
	ctx  context.Context
	st   *store.Store
	kc   *secrets.Memory
	hub  *fakeHub
	okta *fakeOkta
	p    store.Profile
}

func newFixture(t *testing.T, apiMode bool) *fixture {
	t.Helper()
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{t: t, ctx: context.Background(), st: st, kc: secrets.NewMemory(), hub: &fakeHub{}, okta: &fakeOkta{}}
	p := store.Profile{
		Name: "Acme", HubURL: "https://acme.qorusdocs.com", SCIMURL: "https://acme.qorusdocs.com/scim/v2",
		ClientID: "client-123", OktaOrgURL: "https://acme.okta.com", OktaAppID: "0oa1abcd", OktaAppName: "okta_org2org",
	}
	if apiMode {
		p.TokenURL = "https://acme.qorusdocs.com/oauth2/token"
	}
	if f.p, err = st.CreateProfile(f.ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := f.kc.Set(f.p.ID, secrets.KindHubClientSecret, "client-secret-xyz"); err != nil {
		t.Fatal(err)
	}
	return f
}

// config returns an engine config over the fixture; owner names the "window".
func (f *fixture) config(owner string) Config {
	return Config{
		Store: f.st, Keychain: f.kc, Hub: f.hub, Owner: owner, LeaseTTL: 3 * time.Second,
		Okta: func(store.Profile) (Okta, error) { return f.okta, nil },
	}
}

func (f *fixture) engine(owner string) *Engine { return New(f.config(owner)) }

// seedCurrent records a current token (and optionally a previous one) with their keychain entries.
func (f *fixture) seedCurrent(withPrevious bool) (cur, prev string) {
	f.t.Helper()
	now := time.Now().AddDate(-1, 0, 0)
	add := func(status string, kind secrets.Kind) string {
		tok := f.hub.mint()
		if _, err := f.st.InsertToken(f.ctx, store.Token{
			ProfileID: f.p.ID, Fingerprint: store.Fingerprint(tok),
			CreatedAt: now, ExpiresAt: now.AddDate(1, 0, 0), ExpirySource: "assumed_12_months", Status: status,
		}); err != nil {
			f.t.Fatal(err)
		}
		if err := f.kc.Set(f.p.ID, kind, tok); err != nil {
			f.t.Fatal(err)
		}
		return tok
	}
	if withPrevious {
		prev = add(store.TokenPrevious, secrets.KindTokenPrevious)
	}
	return add(store.TokenCurrent, secrets.KindTokenCurrent), prev
}

func (f *fixture) begin(e *Engine) *Session {
	f.t.Helper()
	s, err := e.Begin(f.ctx, f.p.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { s.Close() })
	return s
}

func (f *fixture) slot(kind secrets.Kind) string {
	f.t.Helper()
	v, err := f.kc.Get(f.p.ID, kind)
	if errors.Is(err, secrets.ErrNotFound) {
		return ""
	}
	if err != nil {
		f.t.Fatal(err)
	}
	return v
}

// statuses maps each token fingerprint to its status.
func (f *fixture) statuses() map[string]string {
	f.t.Helper()
	toks, err := f.st.Tokens(f.ctx, f.p.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	m := map[string]string{}
	for _, t := range toks {
		m[t.Fingerprint] = t.Status
	}
	return m
}

func (f *fixture) renewal(id int64) store.Renewal {
	f.t.Helper()
	r, err := f.st.Renewal(f.ctx, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

// same compares two secrets without printing them.
func same(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Fatalf("%s: got a value of %d bytes (fp %s), want %d bytes (fp %s)", what, len(got),
			short(store.Fingerprint(got)), len(want), short(store.Fingerprint(want)))
	}
}
