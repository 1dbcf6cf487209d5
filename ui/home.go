package ui

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"scimrenew/store"
)

// homeScreen lists the profiles, each as a card saying how long its token has left and offering
// Renew (or Continue, when a renewal is in progress). With no profile it offers "Add a profile" and
// "Try the sandbox".
type homeScreen struct {
	u     *UI
	cards []*profileCard

	editB    map[string]*button // by profile ID
	renewB   map[string]*button // by profile ID: Renew, or Continue for a renewal in progress
	addB     *button
	sandboxB *button
}

func newHomeScreen(u *UI) *homeScreen {
	return &homeScreen{u: u, editB: map[string]*button{}, renewB: map[string]*button{}}
}

func (h *homeScreen) title() string    { return "Profiles" }
func (h *homeScreen) section() section { return sectionHome }

func (h *homeScreen) buildUI() fyne.CanvasObject {
	h.u.startupCheck()
	h.cards = nil
	profiles, err := h.u.deps.Services.Profiles(context.Background())
	if err != nil {
		h.u.deps.Log.Error("cannot list profiles", "err", err)
		msg := widget.NewLabel(fmt.Sprintf("The profiles could not be read: %v. Check the data folder "+
			"(Settings > Preferences) and restart SCIM Renew.", err))
		msg.Wrapping = fyne.TextWrapWord
		msg.Importance = widget.DangerImportance
		return container.NewPadded(msg)
	}
	if len(profiles) == 0 {
		return h.buildEmpty()
	}
	now := h.u.deps.Now()
	for _, p := range profiles {
		h.cards = append(h.cards, h.loadCard(p, now))
	}
	sortCards(h.cards)
	rows := container.NewVBox()
	for _, c := range h.cards {
		rows.Add(c.buildUI())
		h.editB[c.p.ID], h.renewB[c.p.ID] = c.editB, c.renewB
	}
	h.addB = newButton(h.u, "Add a profile", theme.ContentAddIcon(), h.onAdd)
	h.addB.Importance = widget.LowImportance
	rows.Add(container.NewHBox(h.addB))
	shown := h.signature(profiles, now)
	h.u.every(homeRefresh, func() { h.refreshIfChanged(shown) })
	return container.NewVScroll(container.NewPadded(rows))
}

// homeRefresh is how often the home screen looks for changes made elsewhere: a health check that
// just ran, a renewal continued in another window or the command line.
var homeRefresh = 3 * time.Second

// signature sums up what the cards show, to tell whether they need redrawing.
func (h *homeScreen) signature(profiles []store.Profile, now time.Time) string {
	var b strings.Builder
	for _, p := range profiles {
		c := h.loadCard(p, now)
		var tok store.Token
		var open store.Renewal
		if c.st.Token != nil {
			tok = *c.st.Token
		}
		if c.st.Renewal != nil {
			open = *c.st.Renewal
		}
		fmt.Fprintf(&b, "%s|%s|%d|%s|%s|%s|%d|%s|%s|%s\n", p.ID, p.UpdatedAt, tok.ID, tok.Status, tok.HealthResult,
			tok.HealthAt, open.ID, open.State, open.LastError, now.Format(time.DateOnly))
	}
	return b.String()
}

// refreshIfChanged redraws the home screen when what it shows has changed since it was drawn.
func (h *homeScreen) refreshIfChanged(shown string) {
	profiles, err := h.u.deps.Services.Profiles(context.Background())
	if err != nil || h.signature(profiles, h.u.deps.Now()) == shown {
		return
	}
	h.u.replace(newHomeScreen(h.u))
}

// loadCard reads the profile's status for its card. The reads are local database queries, quick
// enough for the main goroutine (as the settings screen's are).
func (h *homeScreen) loadCard(p store.Profile, now time.Time) *profileCard {
	c := &profileCard{h: h, p: p, now: now}
	sts, err := h.u.deps.Services.StatusesOf(context.Background(), []store.Profile{p})
	if err != nil {
		c.loadErr = err
		h.u.deps.Log.Error("cannot read a profile's token", "profile", p.ID, "err", err)
		return c
	}
	c.st = sts[0]
	return c
}

// sortCards puts what needs the admin first: renewals in progress, then the soonest expiry; profiles
// without a token come last, and ties keep the store's order (by name).
func sortCards(cs []*profileCard) {
	rank := func(c *profileCard) (int, time.Time) {
		switch {
		case c.st.Renewal != nil:
			return 0, c.st.Renewal.StartedAt
		case c.st.Token != nil:
			return 1, c.st.Token.ExpiresAt
		}
		return 2, time.Time{}
	}
	sort.SliceStable(cs, func(i, j int) bool {
		ri, ti := rank(cs[i])
		rj, tj := rank(cs[j])
		if ri != rj {
			return ri < rj
		}
		return ti.Before(tj)
	})
}

func (h *homeScreen) buildEmpty() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("Welcome to SCIM Renew", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	text := widget.NewLabel("Add a profile for your QorusDocs tenant and its Okta app, " +
		"or try the whole renewal in the sandbox first: no account needed.")
	text.Wrapping = fyne.TextWrapWord
	text.Alignment = fyne.TextAlignCenter
	h.addB = newButton(h.u, "Add a profile", theme.ContentAddIcon(), h.onAdd)
	h.addB.Importance = widget.HighImportance
	h.sandboxB = newButton(h.u, "Try the sandbox", theme.MediaPlayIcon(), h.onTrySandbox)
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

// defaultButton makes Enter add a profile when there is none, and renew (or continue) when there is
// exactly one; with several, Enter does nothing rather than guess which.
func (h *homeScreen) defaultButton() *button {
	switch len(h.cards) {
	case 0:
		return h.addB
	case 1:
		return h.cards[0].renewB
	}
	return nil
}

// focusTarget is the first card's Renew (or Continue): the cards put what needs the admin first. With
// no profile it is Add a profile.
func (h *homeScreen) focusTarget() fyne.Focusable {
	switch {
	case len(h.cards) > 0:
		return h.cards[0].renewB
	case usable(h.addB):
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
	h.u.inform("Try the sandbox",
		"Start SCIM Renew with --sandbox (scimrenew --sandbox): it runs a fake QorusDocs Hub and a fake Okta "+
			"on this computer, with demo profiles, so you can walk a whole renewal safely.", theme.InfoIcon())
}

// onClockJumped redraws the cards when the sandbox's clock jumps: days left and colours change.
func (h *homeScreen) onClockJumped() { h.u.home() }
