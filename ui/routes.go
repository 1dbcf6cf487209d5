package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// The places the app can go. Each later screen replaces its placeholder here with its own
// constructor; callers (home, header, tray, notifications) only ever use these methods.

// goSettings opens Settings with the profile profileID selected; "" selects the first profile (or a
// new one when there is none), newProfileID opens an empty form.
func (u *UI) goSettings(profileID string) {
	if _, ok := u.current().(*settingsScreen); ok {
		u.replace(newSettingsScreen(u, profileID))
		return
	}
	u.open(newSettingsScreen(u, profileID))
}

// goWizard opens the renewal wizard for a profile. Placeholder until the renewal issue lands.
func (u *UI) goWizard(profileID string) {
	u.open(&placeholderScreen{name: "Renew", text: "The renewal wizard is not available in this build yet."})
}

// goHistory opens the token history of a profile ("" for the first). Placeholder until the
// reminders issue lands.
func (u *UI) goHistory(profileID string) {
	u.open(&placeholderScreen{name: "History", sec: sectionHistory,
		text: "Token history is not available in this build yet."})
}

// placeholderScreen stands in for a screen that a later issue builds.
type placeholderScreen struct {
	name, text string
	sec        section
}

func (p *placeholderScreen) title() string    { return p.name }
func (p *placeholderScreen) section() section { return p.sec }
func (p *placeholderScreen) buildUI() fyne.CanvasObject {
	return container.NewCenter(widget.NewLabel(p.text))
}
