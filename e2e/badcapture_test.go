package e2e

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"scimrenew/hub"
	"scimrenew/reminders"
	"scimrenew/renewal"
	"scimrenew/secrets"
	"scimrenew/store"
)

// captureCase is one text offered as the new token, by paste or by the clipboard watcher.
type captureCase struct {
	name string
	text func(w *world) string
	// want is the error Session.Capture must give (nil: accepted); candidate is what hub.CheckCandidate
	// (and so the clipboard watcher) must give, when it differs from want.
	want      error
	candidate error
	// watched is why the clipboard watcher drops the text, when that differs from candidate (it also
	// refuses an expired JWT, which only the engine's clock catches in a paste).
	watched error
	clean   func(text string) string // the token saved, for accepted texts (default: the text)
}

func fixed(s string) func(*world) string { return func(*world) string { return s } }

// opaque is a plausible opaque token, different on every call.
func opaque() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return "qd_" + hex.EncodeToString(b)
}

// jwtExpiring is a signed JWT with the given exp (the fake Hub's are JWTs too).
func jwtExpiring(exp time.Time) string {
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"exp": exp.Unix(), "jti": opaque(),
		"sub": "scim",
	}).SignedString([]byte("e2e-signing-key-e2e-signing-key!"))
	if err != nil {
		panic(err)
	}
	return s
}

var captureCases = []captureCase{
	{name: "empty", text: fixed(""), want: hub.ErrEmpty},
	{name: "blanks", text: fixed(" \t  "), want: hub.ErrEmpty},
	{name: "blank lines", text: fixed("\n\r\n"), want: hub.ErrEmpty},
	{name: "the word Bearer alone", text: fixed("Bearer "), want: hub.ErrTooShort},
	{name: "token equal to the client secret", text: func(w *world) string { return w.hub.ClientSecret() }, want: hub.ErrIsClientSecret},
	{name: "client secret with blanks", text: func(w *world) string { return " " + w.hub.ClientSecret() + "\r\n" }, want: hub.ErrIsClientSecret},
	{name: "client secret as a Bearer header", text: func(w *world) string { return "Bearer " + w.hub.ClientSecret() }, want: hub.ErrIsClientSecret},
	{name: "the client id", text: func(w *world) string { return w.hub.ClientID() }, want: hub.ErrIsClientID},
	{name: "the Hub page address", text: fixed("https://acme.qorusdocs.com/settings/hub-management/scim-token"), want: hub.ErrLooksLikeURL},
	{name: "two lines", text: func(*world) string { return opaque() + "\n" + opaque() }, want: hub.ErrMultiLine},
	{name: "CRLF inside", text: func(*world) string { return opaque() + "\r\nx" }, want: hub.ErrMultiLine},
	{name: "Unicode line separator", text: func(*world) string { return opaque() + "\u2028" + opaque() }, want: hub.ErrMultiLine},
	{name: "inner space", text: func(*world) string { return opaque() + " " + opaque() }, want: hub.ErrInnerSpace},
	{name: "inner tab", text: func(*world) string { return opaque() + "\t" + opaque() }, want: hub.ErrInnerSpace},
	{name: "escape character", text: func(*world) string { return opaque() + "\x1b[0m" }, want: hub.ErrBadCharacters},
	{name: "NUL byte", text: func(*world) string { return opaque() + "\x00" }, want: hub.ErrBadCharacters},
	{name: "non-ASCII letter", text: func(*world) string { return opaque() + "é" }, want: hub.ErrBadCharacters},
	{name: "zero-width space", text: func(*world) string { return opaque() + "\u200b" }, want: hub.ErrBadCharacters},
	{name: "19 characters", text: fixed(strings.Repeat("x", hub.MinTokenLength-1)), want: hub.ErrTooShort},
	{name: "1 MiB single-line paste", text: fixed(strings.Repeat("A", 1<<20)), want: hub.ErrTooLong},
	{name: "1 MiB document paste", text: fixed(strings.Repeat("lorem ipsum dolor\n", 1<<20/18)), want: hub.ErrMultiLine},
	{name: "16 KiB plus one", text: fixed(strings.Repeat("B", hub.MaxTokenLength+1)), want: hub.ErrTooLong},
	{name: "exactly 16 KiB", text: func(*world) string { return opaque() + strings.Repeat("C", hub.MaxTokenLength-51) }},
	{name: "the current token", text: func(w *world) string { return w.current }, want: renewal.ErrKnownToken},
	{name: "token with blanks around", text: func(*world) string { return "  " + opaque() + " \n" }, clean: strings.TrimSpace},
	{
		name: "lower-case bearer prefix", text: func(*world) string { return "bearer  " + opaque() },
		clean: func(s string) string { return strings.TrimLeft(s[len("bearer"):], " ") },
	},
	{name: "JWT expiring in 100 years", text: func(*world) string { return jwtExpiring(time.Now().AddDate(100, 0, 0)) }},
	{
		name: "JWT expired yesterday", text: func(*world) string { return jwtExpiring(time.Now().AddDate(0, 0, -1)) },
		want: renewal.ErrExpiredToken, candidate: nil, watched: hub.ErrExpiredJWT,
	},
	{name: "JWT with an absurd exp (year 2300)", text: func(*world) string {
		return jwtExpiring(time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC))
	}},
	{name: "three dotted parts that are not a JWT", text: func(*world) string { return opaque() + "." + opaque() + "." + opaque() }},
}

