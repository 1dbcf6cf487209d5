package applog

import (
	"context"
	"encoding"
	"fmt"
	"log/slog"

	"scimrenew/redact"
)

// Redacted replaces whatever the redacting handler blanks.
const Redacted = redact.Placeholder

// scrub removes what looks like a secret from free text: a log message, a string attribute, an error's
// text or the printed form of a struct. It is redact's pattern step, the same one every error text
// passes through before it is stored or shown; the log knows no profile's secrets to blank by value.
func scrub(s string) string { return redact.Patterns(s) }

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
	if a.Key != "" && redact.SecretKey(a.Key) {
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
