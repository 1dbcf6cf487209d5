package hub

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"scimrenew/hub/hubtest"
	"scimrenew/safenet"
)

func TestCreateToken(t *testing.T) {
	for _, inBody := range []bool{false, true} {
		t.Run(fmt.Sprintf("credentials in body %v", inBody), func(t *testing.T) {
			created := time.Date(2024, time.February, 29, 10, 0, 0, 0, time.UTC)
			clock := newFakeClock(created)
			h := hubtest.New(hubtest.Options{Now: clock.Now})
			defer h.Close()
			c := NewClient()
			c.Now, c.CredentialsInBody = clock.Now, inBody
			tok, err := c.CreateToken(context.Background(), h.TokenURL(), h.ClientID(), h.ClientSecret())
			if err != nil {
				t.Fatalf("CreateToken: %v", err)
			}
			wantExp := time.Date(2025, time.February, 28, 10, 0, 0, 0, time.UTC)
			if tok.Expiry.Source != FromJWT || !tok.Expiry.At.Equal(wantExp) {
				t.Fatalf("expiry %s from %s, want %s from jwt_exp", tok.Expiry.At, tok.Expiry.Source, wantExp)
			}
			if !tok.Created.Equal(created) || tok.ExpiresIn != wantExp.Sub(created) || tok.TokenType != "Bearer" {
				t.Fatalf("created %s, expires_in %s, type %q", tok.Created, tok.ExpiresIn, tok.TokenType)
			}
			if n := h.Requests(); n.TokenRequests != 1 || n.TokensIssued != 1 {
				t.Fatalf("counts %+v", n)
			}
			if s := fmt.Sprintf("%v %+v %#v %s", tok, tok, tok, tok); strings.Contains(s, tok.Value) {
				t.Fatal("formatting a NewToken prints its value")
			}
			if r := c.Probe(context.Background(), h.SCIMBase(), tok.Value); !r.OK() {
				t.Fatalf("the created token does not pass the probe: %s", r.Message)
			}
		})
	}
}

// createCase is one failure of CreateToken against the fake Hub.
type createCase struct {
	name     string
	setup    func(t *testing.T, h *hubtest.Server, c *Client) (tokenURL, id, secret string)
	kind     error
	status   int
	requests int // token requests the fake must have received: never more than one
	issued   int // tokens the fake minted
	phrases  []string
}

func fault(f hubtest.Fault) func(*testing.T, *hubtest.Server, *Client) (string, string, string) {
	return func(_ *testing.T, h *hubtest.Server, _ *Client) (string, string, string) {
		h.SetFault(hubtest.TargetToken, f)
		return h.TokenURL(), h.ClientID(), h.ClientSecret()
	}
}

const unknownPhrase = "may or may not have created a token"

