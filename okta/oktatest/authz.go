package oktatest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// authorized checks the request's credential (SSWS, Bearer or DPoP) and the scope the route needs,
// answering as Okta does: 401 E0000011 for a bad credential, 403 E0000006 for a missing scope.
func (s *Server) authorized(scope string, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, cred, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		switch {
		case strings.EqualFold(scheme, "SSWS"):
			if !equalSecret(cred, s.opts.SSWSToken) {
				s.writeError(w, http.StatusUnauthorized, "E0000011", "Invalid token provided")
				return
			}
			h(w, r) // an API token acts as its (super) admin: every scope
		case strings.EqualFold(scheme, "Bearer") || strings.EqualFold(scheme, "DPoP"):
			scopes, ok := s.checkAccessToken(w, r, scheme, cred)
			if !ok {
				return
			}
			if !slices.Contains(scopes, scope) {
				w.Header().Set("WWW-Authenticate", fmt.Sprintf(`%s authorization_uri="%s/oauth2/v1/authorize", realm="%s", scope="%s", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="%s"`,
					canonicalScheme(scheme), s.URL(), s.URL(), scope, r.URL.Path))
				s.writeError(w, http.StatusForbidden, "E0000006", "You do not have permission to perform the requested action")
				return
			}
			h(w, r)
		default:
			s.writeError(w, http.StatusUnauthorized, "E0000011", "Invalid token provided")
		}
	})
}

func canonicalScheme(scheme string) string {
	if strings.EqualFold(scheme, "DPoP") {
		return "DPoP"
	}
	return "Bearer"
}

// checkAccessToken validates an OAuth access token, and its DPoP proof when the token is bound to a
// key, and returns the token's scopes; it has answered the request when ok is false.
func (s *Server) checkAccessToken(w http.ResponseWriter, r *http.Request, scheme, cred string) ([]string, bool) {
	s.mu.Lock()
	at := s.tokens[cred]
	s.mu.Unlock()
	if at == nil || !s.now().Before(at.expires) {
		s.rejectToken(w, scheme, "invalid_token", "The access token is invalid.")
		return nil, false
	}
	dpop := strings.EqualFold(scheme, "DPoP")
	switch {
	case at.jkt != "" && !dpop:
		s.rejectToken(w, scheme, "invalid_token", "The access token is DPoP-bound; send it with the DPoP scheme and a proof.")
		return nil, false
	case at.jkt == "" && dpop:
		s.rejectToken(w, scheme, "invalid_token", "The access token is not DPoP-bound.")
		return nil, false
	case !dpop:
		return at.scopes, true
	}
	jkt, nonce, problem := s.checkProof(r.Header.Get("DPoP"), r.Method, s.URL()+r.URL.Path, cred)
	if problem != "" || jkt != at.jkt {
		s.rejectToken(w, scheme, "invalid_dpop_proof", "The DPoP proof is invalid or does not match the access token.")
		return nil, false
	}
	if s.opts.DPoPAPINonce {
		s.mu.Lock()
		want := s.apiNonce
		s.mu.Unlock()
		if nonce != want {
			w.Header().Set("DPoP-Nonce", want)
			s.rejectToken(w, scheme, "use_dpop_nonce", "Resource server requires nonce in DPoP proof.")
			return nil, false
		}
	}
	return at.scopes, true
}

func (s *Server) rejectToken(w http.ResponseWriter, scheme, code, desc string) {
	w.Header().Set("WWW-Authenticate", fmt.Sprintf(`%s authorization_uri="%s/oauth2/v1/authorize", realm="%s", error="%s", error_description="%s"`,
		canonicalScheme(scheme), s.URL(), s.URL(), code, desc))
	s.writeError(w, http.StatusUnauthorized, "E0000011", "Invalid token provided")
}
