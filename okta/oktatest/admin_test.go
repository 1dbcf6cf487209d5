package oktatest_test

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"scimrenew/okta/oktatest"
)

func adminPath(name, id string) string { return "/admin/app/" + name + "/instance/" + id + "/" }

func getPage(t *testing.T, srv *oktatest.Server, path string) (int, http.Header, string) {
	t.Helper()
	resp, err := srv.Client().Get(srv.URL() + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func TestAdminPageLooksLikeOkta(t *testing.T) {
	srv := oktatest.New(oktatest.Options{})
	defer srv.Close()
	status, h, page := getPage(t, srv, adminPath(oktatest.SCIMAppName, oktatest.SCIMAppID)+"#tab-provisioning")
	if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		t.Fatalf("status %d %s", status, h.Get("Content-Type"))
	}
	for _, want := range []string{oktatest.SCIMAppLabel, ">General<", ">Sign On<", `class="active" href="#tab-provisioning"`, "<h2>Integration</h2>", "OAuth Bearer Token", `type="password" id="token" name="token"`, ">Save<", "sandbox"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "http://") && strings.Contains(page, "<link") || strings.Contains(page, "<script") {
		t.Error("page loads external assets or scripts")
	}
	if !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'none'") || h.Get("X-Frame-Options") != "DENY" {
		t.Error("security headers missing")
	}
}

func TestAdminPageSaveSetsToken(t *testing.T) {
	srv := oktatest.New(oktatest.Options{})
	defer srv.Close()
	for _, a := range []struct{ name, id string }{{oktatest.SCIMAppName, oktatest.SCIMAppID}, {oktatest.Org2OrgAppName, oktatest.Org2OrgAppID}} {
		path := adminPath(a.name, a.id)
		_, _, page := getPage(t, srv, path)
		m := csrfField.FindStringSubmatch(page)
		if m == nil {
			t.Fatal("no csrf field")
		}
		const token = "manual-token-value"
		client := srv.Client()
		client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		resp, err := client.PostForm(srv.URL()+path, url.Values{"csrf": {m[1]}, "token": {" " + token + "\n"}, "baseUrl": {"http://127.0.0.1:1/scim/v2"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || !strings.HasSuffix(resp.Header.Get("Location"), "?saved=1#tab-provisioning") {
			t.Fatalf("save answered %d %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		if srv.Token(a.id) != token {
			t.Fatalf("%s: token not saved (holds %d bytes)", a.name, len(srv.Token(a.id)))
		}
		_, _, page = getPage(t, srv, path+"?saved=1")
		if !strings.Contains(page, "Settings saved") || !strings.Contains(page, "A token is saved") || strings.Contains(page, token) {
			t.Fatalf("%s: saved page wrong or shows the token", a.name)
		}
	}
	if srv.ConnectionStatus(oktatest.Org2OrgAppID) != "ENABLED" || srv.ConnectionStatus(oktatest.SCIMAppID) != "UNKNOWN" {
		t.Fatal("connection statuses after manual save")
	}
}

func TestAdminPageRefusals(t *testing.T) {
	srv := oktatest.New(oktatest.Options{})
	defer srv.Close()
	path := adminPath(oktatest.SCIMAppName, oktatest.SCIMAppID)
	_, _, page := getPage(t, srv, path)
	csrf := csrfField.FindStringSubmatch(page)[1]
	cases := []struct {
		name   string
		path   string
		form   url.Values
		status int
		text   string
	}{
		{"bad csrf", path, url.Values{"csrf": {"forged"}, "token": {"x"}}, 400, "page expired"},
		{"empty token", path, url.Values{"csrf": {csrf}, "token": {"  "}}, 400, "Enter the OAuth Bearer Token"},
		{"wrong app name", adminPath("okta_org2org", oktatest.SCIMAppID), url.Values{"csrf": {csrf}, "token": {"x"}}, 404, ""},
	}
	for _, tc := range cases {
		resp, err := srv.Client().PostForm(srv.URL()+tc.path, tc.form)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.Contains(string(b), tc.text) {
			t.Errorf("%s: %d, want %d with %q", tc.name, resp.StatusCode, tc.status, tc.text)
		}
	}
	if srv.Token(oktatest.SCIMAppID) != "" {
		t.Fatal("a refused save set the token")
	}
	if s, _, _ := getPage(t, srv, adminPath("scim2testapp", "0oaMissing")); s != 404 {
		t.Fatalf("unknown app page: %d", s)
	}
	if r := srv.Requests(); r["GET /admin/app/{appName}/instance/{appId}/"] != 2 || r["POST /admin/app/{appName}/instance/{appId}/"] != 3 {
		t.Fatalf("requests %v", r)
	}
}
