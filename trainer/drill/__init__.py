"""The conversation engine: a drill session is a state machine over a scenario."""
