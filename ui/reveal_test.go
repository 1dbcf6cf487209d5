package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"scimrenew/sandbox"
	"scimrenew/secrets"
)

// A revealed token cannot be selected (and so copied untracked) in the history; its Copy button is the
// way, and that copy is cleared like every secret the app copies.
func TestRevealedTokenIsNotSelectable(t *testing.T) {
	s := newSandboxHarness(t)
	p := s.profile(sandbox.APIProfile)
	hs := s.history(p.ID)
	test.Tap(hs.revealB)
	s.settle()
	if hs.masked.Text == maskedToken {
		t.Fatal("the token was not revealed")
	}
	if hs.masked.Selectable {
		t.Fatal("the revealed token in the history is selectable: what is copied from it is not cleared")
	}
}

// The revealed Client Secret in Settings is an entry, so it can be selected: copying or cutting it
// (keys or the context menu, which both go through the entry's shortcuts) is tracked like the app's own
// copies, and cleared after the timeout.
func TestSecretCopiedFromARevealedEntryIsCleared(t *testing.T) {
	h := newHarness(t)
	p := saveProfile(t, h, "Acme", testSecret)
	f := h.settings(p.ID).form
	test.Tap(f.secret.reveal)
	h.settle()
	wantSame(t, "revealed secret", f.secret.Text, testSecret)
	cb := h.app.Clipboard()
	for _, sc := range []fyne.Shortcut{&fyne.ShortcutCopy{Clipboard: cb}, &fyne.ShortcutCut{Clipboard: cb}} {
		h.ui.clip.timeout = 20 * time.Millisecond
		f.secret.TypedShortcut(&fyne.ShortcutSelectAll{})
		f.secret.TypedShortcut(sc)
		wantSame(t, "clipboard after "+sc.ShortcutName(), cb.Content(), testSecret)
		h.waitFor("the copied secret to be cleared", func() bool { return cb.Content() == "" })
		if f.secret.Text == "" {
			typeInto(f.secret, testSecret) // Cut emptied the field
		}
	}
	if v, _ := h.kc.Get(p.ID, secrets.KindHubClientSecret); v != testSecret {
		t.Fatal("the stored secret changed")
	}
}
