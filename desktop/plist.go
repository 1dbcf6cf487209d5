package desktop

import (
	"bytes"
	"encoding/xml"
)

// LaunchAgentPlist is the macOS LaunchAgent that runs execPath with args at login.
func LaunchAgentPlist(execPath string, args ...string) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">` + "\n")
	b.WriteString(`<plist version="1.0">` + "\n<dict>\n")
	b.WriteString("\t<key>Label</key>\n\t<string>" + AppID + "</string>\n")
	b.WriteString("\t<key>ProgramArguments</key>\n\t<array>\n")
	for _, a := range append([]string{execPath}, args...) {
		b.WriteString("\t\t<string>")
		_ = xml.EscapeText(&b, []byte(a)) // a bytes.Buffer never fails to write
		b.WriteString("</string>\n")
	}
	b.WriteString("\t</array>\n")
	b.WriteString("\t<key>RunAtLoad</key>\n\t<true/>\n")
	// Interactive: launchd must not throttle an app the user sees, as it does background daemons.
	b.WriteString("\t<key>ProcessType</key>\n\t<string>Interactive</string>\n")
	b.WriteString("</dict>\n</plist>\n")
	return b.Bytes()
}
