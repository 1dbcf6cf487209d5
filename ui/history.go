package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"scimrenew/reminders"
	"scimrenew/services"
	"scimrenew/store"
)

// maskedToken stands for the current token until it is revealed; its length says nothing of the token's.
const maskedToken = "••••••••••••••••••••"

// historyScreen shows one profile's tokens, newest first (fingerprints only), with the current token
// (masked until revealed, copyable), an on-demand health check and the calendar export.
type historyScreen struct {
	u         *UI
	profileID string
	profiles  []store.Profile
	profile   store.Profile
	current   *store.Token // nil when the profile has no current token
	loadErr   error

	picker    *choice
	rows      *historyTable
	count     *widget.Label
	tokenRow  *fyne.Container
	masked    *widget.Label
	revealB   *button
	copyB     *button
	checkB    *button
	calendarB *button
	trackB    *button // "Track my current token", while the profile has none
	addB      *button // "Add a profile", when there is none
	result    *widget.Label
	noticeBox *fyne.Container
}

func newHistoryScreen(u *UI, profileID string) *historyScreen {
	return &historyScreen{u: u, profileID: profileID}
}

func (h *historyScreen) title() string    { return "Token history" }
func (h *historyScreen) section() section { return sectionHistory }

func (h *historyScreen) buildUI() fyne.CanvasObject {
	ctx := context.Background()
	h.profiles, h.loadErr = h.u.deps.Services.Profiles(ctx)
	if h.loadErr != nil {
		h.u.deps.Log.Error("cannot list profiles", "err", h.loadErr)
		return paddedMessage("The profiles could not be read: "+h.loadErr.Error(), widget.DangerImportance)
	}
	if len(h.profiles) == 0 {
		h.addB = newButton(h.u, "Add a profile", theme.ContentAddIcon(), func() { h.u.goSettings(newProfileID) })
		msg := widget.NewLabel("No profiles yet: the history lists each profile's tokens once it has one.")
		return container.NewCenter(container.NewVBox(msg, container.NewCenter(h.addB)))
	}
	h.profile = h.profiles[0]
	for _, p := range h.profiles {
		if p.ID == h.profileID {
			h.profile = p
		}
	}
	h.profileID = h.profile.ID
	count, current, err := h.readHistory(ctx)
	if err != nil {
		h.u.deps.Log.Error("cannot read the token history", "err", err)
		return paddedMessage("The token history could not be read: "+services.ErrorText(err), widget.DangerImportance)
	}
	h.rows = newHistoryTable(h.u, count, h.pager(), h.u.deps.Now())
	toolbar, tokenRow := h.buildToolbar(), h.buildTokenRow()
	top := container.NewVBox(toolbar, tokenRow, h.result, h.noticeBox)
	h.showTokens(count, current)
	topP := container.NewPadded(top) // listed before the table, so Tab reaches the toolbar first
	return container.New(layout.NewBorderLayout(topP, nil, nil, nil), topP, h.rows.table)
}

// focusTarget is the toolbar's main action: Track my current token while there is none, else Check
// now (or Add to calendar, for a token tracked by its dates); the profile choice when neither can act.
func (h *historyScreen) focusTarget() fyne.Focusable {
	for _, b := range []*button{h.addB, h.trackB, h.checkB, h.calendarB} {
		if usable(b) {
			return b
		}
	}
	if h.picker != nil {
		return h.picker
	}
	return nil
}

func paddedMessage(text string, imp widget.Importance) fyne.CanvasObject {
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	msg.Importance = imp
	return container.NewPadded(msg)
}

func (h *historyScreen) buildToolbar() fyne.CanvasObject {
	names := make([]string, len(h.profiles))
	for i, p := range h.profiles {
		names[i] = p.Name
	}
	h.picker = newChoice(h.u, names, nil)
	h.picker.SetSelected(h.profile.Name)
	h.picker.OnChanged = h.onPick
	h.count = widget.NewLabel("")
	h.checkB = newButton(h.u, "Check now", theme.ViewRefreshIcon(), h.onCheck)
	h.calendarB = newButton(h.u, "Add to calendar", theme.CalendarIcon(), h.onCalendar)
	id := h.profileID
	h.trackB = newButton(h.u, "Track my current token", theme.ConfirmIcon(), func() { h.u.goTrack(id) })
	h.trackB.Importance = widget.HighImportance
	// The picker takes the room left over, so a long profile name shows whole.
	right := container.NewHBox(h.count, h.trackB, h.checkB, h.calendarB)
	return container.NewBorder(nil, nil, widget.NewLabel("Profile"), right, h.picker)
}

