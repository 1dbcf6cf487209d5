package hubtest

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// issued is the fake's record of a token it minted; the token itself is not kept.
type issued struct {
	at       time.Time
	expires  time.Time
	revokeAt time.Time // zero while the token is live
}

// ErrBadCredentials is returned when a Client ID or Secret does not match the fake's.
var ErrBadCredentials = errors.New("hubtest: the Client ID or Client Secret is wrong")

// IssueToken does what the Hub page's Create Token button does with the right credentials: it mints
// a JWT valid 12 calendar months and starts the grace period of every earlier token. UI tests use it
// to put a genuinely issued token on the test clipboard.
func (s *Server) IssueToken() (string, error) {
	tok, _, err := s.issue(s.opts.ClientID, s.opts.ClientSecret)
	return tok, err
}

// issue checks the credentials and mints a token; it returns the token and its expiry.
func (s *Server) issue(clientID, clientSecret string) (string, time.Time, error) {
	if !s.credentialsOK(clientID, clientSecret) {
		return "", time.Time{}, ErrBadCredentials
	}
	now := s.now()
	exp := addMonths(now, 12)
	jti := randomID()
	var tok string
	s.mu.Lock()
	opaque := s.opts.Opaque
	s.mu.Unlock()
	if opaque {
		tok = opaquePrefix + randomID() + randomID()
		jti = opaqueKey(tok)
	} else {
		claims := jwt.MapClaims{
			"iss": s.URL(),
			"sub": clientID,
			"aud": "scim",
			"iat": now.Unix(),
			"exp": exp.Unix(),
			"jti": jti,
		}
		var err error
		if tok, err = jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(s.key); err != nil {
			return "", time.Time{}, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		if t.revokeAt.IsZero() {
			t.revokeAt = now.Add(s.opts.Grace)
		}
	}
	s.tokens[jti] = &issued{at: now, expires: exp}
	s.counts.TokensIssued++
	return tok, exp, nil
}

// SetOpaque switches what the fake issues from now on: opaque tokens (on) or JWTs (off), as
// Options.Opaque does from the start. Tokens issued before keep working either way.
func (s *Server) SetOpaque(on bool) {
	s.mu.Lock()
	s.opts.Opaque = on
	s.mu.Unlock()
}

func (s *Server) credentialsOK(id, secret string) bool {
	idOK := subtle.ConstantTimeCompare([]byte(id), []byte(s.opts.ClientID)) == 1
	secretOK := subtle.ConstantTimeCompare([]byte(secret), []byte(s.opts.ClientSecret)) == 1
	return idOK && secretOK
}

// check reports why a presented token is not accepted, or "" when it is.
func (s *Server) check(token string) string {
	if token == "" {
		return "No bearer token was presented."
	}
	jti := opaqueKey(token)
	if !strings.HasPrefix(token, opaquePrefix) {
		var err error
		jti, err = s.verify(token)
		switch {
		case errors.Is(err, jwt.ErrTokenExpired):
			return "The token has expired."
		case err != nil:
			return "The token is not valid."
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens[jti]
	switch {
	case !ok:
		return "The token is not valid."
	case !s.now().Before(t.expires):
		return "The token has expired."
	case !t.revokeAt.IsZero() && !s.now().Before(t.revokeAt):
		return "The token has been revoked."
	}
	return ""
}

// opaquePrefix starts every opaque token, as vendors' opaque tokens often carry a short type prefix.
const opaquePrefix = "qdh_"

// opaqueKey is the record key of an opaque token: its hash, so the fake keeps no token either.
func opaqueKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return "opaque:" + hex.EncodeToString(sum[:])
}

// verify checks the signature and expiry of token by the fake's clock and returns its jti.
func (s *Server) verify(token string) (string, error) {
	claims := jwt.MapClaims{}
	_, err := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithTimeFunc(s.now),
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(s.URL()),
	).ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return s.key, nil })
	if err != nil {
		return "", err
	}
	jti, _ := claims["jti"].(string)
	return jti, nil
}

// Revoke makes token stop working at once (as if an administrator revoked it in the Hub). Tokens the
// fake did not issue are ignored.
func (s *Server) Revoke(token string) {
	jti := opaqueKey(token)
	if !strings.HasPrefix(token, opaquePrefix) {
		claims := jwt.MapClaims{}
		if _, _, err := jwt.NewParser().ParseUnverified(token, claims); err != nil {
			return
		}
		jti, _ = claims["jti"].(string)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.tokens[jti]; ok {
		t.revokeAt = s.now()
	}
}

// RevokeAll makes every token issued so far stop working at once.
func (s *Server) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for _, t := range s.tokens {
		if t.revokeAt.IsZero() || t.revokeAt.After(now) {
			t.revokeAt = now
		}
	}
}

// Live counts the tokens that SCIM would accept right now.
func (s *Server) Live() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	n := 0
	for _, t := range s.tokens {
		if now.Before(t.expires) && (t.revokeAt.IsZero() || now.Before(t.revokeAt)) {
			n++
		}
	}
	return n
}

func randomID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// addMonths adds calendar months, clamping to the target month's last day (31 Jan + 1 = 28/29 Feb).
// The fake keeps its own copy rather than importing hub, so it cannot share a bug with the client.
func addMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, t.Location())
	last := time.Date(first.Year(), first.Month()+1, 0, 0, 0, 0, 0, t.Location()).Day()
	d = min(d, last)
	hh, mm, ss := t.Clock()
	return time.Date(first.Year(), first.Month(), d, hh, mm, ss, t.Nanosecond(), t.Location())
}
