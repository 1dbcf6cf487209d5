package okta

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"scimrenew/redact"
)

// ErrConnectionsUnsupported reports that Okta's Connections API cannot set a token for this app (its
// provisioning connection reads UNKNOWN, or uses OAuth 2.0 rather than a token): the admin pastes the
// token on the app's Provisioning tab instead, through AdminDeepLink.
var ErrConnectionsUnsupported = errors.New("okta: this app's provisioning connection cannot be set through Okta's API; paste the token on the app's Provisioning tab instead")

// ErrConnectionNotEnabled reports that Okta accepted a token but the provisioning connection did not
// read back as ENABLED afterwards.
var ErrConnectionNotEnabled = errors.New("okta: Okta took the token but the provisioning connection is not enabled")

// ErrNoCredential reports a Client built without an Okta credential; without one the app works in
// deep-link mode only.
var ErrNoCredential = errors.New("okta: no Okta credential is configured (the app can still open the Provisioning tab for you); add an API token or a service app in Settings to use Okta's API")

// Okta error codes callers branch on (errorCode in Okta's error JSON).
const (
	CodeInvalidToken = "E0000011" // the credential is invalid or expired
	CodeForbidden    = "E0000006" // the credential lacks a permission (scope or admin role)
	CodeNotFound     = "E0000007" // no such resource, e.g. app id
	CodeRateLimited  = "E0000047" // rate limit exceeded
)

// APIError is a refusal from Okta: its error JSON (errorCode, errorSummary, errorCauses), or an OAuth
// token-endpoint error (error, error_description) whose code is then the OAuth one, e.g.
// "invalid_client". Error() says what the admin can do about it.
type APIError struct {
	Status  int      // HTTP status
	Code    string   // Okta errorCode (E0000011...) or OAuth error (invalid_client...)
	Summary string   // errorSummary or error_description
	Causes  []string // errorCauses[].errorSummary
	ID      string   // errorId, which Okta support can look up
	Scope   string   // the OAuth scope the call needs, when known
	Reset   time.Time
	op      string // what was being done, e.g. "list the Okta apps"
	cred    string // the credential kind, for advice
}

// Error explains the refusal and the fix.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("okta: ")
	b.WriteString(e.headline())
	b.WriteString(" (HTTP ")
	fmt.Fprint(&b, e.Status)
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Summary != "" {
		b.WriteString(": " + strings.TrimSuffix(e.Summary, "."))
	}
	if len(e.Causes) > 0 {
		b.WriteString(": " + strings.Join(e.Causes, "; "))
	}
	if e.ID != "" {
		b.WriteString(", Okta error id " + e.ID)
	}
	b.WriteString(")")
	if a := e.advice(); a != "" {
		b.WriteString("; " + a)
	}
	return b.String()
}

func (e *APIError) headline() string {
	op := e.op
	if op == "" {
		op = "do this"
	}
	switch {
	case e.Code == CodeInvalidToken || (e.Code == "" && e.Status == http.StatusUnauthorized):
		if e.cred == kindServiceApp {
			return "Okta rejected the service app's access token as invalid or expired"
		}
		return "Okta rejected the Okta API token as invalid or expired"
	case e.Code == CodeForbidden || (e.Code == "" && e.Status == http.StatusForbidden):
		return "the Okta credential is not allowed to " + op
	case e.Code == CodeNotFound:
		return "Okta found no such app when trying to " + op
	case e.Code == CodeRateLimited || e.Status == http.StatusTooManyRequests:
		return "Okta's rate limit stopped the attempt to " + op
	case isOAuthCode(e.Code):
		return "Okta refused to issue an access token to the service app"
	case e.Status >= 500:
		return "Okta failed with a server error while trying to " + op
	}
	return "Okta refused to " + op
}

func (e *APIError) advice() string {
	switch {
	case e.Code == CodeInvalidToken || (e.Code == "" && e.Status == http.StatusUnauthorized):
		if e.cred == kindServiceApp {
			return "check the service app's Client ID and key in Settings, and that the key is still active in Okta"
		}
		return "create a new API token in the Okta Admin Console (Security > API > Tokens; Okta expires tokens unused for 30 days) and enter it in Settings"
	case e.Code == CodeForbidden || (e.Code == "" && e.Status == http.StatusForbidden):
		return e.forbiddenAdvice()
	case e.Code == CodeNotFound:
		return "check the Okta app id in Settings, or use Find my app"
	case e.Code == CodeRateLimited || e.Status == http.StatusTooManyRequests:
		if !e.Reset.IsZero() {
			return "try again after " + e.Reset.Local().Format("15:04:05")
		}
		return "wait a minute and try again"
	case isOAuthCode(e.Code):
		return oauthAdvice(e.Code, e.Scope)
	case e.Status >= 500:
		return "try again later; if it persists, check https://status.okta.com"
	}
	return ""
}

