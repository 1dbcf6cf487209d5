package desktop

import "context"

// PrepareNotification readies a notification's title and body for this desktop's notification
// service, or says why no notification can be shown now (so a reminder stays due rather than being
// marked shown). What it does is the platform's: on Linux and the BSDs it asks the D-Bus notification
// server whether one is running and escapes the body where the server reads markup; on Windows it
// reduces both to plain text within a toast's length (toastText): Notify never puts text into code,
// so this is defence in depth, and it still protects a toast should Fyne's PowerShell script ever
// show one; on macOS the text goes as it is. It may block until ctx ends.
func PrepareNotification(ctx context.Context, title, body string) (string, string, error) {
	return prepareNotification(ctx, title, body)
}

// TrayAvailable reports whether the desktop shows tray icons, and when it does not, why, in words for
// the settings screen. It may block until ctx ends.
func TrayAvailable(ctx context.Context) (ok bool, why string) { return trayAvailable(ctx) }
