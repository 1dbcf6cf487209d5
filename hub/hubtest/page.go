package hubtest

import (
	_ "embed"
	"html/template"
	"net/http"
	"time"
)

//go:embed page.html
var pageHTML string

var pageTemplate = template.Must(template.New("page").Parse(pageHTML))

type pageData struct {
	PagePath string
	ClientID string // echoed back after a failed attempt; the secret never is
	Error    string
	Token    string
	Created  string
	Expires  string
	Grace    string
}

// handlePage shows the SCIM Token page with an empty form.
func (s *Server) handlePage(w http.ResponseWriter, _ *http.Request) {
	s.count(func(c *Counts) { c.PageViews++ })
	s.render(w, http.StatusOK, pageData{})
}

// handlePageCreate is the form's Create Token: it checks the credentials and shows the new token.
func (s *Server) handlePageCreate(w http.ResponseWriter, r *http.Request) {
	s.count(func(c *Counts) { c.PageCreates++ })
	// The page is served on loopback; refuse form posts from other origins so a web page elsewhere
	// cannot mint tokens in the background.
	if o := r.Header.Get("Origin"); o != "" && o != "null" && o != s.URL() {
		http.Error(w, "Cross-origin form posts are refused.", http.StatusForbidden)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "The form could not be read.", http.StatusBadRequest)
		return
	}
	id := r.PostForm.Get("client_id")
	tok, exp, err := s.issue(id, r.PostForm.Get("client_secret"))
	if err != nil {
		s.render(w, http.StatusUnauthorized, pageData{ClientID: id, Error: "The Client ID or Client Secret is not correct. Check the values provided during SCIM setup and try again."})
		return
	}
	s.render(w, http.StatusOK, pageData{
		Token:   tok,
		Created: s.now().Format("2 January 2006, 15:04"),
		Expires: exp.Format("2 January 2006"),
	})
}

func (s *Server) render(w http.ResponseWriter, status int, d pageData) {
	d.PagePath = PagePath
	if s.opts.Grace > 0 {
		d.Grace = s.opts.Grace.Round(time.Second).String()
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
	w.WriteHeader(status)
	_ = pageTemplate.Execute(w, d)
}
