package hub

import (
	"errors"
	"strings"
	"testing"
	"unicode"
)

const (
	testID     = "qd-client-4711"
	testSecret = "s3cr3t-Client-Secret-value"
	jwtLike    = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE4OTM0NTYwMDB9.c2lnbmF0dXJlLXNpZ25hdHVyZQ"
	opaque     = "qd_tok_9f8e7d6c5b4a39281706"
)

func TestCheckCandidate(t *testing.T) {
	cases := []struct {
		name, in string
		want     string
		err      error
	}{
		{"jwt", jwtLike, jwtLike, nil},
		{"opaque", opaque, opaque, nil},
		{"surrounding whitespace", "  \t" + opaque + "\r\n", opaque, nil},
		{"bearer prefix", "Bearer " + jwtLike, jwtLike, nil},
		{"bearer prefix any case, extra spaces", "  bEaReR   " + opaque + " ", opaque, nil},
		{"bearer with tab", "Bearer\t" + opaque, opaque, nil},
		{"word starting with bearer is kept", "bearer" + opaque, "bearer" + opaque, nil},
		{"exactly 20", strings.Repeat("a", 20), strings.Repeat("a", 20), nil},
		{"base64 padding and symbols", "abc-DEF_ghi.jkl~mno+pq/rs==", "abc-DEF_ghi.jkl~mno+pq/rs==", nil},
		{"empty", "", "", ErrEmpty},
		{"only spaces", " \n\t ", "", ErrEmpty},
		{"only bearer", "Bearer ", "", ErrTooShort},
		{"multi-line", opaque + "\n" + opaque, "", ErrMultiLine},
		{"CR inside", opaque + "\r" + opaque, "", ErrMultiLine},
		{"bearer then newline", "Bearer\n" + opaque, "", ErrMultiLine},
		{"inner space", opaque + " " + opaque, "", ErrInnerSpace},
		{"inner tab", opaque + "\t" + opaque, "", ErrInnerSpace},
		{"inner no-break space", opaque + "\u00a0" + opaque, "", ErrInnerSpace},
		{"sentence", "Your new token is ready", "", ErrInnerSpace},
		{"client id", testID, "", ErrIsClientID},
		{"client id padded", "  " + testID + "\n", "", ErrIsClientID},
		{"client secret", testSecret, "", ErrIsClientSecret},
		{"bearer client secret", "Bearer " + testSecret, "", ErrIsClientSecret},
		{"url", "https://acme.qorusdocs.com/settings", "", ErrLooksLikeURL},
		{"non-ascii", "tökenvalue-abcdefghijklmnop", "", ErrBadCharacters},
		{"control char", "abcdefghij\x00klmnopqrstu", "", ErrBadCharacters},
		{"19 chars", strings.Repeat("a", 19), "", ErrTooShort},
		{"too long", strings.Repeat("a", MaxTokenLength+1), "", ErrTooLong},
		{"max length", strings.Repeat("a", MaxTokenLength), strings.Repeat("a", MaxTokenLength), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := CheckCandidate(c.in, testID, testSecret)
			if !errors.Is(err, c.err) || (c.err == nil && err != nil) {
				t.Fatalf("err = %v, want %v", err, c.err)
			}
			if got != c.want {
				t.Fatalf("token = %s, want %s", fp(got), fp(c.want))
			}
			if err != nil {
				checkUserText(t, "capture error", err.Error(), testSecret)
			}
		})
	}
}

func TestCheckCandidateWithoutProfileCredentials(t *testing.T) {
	// A profile without a Client ID or Secret yet must not make every text "the Client ID".
	if _, err := CheckCandidate(opaque, "", "  "); err != nil {
		t.Fatalf("err = %v", err)
	}
}

