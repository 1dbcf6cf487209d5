package okta

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"scimrenew/okta/internal/oktaspec"
	"scimrenew/okta/oktatest"
)

// testClock is a clock shared by a fake org and a client; Sleep records the wait and moves time on
// instead of sleeping.
type testClock struct {
	mu    sync.Mutex
	t     time.Time
	slept []time.Duration
}

func newTestClock() *testClock {
	return &testClock{t: time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func (c *testClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.slept = append(c.slept, d)
	c.t = c.t.Add(d)
	c.mu.Unlock()
	return ctx.Err()
}

func (c *testClock) Slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.slept...)
}

// env is a fake Okta org whose /api/v1 traffic is checked against Okta's published spec.
type env struct {
	srv     *oktatest.Server
	clock   *testClock
	checked *oktaspec.Counter
}

func newEnv(t *testing.T, opts oktatest.Options) *env {
	t.Helper()
	spec := oktaspec.Load(t)
	e := &env{clock: newTestClock(), checked: &oktaspec.Counter{}}
	if opts.Now == nil {
		opts.Now = e.clock.Now
	}
	opts.Wrap = spec.Middleware(t, e.checked)
	e.srv = oktatest.New(opts)
	t.Cleanup(e.srv.Close)
	return e
}

func (e *env) client(t *testing.T, auth Auth) *Client {
	t.Helper()
	c, err := NewClient(e.srv.URL(), auth, WithHTTPClient(e.srv.Client()), WithClock(e.clock.Now, e.clock.Sleep))
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c
}

func (e *env) sswsClient(t *testing.T) *Client {
	return e.client(t, SSWS(e.srv.APIToken()))
}

var (
	keyOnce       sync.Once
	keyPEM        []byte
	keyJWK, keyID string
	keyErr        error
)

// testKey generates one service-app key pair per test binary (RSA generation is slow under -race).
func testKey(t *testing.T) ([]byte, string, string) {
	t.Helper()
	keyOnce.Do(func() { keyPEM, keyJWK, keyID, keyErr = GenerateKeyPair() })
	if keyErr != nil {
		t.Fatalf("GenerateKeyPair: %v", keyErr)
	}
	return keyPEM, keyJWK, keyID
}

// serviceEnv registers a service app with the fake org and returns a client using it.
func (e *env) serviceClient(t *testing.T, dpop bool, scopes ...string) *Client {
	t.Helper()
	pemKey, jwk, kid := testKey(t)
	if err := e.srv.RegisterServiceApp("0oaservice0app000001", jwk, scopes...); err != nil {
		t.Fatal(err)
	}
	return e.client(t, ServiceApp{ClientID: "0oaservice0app000001", KeyID: kid, PrivateKeyPEM: pemKey, DPoP: dpop})
}

// mustContain fails unless s contains every part; the test SCIM token is masked in what it prints.
func mustContain(t *testing.T, s string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(s, p) {
			t.Errorf("%q\n  does not contain %q", maskToken(s), p)
		}
	}
}

// errText is err's text with the test SCIM token masked, safe to print.
func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return maskToken(err.Error())
}

func maskToken(s string) string { return strings.ReplaceAll(s, newSCIMToken, "[SCIM token]") }

// noSecret stops the test if s contains secret, reporting only lengths.
func noSecret(t *testing.T, s, secret string) {
	t.Helper()
	if secret != "" && strings.Contains(s, secret) {
		t.Fatalf("a secret (%d bytes) appears in a %d-byte message", len(secret), len(s))
	}
}
