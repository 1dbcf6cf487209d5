package ui

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"scimrenew/renewal"
	"scimrenew/store"
)

// beginRetryPause and beginRetries cover a session of this window still closing (ErrAlreadyOpen)
// when the wizard is shown again right after being left.
const (
	beginRetryPause = 150 * time.Millisecond
	beginRetries    = 20
)

// wizardScreen is the guided renewal of one profile: a step indicator over one panel per step.
// Showing it begins (or resumes) the profile's renewal; leaving it closes the session, which keeps
// the renewal resumable from the home screen. Steps run off the main goroutine, and the wizard moves
// on by itself whenever a step succeeds, stopping only where the admin has to act.
type wizardScreen struct {
	u         *UI
	profileID string
	name      string

	sess    *renewal.Session
	running bool
	hubWait captureState

	steps     [4]*widget.Label
	volatileL *widget.Label
	noticeL   *widget.Label
	token     *tokenCard
	body      *fyne.Container
	cancelB   *button
	bottom    fyne.CanvasObject // the bar under the panel: Cancel renewal over a separator, hidden with it
	primary   *button           // Enter taps it

	// The panel on show (the others are nil); tests reach its widgets through these.
	busy    *busyPanel
	problem *problemPanel
	hubP    *hubPanel
	confirm *confirmCreatePanel
	manual  *manualPanel
	done    *donePanel
}

func newWizardScreen(u *UI, profileID string) *wizardScreen {
	return &wizardScreen{u: u, profileID: profileID}
}

func (w *wizardScreen) title() string {
	if w.name == "" {
		return "Renew"
	}
	return "Renew · " + w.name
}

func (w *wizardScreen) buildUI() fyne.CanvasObject {
	w.sess, w.running, w.hubWait = nil, false, captureState{}
	if p, err := w.u.deps.Services.Profile(context.Background(), w.profileID); err == nil {
		w.name = p.Name
	}
	for i, name := range indicatorNames {
		w.steps[i] = widget.NewLabel(name)
	}
	indicator := container.NewHBox(w.steps[0], dot(), w.steps[1], dot(), w.steps[2], dot(), w.steps[3])
	w.volatileL = widget.NewLabel(w.u.keychainName().Subject + " is unavailable: the new token is kept in memory only. Do not quit SCIM Renew " +
		"before Done, or the token is lost and you must create another.")
	w.volatileL.Wrapping = fyne.TextWrapWord
	w.volatileL.Importance = widget.WarningImportance
	w.volatileL.Hide()
	w.noticeL = widget.NewLabel("")
	w.noticeL.Wrapping = fyne.TextWrapWord
	w.noticeL.Hide()
	w.token = newTokenCard(w)
	w.body = container.NewStack()
	w.cancelB = newButton(w.u, "Cancel renewal", theme.CancelIcon(), w.onCancelRenewal)
	w.cancelB.Importance = widget.LowImportance
	w.cancelB.Hide()
	top := container.NewVBox(container.NewCenter(indicator), widget.NewSeparator(), w.volatileL, w.noticeL,
		w.token.buildUI())
	w.bottom = container.NewPadded(container.NewVBox(widget.NewSeparator(), container.NewHBox(w.cancelB, layout.NewSpacer())))
	w.bottom.Hide()
	w.u.onLeave(w.onLeft)
	w.showBusy(renewal.StepCreate, "Opening the renewal…")
	w.begin(0)
	// Listed top to bottom, so Tab goes from the token card to the panel to Cancel renewal.
	topP := container.NewPadded(top)
	return container.New(layout.NewBorderLayout(topP, w.bottom, nil, nil), topP,
		container.NewVScroll(container.NewPadded(w.body)), w.bottom)
}

// indicatorNames are the step indicator's steps; renewal.StepFinish shows as "Done".
var indicatorNames = [4]string{"1 Create token", "2 Verify", "3 Install in Okta", "4 Done"}

func dot() fyne.CanvasObject { return widget.NewLabel("·") }

// onLeft closes the session when the user leaves: the lease is released so the renewal can be
// continued later (here or in another window). Close waits for a running step, so it runs aside.
func (w *wizardScreen) onLeft() {
	if s := w.sess; s != nil {
		w.sess = nil
		log := w.u.deps.Log
		go func() {
			if err := s.Close(); err != nil {
				log.Warn("could not release the renewal", "err", err)
			}
		}()
	}
}

