package main

import "context"

// runStatus is a placeholder until its issue lands.
func runStatus(ctx context.Context, args []string) error {
	return usagef("status: not implemented yet")
}
