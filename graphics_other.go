//go:build !windows

package main

// checkGraphics: on Linux and macOS a missing OpenGL is reported by the driver on the terminal the
// window was started from, so there is nothing to check first.
func checkGraphics() bool { return true }
