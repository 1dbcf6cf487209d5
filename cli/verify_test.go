package cli_test

import (
	"testing"

	"scimrenew/hub/hubtest"
)

func TestVerify(t *testing.T) {
	hs := hubtest.New(hubtest.Options{})
	t.Cleanup(hs.Close)
	h := newHarness(t)
	revoked, err := hs.IssueToken()
	if err != nil {
		t.Fatal(err)
	}
	good, err := hs.IssueToken() // issuing revokes the earlier tokens at once (no grace)
	if err != nil {
		t.Fatal(err)
	}
	h.secret("good token", good)
	h.secret("revoked token", revoked)

	tests := []struct {
		name   string
		stdin  string
		url    string
		code   int
		result string
	}{
		{"pass", good + "\n", hs.SCIMBase(), 0, "ok (HTTP 200)"},
		{"pass with Bearer prefix and CRLF", "Bearer " + good + "\r\n", hs.SCIMBase(), 0, "ok (HTTP 200)"},
		{"rejected", revoked + "\n", hs.SCIMBase(), 2, "rejected (HTTP 401)"},
		{"wrong URL", good + "\n", hs.URL() + "/nope", 3, "wrong_url (HTTP 404)"},
		{"Hub page instead of SCIM", good + "\n", hs.URL(), 3, "wrong_url (HTTP 404)"},
		{"unreachable", good + "\n", "http://127.0.0.1:1/scim/v2", 3, "unreachable"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := h.mustRun(tc.code, tc.stdin, "verify", "--scim-url", tc.url)
			contains(t, "verify", res.stdout, tc.result+": ")
		})
	}

	out := decode(t, h.mustRun(2, revoked+"\n", "verify", "--scim-url", hs.SCIMBase(), "--json").stdout)
	assertKeys(t, "verify", out, "result", "ok", "http_status", "message", "total_results", "scim_url", "checked_at", "exit_code")
	if out["result"] != "rejected" || out["ok"] != false || out["http_status"] != float64(401) || out["total_results"] != nil {
		t.Errorf("verify JSON: %v", out)
	}
	out = decode(t, h.mustRun(0, good+"\n", "verify", "--scim-url", hs.SCIMBase(), "--json").stdout)
	if out["result"] != "ok" || out["total_results"] == nil || out["exit_code"] != float64(0) {
		t.Errorf("verify JSON: %v", out)
	}

	// A profile's SCIM URL may stand in for --scim-url; the token still comes from stdin.
	h.mustRun(0, "", append([]string{"profile", "add"}, acmeArgs("acme", hs, nil, "", "")...)...)
	h.mustRun(0, good+"\n", "verify", "--profile", "acme")

	for _, tc := range []struct {
		name, stdin string
		args        []string
		want        string
	}{
		{"no token", "", []string{"--scim-url", hs.SCIMBase()}, "Standard input ended before the token"},
		{"not a token", "hello world\n", []string{"--scim-url", hs.SCIMBase()}, "not a token"},
		{"no URL", good + "\n", nil, "exactly one of --scim-url"},
		{"both", good + "\n", []string{"--scim-url", hs.SCIMBase(), "--profile", "acme"}, "exactly one of --scim-url"},
		{"no such profile", good + "\n", []string{"--profile", "nobody"}, `no profile named "nobody"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := h.mustRun(3, tc.stdin, append([]string{"verify"}, tc.args...)...)
			contains(t, "stderr", res.stderr, tc.want)
		})
	}
}
