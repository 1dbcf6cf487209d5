// Package safenet holds the network safety rules every outbound call of SCIM Renew obeys: remote URLs
// are https unless they point at a loopback address, every request has a timeout, every response body
// is read through a size limit, TLS verification is never switched off, and a redirect never takes a
// request off its origin (nor makes a POST send its body again): see CheckRedirect.
//
// It is a leaf: it imports nothing of the project, so hub, okta and store (profile validation) can all
// share the one rule instead of each keeping a copy. It must not grow product logic.
package safenet

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"time"
)

// DefaultTimeout bounds a whole request, connection to last body byte.
const DefaultTimeout = 15 * time.Second

// DefaultBodyLimit is the most a response body may hold before it is refused.
const DefaultBodyLimit = 1 << 20

// ErrBodyTooLarge reports a response body over the allowed size.
var ErrBodyTooLarge = errors.New("the server sent a response larger than allowed")

// URLError explains why a URL was refused, in words meant for the user. A refused redirect is one
// too: Target then holds the address the server pointed to (without query or user info).
type URLError struct {
	Reason string
	Target string
}

func (e *URLError) Error() string { return e.Reason }

// IsLoopbackHost reports whether host (no port) names this machine: localhost, 127.0.0.0/8 or ::1.
func IsLoopbackHost(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(strings.Trim(h, "[]"))
	return ip != nil && ip.IsLoopback()
}

// CheckURL parses raw and accepts it only if it is an absolute https URL, or http to a loopback host,
// with a well-formed host, no user info, no fragment and no whitespace or control characters.
func CheckURL(raw string) (*url.URL, error) {
	if raw == "" {
		return nil, &URLError{Reason: "enter a URL, for example https://example.com"}
	}
	for _, r := range raw {
		if r <= ' ' || r == 0x7f {
			return nil, &URLError{Reason: "the URL contains spaces or control characters"}
		}
	}
	u, err := url.Parse(raw)
	if err != nil || u.Opaque != "" {
		return nil, &URLError{Reason: "this is not a valid URL"}
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !IsLoopbackHost(u.Hostname()) {
			return nil, &URLError{Reason: "the URL must start with https:// (plain http is allowed only for this machine)"}
		}
	case "":
		return nil, &URLError{Reason: "the URL must start with https://"}
	default:
		return nil, &URLError{Reason: fmt.Sprintf("the URL must start with https://, not %s://", u.Scheme)}
	}
	if u.User != nil {
		return nil, &URLError{Reason: "the URL must not contain a user name or password"}
	}
	if u.Fragment != "" || strings.Contains(raw, "#") {
		return nil, &URLError{Reason: "the URL must not contain a #fragment"}
	}
	if err := checkHost(u); err != nil {
		return nil, err
	}
	return u, nil
}

func checkHost(u *url.URL) error {
	host := u.Hostname()
	if host == "" {
		return &URLError{Reason: "the URL has no host name"}
	}
	if p := u.Port(); p != "" {
		if _, err := net.LookupPort("tcp", p); err != nil {
			return &URLError{Reason: "the URL's port is not a number from 1 to 65535"}
		}
	}
	if net.ParseIP(host) != nil {
		return nil
	}
	if len(host) > 253 {
		return &URLError{Reason: "the host name is too long"}
	}
	for _, label := range strings.Split(strings.TrimSuffix(host, "."), ".") {
		if !validLabel(label) {
			return &URLError{Reason: fmt.Sprintf("%q is not a valid host name (letters, digits and hyphens only; write international names in their xn-- form)", host)}
		}
	}
	return nil
}

func validLabel(l string) bool {
	if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
		return false
	}
	for i := 0; i < len(l); i++ {
		c := l[i]
		ok := c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
		if !ok {
			return false
		}
	}
	return true
}

// ReadBody reads at most limit bytes (DefaultBodyLimit when zero) of r and returns ErrBodyTooLarge
// when there is more.
func ReadBody(r io.Reader, limit int64) ([]byte, error) {
	if limit <= 0 {
		limit = DefaultBodyLimit
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return b, err
	}
	if int64(len(b)) > limit {
		return b[:limit], ErrBodyTooLarge
	}
	return b, nil
}
