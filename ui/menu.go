package ui

import (
	"runtime"

	"fyne.io/fyne/v2"
	fynedesktop "fyne.io/fyne/v2/driver/desktop"
)

// shortcut is Ctrl+key (Cmd+key on macOS) as a menu item shows it and Fyne's driver matches it.
func shortcut(key fyne.KeyName) fyne.Shortcut {
	return &fynedesktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
}

// mainMenu is the window's menu: Go lists the three sections with their shortcuts, so they can be
// found; Fyne's driver runs a menu item's shortcut before any widget sees the keys, so they work
// wherever the focus is. On macOS, Fyne moves Settings into the app menu and the app menu has Quit;
// elsewhere a File menu holds Quit (Fyne would add one that only closes the window, which with a tray
// would hide it, not quit).
func (u *UI) mainMenu() *fyne.MainMenu {
	item := func(label string, key fyne.KeyName, open func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, func() { u.fromMenu(open) })
		it.Shortcut = shortcut(key)
		return it
	}
	goMenu := fyne.NewMenu("Go",
		item("Profiles", fyne.Key1, u.home),
		item("History", fyne.Key2, func() { u.goHistory("") }),
		item("Settings", fyne.Key3, func() { u.goSettings("") }),
	)
	if runtime.GOOS == "darwin" {
		return fyne.NewMainMenu(goMenu)
	}
	quit := fyne.NewMenuItem("Quit", u.Quit)
	quit.IsQuit = true
	quit.Shortcut = shortcut(fyne.KeyQ)
	return fyne.NewMainMenu(fyne.NewMenu("File", quit), goMenu)
}

// fromMenu opens a section from the menu or its shortcut; with a dialog open it does nothing, as a
// click on the header could not reach it either.
func (u *UI) fromMenu(open func()) {
	if u.modal != nil || u.win.Canvas().Overlays().Top() != nil {
		return
	}
	open()
}
