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
	"scimrenew/services"
)

// clipboardPoll is how often the wizard reads the clipboard while it waits for the Hub's token. Fyne's
// clipboard lives on the main goroutine, so the reading runs there, through (*UI).every.
var clipboardPoll = 500 * time.Millisecond

// captureState is the wait for the token the admin copies in the Hub page. It lives as long as the
// wizard is on show (buildUI resets it).
type captureState struct {
	secret       string // the Hub Client Secret, for Copy Client Secret and so the watcher ignores it
	secretLoaded bool
	secretErr    error
	watcher      *services.TokenWatcher // nil while not waiting
	ticking      bool
	opened       bool // the admin opened the Hub
}

// hubPanel is Create in Hub-page mode: open the Hub (which copies the Client ID), copy the Client
// Secret, then wait for the token the admin copies there, or take one pasted into the field.
type hubPanel struct {
	openB    *button
	secretB  *button
	stepL    *widget.Label // under Open the Hub: what was copied, where to go
	secretL  *widget.Label
	waitL    *widget.Label
	hintL    *widget.Label
	errL     *widget.Label
	activity *widget.Activity
	pasteE   *entry
	useB     *button
	ask      *captureCard // asks about an opaque token (or a password) read from the clipboard
}

// The vendor's words for where the token is made.
const hubMenuPath = "Settings > Hub Management > SCIM Token"

// What the Hub panel says beside its buttons, before and after each is clicked.
const (
	hubOpenText   = "Opens your Hub in the browser and copies your Client ID. In the Hub go to " + hubMenuPath + " and paste it as the Client ID."
	hubOpenedText = "Client ID copied. In the Hub go to " + hubMenuPath + " and paste it as the Client ID."
	hubSecretText = "Paste it as the Client Secret, then click Create Token, then Copy."
)

func (w *wizardScreen) hubSecretCopiedText() string {
	return "Client Secret copied (cleared from the clipboard in " + services.DurationText(w.u.clip.timeout, services.DurationExact) +
		"). Paste it as the Client Secret, click Create Token, then Copy."
}

