package redact

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"slices"
	"sort"
	"strings"
)

// MinSecretLen is the shortest value Known blanks: blanking every three-letter word would garble the
// text, and no credential SCIM Renew keeps is that short.
const MinSecretLen = 6

// minEncodedPiece is the shortest piece of an encoding Known blanks on its own (see alignedPieces).
const minEncodedPiece = 6

var encodings = []*base64.Encoding{
	base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding,
}

// Known blanks each secret (of at least MinSecretLen bytes) wherever it appears in text, in every form
// it travels in: as is; URL-query or form encoded, path encoded and JSON escaped; and each of those
// base64-encoded (standard and URL alphabets, with and without padding) both on its own and inside a
// longer encoded value, such as an HTTP Basic credential base64(id:secret), whatever comes before it.
// Overlapping matches become a single Placeholder.
func Known(text string, secrets ...string) string {
	return blank(text, formsOf(secrets))
}

// formsOf lists every form of every secret, without duplicates.
func formsOf(secrets []string) []string {
	var out []string
	for _, s := range secrets {
		if len(s) < MinSecretLen {
			continue
		}
		for _, v := range textForms(s) {
			out = append(out, v)
			for _, enc := range encodings {
				out = append(out, enc.EncodeToString([]byte(v)))
			}
			out = append(out, alignedPieces([]byte(v))...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// textForms is the secret as text: raw, query/form-encoded, path-encoded and JSON-escaped (with and
// without Go's HTML escaping), each once.
func textForms(s string) []string {
	forms := []string{s, url.QueryEscape(s), url.PathEscape(s), jsonEscape(s, true), jsonEscape(s, false)}
	slices.Sort(forms)
	return slices.Compact(forms)
}

func jsonEscape(s string, html bool) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(html)
	_ = enc.Encode(s)
	return strings.TrimSuffix(strings.TrimSuffix(b.String(), "\n"), `"`)[1:]
}

// alignedPieces returns, for each of the three byte offsets at which b can start inside a longer
// base64-encoded value, the run of base64 characters that depends on b alone (in both alphabets).
// Base64 turns 3 bytes into 4 characters, so b's encoding inside "id:" + b depends on len(id)+1
// modulo 3; the characters that mix b with its neighbours' bits are left out, which leaves at most
// four bits of b at each end.
func alignedPieces(b []byte) []string {
	var out []string
	for k := range 3 {
		buf := make([]byte, k+len(b)+2)
		copy(buf[k:], b)
		enc := base64.RawStdEncoding.EncodeToString(buf)
		lo, hi := (8*k+5)/6, 8*(k+len(b))/6
		if hi-lo < minEncodedPiece {
			continue
		}
		piece := enc[lo:hi]
		out = append(out, piece, strings.NewReplacer("+", "-", "/", "_").Replace(piece))
	}
	return out
}

// blank replaces every occurrence of any of forms in text with one Placeholder per run of
// overlapping or touching matches.
func blank(text string, forms []string) string {
	if len(forms) == 0 || text == "" {
		return text
	}
	type span struct{ lo, hi int }
	var spans []span
	for _, f := range forms {
		for from := 0; from < len(text); {
			i := strings.Index(text[from:], f)
			if i < 0 {
				break
			}
			spans = append(spans, span{from + i, from + i + len(f)})
			from += i + 1
		}
	}
	if len(spans) == 0 {
		return text
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].lo < spans[j].lo })
	var b strings.Builder
	last, end := 0, -1
	for _, sp := range spans {
		if sp.lo > end {
			b.WriteString(text[last:sp.lo])
			b.WriteString(Placeholder)
		}
		if sp.hi > end {
			end = sp.hi
		}
		last = max(last, end)
	}
	b.WriteString(text[last:])
	return b.String()
}
