package hub

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"scimrenew/safenet"
)

// NewToken is a token the Hub created through its API. Value is the secret: keep it out of logs;
// String and GoString mask it so a stray %v cannot print it.
type NewToken struct {
	Value     string
	TokenType string        // as the Hub sent it; "Bearer" in practice
	ExpiresIn time.Duration // the Hub's expires_in, 0 when absent
	Created   time.Time     // when the Hub's answer arrived, by the Client's clock
	Expiry    Expiry
}

// String describes the token without its value.
func (t NewToken) String() string {
	return fmt.Sprintf("hub.NewToken{%d chars, expires %s (%s)}", len(t.Value), t.Expiry.At.Format(time.DateOnly), t.Expiry.Source)
}

// GoString describes the token without its value.
func (t NewToken) GoString() string { return t.String() }

// unknownTail ends every ErrOutcomeUnknown message: what the administrator must check before a retry.
const unknownTail = "so the Hub may or may not have created a token. Before creating another, open the Hub's SCIM Token page and check, because a new token may replace the one it just made."

// CreateToken asks the Hub's token endpoint for a new token with the OAuth 2.0 client-credentials
// grant (API mode). Creating a token is not idempotent, so the request is sent at most once per call
// unless the connection was refused before anything was sent, which is retried once after
// RetryPause. Errors are *Error: ErrOutcomeUnknown when the Hub may have created a token without a
// clear answer (the caller must ask the administrator, never retry by itself); ErrInvalidClient,
// ErrRefused, ErrRateLimited, ErrWrongURL, ErrBadURL, ErrUnreachable, ErrTLS or ErrCanceled when it
// certainly did not.
func (c *Client) CreateToken(ctx context.Context, tokenURL, clientID, clientSecret string) (NewToken, error) {
	u, err := safenet.CheckURL(tokenURL)
	if err != nil {
		return NewToken{}, badURLError("token endpoint", err)
	}
	if strings.TrimSpace(clientID) == "" || strings.TrimSpace(clientSecret) == "" {
		return NewToken{}, newError(ErrInvalidClient, 0, nil,
			"The Client ID or Client Secret is missing, so no token was requested. Enter both in Settings; QorusDocs provided them during SCIM setup.")
	}
	for attempt := 1; ; attempt++ {
		var x exchange
		tok, err := c.createOnce(ctx, u.String(), clientID, clientSecret, &x)
		if err == nil {
			return c.newToken(tok, &x)
		}
		e, refusedBeforeSend := c.createError(ctx, u.Host, err, &x, clientSecret, attempt)
		if !refusedBeforeSend || attempt > 1 || !c.pause(ctx) {
			return NewToken{}, withoutSecrets(e, clientSecret)
		}
	}
}

func (c *Client) createOnce(ctx context.Context, tokenURL, id, secret string, x *exchange) (*oauth2.Token, error) {
	hc, ctx, cancel := c.prepare(ctx, x)
	defer cancel()
	style := oauth2.AuthStyleInHeader
	if c.CredentialsInBody {
		style = oauth2.AuthStyleInParams
	}
	// An explicit AuthStyle matters: with auto-detection, x/oauth2 re-sends the request in the other
	// style after any failure, which would be a silent second create.
	cfg := clientcredentials.Config{ClientID: id, ClientSecret: secret, TokenURL: tokenURL, AuthStyle: style}
	return cfg.Token(context.WithValue(ctx, oauth2.HTTPClient, hc))
}

func (c *Client) pause(ctx context.Context) bool {
	t := time.NewTimer(c.RetryPause)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func (c *Client) newToken(tok *oauth2.Token, x *exchange) (NewToken, error) {
	if tok.AccessToken == "" || !headerSafe(tok.AccessToken) {
		return NewToken{}, newError(ErrOutcomeUnknown, x.status, nil,
			"The Hub answered HTTP %d, but its access_token is not a usable token (empty, or with spaces or unusual characters), %s", x.status, unknownTail)
	}
	created := c.now()
	expiresIn := expiresInOf(tok)
	return NewToken{
		Value:     tok.AccessToken,
		TokenType: tok.TokenType,
		ExpiresIn: expiresIn,
		Created:   created,
		Expiry:    DetermineExpiry(tok.AccessToken, expiresIn, created),
	}, nil
}

// expiresInOf reads expires_in from the raw reply: x/oauth2's clientcredentials keeps it only as an
// absolute Expiry computed from the real clock, which the sandbox's shifted clock must not mix with.
// Some servers send the number as a string.
func expiresInOf(tok *oauth2.Token) time.Duration {
	var secs float64
	switch v := tok.Extra("expires_in").(type) {
	case float64:
		secs = v
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			return 0
		}
		secs = float64(n)
	}
	// Beyond a century the value is noise, and Duration would overflow.
	if secs <= 0 || secs > 100*365*24*3600 {
		return 0
	}
	return time.Duration(secs) * time.Second
}

// createError classifies a failed create. The second result is true only for a connection refused
// before anything was sent, the one case that may be retried.
func (c *Client) createError(ctx context.Context, host string, err error, x *exchange, secret string, attempt int) (*Error, bool) {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		return createStatusError(re, secret), false
	}
	var ue *url.Error
	if !errors.As(err, &ue) {
		// The exchange completed with a 2xx, but x/oauth2 could not read a token from the reply.
		return badReplyError(x), false
	}
	kind, detail := classifyNet(ctx, err)
	switch {
	case kind == netRedirect:
		return newError(ErrWrongURL, x.status, err,
			"The token endpoint redirected to an address that was not followed (%s), so no token was created. Check the token endpoint in Settings, or use Discover to fill it in.", detail), false
	case kind == netTooLarge:
		return newError(ErrOutcomeUnknown, x.status, err,
			"The Hub's reply was larger than %d KiB and was not read, %s", safenet.DefaultBodyLimit>>10, unknownTail), false
	case x.connected.Load():
		return sentNoAnswerError(kind, err, c.timeout()), false
	}
	return c.notSentError(kind, detail, host, err, attempt), kind == netRefused
}

