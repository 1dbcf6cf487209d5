package ui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"scimrenew/renewal"
	"scimrenew/services"
)

// action is a button of a panel; the first of a panel's actions is its primary one.
type action struct {
	label string
	icon  fyne.Resource
	fn    func()
}

// panelTitle is the heading of a step's panel.
func panelTitle(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	l.Wrapping = fyne.TextWrapWord
	return l
}

// errText is ErrorText with the secrets the wizard holds (the Hub Client Secret, once loaded).
func (w *wizardScreen) errText(err error) string { return services.ErrorText(err, w.hubWait.secret) }

// msgText is MessageText with the secrets the wizard holds.
func (w *wizardScreen) msgText(msg string) string { return services.MessageText(msg, w.hubWait.secret) }

// wrapped is a label that wraps, for the sentences of a panel.
func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// busyPanel says what the running step is doing.
type busyPanel struct {
	text     *widget.Label
	activity *widget.Activity
}

// busyTexts say what each step does while it runs.
var busyTexts = map[renewal.Step]string{
	renewal.StepCreate:  "Asking the Hub for a new token…",
	renewal.StepVerify:  "Checking the new token against your SCIM endpoint, as Okta's \"Test API Credentials\" does…",
	renewal.StepInstall: "Setting the new token in Okta through its API, then reading the connection back…",
	renewal.StepFinish:  "Recording the new token and scheduling its reminders…",
}

// showBusy shows the running step; text "" uses the step's own words.
func (w *wizardScreen) showBusy(st renewal.Step, text string) {
	if text == "" {
		text = busyTexts[st]
		if st == renewal.StepCreate && w.sess != nil && !w.sess.Profile().APIMode() {
			text = "Saving the new token in " + w.u.keychainName().Short + "…"
		}
	}
	w.setStep(st)
	if w.busy != nil {
		w.busy.text.SetText(text)
		return
	}
	b := &busyPanel{text: wrapped(text), activity: widget.NewActivity()}
	b.activity.Start()
	w.setPanel(container.NewBorder(nil, nil, b.activity, nil, b.text), nil)
	w.busy = b
}

// problemPanel says what went wrong and what the admin can do, with a button per way out.
type problemPanel struct {
	titleL  *widget.Label
	msgL    *widget.Label
	buttons map[string]*button // by label
}

// showProblem shows title and msg, an optional detail below, and the actions as buttons.
func (w *wizardScreen) showProblem(title, msg string, detail fyne.CanvasObject, actions ...action) {
	p := &problemPanel{titleL: panelTitle(title), msgL: wrapped(msg), buttons: map[string]*button{}}
	p.msgL.Importance = widget.DangerImportance
	row := container.NewHBox()
	var primary *button
	for i, a := range actions {
		b := newButton(w.u, a.label, a.icon, a.fn)
		if i == 0 {
			b.Importance = widget.HighImportance
			primary = b
		}
		p.buttons[a.label] = b
		row.Add(b)
	}
	box := container.NewVBox(container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, p.titleL), p.msgL)
	if detail != nil {
		box.Add(detail)
	}
	box.Add(row)
	if w.sess != nil {
		w.setStep(w.sess.Step())
	}
	w.setPanel(box, primary)
	w.problem = p
}

// showCreateFailed: the Hub certainly made no token (or saving the new one failed).
func (w *wizardScreen) showCreateFailed(err error) {
	if !w.sess.Profile().APIMode() {
		w.showProblem("The new token could not be saved", w.errText(err), nil, w.retry())
		return
	}
	w.showProblem("The Hub did not create a token", w.errText(err)+
		" Nothing was created, so trying again is safe.", nil,
		w.retry(), w.editSettings(),
		action{"Use the Hub page instead", theme.ComputerIcon(), func() { w.showHub("") }})
}

// probeHeadlines name each class of failed SCIM check; the probe's message says what to do.
var probeHeadlines = map[services.ProbeClass]string{
	services.ProbeRejected:    "The SCIM endpoint refused the new token",
	services.ProbeWrongURL:    "The SCIM address does not answer like a SCIM server",
	services.ProbeServerError: "The Hub's SCIM service reported a problem",
	services.ProbeRateLimited: "The Hub is limiting requests",
	services.ProbeTLS:         "The secure connection to the SCIM endpoint failed",
	services.ProbeTimeout:     "The SCIM endpoint did not answer in time",
	services.ProbeUnreachable: "The SCIM endpoint could not be reached",
	services.ProbeCanceled:    "The check was stopped",
}

// showVerifyFailed explains the class of the failed check and offers Retry or Edit settings.
func (w *wizardScreen) showVerifyFailed(probe *services.ProbeResult, err error) {
	var res services.ProbeResult
	if probe != nil {
		res = *probe
	}
	title, msg := probeHeadlines[res.Class], res.Message
	if title == "" || msg == "" {
		title, msg = "The new token could not be checked", w.errText(err)
	}
	msg += " Okta still uses the current token: nothing has changed there."
	actions := []action{w.retry(), w.editSettings()}
	if res.Class == services.ProbeRejected { // most often the wrong text was copied: starting over comes first
		actions = append([]action{{"Use another token", theme.ContentUndoIcon(), w.onStartOver}}, actions...)
	}
	if errors.Is(err, renewal.ErrTokenMissing) {
		actions = actions[:0] // only Cancel renewal (below) helps
	}
	w.showProblem(title, msg, nil, actions...)
}

// showInstallFailed: Okta's API failed in a way worth retrying (or fixing in Settings).
func (w *wizardScreen) showInstallFailed(err error) {
	w.showProblem("Okta did not take the new token", w.errText(err), nil,
		w.retry(), w.editSettings(),
		action{"Install by hand instead", theme.ComputerIcon(), func() { w.showManual(nil) }})
}

// confirmCreatePanel asks before a second create after an interrupted one.
type confirmCreatePanel struct {
	createB *button
	hubB    *button
}

// showConfirmCreate asks whether to create another token; detail is what went wrong just now ("" on
// a resume).
func (w *wizardScreen) showConfirmCreate(detail string) {
	c := &confirmCreatePanel{}
	c.createB = newButton(w.u, "Create another token", theme.ContentAddIcon(), w.onCreateAnother)
	c.createB.Importance = widget.HighImportance
	c.hubB = newButton(w.u, "Use the Hub page instead", theme.ComputerIcon(), func() { w.showHub("") })
	msg := "The Hub may already have created a token: SCIM Renew was interrupted, or lost the Hub's answer, " +
		"while asking for one. Create another? An extra token does no harm; only the one you install in Okta is used. " +
		"Or open the Hub page and copy the token from there."
	box := container.NewVBox(panelTitle("The Hub may already have created a token"), wrapped(msg))
	if detail != "" && !strings.Contains(detail, renewal.ErrConfirmCreate.Error()) {
		d := wrapped("What happened: " + w.msgText(detail))
		d.Importance = widget.WarningImportance
		box.Add(d)
	}
	box.Add(container.NewHBox(c.createB, c.hubB))
	w.setStep(renewal.StepCreate)
	w.setPanel(box, c.createB)
	w.confirm = c
}

func (w *wizardScreen) onCreateAnother() { w.run(renewal.Input{CreateAgain: true}) }

// joinSentences joins the engine's notices into one paragraph.
func joinSentences(ss []string) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = services.MessageText(s)
	}
	return strings.Join(out, " ")
}
