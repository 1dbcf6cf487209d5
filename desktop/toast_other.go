//go:build !windows

package desktop

import "context"

// notify: only Windows' toasts are shown here; the window sends the others through Fyne.
func notify(context.Context, string, string) error { return ErrNotifyUnsupported }
