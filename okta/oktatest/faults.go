package oktatest

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Fault makes the org misbehave: answer with an error status, or slowly.
type Fault struct {
	Status int           // 401, 403, 429 or 500 (Okta's error JSON); 0 with Delay for a slow org
	Times  int           // how many matching requests it hits; 0 means until SetFault(Fault{})
	Path   string        // URL path prefix it applies to; "" means "/api/v1/"
	Method string        // the HTTP method it applies to; "" means any
	Reset  time.Duration // 429: X-Rate-Limit-Reset is this long after Now, rounded up (default 2 s)
	Delay  time.Duration // wait this long before answering, unless the client gives up first
}

// SetFault switches a fault on; SetFault(Fault{}) switches it off.
func (s *Server) SetFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.Path == "" {
		f.Path = "/api/v1/"
	}
	if f.Status == http.StatusTooManyRequests && f.Reset <= 0 {
		f.Reset = 2 * time.Second
	}
	s.fault, s.faultN = f, f.Times
}

// takeFault returns the fault for r, counting it down.
func (s *Server) takeFault(r *http.Request) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.fault
	if (f.Status == 0 && f.Delay == 0) || !strings.HasPrefix(r.URL.Path, f.Path) || (f.Method != "" && f.Method != r.Method) {
		return Fault{}, false
	}
	if f.Times > 0 {
		s.faultN--
		if s.faultN <= 0 {
			s.fault = Fault{}
		}
	}
	return f, true
}

func (s *Server) faulty(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := s.takeFault(r)
		if !ok {
			h.ServeHTTP(w, r)
			return
		}
		if f.Delay > 0 {
			t := time.NewTimer(f.Delay)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		switch f.Status {
		case 0:
			h.ServeHTTP(w, r)
		case http.StatusUnauthorized:
			s.writeError(w, f.Status, "E0000011", "Invalid token provided")
		case http.StatusForbidden:
			s.writeError(w, f.Status, "E0000006", "You do not have permission to perform the requested action")
		case http.StatusTooManyRequests:
			reset := s.now().Add(f.Reset + time.Second - 1).Truncate(time.Second)
			w.Header().Set("X-Rate-Limit-Limit", "100")
			w.Header().Set("X-Rate-Limit-Remaining", "0")
			w.Header().Set("X-Rate-Limit-Reset", strconv.FormatInt(reset.Unix(), 10))
			s.writeError(w, f.Status, "E0000047", "API call exceeded rate limit due to too many requests.")
		default:
			s.writeError(w, f.Status, "E0000009", "Internal Server Error")
		}
	})
}