func (h *historyScreen) buildTokenRow() fyne.CanvasObject {
	h.masked = widget.NewLabel(maskedToken)
	h.masked.TextStyle = fyne.TextStyle{Monospace: true}
	h.masked.Truncation = fyne.TextTruncateEllipsis
	h.revealB = newButton(h.u, "Show", theme.VisibilityIcon(), h.onReveal)
	h.copyB = newButton(h.u, "Copy current token", theme.ContentCopyIcon(), h.onCopy)
	h.result = widget.NewLabel("")
	h.result.Wrapping = fyne.TextWrapWord
	h.result.Selectable = true // a saved file's path can be copied
	h.result.Hide()
	h.noticeBox = container.NewStack(h.u.reminderNotice(h.profileID))
	h.tokenRow = container.NewBorder(nil, nil, widget.NewLabel("Current token"),
		container.NewHBox(h.revealB, h.copyB), h.masked)
	return h.tokenRow
}

// readHistory reads how many tokens the profile has and its current one (nil when none).
func (h *historyScreen) readHistory(ctx context.Context) (int, *store.Token, error) {
	page, err := h.u.deps.Services.History(ctx, h.profileID, 0, 0)
	if err != nil {
		return 0, nil, err
	}
	return page.Total, page.Current, nil
}

// pager reads the shown profile's history a page at a time, for the table.
func (h *historyScreen) pager() tokenPager {
	id, svc := h.profileID, h.u.deps.Services
	return func(offset, limit int) ([]store.Token, error) {
		page, err := svc.History(context.Background(), id, offset, limit)
		return page.Tokens, err
	}
}

// showTokens fills the table and what depends on the current token.
func (h *historyScreen) showTokens(count int, current *store.Token) {
	h.current = current
	h.rows.set(count, h.pager(), h.u.deps.Now())
	switch n := count; n {
	case 0:
		h.count.SetText("No tokens yet: track the one Okta uses, or renew")
	case 1:
		h.count.SetText("1 token")
	default:
		h.count.SetText(fmt.Sprintf("%d tokens", n))
	}
	if h.current == nil {
		h.tokenRow.Hide()
		h.checkB.Disable()
		h.calendarB.Disable()
		h.trackB.Show()
		return
	}
	h.trackB.Hide()
	h.calendarB.Enable()
	if h.current.DatesOnly() {
		// Tracked by its dates only: there is no token to show, copy or check.
		h.tokenRow.Hide()
		h.checkB.Disable()
		return
	}
	h.tokenRow.Show()
	h.checkB.Enable()
}

// reload reads the history again (after a check, or when the sandbox's clock jumps).
func (h *historyScreen) reload() {
	count, current, err := h.readHistory(context.Background())
	if err != nil {
		h.showResult("The token history could not be read: "+services.ErrorText(err), widget.DangerImportance)
		return
	}
	h.showTokens(count, current)
	h.noticeBox.Objects = []fyne.CanvasObject{h.u.reminderNotice(h.profileID)}
	h.noticeBox.Refresh()
}

func (h *historyScreen) onClockJumped() {
	if h.rows != nil {
		h.reload()
	}
}

func (h *historyScreen) onPick(name string) {
	for _, p := range h.profiles {
		if p.Name == name && p.ID != h.profileID {
			h.u.replace(newHistoryScreen(h.u, p.ID))
			return
		}
	}
}

func (h *historyScreen) showResult(text string, imp widget.Importance) {
	h.result.Importance = imp
	h.result.SetText(text)
	h.result.Show()
}

