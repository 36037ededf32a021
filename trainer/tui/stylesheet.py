"""The app's stylesheet: Textual's, keeping what it parsed while the theme is unchanged.

Textual refreshes the CSS for each new mode's screen (`App.refresh_css`: the theme's
variables set again, which drops every parsed rule, then every source parsed again). When the
variables are the ones already in force the rules come out the same, so the parsed ones are
kept: Home's first frame otherwise parses all of the app's CSS twice more (20-40 ms).
A changed theme still parses everything again with the new variables.
"""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet


class KeptStylesheet(Stylesheet):
    def set_variables(self, variables: dict[str, str]) -> None:
        if variables != self._variables:
            super().set_variables(variables)

    def reparse(self) -> None:
        # Sources parsed with these variables come from the parse cache; new ones are parsed.
        self.parse()