// TestBadTokenCapture offers each text to hub.CheckCandidate, the clipboard watcher and the engine's
// Capture: a refused text gets its reason, is never quoted back, and leaves the renewal, the token
// history and the keychain exactly as they were; an accepted one is saved as the pending token, cleaned.
func TestBadTokenCapture(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	e := w.engine("e2e capture")
	s, err := e.Begin(ctx, w.p.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { s.Close() }()
	refused := 0
	for _, c := range captureCases {
		text := c.text(w)
		t.Run(c.name, func(t *testing.T) {
			cand := c.want
			if errors.Is(c.want, renewal.ErrKnownToken) || errors.Is(c.want, renewal.ErrExpiredToken) {
				cand = c.candidate // only the engine knows the history and the clock
			}
			watched := cand
			if c.watched != nil {
				watched = c.watched
			}
			checkCandidate(t, w, text, cand, watched)
			before, _ := w.st.Tokens(ctx, w.p.ID)
			err := s.Capture(ctx, text)
			if quoted(err, text) {
				t.Errorf("the error quotes the text")
			}
			if c.want != nil {
				checkRefusedCapture(ctx, t, w, s, err, c.want, before)
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", clip(err.Error()))
			}
			want := text
			if c.clean != nil {
				want = c.clean(text)
			}
			if w.slot(secrets.KindTokenPending) != want {
				t.Errorf("the pending token is not the cleaned text")
			}
			checkAcceptedExpiry(ctx, t, w, s, want)
			if err := s.Cancel(ctx); err != nil {
				t.Fatal(err)
			}
			s.Close()
			if s, err = e.Begin(ctx, w.p.ID); err != nil {
				t.Fatal(err)
			}
		})
		if c.want != nil {
			refused++
		}
	}
	t.Logf("capture inputs: %d (%d refused, %d accepted)", len(captureCases), refused, len(captureCases)-refused)
}

// checkCandidate: CheckCandidate (a paste) gives want, and the clipboard watcher offers the text (as a
// JWT to take or a candidate to confirm) exactly when watched is nil, else hints at watched.
func checkCandidate(t *testing.T, w *world, text string, want, watched error) {
	t.Helper()
	_, err := hub.CheckCandidate(text, w.hub.ClientID(), w.hub.ClientSecret())
	if !errors.Is(err, want) && !(want == nil && err == nil) {
		t.Errorf("CheckCandidate: %v, want %v", err, want)
	}
	wt := hub.NewWatcher("", w.hub.ClientID(), w.hub.ClientSecret(), nil)
	got := wt.Observe(text).Kind != hub.NotAToken
	switch {
	case got != (watched == nil):
		t.Errorf("the clipboard watcher offered=%v, want %v", got, watched == nil)
	case watched != nil && strings.TrimSpace(text) != "" && !errors.Is(wt.Rejected(), watched):
		t.Errorf("the watcher's hint: %v, want %v", wt.Rejected(), watched)
	}
}

// checkRefusedCapture: the reason is given, nothing is stored, the keychain holds no pending token.
func checkRefusedCapture(ctx context.Context, t *testing.T, w *world, s *renewal.Session, err, want error, before []store.Token) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("Capture: %v, want %v", err, want)
	}
	after, _ := w.st.Tokens(ctx, w.p.ID)
	r, _ := w.st.OpenRenewal(ctx, w.p.ID)
	switch {
	case len(after) != len(before):
		t.Errorf("the token history changed")
	case r.State != store.StateStarted || r.TokenID != 0:
		t.Errorf("the renewal moved to %q", r.State)
	case r.LastError != "" || s.LastError() != "":
		t.Errorf("a refused text was stored as the renewal's error")
	case w.slot(secrets.KindTokenPending) != "":
		t.Errorf("a refused text reached the keychain")
	case w.slot(secrets.KindTokenCurrent) != w.current:
		t.Errorf("the current token changed")
	}
}

