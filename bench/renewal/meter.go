package main

import (
	"io"
	"net/http"
	"sync"
	"time"
)

// meter is an http.RoundTripper that counts requests and sums the time spent in them: inside
// RoundTrip (until the response headers) and inside the response body's Read and Close (the rest of
// the transfer). What a renewal takes beyond that sum is the app's own time.
type meter struct {
	next http.RoundTripper

	mu       sync.Mutex
	requests []string // "METHOD /path", in order
	spent    time.Duration
}

// wrap returns a copy of hc whose transport goes through the meter, so timeouts, redirect rules and
// TLS settings stay those of the client given.
func (m *meter) wrap(hc *http.Client) *http.Client {
	c := *hc
	if m.next == nil {
		m.next = hc.Transport
		if m.next == nil {
			m.next = http.DefaultTransport
		}
	}
	c.Transport = m
	return &c
}

// RoundTrip implements http.RoundTripper.
func (m *meter) RoundTrip(req *http.Request) (*http.Response, error) {
	t0 := time.Now()
	resp, err := m.next.RoundTrip(req)
	m.add(time.Since(t0), req.Method+" "+req.URL.Path)
	if resp != nil && resp.Body != nil {
		resp.Body = &timedBody{ReadCloser: resp.Body, m: m}
	}
	return resp, err
}

func (m *meter) add(d time.Duration, request string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.spent += d
	if request != "" {
		m.requests = append(m.requests, request)
	}
}

// reset starts a new tally and returns the last one.
func (m *meter) reset() (requests []string, spent time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	requests, spent = m.requests, m.spent
	m.requests, m.spent = nil, 0
	return requests, spent
}

type timedBody struct {
	io.ReadCloser
	m *meter
}

func (b *timedBody) Read(p []byte) (int, error) {
	t0 := time.Now()
	n, err := b.ReadCloser.Read(p)
	b.m.add(time.Since(t0), "")
	return n, err
}

func (b *timedBody) Close() error {
	t0 := time.Now()
	err := b.ReadCloser.Close()
	b.m.add(time.Since(t0), "")
	return err
}
