package ui

import (
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"scimrenew/services"
	"scimrenew/store"
)

// defaultOktaAppName is the catalog app QorusDocs customers use: "SCIM 2.0 Test App (OAuth Bearer Token)".
const defaultOktaAppName = "scim2testapp"

// monthChoices are the first-reminder lead times offered: 1 to 3 months before expiry, or more when
// the profile already has more (set through the CLI), so editing never changes it silently.
func monthChoices(current int) []string {
	out := []string{"1 month"}
	for m := 2; m <= max(3, current); m++ {
		out = append(out, strconv.Itoa(m)+" months")
	}
	return out
}

// profileForm creates or edits one profile. Every keystroke re-runs store.ValidateProfile, the one
// validation the CLI shares, and shows each message beside its field; Save stays disabled while
// anything is wrong. The Client Secret goes to the keychain, never to the store.
type profileForm struct {
	u     *UI
	base  store.Profile  // the stored profile being edited; ID "" for a new one
	names []store.NameID // the other profiles, for the unique-name rule

	name, hubURL, scimURL, tokenURL, clientID        *field
	oktaOrgURL, oktaAppID, oktaAppName, oktaAdminURL *field
	remindDays                                       *field
	fields                                           []*field // in form order
	remindMonths                                     *choice
	secret                                           *entry
	secretNote                                       *widget.Label
	loadedSecret                                     string // the stored secret, once revealed
	discoverB                                        *button
	discoverMsg                                      *widget.Label
	saveB, cancelB, deleteB                          *button
	summary                                          *widget.Label
	okta                                             *oktaCredSection
	col                                              *labelColumn // shared by every card's rows, so entries line up
	confirmDelete                                    *confirmation
	confirmMove                                      *confirmation // asks before credentials go to new hosts
	saving, submitted                                bool
	onSaved                                          func(store.Profile)
	onDeleted                                        func()
	onCancel                                         func()
}

func newProfileForm(u *UI, p store.Profile, names []store.NameID) *profileForm {
	return &profileForm{u: u, base: p, names: names}
}

func (f *profileForm) isNew() bool { return f.base.ID == "" }

func (f *profileForm) buildUI() fyne.CanvasObject {
	f.buildFields()
	f.col = &labelColumn{}
	f.okta = newOktaCredSection(f)
	col := f.col
	hubCard := widget.NewCard("QorusDocs", "The tenant whose SCIM token this profile renews.", col.form(
		f.name.item("A name you recognise, such as the tenant's."),
		f.hubURL.item("The QorusDocs Hub you sign in to."),
		f.scimURL.item("Where Okta sends users: the \"Base URL\" in the Okta app's Provisioning settings."),
		formRow{
			label: "Token endpoint", widget: f.tokenWidget(),
			hint: "Optional. API mode is on exactly when this is set: the app then creates tokens itself.",
		},
		f.clientID.item("The Client ID provided during SCIM setup."),
		formRow{label: "Client Secret", widget: container.NewVBox(f.secret, f.secretNote)},
	))
	oktaBox := container.NewVBox(col.form(
		f.oktaOrgURL.item("The address your users sign in to Okta at."),
		f.oktaAppID.item("From the app's address in the Okta Admin Console: …/instance/<app id>/"),
		f.oktaAppName.item("scim2testapp for the \"SCIM 2.0 Test App (OAuth Bearer Token)\"."),
		f.oktaAdminURL.item("Only for a custom Okta domain, where the admin address cannot be derived."),
	))
	if sec := f.okta.buildUI(); sec != nil {
		oktaBox.Add(sec)
	}
	oktaCard := widget.NewCard("Okta", "Where the token goes: the app's Provisioning tab.", oktaBox)
	remindCard := widget.NewCard("Reminders", "", col.form(
		formRow{label: "First reminder", widget: f.remindMonths, hint: "Before the token expires."},
		f.remindDays.item("Then these many days before expiry, e.g. 14, 7, 1."),
	))
	body := container.NewVScroll(container.NewPadded(container.NewVBox(hubCard, oktaCard, remindCard)))
	bar := f.buttonBar()
	f.validate()
	return container.NewBorder(nil, bar, nil, nil, body)
}

