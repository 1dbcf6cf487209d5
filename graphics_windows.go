package main

import (
	"fmt"
	"os"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	user32   = windows.NewLazySystemDLL("user32.dll")
	gdi32    = windows.NewLazySystemDLL("gdi32.dll")
	opengl32 = windows.NewLazySystemDLL("opengl32.dll")

	procCreateWindowExW   = user32.NewProc("CreateWindowExW")
	procDestroyWindow     = user32.NewProc("DestroyWindow")
	procGetDC             = user32.NewProc("GetDC")
	procReleaseDC         = user32.NewProc("ReleaseDC")
	procMessageBoxW       = user32.NewProc("MessageBoxW")
	procChoosePixelFormat = gdi32.NewProc("ChoosePixelFormat")
	procSetPixelFormat    = gdi32.NewProc("SetPixelFormat")
	procWglCreateContext  = opengl32.NewProc("wglCreateContext")
	procWglMakeCurrent    = opengl32.NewProc("wglMakeCurrent")
	procWglDeleteContext  = opengl32.NewProc("wglDeleteContext")
	procGlGetString       = opengl32.NewProc("glGetString")
)

// pixelFormatDescriptor is Windows' PIXELFORMATDESCRIPTOR.
type pixelFormatDescriptor struct {
	Size, Version                                          uint16
	Flags                                                  uint32
	PixelType, ColorBits, RedBits, RedShift, GreenBits     uint8
	GreenShift, BlueBits, BlueShift, AlphaBits, AlphaShift uint8
	AccumBits, AccumRedBits, AccumGreenBits                uint8
	AccumBlueBits, AccumAlphaBits, DepthBits, StencilBits  uint8
	AuxBuffers, LayerType, Reserved                        uint8
	LayerMask, VisibleMask, DamageMask                     uint32
}

// checkGraphics opens a hidden window with a plain OpenGL context, as the driver will, and reads its
// version. When it is older than the window needs (or no context can be made), it shows a message box
// that points to the console commands and returns false.
func checkGraphics() bool {
	version, err := openGLVersion()
	if err == nil && glVersionOK(version) {
		return true
	}
	found := "this computer offers none"
	if err == nil {
		found = fmt.Sprintf("this computer offers OpenGL %s", version)
	}
	msg := noGraphicsMessage(found)
	fmt.Fprintln(os.Stderr, "scimrenew:", msg)
	text, _ := windows.UTF16PtrFromString(msg)
	title, _ := windows.UTF16PtrFromString("SCIM Renew cannot open its window")
	const mbOK, mbIconWarning = 0x0, 0x30
	_, _, _ = procMessageBoxW.Call(0, uintptr(unsafe.Pointer(text)), uintptr(unsafe.Pointer(title)), mbOK|mbIconWarning)
	return false
}

// openGLVersion returns GL_VERSION of a legacy (WGL) context on a hidden window.
func openGLVersion() (string, error) {
	class, _ := windows.UTF16PtrFromString("STATIC")
	const wsPopup = 0x80000000
	hwnd, _, err := procCreateWindowExW.Call(0, uintptr(unsafe.Pointer(class)), 0, wsPopup, 0, 0, 1, 1, 0, 0, 0, 0)
	if hwnd == 0 {
		return "", fmt.Errorf("create a window: %w", err)
	}
	defer procDestroyWindow.Call(hwnd)
	hdc, _, _ := procGetDC.Call(hwnd)
	if hdc == 0 {
		return "", fmt.Errorf("get its device context")
	}
	defer procReleaseDC.Call(hwnd, hdc)
	const pfdDrawToWindow, pfdSupportOpenGL, pfdDoubleBuffer = 0x4, 0x20, 0x1
	pfd := pixelFormatDescriptor{
		Version: 1, Flags: pfdDrawToWindow | pfdSupportOpenGL | pfdDoubleBuffer,
		ColorBits: 32, DepthBits: 24, StencilBits: 8,
	}
	pfd.Size = uint16(unsafe.Sizeof(pfd))
	format, _, _ := procChoosePixelFormat.Call(hdc, uintptr(unsafe.Pointer(&pfd)))
	if format == 0 {
		return "", fmt.Errorf("no OpenGL pixel format")
	}
	if ok, _, err := procSetPixelFormat.Call(hdc, format, uintptr(unsafe.Pointer(&pfd))); ok == 0 {
		return "", fmt.Errorf("set the pixel format: %w", err)
	}
	ctx, _, err := procWglCreateContext.Call(hdc)
	if ctx == 0 {
		return "", fmt.Errorf("create an OpenGL context: %w", err)
	}
	defer procWglDeleteContext.Call(ctx)
	if ok, _, err := procWglMakeCurrent.Call(hdc, ctx); ok == 0 {
		return "", fmt.Errorf("use the OpenGL context: %w", err)
	}
	defer procWglMakeCurrent.Call(0, 0)
	const glVersion = 0x1F02
	s, _, _ := procGlGetString.Call(glVersion)
	if s == 0 {
		return "", fmt.Errorf("no GL_VERSION")
	}
	// s points into the driver's static memory, not Go's; the double conversion keeps vet's
	// uintptr-to-pointer rule, which is about Go memory.
	return windows.BytePtrToString((*byte)(*(*unsafe.Pointer)(unsafe.Pointer(&s)))), nil
}
