package main

import (
	"fmt"
	"strconv"
	"strings"
)

// The window draws with OpenGL 2.1 (Fyne's GLFW driver asks for that context). Remote Desktop and
// virtual machines without a GPU offer Windows' own OpenGL 1.1, where the driver fails to open the
// window and quits; graphics_windows.go checks first and says so in a message box instead.
const (
	glNeedMajor = 2
	glNeedMinor = 1
)

// noGraphicsMessage is what the user reads when the window cannot be drawn here.
func noGraphicsMessage(found string) string {
	return fmt.Sprintf("SCIM Renew cannot open its window on this computer: it needs OpenGL %d.%d, and %s.\n\n"+
		"This happens in a Remote Desktop session or a virtual machine without a graphics card. Open SCIM Renew "+
		"on the computer itself, or use its commands in a terminal (cmd.exe or PowerShell) instead: "+
		"\"scimrenew help\" lists them, \"scimrenew status\" shows the tokens and \"scimrenew renew --profile NAME\" renews one.",
		glNeedMajor, glNeedMinor, found)
}

// glVersionOK reports whether an OpenGL GL_VERSION string ("major.minor[.release] vendor text")
// names at least the version the window needs. A string it cannot read counts as too old.
func glVersionOK(version string) bool {
	num, _, _ := strings.Cut(strings.TrimSpace(version), " ")
	parts := strings.SplitN(num, ".", 3)
	if len(parts) < 2 {
		return false
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return false
	}
	return major > glNeedMajor || (major == glNeedMajor && minor >= glNeedMinor)
}
