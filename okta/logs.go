package okta

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// EventAuthFailure is the System Log event Okta records when an app integration's credential is
// rejected, e.g. a provisioning call refused because the SCIM token expired.
const EventAuthFailure = "application.integration.authentication_failure"

// logRetention is how far back Okta keeps System Log events.
const logRetention = 90 * 24 * time.Hour

const (
	logsPageLimit = 100
	maxLogPages   = 10
)

// LogEvent is the part of a System Log event SCIM Renew shows.
type LogEvent struct {
	UUID           string
	EventType      string
	Published      time.Time
	Severity       string
	DisplayMessage string
	Result         string // outcome.result, e.g. FAILURE
	Reason         string // outcome.reason, e.g. why the app refused the credential
}

type logEventWire struct {
	UUID           string    `json:"uuid"`
	EventType      string    `json:"eventType"`
	Published      time.Time `json:"published"`
	Severity       string    `json:"severity"`
	DisplayMessage string    `json:"displayMessage"`
	Outcome        struct {
		Result string `json:"result"`
		Reason string `json:"reason"`
	} `json:"outcome"`
}

// AuthFailures returns the app's provisioning authentication failures (EventAuthFailure) published
// since the given time, oldest first, so the app can warn that provisioning is already failing. It asks
// a bounded window (since .. now, since clamped to Okta's 90-day retention) and stops after 1,000 events.
func (c *Client) AuthFailures(ctx context.Context, appID string, since time.Time) ([]LogEvent, error) {
	if err := checkAppID(appID); err != nil {
		return nil, err
	}
	now := c.nowUTC()
	if oldest := now.Add(-logRetention); since.Before(oldest) {
		since = oldest
	}
	if !since.Before(now) {
		return nil, nil
	}
	q := url.Values{
		"filter":    {fmt.Sprintf(`eventType eq %q and target.id eq %q`, EventAuthFailure, appID)},
		"since":     {since.UTC().Format(time.RFC3339Nano)},
		"until":     {now.Format(time.RFC3339Nano)},
		"limit":     {fmt.Sprint(logsPageLimit)},
		"sortOrder": {"ASCENDING"},
	}
	const op = "read the Okta System Log"
	u := c.endpoint("/api/v1/logs", q)
	var out []LogEvent
	for page := 0; page < maxLogPages; page++ {
		resp, body, err := c.do(ctx, call{method: http.MethodGet, url: u, op: op, scope: ScopeLogsRead})
		if err != nil {
			return nil, err
		}
		var events []logEventWire
		if err := c.decodeJSON(resp, body, op, &events); err != nil {
			return nil, err
		}
		for _, e := range events {
			out = append(out, LogEvent{
				UUID: e.UUID, EventType: e.EventType, Published: e.Published, Severity: e.Severity,
				DisplayMessage: e.DisplayMessage, Result: e.Outcome.Result, Reason: e.Outcome.Reason,
			})
		}
		next := nextLink(resp.Header.Values("Link"))
		// An empty page ends it too: Okta keeps offering a next link for polling queries.
		if next == "" || len(events) == 0 {
			break
		}
		if u, err = c.follow(u, next); err != nil {
			return nil, err
		}
	}
	return out, nil
}
