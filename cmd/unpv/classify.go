package main

import "context"

// runClassify is a placeholder until its issue lands.
func runClassify(ctx context.Context, args []string) error {
	return usagef("classify: not implemented yet")
}
