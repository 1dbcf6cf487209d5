package safenet

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
)

// TLSProblem says in words why a secure connection failed (the certificate's authority, host name or
// dates, or a server that does not speak TLS), so a certificate problem — often a network that inspects
// TLS traffic — is not reported as an unreachable server. ok is false when err is no TLS failure.
func TLSProblem(err error) (why string, ok bool) {
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
