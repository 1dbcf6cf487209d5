package oktatest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"scimrenew/okta/internal/oktaspec"
	"scimrenew/okta/oktatest"
)

var t0 = time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)

type fixture struct {
	srv     *oktatest.Server
	checked *oktaspec.Counter
	now     time.Time
}

func newFixture(t *testing.T, opts oktatest.Options) *fixture {
	t.Helper()
	spec := oktaspec.Load(t)
	f := &fixture{checked: &oktaspec.Counter{}, now: t0}
	if opts.Now == nil {
		opts.Now = func() time.Time { return f.now }
	}
	opts.Wrap = spec.Middleware(t, f.checked)
	f.srv = oktatest.New(opts)
	t.Cleanup(f.srv.Close)
	return f
}

// do sends a request with the given Authorization (SSWS with the org's token when auth is "") and
// returns status, headers and body.
func (f *fixture) do(t *testing.T, method, path, auth, body string) (int, http.Header, []byte) {
	t.Helper()
	target := path
	if !strings.HasPrefix(path, "http") {
		target = f.srv.URL() + path
	}
	req, err := http.NewRequest(method, target, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth == "" {
		auth = "SSWS " + f.srv.APIToken()
	}
	req.Header.Set("Authorization", auth)
	req.Header.Set("Accept", "application/json")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := f.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

func nextOf(h http.Header) string {
	for _, v := range h.Values("Link") {
		if strings.HasSuffix(v, `rel="next"`) {
			return strings.TrimSuffix(strings.TrimPrefix(v, "<"), `>; rel="next"`)
		}
	}
	return ""
}

// TestResponsesMatchSpec sends one request of every kind the fake answers, errors included; the
// middleware checks each against Okta's published spec.
func TestResponsesMatchSpec(t *testing.T) {
	f := newFixture(t, oktatest.Options{})
	org2org := "/api/v1/apps/" + oktatest.Org2OrgAppID + "/connections/default"
	f.srv.RecordAuthFailure(oktatest.SCIMAppID, "Unauthorized")
	f.now = f.now.Add(time.Minute)
	type req struct {
		method, path, auth, body string
		status                   int
	}
	reqs := []req{
		{"GET", "/api/v1/apps?limit=200", "", "", 200},
		{"GET", "/api/v1/apps?q=QorusDocs", "", "", 200},
		{"GET", "/api/v1/apps/" + oktatest.SCIMAppID, "", "", 200},
		{"GET", "/api/v1/apps/0oaNoSuchApp", "", "", 404},
		{"GET", "/api/v1/apps/" + oktatest.SCIMAppID + "/connections/default", "", "", 200},
		{"GET", org2org, "", "", 200},
		{"POST", org2org + "?activate=true", "", `{"profile":{"authScheme":"TOKEN","token":"abc"}}`, 200},
		{"POST", org2org + "?activate=true", "", `{"profile":{"authScheme":"TOKEN"}}`, 400},
		{"POST", org2org, "", `{"profile":{"authScheme":"TOKEN","token":"def"}}`, 200},
		{"POST", "/api/v1/apps/" + oktatest.SCIMAppID + "/connections/default?activate=true", "", `{"profile":{"authScheme":"TOKEN","token":"abc"}}`, 200},
		{"GET", "/api/v1/logs?filter=" + url.QueryEscape(`eventType eq "`+oktatest.EventAuthFailure+`"`) + "&since=2026-03-14T00:00:00.000Z&until=2026-03-14T10:00:00Z&limit=100", "", "", 200},
		{"GET", "/api/v1/logs?filter=" + url.QueryEscape(`eventType sw "app"`), "", "", 400},
		{"GET", "/api/v1/logs?since=yesterday", "", "", 400},
		{"GET", "/api/v1/apps", "SSWS wrong", "", 401},
		{"GET", "/api/v1/apps", "Bearer nope", "", 401},
		{"GET", "/api/v1/apps", "Basic x", "", 401},
	}
	for _, r := range reqs {
		if status, _, body := f.do(t, r.method, r.path, r.auth, r.body); status != r.status {
			t.Errorf("%s %s: %d %s, want %d", r.method, r.path, status, body, r.status)
		}
	}
	for _, fault := range []oktatest.Fault{{Status: 401}, {Status: 403}, {Status: 429}, {Status: 500}} {
		fault.Times = 1
		f.srv.SetFault(fault)
		if status, h, _ := f.do(t, "GET", "/api/v1/apps/"+oktatest.SCIMAppID, "", ""); status != fault.Status {
			t.Errorf("fault %d answered %d", fault.Status, status)
		} else if status == 429 && h.Get("X-Rate-Limit-Reset") != strconv.FormatInt(f.now.Add(2*time.Second).Unix(), 10) {
			t.Errorf("429 reset %q, want now+2s", h.Get("X-Rate-Limit-Reset"))
		}
	}
	if want := len(reqs) + 4; f.checked.N() != want {
		t.Fatalf("%d exchanges checked, want %d", f.checked.N(), want)
	}
	if f.srv.Token(oktatest.SCIMAppID) != "" {
		t.Error("a POST to an UNKNOWN connection stored a token")
	}
	if f.srv.Token(oktatest.Org2OrgAppID) != "def" || f.srv.ConnectionStatus(oktatest.Org2OrgAppID) != "ENABLED" {
		t.Error("org2org token or status wrong")
	}
}

func TestAppsPaging(t *testing.T) {
	f := newFixture(t, oktatest.Options{})
	var ids []string
	next := "/api/v1/apps?limit=200"
	pages := 0
	for next != "" {
		status, h, body := f.do(t, "GET", next, "", "")
		if status != 200 {
			t.Fatalf("status %d", status)
		}
		var apps []struct{ ID string }
		if err := json.Unmarshal(body, &apps); err != nil {
			t.Fatal(err)
		}
		for _, a := range apps {
			ids = append(ids, a.ID)
		}
		pages++
		next = nextOf(h)
	}
	if pages != 3 || len(ids) != 50 || ids[0] != oktatest.SCIMAppID || ids[1] != oktatest.Org2OrgAppID {
		t.Fatalf("%d pages, %d apps, first %v", pages, len(ids), ids[:2])
	}
}

func TestLogsPollingAlwaysHasNext(t *testing.T) {
	f := newFixture(t, oktatest.Options{})
	_, h, body := f.do(t, "GET", "/api/v1/logs?since=2026-03-14T08:00:00Z", "", "")
	if string(body) != "[]" || nextOf(h) == "" {
		t.Fatalf("polling query: body %s, next %q; want [] with a next link", body, nextOf(h))
	}
	_, h, _ = f.do(t, "GET", "/api/v1/logs?since=2026-03-14T08:00:00Z&until=2026-03-14T09:00:00Z", "", "")
	if nextOf(h) != "" {
		t.Fatal("bounded query with nothing more has a next link")
	}
}

func TestFaultScope(t *testing.T) {
	f := newFixture(t, oktatest.Options{})
	f.srv.SetFault(oktatest.Fault{Status: 500, Times: 2, Method: "POST"})
	if s, _, _ := f.do(t, "GET", "/api/v1/apps/"+oktatest.SCIMAppID, "", ""); s != 200 {
		t.Fatalf("GET hit a POST fault: %d", s)
	}
	body := `{"profile":{"authScheme":"TOKEN","token":"t"}}`
	path := "/api/v1/apps/" + oktatest.Org2OrgAppID + "/connections/default"
	for i, want := range []int{500, 500, 200} {
		if s, _, _ := f.do(t, "POST", path, "", body); s != want {
			t.Fatalf("POST %d: %d, want %d", i, s, want)
		}
	}
}

func TestNoSeedAndAddApp(t *testing.T) {
	f := newFixture(t, oktatest.Options{NoSeed: true, PageSize: 2})
	ids := f.srv.AddApp(oktatest.App{Name: "a", Label: "A"}, oktatest.App{Name: "b", Label: "B"}, oktatest.App{Name: "c", Label: "C", SignOnMode: "AUTO_LOGIN"})
	if len(ids) != 3 || len(ids[0]) != 20 || !strings.HasPrefix(ids[0], "0oa") {
		t.Fatalf("ids %v", ids)
	}
	_, h, body := f.do(t, "GET", "/api/v1/apps", "", "")
	if !strings.Contains(string(body), `"label":"B"`) || nextOf(h) == "" {
		t.Fatalf("first page %s", body)
	}
	_, _, body = f.do(t, "GET", nextOf(h), "", "")
	if !strings.Contains(string(body), `"signOnMode":"AUTO_LOGIN"`) {
		t.Fatalf("second page %s", body)
	}
	if r := f.srv.Requests(); r["GET /api/v1/apps"] != 2 {
		t.Fatalf("requests %v", r)
	}
}
