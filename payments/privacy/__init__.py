"""What the portal holds about a person: its export and its erasure."""
