// Package desktop owns SCIM Renew's integration with the user's desktop: the text a notification may
// carry on each platform and whether a notification service is there to show it, Windows' toasts
// themselves (Notify: a fixed PowerShell script, the text in its environment), whether the desktop
// shows tray icons, opening web links and files with the user's default apps, the entry that starts
// the app at login, and the system's requests to end the program (WatchExit: signals, the console
// closing, the session ending), so the window can clear the clipboard before it goes.
//
// Each platform's behaviour is in one build-tagged file: platform_xdg.go (Linux and the BSDs: D-Bus
// notifications and tray probe, xdg-open or the Flatpak portal, an XDG autostart .desktop file),
// platform_windows.go (PowerShell-safe toast text, the tray always there, rundll32, the current user's
// Run registry value) with toast_windows.go (the toast and the app ID's registration under HKCU),
// platform_darwin.go (notification text as is, the menu bar always there, open, a LaunchAgent plist)
// and platform_other.go (everything else: unsupported); toast_other.go leaves every system but
// Windows' notifications to the window; exit_unix.go and exit_windows.go say which signals end the
// program, and the latter watches the Windows session's end with a hidden window. What can be tested
// on every OS (the toast sanitiser, the toast's command line and its verdict, markup escaping, the
// .desktop and plist formats) is pure and untagged.
//
// It imports nothing of the project but the leaves (safenet, applog), and no Fyne package at all: the
// window sends the notification it prepared here, and reaches this package through small interfaces
// it declares itself. It touches nothing of the user's but its own login entry and its app ID's
// notification registration, and never needs administrator rights.
package desktop
