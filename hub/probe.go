package hub

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"scimrenew/redact"
	"scimrenew/safenet"
)

// ProbeClass is the outcome of a SCIM probe, for the UI, the CLI and the health history to branch on.
type ProbeClass string

// The probe outcomes. Everything but ProbeOK is a failure.
const (
	ProbeOK          ProbeClass = "ok"           // HTTP 200 with a SCIM ListResponse: Okta will accept the token
	ProbeRejected    ProbeClass = "rejected"     // 401/403: the token is wrong, revoked or expired
	ProbeWrongURL    ProbeClass = "wrong_url"    // 404, a web page, an empty or non-SCIM reply, a bad URL
	ProbeServerError ProbeClass = "server_error" // 5xx, or the connection dropped before an answer
	ProbeRateLimited ProbeClass = "rate_limited" // 429
	ProbeTLS         ProbeClass = "tls"          // the secure connection failed
	ProbeTimeout     ProbeClass = "timeout"      // no answer in time
	ProbeUnreachable ProbeClass = "unreachable"  // no connection (refused, unknown host, no route)
	ProbeCanceled    ProbeClass = "canceled"     // the caller cancelled the probe
)

// ProbeResult is what a probe found. Message is a complete sentence for the user: what happened and
// what to do next; it never contains the token.
type ProbeResult struct {
	Class        ProbeClass
	HTTPStatus   int // 0 when no HTTP answer came back
	Message      string
	TotalResults int           // the ListResponse's totalResults, when Class is ProbeOK
	RetryAfter   time.Duration // the Hub's Retry-After, when Class is ProbeRateLimited and it sent one
	At           time.Time
}

// OK reports whether the token passed: Okta's own credential test would succeed.
func (r ProbeResult) OK() bool { return r.Class == ProbeOK }

// oktaBaseHint ends every wrong-URL message: the one value both Okta and this app must agree on.
const oktaBaseHint = "Check the SCIM base URL in Settings: it is the SCIM connector base URL that Okta uses."

// Probe checks token against scimBaseURL exactly as Okta's "Test API Credentials" does:
// GET {scimBaseURL}/Users?startIndex=1&count=2 with the token as a Bearer credential. It never
// returns an error: every failure is classified in the result.
func (c *Client) Probe(ctx context.Context, scimBaseURL, token string) ProbeResult {
	r := c.probe(ctx, scimBaseURL, token)
	r.Message = redact.Known(r.Message, token)
	r.At = c.now()
	return r
}

func (c *Client) probe(ctx context.Context, scimBaseURL, token string) ProbeResult {
	u, err := safenet.CheckURL(scimBaseURL)
	if err != nil {
		return ProbeResult{Class: ProbeWrongURL, Message: fmt.Sprintf("The SCIM base URL is not usable: %s. Correct it in Settings.", err.Error())}
	}
	if token == "" {
		return ProbeResult{Class: ProbeRejected, Message: "There is no token to test. Paste the token or copy it from the Hub first."}
	}
	if !headerSafe(token) {
		return ProbeResult{Class: ProbeRejected, Message: "The token contains spaces or characters that a token cannot have, so it was not sent. Copy it again from the Hub."}
	}
	u.Path = strings.TrimSuffix(u.Path, "/") + "/Users"
	u.RawPath = ""
	u.RawQuery = "startIndex=1&count=2"
	h := http.Header{}
	h.Set("Authorization", "Bearer "+token)
	h.Set("Accept", "application/scim+json")
	h.Set("Accept-Charset", "utf-8")
	var x exchange
	resp, err := c.get(ctx, u.String(), h, &x)
	if err != nil {
		return c.probeNetFailure(ctx, u.Host, err, &x)
	}
	return probeResponse(resp, &x, token)
}

func (c *Client) probeNetFailure(ctx context.Context, host string, err error, x *exchange) ProbeResult {
	kind, detail := classifyNet(ctx, err)
	switch kind {
	case netCanceled:
		return ProbeResult{Class: ProbeCanceled, Message: "The token test was cancelled."}
	case netRedirect:
		return ProbeResult{Class: ProbeWrongURL, HTTPStatus: x.status, Message: fmt.Sprintf(
			"The SCIM base URL redirected to an address that was not followed (%s). %s", detail, oktaBaseHint)}
	case netTooLarge:
		return ProbeResult{Class: ProbeWrongURL, HTTPStatus: x.status, Message: fmt.Sprintf(
			"The server answered a request for two users with more than %d KiB, which a SCIM endpoint would not do. %s",
			safenet.DefaultBodyLimit>>10, oktaBaseHint)}
	case netTLS:
		return ProbeResult{Class: ProbeTLS, Message: fmt.Sprintf(
			"The secure connection to %s failed: %s. The token was not sent. If your network inspects TLS traffic, ask IT to make this computer trust its certificate; otherwise check the SCIM base URL in Settings.",
			host, detail)}
	case netTimeout:
		return ProbeResult{Class: ProbeTimeout, Message: fmt.Sprintf(
			"The Hub at %s did not answer within %s. Check your network connection (VPN, proxy) and test again; if it keeps happening, the Hub may be overloaded.",
			host, c.timeout())}
	case netRefused:
		return ProbeResult{Class: ProbeUnreachable, Message: fmt.Sprintf(
			"Could not connect to %s: the connection was refused. Check the SCIM base URL in Settings and your network connection, then test again.", host)}
	case netNoHost:
		return ProbeResult{Class: ProbeUnreachable, Message: fmt.Sprintf(
			"The host %s was not found. Check the SCIM base URL in Settings and your network connection (VPN, DNS), then test again.", host)}
	case netBroken:
		if x.connected.Load() {
			return ProbeResult{Class: ProbeServerError, Message: fmt.Sprintf(
				"The Hub at %s closed the connection without answering. Test again in a few minutes; if it keeps happening, tell QorusDocs support.", host)}
		}
	}
	return ProbeResult{Class: ProbeUnreachable, Message: fmt.Sprintf(
		"Could not reach %s. Check the SCIM base URL in Settings and your network connection, then test again.", host)}
}

