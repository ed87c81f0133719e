"""Contact-list and calendar exports: scopes, columns, and one writer per format."""
