package okta

import (
	"strings"
	"testing"
)

func TestNextLink(t *testing.T) {
	cases := []struct {
		name   string
		values []string
		want   string
	}{
		{"okta two headers", []string{`<https://a.okta.com/api/v1/apps?limit=2>; rel="self"`, `<https://a.okta.com/api/v1/apps?after=0oa2&limit=2>; rel="next"`}, "https://a.okta.com/api/v1/apps?after=0oa2&limit=2"},
		{"one header, comma separated", []string{`<https://x/1>; rel="self", <https://x/2>; rel="next"`}, "https://x/2"},
		{"unquoted rel", []string{`<https://x/2>; rel=next`}, "https://x/2"},
		{"rel list", []string{`<https://x/2>; rel="prev next"`}, "https://x/2"},
		{"case", []string{`<https://x/2>; REL="Next"`}, "https://x/2"},
		{"comma inside url", []string{`<https://x/a,b?c=1,2>; rel="next"`}, "https://x/a,b?c=1,2"},
		{"comma inside quoted param", []string{`<https://x/1>; title="a, b"; rel="self", <https://x/2>; rel="next"`}, "https://x/2"},
		{"relative", []string{`</api/v1/apps?after=x>; rel="next"`}, "/api/v1/apps?after=x"},
		{"self only", []string{`<https://x/1>; rel="self"`}, ""},
		{"none", nil, ""},
		{"garbage", []string{`next`, `<unterminated; rel="next"`, `<>; rel="next"`}, ""},
		{"nextish is not next", []string{`<https://x/2>; rel="nextpage"`}, ""},
	}
	for _, c := range cases {
		if got := nextLink(c.values); got != c.want {
			t.Errorf("%s: nextLink = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestChallengeParam(t *testing.T) {
	h := []string{`Bearer authorization_uri="https://a.okta.com/oauth2/v1/authorize", realm="https://a.okta.com", scope="okta.apps.manage", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/apps/0oa1/connections/default"`}
	for name, want := range map[string]string{"scope": "okta.apps.manage", "error": "insufficient_scope", "realm": "https://a.okta.com", "missing": ""} {
		if got := challengeParam(h, name); got != want {
			t.Errorf("challengeParam(%s) = %q, want %q", name, got, want)
		}
	}
	if got := challengeParam([]string{`DPoP error="use_dpop_nonce", error_description="a \"quoted\", comma"`}, "error_description"); got != `a "quoted", comma` {
		t.Errorf("escaped: %q", got)
	}
	if got := challengeParam([]string{"Bearer"}, "error"); got != "" {
		t.Errorf("bare scheme: %q", got)
	}
}

func FuzzHeaderParsers(f *testing.F) {
	for _, s := range []string{`<https://x/2>; rel="next"`, `<a>; rel=next, <b>; rel="self"`, `Bearer error="x", scope="y"`, `<`, `"`, `\`, `DPoP a="\"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if got := nextLink([]string{v}); got != "" && !strings.Contains(v, got) {
			t.Fatalf("nextLink(%q) = %q, which is not from the input", v, got)
		}
		if got := challengeParam([]string{v}, "error"); len(got) > len(v) {
			t.Fatalf("challengeParam(%q) = %q, longer than the input", v, got)
		}
	})
}
