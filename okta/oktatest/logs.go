package oktatest

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// EventAuthFailure is the System Log event for a rejected app integration credential.
const EventAuthFailure = "application.integration.authentication_failure"

type logEvent struct {
	uuid, eventType, severity, display, result, reason string
	published                                          time.Time
	targetID, targetName                               string
}

// RecordAuthFailure records an application.integration.authentication_failure event for the app, as
// Okta does when the app's SCIM server refuses its token (e.g. the fake Hub answering 401).
func (s *Server) RecordAuthFailure(appID, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	name := appID
	if a := s.byID[appID]; a != nil {
		name = a.Label
	}
	if reason == "" {
		reason = "Authentication failed"
	}
	s.logs = append(s.logs, logEvent{
		uuid: uuidLike(), eventType: EventAuthFailure, severity: "WARN",
		display: "Authentication of app integration failed", result: "FAILURE", reason: reason,
		published: s.now(), targetID: appID, targetName: name,
	})
}

func uuidLike() string {
	r := strings.ToLower(randomString(32))
	return r[:8] + "-" + r[8:12] + "-" + r[12:16] + "-" + r[16:20] + "-" + r[20:32]
}

func (e logEvent) json() map[string]any {
	return map[string]any{
		"uuid": e.uuid, "eventType": e.eventType, "version": "0", "severity": e.severity,
		"legacyEventType": "app.integration.authentication_failure",
		"displayMessage":  e.display,
		"published":       e.published.Format("2006-01-02T15:04:05.000Z"),
		"outcome":         map[string]any{"result": e.result, "reason": e.reason},
		"actor":           map[string]any{"id": "0oaokta0system000001", "type": "SystemPrincipal", "alternateId": "system@okta.com", "displayName": "Okta System"},
		"transaction":     map[string]any{"type": "JOB", "id": "job" + strings.ToLower(randomString(17)), "detail": map[string]any{}},
		"target": []map[string]any{{
			"id": e.targetID, "type": "AppInstance", "alternateId": e.targetName, "displayName": e.targetName,
		}},
	}
}

// filterClause matches one `field eq "value"` of Okta's SCIM filter syntax.
var filterClause = regexp.MustCompile(`^\s*([A-Za-z.]+)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$`)

var filterAnd = regexp.MustCompile(`(?i)\s+and\s+`)

// parseFilter understands clauses of `field eq "value"` joined by "and", enough for the fake.
func parseFilter(f string) (map[string]string, bool) {
	out := map[string]string{}
	if strings.TrimSpace(f) == "" {
		return out, true
	}
	for _, c := range filterAnd.Split(f, -1) {
		m := filterClause.FindStringSubmatch(c)
		if m == nil {
			return nil, false
		}
		out[m[1]] = strings.ReplaceAll(m[2], `\"`, `"`)
	}
	return out, true
}

func (e logEvent) matches(f map[string]string) bool {
	for k, v := range f {
		var got string
		switch k {
		case "eventType":
			got = e.eventType
		case "target.id":
			got = e.targetID
		case "outcome.result":
			got = e.result
		case "severity":
			got = e.severity
		default:
			return false
		}
		if got != v {
			return false
		}
	}
	return true
}

func (s *Server) listLogs(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	filter, ok := parseFilter(q.Get("filter"))
	if !ok {
		s.writeError(w, http.StatusBadRequest, "E0000031", "Invalid search criteria.", "filter: this fake understands `field eq \"value\"` joined by `and`")
		return
	}
	now := s.now()
	until, err1 := parseTime(q.Get("until"), now)
	since, err2 := parseTime(q.Get("since"), until.Add(-7*24*time.Hour))
	if err1 != nil || err2 != nil {
		s.writeError(w, http.StatusBadRequest, "E0000001", "Api validation failed: since/until", "since and until must be ISO 8601 timestamps")
		return
	}
	limit := 100
	if n, err := strconv.Atoi(q.Get("limit")); err == nil && n >= 0 && n <= 1000 {
		limit = n
	}
	start, _ := strconv.Atoi(q.Get("after"))
	matched := s.matchingLogs(filter, since, until, q.Get("sortOrder") == "DESCENDING")
	start = min(max(start, 0), len(matched))
	end := min(start+limit, len(matched))
	out := make([]map[string]any, 0, end-start)
	for _, e := range matched[start:end] {
		out = append(out, e.json())
	}
	w.Header().Add("Link", "<"+s.URL()+r.URL.RequestURI()+`>; rel="self"`)
	// A polling query (no until) always gets a next link, as Okta does; a bounded one only while more remain.
	if end < len(matched) || q.Get("until") == "" {
		q.Set("after", strconv.Itoa(end))
		w.Header().Add("Link", "<"+s.URL()+"/api/v1/logs?"+q.Encode()+`>; rel="next"`)
	}
	s.writeJSON(w, http.StatusOK, out)
}

// matchingLogs returns the events in [since, until) that pass the filter, in the order asked.
func (s *Server) matchingLogs(filter map[string]string, since, until time.Time, desc bool) []logEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	var matched []logEvent
	for _, e := range s.logs {
		if !e.published.Before(since) && e.published.Before(until) && e.matches(filter) {
			matched = append(matched, e)
		}
	}
	if desc {
		slices.Reverse(matched)
	}
	return matched
}

func parseTime(v string, def time.Time) (time.Time, error) {
	if v == "" {
		return def, nil
	}
	return time.Parse(time.RFC3339Nano, v)
}
