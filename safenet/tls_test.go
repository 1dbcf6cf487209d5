package safenet

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestTLSProblem(t *testing.T) {
	untrusted := httptest.NewTLSServer(http.NotFoundHandler())
	defer untrusted.Close()
	plain := httptest.NewServer(http.NotFoundHandler())
	defer plain.Close()
	c := NewClient(0)
	cases := []struct {
		name, url, want string
	}{
		{"untrusted certificate", untrusted.URL, "authority this computer does not trust"},
		{"plain http server", "https://" + strings.TrimPrefix(plain.URL, "http://"), "did not answer in TLS"},
	}
	for _, tc := range cases {
		_, err := c.Get(tc.url)
		why, ok := TLSProblem(err)
		if !ok || !strings.Contains(why, tc.want) {
			t.Errorf("%s: TLSProblem(%v) = %q, %v; want %q", tc.name, err, why, ok, tc.want)
		}
	}
	if _, ok := TLSProblem(errors.New("connection refused")); ok {
		t.Error("a non-TLS error was called a TLS problem")
	}
}
