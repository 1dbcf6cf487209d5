package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"scimrenew/reminders"
	"scimrenew/store"
)

// reminderNoticeView is a profile's fired reminder shown in the window, with Snooze (until tomorrow
// 09:00) and Dismiss: the in-window twin of the desktop notification, for whoever missed it.
type reminderNoticeView struct {
	u         *UI
	profileID string
	r         store.Reminder

	box      *fyne.Container // empty and hidden when there is nothing to show
	title    *widget.Label
	body     *widget.Label
	snoozeB  *button
	dismissB *button
}

// reminderNotice returns the notice of the profile's latest fired reminder, for the home screen or the
// wizard to place; an empty, hidden object when there is none. It reads the store at once, so call it
// while building a screen. Snooze and Dismiss hide it.
func (u *UI) reminderNotice(profileID string) fyne.CanvasObject {
	return newReminderNoticeView(u, profileID).box
}

func newReminderNoticeView(u *UI, profileID string) *reminderNoticeView {
	n := &reminderNoticeView{u: u, profileID: profileID, box: container.NewVBox()}
	n.box.Hide()
	if u.deps.Services == nil {
		return n
	}
	r, ok, err := u.deps.Services.ReminderNotice(context.Background(), profileID)
	if err != nil {
		u.deps.Log.Warn("cannot read the reminder notice", "err", err)
	}
	if !ok {
		return n
	}
	n.r = r
	n.build()
	return n
}

func (n *reminderNoticeView) build() {
	now := n.u.deps.Now()
	title, body := reminders.Message(n.r, now)
	n.title = widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	n.title.Wrapping = fyne.TextWrapWord
	n.body = widget.NewLabel(body)
	n.body.Wrapping = fyne.TextWrapWord
	icon := theme.WarningIcon()
	imp := widget.WarningImportance
	if reminders.DaysLeft(n.r.TokenExpiresAt, now) <= 7 {
		icon, imp = theme.ErrorIcon(), widget.DangerImportance
	}
	n.title.Importance = imp
	n.snoozeB = newButton(n.u, "Snooze until tomorrow", theme.HistoryIcon(), n.onSnooze)
	n.dismissB = newButton(n.u, "Dismiss", theme.CancelIcon(), n.onDismiss)
	n.dismissB.Importance = widget.LowImportance
	text := container.NewVBox(n.title, n.body, container.NewHBox(n.snoozeB, n.dismissB))
	n.box.Objects = []fyne.CanvasObject{
		container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(icon)), nil, text),
	}
	n.box.Show()
}

func (n *reminderNoticeView) onSnooze() {
	n.act("Snoozed until tomorrow 09:00", n.u.deps.Services.SnoozeReminder)
}

func (n *reminderNoticeView) onDismiss() {
	n.act("Reminder dismissed; the next one still comes", n.u.deps.Services.DismissReminder)
}

// act records the choice, then hides the notice. The write finishes even if the user leaves the screen.
func (n *reminderNoticeView) act(done string, do func(context.Context, int64) error) {
	n.snoozeB.Disable()
	n.dismissB.Disable()
	id := n.r.ID
	background(n.u, func(ctx context.Context) error {
		return do(context.WithoutCancel(ctx), id)
	}, func(err error) {
		if err != nil {
			n.snoozeB.Enable()
			n.dismissB.Enable()
			n.u.showError(fmt.Errorf("the reminder could not be changed: %w", err))
			return
		}
		n.box.Hide()
		n.box.Objects = nil
		n.box.Refresh()
		n.u.notice(done)
	})
}
