package hub

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode"
)

// hostile is what a hostile or broken server may put in its error text: terminal escapes (set the
// title, clear the screen), a C1 control, a bidi override and a NUL.
const hostile = "\x1b]0;pwned\x07\x1b[2J\u009b31m\u202eevil\x00"

// secretForms lists the forms in which a Client Secret travels to the token endpoint and could be
// echoed back: raw, form-encoded, and the HTTP Basic credential.
func secretForms(id, secret string) map[string]string {
	return map[string]string{
		"raw":          secret,
		"form-encoded": url.QueryEscape(secret),
		"basic":        base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(id) + ":" + url.QueryEscape(secret))),
		"basic, raw":   base64.StdEncoding.EncodeToString([]byte(id + ":" + secret)),
		"base64":       base64.StdEncoding.EncodeToString([]byte(secret)),
	}
}

// checkClean fails when text holds any of the forms or a control or format character.
func checkClean(t *testing.T, what, text string, forms map[string]string) {
	t.Helper()
	for name, f := range forms {
		if strings.Contains(text, f) {
			t.Errorf("%s holds the secret's %s form", what, name)
		}
	}
	for _, r := range text {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			t.Errorf("%s holds the control or format character %U", what, r)
		}
	}
}

// TestCreateErrorScrubsEveryFormOfTheSecret: a token endpoint that echoes the request it got (its
// Authorization header and form body) in error_description gets none of the secret's forms, and
// none of its control characters, into the message.
func TestCreateErrorScrubsEveryFormOfTheSecret(t *testing.T) {
	const id, secret = "client id/1", "s3cr+t/with=chars&more-ABCDEFGH"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		desc := "bad client " + r.Header.Get("Authorization") + " body " + string(body) + " " +
			base64.StdEncoding.EncodeToString([]byte(secret)) + hostile
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		b, _ := jsonString(desc)
		_, _ = io.WriteString(w, `{"error":"invalid_request","error_description":`+b+`}`)
	}))
	defer srv.Close()
	for _, inBody := range []bool{false, true} {
		c := NewClient()
		c.CredentialsInBody = inBody
		_, err := c.CreateToken(context.Background(), srv.URL, id, secret)
		if err == nil {
			t.Fatal("no error")
		}
		checkClean(t, "create error", err.Error(), secretForms(id, secret))
	}
}

// TestProbeScrubsEncodedToken: a SCIM server quoting the token base64-encoded, with escapes, gets
// neither into the message.
func TestProbeScrubsEncodedToken(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		w.Header().Set("Content-Type", "application/scim+json")
		w.WriteHeader(http.StatusUnauthorized)
		b, _ := jsonString("token " + base64.RawURLEncoding.EncodeToString([]byte(tok)) + " is unknown" + hostile)
		_, _ = io.WriteString(w, `{"detail":`+b+`}`)
	}))
	defer srv.Close()
	r := NewClient().Probe(context.Background(), srv.URL, opaque)
	checkClean(t, "probe message", r.Message, map[string]string{
		"raw": opaque, "base64url": base64.RawURLEncoding.EncodeToString([]byte(opaque)),
	})
}

func jsonString(s string) (string, error) {
	b, err := json.Marshal(s)
	return string(b), err
}
