package hub

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync/atomic"
	"time"

	"scimrenew/safenet"
)

// Client talks to a QorusDocs Hub: token creation (API mode), discovery and the SCIM probe. The zero
// value is not ready; use NewClient. Fields may be changed before first use, not concurrently with it.
type Client struct {
	// HTTP sends every request. NewClient sets a safenet client (15 s timeout, safe redirects). Tests
	// may put in a client of their own, e.g. with a shorter timeout or a private CA pool; the URL,
	// redirect, body-size and "never retry a create" rules still apply whatever client is used.
	HTTP *http.Client
	// Now is the clock for ProbeResult.At and NewToken.Created (the sandbox shifts it).
	Now func() time.Time
	// CredentialsInBody sends the Client ID and Secret as form fields instead of HTTP Basic
	// authentication. Basic is the RFC 6749 default; some servers accept only one of the two.
	// It is never auto-detected: auto-detection would send the create request twice.
	CredentialsInBody bool
	// RetryPause is how long CreateToken waits before its single retry after "connection refused".
	RetryPause time.Duration
}

// NewClient returns a Client with safenet's defaults.
func NewClient() *Client {
	return &Client{HTTP: safenet.NewClient(safenet.DefaultTimeout), Now: time.Now, RetryPause: time.Second}
}

func (c *Client) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}

// timeout is the budget of one request, used in messages and as a context deadline when the
// HTTP client has none of its own.
func (c *Client) timeout() time.Duration {
	if c.HTTP != nil && c.HTTP.Timeout > 0 {
		return c.HTTP.Timeout
	}
	return safenet.DefaultTimeout
}

// exchange records what happened on the wire during one request, so failures can be classified by
// whether the request may have reached the server and by what the reply looked like.
type exchange struct {
	connected atomic.Bool // a connection was obtained: from here on, the request may have been received
	status    int
	mediaType string
	body      []byte
}

// looksHTML reports whether the reply was a web page rather than data.
func (x *exchange) looksHTML() bool {
	if x.mediaType == "text/html" || x.mediaType == "application/xhtml+xml" {
		return true
	}
	return bytes.HasPrefix(bytes.TrimSpace(x.body), []byte("<"))
}

// prepare returns an HTTP client and a context for one request: the body of every response is read
// through safenet.ReadBody (so even golang.org/x/oauth2, which reads bodies itself, obeys the limit),
// and x learns whether a connection was made and what came back.
func (c *Client) prepare(ctx context.Context, x *exchange) (*http.Client, context.Context, context.CancelFunc) {
	base := c.HTTP
	if base == nil {
		base = safenet.NewClient(safenet.DefaultTimeout)
	}
	hc := *base
	// safenet's redirect rule whatever client was supplied: every request of this package carries the
	// Client Secret or a token, except discovery, which loses nothing by obeying it too.
	hc.CheckRedirect = safenet.CheckRedirect
	hc.Transport = &limitTransport{base: verifying(base.Transport), x: x}
	trace := &httptrace.ClientTrace{
		GotConn: func(httptrace.GotConnInfo) { x.connected.Store(true) },
	}
	ctx = httptrace.WithClientTrace(ctx, trace)
	cancel := context.CancelFunc(func() {})
	if hc.Timeout <= 0 {
		ctx, cancel = context.WithTimeout(ctx, safenet.DefaultTimeout)
	}
	return &hc, ctx, cancel
}

// verifying returns rt, or a copy of it with certificate verification switched back on: TLS
// verification is never disabled, whatever client a caller supplies.
func verifying(rt http.RoundTripper) http.RoundTripper {
	t, ok := rt.(*http.Transport)
	if !ok || t.TLSClientConfig == nil || !t.TLSClientConfig.InsecureSkipVerify {
		return rt
	}
	t = t.Clone()
	t.TLSClientConfig = t.TLSClientConfig.Clone()
	t.TLSClientConfig.InsecureSkipVerify = false
	return t
}

// limitTransport buffers each response body through safenet.ReadBody and records the reply's shape.
type limitTransport struct {
	base http.RoundTripper
	x    *exchange
}

func (t *limitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	t.x.status = resp.StatusCode
	t.x.mediaType, _, _ = mime.ParseMediaType(resp.Header.Get("Content-Type"))
	body, err := safenet.ReadBody(resp.Body, safenet.DefaultBodyLimit)
	_ = resp.Body.Close()
	t.x.body = body
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	return resp, nil
}

// get performs an idempotent GET and returns the response with its body already read (resp.Body is
// drained into x.body).
func (c *Client) get(ctx context.Context, url string, header http.Header, x *exchange) (*http.Response, error) {
	hc, ctx, cancel := c.prepare(ctx, x)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	_ = resp.Body.Close()
	return resp, nil
}

// retryAfter reads a Retry-After header given in seconds; an HTTP date or nothing gives 0.
func retryAfter(h http.Header) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	var n int
	for _, r := range v {
		if r < '0' || r > '9' || n > 1e6 {
			return 0
		}
		n = n*10 + int(r-'0')
	}
	return time.Duration(n) * time.Second
}

// waitText renders a Retry-After hint for a message.
func waitText(d time.Duration) string {
	switch {
	case d <= 0:
		return "a few minutes"
	case d < 2*time.Minute:
		return fmt.Sprintf("%d seconds", int(d.Seconds()))
	default:
		return fmt.Sprintf("%d minutes", int((d+time.Minute-1)/time.Minute))
	}
}
