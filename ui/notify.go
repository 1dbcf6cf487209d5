package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	fynedesktop "fyne.io/fyne/v2/driver/desktop"

	"scimrenew/assets"
	"scimrenew/desktop"
	"scimrenew/reminders"
)

// notifyTimeout bounds one notification: Fyne's D-Bus call has no timeout of its own, and a hung
// notification server must not stall the reminders loop for good.
const notifyTimeout = 5 * time.Second

// bgState is what the window runs beside its screens: the reminders loop, the tray and the sandbox's
// clock controls. Its fields are read and written on the main goroutine only.
type bgState struct {
	ctx    context.Context // cancelled when the app quits
	cancel context.CancelFunc
	env    backgroundEnv

	keepRunning bool // the "Keep running in the background" preference
	tray        trayState
	jump        *jumpBar
}

// backgroundEnv is how the background reaches the platform (package desktop); tests pass fakes.
type backgroundEnv struct {
	// prepare readies a notification's text for the platform's notification service before Fyne is
	// asked to show it, or says why none can be shown (Fyne reports nothing); nil sends text as is.
	prepare notifyPreparer
	// toast shows a notification the platform's own way (desktop.Notify: Windows' toast) and waits for
	// its verdict; desktop.ErrNotifyUnsupported hands it to Fyne. nil: Fyne only.
	toast func(ctx context.Context, title, body string) error
	// probeTray says whether the desktop shows tray icons, and if not, why.
	probeTray func(ctx context.Context) (bool, string)
	// tray sets the tray menu; nil where the driver has no tray (the test driver, mobile).
	tray trayMenuSetter
	// settle is how long the reminders loop waits after start, so its first checks (database reads,
	// health probes over the network) do not compete with drawing the first window.
	settle time.Duration
}

// notifyPreparer readies a notification's title and body for the platform (desktop.PrepareNotification).
type notifyPreparer func(ctx context.Context, title, body string) (string, string, error)

// trayMenuSetter is the part of Fyne's desktop.App the tray uses.
type trayMenuSetter interface{ SetSystemTrayMenu(*fyne.Menu) }

// platformEnv is the real platform: package desktop's notification and tray checks, Fyne's tray where
// the driver has one.
func platformEnv(a fyne.App) backgroundEnv {
	env := backgroundEnv{prepare: desktop.PrepareNotification, probeTray: desktop.TrayAvailable, settle: 1500 * time.Millisecond}
	env.toast = desktop.Notify
	if d, ok := a.(fynedesktop.App); ok {
		env.tray = d
	}
	return env
}

// bgs returns the background state, creating an idle one for screens built before (or without)
// startBackground, such as in tests.
func (u *UI) bgs() *bgState {
	if u.bg == nil {
		ctx, cancel := context.WithCancel(context.Background())
		u.bg = &bgState{ctx: ctx, cancel: cancel}
		u.onQuit(cancel)
		u.bg.keepRunning = u.loadKeepRunning()
	}
	return u.bg
}

// startBackground starts what runs for the app's whole life on the real platform.
func (u *UI) startBackground() { u.startBackgroundWith(platformEnv(u.app)) }

// startBackgroundWith sets the notifier, starts the reminders loop (stopped on quit), looks for a tray
// host and, in the sandbox, shows the "Jump ahead" control. Call it once, on the main goroutine.
func (u *UI) startBackgroundWith(env backgroundEnv) {
	bg := u.bgs()
	bg.env = env
	bg.keepRunning = u.loadKeepRunning()
	if u.app.Icon() == nil {
		u.app.SetIcon(assets.Icon) // Fyne attaches the app icon to every notification
	}
	if svc := u.deps.Services; svc != nil {
		svc.SetNotifier(&fyneNotifier{app: u.app, prepare: env.prepare, toast: env.toast, timeout: notifyTimeout})
		go u.runReminders(bg.ctx, env.settle)
	}
	if u.deps.SandboxClock != nil {
		u.showJumpBar()
	}
	u.startTrayProbe()
}

// runReminders waits for the window to settle, then runs the services' reminders (missing schedules,
// then the notification loop) until quit.
func (u *UI) runReminders(ctx context.Context, settle time.Duration) {
	select {
	case <-time.After(settle):
	case <-ctx.Done():
		return
	}
	u.deps.Services.RunReminders(ctx)
}

// fyneNotifier is the reminders' Notifier: the platform's own toast where package desktop shows one
// (Windows), else Fyne's SendNotification, which names the app ID as the sender and attaches the app
// icon; either way given text the platform has prepared. It may be called on any goroutine.
type fyneNotifier struct {
	app     fyne.App
	prepare notifyPreparer
	toast   func(ctx context.Context, title, body string) error // tried before Fyne (backgroundEnv.toast)
	timeout time.Duration
}

// errNotifyTimeout reports a notification server that did not take the notification in time.
var errNotifyTimeout = errors.New("the desktop's notification service did not answer in time; the reminder is tried again at the next check")

// Notify shows the notification. An error leaves the reminder due, so it is tried again later.
func (n *fyneNotifier) Notify(title, body string) error {
	ctx, cancel := context.WithTimeout(context.Background(), n.timeout)
	defer cancel()
	if n.prepare != nil {
		var err error
		if title, body, err = n.prepare(ctx, title, body); err != nil {
			return err
		}
	}
	if n.toast != nil { // bounded by desktop.ToastTimeout: PowerShell can take seconds to start
		if err := n.toast(context.Background(), title, body); !errors.Is(err, desktop.ErrNotifyUnsupported) {
			return err
		}
	}
	done := make(chan struct{})
	go func() {
		n.app.SendNotification(fyne.NewNotification(title, body))
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("ui: %w", errNotifyTimeout)
	}
}

var _ reminders.Notifier = (*fyneNotifier)(nil)
