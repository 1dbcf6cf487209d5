package cli_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"scimrenew/hub/hubtest"
	"scimrenew/store"
)

// Text a server or an older version of the app may have left in the database: a renewal's last error
// and a health message holding a bearer token, a JWT, an Okta API token and terminal escape sequences.
const (
	storedJWT    = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE5MDAwMDAwMDAsInN1YiI6InNjaW0ifQ.c2lnbmF0dXJlLWJ5dGVzLWhlcmU"
	storedBearer = "qd_b3arer_7f3a91c2e4b84d0f9a6e1b2c"
	storedSSWS   = "00aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789-_"
	storedEscape = "\x1b]0;pwned\x07\x1b[2J"
)

var storedDirt = "the Hub said: " + storedEscape + "Authorization: Bearer " + storedBearer + " token " + storedJWT +
	" (SSWS " + storedSSWS + ")\x1b[31m red\x1b[0m"

// dirtLeft names what of storedDirt survives in out.
func dirtLeft(out string) []string {
	var left []string
	for name, v := range map[string]string{
		"a JWT": storedJWT, "a bearer token": storedBearer,
		"an SSWS token": storedSSWS, "an escape character": "\x1b", "a BEL": "\x07",
	} {
		if strings.Contains(out, v) {
			left = append(left, name)
		}
	}
	return left
}

// `status` prints a renewal's stored error and a token's health message through the one scrubber:
// no credential and no control character reaches the terminal or the JSON, whatever the database holds.
func TestStatusScrubsStoredErrorText(t *testing.T) {
	requireKeyring(t)
	hs := hubtest.New(hubtest.Options{})
	t.Cleanup(hs.Close)
	h := newHarness(t)
	h.mustRun(0, hs.ClientSecret()+"\n", append([]string{"profile", "add", "--client-secret-stdin"}, acmeArgs("dirty", hs, nil, "", "")...)...)
	tok := addToken(t, h, "dirty", tokenSetup{expiresIn: 200 * day, status: store.TokenCurrent})

	st := h.store()
	ctx := context.Background()
	p, err := st.ProfileByName(ctx, "dirty")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetTokenHealth(ctx, tok.ID, "rejected", storedDirt, time.Now()); err != nil {
		t.Fatal(err)
	}
	r, _, err := st.BeginRenewal(ctx, p.ID, "hub_page", "test", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetRenewalError(ctx, r.ID, storedDirt); err != nil {
		t.Fatal(err)
	}
	if err := st.ReleaseLease(ctx, r.ID, "test"); err != nil {
		t.Fatal(err)
	}
	st.Close()

	for _, args := range [][]string{{"status", "--profile", "dirty"}, {"status", "--profile", "dirty", "--json"}} {
		res := h.run("", args...)
		if left := dirtLeft(res.stdout + res.stderr); len(left) > 0 {
			t.Errorf("%s prints %s:\n%q", strings.Join(args, " "), strings.Join(left, ", "), res.stdout)
		}
		if !strings.Contains(res.stdout, "the Hub said") && !strings.Contains(res.stdout, "The Hub said") {
			t.Errorf("%s does not show the stored error at all:\n%s", strings.Join(args, " "), res.stdout)
		}
	}
}
