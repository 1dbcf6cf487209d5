package desktop

import (
	"path/filepath"
	"runtime"
	"testing"
)

func TestFileURL(t *testing.T) {
	cases := []struct{ path, want string }{
		{"/home/jo/Acme & Co (prod).ics", "file:///home/jo/Acme%20&%20Co%20%28prod%29.ics"},
		{"/tmp/100%.ics", "file:///tmp/100%25.ics"},
		{"/home/jø/名前.ics", "file:///home/j%C3%B8/%E5%90%8D%E5%89%8D.ics"},
	}
	if runtime.GOOS == "windows" {
		cases = append(cases, struct{ path, want string }{`C:\Users\Jo Doe\x.ics`, "file:///C:/Users/Jo%20Doe/x.ics"})
	}
	for _, c := range cases {
		u := FileURL(filepath.FromSlash(c.path))
		if got := u.String(); got != c.want {
			t.Errorf("FileURL(%q) = %s, want %s", c.path, got, c.want)
		}
		if back := fileURLPath(u); back != filepath.FromSlash(c.path) {
			t.Errorf("fileURLPath(FileURL(%q)) = %q", c.path, back)
		}
	}
}
