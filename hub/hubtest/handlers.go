package hubtest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// faulted applies the target's fault, if any, and reports whether the request has been answered.
// FaultSlow delays and then lets the request proceed normally.
func (s *Server) faulted(w http.ResponseWriter, r *http.Request, t Target) bool {
	switch f := s.fault(t); f {
	case FaultNone:
		return false
	case FaultSlow:
		if !s.wait(r) {
			drop(w)
			return true
		}
		return false
	case FaultDropConnection:
		drop(w)
		return true
	default:
		return writeBodyFault(w, t, f)
	}
}

// handleToken is the OAuth 2.0 client-credentials token endpoint (RFC 6749 §4.4).
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	s.count(func(c *Counts) { c.TokenRequests++ })
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		oauthError(w, http.StatusMethodNotAllowed, "invalid_request", "Use POST.")
		return
	}
	// Slow and dropped replies come after the token is minted: the cases where a create did create.
	f := s.fault(TargetToken)
	if f != FaultSlow && f != FaultDropConnection && s.faulted(w, r, TargetToken) {
		return
	}
	id, secret, basic, ok := clientCredentials(w, r)
	if !ok {
		return
	}
	if r.PostForm.Get("grant_type") != "client_credentials" {
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "Only client_credentials is supported.")
		return
	}
	tok, exp, err := s.issue(id, secret)
	if err != nil {
		if basic {
			w.Header().Set("WWW-Authenticate", `Basic realm="QorusDocs Hub"`)
		}
		oauthError(w, http.StatusUnauthorized, "invalid_client", "Client authentication failed.")
		return
	}
	if f == FaultDropConnection || (f == FaultSlow && !s.wait(r)) {
		drop(w)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": tok,
		"token_type":   "Bearer",
		"expires_in":   int64(exp.Sub(s.now()).Seconds()),
	})
}

// clientCredentials reads the client's credentials from HTTP Basic (form-encoded, RFC 6749 §2.3.1)
// or from the form body, refusing requests that use both.
func clientCredentials(w http.ResponseWriter, r *http.Request) (id, secret string, basic, ok bool) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "The request body is not a form.")
		return "", "", false, false
	}
	bid, bsecret, basic := r.BasicAuth()
	fid, fsecret := r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	if basic && fsecret != "" {
		oauthError(w, http.StatusBadRequest, "invalid_request", "Use one way of sending client credentials, not two.")
		return "", "", false, false
	}
	if !basic {
		return fid, fsecret, false, true
	}
	id, err1 := url.QueryUnescape(bid)
	secret, err2 := url.QueryUnescape(bsecret)
	if err1 != nil || err2 != nil {
		id, secret = bid, bsecret
	}
	return id, secret, true, true
}

func (s *Server) handleDiscovery(w http.ResponseWriter, r *http.Request) {
	s.count(func(c *Counts) { c.Discovery++ })
	if s.faulted(w, r, TargetDiscovery) {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                s.URL(),
		"token_endpoint":                        s.TokenURL(),
		"grant_types_supported":                 []string{"client_credentials"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post"},
		"response_types_supported":              []string{"token"},
	})
}

// handleUsers is SCIM GET /Users with startIndex, count and a userName eq filter.
func (s *Server) handleUsers(w http.ResponseWriter, r *http.Request) {
	s.count(func(c *Counts) { c.SCIMRequests++ })
	if s.fault(TargetSCIM) == Fault401 {
		s.reject(w, bearer(r), "The token is not valid.")
		return
	}
	if s.faulted(w, r, TargetSCIM) {
		return
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		writeSCIMError(w, http.StatusMethodNotAllowed, "Only GET is supported by this fake.")
		return
	}
	tok := bearer(r)
	if why := s.check(tok); why != "" {
		s.reject(w, tok, why)
		return
	}
	users, ok := filterUsers(demoUsers, r.URL.Query().Get("filter"))
	if !ok {
		writeSCIMError(w, http.StatusBadRequest, "Only filters of the form userName eq \"…\" are supported.")
		return
	}
	start := queryInt(r, "startIndex", 1, 1)
	count := queryInt(r, "count", 100, 0)
	page := []map[string]any{}
	for i := start - 1; i < len(users) && len(page) < count; i++ {
		page = append(page, users[i].resource(s.SCIMBase()))
	}
	w.Header().Set("Content-Type", "application/scim+json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"schemas":      []string{"urn:ietf:params:scim:api:messages:2.0:ListResponse"},
		"totalResults": len(users),
		"startIndex":   start,
		"itemsPerPage": len(page),
		"Resources":    page,
	})
}

func (s *Server) reject(w http.ResponseWriter, token, why string) {
	s.count(func(c *Counts) { c.SCIMRejected++ })
	if s.opts.OnRejected != nil {
		s.opts.OnRejected(token)
	}
	w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	writeSCIMError(w, http.StatusUnauthorized, why)
}

func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

func queryInt(r *http.Request, name string, def, minimum int) int {
	n, err := strconv.Atoi(r.URL.Query().Get(name))
	if err != nil {
		return def
	}
	return max(n, minimum)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func oauthError(w http.ResponseWriter, status int, code, description string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": description})
}

func writeSCIMError(w http.ResponseWriter, status int, detail string) {
	w.Header().Set("Content-Type", "application/scim+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:Error"},
		"status":  strconv.Itoa(status),
		"detail":  detail,
	})
}
