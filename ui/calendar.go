package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2/widget"

	"scimrenew/desktop"
	"scimrenew/services"
	"scimrenew/store"
)

// calendarDir is where "Add to calendar" saves the .ics file: the Downloads folder when there is one
// (users look there for files an app made), else the home folder. The data dir is the last resort: the
// sandbox's is deleted when it quits.
func (u *UI) calendarDir() string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return u.deps.DataDir
	}
	dl := filepath.Join(home, "Downloads")
	if fi, err := os.Stat(dl); err == nil && fi.IsDir() {
		return dl
	}
	return home
}

// calendarSaved is what the export did.
type calendarSaved struct {
	path string
	err  error
}

// addToCalendar has the services write the reminder dates of the profile's current token to an .ics
// file (its stored reminders, or the dates its schedule gives a token recorded without any), then opens it
// with the default calendar app; when nothing opens it, the message says where it is to import by hand.
// done gets the message for the user on the main goroutine.
func (u *UI) addToCalendar(p store.Profile, done func(msg string, imp widget.Importance)) {
	dir, svc := u.calendarDir(), u.deps.Services
	background(u, func(ctx context.Context) calendarSaved {
		_, path, err := svc.SaveCalendarIn(ctx, p.ID, dir)
		return calendarSaved{path, err}
	}, func(r calendarSaved) {
		if r.err != nil {
			done("The calendar file could not be made: "+services.ErrorText(r.err), widget.DangerImportance)
			return
		}
		u.deps.Log.Info("calendar file saved", "path", r.path)
		u.notice("Calendar file saved")
		done("Saved the reminder dates to "+r.path+"; opening it in your calendar app…", widget.SuccessImportance)
		u.openCalendarFile(r.path, done)
	})
}

// openCalendarFile hands the file to the desktop's default app for .ics files.
func (u *UI) openCalendarFile(path string, done func(string, widget.Importance)) {
	target := desktop.FileURL(path)
	opener := u.opener
	go func() {
		err := opener(target)
		u.do(func() {
			if err != nil {
				u.deps.Log.Warn("could not open the calendar file", "err", err)
				done(fmt.Sprintf("Saved the reminder dates to %s. No app opened it: import that file into your "+
					"calendar (most have File › Import).", path), widget.WarningImportance)
				return
			}
			done("Saved the reminder dates to "+path+" and opened it: import the events in your calendar app.",
				widget.SuccessImportance)
		})
	}()
}
