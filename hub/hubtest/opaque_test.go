package hubtest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestOpaqueTokens: with Opaque set the fake issues tokens that are not JWTs, by every route (API,
// page, IssueToken), with the same lifetime, grace, revocation and SCIM checks as its JWTs.
func TestOpaqueTokens(t *testing.T) {
	c := &clock{t: time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC)}
	s := New(Options{Opaque: true, Now: c.Now, Grace: time.Hour})
	defer s.Close()

	first := issue(t, s)
	if strings.Count(first, ".") == 2 || strings.HasPrefix(first, "eyJ") || len(first) < 32 {
		t.Fatalf("an opaque token looks like a JWT or is short (%d bytes)", len(first))
	}
	if scim(t, s, first) != http.StatusOK {
		t.Fatal("an opaque token is refused by SCIM")
	}
	if scim(t, s, first+"x") != http.StatusUnauthorized || scim(t, s, strings.ToUpper(first)) != http.StatusUnauthorized {
		t.Fatal("an altered opaque token is accepted")
	}

	api := opaqueFromAPI(t, s)

	c.Add(2 * time.Hour) // past the grace of the first token
	if scim(t, s, first) != http.StatusUnauthorized {
		t.Fatal("a replaced opaque token still works after the grace period")
	}
	s.Revoke(api)
	if scim(t, s, api) != http.StatusUnauthorized {
		t.Fatal("a revoked opaque token still works")
	}
	last := issue(t, s)
	c.Add(366 * 24 * time.Hour)
	if scim(t, s, last) != http.StatusUnauthorized {
		t.Fatal("an opaque token works after its twelve months")
	}
}

// opaqueFromAPI gets a token from the token endpoint and checks it is opaque, has an expires_in and
// works.
func opaqueFromAPI(t *testing.T, s *Server) string {
	t.Helper()
	resp, err := http.PostForm(s.TokenURL(), url.Values{
		"grant_type": {"client_credentials"},
		"client_id":  {DefaultClientID}, "client_secret": {DefaultClientSecret},
	})
	if err != nil {
		t.Fatal(err)
	}
	var tr struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int64  `json:"expires_in"`
	}
	if err := json.Unmarshal([]byte(body(t, resp)), &tr); err != nil {
		t.Fatal(err)
	}
	if tr.AccessToken == "" || strings.Count(tr.AccessToken, ".") == 2 || tr.ExpiresIn <= 0 {
		t.Fatalf("API token: %d bytes, expires_in %d", len(tr.AccessToken), tr.ExpiresIn)
	}
	if scim(t, s, tr.AccessToken) != http.StatusOK {
		t.Fatal("the API's opaque token is refused")
	}
	return tr.AccessToken
}

// TestSetOpaqueSwitchesWhatIsIssued: SetOpaque turns opaque tokens on and off for later issues only.
func TestSetOpaqueSwitchesWhatIsIssued(t *testing.T) {
	s := New(Options{Grace: time.Hour})
	defer s.Close()
	isJWT := func(tok string) bool { return strings.Count(tok, ".") == 2 && strings.HasPrefix(tok, "eyJ") }
	jwt := issue(t, s)
	s.SetOpaque(true)
	opaque := issue(t, s)
	s.SetOpaque(false)
	again := issue(t, s)
	if !isJWT(jwt) || isJWT(opaque) || !isJWT(again) {
		t.Fatalf("issued JWT %v, opaque %v, JWT %v", isJWT(jwt), !isJWT(opaque), isJWT(again))
	}
	for _, tok := range []string{jwt, opaque, again} {
		if scim(t, s, tok) != http.StatusOK {
			t.Fatal("a token issued across the switch is refused")
		}
	}
}
