package main

import (
	"strings"
	"testing"
)

func TestGLVersionOK(t *testing.T) {
	for version, want := range map[string]bool{
		"1.1.0":                          false, // Windows' own GDI Generic (Remote Desktop, VMs)
		"1.1 Mesa 22.3.6":                false, // MESA_GL_VERSION_OVERRIDE=1.1
		"2.0.0 - Build 8.15.10.2900":     false,
		"2.1 Mesa 22.3.6":                true,
		"2.1.2 NVIDIA 340.108":           true,
		"3.3.0 - Build 27.20.100.9316":   true,
		"4.6.0 NVIDIA 537.58":            true,
		"10.0":                           true,
		"":                               false,
		"OpenGL ES 3.2":                  false,
		"x.y":                            false,
		"  4.5 (Compatibility Profile) ": true,
	} {
		if got := glVersionOK(version); got != want {
			t.Errorf("glVersionOK(%q) = %v, want %v", version, got, want)
		}
	}
}

func FuzzGLVersionOK(f *testing.F) {
	for _, s := range []string{"1.1.0", "2.1 Mesa", "4.6.0 NVIDIA", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if glVersionOK(s) && !strings.Contains(s, ".") {
			t.Fatalf("%q accepted without a major.minor", s)
		}
	})
}

func TestNoGraphicsMessagePointsToTheCommands(t *testing.T) {
	msg := noGraphicsMessage("this computer offers OpenGL 1.1.0")
	for _, want := range []string{"OpenGL 2.1", "OpenGL 1.1.0", "Remote Desktop", "scimrenew help", "scimrenew status"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the message does not say %q:\n%s", want, msg)
		}
	}
}
