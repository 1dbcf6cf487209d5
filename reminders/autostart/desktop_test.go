package autostart

import (
	"errors"
	"runtime"
	"strings"
	"testing"
)

// parseExec decodes an Exec value as a desktop-entry reader does: string-value unescaping first, then
// splitting into quoted or bare arguments, then %% to %. It is deliberately independent of ExecLine.
func parseExec(t testing.TB, v string) ([]string, error) {
	t.Helper()
	line, err := unescapeString(v)
	if err != nil {
		return nil, err
	}
	var args []string
	for i := 0; i < len(line); {
		if line[i] == ' ' {
			i++
			continue
		}
		var arg string
		if line[i] == '"' {
			arg, i, err = readQuoted(line, i+1)
		} else {
			arg, i, err = readBare(line, i)
		}
		if err != nil {
			return nil, err
		}
		if strings.Contains(strings.ReplaceAll(arg, "%%", ""), "%") {
			return nil, errors.New("a single % would be a field code")
		}
		args = append(args, strings.ReplaceAll(arg, "%%", "%"))
	}
	return args, nil
}

// unescapeString undoes the escapes of a desktop entry's string values.
func unescapeString(v string) (string, error) {
	repl := map[byte]byte{'s': ' ', 'n': '\n', 't': '\t', 'r': '\r', '\\': '\\'}
	var s strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] != '\\' || i+1 == len(v) {
			s.WriteByte(v[i])
			continue
		}
		i++
		c, ok := repl[v[i]]
		if !ok {
			return "", errors.New("unknown string escape")
		}
		s.WriteByte(c)
	}
	return s.String(), nil
}

// readQuoted reads a double-quoted argument from line[i:] (just past the opening quote).
func readQuoted(line string, i int) (string, int, error) {
	var a strings.Builder
	for ; i < len(line) && line[i] != '"'; i++ {
		if line[i] == '\\' {
			i++
			if i >= len(line) || !strings.ContainsRune("\"`$\\", rune(line[i])) {
				return "", i, errors.New("bad escape inside quotes")
			}
		}
		a.WriteByte(line[i])
	}
	if i >= len(line) {
		return "", i, errors.New("unterminated quote")
	}
	return a.String(), i + 1, nil
}

// readBare reads an unquoted argument, which may hold no reserved character.
func readBare(line string, i int) (string, int, error) {
	start := i
	for ; i < len(line) && line[i] != ' '; i++ {
		if strings.ContainsRune(execReserved, rune(line[i])) {
			return "", i, errors.New("reserved character outside quotes")
		}
	}
	return line[start:i], i, nil
}

func TestExecLine(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"/usr/bin/scimrenew"}, `/usr/bin/scimrenew`},
		{[]string{"/usr/bin/scimrenew", "--background"}, `/usr/bin/scimrenew --background`},
		{[]string{"/opt/SCIM Renew/scimrenew"}, `"/opt/SCIM Renew/scimrenew"`},
		{[]string{"/home/jo/bin/scim$renew"}, `"/home/jo/bin/scim\\$renew"`},
		{[]string{`/home/jo/"odd"/scimrenew`}, `"/home/jo/\\"odd\\"/scimrenew"`},
		{[]string{`/home/jo/back\slash/scimrenew`}, `"/home/jo/back\\\\slash/scimrenew"`},
		{[]string{"/home/jo/100%/scimrenew"}, `/home/jo/100%%/scimrenew`},
		{[]string{"/home/jo/a`b`/x"}, "\"/home/jo/a\\\\`b\\\\`/x\""},
		{[]string{"/x", ""}, `/x ""`},
	}
	for _, c := range cases {
		got := ExecLine(c.args[0], c.args[1:]...)
		if got != c.want {
			t.Errorf("ExecLine(%q) = %s; want %s", c.args, got, c.want)
		}
		back, err := parseExec(t, got)
		if err != nil || strings.Join(back, "\x00") != strings.Join(c.args, "\x00") {
			t.Errorf("%s reads back as %q, %v; want %q", got, back, err, c.args)
		}
	}
}

func FuzzExecLine(f *testing.F) {
	for _, s := range []string{"/usr/bin/x", "/a b/c", `/"$\` + "`", "/100%", "/~/#(x);|&<>*?'", "/ü/名前"} {
		f.Add(s, "--arg")
	}
	f.Fuzz(func(t *testing.T, path, arg string) {
		path = "/" + path
		if checkCommand(path, []string{arg}) != nil {
			return // control characters are refused before any line is built
		}
		line := ExecLine(path, arg)
		if strings.ContainsAny(line, "\n\r") {
			t.Fatalf("line break in %q", line)
		}
		back, err := parseExec(t, line)
		if err != nil || len(back) != 2 || back[0] != path || back[1] != arg {
			t.Fatalf("ExecLine(%q, %q) = %s reads back as %q, %v", path, arg, line, back, err)
		}
	})
}

func TestDesktopEntry(t *testing.T) {
	got := DesktopEntry("/opt/SCIM Renew/scimrenew", "--background")
	want := map[string]string{
		"Type": "Application", "Name": AppName, "Exec": `"/opt/SCIM Renew/scimrenew" --background`,
		"Icon": AppID, "Terminal": "false", "X-GNOME-Autostart-enabled": "true",
	}
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if lines[0] != "[Desktop Entry]" {
		t.Fatalf("first line %q", lines[0])
	}
	keys := map[string]string{}
	for _, l := range lines[1:] {
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			t.Fatalf("not a key=value line: %q", l)
		}
		if _, dup := keys[k]; dup {
			t.Errorf("key %s repeated", k)
		}
		keys[k] = v
	}
	for k, v := range want {
		if keys[k] != v {
			t.Errorf("%s=%q; want %q", k, keys[k], v)
		}
	}
	if entryDisabled(got) {
		t.Error("a fresh entry reads as disabled")
	}
	for _, off := range []string{got + "Hidden=true\n", strings.Replace(got, "X-GNOME-Autostart-enabled=true", "X-GNOME-Autostart-enabled = false", 1)} {
		if !entryDisabled(off) {
			t.Errorf("not seen as disabled:\n%s", off)
		}
	}
}

func TestCheckCommand(t *testing.T) {
	abs := "/usr/bin/scimrenew"
	if runtime.GOOS == "windows" {
		abs = `C:\Users\Ad Min\AppData\Local\Programs\SCIM Renew\scimrenew.exe`
	}
	if err := checkCommand("scimrenew", nil); err == nil || !strings.Contains(err.Error(), "not absolute") {
		t.Errorf("relative path: %v", err)
	}
	if err := checkCommand(abs+"\nx", nil); err == nil || !strings.Contains(err.Error(), "control character") {
		t.Errorf("newline: %v", err)
	}
	if err := checkCommand(abs, []string{"--x\t"}); err == nil {
		t.Error("tab in an argument accepted")
	}
	if err := checkCommand(abs, []string{"--background"}); err != nil {
		t.Error(err)
	}
}
