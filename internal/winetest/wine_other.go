//go:build !windows

package winetest

func underWine() bool { return false }
