package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"scimrenew/store"
)

// homeScreen lists the profiles. A minimal first version: the renewal issue replaces it with expiry,
// days left, verification and Renew.
type homeScreen struct {
	u        *UI
	profiles []store.Profile

	editB    map[string]*widget.Button // by profile ID
	renewB   map[string]*widget.Button // by profile ID
	addB     *widget.Button
	sandboxB *widget.Button
}

func newHomeScreen(u *UI) *homeScreen {
	return &homeScreen{u: u, editB: map[string]*widget.Button{}, renewB: map[string]*widget.Button{}}
}

func (h *homeScreen) title() string    { return "Profiles" }
func (h *homeScreen) section() section { return sectionHome }

func (h *homeScreen) buildUI() fyne.CanvasObject {
	var err error
	h.profiles, err = h.u.deps.Store.Profiles(context.Background())
	if err != nil {
		h.u.deps.Log.Error("cannot list profiles", "err", err)
		msg := widget.NewLabel(fmt.Sprintf("The profiles could not be read: %v", err))
		msg.Wrapping = fyne.TextWrapWord
		msg.Importance = widget.DangerImportance
		return container.NewPadded(msg)
	}
	if len(h.profiles) == 0 {
		return h.buildEmpty()
	}
	rows := container.NewVBox()
	for _, p := range h.profiles {
		rows.Add(h.profileCard(p))
	}
	h.addB = widget.NewButtonWithIcon("Add a profile", theme.ContentAddIcon(), h.onAdd)
	rows.Add(container.NewHBox(h.addB))
	return container.NewVScroll(container.NewPadded(rows))
}

func (h *homeScreen) profileCard(p store.Profile) fyne.CanvasObject {
	mode := "Hub-page mode"
	if p.APIMode() {
		mode = "API mode"
	}
	edit := widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), func() { h.onEdit(p.ID) })
	h.editB[p.ID] = edit
	renew := widget.NewButtonWithIcon("Renew", theme.ViewRefreshIcon(), func() { h.onRenew(p.ID) })
	renew.Importance = widget.HighImportance
	h.renewB[p.ID] = renew
	info := widget.NewLabel(p.HubURL + " · " + mode)
	info.Truncation = fyne.TextTruncateEllipsis
	card := widget.NewCard(p.Name, "", container.NewBorder(nil, nil, nil, container.NewHBox(edit, renew), info))
	return card
}

func (h *homeScreen) buildEmpty() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("Welcome to SCIM Renew", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	text := widget.NewLabel("Add a profile for your QorusDocs tenant and its Okta app, " +
		"or try the whole renewal in the sandbox first: no account needed.")
	text.Wrapping = fyne.TextWrapWord
	text.Alignment = fyne.TextAlignCenter
	h.addB = widget.NewButtonWithIcon("Add a profile", theme.ContentAddIcon(), h.onAdd)
	h.addB.Importance = widget.HighImportance
	h.sandboxB = widget.NewButtonWithIcon("Try the sandbox", theme.MediaPlayIcon(), h.onTrySandbox)
	buttons := container.NewCenter(container.NewHBox(h.addB, h.sandboxB))
	box := container.NewVBox(title, text, buttons)
	if icon := h.u.app.Icon(); icon != nil {
		img := canvas.NewImageFromResource(icon)
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSize(96, 96))
		box.Objects = append([]fyne.CanvasObject{container.NewCenter(img)}, box.Objects...)
	}
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(520, box.MinSize().Height), box))
}

// defaultButton makes Enter add a profile when there is none.
func (h *homeScreen) defaultButton() *widget.Button {
	if len(h.profiles) == 0 {
		return h.addB
	}
	return nil
}

func (h *homeScreen) onAdd()            { h.u.goSettings(newProfileID) }
func (h *homeScreen) onEdit(id string)  { h.u.goSettings(id) }
func (h *homeScreen) onRenew(id string) { h.u.goWizard(id) }
func (h *homeScreen) onTrySandbox() {
	if h.u.deps.TrySandbox != nil {
		h.u.deps.TrySandbox()
		return
	}
	dialog.ShowInformation("Try the sandbox",
		"Start SCIM Renew with --sandbox (scimrenew --sandbox): it runs a fake QorusDocs Hub and a fake Okta "+
			"on this computer, with demo profiles, so you can walk a whole renewal safely.", h.u.win)
}
