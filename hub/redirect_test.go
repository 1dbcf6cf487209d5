package hub

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"scimrenew/safenet/safenettest"
)

// clientsUnderTest are the HTTP clients a Client may be given: its own, and a caller's plain client
// whose redirect policy (Go's default) would follow anything.
func clientsUnderTest() map[string]func() *Client {
	return map[string]func() *Client{
		"own client": NewClient,
		"caller's client": func() *Client {
			c := NewClient()
			c.HTTP = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}
			return c
		},
	}
}

// TestCreateTokenFollowsNoRedirect: the token endpoint's POST carries the Client Secret (Basic header
// or form body); a redirect of any kind, to another port or to its own origin, is never followed.
func TestCreateTokenFollowsNoRedirect(t *testing.T) {
	const id, secret = "client-id-1234", "client-secret-5678-abcdefgh"
	for name, newClient := range clientsUnderTest() {
		for _, status := range safenettest.Statuses {
			for _, inBody := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s %d body=%t", name, status, inBody), func(t *testing.T) {
					trap := safenettest.NewTrap(t)
					rd := safenettest.NewRedirector(t, status, trap.URL)
					c := newClient()
					c.CredentialsInBody = inBody
					_, err := c.CreateToken(context.Background(), rd.URL+"/oauth/token", id, secret)
					if hits := trap.Hits(); len(hits) > 0 {
						t.Fatalf("the other server received %s %s (Authorization set: %t, body %d bytes)",
							hits[0].Method, hits[0].Path, hits[0].Authorization != "", len(hits[0].Body))
					}
					if !errors.Is(err, ErrWrongURL) {
						t.Fatalf("err = %v, want ErrWrongURL", err)
					}
					host := strings.TrimPrefix(trap.URL, "http://")
					checkUserText(t, "create error", err.Error(), secret)
					if !strings.Contains(err.Error(), host) {
						t.Errorf("the message does not name the refused target %s: %s", host, err)
					}
				})
			}
			t.Run(fmt.Sprintf("%s %d same origin", name, status), func(t *testing.T) {
				rd := safenettest.NewRedirector(t, status, "")
				c := newClient()
				_, err := c.CreateToken(context.Background(), rd.URL+"/oauth/token", id, secret)
				if n := len(rd.Hits()); n != 1 {
					t.Fatalf("the Hub received %d requests, want the one POST", n)
				}
				if !errors.Is(err, ErrWrongURL) {
					t.Fatalf("err = %v, want ErrWrongURL", err)
				}
			})
		}
	}
}

// TestProbeFollowsNoRedirectOffOrigin: the probe's GET carries the token; a redirect to another port
// is refused and reported as a wrong URL naming the target, and one on the same origin is followed.
func TestProbeFollowsNoRedirectOffOrigin(t *testing.T) {
	const token = "opaque-scim-token-0123456789abcdef"
	for name, newClient := range clientsUnderTest() {
		for _, status := range safenettest.Statuses {
			t.Run(fmt.Sprintf("%s %d", name, status), func(t *testing.T) {
				trap := safenettest.NewTrap(t)
				rd := safenettest.NewRedirector(t, status, trap.URL)
				r := newClient().Probe(context.Background(), rd.URL+"/scim/v2", token)
				if hits := trap.Hits(); len(hits) > 0 {
					t.Fatalf("the other server received %s %s (Authorization set: %t)",
						hits[0].Method, hits[0].Path, hits[0].Authorization != "")
				}
				if r.Class != ProbeWrongURL {
					t.Fatalf("class %s, want %s: %s", r.Class, ProbeWrongURL, r.Message)
				}
				checkUserText(t, "probe message", r.Message, token)
				if host := strings.TrimPrefix(trap.URL, "http://"); !strings.Contains(r.Message, host) {
					t.Errorf("the message does not name the refused target %s: %s", host, r.Message)
				}
			})
			t.Run(fmt.Sprintf("%s %d same origin", name, status), func(t *testing.T) {
				rd := safenettest.NewRedirector(t, status, "")
				newClient().Probe(context.Background(), rd.URL+"/scim/v2", token)
				hits := rd.Hits()
				if len(hits) != 2 || hits[1].Authorization != "Bearer "+token {
					t.Fatalf("a same-origin redirect of the probe was not followed with its token: %d hits", len(hits))
				}
			})
		}
	}
}
