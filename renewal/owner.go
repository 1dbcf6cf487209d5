package renewal

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"scimrenew/store"
)

// ownerName makes the lease owner unique to this process and recognisable as local: "<label> [pid N on
// HOST]". Two windows passing the same label can then never share a lease by accident.
func ownerName(label string) string {
	host, _ := os.Hostname()
	if label == "" {
		label = "SCIM Renew"
	}
	return fmt.Sprintf("%s [pid %d on %s]", label, os.Getpid(), host)
}

// deadLocalOwner reports whether owner names a process on this host that no longer runs: a window or
// command that crashed or was killed, whose lease nobody will renew. Anything it cannot tell is alive.
func deadLocalOwner(owner string) bool {
	i := strings.LastIndex(owner, " [pid ")
	if i < 0 || !strings.HasSuffix(owner, "]") {
		return false
	}
	pidText, host, ok := strings.Cut(owner[i+len(" [pid "):len(owner)-1], " on ")
	pid, err := strconv.Atoi(pidText)
	if !ok || err != nil || pid <= 0 || pid == os.Getpid() {
		return false
	}
	if me, _ := os.Hostname(); host != me {
		return false
	}
	return !processAlive(pid) // per OS: owner_unix.go, owner_windows.go
}

// beginLease is store.BeginRenewal, taking over the lease of a local owner that died instead of making
// the admin wait for it to expire.
func (e *Engine) beginLease(ctx context.Context, profileID, mode string) (store.Renewal, bool, error) {
	r, resumed, err := e.st.BeginRenewal(ctx, profileID, mode, e.owner, e.ttl)
	var held *store.LeaseHeldError
	if !errors.As(err, &held) || !deadLocalOwner(held.Owner) {
		return r, resumed, err
	}
	open, oerr := e.st.OpenRenewal(ctx, profileID)
	if oerr != nil {
		return r, resumed, err
	}
	if rerr := e.st.ReleaseLease(ctx, open.ID, held.Owner); rerr != nil {
		return r, resumed, err
	}
	e.log.Info("taking over the renewal of a process that ended", "renewal", open.ID, "owner", held.Owner)
	return e.st.BeginRenewal(ctx, profileID, mode, e.owner, e.ttl)
}
