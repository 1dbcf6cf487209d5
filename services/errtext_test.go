package services

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"unicode"
)

func TestErrorText(t *testing.T) {
	const secret = "s3cr3t+Client/Secret=value"
	basic := base64.StdEncoding.EncodeToString([]byte("client-id:" + secret))
	cases := []struct {
		name    string
		err     error
		secrets []string
		want    string   // "" means: check only absent and present
		absent  []string // must not appear
		present []string // must appear
	}{
		{name: "nil", err: nil, want: ""},
		{name: "a sentence without the package prefix", err: errors.New("renewal: hub: the Hub is down"), want: "The Hub is down."},
		{
			name: "a known secret in every form", err: fmt.Errorf("hub: sent %s, %s, Basic %s", secret, url.QueryEscape(secret), basic),
			secrets: []string{secret}, absent: []string{secret, url.QueryEscape(secret), basic}, present: []string{"[redacted]"},
		},
		{
			name: "credential-looking text without knowing it", err: errors.New("answer: Authorization: Bearer qd_b3arer_7f3a91c2e4b84d0f9a6e1b2c"),
			absent: []string{"qd_b3arer_7f3a91c2e4b84d0f9a6e1b2c"},
		},
		{
			name: "escape sequences and controls", err: errors.New("okta: \x1b]0;pwned\x07\x1b[2Jred\x1b[0m\u202e text\r\nnext"),
			want: "Red text next.",
		},
		{
			name: "a long text is clipped after the scrub", err: errors.New(strings.Repeat("x", 900) + secret), secrets: []string{secret},
			absent: []string{"s3cr3t"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ErrorText(c.err, c.secrets...)
			if c.want != "" || c.err == nil {
				if got != c.want {
					t.Fatalf("ErrorText = %q, want %q", got, c.want)
				}
			}
			for _, a := range c.absent {
				if strings.Contains(got, a) {
					t.Errorf("ErrorText keeps %q: %q", a, got)
				}
			}
			for _, p := range c.present {
				if !strings.Contains(got, p) {
					t.Errorf("ErrorText lacks %q: %q", p, got)
				}
			}
			if got != MessageText(errText(c.err), c.secrets...) {
				t.Error("ErrorText and MessageText differ")
			}
		})
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// FuzzErrorText: whatever a server says around a secret of the profile, the secret does not survive in
// any of its usual encodings, no control character survives, and the text ends as a sentence.
func FuzzErrorText(f *testing.F) {
	f.Add("hub: the Hub said ", "s3cr3t-Client-Secret-value", " \x1b[2J and more")
	f.Add("", "0123456789abcdefghij", "")
	f.Add("Basic ", "a:b:c-d-e-f-g-h-i-j", "\u202e")
	f.Fuzz(func(t *testing.T, before, secret, after string) {
		if len(secret) < 16 || strings.TrimSpace(secret) != secret || strings.IndexFunc(secret, func(r rune) bool {
			return !unicode.IsPrint(r) || unicode.IsSpace(r) || r == unicode.ReplacementChar
		}) >= 0 {
			return // too short to be a credential, or not one a keychain would hold as is
		}
		got := MessageText(before+secret+"|"+url.QueryEscape(secret)+"|"+base64.StdEncoding.EncodeToString([]byte(secret))+after, secret)
		for _, form := range []string{secret, url.QueryEscape(secret), base64.StdEncoding.EncodeToString([]byte(secret))} {
			if strings.Contains(got, form) {
				t.Fatalf("%q survives in %q", form, got)
			}
		}
		if i := strings.IndexFunc(got, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }); i >= 0 {
			t.Fatalf("a control character survives in %q", got)
		}
		if got != "" && !strings.HasSuffix(got, ".") && !strings.HasSuffix(got, "?") && !strings.HasSuffix(got, "!") {
			t.Fatalf("not a sentence: %q", got)
		}
	})
}
