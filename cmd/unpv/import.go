package main

import "context"

// runImport is a placeholder until its issue lands.
func runImport(ctx context.Context, args []string) error {
	return usagef("import: not implemented yet")
}
