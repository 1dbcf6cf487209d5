package renewal

import (
	"context"
	"errors"
	"fmt"

	"scimrenew/hub"
)

// Action is what one turn of the renewal loop does.
type Action int

// The loop's actions.
const (
	ActCapture          Action = iota // save the token the admin copied from the Hub page (Input.Token)
	ActRecover                        // after an interrupted create: take up a token saved before it, if any
	ActCreate                         // ask the Hub for a new token (API mode)
	ActCreateAgain                    // after an interrupted create, ask the Hub for another token
	ActVerify                         // probe the SCIM endpoint with the new token
	ActInstallAPI                     // set the token on the Okta app through Okta's API
	ActConfirmInstalled               // record the admin's word that the token is saved in Okta
	ActFinish                         // make the token current and schedule its reminders
)

var actionNames = [...]string{
	"capture", "recover", "create", "create again", "verify", "install through Okta's API",
	"confirm the install", "finish",
}

// String names the action for logs.
func (a Action) String() string {
	if a < 0 || int(a) >= len(actionNames) {
		return fmt.Sprintf("Action(%d)", int(a))
	}
	return actionNames[a]
}

// Need is what the administrator must do before the loop can go on.
type Need int

// What a run of the loop can stop for, besides a failure.
const (
	NeedNothing       Need = iota // the renewal is done or cancelled, or a step failed (Outcome.Err)
	NeedToken                     // Hub-page mode: copy (or paste) the new token from the Hub: Input.Token
	NeedCreateAnswer              // the Hub may have made a token: ask for another (Input.CreateAgain) or capture one
	NeedManualInstall             // paste the token into Okta by hand (Outcome.Manual), then Input.Installed
)

// Input is what the administrator gave for one run of the loop. Each field is used at most once, at
// the step it belongs to.
type Input struct {
	Token       string // the new token copied from the Hub page or pasted (the create step)
	CreateAgain bool   // the answer to the interrupted create: ask the Hub for another token
	Installed   bool   // the token is saved on the Okta app's Provisioning tab (the install step)
}

// Event reports one action of the loop: once before it runs (Ran false), once after (Ran true).
type Event struct {
	Step   Step
	Action Action
	Ran    bool
	Err    error            // the action's error, when Ran
	Probe  *hub.ProbeResult // ActVerify's result, when Ran
}

// ManualInstall is what a manual install in Okta needs.
type ManualInstall struct {
	DeepLink string // the Okta admin address of the app's Provisioning tab; "" when LinkErr says why not
	LinkErr  error
	// Cause says why Okta's API could not install the token (it matches ErrManualInstall and wraps
	// okta.ErrConnectionsUnsupported or okta.ErrNoCredential); its text tells the admin what to do.
	Cause error
}

// Outcome is where a run of the loop stopped.
type Outcome struct {
	Step    Step             // the renewal's step now
	Need    Need             // what the admin must do next (NeedNothing when done or failed)
	Err     error            // the failure that stopped the run, if any
	Probe   *hub.ProbeResult // the last SCIM probe of this run (pass or fail)
	Summary *Summary         // the summary, when this run finished the renewal
	Manual  *ManualInstall   // with NeedManualInstall
}

// Drive is the renewal loop, the one both faces use: it takes the administrator's input, then runs
// every step that needs nobody (create, verify, install, finish) until the renewal is done, a step
// needs the administrator (Outcome.Need), or a step fails (Outcome.Err). report (may be nil) hears
// each action before and after it runs, from the calling goroutine. A step that ran without error but
// left the renewal where it was stops the loop with an error matching ErrWrongStep.
func (s *Session) Drive(ctx context.Context, in Input, report func(Event)) Outcome {
	if report == nil {
		report = func(Event) {}
	}
	var out Outcome
	for {
		st := s.Step()
		out.Step = st
		if st == StepDone || st == StepCancelled {
			return out
		}
		act, need := s.nextAction(st, &in)
		if need != NeedNothing {
			out.Need = need
			return out
		}
		report(Event{Step: st, Action: act})
		tok := ""
		if act == ActCapture {
			tok, in.Token = in.Token, ""
		}
		err := s.act(ctx, act, tok, &out)
		ev := Event{Step: st, Action: act, Ran: true, Err: err}
		if act == ActVerify {
			ev.Probe = out.Probe
		}
		report(ev)
		out.Step = s.Step()
		if err != nil {
			s.askOrFail(act, err, &out)
			return out
		}
		if err := ctx.Err(); err != nil {
			out.Err = err
			return out
		}
		if out.Step == st {
			out.Err = fmt.Errorf("%w: the renewal did not move past step %q", ErrWrongStep, st)
			return out
		}
	}
}

