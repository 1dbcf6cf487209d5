package renewal

import (
	"scimrenew/redact"
)

// storedErrorLimit is the most characters of an error text kept in renewals.last_error.
const storedErrorLimit = 2000

// saw remembers secrets the session handled (the Hub Client Secret, the new token), so that every
// error text it stores, logs or returns is scrubbed of them in all their encodings. The adapters
// promise never to put a secret in an error; this is the net under that promise.
func (s *Session) saw(values ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range values {
		if v != "" && !contains(s.seen, v) {
			s.seen = append(s.seen, v)
		}
	}
}

// scrubbed runs text through redact's pipeline with every secret the session has handled.
func (s *Session) scrubbed(text string) string {
	s.mu.Lock()
	seen := append([]string(nil), s.seen...)
	s.mu.Unlock()
	return redact.Pipeline{Secrets: seen, Limit: storedErrorLimit}.Text(text)
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// scrubbedError is an error whose text went through the pipeline; errors.Is and errors.As still see
// the original error and its kind.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }
