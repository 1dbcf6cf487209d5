package hub

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"scimrenew/hub/hubtest"
	"scimrenew/safenet"
)

func TestDiscoverAgainstFakeHub(t *testing.T) {
	h := hubtest.New(hubtest.Options{})
	defer h.Close()
	for _, hubURL := range []string{h.URL(), h.URL() + "/"} {
		got, err := NewClient().Discover(context.Background(), hubURL)
		if err != nil || got != h.TokenURL() {
			t.Fatalf("Discover(%q) = %q, %v", hubURL, got, err)
		}
	}
	if n := h.Requests(); n.Discovery != 2 {
		t.Fatalf("discovery requests = %d", n.Discovery)
	}
	// The discovered endpoint really creates tokens.
	if _, err := NewClient().CreateToken(context.Background(), h.TokenURL(), h.ClientID(), h.ClientSecret()); err != nil {
		t.Fatal(err)
	}
}

func TestDiscover(t *testing.T) {
	doc := func(body string) func(http.ResponseWriter, *http.Request) {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(body))
		}
	}
	status := func(code int) func(http.ResponseWriter, *http.Request) {
		return func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "x", code) }
	}
	cases := []struct {
		name    string
		path    string // the Hub URL's path
		handler func(http.ResponseWriter, *http.Request)
		want    string // token endpoint; "{srv}" is replaced by the server URL
		kind    error
		phrase  string
	}{
		{"tenant path is kept", "/tenant", func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/tenant/.well-known/openid-configuration" {
				http.NotFound(w, r)
				return
			}
			doc(`{"token_endpoint":"https://hub.example.com/oauth/token","grant_types_supported":["authorization_code","client_credentials"]}`)(w, r)
		}, "https://hub.example.com/oauth/token", nil, ""},
		{"no grant list is fine", "", doc(`{"token_endpoint":"https://hub.example.com/t"}`), "https://hub.example.com/t", nil, ""},
		{"no token endpoint", "", doc(`{"issuer":"https://hub.example.com"}`), "", ErrNoAPI, "names no token endpoint"},
		{"no client credentials", "", doc(`{"token_endpoint":"https://hub.example.com/t","grant_types_supported":["authorization_code"]}`), "", ErrNoAPI, "client_credentials"},
		{"plain http endpoint", "", doc(`{"token_endpoint":"http://hub.example.com/t"}`), "", ErrNoAPI, "https://"},
		{"not json", "", doc(`{"token_endpoint":`), "", ErrNoAPI, "not valid JSON"},
		{"web page", "", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html>sign in</html>"))
		}, "", ErrNoAPI, "web page"},
		{"404", "", status(404), "", ErrNoAPI, "publishes no discovery document (HTTP 404"},
		{"401", "", status(401), "", ErrNoAPI, "HTTP 401"},
		{"429", "", status(429), "", ErrRateLimited, "HTTP 429"},
		{"500", "", status(500), "", ErrServer, "internal error (HTTP 500)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(c.handler))
			defer srv.Close()
			got, err := NewClient().Discover(context.Background(), srv.URL+c.path)
			if c.kind == nil {
				if err != nil || got != c.want {
					t.Fatalf("got %q, %v; want %q", got, err, c.want)
				}
				return
			}
			if !errors.Is(err, c.kind) || got != "" {
				t.Fatalf("got %q, %v; want kind %v", got, err, c.kind)
			}
			checkUserText(t, "discover error", err.Error())
			if !strings.Contains(err.Error(), c.phrase) {
				t.Errorf("message lacks %q: %s", c.phrase, err)
			}
		})
	}
}

func TestDiscoverNetworkFailures(t *testing.T) {
	h := hubtest.New(hubtest.Options{})
	defer h.Close()
	h.SetFault(hubtest.TargetDiscovery, hubtest.FaultSlow)
	cases := []struct {
		name   string
		url    string
		client *http.Client
		kind   error
		phrase string
	}{
		{"bad url", "http://hub.example.com", nil, ErrBadURL, "Hub URL is not usable"},
		{"closed port", closedPort(t), nil, ErrUnreachable, "connection refused"},
		{"timeout", h.URL(), safenet.NewClient(200 * time.Millisecond), ErrTimeout, "did not answer within 200ms"},
		{"untrusted", quietTLSServer(t, http.NotFoundHandler()).URL, nil, ErrTLS, "does not trust"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cl := NewClient()
			if c.client != nil {
				cl.HTTP = c.client
			}
			_, err := cl.Discover(context.Background(), c.url)
			if !errors.Is(err, c.kind) {
				t.Fatalf("err = %v, want %v", err, c.kind)
			}
			checkUserText(t, "discover error", err.Error())
			if !strings.Contains(err.Error(), c.phrase) {
				t.Errorf("message lacks %q: %s", c.phrase, err)
			}
		})
	}
}
