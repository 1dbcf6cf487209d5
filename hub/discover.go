package hub

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"scimrenew/safenet"
)

// discoveryPath is where an OpenID Connect issuer publishes its metadata (OpenID Connect Discovery
// 1.0 §4): appended to the issuer's path, so a Hub at https://h/tenant publishes at
// https://h/tenant/.well-known/openid-configuration.
const discoveryPath = "/.well-known/openid-configuration"

const noAPIHint = "Ask QorusDocs for the token endpoint and enter it in Settings, or keep using Hub-page mode, which always works."

// Discover reads {hubURL}/.well-known/openid-configuration and returns the token endpoint it names,
// checked against the https-except-loopback rule, so Settings can offer "Discover" to fill it in.
func (c *Client) Discover(ctx context.Context, hubURL string) (string, error) {
	u, err := safenet.CheckURL(hubURL)
	if err != nil {
		return "", badURLError("Hub URL", err)
	}
	u.Path = strings.TrimSuffix(u.Path, "/") + discoveryPath
	u.RawPath, u.RawQuery = "", ""
	var x exchange
	resp, err := c.get(ctx, u.String(), http.Header{"Accept": {"application/json"}}, &x)
	if err != nil {
		return "", c.idempotentNetError(ctx, u.Host, err, &x)
	}
	if e := discoveryStatus(resp); e != nil {
		return "", e
	}
	return parseDiscovery(&x)
}

func discoveryStatus(resp *http.Response) *Error {
	st := resp.StatusCode
	switch {
	case st == http.StatusOK:
		return nil
	case st == http.StatusNotFound || st == http.StatusGone || st == http.StatusMethodNotAllowed:
		return newError(ErrNoAPI, st, nil, "The Hub publishes no discovery document (HTTP %d at %s). %s", st, discoveryPath, noAPIHint)
	case st == http.StatusUnauthorized || st == http.StatusForbidden:
		return newError(ErrNoAPI, st, nil, "The Hub does not let this app read its discovery document (HTTP %d). %s", st, noAPIHint)
	case st == http.StatusTooManyRequests:
		return newError(ErrRateLimited, st, nil, "The Hub is limiting requests (HTTP 429). Wait %s and try Discover again.", waitText(retryAfter(resp.Header)))
	case st >= 500:
		return newError(ErrServer, st, nil, "The Hub had an internal error (HTTP %d) while giving out its discovery document. Try Discover again in a few minutes, or enter the token endpoint by hand.", st)
	}
	return newError(ErrNoAPI, st, nil, "The Hub answered HTTP %d instead of its discovery document. %s", st, noAPIHint)
}

func parseDiscovery(x *exchange) (string, error) {
	var doc struct {
		TokenEndpoint string   `json:"token_endpoint"`
		GrantTypes    []string `json:"grant_types_supported"`
	}
	if x.looksHTML() {
		return "", newError(ErrNoAPI, x.status, nil, "The Hub answered with a web page instead of a discovery document. %s", noAPIHint)
	}
	if err := json.Unmarshal(x.body, &doc); err != nil {
		return "", newError(ErrNoAPI, x.status, nil, "The Hub's discovery document is not valid JSON. %s", noAPIHint)
	}
	if doc.TokenEndpoint == "" {
		return "", newError(ErrNoAPI, x.status, nil, "The Hub's discovery document names no token endpoint. %s", noAPIHint)
	}
	if len(doc.GrantTypes) > 0 && !containsFold(doc.GrantTypes, "client_credentials") {
		return "", newError(ErrNoAPI, x.status, nil, "The Hub's discovery document says it does not issue tokens to clients with a Client ID and Secret (no client_credentials grant). %s", noAPIHint)
	}
	if _, err := safenet.CheckURL(doc.TokenEndpoint); err != nil {
		return "", newError(ErrNoAPI, x.status, err, "The token endpoint that the Hub's discovery document names is not usable: %s. %s", err.Error(), noAPIHint)
	}
	return doc.TokenEndpoint, nil
}

// idempotentNetError words a transport failure of a request that is safe to repeat (discovery).
func (c *Client) idempotentNetError(ctx context.Context, host string, err error, x *exchange) *Error {
	kind, detail := classifyNet(ctx, err)
	switch kind {
	case netCanceled:
		return newError(ErrCanceled, 0, err, "Cancelled.")
	case netRedirect:
		return newError(ErrWrongURL, x.status, err, "The Hub redirected to an address that was not followed (%s). Check the Hub URL in Settings.", detail)
	case netTooLarge:
		return newError(ErrNoAPI, x.status, err, "The Hub's reply was larger than %d KiB, far too large for a discovery document. %s", safenet.DefaultBodyLimit>>10, noAPIHint)
	case netTLS:
		return newError(ErrTLS, 0, err, "The secure connection to %s failed: %s. If your network inspects TLS traffic, ask IT to make this computer trust its certificate; otherwise check the URL in Settings.", host, detail)
	case netTimeout:
		return newError(ErrTimeout, 0, err, "The Hub at %s did not answer within %s. Check your network connection (VPN, proxy) and try again.", host, c.timeout())
	}
	return newError(ErrUnreachable, 0, err, "Could not connect to %s (%s). Check the URL in Settings and your network connection, then try again.", host, unreachableText(kind))
}

func unreachableText(kind netFailure) string {
	switch kind {
	case netRefused:
		return "connection refused"
	case netNoHost:
		return "host not found"
	case netNoRoute:
		return "no route to the host"
	case netBroken:
		return "the connection was closed"
	}
	return "network error"
}