// defaultButton is the panel's primary action; Enter does nothing while a step runs.
func (w *wizardScreen) defaultButton() *button {
	if w.running {
		return nil
	}
	return w.primary
}

// onEscape keeps Esc from leaving while a step runs (leaving would abandon the step half-way, and a
// create cut short leaves the admin a question to answer). While the renewal can be cancelled, Esc is
// Cancel renewal, with its question; after that (and before the renewal opened) it goes back. Back
// in the header leaves the renewal in progress instead.
func (w *wizardScreen) onEscape() bool {
	switch {
	case w.running:
		w.u.notice("A step is running; it ends in a few seconds")
		return true
	case usable(w.cancelB):
		w.onCancelRenewal()
		return true
	}
	return false
}

// focusTarget is the panel's main action; without one, Cancel renewal when that is the only way on.
func (w *wizardScreen) focusTarget() fyne.Focusable {
	switch {
	case usable(w.primary):
		return w.primary
	case usable(w.cancelB):
		return w.cancelB
	}
	return nil
}

// onClockJumped redraws the days left when the sandbox's clock jumps.
func (w *wizardScreen) onClockJumped() {
	w.token.refresh()
	if w.done != nil {
		w.done.fill()
	}
}

// begin opens the renewal session in the background, after the window's start-up check.
func (w *wizardScreen) begin(attempt int) {
	svc := w.u.deps.Services
	if svc == nil {
		w.showProblem("Renewal is not available", "This window was started without the renewal engine. "+
			"Restart SCIM Renew; if this keeps happening, report it.", nil)
		return
	}
	w.setRunning(true)
	ctx, wait, id := w.u.screenCtx(), w.u.startupCheck(), w.profileID
	w.u.busyStart()
	go func() {
		var s *renewal.Session
		err := ctx.Err()
		select {
		case <-wait:
			s, err = svc.BeginRenewal(ctx, id)
		case <-ctx.Done():
		}
		w.u.do(func() {
			w.u.busyEnd()
			if ctx.Err() != nil { // the user left meanwhile: nobody will continue this session
				if s != nil {
					go s.Close()
				}
				return
			}
			w.onBegun(s, err, attempt)
		})
	}()
}

func (w *wizardScreen) onBegun(s *renewal.Session, err error, attempt int) {
	w.setRunning(false)
	var held *store.LeaseHeldError
	switch {
	case err == nil:
	case errors.Is(err, renewal.ErrAlreadyOpen) && attempt < beginRetries:
		ctx := w.u.screenCtx()
		w.u.after(beginRetryPause, func() {
			if ctx.Err() == nil {
				w.begin(attempt + 1)
			}
		})
		return
	case errors.As(err, &held):
		w.showProblem("This renewal is open somewhere else", w.errText(err), nil,
			action{"Try again", theme.ViewRefreshIcon(), func() { w.begin(0) }})
		return
	default:
		w.showProblem("The renewal could not start", w.errText(err), nil,
			action{"Try again", theme.ViewRefreshIcon(), func() { w.begin(0) }})
		return
	}
	w.sess = s
	w.name = s.Profile().Name
	w.u.header.titleL.SetText(w.title())
	if s.Volatile() {
		w.volatileL.Show()
	}
	if n := s.Notices(); len(n) > 0 {
		w.noticeL.SetText(joinSentences(n))
		w.noticeL.Show()
	}
	w.token.refresh()
	w.proceed()
}

// proceed shows what the renewal's current step needs: a question, the Hub page, or the automatic run.
func (w *wizardScreen) proceed() {
	s := w.sess
	switch {
	case s.Step() == renewal.StepCreate && s.NeedsCreateConfirmation():
		w.showConfirmCreate("")
	case s.Step() == renewal.StepCreate && !s.Profile().APIMode():
		w.showHub("")
	default:
		w.run(renewal.Input{})
	}
}

// setRunning disables what must not be tapped while a step runs; the step panels themselves are
// replaced by the busy panel then.
func (w *wizardScreen) setRunning(running bool) {
	w.running = running
	w.updateCancel()
}

