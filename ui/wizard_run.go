package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2/theme"

	"scimrenew/hub"
	"scimrenew/renewal"
	"scimrenew/services"
	"scimrenew/store"
)

// runResult is what a run of steps ended with.
type runResult struct {
	sum   *renewal.Summary
	probe hub.ProbeResult
	err   error
}

// run does first (a capture, a confirmed create, the admin's "saved in Okta"), if any, then every
// following step that needs nobody, in the background, until the renewal is done or a step needs the
// admin or fails. It is Session.Run, but keeps the probe result and the summary for the panels.
func (w *wizardScreen) run(first func(context.Context, *renewal.Session) error) {
	s := w.sess
	w.setRunning(true)
	w.showBusy(s.Step(), "")
	ctx := w.u.screenCtx()
	progress := func(st renewal.Step) {
		w.u.do(func() {
			if ctx.Err() == nil && w.running {
				w.showBusy(st, "")
			}
		})
	}
	background(w.u, func(ctx context.Context) runResult {
		return drive(ctx, s, first, progress)
	}, w.onRunDone)
}

// drive runs the steps; it touches no widget (progress hands over to the main goroutine).
func drive(ctx context.Context, s *renewal.Session, first func(context.Context, *renewal.Session) error,
	progress func(renewal.Step)) runResult {
	var res runResult
	if first != nil {
		if res.err = first(ctx, s); res.err != nil {
			return res
		}
	}
	for {
		st := s.Step()
		if st == renewal.StepDone || st == renewal.StepCancelled {
			return res
		}
		progress(st)
		switch st {
		case renewal.StepVerify:
			res.probe, res.err = s.Verify(ctx)
		case renewal.StepFinish:
			var sum renewal.Summary
			if sum, res.err = s.Finish(ctx); res.err == nil {
				res.sum = &sum
			}
		default:
			_, res.err = s.Advance(ctx)
		}
		if res.err == nil {
			res.err = ctx.Err()
		}
		if res.err != nil {
			return res
		}
	}
}

func (w *wizardScreen) onRunDone(res runResult) {
	w.setRunning(false)
	w.token.refresh()
	if res.err != nil {
		w.route(res)
		return
	}
	switch w.sess.Step() {
	case renewal.StepDone:
		w.showDone(res.sum)
	case renewal.StepCancelled:
		w.u.home()
	default:
		w.proceed()
	}
}

// route shows the panel for a run that stopped: the admin's part of the step, or what went wrong.
func (w *wizardScreen) route(res runResult) {
	err := res.err
	switch st := w.sess.Step(); {
	case errors.Is(err, store.ErrLeaseLost), errors.Is(err, renewal.ErrFinished), errors.Is(err, renewal.ErrClosed):
		w.showProblem("This renewal cannot go on here", userText(err.Error()), nil,
			action{"Back to profiles", theme.HomeIcon(), w.u.home})
	case st == renewal.StepCreate && w.sess.NeedsCreateConfirmation():
		w.showConfirmCreate(err.Error())
	case errors.Is(err, renewal.ErrNeedsCapture):
		w.showHub("")
	case services.IsRefusedToken(err), errors.Is(err, renewal.ErrKnownToken):
		w.showHub(userText(err.Error()))
	case st == renewal.StepCreate:
		w.showCreateFailed(err)
	case st == renewal.StepVerify:
		w.showVerifyFailed(res.probe, err)
	case st == renewal.StepInstall && errors.Is(err, renewal.ErrManualInstall):
		w.showManual(err)
	case st == renewal.StepInstall:
		w.showInstallFailed(err)
	default:
		w.showProblem("The renewal stopped at "+st.String(), userText(err.Error()), nil, w.retry())
	}
}

// retry is the Retry action: run the current step again.
func (w *wizardScreen) retry() action {
	return action{"Retry", theme.ViewRefreshIcon(), func() { w.run(nil) }}
}

// editSettings is the Edit settings action: the profile's form, above the wizard; coming back
// resumes the renewal with the corrected settings.
func (w *wizardScreen) editSettings() action {
	return action{"Edit settings", theme.DocumentCreateIcon(), func() { w.u.goSettings(w.profileID) }}
}
