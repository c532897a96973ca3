package main

import "context"

// runRun is a placeholder until its issue lands.
func runRun(ctx context.Context, args []string) error {
	return usagef("run: not implemented yet")
}
