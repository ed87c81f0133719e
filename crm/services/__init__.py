"""Use cases over a session: queries and commands that validate and return domain rows."""
