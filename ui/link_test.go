package ui

import (
	"testing"

	"scimrenew/safenet"
)

func TestCheckLink(t *testing.T) {
	cases := []struct {
		link string
		ok   bool
	}{
		{"https://acme-admin.okta.com/admin/app/scim2testapp/instance/0oa1/#tab-provisioning", true},
		{"https://acme.qorusdocs.com/settings", true},
		{"http://127.0.0.1:8080/admin/app/x/instance/y/#tab-provisioning", true},
		{"http://localhost:9/page", true},
		{"http://[::1]:9/page", true},
		{"http://acme.okta.com/", false},
		{"https://user:pw@acme.okta.com/", false},
		{"file:///etc/passwd", false},
		{"javascript:alert(1)", false},
		{"acme.okta.com", false},
		{"", false},
	}
	for _, c := range cases {
		_, err := checkLink(c.link)
		if (err == nil) != c.ok {
			t.Errorf("checkLink(%q) err = %v, want ok=%v", c.link, err, c.ok)
		}
	}
}

// FuzzCheckLink: whatever the input, an accepted link is https, or http to this computer, with a host.
func FuzzCheckLink(f *testing.F) {
	for _, s := range []string{"https://a.example/#x", "http://127.0.0.1/", "http://evil.example/", "https://u@h/",
		"http://127.0.0.1.evil.example/", "http://localhost.evil.example/", "HTTPS://A.EXAMPLE/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := checkLink(raw)
		if err != nil {
			return
		}
		if u.Host == "" || u.User != nil {
			t.Fatalf("accepted %q: host %q, user %v", raw, u.Host, u.User)
		}
		if u.Scheme != "https" && !(u.Scheme == "http" && safenet.IsLoopbackHost(u.Hostname())) {
			t.Fatalf("accepted %q with scheme %q and host %q", raw, u.Scheme, u.Hostname())
		}
	})
}
