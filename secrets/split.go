package secrets

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// partLimits is the most bytes one keychain entry holds on each OS; a larger secret is split over
// several entries. An OS missing here (Linux and the BSDs: Secret Service) has no practical limit.
//   - windows: Credential Manager keeps at most 2,560 bytes of credential blob (CRED_MAX_CREDENTIAL_BLOB_SIZE,
//     5 × 512); go-keyring refuses more with "data passed to Set was too big".
//   - darwin: go-keyring writes through `security -i`, whose command line is at most 4,096 bytes, and
//     the value goes in base64 (4 bytes for every 3) after a prefix, the service and the account:
//     2,048 bytes become 2,750 characters, which leaves room for a 128-character profile ID and a long
//     service name (TestDarwinPartFitsSecurityCommand checks the sum).
//
// An RSA-4096 private key (about 3.2 KiB as PEM) and a captured token (up to 16 KiB) fit in neither.
var partLimits = map[string]int{
	"windows": 2560,
	"darwin":  2048,
}

// partLimit returns the per-entry limit on goos, 0 when there is none.
func partLimit(goos string) int { return partLimits[goos] }

// A split secret keeps its first part under the entry's own name ("<profile>/<kind>"), behind a header
// line, and parts 2..n under "<profile>/<kind>#<slot><i>". The header names the slot, the count and a
// digest of the whole value:
//
//	scimrenew-parts:v1:<slot>:<n>:<sha256 of the value, 32 hex digits>\n<part 1>
//
// Two slots (a and b) make a rewrite safe against a kill at any point: a new value's parts go to the
// slot the current header does not name, then one write of the first entry switches over, then the old
// slot is cleared. Until the switch the old value reads back whole; after it, the new one.
const (
	splitPrefix  = "scimrenew-parts:v1:"
	digestHexLen = 32
)

// ErrCorrupted reports that the keychain holds part of a split secret but not the rest, or parts that
// do not add up: something outside SCIM Renew deleted or changed an entry. The value cannot be trusted
// and must be stored again.
var ErrCorrupted = errors.New("secrets: the keychain holds an incomplete secret")

// head is a parsed first entry of a split secret.
type head struct {
	slot   byte
	n      int
	digest string
	first  string
}

// parseHead parses a first entry; ok is false when the value is not split.
func parseHead(v string) (h head, ok bool, err error) {
	rest, found := strings.CutPrefix(v, splitPrefix)
	if !found {
		return head{}, false, nil
	}
	line, first, found := strings.Cut(rest, "\n")
	fields := strings.Split(line, ":")
	if !found || len(fields) != 3 || len(fields[0]) != 1 || (fields[0] != "a" && fields[0] != "b") ||
		len(fields[2]) != digestHexLen {
		return head{}, true, errors.New("its header is damaged")
	}
	n, convErr := strconv.Atoi(fields[1])
	if convErr != nil || n < 2 || n > MaxValueLen {
		return head{}, true, errors.New("its header is damaged")
	}
	return head{slot: fields[0][0], n: n, digest: fields[2], first: first}, true, nil
}

func digest(value string) string {
	sum := sha256.Sum256([]byte(value))
	return hex.EncodeToString(sum[:digestHexLen/2])
}

// partUser names part i (2..n) of the entry u in slot.
func partUser(u string, slot byte, i int) string {
	return u + "#" + string(slot) + strconv.Itoa(i)
}

func otherSlot(slot byte) byte {
	if slot == 'a' {
		return 'b'
	}
	return 'a'
}

// splitValue cuts value into a first entry (header and part 1) and parts 2..n, none longer than limit
// bytes, cutting only between UTF-8 characters so every part stays valid text for the keychain.
func splitValue(value string, slot byte, limit int) (string, []string) {
	var chunks []string
	room := limit - len(splitPrefix) - len("a:") - len(strconv.Itoa(len(value))) - len(":") - digestHexLen - len("\n")
	for rest := value; rest != ""; room = limit {
		cut := min(room, len(rest))
		for cut < len(rest) && cut > 0 && !utf8.RuneStart(rest[cut]) {
			cut--
		}
		chunks = append(chunks, rest[:cut])
		rest = rest[cut:]
	}
	header := fmt.Sprintf("%s%c:%d:%s\n", splitPrefix, slot, len(chunks), digest(value))
	return header + chunks[0], chunks[1:]
}
