package main

import "context"

// runSearch is a placeholder until its issue lands.
func runSearch(ctx context.Context, args []string) error {
	return usagef("search: not implemented yet")
}
