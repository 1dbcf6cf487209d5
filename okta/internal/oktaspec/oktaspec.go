// Package oktaspec holds the tests of okta and okta/oktatest to Okta's published Management API
// description (shared/contracts/okta-management-openapi.yaml, outside the repository): it validates every
// /api/v1 request and response that crosses a test server against that file.
//
// It is for tests only. It never copies the spec into the repository and must not be imported by
// production code (kin-openapi stays out of the shipped binary).
package oktaspec

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// specName is the contract file, looked up in shared/contracts above the working directory.
const specName = "okta-management-openapi.yaml"

// routeHost is the host every checked request is rewritten to before routing.
const routeHost = "subdomain.okta.com"

// Spec is the loaded Okta Management API description with a router over it.
type Spec struct {
	doc    *openapi3.T
	router routers.Router
	mu     sync.Mutex // kin-openapi's validators are not documented as safe for concurrent use
}

var (
	loadOnce sync.Once
	loaded   *Spec
	loadErr  error
	missing  string
)

// Load returns the spec, loading it once per test binary (it takes about 0.4 s). When the contracts
// directory is not above the working directory the test is skipped with a message saying where it looked.
func Load(t testing.TB) *Spec {
	t.Helper()
	loadOnce.Do(func() { loaded, loadErr = load() })
	if missing != "" {
		t.Skipf("Okta contract not found: %s (these tests need ../shared/contracts/%s beside the repo)", missing, specName)
	}
	if loadErr != nil {
		t.Fatalf("loading the Okta contract: %v", loadErr)
	}
	return loaded
}

func load() (*Spec, error) {
	path, err := findSpec()
	if err != nil {
		missing = err.Error()
		return nil, nil
	}
	doc, err := openapi3.NewLoader().LoadFromFile(path)
	if err != nil {
		return nil, err
	}
	// The file's own defaults break a few of its formats, so doc.Validate is deliberately not called
	// (see shared/contracts/README.md); loading and routing work. Requests are routed on one fixed
	// host (see Check), so the server list is pinned to it.
	doc.Servers = openapi3.Servers{{URL: "https://" + routeHost}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, err
	}
	return &Spec{doc: doc, router: router}, nil
}

func findSpec() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, "shared", "contracts", specName)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no shared/contracts/%s in any parent of the working directory", specName)
		}
		dir = parent
	}
}

// Exchange is one request and its response as seen by a server.
type Exchange struct {
	Request *http.Request
	Body    []byte
	Status  int
	Header  http.Header
	Resp    []byte
}

// Check validates an /api/v1 exchange against the spec: the request (path, query, body), and the
// response (status-specific schema; error bodies against the Error schema even where the spec lists
// no such status). Other paths return nil: the OAuth token endpoint and the admin page are not in it.
func (s *Spec) Check(x Exchange) error {
	if !strings.HasPrefix(x.Request.URL.Path, "/api/v1/") {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// Route on the spec's own default server so the test server's port does not matter.
	r := x.Request.Clone(context.Background())
	r.URL.Scheme, r.URL.Host, r.Host = "https", routeHost, routeHost
	r.Body = io.NopCloser(bytes.NewReader(x.Body))
	route, params, err := s.router.FindRoute(r)
	if err != nil {
		return fmt.Errorf("%s %s is not in the Okta spec: %w", x.Request.Method, x.Request.URL.Path, err)
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true}
	in := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route, Options: opts}
	var errs []error
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
		errs = append(errs, fmt.Errorf("request %s %s: %w", x.Request.Method, x.Request.URL.RequestURI(), err))
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: x.Status, Header: x.Header,
		Body: io.NopCloser(bytes.NewReader(x.Resp)), Options: opts,
	}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		errs = append(errs, fmt.Errorf("response %d to %s %s: %w", x.Status, x.Request.Method, x.Request.URL.Path, err))
	}
	if x.Status >= 400 {
		if err := s.checkError(x.Resp); err != nil {
			errs = append(errs, fmt.Errorf("error response %d to %s %s: %w", x.Status, x.Request.Method, x.Request.URL.Path, err))
		}
	}
	return errors.Join(errs...)
}

func (s *Spec) checkError(body []byte) error {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	ref := s.doc.Components.Schemas["Error"]
	if ref == nil || ref.Value == nil {
		return errors.New("the spec has no Error schema")
	}
	if m, ok := v.(map[string]any); !ok || m["errorCode"] == nil || m["errorSummary"] == nil {
		return errors.New("an Okta error carries errorCode and errorSummary")
	}
	return ref.Value.VisitJSON(v)
}

// Middleware wraps a server handler so that every /api/v1 exchange through it is checked with Check;
// a mismatch fails t (with t.Errorf, so it is safe from the server's goroutines). The count of
// exchanges checked is added to *checked when checked is not nil.
func (s *Spec) Middleware(t testing.TB, checked *Counter) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, err := io.ReadAll(r.Body)
			if err != nil {
				t.Errorf("oktaspec: reading request body: %v", err)
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
			// Nothing reached a client that gave up (e.g. a slow fault past its timeout).
			if !strings.HasPrefix(r.URL.Path, "/api/v1/") || r.Context().Err() != nil {
				return
			}
			x := Exchange{Request: r, Body: body, Status: rec.Code, Header: rec.Header(), Resp: rec.Body.Bytes()}
			if err := s.Check(x); err != nil {
				t.Errorf("oktaspec: %v", err)
			}
			checked.Add(1)
		})
	}
}

// Counter counts checked exchanges; its zero value is ready and a nil *Counter ignores Add.
type Counter struct {
	mu sync.Mutex
	n  int
}

// Add adds n.
func (c *Counter) Add(n int) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.n += n
	c.mu.Unlock()
}

// N returns the count.
func (c *Counter) N() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}
