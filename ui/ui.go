package ui

import (
	"errors"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"scimrenew/desktop"
	"scimrenew/sandbox"
	"scimrenew/services"
)

// Deps holds what the UI is built on; main.go (or the sandbox) fills it in.
type Deps struct {
	// KeychainErr, when non-nil, says why the OS keychain is unavailable (services.KeychainErr): the
	// services keep secrets in memory, and the UI shows a banner and keeps working.
	KeychainErr error
	// Now is the app's clock (the sandbox shifts it); nil means time.Now.
	Now func() time.Time
	// Log is the app's logger; nil discards. Never log a secret.
	Log *slog.Logger
	// DataDir is where the database and logs live (shown in Settings).
	DataDir string
	// TrySandbox starts the sandbox from the home screen's "Try the sandbox"; nil explains how to
	// start it instead.
	TrySandbox func()

	// Services does every use-case: saving and deleting profiles, their secrets in the keychain, the
	// renewal, status, history, health checks, Okta access and the calendar. Required.
	Services *services.Services
	// SandboxClock is the sandbox's shiftable clock (its "Jump ahead" control); nil outside the
	// sandbox, where nothing can shift the clock.
	SandboxClock *sandbox.Clock
	// LeaveSandbox starts the real app (a separate process, on the user's own data dir and keychain)
	// from the sandbox banner's "Set up my own", for whoever tried the sandbox first. It returns at once,
	// logs its own failures, and leaves this window open. nil hides the button; it is only used while
	// SandboxClock is set.
	LeaveSandbox func()
}

// UI is the app's window: a header with navigation, a banner area, the current screen, and the
// helpers screens share.
type UI struct {
	app  fyne.App
	win  fyne.Window
	deps Deps

	// post hands a function to the main goroutine: fyne.Do in the app; tests pass a queue they drain.
	post func(func())
	// busy counts background work in flight; read and written on the main goroutine only.
	busy     int
	progress *widget.ProgressBarInfinite

	nav       navigator
	header    *header
	banner    *fyne.Container
	keychainW *widget.Label // the keychain banner's text, nil until shown
	status    *widget.Label
	statusGen int
	body      *fyne.Container

	clip     secretClipboard
	opener   func(*url.URL) error
	lastLink *linkFallback
	modal    *confirmation // the dialog on top, nil when none is open
	// pendingFocus is where the screen's focus goes once the open dialog closes (focusPending set).
	pendingFocus fyne.Focusable
	focusPending bool
	building     bool // a screen's buildUI runs: its widgets are not in the window yet
	quitHooks    []func()
	// KeepRunningOnClose is set by the tray helper when a tray host exists: closing the window hides it.
	keepRunningOnClose bool
	// bg is what runs beside the screens: the reminders loop, the tray, the sandbox's clock (notify.go).
	bg *bgState
	// startup is the once-only start-up reconcile and its banner (home_startup.go).
	startup *startupState
}

// New builds the UI in w. Call Show to display it; main.go then runs the app.
func New(a fyne.App, w fyne.Window, deps Deps) *UI {
	u := newUI(a, w, deps, fyne.Do)
	u.startBackground()
	u.watchExit()
	return u
}

