// Package oktatest is an in-process fake Okta org on 127.0.0.1 for SCIM Renew's tests and its sandbox:
// the apps list with paging, app reads, provisioning connections (an scim2testapp whose connection
// answers UNKNOWN, an okta_org2org whose connection takes tokens), the System Log, SSWS API tokens and
// OAuth service apps (private_key_jwt, DPoP switchable), Okta's error JSON and rate-limit headers, fault
// switches, and a minimal Admin Console Provisioning page whose Save sets the app's token.
//
// It follows Okta's published Management API description; the okta package's tests hold it to that file.
// It imports nothing of the project and no UI toolkit, and it never prints or logs a token.
package oktatest

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"
)

// Options configure a Server; the zero value is ready to use.
type Options struct {
	// SSWSToken is the API token accepted as "Authorization: SSWS <token>"; a random one when empty
	// (see Server.APIToken).
	SSWSToken string
	// PageSize is the most apps one page of the apps list holds, whatever limit the client asks
	// (default 20, so the seeded apps span three pages).
	PageSize int
	// DPoPRequired makes the token endpoint insist on DPoP proofs with a server nonce, as Okta does
	// for service apps with "Require DPoP" set.
	DPoPRequired bool
	// DPoPAPINonce makes the API insist on a nonce in DPoP proofs too (answering use_dpop_nonce).
	DPoPAPINonce bool
	// Now is the server's clock (time.Now when nil): token lifetimes, log times, rate-limit resets.
	Now func() time.Time
	// NoSeed starts the org empty instead of with the demo apps.
	NoSeed bool
	// Wrap, when set, wraps the whole handler (tests use it to check traffic against Okta's spec).
	Wrap func(http.Handler) http.Handler
}

// Server is a running fake Okta org. Its methods are safe for concurrent use.
type Server struct {
	opts Options
	ts   *httptest.Server
	csrf string

	mu       sync.Mutex
	apps     []*app
	byID     map[string]*app
	logs     []logEvent
	clients  map[string]*serviceClient
	tokens   map[string]*accessToken
	jtis     map[string]time.Time
	asNonce  string
	apiNonce string
	fault    Fault
	faultN   int
	counts   map[string]int
	seq      int
}

// New starts a fake org on 127.0.0.1. Close it when done.
func New(opts Options) *Server {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.PageSize <= 0 {
		opts.PageSize = 20
	}
	if opts.SSWSToken == "" {
		opts.SSWSToken = "00" + randomString(30)
	}
	s := &Server{
		opts: opts, csrf: randomString(24),
		byID: map[string]*app{}, clients: map[string]*serviceClient{}, tokens: map[string]*accessToken{},
		jtis: map[string]time.Time{}, counts: map[string]int{},
		asNonce: randomString(22), apiNonce: randomString(22),
	}
	if !opts.NoSeed {
		s.seed()
	}
	h := s.routes()
	if opts.Wrap != nil {
		h = opts.Wrap(h)
	}
	s.ts = httptest.NewServer(h)
	return s
}

// URL returns the org URL, e.g. http://127.0.0.1:41234.
func (s *Server) URL() string { return s.ts.URL }

// Client returns an HTTP client for the server.
func (s *Server) Client() *http.Client { return s.ts.Client() }

// Close shuts the server down.
func (s *Server) Close() { s.ts.Close() }

// APIToken returns the SSWS API token the org accepts (meant for the sandbox's keychain, never for print).
func (s *Server) APIToken() string { return s.opts.SSWSToken }

// Requests returns how many requests each endpoint has had, keyed by route, e.g.
// "GET /api/v1/apps", "GET /api/v1/apps/{appId}", "POST /api/v1/apps/{appId}/connections/default",
// "GET /api/v1/apps/{appId}/connections/default", "GET /api/v1/logs", "POST /oauth2/v1/token",
// "GET /admin/app/{appName}/instance/{appId}/".
func (s *Server) Requests() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

func (s *Server) now() time.Time { return s.opts.Now().UTC() }

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	api := func(pattern, scope string, h http.HandlerFunc) {
		mux.Handle(pattern, s.counted(pattern, s.faulty(s.authorized(scope, h))))
	}
	api("GET /api/v1/apps", scopeAppsRead, s.listApps)
	api("GET /api/v1/apps/{appId}", scopeAppsRead, s.getApp)
	api("GET /api/v1/apps/{appId}/connections/default", scopeAppsRead, s.getConnection)
	api("POST /api/v1/apps/{appId}/connections/default", scopeAppsManage, s.postConnection)
	api("GET /api/v1/logs", scopeLogsRead, s.listLogs)
	mux.Handle("POST /oauth2/v1/token", s.counted("POST /oauth2/v1/token", s.faulty(http.HandlerFunc(s.token))))
	mux.Handle("GET /admin/app/{appName}/instance/{appId}/", s.counted("GET /admin/app/{appName}/instance/{appId}/", http.HandlerFunc(s.adminPage)))
	mux.Handle("POST /admin/app/{appName}/instance/{appId}/", s.counted("POST /admin/app/{appName}/instance/{appId}/", http.HandlerFunc(s.adminSave)))
	mux.Handle("/api/", s.counted("other /api/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, http.StatusNotFound, "E0000022", "The endpoint does not support the provided HTTP method")
	})))
	return mux
}

func (s *Server) counted(key string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.counts[key]++
		s.mu.Unlock()
		w.Header().Set("Date", s.now().Format(http.TimeFormat))
		h.ServeHTTP(w, r)
	})
}

// writeJSON answers with JSON and the rate-limit headers Okta puts on every API response.
func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Content-Type-Options", "nosniff")
	if h.Get("X-Rate-Limit-Limit") == "" {
		reset := s.now().Truncate(time.Minute).Add(time.Minute)
		h.Set("X-Rate-Limit-Limit", "100")
		h.Set("X-Rate-Limit-Remaining", "99")
		h.Set("X-Rate-Limit-Reset", strconv.FormatInt(reset.Unix(), 10))
	}
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// okError is Okta's error JSON.
type okError struct {
	ErrorCode    string       `json:"errorCode"`
	ErrorSummary string       `json:"errorSummary"`
	ErrorLink    string       `json:"errorLink"`
	ErrorID      string       `json:"errorId"`
	ErrorCauses  []errorCause `json:"errorCauses"`
}

type errorCause struct {
	ErrorSummary string `json:"errorSummary"`
}

func (s *Server) writeError(w http.ResponseWriter, status int, code, summary string, causes ...string) {
	e := okError{ErrorCode: code, ErrorSummary: summary, ErrorLink: code, ErrorID: "oae" + randomString(19), ErrorCauses: []errorCause{}}
	for _, c := range causes {
		e.ErrorCauses = append(e.ErrorCauses, errorCause{c})
	}
	s.writeJSON(w, status, e)
}

func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)[:n]
}

func equalSecret(a, b string) bool {
	return len(a) == len(b) && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