var createCases = []createCase{
	{"wrong secret", func(_ *testing.T, h *hubtest.Server, _ *Client) (string, string, string) {
		return h.TokenURL(), h.ClientID(), "not-the-secret-at-all"
	}, ErrInvalidClient, 401, 1, 0, []string{"The Hub rejected the Client ID or Secret (HTTP 401 invalid_client)", "Check them in Settings, or ask QorusDocs for new ones."}},
	{"wrong secret, in body", func(_ *testing.T, h *hubtest.Server, c *Client) (string, string, string) {
		c.CredentialsInBody = true
		return h.TokenURL(), "someone-else", h.ClientSecret()
	}, ErrInvalidClient, 401, 1, 0, []string{"HTTP 401 invalid_client"}},
	{"fault 401", fault(hubtest.Fault401), ErrInvalidClient, 401, 1, 0, []string{"invalid_client", "Client authentication failed."}},
	{"fault 403", fault(hubtest.Fault403), ErrRefused, 403, 1, 0, []string{"refused to create a token (HTTP 403)", "no token was created"}},
	{"fault 404", fault(hubtest.Fault404), ErrWrongURL, 404, 1, 0, []string{"HTTP 404", "Discover"}},
	{"wrong path", func(_ *testing.T, h *hubtest.Server, _ *Client) (string, string, string) {
		return h.URL() + "/token", h.ClientID(), h.ClientSecret()
	}, ErrWrongURL, 404, 0, 0, []string{"Nothing at the token endpoint"}},
	{"rate limited", fault(hubtest.Fault429), ErrRateLimited, 429, 1, 0, []string{"HTTP 429", "Wait 30 seconds"}},
	{"500 is outcome unknown", fault(hubtest.Fault500), ErrOutcomeUnknown, 500, 1, 0, []string{"internal error (HTTP 500)", unknownPhrase, "SCIM Token page"}},
	{"503 is outcome unknown", fault(hubtest.Fault503), ErrOutcomeUnknown, 503, 1, 0, []string{"HTTP 503", unknownPhrase}},
	{"html", fault(hubtest.FaultHTML), ErrOutcomeUnknown, 200, 1, 0, []string{"web page", "token endpoint is probably wrong"}},
	{"malformed json", fault(hubtest.FaultMalformedJSON), ErrOutcomeUnknown, 200, 1, 0, []string{"not valid JSON", unknownPhrase}},
	{"json without a token", fault(hubtest.FaultNonSCIMJSON), ErrOutcomeUnknown, 200, 1, 0, []string{"without an access_token", unknownPhrase}},
	{"empty body", fault(hubtest.FaultEmptyBody), ErrOutcomeUnknown, 200, 1, 0, []string{"empty reply", unknownPhrase}},
	{"oversized", fault(hubtest.FaultOversized), ErrOutcomeUnknown, 200, 1, 0, []string{"larger than 1024 KiB", unknownPhrase}},
	{"lost reply", fault(hubtest.FaultDropConnection), ErrOutcomeUnknown, 0, 1, 1, []string{"broke after the request was sent", unknownPhrase}},
	{"no answer in time", func(t *testing.T, h *hubtest.Server, c *Client) (string, string, string) {
		c.HTTP = safenet.NewClient(300 * time.Millisecond)
		return fault(hubtest.FaultSlow)(t, h, c)
	}, ErrOutcomeUnknown, 0, 1, 1, []string{"did not answer within 300ms", unknownPhrase}},
	{"plain http to a remote host", func(_ *testing.T, h *hubtest.Server, _ *Client) (string, string, string) {
		return "http://hub.example.com/oauth2/token", h.ClientID(), h.ClientSecret()
	}, ErrBadURL, 0, 0, 0, []string{"The token endpoint is not usable", "https://"}},
	{"missing secret", func(_ *testing.T, h *hubtest.Server, _ *Client) (string, string, string) {
		return h.TokenURL(), h.ClientID(), " "
	}, ErrInvalidClient, 0, 0, 0, []string{"missing"}},
	{"connection refused twice", func(t *testing.T, _ *hubtest.Server, c *Client) (string, string, string) {
		c.RetryPause = 10 * time.Millisecond
		return closedPort(t) + "/oauth2/token", "id", "secret-value"
	}, ErrUnreachable, 0, 0, 0, []string{"connection refused, tried twice", "Nothing was sent, so no token was created."}},
	{"untrusted certificate", func(t *testing.T, h *hubtest.Server, _ *Client) (string, string, string) {
		return quietTLSServer(t, http.NotFoundHandler()).URL + "/oauth2/token", h.ClientID(), h.ClientSecret()
	}, ErrTLS, 0, 0, 0, []string{"does not trust", "Nothing was sent"}},
	{"verification cannot be switched off", func(t *testing.T, h *hubtest.Server, c *Client) (string, string, string) {
		c.HTTP = &http.Client{Timeout: time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
		return quietTLSServer(t, http.NotFoundHandler()).URL + "/oauth2/token", h.ClientID(), h.ClientSecret()
	}, ErrTLS, 0, 0, 0, []string{"does not trust"}},
}

func TestCreateTokenFailures(t *testing.T) {
	for _, cc := range createCases {
		t.Run(cc.name, func(t *testing.T) {
			t.Parallel()
			h := hubtest.New(hubtest.Options{})
			defer h.Close()
			c := NewClient()
			url, id, secret := cc.setup(t, h, c)
			tok, err := c.CreateToken(context.Background(), url, id, secret)
			if err == nil {
				t.Fatalf("no error; got a token (%s)", fp(tok.Value))
			}
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, cc.kind) || e.HTTPStatus != cc.status {
				t.Fatalf("got %v (status %d), want kind %v status %d", err, e.HTTPStatus, cc.kind, cc.status)
			}
			if errors.Is(err, ErrOutcomeUnknown) != (cc.kind == ErrOutcomeUnknown) {
				t.Fatal("ErrOutcomeUnknown wrapped by a definite failure")
			}
			checkUserText(t, "create error", err.Error(), secret, h.ClientSecret())
			for _, p := range cc.phrases {
				if !strings.Contains(err.Error(), p) {
					t.Errorf("message lacks %q: %s", p, err)
				}
			}
			if n := h.Requests(); n.TokenRequests != cc.requests || n.TokensIssued != cc.issued {
				t.Fatalf("the fake saw %d token requests and issued %d tokens, want %d and %d",
					n.TokenRequests, n.TokensIssued, cc.requests, cc.issued)
			}
		})
	}
}

