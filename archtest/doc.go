// Package archtest keeps the layers' arrows true (DESIGN.md, "Architecture"): its test reads the
// module's package graph with `go list` for Linux, Windows and macOS and checks every package's
// imports against one allow-list table, with the reason for each row. It has no code of its own, and
// nothing may import it.
package archtest
