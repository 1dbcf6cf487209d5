package redact

import (
	"regexp"
	"strings"
)

// secretWords mark a key (attribute key, struct field, query parameter, header) as naming a secret.
var secretWords = []string{
	"token", "secret", "password", "passwd", "credential", "private_key", "privatekey",
	"authorization", "api_key", "apikey", "bearer", "cookie",
}

// safeSuffixes mark keys that describe a secret without holding it, so they stay readable:
// token_fingerprint, token_endpoint, token_url, token_expires, secret_status, ...
var safeSuffixes = []string{
	"_fingerprint", "_fp", "_endpoint", "_url", "_id", "_expiry", "_expires", "_expires_at",
	"_status", "_state", "_kind", "_count", "_len",
}

// SecretKey reports whether a key (a log attribute, struct field, query parameter or header name)
// names a secret: token, secret, password, credential, private_key, authorization, ... unless it only
// describes one (token_fingerprint, token_endpoint, secret_status, ...). Keys are compared in snake
// case, so ClientSecret, client-secret and client_secret are the same key.
func SecretKey(key string) bool {
	k := snake(key)
	for _, s := range safeSuffixes {
		if strings.HasSuffix(k, s) {
			return false
		}
	}
	for _, w := range secretWords {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// snake lower-cases key, starts a new word at each upper-case letter that follows a lower-case one or a
// digit (so TokenURL is token_url and APIKey is apikey), and turns dashes, dots and spaces into underscores.
func snake(key string) string {
	var b strings.Builder
	prevLower := false
	for _, c := range key {
		switch {
		case c >= 'A' && c <= 'Z':
			if prevLower {
				b.WriteByte('_')
			}
			b.WriteRune(c + ('a' - 'A'))
			prevLower = false
		case c == '-' || c == '.' || c == ' ':
			b.WriteByte('_')
			prevLower = false
		default:
			b.WriteRune(c)
			prevLower = c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
		}
	}
	return b.String()
}

var (
	// A JWT: three base64url parts, the first a JSON header ("eyJ" is base64 for `{"`).
	jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*`)
	// An HTTP credential: "Bearer xyz", "Basic xyz", "SSWS xyz" (Okta API tokens).
	schemePattern = regexp.MustCompile(`(?i)\b(bearer|basic|ssws|dpop)(\s+)[A-Za-z0-9._~+/=-]{6,}`)
	// A PEM private key block, whole.
	pemPattern = regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)`)
	// The name and separator of name=value (query strings, env), "name": "value" (JSON) and Name:value
	// (%+v of structs and maps). "name: value" with a space is prose ("store token-pending: an earlier
	// request ..."), so left alone. The value is found by hand: a regexp that consumed it could swallow
	// the next pair ("a=password=x").
	pairPattern = regexp.MustCompile(`([A-Za-z0-9_.-]+)(=["']?|"\s*:\s*"?|:["']?)`)
)

// Patterns blanks what looks like a secret in free text, whoever it belongs to: PEM private keys,
// JWTs, secret-named pairs (token=..., "client_secret": "...", Password:...) and HTTP credentials
// ("Bearer ...", "Basic ...", "SSWS ...", "DPoP ...").
//
// Secret-named pairs go before "Bearer xyz": the credential pattern would otherwise take a following
// "password=" for the credential and leave the password after it ("Bearer password=!000").
func Patterns(s string) string {
	s = pemPattern.ReplaceAllString(s, Placeholder)
	s = jwtPattern.ReplaceAllString(s, Placeholder)
	s = scrubPairs(s)
	return schemePattern.ReplaceAllString(s, "${1}${2}"+Placeholder)
}

// scrubPairs blanks the value of every pair whose name is secret.
func scrubPairs(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range pairPattern.FindAllStringSubmatchIndex(s, -1) {
		start := m[1]
		if m[0] < last || !SecretKey(s[m[2]:m[3]]) || strings.HasPrefix(s[start:], "[redacted") {
			continue
		}
		end := start + valueLen(s[start:])
		if end == start {
			continue
		}
		b.WriteString(s[last:start])
		b.WriteString(Placeholder)
		last = end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// valueLen is the length of the value at the start of s: up to a space, quote or delimiter.
func valueLen(s string) int {
	if i := strings.IndexAny(s, " \t\r\n\"'&,;}])"); i >= 0 {
		return i
	}
	return len(s)
}
