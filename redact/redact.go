// Package redact is SCIM Renew's one scrubber: every error text passes through it before it is stored,
// shown, printed or logged. It blanks the secrets a caller knows (a profile's Client Secret, SCIM
// tokens, the Okta credential, access tokens) in every form they travel in; it blanks what merely looks
// like a secret (JWTs, "Bearer ..." credentials, PEM private keys, secret-named key=value pairs); it
// strips control characters, escape sequences and bidi overrides a server may send; and it clips the
// result without splitting a character. Pipeline chains those steps in the one safe order.
//
// It is a leaf: it imports nothing of the project, so adapters (hub, okta), the renewal engine, the log
// (applog) and the faces all share the one implementation. It must not decide wording beyond the
// placeholder, and it is a net, not a licence: code must still never put a secret into an error.
package redact

import (
	"strings"
	"unicode/utf8"
)

// Placeholder replaces whatever is blanked.
const Placeholder = "[redacted]"

// DefaultLimit is the length, in characters, a Pipeline clips to when its Limit is zero.
const DefaultLimit = 600

// Scrub blanks every form of each known secret (see Known) and then every pattern that looks like a
// secret (see Patterns).
func Scrub(text string, secrets ...string) string {
	return Patterns(Known(text, secrets...))
}

// Pipeline is the one path an error text takes before it is stored, shown, printed or logged:
// scrub the known secrets and secret-looking patterns, strip control characters, scrub again (a
// server can split a secret with control characters that stripping then removes), clip, and last turn
// it into a sentence. Its zero value scrubs patterns only, clips to DefaultLimit and adds no sentence.
type Pipeline struct {
	// Secrets are the values to blank in every encoding: all the secrets of the profile at hand.
	Secrets []string
	// Limit is the most characters kept; 0 means DefaultLimit, a negative value keeps everything.
	Limit int
	// Sentence, when set, is the last step: the wording helper that makes the text a sentence.
	Sentence func(string) string
}

// Text runs text through the pipeline.
func (p Pipeline) Text(text string) string {
	fs := formsOf(p.Secrets)
	s := Patterns(blank(text, fs))
	s = StripControl(s)
	s = Patterns(blank(s, fs))
	limit := p.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	if limit > 0 {
		s = Clip(s, limit)
	}
	if p.Sentence != nil {
		s = p.Sentence(s)
	}
	return s
}

// Error runs err's text through the pipeline; a nil error gives "".
func (p Pipeline) Error(err error) string {
	if err == nil {
		return ""
	}
	return p.Text(err.Error())
}

// Clip shortens text to at most limit characters (runes), ending it with "…" when anything was cut.
// It never splits a character or leaves half a Placeholder. Clip secrets out before clipping: a
// secret cut in two is no longer recognised.
func Clip(text string, limit int) string {
	if limit <= 0 || utf8.RuneCountInString(text) <= limit {
		return text
	}
	keep := limit - 1 // room for the ellipsis
	cut := text
	for i := range text {
		if keep == 0 {
			cut = text[:i]
			break
		}
		keep--
	}
	if i := strings.LastIndexByte(cut, '['); i >= 0 && strings.HasPrefix(Placeholder, cut[i:]) {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ") + "…"
}
