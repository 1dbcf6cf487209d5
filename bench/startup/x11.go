//go:build linux

package main

/*
#cgo pkg-config: x11
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

// A window can vanish between its MapNotify and our look at its name; Xlib's default handler would
// then exit the harness.
static int bench_ignore_errors(Display *d, XErrorEvent *e) { (void)d; (void)e; return 0; }

static Display *bench_open(void) {
	Display *d = XOpenDisplay(NULL);
	if (d == NULL) return NULL;
	XSetErrorHandler(bench_ignore_errors);
	XSelectInput(d, DefaultRootWindow(d), SubstructureNotifyMask);
	XSync(d, False);
	return d;
}

static void bench_drain(Display *d) {
	XSync(d, False);
	while (XPending(d)) { XEvent ev; XNextEvent(d, &ev); }
}

// bench_wait_map returns the first top-level window (a child of the root that is not override-redirect,
// so not a tooltip or menu) mapped within timeout_ms, or 0. Event-driven: it returns as soon as the
// X server reports the map, with no polling interval to add to the figure.
static Window bench_wait_map(Display *d, int timeout_ms) {
	Window root = DefaultRootWindow(d);
	for (;;) {
		while (XPending(d)) {
			XEvent ev;
			XNextEvent(d, &ev);
			if (ev.type == MapNotify && ev.xmap.event == root && !ev.xmap.override_redirect) return ev.xmap.window;
		}
		struct pollfd p = { ConnectionNumber(d), POLLIN, 0 };
		if (poll(&p, 1, timeout_ms) <= 0) return 0;
	}
}

// bench_name returns the window's title: _NET_WM_NAME (UTF-8; a title outside Latin-1 has no plain
// WM_NAME), else WM_NAME. The caller frees it.
static char *bench_name(Display *d, Window w) {
	Atom type;
	int format;
	unsigned long n, after;
	unsigned char *data = NULL;
	Atom net = XInternAtom(d, "_NET_WM_NAME", False), utf8 = XInternAtom(d, "UTF8_STRING", False);
	if (XGetWindowProperty(d, w, net, 0, 256, False, utf8, &type, &format, &n, &after, &data) == Success && data != NULL) {
		char *copy = strndup((char *)data, n);
		XFree(data);
		if (n > 0) return copy;
		free(copy);
	}
	char *name = NULL;
	if (!XFetchName(d, w, &name) || name == NULL) return NULL;
	char *copy = strdup(name);
	XFree(name);
	return copy;
}

// bench_close asks the window to close as a window manager would (WM_DELETE_WINDOW).
static void bench_close(Display *d, Window w) {
	XEvent ev;
	memset(&ev, 0, sizeof ev);
	ev.xclient.type = ClientMessage;
	ev.xclient.window = w;
	ev.xclient.message_type = XInternAtom(d, "WM_PROTOCOLS", False);
	ev.xclient.format = 32;
	ev.xclient.data.l[0] = XInternAtom(d, "WM_DELETE_WINDOW", False);
	ev.xclient.data.l[1] = CurrentTime;
	XSendEvent(d, w, False, NoEventMask, &ev);
	XFlush(d);
}
*/
import "C"

import (
	"errors"
	"runtime"
	"unsafe"
)

// display is one Xlib connection watching the root window for maps. Xlib is not thread-safe, so every
// call happens on the OS thread that opened it (see newDisplay).
type display struct{ d *C.Display }

// newDisplay opens $DISPLAY. The caller must have locked its goroutine to its OS thread.
func newDisplay() (*display, error) {
	runtime.LockOSThread()
	d := C.bench_open()
	if d == nil {
		return nil, errors.New("startup: cannot open the X display $DISPLAY (run under scripts/with-keyring.sh)")
	}
	return &display{d: d}, nil
}

func (x *display) drain() { C.bench_drain(x.d) }

// waitMap waits up to ms milliseconds for a top-level window to be mapped; 0 when none was.
func (x *display) waitMap(ms int) uint64 { return uint64(C.bench_wait_map(x.d, C.int(ms))) }

func (x *display) name(w uint64) string {
	p := C.bench_name(x.d, C.Window(w))
	if p == nil {
		return ""
	}
	defer C.free(unsafe.Pointer(p))
	return C.GoString(p)
}

func (x *display) close(w uint64) { C.bench_close(x.d, C.Window(w)) }

func (x *display) shutdown() { C.XCloseDisplay(x.d) }
