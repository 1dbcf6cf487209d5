package renewal

// crashHook, when set, is called at each kill point of the protocol: after each state is journalled
// ("state:<state>"), between the keychain's pending write and the row's commit ("pending:written"), and
// between the finish step's keychain moves ("finish:..."). Only the crash test's child process sets it
// (before any session starts), to SIGKILL itself at one of them.
var crashHook func(point string)

func reach(point string) {
	if crashHook != nil {
		crashHook(point)
	}
}
