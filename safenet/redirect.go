package safenet

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// MaxRedirects is the most redirects one request follows.
const MaxRedirects = 5

// NewClient returns an HTTP client with the given overall timeout (DefaultTimeout when zero) whose
// redirects obey CheckRedirect.
func NewClient(timeout time.Duration) *http.Client {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &http.Client{Timeout: timeout, CheckRedirect: CheckRedirect}
}

// Harden returns a shallow copy of hc (a new client when nil) that obeys CheckRedirect, whatever
// redirect policy hc had, and has a timeout (DefaultTimeout when hc has none). Packages that accept a
// caller's client pass it through Harden, so the redirect rule holds for every request they send.
func Harden(hc *http.Client) *http.Client {
	if hc == nil {
		return NewClient(0)
	}
	c := *hc
	c.CheckRedirect = CheckRedirect
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	return &c
}

// CheckRedirect is the redirect rule of every client SCIM Renew uses (an http.Client CheckRedirect).
// Nearly every request the app sends carries a credential (an Authorization header) or a secret body,
// and Go forwards Authorization to the same host on another port or to a subdomain and re-sends the
// body on 307 and 308, so:
//
//   - a request other than GET or HEAD follows no redirect at all;
//   - a GET or HEAD follows a redirect only within its own origin: same scheme, host and port;
//   - at most MaxRedirects are followed, and each target must still pass CheckURL.
//
// A refused redirect is a *URLError naming the target, wrapped by the client in a *url.Error.
func CheckRedirect(req *http.Request, via []*http.Request) error {
	if len(via) == 0 {
		return nil
	}
	first := via[0]
	target := Describe(req.URL)
	refuse := func(why string, args ...any) error {
		return &URLError{Reason: fmt.Sprintf("refused a redirect to %s: ", target) + fmt.Sprintf(why, args...), Target: target}
	}
	switch {
	case !SameOrigin(first.URL, req.URL):
		return refuse("it leads to another server than %s, and a credential is sent only to the server it was entered for", first.URL.Host)
	case first.Method != http.MethodGet && first.Method != http.MethodHead:
		return refuse("the server answered a %s request with a redirect, and data is never sent a second time", first.Method)
	case len(via) >= MaxRedirects:
		return refuse("the server redirected more than %d times", MaxRedirects-1)
	}
	if _, err := CheckURL(req.URL.String()); err != nil {
		return refuse("%s", err.Error())
	}
	return nil
}

// SameOrigin reports whether a and b have the same scheme, host and port (RFC 6454), with the
// scheme's default port filled in and host names compared without case or a trailing dot.
func SameOrigin(a, b *url.URL) bool {
	if a == nil || b == nil {
		return false
	}
	sa, sb := strings.ToLower(a.Scheme), strings.ToLower(b.Scheme)
	return sa == sb && originHost(a) == originHost(b) && originPort(sa, a) == originPort(sb, b)
}

func originHost(u *url.URL) string {
	return strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
}

func originPort(scheme string, u *url.URL) string {
	if p := u.Port(); p != "" {
		return strings.TrimLeft(p, "0")
	}
	switch scheme {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}

// Describe renders u for a message: scheme, host and path only (a query or user info may hold
// something private), the path clipped to 100 characters.
func Describe(u *url.URL) string {
	if u == nil {
		return ""
	}
	path := u.EscapedPath()
	if r := []rune(path); len(r) > 100 {
		path = string(r[:100]) + "…"
	}
	return u.Scheme + "://" + u.Host + path
}
