package applog

import (
	"context"
	"encoding"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
)

// Redacted replaces whatever the redacting handler blanks.
const Redacted = "[redacted]"

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

// secretKey reports whether a key names a secret. Keys are compared in snake case, so ClientSecret,
// client-secret and client_secret are the same key.
func secretKey(key string) bool {
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

// scrub removes what looks like a secret from free text: a log message, a string attribute, an error's
// text or the printed form of a struct.
//
// Secret-named pairs go before "Bearer xyz": the credential pattern would otherwise take a following
// "password=" for the credential and leave the password after it ("Bearer password=!000").
func scrub(s string) string {
	s = pemPattern.ReplaceAllString(s, Redacted)
	s = jwtPattern.ReplaceAllString(s, Redacted)
	s = scrubPairs(s)
	return schemePattern.ReplaceAllString(s, "${1}${2}"+Redacted)
}

// scrubPairs blanks the value of every pair whose name is secret.
func scrubPairs(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range pairPattern.FindAllStringSubmatchIndex(s, -1) {
		start := m[1]
		if m[0] < last || !secretKey(s[m[2]:m[3]]) || strings.HasPrefix(s[start:], "[redacted") {
			continue
		}
		end := start + valueLen(s[start:])
		if end == start {
			continue
		}
		b.WriteString(s[last:start])
		b.WriteString(Redacted)
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

// redactingHandler is the safety net in front of the real handler.
type redactingHandler struct{ next slog.Handler }

// NewRedactingHandler wraps next so that no record reaches it with a secret in plain sight: attributes
// whose key names a secret (token, secret, password, credential, private_key, authorization, ...) get the
// value "[redacted]" whatever it was, at any depth of groups; the message and every other value are
// scrubbed of JWTs, "Bearer ..." credentials, PEM private keys and secret-named key=value pairs.
func NewRedactingHandler(next slog.Handler) slog.Handler { return redactingHandler{next: next} }

func (h redactingHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.next.Enabled(ctx, l)
}

func (h redactingHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, scrub(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(redactAttr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h redactingHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	clean := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		clean[i] = redactAttr(a)
	}
	return redactingHandler{next: h.next.WithAttrs(clean)}
}

func (h redactingHandler) WithGroup(name string) slog.Handler {
	return redactingHandler{next: h.next.WithGroup(name)}
}

func redactAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve() // a LogValuer could hand back a secret
	if a.Key != "" && secretKey(a.Key) {
		return slog.String(a.Key, Redacted)
	}
	switch v.Kind() {
	case slog.KindGroup:
		group := v.Group()
		clean := make([]slog.Attr, len(group))
		for i, g := range group {
			clean[i] = redactAttr(g)
		}
		return slog.Attr{Key: a.Key, Value: slog.GroupValue(clean...)}
	case slog.KindString:
		return slog.String(a.Key, scrub(v.String()))
	case slog.KindAny:
		if text, ok := render(v.Any()); ok {
			if clean := scrub(text); clean != text {
				return slog.String(a.Key, clean)
			}
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}

// render gives the text a handler would print for an arbitrary value, so it can be scrubbed.
func render(x any) (string, bool) {
	switch v := x.(type) {
	case nil:
		return "", false
	case error:
		return v.Error(), true
	case encoding.TextMarshaler:
		b, err := v.MarshalText()
		return string(b), err == nil
	case []byte:
		return string(v), true
	case fmt.Stringer:
		return v.String(), true
	default:
		return fmt.Sprintf("%+v", v), true
	}
}
