package ui

// The places the app can go; callers (home, header, tray, notifications) only ever use these methods.

// goSettings opens Settings with the profile profileID selected; "" selects the first profile (or a
// new one when there is none), newProfileID opens an empty form.
func (u *UI) goSettings(profileID string) {
	if _, ok := u.current().(*settingsScreen); ok {
		u.replace(newSettingsScreen(u, profileID))
		return
	}
	u.open(newSettingsScreen(u, profileID))
}

// goWizard opens the renewal wizard for a profile: it begins a renewal, or continues the one in
// progress. When the wizard of that profile is already on show, it stays as it is.
func (u *UI) goWizard(profileID string) {
	if w, ok := u.current().(*wizardScreen); ok && w.profileID == profileID {
		return
	}
	u.open(newWizardScreen(u, profileID))
}

// goHistory opens the token history of a profile ("" for the first); from the history itself it
// switches profile in place, so Back still leaves the history.
func (u *UI) goHistory(profileID string) {
	if _, ok := u.current().(*historyScreen); ok {
		u.replace(newHistoryScreen(u, profileID))
		return
	}
	u.open(newHistoryScreen(u, profileID))
}
