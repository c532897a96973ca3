package main

import "context"

// runExtract is a placeholder until its issue lands.
func runExtract(ctx context.Context, args []string) error {
	return usagef("extract: not implemented yet")
}
