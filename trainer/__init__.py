"""trainer: offline sales practice and role-play drills in the terminal."""

__version__ = "0.1.0"
