package okta

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"scimrenew/okta/oktatest"
)

func TestFindAppsPagesThroughAll(t *testing.T) {
	e := newEnv(t, oktatest.Options{PageSize: 20})
	c := e.sswsClient(t)
	apps, err := c.FindApps(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(apps) != 50 {
		t.Fatalf("got %d apps, want the 50 seeded ones", len(apps))
	}
	if n := e.srv.Requests()["GET /api/v1/apps"]; n != 3 {
		t.Fatalf("%d list requests, want 3 pages", n)
	}
	seen := map[string]bool{}
	for _, a := range apps {
		if seen[a.ID] {
			t.Fatalf("app %s listed twice", a.ID)
		}
		seen[a.ID] = true
	}
	var scim App
	for _, a := range apps {
		if a.ID == oktatest.SCIMAppID {
			scim = a
		}
	}
	want := App{ID: oktatest.SCIMAppID, Name: "scim2testapp", Label: "QorusDocs SCIM", Status: "ACTIVE", SignOnMode: "SAML_2_0"}
	if scim.ID != want.ID || scim.Name != want.Name || scim.Label != want.Label || scim.Status != want.Status || scim.SignOnMode != want.SignOnMode || len(scim.Features) == 0 {
		t.Fatalf("scim2testapp decoded as %+v", scim)
	}
	if e.checked.N() != 3 {
		t.Fatalf("%d exchanges checked against the spec, want 3", e.checked.N())
	}
}

func TestFindAppsQuery(t *testing.T) {
	e := newEnv(t, oktatest.Options{PageSize: 1})
	c := e.sswsClient(t)
	cases := []struct {
		q     string
		want  []string
		pages int
	}{
		{"QorusDocs", []string{oktatest.SCIMAppID, oktatest.Org2OrgAppID}, 2},
		{"  scim2", []string{oktatest.SCIMAppID}, 1},
		{"okta_org", []string{oktatest.Org2OrgAppID}, 1},
		{"no such app", nil, 1},
	}
	for _, tc := range cases {
		before := e.srv.Requests()["GET /api/v1/apps"]
		apps, err := c.FindApps(context.Background(), tc.q)
		if err != nil {
			t.Fatalf("%q: %v", tc.q, err)
		}
		var ids []string
		for _, a := range apps {
			ids = append(ids, a.ID)
		}
		if len(ids) != len(tc.want) || (len(ids) > 0 && ids[0] != tc.want[0]) {
			t.Errorf("FindApps(%q) = %v, want %v", tc.q, ids, tc.want)
		}
		if got := e.srv.Requests()["GET /api/v1/apps"] - before; got != tc.pages {
			t.Errorf("FindApps(%q) took %d requests, want %d", tc.q, got, tc.pages)
		}
	}
}

func TestGetApp(t *testing.T) {
	e := newEnv(t, oktatest.Options{})
	c := e.sswsClient(t)
	a, err := c.GetApp(context.Background(), oktatest.Org2OrgAppID)
	if err != nil || a.Name != "okta_org2org" || a.Label != oktatest.Org2OrgLabel {
		t.Fatalf("GetApp = %+v, %v", a, err)
	}
	_, err = c.GetApp(context.Background(), "0oaNoSuchApp00000000")
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != CodeNotFound || ae.Status != 404 {
		t.Fatalf("missing app: %v", err)
	}
	mustContain(t, err.Error(), "E0000007", "check the Okta app id in Settings", "Find my app")
	if _, err := c.GetApp(context.Background(), "../users"); err == nil || errors.As(err, &ae) && ae.Status != 0 {
		t.Fatalf("a bad id reached Okta: %v", err)
	}
	if n := e.srv.Requests()["GET /api/v1/apps/{appId}"]; n != 2 {
		t.Fatalf("%d app reads, want 2 (the bad id must not be sent)", n)
	}
}

// TestFindAppsRefusesForeignNextLink: the credential must never follow a link to another host.
func TestFindAppsRefusesForeignNextLink(t *testing.T) {
	var calls int
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Link", `<https://evil.example/api/v1/apps?after=x>; rel="next"`)
		_, _ = w.Write([]byte(`[{"id":"0oa1","name":"a","label":"A","status":"ACTIVE","signOnMode":"SAML_2_0"}]`))
	}))
	defer ts.Close()
	c, err := NewClient(ts.URL, SSWS("00secret"), WithHTTPClient(ts.Client()))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.FindApps(context.Background(), "")
	if err == nil || calls != 1 {
		t.Fatalf("err %v after %d calls, want a refusal after 1", err, calls)
	}
	mustContain(t, err.Error(), "evil.example", "refusing")
}

func TestDecodeRefusesHTML(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html>sign in</html>"))
	}))
	defer ts.Close()
	c, err := NewClient(ts.URL, SSWS("00secret"), WithHTTPClient(ts.Client()))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.FindApps(context.Background(), "")
	if err == nil {
		t.Fatal("want an error")
	}
	mustContain(t, err.Error(), "text/html", "check the Okta org URL")
}
