package okta

import (
	"context"
	"testing"
	"time"

	"scimrenew/okta/oktatest"
)

func TestAuthFailures(t *testing.T) {
	e := newEnv(t, oktatest.Options{})
	c := e.sswsClient(t)
	start := e.clock.Now()
	e.srv.RecordAuthFailure(oktatest.SCIMAppID, "old failure")
	e.clock.Advance(time.Hour)
	since := e.clock.Now()
	for _, reason := range []string{"Unauthorized", "Unauthorized again"} {
		e.clock.Advance(time.Minute)
		e.srv.RecordAuthFailure(oktatest.SCIMAppID, reason)
	}
	e.srv.RecordAuthFailure(oktatest.Org2OrgAppID, "another app")
	e.clock.Advance(time.Second) // the query's until is now, exclusive

	got, err := c.AuthFailures(context.Background(), oktatest.SCIMAppID, since)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Reason != "Unauthorized" || got[1].Reason != "Unauthorized again" {
		t.Fatalf("got %+v, want the two failures since %v", got, since)
	}
	want := LogEvent{
		UUID: got[0].UUID, EventType: EventAuthFailure, Published: since.Add(time.Minute), Severity: "WARN",
		DisplayMessage: "Authentication of app integration failed", Result: "FAILURE", Reason: "Unauthorized",
	}
	if got[0] != want || want.UUID == "" {
		t.Fatalf("event decoded as %+v", got[0])
	}
	all, err := c.AuthFailures(context.Background(), oktatest.SCIMAppID, start)
	if err != nil || len(all) != 3 {
		t.Fatalf("since start: %d events, %v", len(all), err)
	}
	none, err := c.AuthFailures(context.Background(), oktatest.SCIMAppID, e.clock.Now().Add(time.Hour))
	if err != nil || len(none) != 0 {
		t.Fatalf("future since: %v %v", none, err)
	}
	if e.checked.N() != 2 {
		t.Fatalf("%d exchanges checked, want 2 (a future since asks nothing)", e.checked.N())
	}
}

// TestAuthFailuresPages follows the log's next links across pages and stops on the last.
func TestAuthFailuresPages(t *testing.T) {
	e := newEnv(t, oktatest.Options{})
	since := e.clock.Now()
	for range 250 {
		e.clock.Advance(time.Second)
		e.srv.RecordAuthFailure(oktatest.SCIMAppID, "Unauthorized")
	}
	e.clock.Advance(time.Second)
	got, err := e.sswsClient(t).AuthFailures(context.Background(), oktatest.SCIMAppID, since)
	if err != nil || len(got) != 250 {
		t.Fatalf("got %d events, %v; want 250", len(got), err)
	}
	for i := 1; i < len(got); i++ {
		if !got[i].Published.After(got[i-1].Published) {
			t.Fatalf("events out of order at %d", i)
		}
	}
	if n := e.srv.Requests()["GET /api/v1/logs"]; n != 3 {
		t.Fatalf("%d log requests, want 3 pages of 100", n)
	}
}

func TestAuthFailuresSinceClampedToRetention(t *testing.T) {
	e := newEnv(t, oktatest.Options{})
	if _, err := e.sswsClient(t).AuthFailures(context.Background(), oktatest.SCIMAppID, time.Time{}); err != nil {
		t.Fatal(err)
	}
}