func TestWatcher(t *testing.T) {
	cases := []struct {
		name     string
		initial  string
		readings []string
		want     string // "" = nothing captured
		capture  int    // index of the reading that captures
		rejected error  // Rejected() after the last reading when nothing is captured
	}{
		{"new token after noise", "hello", []string{"hello", "", testID, testSecret, jwtLike}, jwtLike, 4, nil},
		{"old token on clipboard is not captured", opaque, []string{opaque, " " + opaque + "\n", "Bearer " + opaque}, "", -1, nil},
		{"old token replaced", opaque, []string{opaque, jwtLike}, jwtLike, 1, nil},
		{"first plausible wins", "", []string{jwtLike, opaque}, jwtLike, 0, nil},
		{"initial is the secret the app copied", testSecret, []string{testSecret, testID, "Bearer " + opaque}, opaque, 2, nil},
		{"rejection is remembered", "", []string{"short", ""}, "", -1, ErrTooShort},
		{"nothing changes", "x", []string{"x", "x"}, "", -1, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := NewWatcher(c.initial, testID, testSecret)
			captured := -1
			for i, r := range c.readings {
				tok, ok := w.Observe(r)
				if ok && captured < 0 {
					captured = i
				}
				if ok && tok != c.want {
					t.Fatalf("reading %d captured %s, want %s", i, fp(tok), fp(c.want))
				}
			}
			if captured != c.capture {
				t.Fatalf("captured at reading %d, want %d", captured, c.capture)
			}
			if c.want != "" {
				// Sticky: once captured, later readings do not change the answer.
				if tok, ok := w.Observe("something-else-entirely-123"); !ok || tok != c.want {
					t.Fatal("capture is not sticky")
				}
			}
			if err := w.Rejected(); !errors.Is(err, c.rejected) || (c.rejected == nil && err != nil) {
				t.Fatalf("Rejected() = %v, want %v", err, c.rejected)
			}
		})
	}
}

func TestWatcherHidesSecrets(t *testing.T) {
	w := NewWatcher(opaque, testID, testSecret)
	for _, s := range []string{w.String(), w.GoString()} {
		if strings.Contains(s, testSecret) || strings.Contains(s, opaque) {
			t.Fatal("watcher formatting leaks a secret")
		}
	}
}

func TestPageURL(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"https://acme.qorusdocs.com", "https://acme.qorusdocs.com", true},
		{"https://acme.qorusdocs.com/hub/", "https://acme.qorusdocs.com/hub/", true},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080", true},
		{"http://acme.qorusdocs.com", "", false},
		{"acme.qorusdocs.com", "", false},
		{"", "", false},
	}
	for _, c := range cases {
		got, err := PageURL(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("PageURL(%q) = %q, %v", c.in, got, err)
		}
		if err != nil {
			if !errors.Is(err, ErrBadURL) {
				t.Errorf("PageURL(%q) error is not ErrBadURL", c.in)
			}
			checkUserText(t, "PageURL error", err.Error())
		}
	}
}

func FuzzCheckCandidate(f *testing.F) {
	for _, s := range []string{jwtLike, opaque, "Bearer " + opaque, " x ", "bearer\u0085" + opaque, testID, "a\nb", "https://x.y/abcdefghijklmnopqrstuvwxyz"} {
		f.Add(s, testID, testSecret)
	}
	f.Fuzz(func(t *testing.T, text, id, secret string) {
		tok, err := CheckCandidate(text, id, secret)
		if err != nil {
			var ce CaptureError
			if !errors.As(err, &ce) || tok != "" {
				t.Fatalf("refusal is not a bare CaptureError")
			}
			return
		}
		switch {
		case len(tok) < MinTokenLength || len(tok) > MaxTokenLength:
			t.Fatalf("accepted a token of length %d", len(tok))
		case strings.IndexFunc(tok, unicode.IsSpace) >= 0 || !headerSafe(tok):
			t.Fatalf("accepted a token with spaces or unsafe characters (%s)", fp(tok))
		case tok == strings.TrimSpace(id) || tok == strings.TrimSpace(secret):
			t.Fatalf("accepted the Client ID or Secret")
		case !strings.Contains(text, tok):
			t.Fatalf("the token is not part of the input")
		}
		again, err := CheckCandidate(tok, id, secret)
		if err != nil || again != tok {
			t.Fatalf("not idempotent: %v", err)
		}
	})
}
