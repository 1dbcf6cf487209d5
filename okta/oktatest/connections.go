package oktatest

import (
	"encoding/json"
	"io"
	"net/http"
)

// connectionJSON renders a provisioning connection as Okta does; it never includes the token.
// Called with s.mu held.
func (s *Server) connectionJSON(a *app) map[string]any {
	base := s.URL() + "/api/v1/apps/" + a.ID + "/connections/default"
	switch a.Connection {
	case ConnectionToken:
		out := map[string]any{
			"authScheme": "TOKEN",
			"profile":    map[string]any{"authScheme": "TOKEN"},
			"status":     a.status,
			"_links": map[string]any{
				"self":       map[string]any{"href": base, "hints": map[string]any{"allow": []string{"GET", "POST"}}},
				"activate":   map[string]any{"href": base + "/lifecycle/activate", "hints": map[string]any{"allow": []string{"POST"}}},
				"deactivate": map[string]any{"href": base + "/lifecycle/deactivate", "hints": map[string]any{"allow": []string{"POST"}}},
			},
		}
		if a.BaseURL != "" {
			out["baseUrl"] = a.BaseURL
		}
		return out
	case ConnectionOAuth:
		return map[string]any{"profile": map[string]any{"authScheme": "OAUTH2"}, "status": a.status}
	}
	return map[string]any{"profile": map[string]any{"authScheme": "UNKNOWN"}, "status": "UNKNOWN"}
}

func (s *Server) getConnection(w http.ResponseWriter, r *http.Request) {
	s.serveApp(w, r, s.connectionJSON)
}

type tokenRequest struct {
	Profile *struct {
		AuthScheme string  `json:"authScheme"`
		Token      *string `json:"token"`
	} `json:"profile"`
}

func (s *Server) postConnection(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	var req tokenRequest
	if err == nil {
		err = json.Unmarshal(body, &req)
	}
	clear(body)
	if err != nil || req.Profile == nil {
		s.writeError(w, http.StatusBadRequest, "E0000003", "The request body was not well-formed.")
		return
	}
	if req.Profile.AuthScheme != "TOKEN" {
		s.writeError(w, http.StatusBadRequest, "E0000001", "Api validation failed: authScheme", "authScheme: The field cannot be left blank or is not supported for this app")
		return
	}
	if req.Profile.Token == nil || *req.Profile.Token == "" {
		s.writeError(w, http.StatusBadRequest, "E0000001", "Api validation failed: token", "token: The field cannot be left blank")
		return
	}
	activate := r.URL.Query().Get("activate") == "true"
	s.mu.Lock()
	a := s.byID[r.PathValue("appId")]
	var out map[string]any
	if a != nil {
		// Okta answers apps outside the Connections API with 200 and UNKNOWN, changing nothing.
		if a.Connection == ConnectionToken {
			a.setToken(*req.Profile.Token, activate)
		}
		out = s.connectionJSON(a)
	}
	s.mu.Unlock()
	if a == nil {
		s.notFound(w, r.PathValue("appId"))
		return
	}
	s.writeJSON(w, http.StatusOK, out)
}
