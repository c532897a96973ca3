package main

import "context"

// runFetch is a placeholder until its issue lands.
func runFetch(ctx context.Context, args []string) error {
	return usagef("fetch: not implemented yet")
}
