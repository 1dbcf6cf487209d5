//go:build !(linux || freebsd || openbsd || netbsd || dragonfly || darwin || windows)

package autostart

func entryPath() (string, error)    { return "", ErrUnsupported }
func enable(string, []string) error { return ErrUnsupported }
func disable() error                { return ErrUnsupported }
func enabled() bool                 { return false }
