package e2e

import (
	"bytes"
	"encoding/base64"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

// secretSet is the set of secret values a test must never find anywhere, and the encodings they could
// hide in: raw, base64 (standard and URL alphabets, at every byte alignment, so a secret inside a larger
// base64 blob such as a Basic auth header is found too) and URL encoding (query and path forms).
type secretSet struct {
	mu   sync.Mutex
	vals map[string]string // value -> name
}

func newSecretSet() *secretSet { return &secretSet{vals: map[string]string{}} }

// add records a secret under a name used in failure reports (never the value).
func (s *secretSet) add(name, value string) {
	if len(value) < 8 {
		panic("e2e: a secret this short would match by chance: " + name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.vals[value]; !ok {
		s.vals[value] = name
	}
}

// len counts the secrets.
func (s *secretSet) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.vals)
}

type needle struct {
	label string
	b     []byte
}

func (s *secretSet) needles() []needle {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []needle
	for v, name := range s.vals {
		add := func(enc, x string) {
			if len(x) >= 8 {
				out = append(out, needle{name + " (" + enc + ")", []byte(x)})
			}
		}
		add("raw", v)
		if q := url.QueryEscape(v); q != v {
			add("query-escaped", q)
		}
		if p := url.PathEscape(v); p != v {
			add("path-escaped", p)
		}
		for _, e := range []struct {
			name string
			enc  *base64.Encoding
		}{{"base64", base64.StdEncoding}, {"base64url", base64.URLEncoding}} {
			for shift := 0; shift < 3; shift++ {
				add(e.name, base64Core(e.enc, v, shift))
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].label < out[j].label })
	return out
}

// base64Core is the part of the base64 of (shift filler bytes + v) that depends on v's bytes alone, so
// it appears in any base64 text that encodes v at that alignment.
func base64Core(enc *base64.Encoding, v string, shift int) string {
	full := enc.EncodeToString(append(make([]byte, shift), v...))
	start := (8*shift + 5) / 6
	end := 8 * (shift + len(v)) / 6
	if end <= start || end > len(full) {
		return ""
	}
	return full[start:end]
}

// find returns the labels of the secrets (and encodings) present in data.
func (s *secretSet) find(data []byte) []string {
	var hits []string
	for _, n := range s.needles() {
		if bytes.Contains(data, n.b) {
			hits = append(hits, n.label)
		}
	}
	return hits
}

// redact blanks every raw secret of the set in text, so a failure report cannot print one.
func (s *secretSet) redact(text string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for v, name := range s.vals {
		text = strings.ReplaceAll(text, v, "["+name+"]")
	}
	return text
}

// findString is find for text.
func (s *secretSet) findString(text string) []string { return s.find([]byte(text)) }

// scanTree searches every regular file under root and returns "path: labels" for each hit and the
// number of files and bytes read.
func (s *secretSet) scanTree(t *testing.T, root string) (hits []string, files int, size int64) {
	t.Helper()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) {
				return nil
			}
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		size += int64(len(data))
		if found := s.find(data); len(found) > 0 {
			rel, _ := filepath.Rel(root, path)
			for _, f := range found {
				hits = append(hits, rel+": "+f)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("scanning %s: %v", root, err)
	}
	return hits, files, size
}

func TestSecretSetFindsEveryEncoding(t *testing.T) {
	const secret = "s3cr3t-Value/with+odd=chars?&"
	s := newSecretSet()
	s.add("probe", secret)
	for _, c := range []struct {
		name string
		text string
		hit  bool
	}{
		{"raw", "x" + secret + "y", true},
		{"base64 aligned", base64.StdEncoding.EncodeToString([]byte(secret)), true},
		{"base64 shifted by 1", base64.StdEncoding.EncodeToString([]byte("a" + secret)), true},
		{"base64 shifted by 2", base64.StdEncoding.EncodeToString([]byte("ab" + secret + "zz")), true},
		{"basic auth", "Basic " + base64.StdEncoding.EncodeToString([]byte("client-id:"+secret)), true},
		{"base64url", base64.RawURLEncoding.EncodeToString([]byte("abc" + secret)), true},
		{"query", "a=" + url.QueryEscape(secret), true},
		{"path", "/x/" + url.PathEscape(secret), true},
		{"fingerprint only", "3fa9c2e1b0aa", false},
		{"a prefix only", secret[:7], false},
	} {
		if got := len(s.findString(c.text)) > 0; got != c.hit {
			t.Errorf("%s: found=%v, want %v", c.name, got, c.hit)
		}
	}
}