// createStatusError words an HTTP error answer from the token endpoint.
//
// A 5xx is treated as ErrOutcomeUnknown: a 500 can come from a step after the token was minted and
// stored (building the reply, a downstream call), and a 502/504 from a proxy says nothing about
// whether the Hub behind it acted. Asking the administrator costs a minute; a silent second token
// may revoke the first one while Okta still uses it.
func createStatusError(re *oauth2.RetrieveError, secret string) *Error {
	st := re.Response.StatusCode
	code := re.ErrorCode
	said := hubSaid(remoteText(re.ErrorDescription, secret))
	label := fmt.Sprintf("HTTP %d", st)
	if code != "" {
		label += " " + remoteText(code, secret)
	}
	e := func(kind error, format string, args ...any) *Error {
		err := newError(kind, st, nil, format, args...)
		err.Code = code
		return err
	}
	switch {
	case code == "invalid_client" || st == http.StatusUnauthorized:
		return e(ErrInvalidClient, "The Hub rejected the Client ID or Secret (%s).%s Check them in Settings, or ask QorusDocs for new ones.", label, said)
	case st == http.StatusTooManyRequests:
		return e(ErrRateLimited, "The Hub is limiting requests (%s), so no token was created. Wait %s and try again.", label, waitText(retryAfter(re.Response.Header)))
	case st >= 500:
		return e(ErrOutcomeUnknown, "The Hub reported an internal error (%s) to the create request.%s %s", label, said, unknownTail)
	case st == http.StatusNotFound || st == http.StatusMethodNotAllowed || st == http.StatusGone:
		return e(ErrWrongURL, "Nothing at the token endpoint accepts token requests (%s), so no token was created. Check the token endpoint in Settings, or use Discover to fill it in.", label)
	case code == "unauthorized_client" || code == "unsupported_grant_type":
		return e(ErrRefused, "The Hub does not let this client create tokens through its API (%s), so no token was created.%s Ask QorusDocs to allow it, or clear the token endpoint in Settings to use Hub-page mode.", label, said)
	case st >= 400 || code != "":
		return e(ErrRefused, "The Hub refused to create a token (%s), so no token was created.%s Check the token endpoint and Client ID in Settings, or use Hub-page mode.", label, said)
	}
	return e(ErrOutcomeUnknown, "The Hub gave an unexpected answer (%s) to the create request, %s", label, unknownTail)
}

// badReplyError words a 2xx reply that holds no readable token.
func badReplyError(x *exchange) *Error {
	var reply struct {
		AccessToken string `json:"access_token"`
	}
	what := "a reply that is not valid JSON"
	switch {
	case len(strings.TrimSpace(string(x.body))) == 0:
		what = "an empty reply"
	case x.looksHTML():
		return newError(ErrOutcomeUnknown, x.status, nil,
			"The Hub answered HTTP %d with a web page instead of a token. The token endpoint is probably wrong (check it in Settings), but the Hub may also have created a token: open its SCIM Token page and check before creating another.", x.status)
	case json.Unmarshal(x.body, &reply) == nil && reply.AccessToken == "":
		what = "a reply without an access_token"
	}
	return newError(ErrOutcomeUnknown, x.status, nil, "The Hub answered HTTP %d with %s, %s", x.status, what, unknownTail)
}

// sentNoAnswerError words a transport failure after the request may have reached the Hub.
func sentNoAnswerError(kind netFailure, err error, timeout time.Duration) *Error {
	switch kind {
	case netTimeout:
		return newError(ErrOutcomeUnknown, 0, err, "The request was sent, but the Hub did not answer within %s, %s", timeout, unknownTail)
	case netCanceled:
		return newError(ErrOutcomeUnknown, 0, err, "Token creation was cancelled after the request was sent, %s", unknownTail)
	}
	return newError(ErrOutcomeUnknown, 0, err, "The connection to the Hub broke after the request was sent, %s", unknownTail)
}

// notSentError words a failure before any byte of the request left this computer.
func (c *Client) notSentError(kind netFailure, detail, host string, err error, attempt int) *Error {
	const nothing = "Nothing was sent, so no token was created."
	switch kind {
	case netCanceled:
		return newError(ErrCanceled, 0, err, "Token creation was cancelled before anything was sent, so no token was created.")
	case netTLS:
		return newError(ErrTLS, 0, err, "The secure connection to %s failed: %s. %s If your network inspects TLS traffic, ask IT to make this computer trust its certificate; otherwise check the token endpoint in Settings.", host, detail, nothing)
	case netTimeout:
		return newError(ErrUnreachable, 0, err, "Could not connect to %s within %s. %s Check your network connection (VPN, proxy) and the token endpoint, then try again.", host, c.timeout(), nothing)
	}
	why := unreachableText(kind)
	if kind == netRefused && attempt > 1 {
		why += ", tried twice"
	}
	return newError(ErrUnreachable, 0, err, "Could not connect to %s (%s). %s Check the token endpoint in Settings and your network connection, then try again.", host, why, nothing)
}
