package ui

import (
	"testing"

	"fyne.io/fyne/v2"
)

// Every entry of the profile form starts at the same x, in each card and in the Okta credential's
// nested rows, whichever credential kind is on show.
func TestProfileFormEntriesLineUp(t *testing.T) {
	h := newHarness(t)
	f, s := oktaForm(t, h, newOktaOrg(t))
	x := func(o fyne.CanvasObject) float32 {
		return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).X
	}
	for _, kind := range []string{oktaKindSSWSLabel, oktaKindAppLabel} {
		s.kind.SetSelected(kind)
		h.win.Content().Refresh() // lay the window out again, as the driver does after a change
		want := x(f.name.entry)
		rows := map[string]fyne.CanvasObject{
			"Hub URL": f.hubURL.entry, "Token endpoint": f.tokenURL.entry,
			"Client Secret": f.secret, "Okta org URL": f.oktaOrgURL.entry, "Okta admin URL": f.oktaAdminURL.entry,
			"Okta app": s.query, "Access": s.testB, "First reminder": f.remindMonths, "Then": f.remindDays.entry,
		}
		if kind == oktaKindSSWSLabel {
			rows["API token"] = s.token
		} else {
			rows["Okta Client ID"] = s.clientID.entry
			rows["Key pair"] = s.genB
		}
		for name, o := range rows {
			if got := x(o); got != want {
				t.Errorf("%s: the %s row starts at x=%v, the Name row at x=%v", kind, name, got, want)
			}
		}
	}
}
