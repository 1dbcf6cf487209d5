package desktop

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
	"unicode/utf16"

	"scimrenew/redact"
)

// SCIM Renew shows its Windows toasts itself (toast_windows.go) rather than through Fyne, whose script
// breaks on a temp folder with a space, pastes text into code and reports nothing. What runs is built
// and judged here, on every OS, so it is tested everywhere.

// ErrNotifyUnsupported reports a system whose notifications Notify does not show: every one but
// Windows. The caller sends the notification its own way there (the window through Fyne).
var ErrNotifyUnsupported = errors.New("desktop: this system's notifications are sent by the window toolkit, not by package desktop")

// ToastTimeout is the most Notify waits for Windows PowerShell to show a toast; a cold start of
// PowerShell on a slow, busy machine takes several seconds.
const ToastTimeout = 20 * time.Second

// Notify shows a desktop notification with title and body, and returns only once it is shown or has
// failed: an error means nothing was shown, so a reminder stays due. On Windows it shows a toast as
// AppID (registering that ID for the current user first) through Windows PowerShell, given the text
// in its environment, never in code or on its command line; it gives up after ToastTimeout or when
// ctx ends. Elsewhere it returns ErrNotifyUnsupported at once and the caller notifies its own way.
func Notify(ctx context.Context, title, body string) error {
	ctx, cancel := context.WithTimeout(ctx, ToastTimeout)
	defer cancel()
	return notify(ctx, title, body)
}

// The environment variables that carry a toast's text to the script, and the line the script prints
// once Windows has taken the toast.
const (
	toastTitleEnv = "SCIMRENEW_TOAST_TITLE"
	toastBodyEnv  = "SCIMRENEW_TOAST_BODY"
	toastShown    = "SCIMRENEW_TOAST_SHOWN"
)

// toastScript is the one PowerShell script behind every toast. It is fixed: the title and body come
// from the environment and are only ever handed to CreateTextNode, so no text can act as code or XML.
// ToastText02 is a title and a body, with no image and so no file path. It prints toastShown last,
// because a PowerShell that does nothing (Wine's stub) exits 0 as well; a failure's message goes
// straight to stderr as plain text, not as the CLIXML PowerShell writes for an encoded command.
const toastScript = `$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try {
  $null = [Windows.UI.Notifications.ToastNotificationManager, Windows.UI.Notifications, ContentType = WindowsRuntime]
  $null = [Windows.Data.Xml.Dom.XmlDocument, Windows.Data.Xml.Dom.XmlDocument, ContentType = WindowsRuntime]
  $kind = [Windows.UI.Notifications.ToastTemplateType]::ToastText02
  $template = [Windows.UI.Notifications.ToastNotificationManager]::GetTemplateContent($kind)
  $doc = [xml] $template.GetXml()
  $texts = $doc.GetElementsByTagName('text')
  $null = $texts[0].AppendChild($doc.CreateTextNode([string] $env:` + toastTitleEnv + `))
  $null = $texts[1].AppendChild($doc.CreateTextNode([string] $env:` + toastBodyEnv + `))
  $xml = New-Object Windows.Data.Xml.Dom.XmlDocument
  $xml.LoadXml($doc.OuterXml)
  $toast = [Windows.UI.Notifications.ToastNotification]::new($xml)
  [Windows.UI.Notifications.ToastNotificationManager]::CreateToastNotifier('` + AppID + `').Show($toast)
  '` + toastShown + `'
} catch {
  [Console]::Error.WriteLine($_.Exception.Message)
  exit 1
}
`

// toastCommand is how Windows PowerShell is started for one toast: its arguments (after the program)
// and the variables to add to its environment. The arguments are the same for every toast; only env
// carries the text (toastValue: valid UTF-8, no NUL, clipped as a toast would be).
func toastCommand(title, body string) (args, env []string) {
	args = []string{"-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-EncodedCommand", encodeCommand(toastScript)}
	env = []string{
		toastTitleEnv + "=" + toastValue(title, toastTitleMax),
		toastBodyEnv + "=" + toastValue(body, toastBodyMax),
	}
	return args, env
}

// encodeCommand is script as -EncodedCommand takes it: base64 of its UTF-16LE bytes.
func encodeCommand(script string) string {
	units := utf16.Encode([]rune(script))
	b := make([]byte, 0, 2*len(units))
	for _, u := range units {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return base64.StdEncoding.EncodeToString(b)
}

// toastValue is s as an environment variable can carry it: invalid UTF-8 becomes U+FFFD, NUL (which
// would end the value) goes, and it is clipped to limit runes, which Windows would cut anyway.
func toastValue(s string, limit int) string {
	return clipRunes(strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", ""), limit)
}

// toastOutputMax is the most of PowerShell's output kept, and toastErrorMax the most of it an error
// quotes.
const (
	toastOutputMax = 4096
	toastErrorMax  = 300
)

// cappedBuffer keeps the first toastOutputMax bytes written to it and discards the rest.
type cappedBuffer struct{ b []byte }

func (c *cappedBuffer) Write(p []byte) (int, error) {
	if room := toastOutputMax - len(c.b); room > 0 {
		c.b = append(c.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

// toastNext is what every toast failure tells the user, after what went wrong.
const toastNext = "the reminder is tried again at the next check"

// toastOutcome judges one run of the toast script: err is what running PowerShell returned, ctxErr
// the run's context's error, stdout and stderr its output. Only a run that exited 0 and printed
// toastShown showed a toast. The errors name Windows PowerShell, quote its stderr (scrubbed and
// clipped) and say what to do.
func toastOutcome(err, ctxErr error, stdout, stderr []byte) error {
	said := redact.Pipeline{Limit: toastErrorMax}.Text(strings.TrimSpace(string(stderr)))
	if said != "" {
		said = ": " + said
	}
	var exit *exec.ExitError
	switch {
	case err == nil && strings.Contains(string(stdout), toastShown):
		return nil
	case ctxErr != nil:
		return fmt.Errorf("desktop: Windows PowerShell did not show the notification in time (%w); the computer may be very busy; %s", ctxErr, toastNext)
	case errors.As(err, &exit):
		return fmt.Errorf("desktop: Windows PowerShell could not show the notification (exit status %d%s); check that notifications are on for %s in Windows Settings > System > Notifications; %s",
			exit.ExitCode(), said, AppName, toastNext)
	case err != nil:
		return fmt.Errorf("desktop: Windows PowerShell could not be started to show the notification: %w; it is part of Windows: ask your IT department whether it is removed or blocked; %s", err, toastNext)
	}
	return fmt.Errorf("desktop: Windows PowerShell ended without showing the notification%s; check that Windows PowerShell 5.1 works (run powershell.exe); %s", said, toastNext)
}
