//go:build linux

// Command startup measures, under X (Xvfb in `make bench`), how long a program takes from exec to its
// first top-level window being mapped, and its peak resident memory (VmHWM) once the window has been
// up for a settle time. It runs the app and the baseline in interleaved rounds (alternating which goes
// first), after one discarded warm-up round, and prints the medians and their ratios as rows of the
// bench table; each sample goes to stderr.
//
// It watches the root window for MapNotify events instead of polling, so the figure carries no
// polling interval. It measures; it judges nothing beyond comparing with the targets it is given.
// It is Linux-only (X11 and /proc), so on other systems the package holds no files.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// target is one program under measurement.
type target struct {
	label string
	bin   string
	args  []string
	start []time.Duration
	cpu   []time.Duration
	hwmKB []int64
	err   error // why it could not be measured; its samples are then incomplete
}

// sample is one run: time to the first window mapped, and peak RSS.
type sample struct {
	start time.Duration
	cpu   time.Duration // CPU time of all its threads when the window mapped
	hwmKB int64
	name  string
}

type harness struct {
	x       *display
	settle  time.Duration
	timeout time.Duration
}

func main() {
	app := flag.String("app", "bench/out/scimrenew", "the app binary")
	appArgs := flag.String("app-args", "--sandbox", "the app's arguments, space-separated")
	base := flag.String("baseline", "bench/out/baseline", "the baseline binary")
	runs := flag.Int("runs", 5, "measured runs of each program (interleaved)")
	settle := flag.Duration("settle", time.Second, "how long the window stays up before peak RSS is read")
	timeout := flag.Duration("timeout", 30*time.Second, "how long to wait for a window")
	startTarget := flag.Float64("start-target", 1.2, "target ratio for the start time")
	rssTarget := flag.Float64("rss-target", 1.15, "target ratio for peak RSS")
	flag.Parse()

	x, err := newDisplay()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer x.shutdown()
	h := &harness{x: x, settle: *settle, timeout: *timeout}
	a := &target{label: "app", bin: *app, args: strings.Fields(*appArgs)}
	b := &target{label: "baseline", bin: *base}
	if a.bin == "" {
		a.err = errors.New("the app did not build")
	}

	// The warm-up round fills the page cache and the apps' preference folders; it is not counted.
	for _, t := range []*target{b, a} {
		if t.err != nil {
			continue
		}
		if _, err := h.once(t); err != nil {
			t.err = err
			fmt.Fprintf(os.Stderr, "startup: warm-up %s: %v\n", t.label, err)
		}
	}
	if b.err != nil {
		fmt.Fprintln(os.Stderr, "startup: the baseline does not start, so nothing can be compared")
		os.Exit(1)
	}
	for i := range *runs {
		order := []*target{b, a}
		if i%2 == 1 {
			order = []*target{a, b}
		}
		for _, t := range order {
			h.measure(t, i+1)
		}
	}
	printRows(a, b, *runs, *settle, *startTarget, *rssTarget)
}

// measure runs t once more unless it already failed, keeping the sample or the error.
func (h *harness) measure(t *target, round int) {
	if t.err != nil {
		return
	}
	s, err := h.once(t)
	if err != nil {
		t.err = fmt.Errorf("round %d: %w", round, err)
		fmt.Fprintf(os.Stderr, "startup: %s %v\n", t.label, t.err)
		return
	}
	t.start = append(t.start, s.start)
	t.cpu = append(t.cpu, s.cpu)
	t.hwmKB = append(t.hwmKB, s.hwmKB)
	fmt.Fprintf(os.Stderr, "startup: round %d %-8s first window mapped %6.1f ms (CPU %6.1f ms), VmHWM %7d kB (window %q)\n",
		round, t.label, ms(s.start), ms(s.cpu), s.hwmKB, s.name)
}

// proc is a started program; exited is closed once it has been waited for, and err is then its status.
type proc struct {
	cmd    *exec.Cmd
	stderr bytes.Buffer
	exited chan struct{}
	err    error
}

func (p *proc) wait() {
	p.err = p.cmd.Wait()
	close(p.exited)
}

// stop ends a program that did not close by itself: SIGTERM, then SIGKILL.
func (p *proc) stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(2 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
}

// once starts the program with a private TMPDIR (the sandbox's throw-away data dir goes there, and
// goes away with it), waits for its window, lets it settle, reads its peak RSS and closes it.
func (h *harness) once(t *target) (sample, error) {
	tmp, err := os.MkdirTemp("", "scimrenew-bench-")
	if err != nil {
		return sample{}, err
	}
	defer os.RemoveAll(tmp)
	p := &proc{cmd: exec.Command(t.bin, t.args...), exited: make(chan struct{})}
	p.cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	p.cmd.Stderr = &capped{buf: &p.stderr, max: 4096}
	p.cmd.WaitDelay = time.Second
	h.x.drain()

	t0 := time.Now()
	if err := p.cmd.Start(); err != nil {
		return sample{}, err
	}
	go p.wait()
	win, elapsed, err := h.waitWindow(t0, p)
	if err != nil {
		return sample{}, err
	}
	s := sample{start: elapsed, cpu: cpuTime(p.cmd.Process.Pid), name: h.x.name(win)}
	select {
	case <-p.exited:
		return sample{}, fmt.Errorf("exited (%v) after its window mapped: %s", p.err, firstLine(&p.stderr))
	case <-time.After(h.settle):
	}
	s.hwmKB, err = peakRSS(p.cmd.Process.Pid)
	h.x.close(win)
	select {
	case <-p.exited:
	case <-time.After(3 * time.Second):
		p.stop()
	}
	return s, err
}

// waitWindow waits for the program's first window; on failure the program has exited or been stopped.
func (h *harness) waitWindow(t0 time.Time, p *proc) (uint64, time.Duration, error) {
	for time.Since(t0) < h.timeout {
		if w := h.x.waitMap(25); w != 0 {
			return w, time.Since(t0), nil
		}
		select {
		case <-p.exited:
			return 0, 0, fmt.Errorf("exited (%v) before mapping a window: %s", p.err, firstLine(&p.stderr))
		default:
		}
	}
	p.stop()
	return 0, 0, fmt.Errorf("no window within %v: %s", h.timeout, firstLine(&p.stderr))
}

// cpuTime sums the time on CPU of the process's threads (the first field of each
// /proc/PID/task/TID/schedstat, in ns). It is far less disturbed by other load on the machine than the
// wall-clock start time; 0 when the kernel does not keep it.
func cpuTime(pid int) time.Duration {
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", pid))
	var sum time.Duration
	for _, f := range tasks {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		field, _, _ := strings.Cut(string(data), " ")
		if ns, err := strconv.ParseInt(field, 10, 64); err == nil {
			sum += time.Duration(ns)
		}
	}
	return sum
}

// peakRSS reads VmHWM (kB) from /proc/PID/status.
func peakRSS(pid int) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		}
	}
	return 0, errors.New("startup: no VmHWM in /proc/PID/status")
}

// capped keeps the first max bytes written to it and drops the rest.
type capped struct {
	buf *bytes.Buffer
	max int
}

func (c *capped) Write(p []byte) (int, error) {
	if room := c.max - c.buf.Len(); room > 0 {
		c.buf.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

func firstLine(b *bytes.Buffer) string {
	s := strings.TrimSpace(b.String())
	if s == "" {
		return "(no output)"
	}
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func median[T int64 | time.Duration](v []T) T {
	s := append([]T(nil), v...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
