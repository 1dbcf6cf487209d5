package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2/theme"

	"scimrenew/renewal"
	"scimrenew/services"
	"scimrenew/store"
)

// run hands the admin's input (a captured token, the answer to an interrupted create, the word that
// the token is saved in Okta; none for a plain run or a retry) to the renewal loop (services.Renew) in
// the background. The loop runs every step that needs nobody, until the renewal is done or a step needs
// the admin or fails; each action it starts shows in the busy panel.
func (w *wizardScreen) run(in renewal.Input) {
	s, svc := w.sess, w.u.deps.Services
	w.setRunning(true)
	w.showBusy(s.Step(), "")
	ctx := w.u.screenCtx()
	report := func(e renewal.Event) {
		if e.Ran {
			return
		}
		w.u.do(func() {
			if ctx.Err() == nil && w.running {
				w.showBusy(e.Step, "")
			}
		})
	}
	background(w.u, func(ctx context.Context) renewal.Outcome {
		return svc.Renew(ctx, s, in, report)
	}, w.onRunDone)
}

func (w *wizardScreen) onRunDone(out renewal.Outcome) {
	w.setRunning(false)
	w.token.refresh()
	switch {
	case out.Err != nil:
		w.route(out)
	case out.Need == renewal.NeedToken:
		w.showHub("")
	case out.Need == renewal.NeedCreateAnswer:
		w.showConfirmCreate("")
	case out.Need == renewal.NeedManualInstall:
		w.showManual(out.Manual.Cause)
	case w.sess.Step() == renewal.StepDone:
		w.showDone(out.Summary)
	case w.sess.Step() == renewal.StepCancelled:
		w.u.home()
	default:
		w.proceed()
	}
}

// route shows the panel for a run that failed: what went wrong, and the ways on.
func (w *wizardScreen) route(out renewal.Outcome) {
	err := out.Err
	switch st := w.sess.Step(); {
	case errors.Is(err, store.ErrLeaseLost), errors.Is(err, renewal.ErrFinished), errors.Is(err, renewal.ErrClosed):
		w.showProblem("This renewal cannot go on here", w.errText(err), nil,
			action{"Back to profiles", theme.HomeIcon(), w.u.home})
	case out.Need == renewal.NeedCreateAnswer:
		w.showConfirmCreate(err.Error())
	case services.IsRefusedToken(err), errors.Is(err, renewal.ErrKnownToken):
		w.showHub(w.errText(err))
	case st == renewal.StepCreate:
		w.showCreateFailed(err)
	case st == renewal.StepVerify:
		w.showVerifyFailed(out.Probe, err)
	case st == renewal.StepInstall:
		w.showInstallFailed(err)
	default:
		w.showProblem("The renewal stopped at "+st.String(), w.errText(err), nil, w.retry())
	}
}

// retry is the Retry action: run the current step again.
func (w *wizardScreen) retry() action {
	return action{"Retry", theme.ViewRefreshIcon(), func() { w.run(renewal.Input{}) }}
}

// editSettings is the Edit settings action: the profile's form, above the wizard; coming back
// resumes the renewal with the corrected settings.
func (w *wizardScreen) editSettings() action {
	return action{"Edit settings", theme.DocumentCreateIcon(), func() { w.u.goSettings(w.profileID) }}
}
