package safenet

import (
	"bytes"
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestCheckURL(t *testing.T) {
	cases := []struct {
		in string
		ok bool
	}{
		{"https://acme.qorusdocs.com", true},
		{"https://acme.okta.com/", true},
		{"https://hub.example.com:8443/scim/v2", true},
		{"http://127.0.0.1:8080/scim", true},
		{"http://localhost:9/x", true},
		{"http://[::1]:80/", true},
		{"http://127.3.4.5/", true},
		{"https://xn--bcher-kva.example", true},
		{"http://acme.okta.com", false},
		{"ftp://acme.okta.com", false},
		{"acme.okta.com", false},
		{"", false},
		{"https://user:pw@acme.okta.com", false},
		{"https://acme.okta.com/#frag", false},
		{"https://acme.okta.com/#", false},
		{"https://acme okta.com", false},
		{"https://acme.okta.com/\n", false},
		{" https://acme.okta.com", false},
		{"https://bücher.example", false},
		{"https:///path", false},
		{"https://-bad-.com", false},
		{"https://a..b", false},
		{"https://host:99999", false},
		{"http://10.0.0.1/", false},
		{"javascript:alert(1)", false},
	}
	for _, c := range cases {
		_, err := CheckURL(c.in)
		if (err == nil) != c.ok {
			t.Errorf("CheckURL(%q) err=%v, want ok=%v", c.in, err, c.ok)
		}
	}
}

func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{"https://a.b", "http://127.0.0.1:1/", "http://x.com", "https://[::1]/", "https://u@h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := CheckURL(s)
		if err != nil {
			return
		}
		if u.Scheme != "https" && !(u.Scheme == "http" && IsLoopbackHost(u.Hostname())) {
			t.Fatalf("accepted %q with scheme %q", s, u.Scheme)
		}
		if u.User != nil || u.Fragment != "" {
			t.Fatalf("accepted %q with user info or fragment", s)
		}
		if _, err := url.Parse(u.String()); err != nil {
			t.Fatalf("accepted URL does not round-trip: %v", err)
		}
	})
}

func TestReadBody(t *testing.T) {
	b, err := ReadBody(strings.NewReader("hello"), 5)
	if err != nil || string(b) != "hello" {
		t.Fatalf("exact limit: %q %v", b, err)
	}
	_, err = ReadBody(bytes.NewReader(make([]byte, 6)), 5)
	if !errors.Is(err, ErrBodyTooLarge) {
		t.Fatalf("over limit: %v", err)
	}
}
