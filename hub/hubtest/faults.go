package hubtest

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Target selects which endpoints a fault applies to; combine with |.
type Target uint8

// The endpoints a fault can target.
const (
	TargetToken     Target = 1 << iota // the OAuth token endpoint
	TargetSCIM                         // SCIM /Users
	TargetDiscovery                    // the discovery document
	TargetAll       = TargetToken | TargetSCIM | TargetDiscovery
)

// Fault is a way for an endpoint to misbehave. Faults last until replaced (SetFault(t, FaultNone)).
type Fault int

// The faults. Unless stated, a faulty token endpoint issues no token.
const (
	FaultNone           Fault = iota
	Fault401                  // 401: invalid_client at the token endpoint, invalid_token for SCIM
	Fault403                  // 403 Forbidden
	Fault404                  // 404 Not Found, as if the URL were wrong
	Fault429                  // 429 with Retry-After: 30
	Fault500                  // 500 Internal Server Error
	Fault503                  // 503 Service Unavailable with Retry-After: 60
	FaultSlow                 // hold the reply for Options.SlowDelay, then answer normally; the token endpoint issues before waiting (a timed-out create that did create)
	FaultHTML                 // 200 with a sign-in web page instead of JSON
	FaultMalformedJSON        // 200, JSON content type, truncated JSON
	FaultNonSCIMJSON          // 200 with valid JSON of the wrong shape
	FaultEmptyBody            // 200 with no body
	FaultOversized            // 200 with a 2 MiB body
	FaultDropConnection       // close the connection without answering; the token endpoint issues first when the credentials are right (a lost reply)
)

var faultNames = [...]string{
	"none", "401", "403", "404", "429", "500", "503", "slow", "html",
	"malformed-json", "non-scim-json", "empty-body", "oversized", "drop-connection",
}

// String names the fault, e.g. for a sandbox menu.
func (f Fault) String() string {
	if f >= 0 && int(f) < len(faultNames) {
		return faultNames[f]
	}
	return fmt.Sprintf("Fault(%d)", int(f))
}

// Faults lists every fault, FaultNone first, for menus and table tests.
func Faults() []Fault {
	out := make([]Fault, len(faultNames))
	for i := range out {
		out[i] = Fault(i)
	}
	return out
}

// SetFault makes the targeted endpoints misbehave with f from the next request on.
func (s *Server) SetFault(t Target, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, one := range []Target{TargetToken, TargetSCIM, TargetDiscovery} {
		if t&one != 0 {
			s.faults[one] = f
		}
	}
}

func (s *Server) fault(t Target) Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults[t]
}

// wait holds a request for the slow fault, giving up when the client leaves or the server closes.
func (s *Server) wait(r *http.Request) bool {
	t := time.NewTimer(s.opts.SlowDelay)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
	case <-s.done:
	}
	return false
}

// writeBodyFault answers with one of the faults that are a bad 200 or an HTTP error, and reports
// whether f was one of them. SCIM-flavoured error bodies are used for TargetSCIM.
func writeBodyFault(w http.ResponseWriter, t Target, f Fault) bool {
	switch f {
	case Fault401:
		if t == TargetSCIM {
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			writeSCIMError(w, http.StatusUnauthorized, "The token is not valid.")
		} else {
			writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client", "error_description": "Client authentication failed."})
		}
	case Fault403, Fault404, Fault500:
		st := map[Fault]int{Fault403: http.StatusForbidden, Fault404: http.StatusNotFound, Fault500: http.StatusInternalServerError}[f]
		http.Error(w, http.StatusText(st), st)
	case Fault429:
		w.Header().Set("Retry-After", "30")
		http.Error(w, "Too many requests", http.StatusTooManyRequests)
	case Fault503:
		w.Header().Set("Retry-After", "60")
		http.Error(w, "Service unavailable", http.StatusServiceUnavailable)
	case FaultHTML:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(signInPage))
	case FaultMalformedJSON:
		w.Header().Set("Content-Type", "application/json")
		if t == TargetSCIM {
			_, _ = w.Write([]byte(`{"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": 1, "Resources": [{"id": `))
		} else {
			_, _ = w.Write([]byte(`{"token_type": "Bearer", "expires_in": 31536000, "access_token": `))
		}
	case FaultNonSCIMJSON:
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "users": []string{}})
	case FaultEmptyBody:
		w.WriteHeader(http.StatusOK)
	case FaultOversized:
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"padding": "`))
		_, _ = w.Write([]byte(strings.Repeat("x", 2<<20)))
		_, _ = w.Write([]byte(`"}`))
	default:
		return false
	}
	return true
}

// drop closes the client's connection without a reply.
func drop(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

const signInPage = `<!DOCTYPE html>
<html><head><title>Sign in - QorusDocs Hub</title></head>
<body><h1>Sign in</h1><form method="post" action="/login"><input name="email"><input type="password" name="password"><button>Sign in</button></form></body></html>
`
