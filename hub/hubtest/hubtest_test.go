package hubtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// scim calls SCIM /Users with token and returns the status.
func scim(t *testing.T, s *Server, token string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.SCIMBase()+"/Users?startIndex=1&count=2", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = body(t, resp)
	return resp.StatusCode
}

func issue(t *testing.T, s *Server) string {
	t.Helper()
	tok, err := s.IssueToken()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

var tokenInPage = regexp.MustCompile(`<textarea id="token"[^>]*>([^<]+)</textarea>`)

func TestPageShowsTheForm(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	for _, u := range []string{s.URL() + "/", s.PageURL()} {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		page := body(t, resp)
		for _, want := range []string{"QorusDocs Hub", "Settings &gt; Hub Management &gt; <b>SCIM Token</b>", `name="client_id"`, `name="client_secret"`, "Create Token"} {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %q", u, want)
			}
		}
		if strings.Contains(page, `id="copy"`) {
			t.Error("a Copy button is shown before any token exists")
		}
	}
	if n := s.Requests(); n.PageViews != 2 {
		t.Fatalf("counts %+v", n)
	}
}

func postPage(t *testing.T, s *Server, id, secret string) (int, string) {
	t.Helper()
	resp, err := http.PostForm(s.PageURL(), url.Values{"client_id": {id}, "client_secret": {secret}})
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body(t, resp)
}

func TestPageCreateToken(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	status, page := postPage(t, s, s.ClientID(), "wrong-secret-value")
	if status != http.StatusUnauthorized || !strings.Contains(page, "not correct") || tokenInPage.MatchString(page) {
		t.Fatalf("bad credentials: status %d", status)
	}
	if strings.Contains(page, "wrong-secret-value") {
		t.Fatal("the page echoes the secret back")
	}
	status, page = postPage(t, s, s.ClientID(), s.ClientSecret())
	m := tokenInPage.FindStringSubmatch(page)
	if status != http.StatusOK || m == nil || !strings.Contains(page, `id="copy"`) || !strings.Contains(page, "navigator.clipboard") {
		t.Fatalf("good credentials: status %d, token shown %v", status, m != nil)
	}
	if scim(t, s, m[1]) != http.StatusOK {
		t.Fatal("the token shown on the page does not work")
	}
	if n := s.Requests(); n.PageCreates != 2 || n.TokensIssued != 1 {
		t.Fatalf("counts %+v", n)
	}
}

