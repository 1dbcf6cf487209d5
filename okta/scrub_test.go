package okta

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode"
)

// hostile is what a hostile or broken server may put in its error text: terminal escapes (set the
// title, clear the screen), a C1 control, a bidi override and a NUL.
const hostile = "\x1b]0;pwned\x07\x1b[2J\u009b31m\u202eevil\x00"

func randomHex(t *testing.T, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// checkNoPiece fails when text holds any 8-byte piece of secret, raw or base64-encoded whole, or a
// control or format character: a secret clipped in half must not survive either.
func checkNoPiece(t *testing.T, what, text, secret string) {
	t.Helper()
	for i := 0; i+8 <= len(secret); i++ {
		if strings.Contains(text, secret[i:i+8]) {
			t.Errorf("%s holds a piece of a secret (bytes %d-%d)", what, i, i+8)
			break
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawURLEncoding} {
		if strings.Contains(text, enc.EncodeToString([]byte(secret))) {
			t.Errorf("%s holds a secret base64-encoded", what)
		}
	}
	for _, r := range text {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			t.Errorf("%s holds the control or format character %U", what, r)
			break
		}
	}
}

func errorJSON(summary string, causes ...string) string {
	type cause struct {
		Summary string `json:"errorSummary"`
	}
	body := struct {
		Code    string  `json:"errorCode"`
		Summary string  `json:"errorSummary"`
		Causes  []cause `json:"errorCauses"`
	}{Code: "E0000001", Summary: summary}
	for _, c := range causes {
		body.Causes = append(body.Causes, cause{c})
	}
	b, _ := json.Marshal(body)
	return string(b)
}

// TestSetTokenErrorScrubsBeforeClipping: Okta's error text quoting the SCIM token across the clip
// point, the SSWS credential and the token base64-encoded gets none of them, nor a control
// character, into the error.
func TestSetTokenErrorScrubsBeforeClipping(t *testing.T) {
	scim, ssws := randomHex(t, 24), "00"+randomHex(t, 20)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodGet {
			_, _ = io.WriteString(w, `{"status":"ENABLED","profile":{"authScheme":"TOKEN"}}`)
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, errorJSON(strings.Repeat("x", 290)+scim+hostile,
			"credential "+r.Header.Get("Authorization"), "token "+base64.StdEncoding.EncodeToString([]byte(scim))+hostile))
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL, SSWS(ssws))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.SetToken(context.Background(), redirectAppID, scim)
	if err == nil {
		t.Fatal("no error")
	}
	checkNoPiece(t, "SetToken error (SCIM token)", err.Error(), scim)
	checkNoPiece(t, "SetToken error (SSWS token)", err.Error(), ssws)
}

// TestServiceAppErrorScrubsAccessToken: an org that quotes the access token it was sent back in its
// refusal gets it into no error.
func TestServiceAppErrorScrubsAccessToken(t *testing.T) {
	pemKey, _, kid := testKey(t)
	access := "eyJ" + randomHex(t, 30)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/oauth2/v1/token" {
			_, _ = io.WriteString(w, `{"access_token":"`+access+`","token_type":"Bearer","expires_in":3600}`)
			return
		}
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, errorJSON("not allowed for "+r.Header.Get("Authorization")+hostile))
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL, ServiceApp{ClientID: "0oaservice0app000001", KeyID: kid, PrivateKeyPEM: pemKey})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.FindApps(context.Background(), "")
	if err == nil {
		t.Fatal("no error")
	}
	checkNoPiece(t, "FindApps error", err.Error(), access)
}
