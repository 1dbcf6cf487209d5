package hub

import "testing"

// A quoted server message that ends its own sentence gets no second full stop after the quote.
func TestHubSaidPunctuation(t *testing.T) {
	for _, c := range []struct{ detail, want string }{
		{"", ""},
		{"The token is not valid.", ` The Hub said: "The token is not valid."`},
		{"Is the token valid?", ` The Hub said: "Is the token valid?"`},
		{"Token revoked!", ` The Hub said: "Token revoked!"`},
		{"invalid_token", ` The Hub said: "invalid_token".`},
		{"cut short…", ` The Hub said: "cut short…".`},
	} {
		if got := hubSaid(c.detail); got != c.want {
			t.Errorf("hubSaid(%q) = %q, want %q", c.detail, got, c.want)
		}
	}
}
