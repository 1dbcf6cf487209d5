package ui

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"scimrenew/reminders"
	"scimrenew/services"
	"scimrenew/store"
)

// The two ways of tracking a token, as the choice at the top of the screen names them.
const (
	trackWithToken = "I have the token"
	trackDatesOnly = "I only know its dates"
	trackCreatedOn = "Created on"
	trackExpiresOn = "Expires on"
)

// trackScreen is "Track my current token": it tells SCIM Renew about the token Okta already uses, made
// before the app was installed, so its reminders (and, with the token, the daily health check) start
// now. The token is pasted into a masked field by the admin; nothing is read from the clipboard.
type trackScreen struct {
	u         *UI
	profileID string
	profile   store.Profile
	loadErr   error
	col       labelColumn

	modeR    *widget.RadioGroup
	tokenRow *fyne.Container
	token    *entry
	stated   *widget.Label // what the pasted token says of its expiry
	dateKind *widget.RadioGroup
	date     *field
	lifetime *field
	result   *widget.Label
	trackB   *button
	cancelB  *button
	busy     bool
}

func newTrackScreen(u *UI, profileID string) *trackScreen {
	return &trackScreen{u: u, profileID: profileID}
}

func (s *trackScreen) title() string { return "Track my current token" }

// focusTarget is the first thing to fill in: the token (or, with its dates only, the date).
func (s *trackScreen) focusTarget() fyne.Focusable {
	switch {
	case s.token == nil:
		return nil
	case s.modeR.Selected == trackWithToken:
		return s.token
	}
	return s.date.entry
}

// defaultButton makes Enter track.
func (s *trackScreen) defaultButton() *button { return s.trackB }

func (s *trackScreen) buildUI() fyne.CanvasObject {
	s.profile, s.loadErr = s.u.deps.Services.Profile(context.Background(), s.profileID)
	if s.loadErr != nil {
		return paddedMessage("The profile could not be read: "+s.loadErr.Error(), widget.DangerImportance)
	}
	intro := widget.NewLabel("Okta already uses a token for “" + s.profile.Name + "”, made before SCIM Renew. " +
		"Tell SCIM Renew about it, and its reminders start today. With the token itself, SCIM Renew tests it " +
		"as Okta does, keeps it in " + s.u.keychainName().Full + " and checks it every day; with its dates only, it can remind you " +
		"but not test it. The next renewal replaces it either way.")
	intro.Wrapping = fyne.TextWrapWord
	s.modeR = widget.NewRadioGroup([]string{trackWithToken, trackDatesOnly}, func(string) { s.onChange() })
	s.modeR.Horizontal = true
	s.modeR.Required = true
	s.token = newPasswordEntry(s.u)
	s.token.SetPlaceHolder("Paste the token Okta uses")
	s.token.OnChanged = func(string) { s.onChange() }
	s.stated = widget.NewLabel("")
	s.stated.Wrapping = fyne.TextWrapWord
	s.stated.SizeName = theme.SizeNameCaptionText
	s.dateKind = widget.NewRadioGroup([]string{trackCreatedOn, trackExpiresOn}, func(string) { s.onChange() })
	s.dateKind.Horizontal = true
	s.dateKind.Required = true
	s.dateKind.SetSelected(trackCreatedOn)
	s.date = newField(s.u, "date", "Date", "YYYY-MM-DD", true)
	s.date.entry.OnChanged = func(string) { s.date.touched = true; s.onChange() }
	s.lifetime = newField(s.u, "lifetime", "Lifetime", "months", true)
	s.lifetime.entry.SetText(strconv.Itoa(services.DefaultLifetimeMonths))
	s.lifetime.entry.OnChanged = func(string) { s.lifetime.touched = true; s.onChange() }
	s.tokenRow = s.col.form(formRow{
		label: "Token", widget: container.NewVBox(s.token, s.stated),
		hint: "Copy it from Okta's records or wherever it was kept when it was made; it is shown masked.",
	})
	dates := s.col.form(
		formRow{label: "The token was", widget: s.dateKind},
		s.date.item("As the Hub's SCIM Token page shows it. Not needed for a token that states its own expiry."),
		s.lifetime.item("How long a token lives after it is made: 12 months for QorusDocs."),
	)
	s.result = widget.NewLabel("")
	s.result.Wrapping = fyne.TextWrapWord
	s.result.Hide()
	s.trackB = newButton(s.u, "Track", theme.ConfirmIcon(), s.onTrack)
	s.trackB.Importance = widget.HighImportance
	s.cancelB = newButton(s.u, "Cancel", nil, s.u.back)
	s.modeR.SetSelected(trackWithToken)
	buttons := container.NewHBox(s.cancelB, s.trackB)
	body := container.NewVBox(intro, s.modeR, s.tokenRow, dates, s.result, container.NewBorder(nil, nil, nil, buttons))
	return container.NewVScroll(container.NewPadded(body))
}

