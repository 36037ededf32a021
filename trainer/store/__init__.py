"""The practice log behind one interface: SQLite (default) and PostgreSQL (teams)."""
