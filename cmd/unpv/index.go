package main

import "context"

// runIndex is a placeholder until its issue lands.
func runIndex(ctx context.Context, args []string) error {
	return usagef("index: not implemented yet")
}
