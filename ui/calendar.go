package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2/widget"

	"scimrenew/desktop"
	"scimrenew/reminders"
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

// addToCalendar writes the reminder dates of the profile's current token to an .ics file, then opens it
// with the default calendar app; when nothing opens it, the message says where it is to import by hand.
// done gets the message for the user on the main goroutine.
func (u *UI) addToCalendar(p store.Profile, done func(msg string, imp widget.Importance)) {
	dir := u.calendarDir()
	loc := u.deps.Now().Location()
	background(u, func(ctx context.Context) calendarSaved {
		return writeCalendar(ctx, u.deps.Store, p, loc, dir)
	}, func(r calendarSaved) {
		if r.err != nil {
			done("The calendar file could not be made: "+r.err.Error(), widget.DangerImportance)
			return
		}
		u.deps.Log.Info("calendar file saved", "path", r.path)
		u.notice("Calendar file saved")
		done("Saved the reminder dates to "+r.path+"; opening it in your calendar app…", widget.SuccessImportance)
		u.openCalendarFile(r.path, done)
	})
}

// writeCalendar exports the current token's stored reminders; a token without any (recorded before
// reminders existed) gets the dates its schedule would have.
func writeCalendar(ctx context.Context, st *store.Store, p store.Profile, loc *time.Location, dir string) calendarSaved {
	t, err := st.CurrentToken(ctx, p.ID)
	if errors.Is(err, store.ErrNotFound) {
		return calendarSaved{err: reminders.ErrNoCurrentToken}
	} else if err != nil {
		return calendarSaved{err: err}
	}
	rs, err := st.TokenReminders(ctx, t.ID)
	if err != nil {
		return calendarSaved{err: err}
	}
	if len(rs) == 0 {
		rs = reminders.Schedule(p, t, loc)
	}
	path := filepath.Join(dir, reminders.ICSFileName(p))
	if err := reminders.WriteICS(path, p, t, rs); err != nil {
		return calendarSaved{err: err}
	}
	return calendarSaved{path: path}
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
