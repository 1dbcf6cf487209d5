package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"scimrenew/services"
)

// Exit codes. Every verb exits ExitOK on success, ExitFailure when it could not do what was asked and
// ExitUsage when its command line was wrong. status follows the monitoring-plugin convention instead
// (ExitOK, ExitWarning, ExitCritical, ExitUnknown) and verify uses ExitOK, ExitRejected and ExitUnknown,
// so for those two a wrong command line is ExitUnknown.
const (
	ExitOK       = 0
	ExitFailure  = 1
	ExitUsage    = 2
	ExitWarning  = 1
	ExitCritical = 2
	ExitRejected = 2
	ExitUnknown  = 3
)

// EnvKeyringService names the environment variable that overrides the keychain service name, so tests
// and a second installation never share keychain entries with the app.
const EnvKeyringService = "SCIMRENEW_KEYRING_SERVICE"

// Keychain is a keychain a caller may give the verbs instead of the OS keychain (services.Keychain;
// *secrets.Memory implements it).
type Keychain = services.Keychain

// Env is what Main takes from its surroundings. main.go sets DataDir (its per-OS default), Debug and
// Version; in-process tests set the clock, the time zone and a keychain of their own. The zero value
// works.
type Env struct {
	// DataDir is the data directory used when the arguments give no --data-dir.
	DataDir string
	// Debug turns on debug logging, mirrored to stderr, as the --debug flag does.
	Debug bool
	// Version is what --version prints; the module's build information when empty.
	Version string
	// Getenv reads the environment (os.Getenv when nil).
	Getenv func(string) string
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Location is the time zone of the dates shown and of reminders (time.Local when nil).
	Location *time.Location
	// Keychain replaces the OS keychain (which otherwise files entries under the service named by
	// SCIMRENEW_KEYRING_SERVICE, or the app's own).
	Keychain Keychain
	// LeaseTTL is how long a renew's lease outlives its last heartbeat (renewal.DefaultLeaseTTL when 0).
	LeaseTTL time.Duration
}

// verb is one top-level command.
type verb struct {
	name, summary string
	run           func(r *runner, args []string) int
}

var verbs []verb

func init() {
	// Assigned here, not in the declaration: the help verb reads the table.
	verbs = []verb{
		{"profile", "add, edit, list or remove profiles (one per QorusDocs tenant and Okta app)", runProfile},
		{"status", "token state of each profile, with monitoring-plugin exit codes", runStatus},
		{"history", "token history of each profile, newest first", runHistory},
		{"verify", "check a token (read from standard input) against a SCIM endpoint", runVerify},
		{"renew", "renew a profile's token, or continue its unfinished renewal", runRenew},
		{"track", "track the token Okta already uses, so reminders start before the first renewal", runTrack},
		{"ics", "write a profile's reminder dates as a calendar (.ics) file", runICS},
		{"help", "show help for a verb", runHelp},
		{"version", "print the version", runVersion},
	}
}

// IsVerb reports whether arg names a verb of the command line, so main.go can tell `scimrenew status`
// (run headless) from `scimrenew` with no verb (open the window).
func IsVerb(arg string) bool {
	return findVerb(arg) != nil
}

