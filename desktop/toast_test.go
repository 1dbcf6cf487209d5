package desktop

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeCommand undoes encodeCommand as PowerShell does: base64, then UTF-16LE.
func decodeCommand(t testing.TB, enc string) string {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(enc)
	if err != nil || len(b)%2 != 0 {
		t.Fatalf("-EncodedCommand is not base64 of UTF-16 (%d bytes): %v", len(b), err)
	}
	units := make([]uint16, len(b)/2)
	for i := range units {
		units[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return string(utf16.Decode(units))
}

// checkToastArgs fails unless args are the fixed arguments with the script encoded as it is written.
func checkToastArgs(t testing.TB, args []string) {
	t.Helper()
	want := []string{"-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-EncodedCommand"}
	if len(args) != len(want)+1 || strings.Join(args[:len(want)], " ") != strings.Join(want, " ") {
		t.Fatalf("PowerShell arguments %q, want %q and the encoded script", args, want)
	}
	if got := decodeCommand(t, args[len(want)]); got != toastScript {
		t.Fatalf("the encoded command decodes to\n%s\nwant the toast script\n%s", got, toastScript)
	}
}

// TestToastCommandCarriesTextOnlyInTheEnvironment: whatever the text, PowerShell gets the same
// arguments (the fixed script, encoded), and the text arrives verbatim in two environment variables.
func TestToastCommandCarriesTextOnlyInTheEnvironment(t *testing.T) {
	fixed, _ := toastCommand("", "")
	checkToastArgs(t, fixed)
	cases := []struct{ title, body string }{
		{"R&D $(calc): SCIM token expires in 7 days", "QorusDocs SCIM token for R&D $(calc) expires in 7 days (12 Mar)."},
		{`"quoted" 'single' “curly”`, "`backtick` and `$env:PATH` and ${x} and @(1) and ; exit 1"},
		{"line\r\nbreak", "first\nsecond\ttabbed"},
		{"Müller & Söhne — Zürich", "東京の SCIM トークン; ünïcödé ß"},
		{"🔑 expires 🎉", "👩‍💻 family 👨‍👩‍👧 and flags 🇩🇪"},
		{"</text><script>", "<![CDATA[x]]> &amp; &#x41;"},
		{"", ""},
	}
	for _, c := range cases {
		args, env := toastCommand(c.title, c.body)
		if strings.Join(args, "\x00") != strings.Join(fixed, "\x00") {
			t.Errorf("arguments for %q, %q differ from the fixed ones: %q", c.title, c.body, args)
		}
		want := []string{toastTitleEnv + "=" + c.title, toastBodyEnv + "=" + c.body}
		if len(env) != 2 || env[0] != want[0] || env[1] != want[1] {
			t.Errorf("env for %q, %q = %q, want %q", c.title, c.body, env, want)
		}
		for _, a := range args {
			for _, v := range []string{c.title, c.body} {
				if len(v) > 3 && strings.Contains(a, v) {
					t.Errorf("argument %q holds the text %q", a, v)
				}
			}
		}
	}
}

// TestToastScriptIsFixed: the script reads its text from the two variables, names the registered app
// ID, prints the confirmation last and holds nothing that formatting could fill in.
func TestToastScriptIsFixed(t *testing.T) {
	for _, want := range []string{
		"$env:" + toastTitleEnv + ")", "$env:" + toastBodyEnv + ")", "CreateTextNode",
		"ToastText02", "CreateToastNotifier('io.scimrenew.app')", "'" + toastShown + "'\n} catch",
		"[Console]::Error.WriteLine", "exit 1",
	} {
		if !strings.Contains(toastScript, want) {
			t.Errorf("the toast script lacks %q", want)
		}
	}
	for _, bad := range []string{"%s", "%v", "%q", "image", "Invoke-Expression", "iex", "file:///"} {
		if strings.Contains(toastScript, bad) {
			t.Errorf("the toast script holds %q", bad)
		}
	}
	if n := strings.Count(toastScript, "$env:"); n != 2 {
		t.Errorf("the toast script reads %d environment variables, want the 2 with the text", n)
	}
	if strings.Count(toastScript, "{") != strings.Count(toastScript, "}") ||
		strings.Count(toastScript, "(") != strings.Count(toastScript, ")") {
		t.Error("the toast script's brackets do not balance")
	}
}

func TestToastValue(t *testing.T) {
	cases := []struct {
		in    string
		limit int
		want  string
	}{
		{"plain", 10, "plain"},
		{"nul\x00inside", 20, "nulinside"},
		{"bad \xff\xfe utf8", 20, "bad \uFFFD utf8"},
		{"abcdefghij", 5, "abcd…"},
		{"ééééé", 5, "ééééé"},
		{"🔑🔑🔑🔑🔑🔑", 3, "🔑🔑…"},
	}
	for _, c := range cases {
		if got := toastValue(c.in, c.limit); got != c.want {
			t.Errorf("toastValue(%q, %d) = %q, want %q", c.in, c.limit, got, c.want)
		}
	}
}

// exitError is a real *exec.ExitError: this test binary run again as a child that writes stderr and
// exits with code 3 (TestToastHelperProcess).
func exitError(t *testing.T) *exec.ExitError {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestToastHelperProcess$")
	cmd.Env = append(os.Environ(), "SCIMRENEW_TOAST_HELPER=1")
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 3 {
		t.Fatalf("helper process: %v, want exit status 3", err)
	}
	return exit
}

func TestToastHelperProcess(t *testing.T) {
	if os.Getenv("SCIMRENEW_TOAST_HELPER") != "1" {
		return // only the child of exitError acts
	}
	os.Exit(3)
}

// TestToastOutcome: only a run that exited 0 and confirmed the toast counts as shown; every failure
// names Windows PowerShell, says what to do, and quotes stderr scrubbed and clipped.
func TestToastOutcome(t *testing.T) {
	exit3 := exitError(t)
	longErr := strings.Repeat("Access is denied. ", 60)
	cases := []struct {
		name           string
		err, ctxErr    error
		stdout, stderr string
		want           []string // each in the error; none means success
		not            []string
	}{
		{name: "shown", stdout: toastShown + "\r\n"},
		{name: "shown just before the deadline", ctxErr: context.DeadlineExceeded, stdout: toastShown},
		{
			name: "stub exits 0 and says nothing", stderr: "fixme:powershell:wmain stub: -NoProfile\n",
			want: []string{"Windows PowerShell ended without showing the notification", "fixme:powershell", "tried again"},
		},
		{
			name: "script failed", err: exit3, stderr: "Element not found. (Exception from HRESULT: 0x80070490)\r\n",
			want: []string{"Windows PowerShell could not show the notification (exit status 3: Element not found.", "Settings > System > Notifications"},
		},
		{
			name: "secret and escapes in stderr", err: exit3, stderr: "Authorization: Bearer abc.def.ghi-jkl\x1b[31m red\x07",
			want: []string{"[redacted]", "red"}, not: []string{"abc.def.ghi", "\x1b", "\x07"},
		},
		{name: "long stderr clipped", err: exit3, stderr: longErr, want: []string{"Access is denied.", "…"}},
		{
			name: "killed at the deadline", err: exit3, ctxErr: context.DeadlineExceeded,
			want: []string{"Windows PowerShell did not show the notification in time", "deadline exceeded"},
		},
		{
			name: "missing", err: &exec.Error{Name: "powershell.exe", Err: exec.ErrNotFound},
			want: []string{"Windows PowerShell could not be started", "executable file not found", "IT department"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := toastOutcome(c.err, c.ctxErr, []byte(c.stdout), []byte(c.stderr))
			if len(c.want) == 0 {
				if got != nil {
					t.Fatalf("toastOutcome = %v, want success", got)
				}
				return
			}
			if got == nil {
				t.Fatal("toastOutcome = nil, want an error")
			}
			msg := got.Error()
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q lacks %q", msg, w)
				}
			}
			for _, n := range c.not {
				if strings.Contains(msg, n) {
					t.Errorf("error %q holds %q", msg, n)
				}
			}
			if utf8.RuneCountInString(msg) > toastErrorMax+300 {
				t.Errorf("error is %d characters long", utf8.RuneCountInString(msg))
			}
		})
	}
	if err := toastOutcome(nil, context.Canceled, nil, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled run gives %v, want it wrapping context.Canceled", err)
	}
}

