package ui

import (
	"context"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"scimrenew/services"
	"scimrenew/store"
)

// Special selections of the settings screen (profile IDs are UUIDs, so they never collide).
const (
	newProfileID = "new"   // an empty form for a new profile
	prefsID      = "prefs" // the app preferences
)

// settingsScreen lists the profiles on the left and edits the selected one (or the app preferences)
// on the right.
type settingsScreen struct {
	u        *UI
	selected string
	profiles []store.Profile
	loadErr  error

	list   *list
	newB   *button
	prefsB *button
	detail *fyne.Container
	form   *profileForm // the form on show, nil when the preferences are
	prefs  *prefsPanel
}

func newSettingsScreen(u *UI, selected string) *settingsScreen {
	return &settingsScreen{u: u, selected: selected}
}

func (s *settingsScreen) title() string    { return "Settings" }
func (s *settingsScreen) section() section { return sectionSettings }

// defaultButton makes Enter save the profile.
func (s *settingsScreen) defaultButton() *button {
	if s.form == nil {
		return nil
	}
	return s.form.saveB
}

// focusTarget is the form's first field (Enter in it saves), or the first preference.
func (s *settingsScreen) focusTarget() fyne.Focusable {
	switch {
	case s.form != nil:
		return s.form.name.entry
	case s.prefs != nil:
		return s.prefs.clipboard
	}
	return nil
}

func (s *settingsScreen) buildUI() fyne.CanvasObject {
	s.profiles, s.loadErr = s.u.deps.Services.Profiles(context.Background())
	if s.loadErr != nil {
		s.u.deps.Log.Error("cannot list profiles", "err", s.loadErr)
	}
	s.list = newList(s.u, s.listLength, s.newListItem, s.updateListItem)
	s.list.OnSelected = s.onListSelected
	s.newB = newButton(s.u, "New profile", theme.ContentAddIcon(), s.onNew)
	s.prefsB = newButton(s.u, "Preferences", theme.SettingsIcon(), s.onPrefs)
	s.prefsB.Alignment = widget.ButtonAlignLeading
	heading := widget.NewLabelWithStyle("Profiles", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	side := container.NewBorder(heading, container.NewVBox(s.newB, widget.NewSeparator(), s.prefsB), nil, nil, s.list)
	s.detail = container.NewStack()
	s.selectInitial()
	split := container.NewHSplit(container.NewPadded(side), s.detail)
	split.Offset = 0.3 // about 300 px of a 1000 px window: room for a name like "Contoso (Hub page, Okta deep link)"
	return split
}

func (s *settingsScreen) selectInitial() {
	switch {
	case s.loadErr != nil:
		msg := widget.NewLabel("The profiles could not be read: " + services.ErrorText(s.loadErr))
		msg.Wrapping = fyne.TextWrapWord
		msg.Importance = widget.DangerImportance
		s.setDetail(container.NewPadded(msg))
	case s.selected == prefsID:
		s.onPrefs()
	case s.selected == newProfileID || (s.selected == "" && len(s.profiles) == 0):
		s.onNew()
	default:
		if s.selected == "" {
			s.selected = s.profiles[0].ID
		}
		if i := s.indexOf(s.selected); i >= 0 {
			s.list.Select(i) // shows the form through onListSelected
			return
		}
		s.onNew()
	}
}

func (s *settingsScreen) indexOf(id string) int {
	for i, p := range s.profiles {
		if p.ID == id {
			return i
		}
	}
	return -1
}

func (s *settingsScreen) listLength() int { return len(s.profiles) }

// newListItem is a profile's row: its name, wrapped onto a second line when long (a third would be cut
// with an ellipsis; the form shows the whole name), and its mode in small print. Every row is two lines
// tall, as a list's rows share one height.
func (s *settingsScreen) newListItem() fyne.CanvasObject {
	name := widget.NewLabel("")
	name.Wrapping = fyne.TextWrapWord
	name.Truncation = fyne.TextTruncateEllipsis
	mode := widget.NewLabel("")
	mode.SizeName = theme.SizeNameCaptionText
	line := fyne.MeasureText("Mg", theme.TextSize(), fyne.TextStyle{})
	tall := canvas.NewRectangle(color.Transparent)
	tall.SetMinSize(fyne.NewSize(0, 2*line.Height+theme.LineSpacing()+2*theme.InnerPadding()))
	return container.NewBorder(nil, nil, nil, container.NewVBox(mode), container.NewStack(tall, name))
}

func (s *settingsScreen) updateListItem(i widget.ListItemID, o fyne.CanvasObject) {
	p := s.profiles[i]
	c := o.(*fyne.Container)
	c.Objects[0].(*fyne.Container).Objects[1].(*widget.Label).SetText(p.Name)
	mode := "Hub page"
	if p.APIMode() {
		mode = "API"
	}
	c.Objects[1].(*fyne.Container).Objects[0].(*widget.Label).SetText(mode)
}

func (s *settingsScreen) onListSelected(i widget.ListItemID) {
	if i < 0 || i >= len(s.profiles) {
		return
	}
	s.selected = s.profiles[i].ID
	s.showForm(s.profiles[i])
}

func (s *settingsScreen) onNew() {
	s.selected = newProfileID
	s.list.UnselectAll()
	s.showForm(store.Profile{})
}

func (s *settingsScreen) onPrefs() {
	s.selected = prefsID
	s.list.UnselectAll()
	s.form = nil
	s.prefs = newPrefsPanel(s.u)
	s.setDetail(container.NewVScroll(container.NewPadded(s.prefs.buildUI())))
}

func (s *settingsScreen) showForm(p store.Profile) {
	names := make([]store.NameID, 0, len(s.profiles))
	for _, o := range s.profiles {
		names = append(names, store.NameID{ID: o.ID, Name: o.Name})
	}
	s.form = newProfileForm(s.u, p, names)
	s.form.onSaved = s.onSaved
	s.form.onDeleted = s.onDeleted
	s.form.onCancel = s.onCancel
	s.setDetail(s.form.buildUI())
}

// setDetail shows o on the right. A focus that went with the last form moves to the new one.
func (s *settingsScreen) setDetail(o fyne.CanvasObject) {
	s.detail.Objects = []fyne.CanvasObject{o}
	s.detail.Refresh()
	if s.u.onShow(s) && s.u.focusedOn() == nil {
		s.u.focus(s.focusTarget())
	}
}

// onSaved rebuilds the screen with the saved profile selected (its name or mode may have changed); a
// new profile is offered "Track my current token".
func (s *settingsScreen) onSaved(p store.Profile) {
	wasNew := s.form != nil && s.form.isNew()
	s.u.goSettings(p.ID)
	if wasNew {
		s.u.offerTrack(p)
	}
}

func (s *settingsScreen) onDeleted() { s.u.goSettings("") }

// onCancel drops the form's changes: back to where the user came from, or the stored values.
func (s *settingsScreen) onCancel() {
	if len(s.u.nav.stack) > 1 {
		s.u.back()
		return
	}
	s.u.goSettings(s.selected)
}
