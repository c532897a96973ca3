//go:build !classifyv2

package main

import "path/filepath"

// correctionTrainArgs are TestCorrectionsSurviveRun's training flags.
var correctionTrainArgs = []string{"--gold", filepath.Join("..", "..", defaultGold)}