// Handles reports whether the command line is for Main rather than the window: after any global flags
// (--data-dir DIR, --debug), a verb, or --version. main.go calls it with os.Args[1:] before it touches
// anything of the window, and then passes the same arguments to Main.
func Handles(args []string) bool {
	for i := 0; i < len(args); i++ {
		if !strings.HasPrefix(args[i], "-") {
			return IsVerb(args[i])
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		switch name {
		case "version":
			return true
		case "debug":
		case "data-dir":
			if !hasValue {
				i++ // its value
			}
		default:
			return false // a flag of the window (--sandbox, ...) or "--"
		}
	}
	return false
}

func findVerb(name string) *verb {
	for i := range verbs {
		if verbs[i].name == name {
			return &verbs[i]
		}
	}
	return nil
}

// Main runs one verb and returns the process exit code. args are the command-line arguments after the
// program name: global flags (--data-dir DIR, --debug, --version, --help) may come before the verb, so
// both Main(os.Args[1:], ...) and Main(flag.Args(), ...) after main.go parsed its own global flags work.
// stdin is read for secrets and confirmations only; results go to stdout, errors to stderr.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer, env Env) int {
	r := newRunner(stdin, stdout, stderr, env)
	defer r.close()
	fs := flag.NewFlagSet("scimrenew", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&r.dataDir, "data-dir", env.DataDir, "")
	fs.BoolVar(&r.debug, "debug", env.Debug, "")
	showVersion := fs.Bool("version", false, "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(stdout)
			return ExitOK
		}
		fmt.Fprintf(stderr, "scimrenew: %v\n", err)
		printUsage(stderr)
		return ExitUsage
	}
	if *showVersion {
		return runVersion(r, nil)
	}
	rest := fs.Args()
	if len(rest) == 0 {
		printUsage(stderr)
		return ExitUsage
	}
	v := findVerb(rest[0])
	if v == nil {
		fmt.Fprintf(stderr, "scimrenew: unknown verb %q; run scimrenew --help to see the verbs\n", rest[0])
		return ExitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	r.ctx = ctx
	return v.run(r, rest[1:])
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `Usage: scimrenew [--data-dir DIR] [--debug] VERB [flags]

Without a verb scimrenew opens its window. With a verb it runs headless, prints, and exits.

Verbs:
`)
	for _, v := range verbs {
		fmt.Fprintf(w, "  %-9s %s\n", v.name, v.summary)
	}
	fmt.Fprint(w, `
Global flags (before the verb):
  --data-dir DIR   the data directory (database and log)
  --debug          log in detail, and copy the log to stderr
  --version        print the version

Secrets are read from standard input, one line per item, never from arguments.
Run scimrenew VERB --help for a verb's flags and an example.
`)
}

func runHelp(r *runner, args []string) int {
	if len(args) == 0 {
		printUsage(r.stdout)
		return ExitOK
	}
	v := findVerb(args[0])
	if v == nil || v.name == "help" || v.name == "version" {
		if v == nil {
			fmt.Fprintf(r.stderr, "scimrenew: unknown verb %q\n", args[0])
			return ExitUsage
		}
		printUsage(r.stdout)
		return ExitOK
	}
	return v.run(r, append(args[1:], "--help"))
}

func runVersion(r *runner, _ []string) int {
	v := r.env.Version
	if v == "" {
		v = "devel"
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
	}
	fmt.Fprintf(r.stdout, "scimrenew %s\n", v)
	return ExitOK
}

// runner is what every verb shares: the streams, the resolved environment and what to close at exit.
type runner struct {
	ctx     context.Context
	env     Env
	in      *lineReader
	stdout  io.Writer
	stderr  io.Writer
	dataDir string
	debug   bool
	log     *slog.Logger
	closers []io.Closer
}

func newRunner(stdin io.Reader, stdout, stderr io.Writer, env Env) *runner {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if env.Now == nil {
		env.Now = time.Now
	}
	if env.Location == nil {
		env.Location = time.Local
	}
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	return &runner{
		ctx: context.Background(), env: env, in: newLineReader(stdin, stderr), stdout: stdout,
		stderr: stderr, log: slog.New(slog.DiscardHandler),
	}
}

func (r *runner) close() {
	for i := len(r.closers) - 1; i >= 0; i-- {
		_ = r.closers[i].Close()
	}
}

// now is the clock in the user's time zone.
func (r *runner) now() time.Time { return r.env.Now().In(r.env.Location) }

// dir returns the data directory: --data-dir, else main.go's default (Env.DataDir).
func (r *runner) dir() (string, error) {
	if r.dataDir != "" {
		return filepath.Abs(r.dataDir)
	}
	return "", errors.New("no data directory is known; pass --data-dir DIR")
}

// fail prints err to stderr as the UI would show it, through the one scrubber with every secret read
// from standard input, and returns code.
func (r *runner) fail(code int, err error) int {
	fmt.Fprintf(r.stderr, "scimrenew: %s\n", services.ErrorText(err, r.secretsRead()...))
	return code
}

// secretsRead are the secrets the command has read from standard input so far.
func (r *runner) secretsRead() []string {
	if r.in == nil {
		return nil
	}
	return r.in.read
}

// failf is fail with a formatted message.
func (r *runner) failf(code int, format string, a ...any) int {
	return r.fail(code, fmt.Errorf(format, a...))
}
