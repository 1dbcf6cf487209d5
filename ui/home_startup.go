package ui

import (
	"context"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"scimrenew/renewal"
	"scimrenew/services"
)

// startupTimeout bounds the start-up reconcile (a locked keychain may block until its own timeout).
const startupTimeout = 30 * time.Second

// startupState is a window's once-only start-up work: the renewal engine's reconcile of keychain
// and token rows. done closes when it has ended, so the wizard never begins a renewal while the
// reconcile may still be tidying that profile's keychain entries.
type startupState struct {
	once   sync.Once
	done   chan struct{}
	banner *reconcileBanner
}

func newStartupState() *startupState { return &startupState{done: make(chan struct{})} }

// startupState is the window's start-up state (UI.startup, made with the UI).
func (u *UI) startupState() *startupState { return u.startup }

// startupCheck runs the reconcile the first time it is called for the window and returns a channel
// closed when the reconcile has ended. Main goroutine only.
func (u *UI) startupCheck() <-chan struct{} {
	st := u.startupState()
	st.once.Do(func() {
		svc := u.deps.Services
		if svc == nil {
			close(st.done)
			return
		}
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), startupTimeout)
			findings, err := svc.Reconcile(ctx)
			cancel()
			close(st.done)
			u.do(func() { u.showReconcile(findings, err) })
		}()
	})
	return st.done
}

// reconcileBanner lists what the start-up check found and could not repair.
type reconcileBanner struct {
	box      fyne.CanvasObject
	text     *widget.Label
	dismissB *button
}

// showReconcile raises a banner for the findings the engine did not repair (and for a failed check);
// repairs are only logged, as there is nothing for the admin to do.
func (u *UI) showReconcile(findings []renewal.Finding, err error) {
	var lines []string
	for _, f := range findings {
		if f.Repaired {
			u.deps.Log.Info("start-up check repaired", "profile", f.ProfileID, "kind", string(f.Kind))
			continue
		}
		lines = append(lines, services.MessageText(f.Message)) // the message names the profile
	}
	if err != nil {
		u.deps.Log.Warn("start-up check failed", "err", err)
		lines = append(lines, "The start-up check of the keychain could not finish: "+services.ErrorText(err))
	}
	if len(lines) == 0 {
		return
	}
	b := &reconcileBanner{}
	b.text = widget.NewLabel("The start-up check found something to look at:\n• " + strings.Join(lines, "\n• "))
	b.text.Wrapping = fyne.TextWrapWord
	b.text.Importance = widget.WarningImportance
	b.dismissB = newButton(u, "", theme.CancelIcon(), nil)
	b.dismissB.Importance = widget.LowImportance
	b.box = container.NewBorder(nil, widget.NewSeparator(), widget.NewIcon(theme.WarningIcon()), b.dismissB, b.text)
	b.dismissB.OnTapped = func() { u.banner.Remove(b.box) }
	u.startupState().banner = b
	u.banner.Add(b.box)
}
