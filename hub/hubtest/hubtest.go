// Package hubtest is an in-process fake QorusDocs Hub on 127.0.0.1, shared by the test suite and the
// sandbox. It serves:
//
//   - the Hub page (an admin-console look-alike) at URL()+"/" and PagePath, with Client ID and
//     Client Secret fields, a Create Token button and a Copy button;
//   - an OAuth 2.0 client-credentials token endpoint at TokenURL() (HTTP Basic or form credentials);
//   - a discovery document at URL()+"/.well-known/openid-configuration";
//   - SCIM GET /Users under SCIMBase(), which accepts only tokens it issued, has not revoked and that
//     have not expired by its clock.
//
// Tokens are HS256 JWTs valid 12 calendar months. Issuing a token revokes every earlier one after
// Options.Grace. Fault switches (SetFault) make any endpoint misbehave the ways a real Hub might.
//
// It must not import the hub package (the fake must not share the code it checks) nor Fyne, and it
// never logs or prints a token or a secret. It is a test double: it is not hardened for exposure
// beyond loopback.
package hubtest

import (
	"crypto/rand"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// Default credentials of a fake Hub; they open nothing real.
const (
	DefaultClientID     = "sandbox-client-id"
	DefaultClientSecret = "sandbox-client-secret-0f3c9a"
)

// Paths served by the fake Hub, relative to URL().
const (
	PagePath      = "/settings/hub-management/scim-token"
	TokenPath     = "/oauth2/token"
	DiscoveryPath = "/.well-known/openid-configuration"
	SCIMPath      = "/scim/v2"
)

// Options configures a fake Hub. The zero value is ready to use.
type Options struct {
	ClientID     string // DefaultClientID when empty
	ClientSecret string // DefaultClientSecret when empty
	// Grace is how long an earlier token keeps working after a new one is issued; 0 revokes it at once.
	Grace time.Duration
	// Now is the fake's clock (issue times, expiry checks, revocation); time.Now when nil. The sandbox
	// shares its shifted clock with the app through it.
	Now func() time.Time
	// SlowDelay is how long FaultSlow holds a request before answering; 30 s when zero, which
	// outlasts the app's 15 s timeout.
	SlowDelay time.Duration
	// OnRejected, when set, is called (outside any lock) with the presented bearer token, possibly
	// empty, each time a SCIM request is rejected; the sandbox turns it into an Okta System Log event.
	OnRejected func(token string)
	// Opaque makes every route issue opaque tokens (random text, not JWTs), as some Hubs do: the app
	// then learns the expiry from expires_in or assumes twelve months, and a token copied from the page
	// must be confirmed by the administrator before it is used.
	Opaque bool
}

// Counts tallies requests per endpoint, so tests can assert, for example, that nothing was created twice.
type Counts struct {
	TokenRequests int // requests to the token endpoint, whatever the outcome
	TokensIssued  int // tokens minted by any route: token endpoint, page, IssueToken
	PageViews     int // GETs of the Hub page
	PageCreates   int // Create Token submissions on the page, whatever the outcome
	Discovery     int // requests for the discovery document
	SCIMRequests  int // requests to SCIM /Users
	SCIMRejected  int // SCIM requests answered 401 (bad, revoked or expired token, or Fault401)
}

// Server is a running fake Hub. Its methods are safe for concurrent use.
type Server struct {
	srv    *httptest.Server
	opts   Options
	key    []byte
	done   chan struct{}
	closed sync.Once

	mu     sync.Mutex
	tokens map[string]*issued // by jti
	faults map[Target]Fault
	counts Counts
}

// New starts a fake Hub on 127.0.0.1. Close it when done.
func New(opts Options) *Server {
	if opts.ClientID == "" {
		opts.ClientID = DefaultClientID
	}
	if opts.ClientSecret == "" {
		opts.ClientSecret = DefaultClientSecret
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.SlowDelay <= 0 {
		opts.SlowDelay = 30 * time.Second
	}
	s := &Server{
		opts:   opts,
		key:    make([]byte, 32),
		done:   make(chan struct{}),
		tokens: map[string]*issued{},
		faults: map[Target]Fault{},
	}
	_, _ = rand.Read(s.key)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.handlePage)
	mux.HandleFunc("GET "+PagePath, s.handlePage)
	mux.HandleFunc("POST "+PagePath, s.handlePageCreate)
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	mux.HandleFunc(TokenPath, s.handleToken)
	mux.HandleFunc(DiscoveryPath, s.handleDiscovery)
	mux.HandleFunc(SCIMPath+"/Users", s.handleUsers)
	s.srv = httptest.NewServer(mux)
	return s
}

// Close stops the server; requests held by FaultSlow are released first.
func (s *Server) Close() {
	s.closed.Do(func() {
		close(s.done)
		s.srv.Close()
	})
}

// URL is the Hub's base URL, e.g. http://127.0.0.1:41234 (the profile's Hub URL).
func (s *Server) URL() string { return s.srv.URL }

// PageURL is the SCIM Token page itself (URL()+"/" shows the same page).
func (s *Server) PageURL() string { return s.srv.URL + PagePath }

// SCIMBase is the SCIM base URL, as configured in Okta.
func (s *Server) SCIMBase() string { return s.srv.URL + SCIMPath }

// TokenURL is the OAuth 2.0 client-credentials token endpoint.
func (s *Server) TokenURL() string { return s.srv.URL + TokenPath }

// ClientID is the Client ID the fake accepts.
func (s *Server) ClientID() string { return s.opts.ClientID }

// ClientSecret is the Client Secret the fake accepts.
func (s *Server) ClientSecret() string { return s.opts.ClientSecret }

// Requests returns a snapshot of the request counters.
func (s *Server) Requests() Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts
}

func (s *Server) now() time.Time { return s.opts.Now() }

func (s *Server) count(f func(*Counts)) {
	s.mu.Lock()
	f(&s.counts)
	s.mu.Unlock()
}