func probeResponse(resp *http.Response, x *exchange, token string) ProbeResult {
	st := resp.StatusCode
	said := hubSaid(scimDetail(x.body, token))
	switch {
	case st == http.StatusOK:
		return probeBody(x)
	case st == http.StatusUnauthorized:
		return ProbeResult{Class: ProbeRejected, HTTPStatus: st, Message: "The Hub rejected the token (HTTP 401): it is mistyped, revoked, expired or replaced by a newer one." +
			said + " Create a new token in the Hub, or copy the current one again."}
	case st == http.StatusForbidden:
		return ProbeResult{Class: ProbeRejected, HTTPStatus: st, Message: "The Hub refused this token access to the user list (HTTP 403)." +
			said + " Create a new token in the Hub; if that fails too, ask QorusDocs to check the SCIM permissions."}
	case st == http.StatusTooManyRequests:
		wait := retryAfter(resp.Header)
		return ProbeResult{Class: ProbeRateLimited, HTTPStatus: st, RetryAfter: wait, Message: fmt.Sprintf(
			"The Hub is limiting requests (HTTP 429), so the token could not be tested. Wait %s and test again.", waitText(wait))}
	case st >= 500:
		return ProbeResult{Class: ProbeServerError, HTTPStatus: st, Message: fmt.Sprintf(
			"The Hub had an internal error (HTTP %d), so the token could not be tested.%s Test again in a few minutes; if it keeps happening, tell QorusDocs support.", st, said)}
	case st == http.StatusNotFound || st == http.StatusMethodNotAllowed || st == http.StatusGone:
		return ProbeResult{Class: ProbeWrongURL, HTTPStatus: st, Message: fmt.Sprintf(
			"Nothing answers SCIM requests at the SCIM base URL (HTTP %d for /Users). %s", st, oktaBaseHint)}
	}
	return ProbeResult{Class: ProbeWrongURL, HTTPStatus: st, Message: fmt.Sprintf(
		"The SCIM base URL answered HTTP %d where Okta expects 200 with a user list.%s %s", st, said, oktaBaseHint)}
}

// probeBody judges a 200 reply: only a SCIM ListResponse passes.
func probeBody(x *exchange) ProbeResult {
	r := ProbeResult{Class: ProbeWrongURL, HTTPStatus: http.StatusOK}
	switch lr, err := parseListResponse(x.body); {
	case err == nil:
		r.Class, r.TotalResults = ProbeOK, int(min(lr.TotalResults, 1<<31-1))
		r.Message = fmt.Sprintf("The token works: the Hub's SCIM endpoint accepted it, as Okta will, and reports %d %s.",
			lr.TotalResults, plural(lr.TotalResults, "user", "users"))
	case len(strings.TrimSpace(string(x.body))) == 0:
		r.Message = "The SCIM base URL answered HTTP 200 with an empty reply instead of a user list. " + oktaBaseHint
	case x.looksHTML():
		r.Message = "The SCIM base URL answered with a web page instead of SCIM data (HTTP 200); it probably points at the Hub's website. " + oktaBaseHint
	case err == errNotJSON:
		r.Message = "The SCIM base URL answered HTTP 200 with a reply that is not valid JSON, so it is not a working SCIM endpoint. " +
			oktaBaseHint + " If it is right, tell QorusDocs support."
	default:
		r.Message = fmt.Sprintf("The SCIM base URL answered HTTP 200 with JSON that is not a SCIM user list: %s. %s", err.Error(), oktaBaseHint)
	}
	return r
}

// scimDetail extracts a server's explanation from a SCIM or OAuth error body, with the token hidden.
func scimDetail(body []byte, token string) string {
	var e struct {
		Detail      string `json:"detail"`
		Description string `json:"error_description"`
		Summary     string `json:"errorSummary"`
	}
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	for _, s := range []string{e.Detail, e.Description, e.Summary} {
		if s != "" {
			return remoteText(s, token)
		}
	}
	return ""
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
