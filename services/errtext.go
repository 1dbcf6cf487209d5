package services

import "scimrenew/redact"

// ErrorText is how a face turns an error into words to show, print, store or log: its text goes
// through the one scrubber (redact.Pipeline: every form of each secret given, blanked with anything that
// looks like a credential; control characters and escape sequences removed; clipped) and becomes a
// sentence (Sentence) last. Give it every secret of the profile the face holds (a Client Secret typed
// into a form, a token being verified): the services scrub their own errors already, and this is the
// net that also catches a server's words and text stored by an older version. nil gives "".
func ErrorText(err error, secrets ...string) string {
	if err == nil {
		return ""
	}
	return MessageText(err.Error(), secrets...)
}

// MessageText is ErrorText for a message already kept as text: a renewal's stored last error, a token's
// health message, a notice.
func MessageText(msg string, secrets ...string) string {
	return redact.Pipeline{Secrets: secrets, Sentence: Sentence}.Text(msg)
}
