package services

import (
	"context"

	"scimrenew/hub"
	"scimrenew/renewal"
	"scimrenew/store"
)

// BeginRenewal starts the profile's renewal, or resumes its unfinished one, holding its lease until the
// session is closed. The session's Notices say what was repaired on resuming.
func (s *Services) BeginRenewal(ctx context.Context, profileID string) (*renewal.Session, error) {
	return s.Engine.Begin(ctx, profileID)
}

// Renew runs the one renewal loop (renewal.Session.Drive) on an open session: it applies the
// administrator's input (a captured token, the answer to an interrupted create, the confirmation of a
// manual install), then every step that needs nobody, reporting each action to report (may be nil).
// The outcome says where it stopped: done (with the summary), a question for the administrator
// (Need: the token from the Hub page, create again, or a manual install with its deep link), or a
// failure (Err), with the last SCIM probe's result. The face renders it; it decides nothing itself.
// A run that would send the Hub Client Secret to a token endpoint on another host than it was saved
// for stops before anything is sent, with an error matching ErrCredentialHostChanged.
func (s *Services) Renew(ctx context.Context, sess *renewal.Session, in renewal.Input, report func(renewal.Event)) renewal.Outcome {
	if err := s.renewHostCheck(ctx, sess, in); err != nil {
		return renewal.Outcome{Step: sess.Step(), Err: err}
	}
	return sess.Drive(ctx, in, report)
}

// HubPageLink returns the address of the tenant's Hub page where an administrator creates and copies a
// token by hand (Settings > Hub Management > SCIM Token).
func HubPageLink(p store.Profile) (string, error) {
	return hub.PageURL(p.HubURL)
}
