//go:build classifyv2

package main

import "path/filepath"

// correctionTrainArgs are TestCorrectionsSurviveRun's training flags.
var correctionTrainArgs = []string{"--resamples", "0", "--pairs", filepath.Join("..", "..", defaultTrainingData)}
