package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"scimrenew/renewal"
	"scimrenew/services"
)

// The vendor's words for where the token goes in Okta, on one line.
const oktaTokenPath = "In Okta: Integration > Edit > OAuth Bearer Token (paste) > Save"

// manualPanel is Install by hand: open the Okta app's Provisioning tab with the token on the
// clipboard, then the admin's word that it is saved.
type manualPanel struct {
	whyL    *widget.Label
	openB   *button
	wordsL  *widget.Label
	copyB   *button
	savedB  *button
	statusL *widget.Label
	link    string
}

// manualWhy says why the token goes into Okta by hand this time.
func manualWhy(err error) string {
	switch {
	case err == nil:
		return "Paste the new token on the Okta app's Provisioning tab yourself."
	case errors.Is(err, services.ErrOktaCannotSetToken):
		return "Okta's API cannot set the token for this app (its provisioning connection reads UNKNOWN), " +
			"so paste it on the app's Provisioning tab yourself."
	case errors.Is(err, services.ErrNoOktaCredential):
		return "No Okta API credential is set for this profile, so paste the token on the app's Provisioning tab yourself."
	}
	return services.ErrorText(err)
}

// showManual shows the manual install; err is why the API could not do it (nil: the admin chose to).
func (w *wizardScreen) showManual(err error) {
	p := &manualPanel{whyL: wrapped(manualWhy(err))}
	p.openB = newButton(w.u, "Open Okta Provisioning tab", theme.ComputerIcon(), w.onOpenOkta)
	p.openB.Importance = widget.HighImportance
	p.wordsL = widget.NewLabelWithStyle(oktaTokenPath, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.wordsL.Wrapping = fyne.TextWrapWord
	p.copyB = newButton(w.u, "Copy the token again", theme.ContentCopyIcon(), w.onCopyToken)
	p.copyB.Importance = widget.LowImportance
	p.savedB = newButton(w.u, "I saved it in Okta", theme.ConfirmIcon(), w.onSavedInOkta)
	p.statusL = wrapped("Opens the app's Provisioning tab in your browser and copies the new token.")
	link, lerr := w.sess.DeepLink()
	if lerr != nil {
		p.openB.Disable()
		p.statusL.SetText("The Provisioning tab's address cannot be built (" + w.errText(lerr) +
			"). In Okta open Applications > Applications > your QorusDocs SCIM app > Provisioning; " +
			"Copy the token below.")
		p.statusL.Importance = widget.WarningImportance
	}
	p.link = link
	saved := wrapped("Choose this once Okta has saved the new token.")
	rows := container.New(layout.NewFormLayout(),
		container.NewVBox(p.openB), container.NewVBox(p.statusL, p.wordsL),
		container.NewVBox(p.savedB), container.NewBorder(nil, nil, nil, p.copyB, saved))
	box := container.NewVBox(panelTitle("Install the new token in Okta"), p.whyL, rows)
	w.setStep(renewal.StepInstall)
	primary := p.openB
	if lerr != nil {
		primary = p.copyB
	}
	w.setPanel(box, primary)
	w.manual = p
}

func (w *wizardScreen) onOpenOkta()  { w.copyPendingToken(true) }
func (w *wizardScreen) onCopyToken() { w.copyPendingToken(false) }

// copyPendingToken reads the new token (off the main goroutine), puts it on the clipboard as a
// secret, and opens the Provisioning tab when open is set.
func (w *wizardScreen) copyPendingToken(open bool) {
	p, s := w.manual, w.sess
	p.openB.Disable()
	p.copyB.Disable()
	background(w.u, func(ctx context.Context) tokenRead {
		v, err := s.PendingToken(ctx)
		return tokenRead{v, err}
	}, func(r tokenRead) {
		if p.link != "" {
			p.openB.Enable()
		}
		p.copyB.Enable()
		if r.err != nil {
			p.statusL.SetText("The new token could not be read: " + w.errText(r.err))
			p.statusL.Importance = widget.DangerImportance
			p.statusL.Refresh()
			return
		}
		w.u.copySecret(r.value)
		if open {
			w.u.openURL(p.link)
		}
		p.statusL.SetText("The new token is on the clipboard (cleared in " + services.DurationText(w.u.clip.timeout, services.DurationExact) +
			"). Paste it in Okta and Save, then come back here.")
		p.statusL.Importance = widget.SuccessImportance
		p.statusL.Refresh()
		p.openB.Importance, p.savedB.Importance = widget.MediumImportance, widget.HighImportance
		p.openB.Refresh()
		p.savedB.Refresh()
		if w.manual == p { // still on show: the next step is the admin's word
			w.setPrimary(p.savedB)
		}
	})
}

func (w *wizardScreen) onSavedInOkta() { w.run(renewal.Input{Installed: true}) }
