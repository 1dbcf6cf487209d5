package okta

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"

	"github.com/go-jose/go-jose/v4"
)

// GenerateKeyPair makes a key pair for a service app's private_key_jwt client authentication: an RSA
// 2048 private key as PKCS#8 PEM (for the keychain), its public JWK as JSON for the admin to paste into
// Okta (Applications > the service app > Client Credentials > Public key / Private key > Add key), and
// the key ID, which is also the JWK's "kid".
func GenerateKeyPair() (privateKeyPEM []byte, publicJWK string, keyID string, err error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, "", "", fmt.Errorf("okta: generating the key pair: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, "", "", fmt.Errorf("okta: encoding the private key: %w", err)
	}
	pub := jose.JSONWebKey{Key: &key.PublicKey, Algorithm: string(jose.RS256), Use: "sig"}
	if keyID, err = thumbprint(&pub); err != nil {
		return nil, "", "", err
	}
	pub.KeyID = keyID
	j, err := json.Marshal(pub)
	if err != nil {
		return nil, "", "", fmt.Errorf("okta: encoding the public key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), string(j), keyID, nil
}

// PublicJWK returns the public JWK (JSON) of a service app private key (PEM or JWK), so Settings can
// show it again without keeping a copy; keyID is the "kid" Okta will match.
func PublicJWK(privateKey []byte, keyID string) (string, error) {
	signer, alg, kid, err := parsePrivateKey(privateKey, keyID)
	if err != nil {
		return "", err
	}
	pub := jose.JSONWebKey{Key: signer.Public(), KeyID: kid, Algorithm: string(alg), Use: "sig"}
	j, err := json.Marshal(pub)
	if err != nil {
		return "", fmt.Errorf("okta: encoding the public key: %w", err)
	}
	return string(j), nil
}

// parsePrivateKey reads a PEM (PKCS#8, PKCS#1 or SEC 1) or JWK private key and returns it with the
// signing algorithm and key ID to use: keyID if given, else the JWK's kid, else the RFC 7638 thumbprint.
func parsePrivateKey(data []byte, keyID string) (crypto.Signer, jose.SignatureAlgorithm, string, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, "", "", errors.New("okta: the service app has no private key; generate a key pair in Settings")
	}
	var key any
	var kid string
	if data[0] == '{' {
		var jwk jose.JSONWebKey
		if err := jwk.UnmarshalJSON(data); err != nil {
			return nil, "", "", fmt.Errorf("okta: the service app's private key is not a valid JWK: %w", err)
		}
		key, kid = jwk.Key, jwk.KeyID
	} else {
		k, err := parsePEM(data)
		if err != nil {
			return nil, "", "", err
		}
		key = k
	}
	signer, alg, err := signerFor(key)
	if err != nil {
		return nil, "", "", err
	}
	switch {
	case keyID != "":
		kid = keyID
	case kid == "":
		pub := jose.JSONWebKey{Key: signer.Public()}
		if kid, err = thumbprint(&pub); err != nil {
			return nil, "", "", err
		}
	}
	return signer, alg, kid, nil
}

func parsePEM(data []byte) (any, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("okta: the service app's private key is neither PEM nor a JWK; generate a new key pair in Settings")
	}
	if k, err := x509.ParsePKCS8PrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	if k, err := x509.ParseECPrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	return nil, fmt.Errorf("okta: the service app's PEM block %q is not an RSA or EC private key", block.Type)
}

// signerFor accepts the key types Okta takes for private_key_jwt.
func signerFor(key any) (crypto.Signer, jose.SignatureAlgorithm, error) {
	switch k := key.(type) {
	case *rsa.PrivateKey:
		if k.N.BitLen() < 2048 {
			return nil, "", errors.New("okta: the service app's RSA key is shorter than 2048 bits, which Okta refuses; generate a new key pair in Settings")
		}
		return k, jose.RS256, nil
	case *ecdsa.PrivateKey:
		switch k.Curve {
		case elliptic.P256():
			return k, jose.ES256, nil
		case elliptic.P384():
			return k, jose.ES384, nil
		case elliptic.P521():
			return k, jose.ES512, nil
		}
	}
	return nil, "", errors.New("okta: the service app's private key must be RSA (2048 bits or more) or EC P-256/384/521")
}

func thumbprint(k *jose.JSONWebKey) (string, error) {
	t, err := k.Thumbprint(crypto.SHA256)
	if err != nil {
		return "", fmt.Errorf("okta: computing the key ID: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(t), nil
}
