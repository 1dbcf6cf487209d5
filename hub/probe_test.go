package hub

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"scimrenew/hub/hubtest"
	"scimrenew/redact"
	"scimrenew/safenet"
)

// probeCase sets up a fake Hub and returns the SCIM base and token to probe.
type probeCase struct {
	name    string
	setup   func(t *testing.T, h *hubtest.Server, clock *fakeClock, c *Client) (base, token string)
	class   ProbeClass
	status  int
	phrases []string // the message must contain each
}

func liveToken(t *testing.T, h *hubtest.Server) string {
	t.Helper()
	tok, err := h.IssueToken()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func withFault(f hubtest.Fault) func(*testing.T, *hubtest.Server, *fakeClock, *Client) (string, string) {
	return func(t *testing.T, h *hubtest.Server, _ *fakeClock, _ *Client) (string, string) {
		tok := liveToken(t, h)
		h.SetFault(hubtest.TargetSCIM, f)
		return h.SCIMBase(), tok
	}
}

var probeCases = []probeCase{
	{"ok", func(t *testing.T, h *hubtest.Server, _ *fakeClock, _ *Client) (string, string) {
		return h.SCIMBase(), liveToken(t, h)
	}, ProbeOK, 200, []string{"The token works", "3 users"}},
	{"ok with trailing slash", func(t *testing.T, h *hubtest.Server, _ *fakeClock, _ *Client) (string, string) {
		return h.SCIMBase() + "/", liveToken(t, h)
	}, ProbeOK, 200, []string{"The token works"}},
	{"rejected: never issued", func(t *testing.T, h *hubtest.Server, _ *fakeClock, _ *Client) (string, string) {
		return h.SCIMBase(), jwtLike
	}, ProbeRejected, 401, []string{"rejected the token (HTTP 401)", "Create a new token"}},
	{"rejected: replaced by a newer token", func(t *testing.T, h *hubtest.Server, _ *fakeClock, _ *Client) (string, string) {
		old := liveToken(t, h)
		liveToken(t, h)
		return h.SCIMBase(), old
	}, ProbeRejected, 401, []string{"HTTP 401", "revoked"}},
	{"rejected: expired by the clock", func(t *testing.T, h *hubtest.Server, clock *fakeClock, _ *Client) (string, string) {
		tok := liveToken(t, h)
		clock.Advance(366 * 24 * time.Hour)
		return h.SCIMBase(), tok
	}, ProbeRejected, 401, []string{"HTTP 401", "The Hub said: \"The token has expired.\" Create a new token"}},
	{"rejected: fault 401", withFault(hubtest.Fault401), ProbeRejected, 401, []string{"HTTP 401"}},
	{"rejected: 403", withFault(hubtest.Fault403), ProbeRejected, 403, []string{"HTTP 403", "permissions"}},
	{"rejected: no token", func(t *testing.T, h *hubtest.Server, _ *fakeClock, _ *Client) (string, string) {
		return h.SCIMBase(), ""
	}, ProbeRejected, 0, []string{"no token to test"}},
	{"rejected: token with a space", func(t *testing.T, h *hubtest.Server, _ *fakeClock, _ *Client) (string, string) {
		return h.SCIMBase(), "abc def"
	}, ProbeRejected, 0, []string{"was not sent"}},
	{"wrong url: 404", func(t *testing.T, h *hubtest.Server, _ *fakeClock, _ *Client) (string, string) {
		return h.URL() + "/api/v1", liveToken(t, h)
	}, ProbeWrongURL, 404, []string{"HTTP 404", "SCIM connector base URL"}},
	{"wrong url: fault 404", withFault(hubtest.Fault404), ProbeWrongURL, 404, []string{"HTTP 404"}},
	{"wrong url: html", withFault(hubtest.FaultHTML), ProbeWrongURL, 200, []string{"web page", "Check the SCIM base URL"}},
	{"wrong url: empty body", withFault(hubtest.FaultEmptyBody), ProbeWrongURL, 200, []string{"empty reply"}},
	{"wrong url: malformed json", withFault(hubtest.FaultMalformedJSON), ProbeWrongURL, 200, []string{"not valid JSON"}},
	{"wrong url: non-SCIM json", withFault(hubtest.FaultNonSCIMJSON), ProbeWrongURL, 200, []string{"not a SCIM user list", ListResponseSchema}},
	{"wrong url: oversized", withFault(hubtest.FaultOversized), ProbeWrongURL, 200, []string{"more than 1024 KiB"}},
	{"wrong url: plain http to a remote host", func(t *testing.T, h *hubtest.Server, _ *fakeClock, _ *Client) (string, string) {
		return "http://scim.example.com/scim/v2", liveToken(t, h)
	}, ProbeWrongURL, 0, []string{"must start with https://"}},
	{"server error: 500", withFault(hubtest.Fault500), ProbeServerError, 500, []string{"internal error (HTTP 500)", "QorusDocs support"}},
	{"server error: 503", withFault(hubtest.Fault503), ProbeServerError, 503, []string{"HTTP 503"}},
	{"server error: dropped connection", withFault(hubtest.FaultDropConnection), ProbeServerError, 0, []string{"closed the connection"}},
	{"rate limited", withFault(hubtest.Fault429), ProbeRateLimited, 429, []string{"HTTP 429", "Wait 30 seconds"}},
	{"timeout", func(t *testing.T, h *hubtest.Server, _ *fakeClock, c *Client) (string, string) {
		c.HTTP = safenet.NewClient(300 * time.Millisecond)
		return withFault(hubtest.FaultSlow)(t, h, nil, c)
	}, ProbeTimeout, 0, []string{"did not answer within 300ms", "network"}},
	{"unreachable: closed port", func(t *testing.T, h *hubtest.Server, _ *fakeClock, _ *Client) (string, string) {
		return closedPort(t) + "/scim/v2", liveToken(t, h)
	}, ProbeUnreachable, 0, []string{"connection was refused", "Check the SCIM base URL"}},
	{"unreachable: unknown host", func(t *testing.T, h *hubtest.Server, _ *fakeClock, _ *Client) (string, string) {
		return "https://no-such-host.invalid/scim/v2", liveToken(t, h)
	}, ProbeUnreachable, 0, []string{"was not found"}},
	{"tls: untrusted certificate", func(t *testing.T, h *hubtest.Server, _ *fakeClock, _ *Client) (string, string) {
		srv := quietTLSServer(t, http.NotFoundHandler())
		return srv.URL + "/scim/v2", liveToken(t, h)
	}, ProbeTLS, 0, []string{"secure connection", "does not trust", "The token was not sent"}},
	{"tls: plain http server behind https", func(t *testing.T, h *hubtest.Server, _ *fakeClock, _ *Client) (string, string) {
		return strings.Replace(h.SCIMBase(), "http://", "https://", 1), liveToken(t, h)
	}, ProbeTLS, 0, []string{"did not answer in TLS"}},
}

func TestProbeClasses(t *testing.T) {
	seen := map[ProbeClass]bool{}
	var mu sync.Mutex
	t.Run("cases", func(t *testing.T) {
		for _, pc := range probeCases {
			runProbeCase(t, pc, func(c ProbeClass) {
				mu.Lock()
				seen[c] = true
				mu.Unlock()
			})
		}
	})
	// The parallel cases above have all finished here.
	for _, c := range []ProbeClass{ProbeOK, ProbeRejected, ProbeWrongURL, ProbeServerError, ProbeRateLimited, ProbeTLS, ProbeTimeout, ProbeUnreachable} {
		if !seen[c] {
			t.Errorf("no test produced class %q", c)
		}
	}
}

func runProbeCase(t *testing.T, pc probeCase, saw func(ProbeClass)) {
	t.Run(pc.name, func(t *testing.T) {
		t.Parallel()
		clock := newFakeClock(time.Date(2025, time.March, 10, 9, 0, 0, 0, time.UTC))
		var rejected []string
		var rmu sync.Mutex
		h := hubtest.New(hubtest.Options{Now: clock.Now, OnRejected: func(tok string) {
			rmu.Lock()
			rejected = append(rejected, tok)
			rmu.Unlock()
		}})
		defer h.Close()
		c := NewClient()
		c.Now = clock.Now
		base, token := pc.setup(t, h, clock, c)
		r := c.Probe(context.Background(), base, token)
		if r.Class != pc.class || r.HTTPStatus != pc.status {
			t.Fatalf("got class %q status %d, want %q %d; message: %s", r.Class, r.HTTPStatus, pc.class, pc.status, r.Message)
		}
		if r.OK() != (pc.class == ProbeOK) {
			t.Fatal("OK() disagrees with the class")
		}
		if !r.At.Equal(clock.Now()) {
			t.Fatalf("At = %s, want the client's clock", r.At)
		}
		checkUserText(t, "probe message", r.Message, token, h.ClientSecret())
		for _, p := range pc.phrases {
			if !strings.Contains(r.Message, p) {
				t.Errorf("message lacks %q: %s", p, r.Message)
			}
		}
		if pc.class == ProbeRejected && pc.status == 401 {
			rmu.Lock()
			if len(rejected) == 0 {
				t.Error("the fake's OnRejected hook was not called")
			}
			rmu.Unlock()
		}
		saw(r.Class)
	})
}

func TestProbeOKDetails(t *testing.T) {
	h := hubtest.New(hubtest.Options{})
	defer h.Close()
	r := NewClient().Probe(context.Background(), h.SCIMBase(), liveToken(t, h))
	if !r.OK() || r.TotalResults != 3 {
		t.Fatalf("got %q total %d", r.Class, r.TotalResults)
	}
	if r.RetryAfter != 0 {
		t.Fatal("RetryAfter set on success")
	}
}

func TestProbeRateLimitedRetryAfter(t *testing.T) {
	h := hubtest.New(hubtest.Options{})
	defer h.Close()
	h.SetFault(hubtest.TargetSCIM, hubtest.Fault429)
	r := NewClient().Probe(context.Background(), h.SCIMBase(), liveToken(t, h))
	if r.RetryAfter != 30*time.Second {
		t.Fatalf("RetryAfter = %s", r.RetryAfter)
	}
}

func TestProbeCanceled(t *testing.T) {
	h := hubtest.New(hubtest.Options{})
	defer h.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := NewClient().Probe(ctx, h.SCIMBase(), liveToken(t, h))
	if r.Class != ProbeCanceled {
		t.Fatalf("class = %q", r.Class)
	}
	checkUserText(t, "probe message", r.Message)
}

// TestProbeSendsWhatOktaSends pins the request to Okta's credential test.
func TestProbeSendsWhatOktaSends(t *testing.T) {
	var got *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Clone(context.Background())
		w.Header().Set("Content-Type", "application/scim+json")
		_, _ = w.Write([]byte(validList))
	}))
	defer srv.Close()
	r := NewClient().Probe(context.Background(), srv.URL+"/tenant/scim/v2/", opaque)
	if !r.OK() || r.TotalResults != 42 {
		t.Fatalf("got %q: %s", r.Class, r.Message)
	}
	checks := map[string][2]string{
		"method":         {got.Method, "GET"},
		"path":           {got.URL.Path, "/tenant/scim/v2/Users"},
		"query":          {got.URL.RawQuery, "startIndex=1&count=2"},
		"accept":         {got.Header.Get("Accept"), "application/scim+json"},
		"accept-charset": {got.Header.Get("Accept-Charset"), "utf-8"},
	}
	for name, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s = %q, want %q", name, c[0], c[1])
		}
	}
	if got.Header.Get("Authorization") != "Bearer "+opaque {
		t.Errorf("Authorization header is not Bearer <token> (%s)", fp(got.Header.Get("Authorization")))
	}
}

// TestProbeHidesEchoedToken: a server that quotes the token back must not get it into the message.
func TestProbeHidesEchoedToken(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/scim+json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"detail":"token ` + strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ") + ` is unknown"}`))
	}))
	defer srv.Close()
	r := NewClient().Probe(context.Background(), srv.URL, opaque)
	if r.Class != ProbeRejected {
		t.Fatalf("class %q", r.Class)
	}
	checkUserText(t, "probe message", r.Message, opaque)
	if !strings.Contains(r.Message, redact.Placeholder) {
		t.Errorf("message does not show where the token was hidden: %s", r.Message)
	}
}
