//go:build !windows

package main

import "errors"

func countCredentials(string) (int, error) {
	return 0, errors.New("no Credential Manager here: it exists on Windows only")
}
