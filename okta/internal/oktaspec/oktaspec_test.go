package oktaspec

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// TestCheckRejects proves the checks are not vacuous: each exchange breaks the published spec.
func TestCheckRejects(t *testing.T) {
	s := Load(t)
	good := `{"id":"0oa1","name":"scim2testapp","label":"L","status":"ACTIVE","signOnMode":"SAML_2_0"}`
	cases := []struct {
		name, method, url, body string
		status                  int
		resp                    string
		ok                      bool
	}{
		{"valid app", "GET", "/api/v1/apps/0oa1", "", 200, good, true},
		{"valid list", "GET", "/api/v1/apps?q=Q&limit=200&after=x", "", 200, "[" + good + "]", true},
		{"valid token POST", "POST", "/api/v1/apps/0oa1/connections/default?activate=true", `{"profile":{"authScheme":"TOKEN","token":"t"}}`, 200, `{"profile":{"authScheme":"TOKEN"},"status":"ENABLED"}`, true},
		{"valid error", "GET", "/api/v1/apps/0oa1", "", 404, `{"errorCode":"E0000007","errorSummary":"Not found","errorCauses":[]}`, true},
		{"app without label", "GET", "/api/v1/apps/0oa1", "", 200, `{"id":"0oa1","signOnMode":"SAML_2_0"}`, false},
		{"bogus authScheme", "POST", "/api/v1/apps/0oa1/connections/default?activate=true", `{"profile":{"authScheme":"BOGUS","token":"t"}}`, 200, `{"profile":{"authScheme":"TOKEN"},"status":"ENABLED"}`, false},
		{"bogus status", "GET", "/api/v1/apps/0oa1/connections/default", "", 200, `{"profile":{"authScheme":"TOKEN"},"status":"ON"}`, false},
		{"activate not boolean", "POST", "/api/v1/apps/0oa1/connections/default?activate=yes", `{"profile":{"authScheme":"TOKEN","token":"t"}}`, 200, `{"profile":{"authScheme":"TOKEN"},"status":"ENABLED"}`, false},
		{"bad sortOrder", "GET", "/api/v1/logs?sortOrder=SIDEWAYS", "", 200, `[]`, false},
		{"error without code", "GET", "/api/v1/apps/0oa1", "", 401, `{"message":"no"}`, false},
		{"not in the spec", "GET", "/api/v1/nowhere", "", 200, `{}`, false},
		{"token endpoint is out of scope", "POST", "/oauth2/v1/token", "x", 200, `nonsense`, true},
	}
	for _, tc := range cases {
		r := httptest.NewRequest(tc.method, tc.url, strings.NewReader(tc.body))
		if tc.body != "" {
			r.Header.Set("Content-Type", "application/json")
		}
		h := http.Header{"Content-Type": {"application/json"}}
		err := s.Check(Exchange{Request: r, Body: []byte(tc.body), Status: tc.status, Header: h, Resp: []byte(tc.resp)})
		if (err == nil) != tc.ok {
			t.Errorf("%s: err = %v, want ok=%t", tc.name, err, tc.ok)
		}
	}
}

// recorder is a testing.TB that collects Errorf calls.
type recorder struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestMiddlewareReports(t *testing.T) {
	s := Load(t)
	rec := &recorder{TB: t}
	var n Counter
	h := s.Middleware(rec, &n)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"0oa1"}`)) // no label, no signOnMode
	}))
	ts := httptest.NewServer(h)
	defer ts.Close()
	resp, err := ts.Client().Get(ts.URL + "/api/v1/apps/0oa1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(rec.errs) != 1 || n.N() != 1 {
		t.Fatalf("errors %q, checked %d; want one error and one check", rec.errs, n.N())
	}
}