func newUI(a fyne.App, w fyne.Window, deps Deps, post func(func())) *UI {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Log == nil {
		deps.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	a.Settings().SetTheme(newAppTheme())
	u := &UI{app: a, win: w, deps: deps, post: post, startup: newStartupState()}
	u.opener = desktop.OpenURL
	u.clip.timeout = services.DefaultClipboardTimeout
	u.onQuit(func() { u.clip.clear(u) })
	u.loadPrefs()
	u.buildFrame()
	w.SetMainMenu(u.mainMenu())
	w.Canvas().SetOnTypedKey(u.onTypedKey)
	w.SetCloseIntercept(u.onCloseRequested)
	u.home()
	return u
}

// Show shows the window and sizes it for the first run.
func (u *UI) Show() {
	u.win.Resize(windowSizeFor(userScale(u.app)))
	u.win.Show()
}

func (u *UI) buildFrame() {
	u.progress = widget.NewProgressBarInfinite()
	u.progress.Stop()
	u.progress.Hide()
	u.header = newHeader(u)
	u.status = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{})
	u.status.Importance = widget.SuccessImportance
	u.banner = container.NewVBox()
	u.body = container.NewStack()
	top := container.NewVBox(u.header.buildUI(), u.progress, u.banner)
	// The header comes first among the objects, so Tab reaches it before the screen (a border
	// container lists its centre first otherwise).
	u.win.SetContent(container.New(layout.NewBorderLayout(top, nil, nil, nil), top, u.body))
	if u.deps.KeychainErr != nil {
		u.showKeychainBanner(u.deps.KeychainErr)
	}
}

// keychainAvailable reports whether secrets outlive the app (no keychain banner is up).
func (u *UI) keychainAvailable() bool { return u.deps.KeychainErr == nil }

// noteKeychainErr records that a keychain call failed as unavailable and raises the banner.
func (u *UI) noteKeychainErr(err error) {
	if !errors.Is(err, services.ErrKeychainUnavailable) {
		return
	}
	u.deps.KeychainErr = err
	u.showKeychainBanner(err)
}

func (u *UI) showKeychainBanner(err error) {
	msg := "Secrets cannot be saved: " + strings.TrimSuffix(services.ErrorText(err), ".") +
		". The app keeps working: secrets you enter last until you quit."
	if u.keychainW != nil {
		u.keychainW.SetText(msg)
		return
	}
	u.keychainW = widget.NewLabel(msg)
	u.keychainW.Wrapping = fyne.TextWrapWord
	u.keychainW.Importance = widget.WarningImportance
	icon := widget.NewIcon(theme.WarningIcon())
	u.banner.Add(container.NewBorder(nil, widget.NewSeparator(), container.NewCenter(icon), nil, u.keychainW))
}

// notice shows a short confirmation (e.g. "Saved") in the header for three seconds.
func (u *UI) notice(msg string) {
	u.statusGen++
	gen := u.statusGen
	u.status.SetText(msg)
	u.header.row.Refresh()
	u.after(3*time.Second, func() {
		if u.statusGen == gen {
			u.status.SetText("")
			u.header.row.Refresh()
		}
	})
}

// showError shows err in a dialog, its text through the one scrubber (services.ErrorText), its first
// letter in capitals as Fyne's error dialog does.
func (u *UI) showError(err error) {
	text := services.ErrorText(err)
	if r, size := utf8.DecodeRuneInString(text); r != utf8.RuneError {
		text = string(unicode.ToUpper(r)) + text[size:]
	}
	u.inform("Error", text, theme.ErrorIcon())
}

// onQuit registers fn to run when the app quits through the window or Quit.
func (u *UI) onQuit(fn func()) { u.quitHooks = append(u.quitHooks, fn) }

// Quit clears a copied secret from the clipboard, stops the screen's work and quits the app. Call it
// on the main goroutine (the tray's Quit item does).
func (u *UI) Quit() {
	u.nav.leave()
	for _, fn := range u.quitHooks {
		fn()
	}
	u.app.Quit()
}

// SetKeepRunningOnClose makes closing the window hide it instead of quitting (tray mode).
func (u *UI) SetKeepRunningOnClose(keep bool) { u.keepRunningOnClose = keep }

// onCloseRequested runs on the window's close button. The clipboard is cleared here rather than in
// Lifecycle().SetOnStopped: by the time OnStopped runs, GLFW (and with it the clipboard) is gone.
func (u *UI) onCloseRequested() {
	if u.keepRunningOnClose {
		u.clip.clear(u)
		u.win.Hide()
		return
	}
	u.Quit()
}
