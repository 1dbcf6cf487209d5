package oktatest

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Seeded apps, stable so the sandbox can pre-fill profiles with them.
const (
	SCIMAppID      = "0oaqd5cim2test0app01" // scim2testapp: its connection answers UNKNOWN
	SCIMAppName    = "scim2testapp"
	SCIMAppLabel   = "QorusDocs SCIM"
	Org2OrgAppID   = "0oaqd0rg2org0app0002" // okta_org2org: its connection takes tokens
	Org2OrgAppName = "okta_org2org"
	Org2OrgLabel   = "QorusDocs SCIM (Org2Org)"
)

// ConnectionKind is how an app's provisioning connection answers Okta's Connections API.
type ConnectionKind int

// Connection kinds.
const (
	ConnectionUnknown ConnectionKind = iota // reads profile.authScheme UNKNOWN, status UNKNOWN; a POST changes nothing
	ConnectionToken                         // TOKEN: a POST sets the token
	ConnectionOAuth                         // OAUTH2, ENABLED
)

// App is an app instance in the fake org.
type App struct {
	ID         string // generated when empty
	Name       string // catalog key, e.g. scim2testapp; "bookmark" for BOOKMARK apps
	Label      string
	Status     string // ACTIVE when empty
	SignOnMode string // SAML_2_0 when empty
	Features   []string
	Connection ConnectionKind
	BaseURL    string // the SCIM base URL shown on the Provisioning page
	Token      string // the token the app starts with
	// ActivateFails makes a POST with activate=true leave a token connection DISABLED, to exercise
	// the client's read-back.
	ActivateFails bool
}

type app struct {
	App
	status  string // connection status
	created time.Time
}

func (s *Server) seed() {
	s.AddApp(
		App{
			ID: SCIMAppID, Name: SCIMAppName, Label: SCIMAppLabel, Connection: ConnectionUnknown,
			Features: []string{"PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION"},
			BaseURL:  "https://hub.qorusdocs.example/scim/v2",
		},
		App{
			ID: Org2OrgAppID, Name: Org2OrgAppName, Label: Org2OrgLabel, Connection: ConnectionToken,
			Features: []string{"PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION", "REACTIVATE_USERS"},
		},
	)
	products := []string{"Slack", "Zoom", "Box", "Salesforce", "Workday", "GitHub", "Atlassian Cloud", "DocuSign"}
	teams := []string{"Sales", "Legal", "Finance", "Marketing", "Engineering", "Support"}
	var fillers []App
	for i, p := range products {
		for j, t := range teams {
			a := App{Label: p + " " + t, Name: strings.ToLower(strings.ReplaceAll(p, " ", "")), SignOnMode: "SAML_2_0"}
			if (i+j)%3 == 0 {
				a.Name, a.SignOnMode = "bookmark", "BOOKMARK"
			}
			fillers = append(fillers, a)
		}
	}
	s.AddApp(fillers...)
}

// AddApp adds apps to the org and returns their ids.
func (s *Server) AddApp(apps ...App) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, 0, len(apps))
	for _, a := range apps {
		s.seq++
		if a.ID == "" {
			a.ID = fmt.Sprintf("0oa%013dfake", s.seq)
		}
		if a.Status == "" {
			a.Status = "ACTIVE"
		}
		if a.SignOnMode == "" {
			a.SignOnMode = "SAML_2_0"
		}
		st := &app{App: a, created: s.now().Add(-time.Duration(1000-s.seq) * time.Hour)}
		switch a.Connection {
		case ConnectionToken:
			st.status = "DISABLED"
			if a.Token != "" {
				st.status = "ENABLED"
			}
		case ConnectionOAuth:
			st.status = "ENABLED"
		default:
			st.status = "UNKNOWN"
		}
		s.apps = append(s.apps, st)
		s.byID[a.ID] = st
		ids = append(ids, a.ID)
	}
	return ids
}

// Token returns the token the app holds now (tests compare it; never print it).
func (s *Server) Token(appID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.byID[appID]; a != nil {
		return a.Token
	}
	return ""
}

