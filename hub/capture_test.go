package hub

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
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
	const password = "Tr0ub4dor&3-correct-horse!"
	type step struct {
		reading string
		kind    TokenKind
		want    string // the token returned for JWTToken and OpaqueToken
		ignore  bool   // the administrator ignores the candidate offered at this step
	}
	cases := []struct {
		name     string
		initial  string
		steps    []step
		rejected error // Rejected() after the last step
	}{
		{"a new JWT after noise", "hello", []step{
			{"hello", NotAToken, "", false},
			{"", NotAToken, "", false},
			{testID, NotAToken, "", false},
			{testSecret, NotAToken, "", false},
			{jwtLike, JWTToken, jwtLike, false},
		}, nil},
		{"the old token on the clipboard is not taken", opaque, []step{
			{opaque, NotAToken, "", false},
			{" " + opaque + "\n", NotAToken, "", false},
			{"Bearer " + opaque, NotAToken, "", false},
		}, nil},
		{"the old token replaced by a JWT", opaque, []step{{opaque, NotAToken, "", false}, {jwtLike, JWTToken, jwtLike, false}}, nil},
		{"a JWT ends the wait", "", []step{
			{jwtLike, JWTToken, jwtLike, false},
			{opaque, JWTToken, jwtLike, false},
			{"anything", JWTToken, jwtLike, false},
		}, nil},
		{"an opaque token is only offered", testSecret, []step{
			{testSecret, NotAToken, "", false},
			{"Bearer " + opaque, OpaqueToken, opaque, false},
			{opaque, OpaqueToken, opaque, false},
			{jwtLike, JWTToken, jwtLike, false},
		}, nil},
		{"a password is offered, ignored, and not offered again", "", []step{
			{password, OpaqueToken, password, true},
			{password, NotAToken, "", false},
			{" " + password, NotAToken, "", false},
			{opaque, OpaqueToken, opaque, false},
		}, nil},
		{"an expired JWT is no token", "", []step{{jwtOf(`{"alg":"HS256"}`, `{"exp":1700000000}`), NotAToken, "", false}}, ErrExpiredJWT},
		{"a rejection is remembered", "", []step{{"short", NotAToken, "", false}, {"", NotAToken, "", false}}, ErrTooShort},
		{"nothing changes", "x", []step{{"x", NotAToken, "", false}, {"x", NotAToken, "", false}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := NewWatcher(c.initial, testID, testSecret, func() time.Time { return classifyNow })
			for i, s := range c.steps {
				got := w.Observe(s.reading)
				if got.Kind != s.kind || got.Token != s.want || (s.want != "" && got.Length != len(s.want)) {
					t.Fatalf("step %d: %v, want %v of %s", i, got, s.kind, fp(s.want))
				}
				if s.ignore {
					w.Ignore(got.Token)
				}
			}
			if err := w.Rejected(); !errors.Is(err, c.rejected) || (c.rejected == nil && err != nil) {
				t.Fatalf("Rejected() = %v, want %v", err, c.rejected)
			}
		})
	}
}

// TestWatcherForgetsOldIgnoredCandidates: it keeps a bounded number of ignored candidates.
func TestWatcherForgetsOldIgnoredCandidates(t *testing.T) {
	w := NewWatcher("", testID, testSecret, nil)
	cand := func(i int) string { return opaque + strings.Repeat("x", i) }
	for i := range maxIgnored + 1 {
		if got := w.Observe(cand(i)); got.Kind != OpaqueToken {
			t.Fatalf("candidate %d: %v", i, got)
		}
		w.Ignore(cand(i))
	}
	if got := w.Observe(cand(0)); got.Kind != OpaqueToken {
		t.Fatalf("the oldest ignored candidate is still ignored after %d more: %v", maxIgnored, got)
	}
	if got := w.Observe(cand(maxIgnored)); got.Kind != NotAToken {
		t.Fatalf("the latest ignored candidate is offered again: %v", got)
	}
}

func TestWatcherHidesSecrets(t *testing.T) {
	w := NewWatcher(opaque, testID, testSecret, nil)
	w.Ignore(jwtLike)
	for _, s := range []string{w.String(), w.GoString(), fmt.Sprintf("%v %+v %#v", w, w, w)} {
		if strings.Contains(s, testSecret) || strings.Contains(s, opaque) || strings.Contains(s, jwtLike) {
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
