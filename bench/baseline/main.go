// Command baseline is the smallest Fyne app worth comparing SCIM Renew against: one window with a
// label and a button, built with the same Fyne version and the same flags. `make bench` measures its
// cold start, peak memory and binary size beside the app's, so the app's figures are ratios taken on
// the same machine in the same run.
//
// It must stay minimal: anything added here hides the app's own cost.
package main

import (
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("io.scimrenew.bench.baseline")
	w := a.NewWindow("Fyne baseline")
	label := widget.NewLabel("Hello from a minimal Fyne window")
	w.SetContent(container.NewVBox(label, widget.NewButton("Click", func() { label.SetText("Clicked") })))
	w.ShowAndRun()
}
