package ui

import (
	"errors"
	"fmt"
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"scimrenew/safenet"
)

// openURL opens link in the user's browser. When that fails (no browser, xdg-open reports an error)
// the link is shown in a dialog with a Copy button instead: a silent failure would leave the admin
// waiting for a page that never comes. Only https links (http for loopback) are opened.
func (u *UI) openURL(link string) {
	target, err := checkLink(link)
	if err != nil {
		u.showError(fmt.Errorf("this link cannot be opened: %w", err))
		return
	}
	opener := u.opener
	u.deps.Log.Info("opening a link in the browser", "host", target.Host)
	go func() {
		if err := opener(target); err != nil {
			u.do(func() { u.showLinkFallback(target.String(), err) })
		}
	}()
}

// checkLink applies the https-except-loopback rule to a link to open. Unlike a profile's URLs
// (safenet.CheckURL), a link may carry a #fragment: Okta's deep link ends in #tab-provisioning.
func checkLink(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Opaque != "" || u.Host == "":
		return nil, errors.New("it is not a valid web address")
	case u.User != nil:
		return nil, errors.New("it contains a user name or password")
	case u.Scheme == "https", u.Scheme == "http" && safenet.IsLoopbackHost(u.Hostname()):
		return u, nil
	}
	return nil, errors.New("only https links (or http on this computer) are opened")
}

// linkFallback is the dialog shown when the browser could not be opened.
type linkFallback struct {
	dlg   *confirmation
	link  *widget.Label
	copyB *button
	close *button
}

func (u *UI) showLinkFallback(link string, cause error) {
	u.deps.Log.Warn("could not open the browser", "err", cause)
	f := &linkFallback{}
	msg := widget.NewLabel("Your browser could not be opened (" + cause.Error() + "). Copy the link and open it yourself:")
	msg.Wrapping = fyne.TextWrapWord
	f.link = widget.NewLabel(link)
	f.link.Selectable = true
	f.link.Wrapping = fyne.TextWrapBreak
	f.copyB = u.newCopyButton("Copy link", false, func() string { return link })
	f.copyB.Importance = widget.HighImportance
	f.close = newButton(u, "Close", nil, nil)
	content := container.NewVBox(msg, f.link, container.NewHBox(f.copyB, f.close))
	f.dlg = u.dialog("Open this link", content, f.close, 560)
	u.win.Canvas().Focus(f.copyB) // the main action: Esc still closes
	u.lastLink = f
}
