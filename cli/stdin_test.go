package cli

import (
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"scimrenew/internal/winetest"
	"scimrenew/ownerfile"
)

func readAll(t *testing.T, l *lineReader) ([]string, error) {
	t.Helper()
	var lines []string
	for {
		line, err := l.next()
		if errors.Is(err, io.EOF) {
			return lines, nil
		}
		if err != nil {
			return lines, err
		}
		lines = append(lines, line)
	}
}

func TestLineReader(t *testing.T) {
	long := strings.Repeat("x", maxLineLen+10)
	tests := []struct {
		name, in string
		want     []string
		err      error
	}{
		{"empty", "", nil, nil},
		{"LF", "a\nb\n", []string{"a", "b"}, nil},
		{"CRLF", "a\r\nb\r\n", []string{"a", "b"}, nil},
		{"no final line end", "a\nb", []string{"a", "b"}, nil},
		{"empty lines kept", "\n\nc\n", []string{"", "", "c"}, nil},
		{"inner CR kept", "a\rb\n", []string{"a\rb"}, nil},
		{"long line within the limit", strings.Repeat("y", 9000) + "\nz\n", []string{strings.Repeat("y", 9000), "z"}, nil},
		{"too long", long + "\nz\n", nil, errLineTooLong},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readAll(t, newLineReader(iotest.OneByteReader(strings.NewReader(tc.in)), nil))
			if !errors.Is(err, tc.err) {
				t.Fatalf("err %v, want %v", err, tc.err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("lines %q, want %q", got, tc.want)
			}
		})
	}
}

// TestLineReaderTooLongResumes checks that an over-long line is skipped whole, so the next item is read
// from the next line rather than from the middle of the long one.
func TestLineReaderTooLongResumes(t *testing.T) {
	l := newLineReader(strings.NewReader(strings.Repeat("x", maxLineLen+5000)+"\nnext\n"), nil)
	if _, err := l.next(); !errors.Is(err, errLineTooLong) {
		t.Fatalf("err %v, want errLineTooLong", err)
	}
	if line, err := l.next(); err != nil || line != "next" {
		t.Errorf("after the long line: %q, %v", line, err)
	}
}

func TestLineReaderSecret(t *testing.T) {
	l := newLineReader(strings.NewReader("  s3cret \n\n"), nil)
	if v, err := l.secret("Hub Client Secret"); err != nil || v != "s3cret" {
		t.Errorf("secret: %d bytes, %v", len(v), err)
	}
	if _, err := l.secret("Okta API token"); err == nil || !strings.Contains(err.Error(), "Okta API token is empty") {
		t.Errorf("empty line: %v", err)
	}
	if _, err := l.secret("token"); err == nil || !strings.Contains(err.Error(), "ended before the token") {
		t.Errorf("end of input: %v", err)
	}
}

func FuzzLineReader(f *testing.F) {
	for _, s := range []string{"", "a\n", "a\r\nb", "\r\n\r\n", "x\ry\n", strings.Repeat("z", 5000)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		lines, err := readAll(t, newLineReader(strings.NewReader(in), nil))
		if len(in) > maxLineLen {
			return // may hold an over-long line: covered by TestLineReader
		}
		if err != nil {
			t.Fatalf("input of %d bytes: %v", len(in), err)
		}
		var want []string
		if in != "" {
			want = strings.Split(strings.TrimSuffix(in, "\n"), "\n")
			for i, l := range want {
				want[i] = strings.TrimSuffix(l, "\r")
			}
		}
		if !slices.Equal(lines, want) {
			t.Fatalf("lines %q, want %q", lines, want)
		}
	})
}

func TestStdinFlagOrder(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"--okta-token-stdin", "--client-secret-stdin"}, []string{flagOktaToken, flagClientSecret}},
		{[]string{"--client-secret-stdin", "--okta-token-stdin"}, []string{flagClientSecret, flagOktaToken}},
		{[]string{"--client-secret-stdin", "--client-secret-stdin=false", "--okta-token-stdin"}, []string{flagOktaToken}},
		{[]string{"-client-secret-stdin=true", "--client-secret-stdin"}, []string{flagClientSecret}},
		{nil, nil},
	}
	for _, tc := range tests {
		var order []string
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		fs.Var(&stdinFlag{name: flagClientSecret, order: &order}, flagClientSecret, "")
		fs.Var(&stdinFlag{name: flagOktaToken, order: &order}, flagOktaToken, "")
		if err := fs.Parse(tc.args); err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		if !slices.Equal(order, tc.want) {
			t.Errorf("%v: order %v, want %v", tc.args, order, tc.want)
		}
	}
}

func TestWriteTokenFile(t *testing.T) {
	dir := t.TempDir()
	const tok = "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJlLW5vdC1jaGVja2Vk"

	fresh := filepath.Join(dir, "fresh")
	if err := writeTokenFile(fresh, tok); err != nil {
		t.Fatal(err)
	}
	wantFile(t, fresh, tok+"\n")

	// An existing file readable by others is narrowed before the token is written into it.
	open := filepath.Join(dir, "open")
	if err := os.WriteFile(open, []byte("a much longer earlier content that must go away entirely\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeTokenFile(open, tok); err != nil {
		t.Fatal(err)
	}
	wantFile(t, open, tok+"\n")

	// A symbolic link is not followed, and a directory is not a file.
	bad := []string{dir, filepath.Join(dir, "missing", "f")}
	if !winetest.Limit(t, winetest.NoSymlinks) {
		if err := os.Symlink(filepath.Join(dir, "elsewhere"), filepath.Join(dir, "link")); err != nil {
			t.Fatal(err)
		}
		bad = append(bad, filepath.Join(dir, "link"))
	}
	for _, bad := range bad {
		err := writeTokenFile(bad, tok)
		if err == nil {
			t.Errorf("%s: written", bad)
			continue
		}
		if strings.Contains(err.Error(), tok) {
			t.Errorf("%s: the error holds the token", bad)
		}
	}
	if _, err := os.Lstat(filepath.Join(dir, "elsewhere")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the link's target was created: %v", err)
	}
}

func wantFile(t *testing.T, path, want string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if !fi.Mode().IsRegular() {
		t.Errorf("%s: %v, want a regular file", path, fi.Mode())
	}
	if err := ownerfile.Check(path); err != nil && !winetest.Limit(t, winetest.NoFileDACL) {
		t.Error(err)
	}
	if b, _ := os.ReadFile(path); string(b) != want {
		t.Errorf("%s: %d bytes, want %d", path, len(b), len(want))
	}
}

func TestHandles(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{nil, false},
		{[]string{"status"}, true},
		{[]string{"profile", "list"}, true},
		{[]string{"--data-dir", "/x", "--debug", "renew", "--profile", "a"}, true},
		{[]string{"-data-dir=/x", "history"}, true},
		{[]string{"--version"}, true},
		{[]string{"--debug"}, false},
		{[]string{"--sandbox", "status"}, false},
		{[]string{"--data-dir", "status"}, false}, // "status" is the data dir here
		{[]string{"stauts"}, false},
		{[]string{"--", "status"}, false},
	} {
		if got := Handles(tc.args); got != tc.want {
			t.Errorf("Handles(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}