// showHub shows the Hub-page panel; errMsg says why the last token was refused ("" for none).
func (w *wizardScreen) showHub(errMsg string) {
	p := &hubPanel{}
	p.openB = newButton(w.u, "Open the Hub", theme.ComputerIcon(), w.onOpenHub)
	p.openB.Importance = widget.HighImportance
	p.stepL = wrapped(hubOpenText)
	p.secretB = newButton(w.u, "Copy Client Secret", theme.ContentCopyIcon(), w.onCopySecret)
	p.secretL = wrapped(hubSecretText)
	// The texts change once a button is clicked; each row keeps the height of its longer text, so Copy
	// Client Secret does not move up just as the admin goes to click it.
	steps := container.New(layout.NewFormLayout(), container.NewVBox(p.openB), steadyText(p.stepL, hubOpenedText),
		container.NewVBox(p.secretB), steadyText(p.secretL, w.hubSecretCopiedText()))

	p.activity = widget.NewActivity()
	p.waitL = widget.NewLabelWithStyle("Waiting for the new token: click Copy in the Hub and SCIM Renew picks it up at once.",
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.waitL.Wrapping = fyne.TextWrapWord
	p.hintL = wrapped("")
	p.hintL.Importance = widget.WarningImportance
	p.hintL.Hide()
	p.errL = newErrorCaption()
	p.errL.SizeName = theme.SizeNameText
	if errMsg != "" {
		p.errL.SetText(errMsg)
		p.errL.Show()
	}
	p.pasteE = newPasswordEntry(w.u)
	p.pasteE.SetPlaceHolder("Or paste the token here")
	p.pasteE.OnChanged = func(string) { w.updateHubPrimary() }
	p.useB = newButton(w.u, "Use this token", theme.ConfirmIcon(), w.onUsePasted)
	p.ask = newCaptureCard(w)
	waiting := container.NewVBox(container.NewBorder(nil, nil, p.activity, nil, p.waitL), p.hintL, p.errL,
		p.ask.box, container.NewBorder(nil, nil, nil, p.useB, p.pasteE))

	box := container.NewVBox(panelTitle("Create the new token in the Hub"), steps, widget.NewSeparator(), waiting)
	w.setStep(renewal.StepCreate)
	w.setPanel(box, w.hubPrimary(p))
	w.hubP = p
	p.activity.Start()
	w.updateHubPrimary()
	w.loadSecret()
}

// hubPrimary is the admin's next step on the Hub panel: open the Hub, copy the secret, use a paste.
func (w *wizardScreen) hubPrimary(p *hubPanel) *button {
	switch {
	case p.pasteE.Text != "":
		return p.useB
	case p.ask.shown():
		return p.ask.useB
	case !w.hubWait.opened:
		return p.openB
	}
	return p.secretB
}

// updateHubPrimary moves Enter (and the focus, when it was on the last step) along the admin's path.
func (w *wizardScreen) updateHubPrimary() {
	p := w.hubP
	if p == nil {
		return
	}
	if p.pasteE.Text == "" {
		p.useB.Disable()
	} else {
		p.useB.Enable()
	}
	w.setPrimary(w.hubPrimary(p))
	for _, b := range []*button{p.openB, p.secretB, p.useB, p.ask.useB} {
		imp := widget.MediumImportance
		if b == w.primary {
			imp = widget.HighImportance
		}
		if b.Importance != imp {
			b.Importance = imp
			b.Refresh()
		}
	}
}

// loadSecret reads the Hub Client Secret once per showing of the wizard, then starts the wait.
func (w *wizardScreen) loadSecret() {
	if w.hubWait.secretLoaded {
		w.secretKnown()
		return
	}
	w.hubP.secretB.Disable()
	svc, p := w.u.deps.Services, w.sess.Profile()
	background(w.u, func(ctx context.Context) tokenRead {
		v, err := svc.HubSecretToCopy(ctx, p)
		return tokenRead{v, err}
	}, func(r tokenRead) {
		w.hubWait.secret, w.hubWait.secretErr, w.hubWait.secretLoaded = r.value, r.err, true
		if r.err != nil && !errors.Is(r.err, services.ErrSecretNotFound) && !errors.Is(r.err, services.ErrCredentialHostChanged) {
			w.u.noteKeychainErr(r.err)
		}
		if w.hubP != nil {
			w.secretKnown()
		}
	})
}

// secretKnown enables Copy Client Secret (or says why it cannot) and starts watching the clipboard.
func (w *wizardScreen) secretKnown() {
	p := w.hubP
	switch {
	case w.hubWait.secret != "":
		p.secretB.Enable()
	case w.hubWait.secretErr == nil || errors.Is(w.hubWait.secretErr, services.ErrSecretNotFound):
		p.secretB.Disable()
		p.secretL.SetText("No Client Secret is saved for this profile: type the one QorusDocs gave you " +
			"during SCIM setup into the Hub (or save it in Settings), then click Create Token, then Copy.")
	case errors.Is(w.hubWait.secretErr, services.ErrCredentialHostChanged):
		p.secretB.Disable()
		p.secretL.SetText(w.errText(w.hubWait.secretErr) + " Save the Hub URL again in Settings to confirm it, " +
			"or type the Client Secret into the Hub yourself, then click Create Token, then Copy.")
	default:
		p.secretB.Disable()
		p.secretL.SetText("The Client Secret could not be read from " + w.u.keychainName().Short + " (" +
			w.errText(w.hubWait.secretErr) + "). Type it into the Hub yourself, then click Create Token, then Copy.")
	}
	w.startWatching()
}

// startWatching waits for a new clipboard value: what the clipboard holds now is not taken.
func (w *wizardScreen) startWatching() {
	w.hubWait.watcher = w.u.deps.Services.WatchForToken(w.u.clipboard().Content(), w.sess.Profile(), w.hubWait.secret)
	if !w.hubWait.ticking {
		w.hubWait.ticking = true
		w.u.every(clipboardPoll, w.pollClipboard)
	}
}

// showClipboardHint says the clipboard holds something that is not a token (nil: nothing to say; the
// Client ID and Secret this panel copies itself are not mentioned).
func (w *wizardScreen) showClipboardHint(err error) {
	if err == nil {
		w.hubP.hintL.Hide()
		return
	}
	w.hubP.hintL.SetText("The clipboard holds something that is not the token. " + err.Error())
	w.hubP.hintL.Show()
}

// capture hands the token to the renewal, which checks it, saves it and goes on to Verify.
func (w *wizardScreen) capture(text string) {
	w.run(renewal.Input{Token: text})
}

func (w *wizardScreen) onOpenHub() {
	p := w.sess.Profile()
	link, err := services.HubPageLink(p)
	if err != nil {
		w.hubP.errL.SetText(w.errText(err) + " Correct the Hub URL in Settings.")
		w.hubP.errL.Show()
		return
	}
	w.u.openURL(link)
	w.u.copyText(p.ClientID)
	w.hubWait.opened = true
	w.hubP.stepL.SetText(hubOpenedText)
	w.hubP.stepL.Importance = widget.SuccessImportance
	w.hubP.stepL.Refresh()
	w.updateHubPrimary()
}

func (w *wizardScreen) onCopySecret() {
	if w.hubWait.secret == "" {
		return
	}
	w.u.copySecret(w.hubWait.secret)
	w.u.confirmCopied(w.hubP.secretB)
	w.hubP.secretL.SetText(w.hubSecretCopiedText())
}

func (w *wizardScreen) onUsePasted() {
	text := w.hubP.pasteE.Text
	if text == "" {
		return
	}
	w.hubWait.watcher = nil
	w.hubP.ask.drop()
	w.capture(text)
}
