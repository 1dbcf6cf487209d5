package renewal

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"unicode"

	"scimrenew/hub"
)

// hostile is what a hostile or broken server may put in its error text: terminal escapes (set the
// title, clear the screen), a C1 control, a bidi override and a NUL.
const hostile = "\x1b]0;pwned\x07\x1b[2J\u009b31m\u202eevil\x00"

// leakyText quotes secret every way an adapter that forgot to scrub might: raw, base64, form-encoded
// and as an HTTP Basic credential with the profile's Client ID.
func leakyText(clientID, secret string) string {
	return fmt.Sprintf("raw %s b64 %s form secret=%s basic Basic %s%s", secret,
		base64.StdEncoding.EncodeToString([]byte(secret)), url.QueryEscape(secret),
		base64.StdEncoding.EncodeToString([]byte(clientID+":"+secret)), hostile)
}

// checkStored fails when text holds secret in any of leakyText's forms, or a control character.
func checkStored(t *testing.T, what, text, clientID, secret string) {
	t.Helper()
	if text == "" {
		t.Fatalf("%s is empty", what)
	}
	forms := map[string]string{
		"raw": secret, "base64": base64.StdEncoding.EncodeToString([]byte(secret)),
		"form": url.QueryEscape(secret), "basic": base64.StdEncoding.EncodeToString([]byte(clientID + ":" + secret)),
	}
	for name, f := range forms {
		if strings.Contains(text, f) {
			t.Errorf("%s holds the secret's %s form", what, name)
		}
	}
	for _, r := range text {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			t.Errorf("%s holds the control or format character %U", what, r)
			break
		}
	}
}

// TestStoredErrorsAreScrubbed: whatever an adapter's error says, renewals.last_error (and the token's
// health message) never holds the Client Secret or the new token, in any encoding, nor a control
// character; the error returned to the caller is scrubbed the same way and keeps its kind.
func TestStoredErrorsAreScrubbed(t *testing.T) {
	f := newFixture(t, true)
	const secret = "client-secret-xyz"
	f.hub.failNext = []error{&hub.Error{Kind: hub.ErrInvalidClient, HTTPStatus: 401, Msg: leakyText(f.p.ClientID, secret)}}
	s := f.begin(f.engine("window"))
	err := s.Create(f.ctx, false)
	if !errors.Is(err, hub.ErrInvalidClient) {
		t.Fatalf("Create: the error lost its kind: %v", err)
	}
	checkStored(t, "last_error after a failed create", f.renewal(s.Renewal().ID).LastError, f.p.ClientID, secret)
	checkStored(t, "the returned create error", err.Error(), f.p.ClientID, secret)

	if err := s.Create(f.ctx, false); err != nil {
		t.Fatal(err)
	}
	tok, _, err := s.pending(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	f.hub.probe = func(_, token string) hub.ProbeResult {
		return hub.ProbeResult{Class: hub.ProbeRejected, HTTPStatus: 401, Message: leakyText(f.p.ClientID, token)}
	}
	if _, err := s.Verify(f.ctx); !errors.Is(err, ErrVerifyFailed) {
		t.Fatalf("Verify: %v", err)
	}
	r := f.renewal(s.Renewal().ID)
	checkStored(t, "last_error after a failed verify", r.LastError, f.p.ClientID, tok)
	row, _ := f.st.Token(f.ctx, r.TokenID)
	checkStored(t, "the token's health message", row.HealthMessage, f.p.ClientID, tok)

	f.hub.probe = nil
	if _, err := s.Verify(f.ctx); err != nil {
		t.Fatal(err)
	}
	f.okta.err = errors.New("okta: refused " + leakyText(f.p.ClientID, tok))
	err = s.InstallAPI(f.ctx)
	if err == nil {
		t.Fatal("InstallAPI: no error")
	}
	checkStored(t, "last_error after a failed install", f.renewal(s.Renewal().ID).LastError, f.p.ClientID, tok)
	checkStored(t, "the returned install error", err.Error(), f.p.ClientID, tok)
}
