package okta

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"scimrenew/safenet"
)

// tokenBodyLimit bounds the token endpoint's answer.
const tokenBodyLimit = 64 << 10

// exchange trades a client assertion for an access token. It follows Okta's DPoP dance: a
// use_dpop_nonce answer is retried with the nonce given, and an invalid_dpop_proof answer switches DPoP
// on (or off, if it was on) once, so a service app works whichever way "Require DPoP" is set in Okta.
// Called with a.mu held.
func (a *serviceAuth) exchange(ctx context.Context, scopes []string) (tokenResponse, error) {
	toggled, nonceRetried := false, false
	for attempt := 0; attempt < 4; attempt++ {
		resp, body, err := a.postToken(ctx, scopes)
		if err != nil {
			return tokenResponse{}, err
		}
		if resp.StatusCode == http.StatusOK {
			return a.decodeToken(body)
		}
		e := newAPIError(resp, body, "get an access token for the service app", strings.Join(scopes, " "), kindServiceApp, a.token)
		switch {
		case e.Code == "use_dpop_nonce" && !nonceRetried && a.dpop.asNonce != "":
			nonceRetried = true
			a.dpop.on = true
			continue
		case e.Code == "invalid_dpop_proof" && !toggled:
			toggled = true
			a.dpop.on = !a.dpop.on
			continue
		}
		if e.Code == "invalid_scope" {
			e.Scope = strings.Join(scopes, ", ")
		}
		return tokenResponse{}, e
	}
	return tokenResponse{}, &APIError{
		Status: http.StatusBadRequest, Code: "invalid_dpop_proof",
		Summary: "Okta kept refusing the DPoP proof", op: "get an access token for the service app", cred: kindServiceApp,
	}
}

func (a *serviceAuth) postToken(ctx context.Context, scopes []string) (*http.Response, []byte, error) {
	form, err := a.tokenForm(scopes)
	if err != nil {
		return nil, nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.tokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, nil, fmt.Errorf("okta: building the token request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", userAgent)
	if a.dpop.on {
		proof, err := a.dpop.proof(http.MethodPost, req.URL, a.dpop.asNonce, "", a.env.now())
		if err != nil {
			return nil, nil, err
		}
		req.Header.Set("DPoP", proof)
	}
	const op = "get an access token for the service app"
	resp, err := a.env.http.Do(req)
	if err != nil {
		return nil, nil, netError(ctx, a.env.org.Host, op, err)
	}
	defer resp.Body.Close()
	if n := resp.Header.Get("DPoP-Nonce"); n != "" {
		a.dpop.asNonce = n
	}
	body, err := safenet.ReadBody(resp.Body, tokenBodyLimit)
	if err != nil {
		if errors.Is(err, safenet.ErrBodyTooLarge) {
			return nil, nil, fmt.Errorf("okta: the token endpoint sent an oversized reply: %w", err)
		}
		return nil, nil, netError(ctx, a.env.org.Host, op, err)
	}
	return resp, body, nil
}

func (a *serviceAuth) decodeToken(body []byte) (tokenResponse, error) {
	var tr tokenResponse
	if err := json.Unmarshal(body, &tr); err != nil {
		return tokenResponse{}, fmt.Errorf("okta: %s/oauth2/v1/token did not answer with an OAuth token; check the Okta org URL in Settings: %w", a.env.org, err)
	}
	switch {
	case tr.AccessToken == "":
		return tokenResponse{}, fmt.Errorf("okta: Okta's token endpoint answered without an access token")
	case strings.EqualFold(tr.TokenType, "DPoP"):
		tr.TokenType = "DPoP"
	case strings.EqualFold(tr.TokenType, "Bearer"):
		tr.TokenType = "Bearer"
	default:
		return tokenResponse{}, fmt.Errorf("okta: Okta issued a token of unknown type %q", serverText(tr.TokenType, 40, tr.AccessToken))
	}
	if tr.ExpiresIn <= 0 {
		tr.ExpiresIn = 3600
	}
	return tr, nil
}
