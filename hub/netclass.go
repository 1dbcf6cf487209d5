package hub

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
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
	if detail, ok := tlsDetail(err); ok {
		return netTLS, detail
	}
	var dnsErr *net.DNSError
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return netTimeout, ""
	case errors.Is(err, syscall.ECONNREFUSED):
		return netRefused, ""
	case errors.As(err, &dnsErr):
		return netNoHost, ""
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		return netNoRoute, ""
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return netBroken, ""
	}
	return netOther, ""
}

func tlsDetail(err error) (string, bool) {
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var record tls.RecordHeaderError
	var alert tls.AlertError
	var verify *tls.CertificateVerificationError
	switch {
	case errors.As(err, &unknownCA):
		return "its certificate is signed by an authority this computer does not trust", true
	case errors.As(err, &hostErr):
		return "its certificate is for a different host name", true
	case errors.As(err, &invalid):
		if invalid.Reason == x509.Expired {
			return "its certificate has expired or is not valid yet", true
		}
		return "its certificate is not valid", true
	case errors.As(err, &record), errors.Is(err, http.ErrSchemeMismatch):
		return "it did not answer in TLS (is it a plain http server?)", true
	case errors.As(err, &alert):
		return "it refused the secure connection (" + alert.Error() + ")", true
	case errors.As(err, &verify):
		return "its certificate could not be verified", true
	}
	return "", false
}
