package pipeline

import (
	"context"
	"errors"
	"fmt"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/classify"
	"github.com/unpv/unpv/un"
)

// ErrUnknownTarget is returned by ClassifySentence for a target that is not
// an organisation of un's table.
var ErrUnknownTarget = errors.New("unknown target")

// ClassifySentence classifies one sentence the way the classify stage
// classifies a speech's sentences: for target (acronym or name) when
// given, else once for each organisation the sentence names, in order of
// first mention. The speaker's delegation code, for the relation, is the
// first of speaker's descriptions (a code, a delegation or a label as
// printed) that un.SpeakerCode resolves.
//
// It lives here, beside ClassifyStage, rather than in classify while the
// stance model is being rewritten there.
func ClassifySentence(c *classify.Classifier, sentence, target, date string, speaker ...string) ([]unpv.Stance, error) {
	code := un.SpeakerCode(speaker...)
	if target != "" {
		t, ok := un.CanonicalOrganisation(target)
		if !ok {
			return nil, fmt.Errorf("%w %q", ErrUnknownTarget, target)
		}
		return []unpv.Stance{c.Classify(sentence, t, code, date)}, nil
	}
	var out []unpv.Stance
	seen := map[string]bool{}
	for _, m := range c.Mentions(sentence) {
		if !seen[m.Target] {
			seen[m.Target] = true
			out = append(out, c.Classify(sentence, m.Target, code, date))
		}
	}
	return out, nil
}

// Interruptible runs fn in a goroutine of its own and returns its result,
// or ctx's error as soon as ctx ends, without waiting for fn. The classifier
// checks no context within a speech or a sentence, and one very long
// sentence can take seconds; this is how the classify stage and `unpv
// classify --in` stop at once on SIGINT or SIGTERM. An abandoned fn runs on
// in the background until it returns (in the command, until the process
// exits a moment later).
func Interruptible[T any](ctx context.Context, fn func() T) (T, error) {
	if err := ctx.Err(); err != nil {
		var zero T
		return zero, err
	}
	done := make(chan T, 1)
	go func() { done <- fn() }()
	select {
	case v := <-done:
		return v, nil
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}