func TestCappedBuffer(t *testing.T) {
	var c cappedBuffer
	for range 3 {
		if n, err := fmt.Fprint(&c, strings.Repeat("x", toastOutputMax/2+1)); n != toastOutputMax/2+1 || err != nil {
			t.Fatalf("Write = %d, %v; want all taken", n, err)
		}
	}
	if len(c.b) != toastOutputMax {
		t.Errorf("kept %d bytes, want %d", len(c.b), toastOutputMax)
	}
}

// FuzzToastCommand: for any text, the arguments are the fixed ones with the script encoded as
// written, and the environment carries exactly toastValue of the text: valid UTF-8, no NUL, within
// the limits, and unchanged when it already was.
func FuzzToastCommand(f *testing.F) {
	for _, s := range [][2]string{
		{"R&D $(calc)", "`\"'\n\r\t"}, {"\x00\xff\xfe", "🔑👨‍👩‍👧"}, {strings.Repeat("é", 150), strings.Repeat("x ", 300)},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, title, body string) {
		args, env := toastCommand(title, body)
		checkToastArgs(t, args)
		for i, v := range []struct {
			name, in string
			limit    int
		}{{toastTitleEnv, title, toastTitleMax}, {toastBodyEnv, body, toastBodyMax}} {
			val, ok := strings.CutPrefix(env[i], v.name+"=")
			if !ok || val != toastValue(v.in, v.limit) {
				t.Fatalf("env[%d] = %q, want %s=%q", i, env[i], v.name, toastValue(v.in, v.limit))
			}
			if !utf8.ValidString(val) || strings.ContainsRune(val, 0) || utf8.RuneCountInString(val) > v.limit {
				t.Fatalf("env value %q is not valid UTF-8 without NUL within %d runes", val, v.limit)
			}
			if utf8.ValidString(v.in) && !strings.ContainsRune(v.in, 0) && utf8.RuneCountInString(v.in) <= v.limit && val != v.in {
				t.Fatalf("text %q changed to %q", v.in, val)
			}
		}
	})
}
