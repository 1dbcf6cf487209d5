package okta

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"scimrenew/safenet"
)

// maxRateLimitWait is the longest the client waits for Okta's rate limit to reset before its one retry.
const maxRateLimitWait = 60 * time.Second

// defaultRateLimitWait is used when a 429 carries no usable X-Rate-Limit-Reset.
const defaultRateLimitWait = 10 * time.Second

// bodyLimit bounds every Okta response: a page of 200 apps is well under it.
const bodyLimit = 8 << 20

const userAgent = "SCIMRenew (okta)"

// Client talks to one Okta org's Management API with one credential. It is safe for concurrent use.
type Client struct {
	org   *url.URL // scheme://host[:port] of the org, no path
	auth  authorizer
	kind  string
	http  *http.Client
	now   func() time.Time
	sleep func(context.Context, time.Duration) error
}

// Option adjusts a Client at construction.
type Option func(*Client)

// WithHTTPClient makes the client use hc (for example a test server's client). Its transport and
// timeout are kept (DefaultTimeout when it has none); its redirect policy is replaced by safenet's,
// which never lets a request leave the org's origin.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.http = hc
		}
	}
}

// WithClock replaces the clock: now for token lifetimes and log windows, sleep for the wait before a
// rate-limit retry (sleep must return ctx.Err() when ctx ends first). Either may be nil.
func WithClock(now func() time.Time, sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(c *Client) {
		if now != nil {
			c.now = now
		}
		if sleep != nil {
			c.sleep = sleep
		}
	}
}

// NewClient returns a client for the Okta org at orgURL (https, or http for loopback; any path is
// dropped, and an "-admin" host is mapped to the org host the API lives on) using auth, which is
// SSWS(...) or a ServiceApp. A nil auth yields ErrNoCredential.
func NewClient(orgURL string, auth Auth, opts ...Option) (*Client, error) {
	if auth == nil {
		return nil, ErrNoCredential
	}
	org, err := orgOrigin(orgURL)
	if err != nil {
		return nil, err
	}
	c := &Client{org: org, http: safenet.NewClient(0), now: time.Now, sleep: sleepCtx, kind: auth.Kind()}
	for _, o := range opts {
		o(c)
	}
	// Every request carries the credential, and some a secret body: safenet's redirect rule holds
	// whatever client an option supplied.
	c.http = safenet.Harden(c.http)
	a, err := auth.authorizer(authEnv{org: org, http: c.http, now: c.nowUTC})
	if err != nil {
		return nil, err
	}
	c.auth = a
	return c, nil
}

// OrgURL returns the org origin the client calls, e.g. https://acme.okta.com.
func (c *Client) OrgURL() string { return c.org.String() }

func (c *Client) nowUTC() time.Time { return c.now().UTC() }