// refusingOnce dials normally except for the first attempt, which is refused like a closed port.
func refusingOnce(dials *atomic.Int32) *http.Transport {
	return &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) == 1 {
			return nil, &net.OpError{Op: "dial", Net: network, Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
		}
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}}
}

func TestCreateTokenRetriesARefusedConnectionOnce(t *testing.T) {
	h := hubtest.New(hubtest.Options{})
	defer h.Close()
	var dials atomic.Int32
	c := NewClient()
	c.HTTP = &http.Client{Timeout: 5 * time.Second, Transport: refusingOnce(&dials)}
	c.RetryPause = 10 * time.Millisecond
	tok, err := c.CreateToken(context.Background(), h.TokenURL(), h.ClientID(), h.ClientSecret())
	if err != nil {
		t.Fatalf("CreateToken: %v", err)
	}
	if tok.Value == "" || dials.Load() != 2 {
		t.Fatalf("dials = %d", dials.Load())
	}
	if n := h.Requests(); n.TokenRequests != 1 || n.TokensIssued != 1 {
		t.Fatalf("counts %+v", n)
	}
}

func TestCreateTokenCanceled(t *testing.T) {
	h := hubtest.New(hubtest.Options{})
	defer h.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := NewClient().CreateToken(ctx, h.TokenURL(), h.ClientID(), h.ClientSecret())
	if !errors.Is(err, ErrCanceled) || errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v", err)
	}
	checkUserText(t, "create error", err.Error(), h.ClientSecret())
	if n := h.Requests(); n.TokenRequests != 0 {
		t.Fatalf("counts %+v", n)
	}
}

func TestCreateTokenCanceledAfterSending(t *testing.T) {
	h := hubtest.New(hubtest.Options{})
	defer h.Close()
	h.SetFault(hubtest.TargetToken, hubtest.FaultSlow)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := NewClient().CreateToken(ctx, h.TokenURL(), h.ClientID(), h.ClientSecret())
	if !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v", err)
	}
}

// TestCreateTokenReplies covers replies the fake Hub does not give: opaque tokens, expires_in,
// OAuth error codes and unusable tokens.
func TestCreateTokenReplies(t *testing.T) {
	created := time.Date(2025, time.January, 31, 8, 0, 0, 0, time.UTC)
	cases := []struct {
		name   string
		status int
		body   string
		kind   error
		expiry Expiry
	}{
		{"opaque with expires_in", 200, `{"access_token":"` + opaque + `","token_type":"Bearer","expires_in":3600}`, nil, Expiry{created.Add(time.Hour), FromExpiresIn}},
		{"expires_in as a string", 200, `{"access_token":"` + opaque + `","token_type":"Bearer","expires_in":"7200"}`, nil, Expiry{created.Add(2 * time.Hour), FromExpiresIn}},
		{"opaque without expiry", 200, `{"access_token":"` + opaque + `","token_type":"Bearer"}`, nil, Expiry{time.Date(2026, time.January, 31, 8, 0, 0, 0, time.UTC), Assumed12M}},
		{"token with a space", 200, `{"access_token":"abc def ghi jkl mno pqr","token_type":"Bearer"}`, ErrOutcomeUnknown, Expiry{}},
		{"error code in a 200", 200, `{"error":"invalid_client"}`, ErrInvalidClient, Expiry{}},
		{"unauthorized_client", 400, `{"error":"unauthorized_client","error_description":"Grant not allowed for ` + testSecret + `"}`, ErrRefused, Expiry{}},
		{"invalid_scope", 400, `{"error":"invalid_scope"}`, ErrRefused, Expiry{}},
		{"redirect status", 304, ``, ErrOutcomeUnknown, Expiry{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(c.status)
				_, _ = w.Write([]byte(c.body))
			}))
			defer srv.Close()
			cl := NewClient()
			cl.Now = func() time.Time { return created }
			tok, err := cl.CreateToken(context.Background(), srv.URL, testID, testSecret)
			if c.kind != nil {
				if !errors.Is(err, c.kind) {
					t.Fatalf("err = %v, want %v", err, c.kind)
				}
				checkUserText(t, "create error", err.Error(), testSecret)
				return
			}
			if err != nil || tok.Value != opaque {
				t.Fatalf("err = %v, token %s", err, fp(tok.Value))
			}
			if !tok.Expiry.At.Equal(c.expiry.At) || tok.Expiry.Source != c.expiry.Source {
				t.Fatalf("expiry %s %s, want %s %s", tok.Expiry.At, tok.Expiry.Source, c.expiry.At, c.expiry.Source)
			}
		})
	}
}