// SetToken puts a token on an app directly, as if the admin had saved it earlier.
func (s *Server) SetToken(appID, token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.byID[appID]; a != nil {
		a.setToken(token, true)
	}
}

// ConnectionStatus returns the app's provisioning connection status (ENABLED, DISABLED, UNKNOWN).
func (s *Server) ConnectionStatus(appID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.byID[appID]; a != nil {
		return a.status
	}
	return ""
}

func (a *app) setToken(token string, activate bool) {
	a.Token = token
	if a.Connection == ConnectionToken && activate && !a.ActivateFails {
		a.status = "ENABLED"
	}
}

func (s *Server) listApps(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit := s.opts.PageSize
	if n, err := strconv.Atoi(q.Get("limit")); err == nil && n > 0 && n < limit {
		limit = n
	}
	prefix := strings.ToLower(q.Get("q"))
	after := q.Get("after")
	s.mu.Lock()
	var page []map[string]any
	started, more := after == "", false
	last := ""
	for _, a := range s.apps {
		if !started {
			started = a.ID == after
			continue
		}
		if prefix != "" && !strings.HasPrefix(strings.ToLower(a.Name), prefix) && !strings.HasPrefix(strings.ToLower(a.Label), prefix) {
			continue
		}
		if len(page) == limit {
			more = true
			break
		}
		page = append(page, s.appJSON(a))
		last = a.ID
	}
	s.mu.Unlock()
	if page == nil {
		page = []map[string]any{}
	}
	self := s.URL() + r.URL.RequestURI()
	w.Header().Add("Link", "<"+self+`>; rel="self"`)
	if more {
		q.Set("after", last)
		q.Set("limit", strconv.Itoa(limit))
		w.Header().Add("Link", "<"+s.URL()+"/api/v1/apps?"+q.Encode()+`>; rel="next"`)
	}
	s.writeJSON(w, http.StatusOK, page)
}

func (s *Server) getApp(w http.ResponseWriter, r *http.Request) { s.serveApp(w, r, s.appJSON) }

// serveApp answers a read of one app's resource: render builds the body under the lock, an unknown app
// gets Okta's E0000007.
func (s *Server) serveApp(w http.ResponseWriter, r *http.Request, render func(*app) map[string]any) {
	s.mu.Lock()
	a := s.byID[r.PathValue("appId")]
	var body map[string]any
	if a != nil {
		body = render(a)
	}
	s.mu.Unlock()
	if a == nil {
		s.notFound(w, r.PathValue("appId"))
		return
	}
	s.writeJSON(w, http.StatusOK, body)
}

func (s *Server) notFound(w http.ResponseWriter, id string) {
	s.writeError(w, http.StatusNotFound, "E0000007", "Not found: Resource not found: "+id+" (AppInstance)")
}

// appJSON renders an app as Okta does (a subset). Called with s.mu held.
func (s *Server) appJSON(a *app) map[string]any {
	self := s.URL() + "/api/v1/apps/" + url.PathEscape(a.ID)
	features := a.Features
	if features == nil {
		features = []string{}
	}
	settings := map[string]any{"app": map[string]any{}, "notes": map[string]any{"admin": "", "enduser": ""}}
	if a.SignOnMode == "BOOKMARK" {
		settings["app"] = map[string]any{"url": "https://intranet.example.com/" + url.PathEscape(strings.ToLower(a.Label)), "requestIntegration": false}
	}
	ts := a.created.Format("2006-01-02T15:04:05.000Z")
	return map[string]any{
		"id": a.ID, "name": a.Name, "label": a.Label, "status": a.Status, "signOnMode": a.SignOnMode,
		"created": ts, "lastUpdated": ts, "features": features,
		"accessibility": map[string]any{"selfService": false},
		"visibility":    map[string]any{"autoSubmitToolbar": false, "hide": map[string]any{"iOS": false, "web": false}},
		"settings":      settings,
		"_links": map[string]any{
			"self":       map[string]any{"href": self},
			"users":      map[string]any{"href": self + "/users"},
			"groups":     map[string]any{"href": self + "/groups"},
			"deactivate": map[string]any{"href": self + "/lifecycle/deactivate", "hints": map[string]any{"allow": []string{"POST"}}},
		},
	}
}
