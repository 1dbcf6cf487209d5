// Package assets holds SCIM Renew's embedded resources: the app icon (icon.svg is its source;
// icon.png, 512 px, is rendered from it with rsvg-convert and committed). It must not hold secrets or
// code beyond the embedding.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the app icon: a key inside a renewal arrow on a blue rounded square.
var Icon fyne.Resource = fyne.NewStaticResource("icon.png", iconPNG)
