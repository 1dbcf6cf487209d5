package hub

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"
)

// TestClassifyNetRealSocketErrors feeds classifyNet the errors this OS's socket layer really returns,
// not synthesised ones: a refused connection and a reset one must sort the same on Linux, macOS and
// Windows (where they arrive as WSAECONNREFUSED and WSAECONNRESET, which syscall.ECONNREFUSED and
// syscall.ECONNRESET never match).
func TestClassifyNetRealSocketErrors(t *testing.T) {
	cases := []struct {
		name string
		err  func(t *testing.T) error
		want netFailure
	}{
		{"refused", dialClosedPort, netRefused},
		{"reset", readResetConnection, netBroken},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.err(t)
			if err == nil {
				t.Fatal("the socket operation did not fail")
			}
			if got, _ := classifyNet(context.Background(), err); got != c.want {
				t.Fatalf("classifyNet(%v) = %d, want %d", err, got, c.want)
			}
		})
	}
}

func dialClosedPort(t *testing.T) error {
	addr := strings.TrimPrefix(closedPort(t), "http://")
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err == nil {
		conn.Close()
	}
	return err
}

// readResetConnection reads from a connection the peer closed with an RST (SO_LINGER 0).
func readResetConnection(t *testing.T) error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	accepted := make(chan error, 1)
	go func() {
		c, err := l.Accept()
		if err == nil {
			err = c.(*net.TCPConn).SetLinger(0)
			c.Close()
		}
		accepted <- err
	}()
	conn, err := net.DialTimeout("tcp", l.Addr().String(), 5*time.Second)
	if aerr := <-accepted; aerr != nil {
		t.Fatal(aerr)
	}
	if err != nil {
		return err // the reset can win the race with the end of the connect
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 1)
	for {
		if _, err = conn.Read(buf); err != nil {
			if errors.Is(err, context.DeadlineExceeded) {
				t.Fatal("no reset arrived")
			}
			return err
		}
	}
}
