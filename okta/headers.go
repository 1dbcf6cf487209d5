package okta

import (
	"strings"
)

// nextLink returns the target of the rel="next" link among Link header values (RFC 8288), or "" when
// there is none. The target is opaque: it is followed, never taken apart.
func nextLink(values []string) string {
	for _, v := range values {
		for _, lv := range splitLinks(v) {
			target, params, ok := parseLink(lv)
			if !ok {
				continue
			}
			for _, p := range params {
				name, val, _ := strings.Cut(p, "=")
				if !strings.EqualFold(strings.TrimSpace(name), "rel") {
					continue
				}
				for _, rel := range strings.Fields(strings.Trim(strings.TrimSpace(val), `"`)) {
					if strings.EqualFold(rel, "next") {
						return target
					}
				}
			}
		}
	}
	return ""
}

// splitLinks splits a Link header value at the commas between link-values, not those inside <...>
// or quotes.
func splitLinks(v string) []string {
	var out []string
	inURL, inQuote, start := false, false, 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '<' && !inQuote:
			inURL = true
		case c == '>' && !inQuote:
			inURL = false
		case c == '"' && !inURL:
			inQuote = !inQuote
		case c == ',' && !inURL && !inQuote:
			out = append(out, v[start:i])
			start = i + 1
		}
	}
	return append(out, v[start:])
}

func parseLink(lv string) (target string, params []string, ok bool) {
	lv = strings.TrimSpace(lv)
	if !strings.HasPrefix(lv, "<") {
		return "", nil, false
	}
	end := strings.IndexByte(lv, '>')
	if end < 0 {
		return "", nil, false
	}
	target = strings.TrimSpace(lv[1:end])
	for _, p := range strings.Split(lv[end+1:], ";") {
		if p = strings.TrimSpace(p); p != "" {
			params = append(params, p)
		}
	}
	return target, params, target != ""
}

// challengeParam returns the value of an auth-param (e.g. scope, error) from WWW-Authenticate values
// such as `Bearer realm="x", scope="okta.apps.manage", error="insufficient_scope"`.
func challengeParam(values []string, name string) string {
	for _, v := range values {
		_, rest, found := strings.Cut(strings.TrimSpace(v), " ")
		if !found {
			continue
		}
		for _, p := range splitParams(rest) {
			k, val, ok := strings.Cut(p, "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), name) {
				return unquote(strings.TrimSpace(val))
			}
		}
	}
	return ""
}

// splitParams splits auth-params at commas outside quotes.
func splitParams(s string) []string {
	var out []string
	inQuote, escaped, start := false, false, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case escaped:
			escaped = false
		case c == '\\' && inQuote:
			escaped = true
		case c == '"':
			inQuote = !inQuote
		case c == ',' && !inQuote:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func unquote(s string) string {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return s
	}
	s = s[1 : len(s)-1]
	var b strings.Builder
	escaped := false
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && !escaped {
			escaped = true
			continue
		}
		escaped = false
		b.WriteByte(s[i])
	}
	return b.String()
}
