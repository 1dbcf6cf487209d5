package okta

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"fmt"
	"net/url"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// dpopState is a client's DPoP (RFC 9449) key and nonces. The key is an in-memory P-256 key made on
// first use: it binds tokens to this process, which is all DPoP asks, and needs no registration.
type dpopState struct {
	on      bool
	signer  jose.Signer
	asNonce string // from the token endpoint
	rsNonce string // from the API
}

type dpopClaims struct {
	ID    string `json:"jti"`
	HTM   string `json:"htm"`
	HTU   string `json:"htu"`
	IAT   int64  `json:"iat"`
	Nonce string `json:"nonce,omitempty"`
	ATH   string `json:"ath,omitempty"`
}

// proof returns a DPoP proof JWT for one request; accessToken, when given, is bound through "ath".
func (d *dpopState) proof(method string, u *url.URL, nonce, accessToken string, now time.Time) (string, error) {
	if d.signer == nil {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return "", fmt.Errorf("okta: making a DPoP key: %w", err)
		}
		s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: key},
			(&jose.SignerOptions{EmbedJWK: true}).WithType("dpop+jwt"))
		if err != nil {
			return "", fmt.Errorf("okta: preparing the DPoP key: %w", err)
		}
		d.signer = s
	}
	htu := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}
	c := dpopClaims{ID: randomID(), HTM: method, HTU: htu.String(), IAT: now.Unix(), Nonce: nonce}
	if accessToken != "" {
		c.ATH = accessTokenHash(accessToken)
	}
	s, err := jwt.Signed(d.signer).Claims(c).Serialize()
	if err != nil {
		return "", fmt.Errorf("okta: signing a DPoP proof: %w", err)
	}
	return s, nil
}