func (e *APIError) forbiddenAdvice() string {
	scope := "the " + e.Scope
	if e.Scope == "" {
		scope = "the needed"
	}
	if e.cred == kindServiceApp {
		return fmt.Sprintf("grant %s scope to the service app in the Okta Admin Console (Applications > the service app > Okta API Scopes) and give it an admin role that covers this app", scope)
	}
	return fmt.Sprintf("use an API token created by an admin whose role allows this (%s scope; an Application Administrator or Super Administrator for apps, a Read-only Administrator or higher for the System Log)", scope)
}

func isOAuthCode(code string) bool {
	return code != "" && !strings.HasPrefix(code, "E0")
}

func oauthAdvice(code, scope string) string {
	switch code {
	case "invalid_client":
		return "check the service app's Client ID in Settings, that it uses Public key / Private key client authentication, and that the public key shown in Settings is added and Active in Okta"
	case "invalid_scope":
		if scope == "" {
			scope = strings.Join(DefaultScopes, ", ")
		}
		return "grant " + scope + " to the service app in the Okta Admin Console (Applications > the service app > Okta API Scopes)"
	case "unauthorized_client":
		return "allow the Client Credentials grant for the service app in Okta"
	case "invalid_dpop_proof", "use_dpop_nonce":
		return "check the service app's setting \"Require Demonstrating Proof of Possession (DPoP) header in token requests\" in Okta (General > Client Credentials); SCIM Renew supports either choice, so try again, and turn it off if the error persists"
	}
	return "check the service app's settings in Okta"
}

// okta's error body; both Okta's API form and the OAuth form are decoded from the same bytes.
type errorBody struct {
	Code    string `json:"errorCode"`
	Summary string `json:"errorSummary"`
	ID      string `json:"errorId"`
	Causes  []struct {
		Summary string `json:"errorSummary"`
	} `json:"errorCauses"`
	OAuthError string `json:"error"`
	OAuthDesc  string `json:"error_description"`
}

// maxCauses is the most of Okta's errorCauses an APIError quotes.
const maxCauses = 3

// newAPIError decodes an error response; a body that is not Okta's JSON still yields an APIError
// with the HTTP status, so callers can rely on the type. Every text Okta sent goes through serverText
// with the secrets the request carried, so an echoed credential or token is blanked before clipping.
func newAPIError(resp *http.Response, body []byte, op, scope, cred string, secrets ...string) *APIError {
	e := &APIError{Status: resp.StatusCode, op: op, Scope: scope, cred: cred}
	var eb errorBody
	if json.Unmarshal(body, &eb) == nil {
		e.Code, e.Summary, e.ID = eb.Code, eb.Summary, eb.ID
		for _, c := range eb.Causes {
			if c := serverText(c.Summary, 300, secrets...); c != "" && len(e.Causes) < maxCauses {
				e.Causes = append(e.Causes, c)
			}
		}
		if e.Code == "" && eb.OAuthError != "" {
			e.Code, e.Summary = eb.OAuthError, eb.OAuthDesc
		}
	}
	if e.Code == "" && e.Summary == "" {
		e.Summary = http.StatusText(resp.StatusCode)
	}
	if s := challengeParam(resp.Header.Values("WWW-Authenticate"), "scope"); s != "" {
		e.Scope = s
	}
	e.Code = serverText(e.Code, 60, secrets...)
	e.ID = serverText(e.ID, 60, secrets...)
	e.Scope = serverText(e.Scope, 300, secrets...)
	e.Summary = serverText(e.Summary, 300, secrets...)
	return e
}

// serverText makes text Okta sent safe to quote: redact's pipeline blanks the given secrets in every
// encoding (and anything that looks like a credential), strips control characters, then clips to
// limit characters.
func serverText(s string, limit int, secrets ...string) string {
	return redact.Pipeline{Secrets: secrets, Limit: limit}.Text(s)
}

// clip shortens s to about n bytes without splitting a UTF-8 sequence.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "..."
}