// checkAcceptedExpiry: the expiry recorded follows the rule, and the first reminder still comes 11
// months after creation however far away a JWT claims its expiry is.
func checkAcceptedExpiry(ctx context.Context, t *testing.T, w *world, s *renewal.Session, tok string) {
	t.Helper()
	row, err := w.st.Token(ctx, s.Renewal().TokenID)
	if err != nil || row.Fingerprint != store.Fingerprint(tok) || row.Status != store.TokenPending {
		t.Fatalf("the accepted token's row: %+v %v", row.Status, err)
	}
	exp := hub.DetermineExpiry(tok, 0, row.CreatedAt)
	if string(exp.Source) != row.ExpirySource || !exp.At.Equal(row.ExpiresAt) {
		t.Errorf("expiry recorded %s (%s), want %s (%s)", row.ExpiresAt, row.ExpirySource, exp.At, exp.Source)
	}
	if expired, _ := hub.ExpiryWarning(exp, time.Now()); expired {
		t.Errorf("an expired token was accepted")
	}
	rs := reminders.Schedule(w.p, row, time.UTC)
	if len(rs) == 0 || rs[0].DueAt.After(hub.AddMonths(row.CreatedAt, 11).Add(24*time.Hour)) {
		t.Errorf("no reminder within 11 months of creation (expiry %s)", row.ExpiresAt.Format(time.DateOnly))
	}
}

func quoted(err error, text string) bool {
	if err == nil || len(strings.TrimSpace(text)) < 8 {
		return false
	}
	return strings.Contains(err.Error(), strings.TrimSpace(text))
}

// TestExpiryOfOddJWTs pins the expiry rule for the two borderline JWTs of the matrix, and the warning the
// faces show.
func TestExpiryOfOddJWTs(t *testing.T) {
	now := time.Now()
	past := hub.DetermineExpiry(jwtExpiring(now.AddDate(0, 0, -1)), 0, now)
	if past.Source != hub.FromJWT {
		t.Errorf("an expired JWT's expiry source is %q", past.Source)
	}
	if expired, soon := hub.ExpiryWarning(past, now); !expired || soon {
		t.Errorf("expired JWT: expired=%v soon=%v", expired, soon)
	}
	far := hub.DetermineExpiry(jwtExpiring(now.AddDate(100, 0, 0)), 0, now)
	if far.Source != hub.FromJWT || far.At.Year() != now.Year()+100 {
		t.Errorf("a 100-year JWT: %s (%s)", far.At, far.Source)
	}
	if expired, soon := hub.ExpiryWarning(far, now); expired || soon {
		t.Errorf("a 100-year JWT: expired=%v soon=%v", expired, soon)
	}
	absurd := hub.DetermineExpiry(jwtExpiring(time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)), 0, now)
	if absurd.Source != hub.Assumed12M {
		t.Errorf("a JWT claiming the year 2300 is trusted: %s", absurd.Source)
	}
}