// input reads what the admin gave, or says what is wrong with it (shown under the field concerned).
func (s *trackScreen) input() (services.TrackInput, bool) {
	in := services.TrackInput{ProfileID: s.profile.ID}
	ok := true
	withToken := s.modeR.Selected == trackWithToken
	if withToken {
		in.Token = strings.TrimSpace(s.token.Text)
		ok = in.Token != ""
	}
	_, stated := services.StatedExpiry(in.Token)
	needDate := !withToken || !stated
	s.date.showError("")
	if v := s.date.value(); v != "" || needDate {
		d, err := services.ParseTrackDate(v, s.u.deps.Now().Location())
		switch {
		case err != nil && v == "":
			ok = false // nothing typed yet: no message, Track stays off
		case err != nil:
			ok = false
			s.date.showError(services.ErrorText(err))
		case s.dateKind.Selected == trackExpiresOn:
			in.Expires = d
		default:
			in.Created = d
		}
	}
	s.lifetime.showError("")
	n, err := strconv.Atoi(s.lifetime.value())
	if err != nil || n < 1 || n > 120 {
		ok = false
		s.lifetime.showError("A whole number of months, from 1 to 120 (QorusDocs tokens live 12).")
	}
	in.LifetimeMonths = n
	return in, ok
}

// onChange shows what fits the choice and the text so far, and turns Track on when there is enough.
func (s *trackScreen) onChange() {
	if s.trackB == nil {
		return // still building
	}
	if s.modeR.Selected == trackWithToken {
		s.tokenRow.Show()
	} else {
		s.tokenRow.Hide()
	}
	s.stated.SetText(statedText(s.token.Text, s.u.deps.Now()))
	_, ok := s.input()
	if ok && !s.busy {
		s.trackB.Enable()
	} else {
		s.trackB.Disable()
	}
}

// statedText says what a pasted token states of its expiry: a JWT carries it, an opaque token needs a
// date. Nothing is said before there is text.
func statedText(text string, now time.Time) string {
	if strings.TrimSpace(text) == "" {
		return ""
	}
	exp, ok := services.StatedExpiry(text)
	if !ok {
		return "This token does not state when it expires: give the day it was created or expires below."
	}
	return "The token states its expiry: " + services.DateText(exp, now.Location(), services.DateLong) + " (" +
		services.DaysText(reminders.DaysLeft(exp, now), services.DaysLeft) + "). No date is needed."
}

type trackDone struct {
	res services.TrackResult
	err error
}

// onTrack records the token through the services, off the main goroutine: with the token, the SCIM
// test reaches the network.
func (s *trackScreen) onTrack() {
	in, ok := s.input()
	if !ok || s.busy {
		return
	}
	s.busy = true
	s.trackB.Disable()
	s.cancelB.Disable()
	if in.Token != "" {
		s.showResult("Testing the token against the SCIM endpoint, as Okta does…", widget.LowImportance)
	}
	svc := s.u.deps.Services
	background(s.u, func(ctx context.Context) trackDone {
		res, err := svc.Track(ctx, in)
		return trackDone{res, err}
	}, s.onTracked)
}

func (s *trackScreen) onTracked(d trackDone) {
	s.busy = false
	s.cancelB.Enable()
	if d.err != nil {
		var rejected *services.TrackRejectedError
		if errors.As(d.err, &rejected) {
			s.showResult(services.ErrorText(d.err)+" Check that this is the token Okta uses for this app.", widget.DangerImportance)
		} else {
			s.showResult(services.ErrorText(d.err), widget.DangerImportance)
		}
		s.onChange()
		return
	}
	s.token.SetText("")
	s.u.notice("Tracking the current token of “" + s.profile.Name + "”")
	s.u.home()
}

func (s *trackScreen) showResult(text string, imp widget.Importance) {
	s.result.Importance = imp
	s.result.SetText(text)
	s.result.Show()
}

// goTrack opens "Track my current token" for a profile.
func (u *UI) goTrack(profileID string) { u.open(newTrackScreen(u, profileID)) }

// offerTrack asks, at the end of Add a profile, whether Okta already uses a token for the new profile:
// most admins install SCIM Renew with one in place, and tracking it starts the reminders at once.
func (u *UI) offerTrack(p store.Profile) {
	ok, err := u.deps.Services.CanTrack(context.Background(), p.ID)
	if err != nil || !ok {
		return
	}
	u.confirm("Does Okta already use a token?", "If the Okta app of “"+p.Name+"” already has a SCIM token, made "+
		"before SCIM Renew, track it now: its reminders start today. Otherwise, renew to make the first one.",
		"Track my current token", false, func() { u.goTrack(p.ID) })
}