func (f *profileForm) buildFields() {
	p := f.base
	f.name = newField(f.u, store.FieldName, "Name", "e.g. Acme production", false)
	f.hubURL = newField(f.u, store.FieldHubURL, "Hub URL", "e.g. https://acme.qorusdocs.com", true)
	f.scimURL = newField(f.u, store.FieldSCIMURL, "SCIM base URL", "e.g. https://acme.qorusdocs.com/scim/v2", true)
	f.tokenURL = newField(f.u, store.FieldTokenURL, "Token endpoint", "Empty: Hub-page mode", true)
	f.clientID = newField(f.u, store.FieldClientID, "Client ID", "", true)
	f.oktaOrgURL = newField(f.u, store.FieldOktaOrgURL, "Okta org URL", "e.g. https://acme.okta.com", true)
	f.oktaAppID = newField(f.u, store.FieldOktaAppID, "Okta app ID", "e.g. 0oa1b2c3d4e5F6g7h8i9", true)
	f.oktaAppName = newField(f.u, store.FieldOktaAppName, "Okta app name", defaultOktaAppName, true)
	f.oktaAdminURL = newField(f.u, store.FieldOktaAdminURL, "Okta admin URL", "Custom domains only", true)
	f.remindDays = newField(f.u, store.FieldRemindDays, "Then", "e.g. 14, 7, 1", false)
	f.fields = []*field{
		f.name, f.hubURL, f.scimURL, f.tokenURL, f.clientID, f.oktaOrgURL, f.oktaAppID,
		f.oktaAppName, f.oktaAdminURL, f.remindDays,
	}
	values := []string{
		p.Name, p.HubURL, p.SCIMURL, p.TokenURL, p.ClientID, p.OktaOrgURL, p.OktaAppID,
		p.OktaAppName, p.OktaAdminURL, services.FormatLeadDays(p.RemindDays),
	}
	if f.isNew() {
		values[7], values[9] = defaultOktaAppName, services.FormatLeadDays(store.DefaultRemindDays)
	}
	for i, fl := range f.fields {
		fl.entry.SetText(values[i])
		fl.entry.OnChanged = f.onFieldChanged(fl)
	}
	months := p.RemindMonths
	if months < 1 {
		months = store.DefaultRemindMonths
	}
	f.remindMonths = newChoice(f.u, monthChoices(months), nil)
	f.remindMonths.SetSelectedIndex(months - 1)
	f.remindMonths.OnChanged = func(string) { f.validate() }
	f.buildSecret()
}

func (f *profileForm) buildSecret() {
	f.secret = newPasswordEntry(f.u)
	f.secret.onReveal = f.onRevealSecret
	f.secret.OnChanged = func(string) { f.validate() }
	f.secretNote = widget.NewLabel("")
	f.secretNote.Wrapping = fyne.TextWrapWord
	f.secretNote.SizeName = theme.SizeNameCaptionText
	switch {
	case !f.u.keychainAvailable():
		f.secret.SetPlaceHolder("Paste the Client Secret")
		f.secretNote.Importance = widget.WarningImportance
		f.secretNote.SetText(f.u.keychainUnavailable("secret"))
	case f.isNew():
		f.secret.SetPlaceHolder("Paste the Client Secret")
		f.secretNote.SetText("Kept in " + f.u.keychainName().Full + ", never in the app's database.")
	default:
		f.secret.SetPlaceHolder(f.u.storedPlaceholder())
		f.secretNote.SetText("Kept in " + f.u.keychainName().Full + ". The eye shows the stored secret.")
	}
}

