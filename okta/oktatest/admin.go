package oktatest

import (
	_ "embed"
	"html/template"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:embed admin.html
var adminHTML string

var adminTmpl = template.Must(template.New("admin").Parse(adminHTML))

type adminView struct {
	Org, Label, Initial, Status, Name, ID, BaseURL, Action, CSRF, Error string
	HasToken, Saved                                                     bool
}

// adminPage serves the app's Provisioning tab, the page AdminDeepLink opens for a loopback org.
func (s *Server) adminPage(w http.ResponseWriter, r *http.Request) {
	s.renderAdmin(w, r, r.URL.Query().Get("saved") == "1", "")
}

// adminSave is the Provisioning tab's Save: it sets the app's token (and base URL), the manual path.
func (s *Server) adminSave(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.renderAdmin(w, r, false, "The form could not be read; try again.")
		return
	}
	if !equalSecret(r.PostForm.Get("csrf"), s.csrf) {
		s.renderAdmin(w, r, false, "The page expired; reload it and save again.")
		return
	}
	token := strings.TrimSpace(r.PostForm.Get("token"))
	if token == "" {
		s.renderAdmin(w, r, false, "Enter the OAuth Bearer Token.")
		return
	}
	s.mu.Lock()
	a := s.lookupAdmin(r)
	if a != nil {
		a.setToken(token, true)
		if b := strings.TrimSpace(r.PostForm.Get("baseUrl")); b != "" {
			a.BaseURL = b
		}
	}
	s.mu.Unlock()
	if a == nil {
		http.NotFound(w, r)
		return
	}
	http.Redirect(w, r, r.URL.Path+"?saved=1#tab-provisioning", http.StatusSeeOther)
}

// lookupAdmin finds the app a console path names; called with s.mu held.
func (s *Server) lookupAdmin(r *http.Request) *app {
	a := s.byID[r.PathValue("appId")]
	if a == nil || a.Name != r.PathValue("appName") {
		return nil
	}
	return a
}

func (s *Server) renderAdmin(w http.ResponseWriter, r *http.Request, saved bool, problem string) {
	s.mu.Lock()
	a := s.lookupAdmin(r)
	var v adminView
	if a != nil {
		v = adminView{
			Org: strings.TrimPrefix(s.URL(), "http://"), Label: a.Label, Initial: initial(a.Label),
			Status: titleCase(a.Status), Name: a.Name, ID: a.ID,
			BaseURL: a.BaseURL, Action: r.URL.Path, CSRF: s.csrf, Error: problem,
			HasToken: a.Token != "", Saved: saved && problem == "",
		}
	}
	s.mu.Unlock()
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	if a == nil {
		http.Error(w, "404: no app instance at this address in the fake Okta org", http.StatusNotFound)
		return
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	if problem != "" {
		w.WriteHeader(http.StatusBadRequest)
	}
	_ = adminTmpl.Execute(w, v)
}

// titleCase turns ACTIVE into Active, as the console shows it.
func titleCase(s string) string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + strings.ToLower(s[1:])
}

func initial(label string) string {
	r, _ := utf8.DecodeRuneInString(label)
	if r == utf8.RuneError || !unicode.IsPrint(r) {
		return "?"
	}
	return string(unicode.ToUpper(r))
}
