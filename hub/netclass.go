package hub

import (
	"context"
	"errors"
	"io"
	"net"
	"syscall"

	"scimrenew/safenet"
)

// netFailure is the kind of a transport-level failure (no usable HTTP response).
type netFailure int

const (
	netOther    netFailure = iota
	netCanceled            // the caller cancelled
	netTimeout             // a deadline passed
	netRefused             // connection refused: nothing listens there
	netNoHost              // the host name does not resolve
	netNoRoute             // network or host unreachable
	netTLS                 // TLS handshake or certificate failure
	netBroken              // connection reset or closed mid-exchange
	netRedirect            // a redirect was refused by safenet's rules
	netTooLarge            // the body passed the size limit
)

// classifyNet sorts a transport error and gives a short, user-readable detail for TLS failures.
// The order matters: a refused redirect or an oversized body also arrive wrapped in *url.Error.
func classifyNet(ctx context.Context, err error) (netFailure, string) {
	var urlErr *safenet.URLError
	switch {
	case errors.Is(err, context.Canceled) && ctx.Err() == context.Canceled:
		return netCanceled, ""
	case errors.As(err, &urlErr):
		return netRedirect, urlErr.Reason
	case errors.Is(err, safenet.ErrBodyTooLarge):
		return netTooLarge, ""
	}
	if detail, ok := safenet.TLSProblem(err); ok {
		return netTLS, detail
	}
	var dnsErr *net.DNSError
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return netTimeout, ""
	case isAny(err, errsRefused):
		return netRefused, ""
	case errors.As(err, &dnsErr):
		return netNoHost, ""
	case isAny(err, errsNoRoute):
		return netNoRoute, ""
	case isAny(err, errsBroken), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return netBroken, ""
	}
	return netOther, ""
}

// The socket errors of each kind. The syscall names are the Unix ones; on Windows the socket layer
// returns WSA codes instead, which those never match, so netclass_windows.go adds them and the same
// failure reads the same on every OS.
var (
	errsRefused = append([]error{syscall.ECONNREFUSED}, osErrsRefused...)
	errsNoRoute = append([]error{syscall.ENETUNREACH, syscall.EHOSTUNREACH}, osErrsNoRoute...)
	errsBroken  = append([]error{syscall.ECONNRESET, syscall.ECONNABORTED, syscall.EPIPE}, osErrsBroken...)
)

func isAny(err error, targets []error) bool {
	for _, target := range targets {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}
