//go:build windows

package autostart

import (
	"errors"
	"fmt"
	"strings"
	"syscall"

	"golang.org/x/sys/windows/registry"
)

// runKey is the current user's Run key: its values are command lines started at login.
const runKey = `Software\Microsoft\Windows\CurrentVersion\Run`

func entryPath() (string, error) { return `HKCU\` + runKey + `\` + AppID, nil }

// commandLine quotes each argument as the C runtime's argument parser expects.
func commandLine(execPath string, args []string) string {
	parts := make([]string, 0, 1+len(args))
	parts = append(parts, `"`+execPath+`"`) // a Windows path cannot contain a double quote
	for _, a := range args {
		parts = append(parts, syscall.EscapeArg(a))
	}
	return strings.Join(parts, " ")
}

func enable(execPath string, args []string) error {
	k, _, err := registry.CreateKey(registry.CURRENT_USER, runKey, registry.SET_VALUE)
	if err != nil {
		return fmt.Errorf("autostart: could not open the Run registry key: %w", err)
	}
	defer k.Close()
	if err := k.SetStringValue(AppID, commandLine(execPath, args)); err != nil {
		return fmt.Errorf("autostart: could not write the Run registry value: %w", err)
	}
	return nil
}

func disable() error {
	k, err := registry.OpenKey(registry.CURRENT_USER, runKey, registry.SET_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("autostart: could not open the Run registry key: %w", err)
	}
	defer k.Close()
	if err := k.DeleteValue(AppID); err != nil && !errors.Is(err, registry.ErrNotExist) {
		return fmt.Errorf("autostart: could not remove the Run registry value: %w", err)
	}
	return nil
}

func enabled() bool {
	k, err := registry.OpenKey(registry.CURRENT_USER, runKey, registry.QUERY_VALUE)
	if err != nil {
		return false
	}
	defer k.Close()
	_, _, err = k.GetStringValue(AppID)
	return err == nil
}
