// Package safenettest holds loopback servers for testing safenet's redirect rule from any package:
// a Trap that records every request it receives (it stands for a server a credential must never
// reach) and a Redirector that answers every request with a redirect.
//
// It is for tests only and must not be imported by product code.
package safenettest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// Hit is one request a Trap received.
type Hit struct {
	Method        string
	Path          string
	Authorization string
	Body          string
}

// Trap is a loopback server that records every request and answers 200 with an empty JSON object.
type Trap struct {
	*httptest.Server
	hitLog
}

// hitLog records the requests a server receives.
type hitLog struct {
	mu   sync.Mutex
	hits []Hit
}

// record reads r's body (up to 1 MiB) and keeps the request.
func (l *hitLog) record(r *http.Request) {
	b, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	l.mu.Lock()
	defer l.mu.Unlock()
	l.hits = append(l.hits, Hit{Method: r.Method, Path: r.URL.Path, Authorization: r.Header.Get("Authorization"), Body: string(b)})
}

// Hits returns the requests received so far.
func (l *hitLog) Hits() []Hit {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Hit(nil), l.hits...)
}

// NewTrap starts a Trap, closed when the test ends.
func NewTrap(t testing.TB) *Trap {
	t.Helper()
	tr := &Trap{}
	tr.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tr.record(r)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, "{}")
	}))
	t.Cleanup(tr.Close)
	return tr
}

// Redirector is a loopback server that answers every request with status and a Location of target
// plus the request's path (and query), so a redirect keeps the path the client asked for.
type Redirector struct {
	*httptest.Server
	hitLog // the requests received, redirected or answered
}

// NewRedirector starts a Redirector, closed when the test ends. An empty target redirects to the
// Redirector itself under the path prefix "/moved", the same-origin case.
func NewRedirector(t testing.TB, status int, target string) *Redirector {
	t.Helper()
	rd := &Redirector{}
	rd.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rd.record(r)
		to := target + r.URL.RequestURI()
		if target == "" {
			if len(r.URL.Path) >= 6 && r.URL.Path[:6] == "/moved" {
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, "{}")
				return
			}
			to = "/moved" + r.URL.RequestURI()
		}
		http.Redirect(w, r, to, status)
	}))
	t.Cleanup(rd.Close)
	return rd
}

// Statuses are the redirect statuses a test should try: the two that turn a POST into a GET and
// the two that make Go re-send the body.
var Statuses = []int{http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect}
