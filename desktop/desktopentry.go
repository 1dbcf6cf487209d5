package desktop

import (
	"strings"
)

// execReserved are the characters that force an argument of a desktop entry's Exec key into double
// quotes (Desktop Entry Specification, "The Exec key").
const execReserved = " \t\n\"'\\><~|&;$*?#()`"

// DesktopEntry is the XDG autostart file that runs execPath with args at login.
func DesktopEntry(execPath string, args ...string) string {
	var b strings.Builder
	b.WriteString("[Desktop Entry]\n")
	b.WriteString("Type=Application\n")
	b.WriteString("Version=1.5\n")
	b.WriteString("Name=" + AppName + "\n")
	b.WriteString("Comment=Reminds you before the QorusDocs SCIM token expires\n")
	b.WriteString("Exec=" + ExecLine(execPath, args...) + "\n")
	b.WriteString("Icon=" + AppID + "\n")
	b.WriteString("Terminal=false\n")
	b.WriteString("X-GNOME-Autostart-enabled=true\n")
	return b.String()
}

// ExecLine is the value of a desktop entry's Exec key for the command, as written in the file: each
// argument quoted when it holds a reserved character (with ", `, $ and \ escaped inside the quotes),
// % doubled (it starts field codes), and then every backslash doubled by the string-value escaping that
// the specification applies before the quoting rule.
func ExecLine(execPath string, args ...string) string {
	parts := make([]string, 0, 1+len(args))
	for _, a := range append([]string{execPath}, args...) {
		parts = append(parts, quoteExecArg(a))
	}
	line := strings.ReplaceAll(strings.Join(parts, " "), "%", "%%")
	return strings.ReplaceAll(line, `\`, `\\`)
}

func quoteExecArg(a string) string {
	if a != "" && !strings.ContainsAny(a, execReserved) {
		return a
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range a {
		switch r {
		case '"', '`', '$', '\\':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

// entryDisabled reports whether a desktop file's own keys switch it off.
func entryDisabled(content string) bool {
	for _, line := range strings.Split(content, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		if !ok {
			continue
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if (k == "Hidden" && v == "true") || (k == "X-GNOME-Autostart-enabled" && v == "false") {
			return true
		}
	}
	return false
}
