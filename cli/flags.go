package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// verbFlags is a verb's flag set with its help text: a synopsis, what the verb does, an example and
// what its exit codes mean.
type verbFlags struct {
	*flag.FlagSet
	synopsis, about, example, exits string
	usageCode                       int // the exit code of a wrong command line
	positional                      []string
}

func newFlags(name, synopsis, about, example, exits string, usageCode int) *verbFlags {
	f := &verbFlags{
		FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), synopsis: synopsis, about: about,
		example: example, exits: exits, usageCode: usageCode,
	}
	f.SetOutput(io.Discard)
	return f
}

// parse parses args, allowing positional arguments between flags (`profile remove acme --force`).
// It returns done=true with the exit code when the verb must stop: after --help, or on a wrong
// command line (reported on stderr with the verb's usage).
func (f *verbFlags) parse(r *runner, args []string, maxPositional int) (code int, done bool) {
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				f.printHelp(r.stdout)
				return ExitOK, true
			}
			return f.usageError(r, err.Error())
		}
		rest := f.Args()
		if len(rest) == 0 {
			break
		}
		f.positional = append(f.positional, rest[0])
		args = rest[1:]
	}
	if len(f.positional) > maxPositional {
		return f.usageError(r, fmt.Sprintf("unexpected argument %q", f.positional[maxPositional]))
	}
	return 0, false
}

// usageError reports a wrong command line and returns the verb's usage exit code.
func (f *verbFlags) usageError(r *runner, msg string) (int, bool) {
	fmt.Fprintf(r.stderr, "scimrenew %s: %s\nUsage: %s\nRun scimrenew %s --help for details.\n",
		f.Name(), msg, f.synopsis, f.Name())
	return f.usageCode, true
}

// isSet reports whether the flag was given on the command line.
func (f *verbFlags) isSet(name string) bool {
	set := false
	f.Visit(func(fl *flag.Flag) {
		if fl.Name == name {
			set = true
		}
	})
	return set
}

func (f *verbFlags) printHelp(w io.Writer) {
	fmt.Fprintf(w, "Usage: %s\n\n%s\n", f.synopsis, f.about)
	var b strings.Builder
	f.VisitAll(func(fl *flag.Flag) {
		name, usage := flag.UnquoteUsage(fl)
		left := "  --" + fl.Name
		if name != "" {
			left += " " + name
		}
		if len(left) < 28 {
			left += strings.Repeat(" ", 28-len(left))
		} else {
			left += "\n" + strings.Repeat(" ", 28)
		}
		fmt.Fprintf(&b, "%s%s\n", left, usage)
	})
	if b.Len() > 0 {
		fmt.Fprintf(w, "\nFlags:\n%s", b.String())
	}
	fmt.Fprintf(w, "\nExample:\n%s\n", indent(f.example))
	if f.exits != "" {
		fmt.Fprintf(w, "\nExit codes:\n%s\n", indent(f.exits))
	}
}

func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = "  " + l
	}
	return strings.Join(lines, "\n")
}

// stdinFlag is a boolean --*-stdin flag that records, in the shared order slice, the order in which the
// command line named it: standard input is read one line per secret in that order.
type stdinFlag struct {
	name  string
	order *[]string
	on    bool
}

func (s *stdinFlag) String() string { return "" }

// IsBoolFlag lets the flag be given without a value, like a flag.Bool.
func (s *stdinFlag) IsBoolFlag() bool { return true }

func (s *stdinFlag) Set(v string) error {
	on := v == "true" || v == "1"
	if !on && v != "false" && v != "0" {
		return fmt.Errorf("--%s takes no value (it reads standard input)", s.name)
	}
	if on && !s.on {
		*s.order = append(*s.order, s.name)
	}
	if !on && s.on {
		*s.order = removeString(*s.order, s.name)
	}
	s.on = on
	return nil
}

func removeString(list []string, v string) []string {
	out := list[:0]
	for _, x := range list {
		if x != v {
			out = append(out, x)
		}
	}
	return out
}