// nextAction chooses the action of the step, using (and clearing) the answers of the input that belong
// to it, or says what the admin must give first.
func (s *Session) nextAction(st Step, in *Input) (Action, Need) {
	switch st {
	case StepCreate:
		switch {
		case in.Token != "":
			return ActCapture, NeedNothing
		case s.NeedsCreateConfirmation() && in.CreateAgain:
			in.CreateAgain = false
			return ActCreateAgain, NeedNothing
		case s.NeedsCreateConfirmation():
			return ActRecover, NeedNothing
		case !s.Profile().APIMode() && s.heldToken() == nil:
			return 0, NeedToken
		}
		return ActCreate, NeedNothing
	case StepVerify:
		return ActVerify, NeedNothing
	case StepInstall:
		if in.Installed {
			in.Installed = false
			return ActConfirmInstalled, NeedNothing
		}
		return ActInstallAPI, NeedNothing
	}
	return ActFinish, NeedNothing
}

// act runs one action (ActCapture with the token given), keeping its probe result and summary in out.
func (s *Session) act(ctx context.Context, act Action, token string, out *Outcome) error {
	switch act {
	case ActCapture:
		return s.Capture(ctx, token)
	case ActRecover:
		return s.Create(ctx, false) // records a token saved before the interruption, else ErrConfirmCreate
	case ActCreate, ActCreateAgain:
		return s.Create(ctx, act == ActCreateAgain)
	case ActVerify:
		res, err := s.Verify(ctx)
		out.Probe = &res
		return err
	case ActInstallAPI:
		return s.InstallAPI(ctx)
	case ActConfirmInstalled:
		return s.ConfirmInstalled(ctx)
	}
	sum, err := s.Finish(ctx)
	if err == nil {
		out.Summary = &sum
	}
	return err
}

// askOrFail turns the error of an action into what the admin is asked next, where it is a question
// rather than a failure.
func (s *Session) askOrFail(act Action, err error, out *Outcome) {
	switch {
	case act == ActInstallAPI && errors.Is(err, ErrManualInstall):
		link, lerr := s.DeepLink()
		out.Need, out.Manual = NeedManualInstall, &ManualInstall{DeepLink: link, LinkErr: lerr, Cause: err}
	case act == ActRecover && errors.Is(err, ErrConfirmCreate):
		out.Need = NeedCreateAnswer
	case (act == ActCreate || act == ActCreateAgain || act == ActRecover) && s.NeedsCreateConfirmation():
		out.Need, out.Err = NeedCreateAnswer, err
	default:
		out.Err = err
	}
}

// Advance runs the renewal's next step that needs nobody: API create (not after an interruption),
// verify, API install and finish. It returns the step it ran. It returns ErrConfirmCreate,
// ErrNeedsCapture (Hub-page mode waits for Capture) or ErrManualInstall when the admin has to act, and
// the step's own error when it failed.
func (s *Session) Advance(ctx context.Context) (Step, error) {
	st := s.Step()
	var err error
	switch st {
	case StepCreate:
		if !s.Profile().APIMode() && s.heldToken() == nil {
			return st, ErrNeedsCapture
		}
		err = s.Create(ctx, false)
	case StepVerify:
		_, err = s.Verify(ctx)
	case StepInstall:
		err = s.InstallAPI(ctx)
	case StepFinish:
		_, err = s.Finish(ctx)
	default:
		err = ErrFinished
	}
	return st, err
}

// Run is Drive without the administrator's input, for callers that only need to know whether the
// renewal finished: it returns nil when done, ErrNeedsCapture, ErrConfirmCreate or the
// ErrManualInstall cause when the admin has to act, else the failure. progress (may be nil) is told
// each step before it runs.
func (s *Session) Run(ctx context.Context, progress func(Step)) error {
	out := s.Drive(ctx, Input{}, func(e Event) {
		if !e.Ran && progress != nil {
			progress(e.Step)
		}
	})
	switch {
	case out.Err != nil:
		return out.Err
	case out.Need == NeedToken:
		return ErrNeedsCapture
	case out.Need == NeedCreateAnswer:
		return ErrConfirmCreate
	case out.Need == NeedManualInstall:
		return out.Manual.Cause
	}
	return nil
}