// orgOrigin validates an org URL and reduces it to the origin the API is served from: an Okta
// "-admin" host is mapped to its org host.
func orgOrigin(raw string) (*url.URL, error) {
	u, err := checkOrigin(raw)
	if err != nil {
		return nil, fmt.Errorf("okta: the Okta org URL %q is not usable: %w", raw, err)
	}
	if sub, domain, ok := oktaHost(u.Hostname()); ok {
		u.Host = joinHost(strings.TrimSuffix(sub, "-admin")+"."+domain, u.Port())
	}
	return u, nil
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// call is one logical API request; do may send it more than once (rate limit, DPoP nonce, token refresh).
type call struct {
	method string
	url    *url.URL
	body   []byte // JSON; may hold a secret, so it is never echoed
	op     string // what the admin would call it, for errors: "list the Okta apps"
	scope  string // the OAuth scope Okta requires for it
	// secrets are what the body carries (the new SCIM token), blanked from Okta's error text as the
	// credential is.
	secrets []string
}

func (c *Client) endpoint(path string, q url.Values) *url.URL {
	u := *c.org
	u.Path = path
	u.RawQuery = q.Encode()
	return &u
}

// do sends k, waiting out one rate limit and answering one credential challenge, and returns the
// response and body of a 2xx answer; anything else becomes an *APIError.
func (c *Client) do(ctx context.Context, k call) (*http.Response, []byte, error) {
	rateLimited, challenged := false, false
	for {
		resp, body, err := c.send(ctx, k)
		if err != nil {
			return nil, nil, err
		}
		switch {
		case resp.StatusCode == http.StatusTooManyRequests && !rateLimited:
			rateLimited = true
			if err := c.sleep(ctx, rateLimitWait(resp, c.now())); err != nil {
				return nil, nil, fmt.Errorf("okta: stopped waiting for Okta's rate limit to reset: %w", err)
			}
			continue
		case resp.StatusCode == http.StatusUnauthorized && !challenged && c.auth.retry(resp):
			challenged = true
			continue
		case resp.StatusCode < 200 || resp.StatusCode > 299:
			e := newAPIError(resp, body, k.op, k.scope, c.kind, append(c.auth.secrets(), k.secrets...)...)
			if resp.StatusCode == http.StatusTooManyRequests {
				e.Reset = rateLimitReset(resp)
			}
			return nil, nil, e
		}
		return resp, body, nil
	}
}

func (c *Client) send(ctx context.Context, k call) (*http.Response, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, k.method, k.url.String(), bytes.NewReader(k.body))
	if err != nil {
		return nil, nil, fmt.Errorf("okta: building the request to %s: %w", k.op, err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", userAgent)
	if k.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if err := c.auth.authorize(ctx, req); err != nil {
		return nil, nil, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, nil, netError(ctx, c.org.Host, k.op, err)
	}
	defer resp.Body.Close()
	c.auth.observe(resp)
	body, err := safenet.ReadBody(resp.Body, bodyLimit)
	if err != nil {
		if errors.Is(err, safenet.ErrBodyTooLarge) {
			return nil, nil, fmt.Errorf("okta: %s sent more than %d MB when asked to %s: %w", c.org.Host, bodyLimit>>20, k.op, err)
		}
		return nil, nil, netError(ctx, c.org.Host, k.op, err)
	}
	return resp, body, nil
}

// netError words a transport failure; it never includes request bodies or headers.
func netError(ctx context.Context, host, op string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("okta: stopped before Okta answered (%s): %w", op, ctx.Err())
	}
	if why, ok := safenet.TLSProblem(err); ok {
		return fmt.Errorf("okta: the secure connection to %s failed when asked to %s: %s; if your network inspects "+
			"TLS traffic, ask IT to make this computer trust its certificate, otherwise check the Okta org URL in "+
			"Settings: %w", host, op, why, err)
	}
	var refused *safenet.URLError
	if errors.As(err, &refused) {
		return fmt.Errorf("okta: %s answered the request to %s with a redirect that was not followed (%s); check the "+
			"Okta org URL in Settings: it must be the address Okta's API answers at directly: %w", host, op, refused.Reason, err)
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("okta: %s did not answer in time when asked to %s; check your network, or try again later: %w", host, op, err)
	}
	return fmt.Errorf("okta: could not reach %s to %s; check the Okta org URL in Settings and your network: %w", host, op, err)
}

// rateLimitWait is how long to wait before retrying a 429: until X-Rate-Limit-Reset measured on the
// server's own clock (its Date header) when given, so a skewed local clock cannot stretch it, and at
// most maxRateLimitWait.
func rateLimitWait(resp *http.Response, now time.Time) time.Duration {
	reset := rateLimitReset(resp)
	if reset.IsZero() {
		return defaultRateLimitWait
	}
	if d, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
		now = d
	}
	wait := reset.Sub(now)
	switch {
	case wait < 0:
		return 0
	case wait > maxRateLimitWait:
		return maxRateLimitWait
	}
	return wait
}

func rateLimitReset(resp *http.Response) time.Time {
	n, err := strconv.ParseInt(strings.TrimSpace(resp.Header.Get("X-Rate-Limit-Reset")), 10, 64)
	if err != nil || n <= 0 {
		return time.Time{}
	}
	return time.Unix(n, 0)
}

// decodeJSON decodes an Okta 2xx body, saying plainly when the org URL points at something else.
func (c *Client) decodeJSON(resp *http.Response, body []byte, op string, v any) error {
	ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if ct != "" && ct != "application/json" && !strings.HasSuffix(ct, "+json") {
		return fmt.Errorf("okta: %s answered with %s instead of Okta's JSON when asked to %s; check the Okta org URL in Settings", c.org.Host, ct, op)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("okta: %s sent a reply that is not Okta's JSON when asked to %s; check the Okta org URL in Settings: %w", c.org.Host, op, err)
	}
	return nil
}

// follow resolves a rel="next" link against the page it came from and refuses links off the org,
// so the credential is never sent to another host.
func (c *Client) follow(from *url.URL, link string) (*url.URL, error) {
	u, err := from.Parse(link)
	if err != nil {
		return nil, fmt.Errorf("okta: Okta sent a next-page link that is not a URL: %w", err)
	}
	if u.Scheme != c.org.Scheme || !strings.EqualFold(u.Host, c.org.Host) {
		return nil, fmt.Errorf("okta: Okta's next-page link points to %s://%s, not the org %s; refusing to send the credential there", u.Scheme, u.Host, c.org)
	}
	u.Fragment = ""
	return u, nil
}