func (f *profileForm) tokenWidget() fyne.CanvasObject {
	f.discoverMsg = widget.NewLabel("")
	f.discoverMsg.Wrapping = fyne.TextWrapWord
	f.discoverMsg.SizeName = theme.SizeNameCaptionText
	f.discoverMsg.Hide()
	f.discoverB = newButton(f.u, "Discover", theme.SearchIcon(), f.onDiscover)
	return container.NewVBox(f.tokenURL.widget(f.discoverB), f.discoverMsg)
}

func (f *profileForm) buttonBar() fyne.CanvasObject {
	f.saveB = newButton(f.u, "Save", theme.DocumentSaveIcon(), f.onSave)
	f.saveB.Importance = widget.HighImportance
	f.cancelB = newButton(f.u, "Cancel", nil, f.onCancelTapped)
	f.deleteB = newButton(f.u, "Delete profile", theme.DeleteIcon(), f.onDelete)
	f.deleteB.Importance = widget.DangerImportance
	if f.isNew() {
		f.deleteB.Hide()
	}
	f.summary = widget.NewLabel("")
	f.summary.Truncation = fyne.TextTruncateEllipsis
	right := container.NewHBox(f.cancelB, f.saveB)
	bar := container.NewBorder(nil, nil, f.deleteB, right, f.summary)
	return container.NewVBox(widget.NewSeparator(), container.NewPadded(bar))
}

func (f *profileForm) onFieldChanged(fl *field) func(string) {
	return func(string) {
		fl.touched = true
		f.validate()
	}
}

func (f *profileForm) onCancelTapped() {
	if f.onCancel != nil {
		f.onCancel()
	}
}

// profile is the form's content as a profile, with every error store.ValidateProfile finds (and the
// reminder days' own parse error). errs is nil when the profile can be saved.
func (f *profileForm) profile() (store.Profile, store.FieldErrors) {
	p := f.base
	p.Name = f.name.value()
	p.HubURL, p.SCIMURL, p.TokenURL = f.hubURL.value(), f.scimURL.value(), f.tokenURL.value()
	p.ClientID = f.clientID.value()
	p.OktaOrgURL, p.OktaAppID = f.oktaOrgURL.value(), f.oktaAppID.value()
	p.OktaAppName, p.OktaAdminURL = f.oktaAppName.value(), f.oktaAdminURL.value()
	p.RemindMonths = f.remindMonths.SelectedIndex() + 1
	days, daysErr := services.ParseLeadDays(f.remindDays.value())
	p.RemindDays = days
	f.okta.apply(&p)
	errs := store.ValidateProfile(p, f.names)
	if daysErr != nil {
		if errs == nil {
			errs = store.FieldErrors{}
		}
		errs[store.FieldRemindDays] = daysErr.Error()
	}
	return p, errs
}

// validate shows each field's error and enables Save only when the profile is valid.
func (f *profileForm) validate() {
	_, errs := f.profile()
	var missing []string
	for _, fl := range f.allFields() {
		msg := errs[fl.key]
		if msg != "" {
			missing = append(missing, fl.label)
		}
		if !(fl.touched || f.submitted || !f.isNew()) {
			msg = ""
		}
		fl.showError(services.MessageText(msg))
	}
	switch {
	case len(missing) > 0:
		f.summary.SetText("To save, check: " + strings.Join(missing, ", "))
	case f.saving:
		f.summary.SetText("Saving…")
	default:
		f.summary.SetText("")
	}
	if len(errs) > 0 || f.saving {
		f.saveB.Disable()
	} else {
		f.saveB.Enable()
	}
	if f.discoverB != nil {
		if errs[store.FieldHubURL] != "" || f.saving {
			f.discoverB.Disable()
		} else {
			f.discoverB.Enable()
		}
	}
}

// allFields is the form's fields plus the ones the Okta credential section adds.
func (f *profileForm) allFields() []*field {
	return slices.Concat(f.fields, f.okta.fields())
}