// readCurrentToken reads the current token from the keychain in the background and hands it to use.
func (h *historyScreen) readCurrentToken(use func(string)) {
	id, svc := h.profileID, h.u.deps.Services
	background(h.u, func(ctx context.Context) tokenRead {
		v, err := svc.CurrentToken(ctx, id)
		return tokenRead{v, err}
	}, func(r tokenRead) {
		switch {
		case errors.Is(r.err, services.ErrSecretNotFound):
			h.showResult("The keychain holds no current token for this profile: it was made on another "+
				"computer or before the keychain was available. Renew to store a new one.", widget.WarningImportance)
		case errors.Is(r.err, services.ErrTokenMismatch):
			h.showResult(services.ErrorText(r.err), widget.WarningImportance)
		case r.err != nil:
			h.u.noteKeychainErr(r.err)
			h.showResult("The token could not be read from the keychain: "+services.ErrorText(r.err), widget.DangerImportance)
		default:
			use(r.value)
		}
	})
}

func (h *historyScreen) onReveal() {
	if h.masked.Text != maskedToken {
		h.hideToken()
		return
	}
	h.readCurrentToken(func(v string) {
		h.masked.Truncation = fyne.TextTruncateOff
		h.masked.Wrapping = fyne.TextWrapBreak
		// Not selectable: a copy made from the label would escape the clipboard's clearing; Copy
		// current token is the way, and it is tracked.
		h.masked.SetText(v)
		h.revealB.SetText("Hide")
		h.revealB.SetIcon(theme.VisibilityOffIcon())
	})
}

func (h *historyScreen) hideToken() {
	h.masked.Wrapping = fyne.TextWrapOff
	h.masked.Truncation = fyne.TextTruncateEllipsis
	h.masked.SetText(maskedToken)
	h.revealB.SetText("Show")
	h.revealB.SetIcon(theme.VisibilityIcon())
}

func (h *historyScreen) onCopy() {
	h.readCurrentToken(func(v string) {
		h.u.copySecret(v)
		h.u.confirmCopied(h.copyB)
		h.showResult(fmt.Sprintf("Copied. It leaves the clipboard after %s.", services.DurationText(h.u.clip.timeout, services.DurationExact)),
			widget.LowImportance)
	})
}

// onCheck runs the health check of the current token: the SCIM probe Okta makes, and Okta's System
// Log where a credential can read it.
func (h *historyScreen) onCheck() {
	if h.u.deps.Services == nil {
		h.showResult("Health checks are not available in this window.", widget.WarningImportance)
		return
	}
	h.checkB.Disable()
	h.checkB.SetText("Checking…")
	h.showResult("Checking the token with the Hub…", widget.LowImportance)
	id, svc := h.profileID, h.u.deps.Services
	type checked struct {
		health reminders.Health
		err    error
	}
	background(h.u, func(ctx context.Context) checked {
		r, err := svc.CheckHealth(ctx, id)
		return checked{r, err}
	}, func(c checked) {
		h.checkB.SetText("Check now")
		h.checkB.Enable()
		h.reload()
		if c.err != nil {
			h.showResult("The check could not run: "+services.ErrorText(c.err), widget.DangerImportance)
			return
		}
		text, imp := healthCheckSummary(c.health, h.u.deps.Now())
		h.showResult(text, imp)
	})
}

// healthCheckSummary says what a health check found.
func healthCheckSummary(r reminders.Health, now time.Time) (string, widget.Importance) {
	var b strings.Builder
	imp := widget.SuccessImportance
	fmt.Fprintf(&b, "Checked %s: ", services.DateText(r.At, now.Location(), services.DateTimeShort))
	switch {
	case r.Expired:
		b.WriteString("the token is past its expiry and is now marked expired. Renew it.")
		imp = widget.DangerImportance
	default:
		b.WriteString(r.Message)
		if r.Result != services.ProbeOK {
			imp = widget.DangerImportance
		}
	}
	switch {
	case r.OktaError != "":
		b.WriteString(" Okta's System Log could not be read: " + r.OktaError)
	case r.OktaChecked && r.AuthFailures > 0:
		fmt.Fprintf(&b, " Okta's System Log shows %d provisioning authentication failures since the last check.", r.AuthFailures)
		imp = widget.DangerImportance
	case r.OktaChecked:
		b.WriteString(" Okta's System Log shows no provisioning failures since the last check.")
	}
	return b.String(), imp
}

func (h *historyScreen) onCalendar() {
	h.calendarB.Disable()
	h.u.addToCalendar(h.profile, func(msg string, imp widget.Importance) {
		h.calendarB.Enable()
		h.showResult(msg, imp)
	})
}