func TestPageRefusesCrossOriginPosts(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	req, _ := http.NewRequest(http.MethodPost, s.PageURL(), strings.NewReader(url.Values{"client_id": {s.ClientID()}, "client_secret": {s.ClientSecret()}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = body(t, resp)
	if resp.StatusCode != http.StatusForbidden || s.Requests().TokensIssued != 0 {
		t.Fatalf("status %d, issued %d", resp.StatusCode, s.Requests().TokensIssued)
	}
}

func TestTokenEndpoint(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	form := func(v url.Values, basicID, basicSecret string) (int, map[string]any) {
		req, _ := http.NewRequest(http.MethodPost, s.TokenURL(), strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if basicID != "" {
			req.SetBasicAuth(url.QueryEscape(basicID), url.QueryEscape(basicSecret))
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var out map[string]any
		_ = json.Unmarshal([]byte(body(t, resp)), &out)
		return resp.StatusCode, out
	}
	cc := url.Values{"grant_type": {"client_credentials"}}
	withCreds := url.Values{"grant_type": {"client_credentials"}, "client_id": {s.ClientID()}, "client_secret": {s.ClientSecret()}}
	cases := []struct {
		name    string
		v       url.Values
		id, sec string
		status  int
		errCode string
	}{
		{"basic", cc, s.ClientID(), s.ClientSecret(), 200, ""},
		{"form", withCreds, "", "", 200, ""},
		{"both", withCreds, s.ClientID(), s.ClientSecret(), 400, "invalid_request"},
		{"wrong grant", url.Values{"grant_type": {"password"}}, s.ClientID(), s.ClientSecret(), 400, "unsupported_grant_type"},
		{"wrong secret", cc, s.ClientID(), "nope-nope-nope", 401, "invalid_client"},
		{"no credentials", cc, "", "", 401, "invalid_client"},
	}
	for _, c := range cases {
		status, out := form(c.v, c.id, c.sec)
		if status != c.status || (c.errCode != "" && out["error"] != c.errCode) {
			t.Errorf("%s: status %d, error %v", c.name, status, out["error"])
			continue
		}
		if c.status == 200 {
			tok, _ := out["access_token"].(string)
			if out["token_type"] != "Bearer" || out["expires_in"].(float64) < 364*24*3600 || scim(t, s, tok) != 200 {
				t.Errorf("%s: unusable reply", c.name)
			}
		}
	}
	resp, err := http.Get(s.TokenURL())
	if err != nil {
		t.Fatal(err)
	}
	if _ = body(t, resp); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET token endpoint: %d", resp.StatusCode)
	}
}

func TestGracePeriod(t *testing.T) {
	c := &clock{t: time.Date(2025, time.March, 3, 12, 0, 0, 0, time.UTC)}
	s := New(Options{Now: c.Now, Grace: time.Hour})
	defer s.Close()
	first := issue(t, s)
	second := issue(t, s)
	if scim(t, s, first) != 200 || scim(t, s, second) != 200 || s.Live() != 2 {
		t.Fatal("the previous token should work during the grace period")
	}
	c.Add(time.Hour)
	if scim(t, s, first) != 401 || scim(t, s, second) != 200 || s.Live() != 1 {
		t.Fatal("the previous token should stop after the grace period")
	}
}

func TestTwelveMonthLifetime(t *testing.T) {
	// 29 Feb 2024 + 12 calendar months = 28 Feb 2025.
	c := &clock{t: time.Date(2024, time.February, 29, 12, 0, 0, 0, time.UTC)}
	s := New(Options{Now: c.Now})
	defer s.Close()
	tok := issue(t, s)
	c.t = time.Date(2025, time.February, 28, 11, 59, 59, 0, time.UTC)
	if scim(t, s, tok) != 200 {
		t.Fatal("the token expired early")
	}
	c.Add(time.Second)
	if scim(t, s, tok) != 401 || s.Live() != 0 {
		t.Fatal("the token outlived 12 months")
	}
}

func TestRevokeAndOnRejected(t *testing.T) {
	var rejected []string
	var mu sync.Mutex
	s := New(Options{Grace: time.Hour, OnRejected: func(tok string) {
		mu.Lock()
		rejected = append(rejected, tok)
		mu.Unlock()
	}})
	defer s.Close()
	first := issue(t, s)
	s.Revoke(first)
	second := issue(t, s)
	third := issue(t, s)
	s.RevokeAll()
	for _, tok := range []string{first, second, third, "", "not-a-jwt"} {
		if scim(t, s, tok) != 401 {
			t.Fatal("a revoked or bogus token was accepted")
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(rejected) != 5 || rejected[0] != first || rejected[3] != "" {
		t.Fatalf("OnRejected called %d times", len(rejected))
	}
	if n := s.Requests(); n.SCIMRejected != 5 || n.TokensIssued != 3 {
		t.Fatalf("counts %+v", n)
	}
}

func TestZeroGraceRevokesAtOnce(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	first := issue(t, s)
	issue(t, s)
	if scim(t, s, first) != 401 {
		t.Fatal("with no grace the previous token must stop at once")
	}
}

func TestTokenFromAnotherFakeIsRejected(t *testing.T) {
	a, b := New(Options{}), New(Options{})
	defer a.Close()
	defer b.Close()
	if scim(t, b, issue(t, a)) != 401 {
		t.Fatal("a token signed by another fake was accepted")
	}
}

func TestSCIMListAndFilter(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	tok := issue(t, s)
	get := func(query string) (int, map[string]any) {
		req, _ := http.NewRequest(http.MethodGet, s.SCIMBase()+"/Users?"+query, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var out map[string]any
		_ = json.Unmarshal([]byte(body(t, resp)), &out)
		return resp.StatusCode, out
	}
	status, out := get("startIndex=1&count=2")
	if status != 200 || out["totalResults"].(float64) != 3 || out["itemsPerPage"].(float64) != 2 || len(out["Resources"].([]any)) != 2 {
		t.Fatalf("list: %d %v", status, out["totalResults"])
	}
	status, out = get("filter=" + url.QueryEscape(`userName eq "alan.turing@example.com"`))
	if status != 200 || out["totalResults"].(float64) != 1 {
		t.Fatalf("filter: %d %v", status, out["totalResults"])
	}
	status, out = get("filter=" + url.QueryEscape(`userName eq "nobody@example.com"`))
	if status != 200 || out["totalResults"].(float64) != 0 || out["Resources"] == nil {
		t.Fatalf("empty filter result must still carry a Resources array: %d %v", status, out)
	}
	if status, _ = get("filter=" + url.QueryEscape(`title sw "x"`)); status != 400 {
		t.Fatalf("unsupported filter: %d", status)
	}
}

func TestDiscovery(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	resp, err := http.Get(s.URL() + DiscoveryPath)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(body(t, resp)), &doc); err != nil || doc["token_endpoint"] != s.TokenURL() || doc["issuer"] != s.URL() {
		t.Fatalf("discovery document: %v %v", err, doc)
	}
}

func TestFaults(t *testing.T) {
	want := map[Fault]int{
		Fault401: 401, Fault403: 403, Fault404: 404, Fault429: 429, Fault500: 500, Fault503: 503,
		FaultHTML: 200, FaultMalformedJSON: 200, FaultNonSCIMJSON: 200, FaultEmptyBody: 200, FaultOversized: 200,
	}
	s := New(Options{})
	defer s.Close()
	tok := issue(t, s)
	for f, status := range want {
		s.SetFault(TargetAll, f)
		if got := scim(t, s, tok); got != status {
			t.Errorf("SCIM with %s: %d, want %d", f, got, status)
		}
		resp, err := http.Get(s.URL() + DiscoveryPath)
		if err != nil {
			t.Fatal(err)
		}
		if _ = body(t, resp); resp.StatusCode != status {
			t.Errorf("discovery with %s: %d, want %d", f, resp.StatusCode, status)
		}
	}
	s.SetFault(TargetSCIM, FaultDropConnection)
	if _, err := http.Get(s.SCIMBase() + "/Users"); err == nil {
		t.Error("FaultDropConnection answered")
	}
	s.SetFault(TargetAll, FaultNone)
	if scim(t, s, tok) != 200 {
		t.Error("FaultNone did not restore normal service")
	}
	if Faults()[0] != FaultNone || len(Faults()) != 14 || FaultSlow.String() != "slow" || Fault(99).String() != "Fault(99)" {
		t.Error("fault names")
	}
}

func TestSlowFaultAndClose(t *testing.T) {
	s := New(Options{SlowDelay: time.Minute})
	s.SetFault(TargetSCIM, FaultSlow)
	done := make(chan struct{})
	go func() {
		defer close(done)
		resp, err := http.Get(s.SCIMBase() + "/Users")
		if err == nil {
			_ = resp.Body.Close()
		}
	}()
	time.Sleep(100 * time.Millisecond)
	start := time.Now()
	s.Close()
	<-done
	if time.Since(start) > 5*time.Second {
		t.Fatal("Close waited for the slow request")
	}
	s.Close() // idempotent
}
