package main

import "context"

// runServe is a placeholder until its issue lands.
func runServe(ctx context.Context, args []string) error {
	return usagef("serve: not implemented yet")
}
