package main

import "context"

// runReport is a placeholder until its issue lands.
func runReport(ctx context.Context, args []string) error {
	return usagef("report: not implemented yet")
}