// updateCancel offers Cancel renewal until Okta holds the new token; the bar goes with it, so no
// separator is left over nothing.
func (w *wizardScreen) updateCancel() {
	if w.sess == nil || w.sess.Step() > renewal.StepInstall {
		w.cancelB.Hide()
		w.bottom.Hide()
		return
	}
	w.cancelB.Show()
	w.bottom.Show()
	if w.running {
		w.cancelB.Disable()
	} else {
		w.cancelB.Enable()
	}
}

// setStep marks the indicator: steps before st ticked, st in bold.
func (w *wizardScreen) setStep(st renewal.Step) {
	cur := int(st)
	if st >= renewal.StepFinish {
		cur = 3
	}
	for i, l := range w.steps {
		name := indicatorNames[i]
		switch {
		case i < cur || st == renewal.StepDone:
			l.Text, l.Importance, l.TextStyle = name, widget.SuccessImportance, fyne.TextStyle{}
		case i == cur:
			l.Text, l.Importance, l.TextStyle = name, widget.HighImportance, fyne.TextStyle{Bold: true}
		default:
			l.Text, l.Importance, l.TextStyle = name, widget.LowImportance, fyne.TextStyle{}
		}
		l.Refresh()
	}
}

// setPanel shows a step's panel with its primary button (nil for none). The focus moves to the new
// panel's main action unless the admin had put it outside the panel (the header, Cancel renewal).
func (w *wizardScreen) setPanel(o fyne.CanvasObject, primary *button) {
	w.busy, w.problem, w.hubP, w.confirm, w.manual, w.done = nil, nil, nil, nil, nil, nil
	w.primary = primary
	w.body.Objects = []fyne.CanvasObject{o}
	w.body.Refresh()
	w.updateCancel()
	w.followFocus(nil)
}

// setPrimary makes b the button Enter taps (the admin's next step on the same panel); the focus moves
// along when it was on the previous one.
func (w *wizardScreen) setPrimary(b *button) {
	old := w.primary
	w.primary = b
	if old != b {
		w.followFocus(old)
	}
}

// followFocus puts the focus on the panel's main action when the focus is nowhere, on a widget that
// went with the last panel (or is hidden now), or on was (the previous main action). Nothing moves
// while the wizard is being built: the window focuses it once it shows.
func (w *wizardScreen) followFocus(was *button) {
	if !w.u.onShow(w) {
		return
	}
	f := w.u.focusedOn()
	if f != nil && (was == nil || f != fyne.Focusable(was)) {
		return
	}
	w.u.focus(w.focusTarget())
}

// onCancelRenewal asks, then abandons the renewal and goes home.
func (w *wizardScreen) onCancelRenewal() {
	s := w.sess
	if s == nil || w.running {
		return
	}
	q := "Cancel this renewal? SCIM Renew forgets the new token (if one was made) and deletes it from " +
		w.u.keychainName().Short + ". Okta keeps the current token, which works until it expires."
	c := w.u.confirm("Cancel the renewal", q, "Cancel renewal", true, func() {
		w.setRunning(true)
		background(w.u, func(ctx context.Context) error { return s.Cancel(ctx) }, func(err error) {
			w.setRunning(false)
			if err != nil {
				w.u.showError(errors.New(w.errText(err)))
				return
			}
			w.u.notice("Renewal cancelled")
			w.u.home()
		})
	})
	c.no.SetText("Keep renewing")
}

// onStartOver drops a new token the SCIM endpoint refused (usually the wrong text was copied) and
// starts a new renewal, after asking.
func (w *wizardScreen) onStartOver() {
	s := w.sess
	if s == nil || w.running {
		return
	}
	q := "Drop this token and start the renewal again? SCIM Renew forgets it and deletes it from " + w.u.keychainName().Short + "; " +
		"then copy the right token from the Hub. Okta keeps the current token meanwhile."
	w.u.confirm("Use another token", q, "Drop it and start again", false, func() {
		w.setRunning(true)
		background(w.u, func(ctx context.Context) error {
			if err := s.Cancel(ctx); err != nil {
				return err
			}
			return s.Close()
		}, func(err error) {
			w.setRunning(false)
			if err != nil {
				w.u.showError(errors.New(w.errText(err)))
				return
			}
			w.sess = nil
			w.token.refresh()
			w.begin(0)
		})
	})
}
