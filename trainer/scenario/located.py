"""Where each value of a scenario file was written (line and column), kept with the loaded
scenario for messages; in its own module so that a library read back from its cache does not
import the YAML parser (positions of a valid file are found again only when first asked)."""

from __future__ import annotations

from dataclasses import dataclass, field

PathKey = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line and column


@dataclass(slots=True)
class Located:
    """Where each value (and each mapping key) starts in the file.

    Made lazily (from `text`) when the quick parse succeeded: a valid file never needs it.
    """

    values: dict[PathKey, Position] = field(default_factory=dict)
    keys: dict[PathKey, Position] = field(default_factory=dict)
    text: str | None = None

    def _fill(self) -> None:
        text, self.text = self.text, None
        if text is not None:
            from trainer.scenario.safe_yaml import fill_positions

            fill_positions(self, text)

    def value(self, path: PathKey) -> Position:
        """The position of the value at `path`, or of its nearest written ancestor."""
        self._fill()
        for n in range(len(path), -1, -1):
            pos = self.values.get(path[:n])
            if pos is not None:
                return pos
        return (1, 1)

    def key(self, path: PathKey) -> Position:
        """The position of the key naming `path`, falling back to its value's position."""
        self._fill()
        return self.keys.get(path) or self.value(path)
