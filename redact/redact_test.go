package redact

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// leakForms lists, independently of the code under test, the forms in which a secret is readable:
// raw, base64 in both alphabets with and without padding, URL-query and path encoded, JSON-escaped,
// and inside an HTTP Basic credential with the given id (raw and as golang.org/x/oauth2 encodes it).
func leakForms(id, secret string) map[string]string {
	js, _ := json.Marshal(secret)
	m := map[string]string{
		"raw": secret, "query": url.QueryEscape(secret), "path": url.PathEscape(secret),
		"json":          string(js[1 : len(js)-1]), // inside its quotes (a secret may end in an escaped quote)
		"basic":         base64.StdEncoding.EncodeToString([]byte(id + ":" + secret)),
		"basic, oauth2": base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(id) + ":" + url.QueryEscape(secret))),
		"basic, url":    base64.RawURLEncoding.EncodeToString([]byte(id + ":" + secret)),
	}
	for name, enc := range map[string]*base64.Encoding{
		"std": base64.StdEncoding, "rawstd": base64.RawStdEncoding,
		"url": base64.URLEncoding, "rawurl": base64.RawURLEncoding,
	} {
		m["base64 "+name] = enc.EncodeToString([]byte(secret))
		m["base64 "+name+" of query"] = enc.EncodeToString([]byte(url.QueryEscape(secret)))
	}
	return m
}

func TestKnownBlanksEveryForm(t *testing.T) {
	secrets := []string{
		"s3cr+t/with=chars&more-ABCDEFGH", // changes when query-encoded
		"0123456789abcdef0123456789abcdef",
		"00AbCdEfGhIjKlMnOpQrStUvWxYz_-42",
		`quote"back\slash<tag>`,
		"ünïcödé-sécret-välue",
	}
	for _, secret := range secrets {
		for _, id := range []string{"", "a", "ab", "abc", "0oa1b2c3d4E5F6g7h8i9", "client id/1"} {
			for name, form := range leakForms(id, secret) {
				text := "before " + form + " after"
				got := Known(text, secret)
				if strings.Contains(got, form) {
					t.Errorf("secret %d bytes, id %q: the %s form survived: %q", len(secret), id, name, got)
				}
				if !strings.HasPrefix(got, "before ") || !strings.HasSuffix(got, " after") || !strings.Contains(got, Placeholder) {
					t.Errorf("the %s form: the text around it was not kept: %q", name, got)
				}
			}
		}
	}
}

func TestKnownLeavesOtherTextAlone(t *testing.T) {
	text := "The Hub rejected the Client ID or Secret (HTTP 401 invalid_client)."
	if got := Known(text, "abc", "", "not-in-the-text-0123"); got != text {
		t.Fatalf("Known changed text without a secret in it: %q", got)
	}
	if got := Known("a 12345 b", "12345"); got != "a 12345 b" {
		t.Fatalf("a value shorter than MinSecretLen was blanked: %q", got)
	}
	if got := Known("xx secretsecret secretsecret yy", "secretsecret"); got != "xx "+Placeholder+" "+Placeholder+" yy" {
		t.Fatalf("two occurrences: %q", got)
	}
	if got := Known("xx secretsecretsecret yy", "secretsecret"); got != "xx "+Placeholder+" yy" {
		t.Fatalf("overlapping occurrences are not one placeholder: %q", got)
	}
}

func TestStripControl(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"title\x1b]0;pwned\x07 after", "title after"},
		{"osc\x1b]8;;https://evil\x1b\\link\x1b]8;;\x1b\\ end", "osclink end"},
		{"red \x1b[31mtext\x1b[0m and \x1b[2J cleared", "red text and cleared"},
		{"c1 \u009b31mcsi \u009d0;t\u009c end", "c1 csi end"},
		{"bidi \u202eevil\u202c \u2066iso\u2069", "bidi evil iso"},
		{"zero\u200bwidth\ufeff", "zerowidth"},
		{"nul\x00del\x7f bell\a", "nuldel bell"},
		{"lines\r\nand\ttabs\u2028sep\u0085nel", "lines and tabs sep nel"},
		{"  leading and trailing  ", "leading and trailing"},
		{"bad \xff\xfe utf8", "bad utf8"},
		{"unterminated \x1b[", "unterminated"},
		{"unterminated osc \x1b]0;rest of the text", "unterminated osc"},
		{"charset \x1b(Bok", "charset ok"},
		{"ünïcödé ✓ 漢字", "ünïcödé ✓ 漢字"},
	}
	for _, c := range cases {
		if got := StripControl(c.in); got != c.want {
			t.Errorf("StripControl(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestClip(t *testing.T) {
	cases := []struct {
		in    string
		limit int
		want  string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"0123456789abc", 10, "012345678…"},
		{"ééééééééééé", 5, "éééé…"},
		{"word " + Placeholder + " tail", 9, "word…"},
		{"abc", -1, "abc"},
	}
	for _, c := range cases {
		got := Clip(c.in, c.limit)
		if got != c.want || !utf8.ValidString(got) {
			t.Errorf("Clip(%q, %d) = %q, want %q", c.in, c.limit, got, c.want)
		}
	}
}

// TestPipelineScrubsBeforeClipping: a secret that straddles the clip point leaves no piece of itself.
func TestPipelineScrubsBeforeClipping(t *testing.T) {
	secret := "0123456789abcdefghijklmnopqrstuv"
	for pad := 80; pad <= 100; pad++ {
		text := strings.Repeat("x", pad) + secret + " and more"
		got := Pipeline{Secrets: []string{secret}, Limit: 100}.Text(text)
		for i := 0; i+4 <= len(secret); i++ {
			if strings.Contains(got, secret[i:i+4]) {
				t.Fatalf("pad %d: a piece of the secret survived the clip: %q", pad, got)
			}
		}
	}
}

// TestPipelineRejoinedSecret: a server that splits an echoed secret with control characters or
// escape sequences does not get it through once they are stripped.
func TestPipelineRejoinedSecret(t *testing.T) {
	secret := "0123456789abcdefghijklmnopqrstuv"
	for _, sep := range []string{"\x00", "\x1b[0m", "\u202e", "\u200b"} {
		text := "token " + secret[:10] + sep + secret[10:] + " refused"
		got := Pipeline{Secrets: []string{secret}}.Text(text)
		if strings.Contains(got, secret) || !strings.Contains(got, Placeholder) {
			t.Errorf("separator %q: %q", sep, got)
		}
	}
}

func TestPipelineSteps(t *testing.T) {
	p := Pipeline{Secrets: []string{"client-secret-xyz"}, Limit: 200, Sentence: func(s string) string { return "<" + s + ">" }}
	got := p.Text("hub: refused client-secret-xyz\x1b[2J with Bearer abcdefghij and token=abcdef123 \n")
	want := "<hub: refused " + Placeholder + " with Bearer " + Placeholder + " and token=" + Placeholder + ">"
	if got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
	if p.Error(nil) != "" {
		t.Fatal("a nil error has text")
	}
	if got := (Pipeline{}).Text(strings.Repeat("a", 1000)); utf8.RuneCountInString(got) != DefaultLimit {
		t.Fatalf("the zero Pipeline clipped to %d characters, want %d", utf8.RuneCountInString(got), DefaultLimit)
	}
}

// checkNoControl fails when s holds a character StripControl must remove.
func checkNoControl(t *testing.T, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("invalid UTF-8 in %q", s)
	}
	for _, r := range s {
		if r != ' ' && (!unicode.IsPrint(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\x1b') {
			t.Fatalf("%U survived in %q", r, s)
		}
	}
}
