package okta

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"scimrenew/okta/oktatest"
	"scimrenew/safenet"
)

func TestAdminDeepLink(t *testing.T) {
	const id = "0oa1b2c3d4E5F6g7h8i9"
	const tail = "/admin/app/scim2testapp/instance/" + id + "/#tab-provisioning"
	cases := []struct {
		name, org, admin string
		want             string // "" means an error is expected
	}{
		{"okta.com", "https://acme.okta.com", "", "https://acme-admin.okta.com" + tail},
		{"trailing slash", "https://acme.okta.com/", "", "https://acme-admin.okta.com" + tail},
		{"path and query", "https://acme.okta.com/app/UserHome?x=1", "", "https://acme-admin.okta.com" + tail},
		{"pasted fragment", "https://acme.okta.com/#x", "", "https://acme-admin.okta.com" + tail},
		{"upper case", "HTTPS://ACME.OKTA.COM", "", "https://acme-admin.okta.com" + tail},
		{"spaces around", "  https://acme.okta.com  ", "", "https://acme-admin.okta.com" + tail},
		{"oktapreview.com", "https://acme.oktapreview.com", "", "https://acme-admin.oktapreview.com" + tail},
		{"okta-emea.com", "https://acme.okta-emea.com", "", "https://acme-admin.okta-emea.com" + tail},
		{"already admin", "https://acme-admin.okta.com", "", "https://acme-admin.okta.com" + tail},
		{"already admin with path", "https://acme-admin.okta.com/admin/dashboard", "", "https://acme-admin.okta.com" + tail},
		{"hyphenated org", "https://acme-corp.okta.com", "", "https://acme-corp-admin.okta.com" + tail},
		{"custom domain with admin URL", "https://login.acme.com", "https://acme-admin.okta.com", "https://acme-admin.okta.com" + tail},
		{"admin URL with path", "https://login.acme.com", "https://acme-admin.okta.com/admin/apps/active", "https://acme-admin.okta.com" + tail},
		{"admin URL wins", "https://acme.okta.com", "https://other-admin.okta.com/", "https://other-admin.okta.com" + tail},
		{"loopback org", "http://127.0.0.1:8080", "", "http://127.0.0.1:8080" + tail},
		{"loopback localhost", "http://localhost:9000/", "", "http://localhost:9000" + tail},
		{"loopback ipv6", "http://[::1]:9000", "", "http://[::1]:9000" + tail},
		{"custom domain without admin URL", "https://login.acme.com", "", ""},
		{"bare okta.com", "https://okta.com", "", ""},
		{"nested subdomain", "https://a.b.okta.com", "", ""},
		{"look-alike domain", "https://acme.okta.com.evil.example", "", ""},
		{"http remote org", "http://acme.okta.com", "", ""},
		{"http remote admin URL", "https://login.acme.com", "http://acme-admin.okta.com", ""},
		{"not a URL", "acme", "", ""},
		{"empty org", "", "", ""},
		{"user info", "https://u:p@acme.okta.com", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := AdminDeepLink(c.org, c.admin, "scim2testapp", id)
			if c.want == "" {
				if err == nil {
					t.Fatalf("got %q, want an error", got)
				}
				if !strings.HasPrefix(err.Error(), "okta: ") {
					t.Errorf("error %q lacks the package prefix", err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("got %q, %v; want %q", got, err, c.want)
			}
		})
	}
}

func TestAdminDeepLinkCustomDomainAdvice(t *testing.T) {
	_, err := AdminDeepLink("https://login.acme.com", "", "scim2testapp", "0oa1")
	if err == nil {
		t.Fatal("want an error")
	}
	mustContain(t, err.Error(), "login.acme.com", "enter the admin URL", "Settings")
}

func TestAdminDeepLinkAppFields(t *testing.T) {
	cases := []struct{ name, id string }{
		{"", "0oa1"},
		{"scim2testapp", ""},
		{"scim2/../x", "0oa1"},
		{"..", "0oa1"},
		{"scim2testapp", "0oa1/../x"},
		{"scim2testapp", "0oa1?x"},
		{"scim2testapp", "0oa1#x"},
		{"scim 2", "0oa1"},
		{"scim2testapp", strings.Repeat("a", 65)},
	}
	for _, c := range cases {
		if got, err := AdminDeepLink("https://acme.okta.com", "", c.name, c.id); err == nil {
			t.Errorf("AdminDeepLink(name %q, id %q) = %q, want an error", c.name, c.id, got)
		}
	}
	got, err := AdminDeepLink("https://acme.okta.com", "", "okta_org2org", "0oaABC123")
	if err != nil || got != "https://acme-admin.okta.com/admin/app/okta_org2org/instance/0oaABC123/#tab-provisioning" {
		t.Fatalf("got %q, %v", got, err)
	}
}

// TestAdminDeepLinkOpensFakePage follows the loopback link to the fake org's Provisioning page.
func TestAdminDeepLinkOpensFakePage(t *testing.T) {
	srv := oktatest.New(oktatest.Options{})
	defer srv.Close()
	link, err := AdminDeepLink(srv.URL()+"/", "", oktatest.SCIMAppName, oktatest.SCIMAppID)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.Client().Get(link)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	mustContain(t, string(body), oktatest.SCIMAppLabel, "Provisioning", "OAuth Bearer Token", `name="token"`)
}

func FuzzAdminDeepLink(f *testing.F) {
	seeds := [][4]string{
		{"https://acme.okta.com", "", "scim2testapp", "0oa1"},
		{"https://acme-admin.oktapreview.com/x/", "", "okta_org2org", "0oaX"},
		{"http://127.0.0.1:1", "", "a", "b"},
		{"https://login.acme.com", "https://acme-admin.okta.com/p#f", "a_b-c", "0"},
		{"http://acme.okta.com", "http://[::1]/", "n", "i"},
		{"https://acme.okta.com.evil", "", "n", "i"},
		{"https://a.okta-emea.com:8443", "", "n", "1"},
		{"javascript:alert(1)//acme.okta.com", "", "n", "1"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1], s[2], s[3])
	}
	f.Fuzz(func(t *testing.T, org, admin, name, id string) {
		link, err := AdminDeepLink(org, admin, name, id)
		if err == nil {
			checkLink(t, link, org, admin, name, id)
		}
	})
}

// checkLink asserts what every deep link must be: https or loopback, safe, and the admin path.
func checkLink(t *testing.T, link, org, admin, name, id string) {
	u, err := url.Parse(link)
	if err != nil {
		t.Fatalf("link %q does not parse: %v", link, err)
	}
	loop := safenet.IsLoopbackHost(u.Hostname())
	if u.Scheme != "https" && !(u.Scheme == "http" && loop) {
		t.Fatalf("link %q is neither https nor loopback", link)
	}
	noFrag := *u
	noFrag.Fragment = ""
	if _, err := safenet.CheckURL(noFrag.String()); err != nil {
		t.Fatalf("link %q fails safenet: %v", link, err)
	}
	if u.Fragment != "tab-provisioning" || u.User != nil || u.RawQuery != "" {
		t.Fatalf("link %q has unexpected parts", link)
	}
	if want := "/admin/app/" + name + "/instance/" + id + "/"; u.Path != want {
		t.Fatalf("link %q path %q, want %q", link, u.Path, want)
	}
	if strings.TrimSpace(admin) != "" || loop {
		return
	}
	if _, _, ok := oktaHost(u.Hostname()); !ok || !strings.Contains(u.Hostname(), "-admin.") {
		t.Fatalf("link %q from org %q is not an Okta admin host", link, org)
	}
}
