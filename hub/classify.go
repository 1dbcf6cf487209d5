package hub

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// TokenKind is what a piece of clipboard text is, as far as capturing a token goes.
type TokenKind int

// The kinds Classify tells apart.
const (
	// NotAToken: the text cannot be a SCIM token (CheckCandidate refused it) or is a JWT that has
	// already expired. It is dropped: nothing is sent, stored or fingerprinted.
	NotAToken TokenKind = iota
	// OpaqueToken: the text could be a token but proves nothing about itself; it may just as well be
	// a password copied from a password manager. It is used only after the administrator confirms it
	// on a card that shows it masked, with its length ("Use this token" / "Ignore").
	OpaqueToken
	// JWTToken: a well-formed JWT (three base64url parts, a JSON header naming its alg, a JSON payload
	// with an exp still in the future): safe to take without asking.
	JWTToken
)

func (k TokenKind) String() string {
	switch k {
	case OpaqueToken:
		return "opaque"
	case JWTToken:
		return "jwt"
	}
	return "not a token"
}

// ErrExpiredJWT is the reason given for a JWT whose exp has passed.
const ErrExpiredJWT CaptureError = "This token has already expired, so Okta could not use it. In the Hub, click Create Token, then Copy the new token."

// Classification is Classify's verdict. Token and Length are set for OpaqueToken and JWTToken;
// Reason for NotAToken (a CaptureError, which never quotes the text); Expiry for JWTToken.
type Classification struct {
	Kind   TokenKind
	Token  string // the cleaned candidate: surrounding spaces and a leading "Bearer " removed
	Length int    // len(Token), for the masked confirmation card
	Reason error
	Expiry time.Time
}

// String describes the verdict without the token.
func (c Classification) String() string {
	return "hub.Classification{" + c.Kind.String() + ", " + strconv.Itoa(c.Length) + " chars}"
}

// GoString describes the verdict without the token.
func (c Classification) GoString() string { return c.String() }

// Classify decides what clipboard text is: NotAToken (dropped), OpaqueToken (needs the administrator's
// confirmation before anything is done with it) or JWTToken (taken as is). The profile's Client ID and
// Secret are never a token. now is the clock against which a JWT's exp must lie in the future.
// Nothing the text holds is sent, stored, logged or fingerprinted here.
func Classify(text, clientID, clientSecret string, now time.Time) Classification {
	tok, err := CheckCandidate(text, clientID, clientSecret)
	if err != nil {
		return Classification{Kind: NotAToken, Reason: err}
	}
	exp, isJWT := wellFormedJWT(tok)
	switch {
	case isJWT && !exp.After(now):
		return Classification{Kind: NotAToken, Reason: ErrExpiredJWT}
	case isJWT:
		return Classification{Kind: JWTToken, Token: tok, Length: len(tok), Expiry: exp}
	}
	return Classification{Kind: OpaqueToken, Token: tok, Length: len(tok)}
}

// wellFormedJWT reports whether tok is a compact JWS whose three parts are strict unpadded base64url,
// whose header is a JSON object with a non-empty alg other than "none", whose payload is a JSON object
// with a numeric, plausible exp (see ParseJWTClaims), and whose signature is not empty. It returns exp.
func wellFormedJWT(tok string) (time.Time, bool) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 || parts[2] == "" {
		return time.Time{}, false
	}
	var raw [3][]byte
	for i, p := range parts {
		b, err := base64.RawURLEncoding.Strict().DecodeString(p)
		if err != nil || len(b) == 0 {
			return time.Time{}, false
		}
		raw[i] = b
	}
	var header struct {
		Alg *string `json:"alg"`
	}
	if !jsonObject(raw[0], &header) || header.Alg == nil || *header.Alg == "" || strings.EqualFold(*header.Alg, "none") {
		return time.Time{}, false
	}
	var payload struct {
		Exp *json.Number `json:"exp"`
	}
	if !jsonObject(raw[1], &payload) || payload.Exp == nil {
		return time.Time{}, false
	}
	secs, err := payload.Exp.Float64()
	if err != nil || math.IsNaN(secs) || math.IsInf(secs, 0) {
		return time.Time{}, false
	}
	exp, ok := ParseJWTClaims(tok) // the same reading of exp as the expiry rule, plausibility included
	return exp, ok
}

// jsonObject decodes b into v when b is exactly one JSON object.
func jsonObject(b []byte, v any) bool {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return false
	}
	_, err := dec.Token()
	return errors.Is(err, io.EOF) // nothing after the object
}
