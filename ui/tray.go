package ui

import (
	"context"
	"slices"
	"time"

	"fyne.io/fyne/v2"

	"scimrenew/services"
)

// trayProbeTimeout bounds the look for a tray host at start-up.
const trayProbeTimeout = 3 * time.Second

// trayRefreshEvery is how often the tray's status lines are recomputed (days left change at midnight).
var trayRefreshEvery = time.Minute

// trayState is what the app knows of the tray. Main goroutine only.
type trayState struct {
	known     bool   // the probe has answered
	host      bool   // tray icons can be shown
	why       string // why they cannot, for the preferences
	installed bool
	lines     []trayLine    // the status lines on show, so an unchanged menu is not rebuilt
	menu      *fyne.Menu    // the menu on show (tests tap its items)
	kick      chan struct{} // asks the status loop to recompute now (after a clock jump)
	onChange  func()        // the preferences panel's refresh while it is on show
}

// trayLine is one profile's line in the tray's Status menu.
type trayLine struct {
	profileID string
	label     string
	urgent    bool // this profile's token expires first: "Renew now" renews it
}

// startTrayProbe looks for a tray host without blocking start-up: D-Bus may be slow to answer.
func (u *UI) startTrayProbe() {
	bg := u.bg
	if bg.env.probeTray == nil || bg.env.tray == nil {
		u.trayKnown(false, "this app cannot show a tray icon here")
		return
	}
	probe, ctx := bg.env.probeTray, bg.ctx
	go func() {
		pctx, cancel := context.WithTimeout(ctx, trayProbeTimeout)
		ok, why := probe(pctx)
		cancel()
		u.do(func() { u.trayKnown(ok, why) })
	}()
}

func (u *UI) trayKnown(ok bool, why string) {
	t := &u.bg.tray
	t.known, t.host, t.why = true, ok, why
	u.applyKeepRunning()
	if t.onChange != nil {
		t.onChange()
	}
}

// applyKeepRunning makes the close button follow the preference: with a tray host and the preference
// on, closing hides the window and the tray brings it back; otherwise closing quits.
func (u *UI) applyKeepRunning() {
	bg := u.bgs()
	keep := bg.keepRunning && bg.tray.host
	u.SetKeepRunningOnClose(keep)
	if keep && !bg.tray.installed {
		u.installTray()
	}
}

// installTray shows the tray icon with its menu and keeps the Status lines fresh until quit. Fyne
// cannot take a tray icon away again, so once shown it stays until the app quits.
func (u *UI) installTray() {
	t := &u.bg.tray
	t.installed = true
	t.kick = make(chan struct{}, 1)
	u.setTrayMenu(nil)
	go u.trayStatusLoop(u.bg.ctx, t.kick)
}

// refreshTray recomputes the tray's status lines now, if the tray is shown.
func (u *UI) refreshTray() {
	if u.bg == nil || u.bg.tray.kick == nil {
		return
	}
	select {
	case u.bg.tray.kick <- struct{}{}:
	default: // a refresh is already pending
	}
}

func (u *UI) trayStatusLoop(ctx context.Context, kick <-chan struct{}) {
	t := time.NewTicker(trayRefreshEvery)
	defer t.Stop()
	for {
		lines := u.trayStatus(ctx)
		u.do(func() {
			if !slices.Equal(lines, u.bg.tray.lines) {
				u.setTrayMenu(lines)
			}
		})
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-kick:
		}
	}
}

// trayStatus says, per profile, how long its current token has left. It reads the store, so it runs
// off the main goroutine.
func (u *UI) trayStatus(ctx context.Context) []trayLine {
	sts, err := u.deps.Services.Statuses(ctx)
	if err != nil {
		return []trayLine{{label: "The profiles could not be read"}}
	}
	lines := make([]trayLine, 0, len(sts))
	urgent := -1
	var first time.Time
	for _, st := range sts {
		name := truncateRunes(st.Profile.Name, 48)
		l := trayLine{profileID: st.Profile.ID, label: name + ": no token yet"}
		if st.HasExpiry {
			l.label = name + ": " + services.DaysText(st.DaysLeft, services.DaysLeft)
			if urgent < 0 || st.Token.ExpiresAt.Before(first) {
				urgent, first = len(lines), st.Token.ExpiresAt
			}
		}
		lines = append(lines, l)
	}
	if urgent >= 0 {
		lines[urgent].urgent = true
	}
	return lines
}

// setTrayMenu shows the tray menu: Open, Renew now, Status (one line per profile) and Quit.
func (u *UI) setTrayMenu(lines []trayLine) {
	t := &u.bg.tray
	t.lines = lines
	renewID := ""
	status := make([]*fyne.MenuItem, 0, len(lines))
	for _, l := range lines {
		id := l.profileID
		status = append(status, fyne.NewMenuItem(l.label, func() { u.onTrayStatus(id) }))
		if l.urgent || len(lines) == 1 {
			renewID = id
		}
	}
	if len(status) == 0 {
		none := fyne.NewMenuItem("No profiles yet", nil)
		none.Disabled = true
		status = append(status, none)
	}
	statusItem := fyne.NewMenuItem("Status", nil)
	statusItem.ChildMenu = fyne.NewMenu("", status...)
	quit := fyne.NewMenuItem("Quit", u.Quit)
	quit.IsQuit = true
	t.menu = fyne.NewMenu("SCIM Renew",
		fyne.NewMenuItem("Open SCIM Renew", u.onTrayOpen),
		fyne.NewMenuItem("Renew now", func() { u.onTrayRenew(renewID) }),
		statusItem, fyne.NewMenuItemSeparator(), quit)
	u.bg.env.tray.SetSystemTrayMenu(t.menu)
}

func (u *UI) onTrayOpen() {
	u.win.Show()
	u.win.RequestFocus()
}

// onTrayRenew renews the profile whose token expires first (home when none has a token yet).
func (u *UI) onTrayRenew(profileID string) {
	u.onTrayOpen()
	if profileID == "" {
		u.home()
		return
	}
	u.goWizard(profileID)
}

func (u *UI) onTrayStatus(profileID string) {
	u.onTrayOpen()
	u.goHistory(profileID)
}

// truncateRunes shortens s to at most n runes, marking the cut.
func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
