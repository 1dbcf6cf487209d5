package ui

import (
	"fmt"
	"time"

	"scimrenew/services"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// clockWatcher is a screen that shows dates or days left and redraws them when the sandbox's clock
// jumps ahead (rebuilding the screen instead could throw away a wizard's progress).
type clockWatcher interface{ onClockJumped() }

// jumpBar is the sandbox's banner above every screen: what day the sandbox thinks it is, its "Jump
// ahead" control, and "Set up my own", which starts the real app. It exists only when
// Deps.SandboxClock is set, that is in --sandbox: nothing else can shift the app's clock.
type jumpBar struct {
	u       *UI
	clock   *widget.Label
	leaveB  *button // nil without Deps.LeaveSandbox
	dayB    *button
	weekB   *button
	monthsB *button
}

// showJumpBar adds the control to the banner.
func (u *UI) showJumpBar() {
	j := &jumpBar{u: u}
	u.bgs().jump = j
	u.banner.Add(j.buildUI())
}

func (j *jumpBar) buildUI() fyne.CanvasObject {
	c := j.u.deps.SandboxClock
	j.clock = widget.NewLabel("")
	j.clock.Truncation = fyne.TextTruncateEllipsis
	j.dayB = newButton(j.u, "1 day", nil, func() { j.onJump(func() { c.Jump(24 * time.Hour) }) })
	j.weekB = newButton(j.u, "1 week", nil, func() { j.onJump(func() { c.Jump(7 * 24 * time.Hour) }) })
	j.monthsB = newButton(j.u, "11 months", nil, func() { j.onJump(func() { c.JumpMonths(11) }) })
	j.showClock()
	icon := widget.NewIcon(theme.HistoryIcon())
	buttons := container.NewHBox(widget.NewLabel("Jump ahead:"), j.dayB, j.weekB, j.monthsB)
	if j.u.deps.LeaveSandbox != nil {
		j.leaveB = newButton(j.u, "Set up my own", theme.LogoutIcon(), j.onLeave)
		buttons.Objects = append([]fyne.CanvasObject{j.leaveB, widget.NewSeparator()}, buttons.Objects...)
	}
	bar := container.NewBorder(nil, nil, icon, buttons, j.clock)
	return container.NewVBox(container.NewPadded(bar), widget.NewSeparator())
}

// showClock says what day the sandbox thinks it is.
func (j *jumpBar) showClock() {
	now := j.u.deps.Now()
	text := "Sandbox: a fake Hub and Okta. Today is " + now.Format("Mon 2 Jan 2006")
	if off := j.u.deps.SandboxClock.Offset(); off > 0 {
		text = fmt.Sprintf("Sandbox. Today is %s, %s ahead", now.Format("Mon 2 Jan 2006"), services.DurationText(off, services.DurationDays))
	}
	j.clock.SetText(text)
}

// onLeave starts the real app beside the sandbox, which stays open until the user closes it.
func (j *jumpBar) onLeave() {
	j.u.deps.LeaveSandbox()
	j.u.notice("Starting SCIM Renew with your own data…")
}

// onJump moves the clock, then checks for due reminders at once so their notifications show now
// rather than at the loop's next tick, and redraws what shows days left.
func (j *jumpBar) onJump(move func()) {
	u := j.u
	move()
	j.showClock()
	u.notice("Jumped ahead to " + u.deps.Now().Format("2 Jan 2006"))
	if w, ok := u.current().(clockWatcher); ok {
		w.onClockJumped()
	}
	u.refreshTray()
	if u.deps.Services == nil {
		return
	}
	ctx, svc := u.bgs().ctx, u.deps.Services
	u.busyStart()
	go func() {
		sent, err := svc.CheckDueReminders(ctx)
		u.do(func() {
			u.busyEnd()
			j.checked(sent, err)
		})
	}()
}

func (j *jumpBar) checked(sent int, err error) {
	u := j.u
	switch {
	case err != nil && u.bgs().ctx.Err() == nil:
		u.deps.Log.Warn("reminder check after a jump failed", "err", err)
		u.showError(fmt.Errorf("the reminders could not be checked: %w", err))
		return
	case sent == 1:
		u.notice("Jumped ahead · 1 reminder shown")
	case sent > 1:
		u.notice(fmt.Sprintf("Jumped ahead · %d reminders shown", sent))
	}
	if w, ok := u.current().(clockWatcher); ok && sent > 0 {
		w.onClockJumped() // a reminder notice appears
	}
}
