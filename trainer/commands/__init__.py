"""The command-line commands, one module per area; each imports its heavy parts lazily."""
