package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
)

// serverDirt is what a hostile or broken server puts around what it echoes: terminal escape sequences
// that would set the terminal's title, clear the screen and colour the rest, and a bell.
const serverDirt = "\x1b]0;pwned\x07\x1b[2J\x1b[31m"

// echoHandler answers every request with an error that quotes what it was sent, the Authorization
// header and the body (a client secret, a bearer token), wrapped in serverDirt: the worst a server can
// do to an error text. Under /scim it is a SCIM endpoint's 401 in plain text; anywhere else a token
// endpoint's OAuth error, whose error_description the app quotes as the Hub's own words.
func echoHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 4096))
		said := serverDirt + "you sent " + r.Header.Get("Authorization") + " with " + string(body) + serverDirt
		if strings.HasPrefix(r.URL.Path, "/scim") {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, said)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": "invalid_request", "error_description": said})
	})
}
