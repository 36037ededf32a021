"""The trainer app: four places (Home, Library, History, Progress) and the drill on top.

Start-up draws the first frame before anything slow happens; settings, the practice log and
the scenario library then load in a worker and arrive as messages. Screens that show data
subclass `DataScreen` and reload when they come into view or when new data arrives.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, cast

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.worker import Worker

from trainer.clock import Clock, SystemClock
from trainer.safe_text import display
from trainer.tui.keys import bindings

if TYPE_CHECKING:
    from trainer.drill.pair import PairRoles
    from trainer.scenario.library import Library, LoadedScenario
    from trainer.settings import Settings
    from trainer.tui.screens.drill import DrillScreen
    from trainer.tui.serial_store import SerialStore

PLACES = ("home", "library", "history", "progress")
D = TypeVar("D")


def _home() -> Screen[None]:
    from trainer.tui.screens.home import HomeScreen

    return HomeScreen()


def _library() -> Screen[None]:
    from trainer.tui.screens.library import LibraryScreen

    return LibraryScreen()


def _history() -> Screen[None]:
    from trainer.tui.screens.history import HistoryScreen

    return HistoryScreen()


def _progress() -> Screen[None]:
    from trainer.tui.screens.progress import ProgressScreen

    return ProgressScreen()


class SettingsLoaded(Message):
    def __init__(self, settings: Settings, problems: list[str]) -> None:
        super().__init__()
        self.settings = settings
        self.problems = problems


class StoreOpened(Message):
    def __init__(self, store: SerialStore) -> None:
        super().__init__()
        self.store = store


class LibraryLoaded(Message):
    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library


class BootFailed(Message):
    def __init__(self, what: str, error: str) -> None:
        super().__init__()
        self.what = what
        self.error = error


class TrainerApp(App[None]):
    TITLE = "trainer"
    CSS_PATH = "app.tcss"
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        "home": _home,
        "library": _library,
        "history": _history,
        "progress": _progress,
    }
    DEFAULT_MODE = "home"
    BINDINGS: ClassVar[list[BindingType]] = bindings("app")

    def __init__(
        self,
        db: str | None = None,
        scenario_dirs: Sequence[str | Path] = (),
        *,
        shipped_dir: Path | None = None,
        clock: Clock | None = None,
        drill: str | None = None,
        seed: int | None = None,
        voice_wavs: Sequence[Path] = (),
        pair: tuple[str, str, str | None, str] | None = None,
    ) -> None:
        super().__init__()
        self.db = db
        self.scenario_dirs = [Path(d) for d in scenario_dirs]
        self.shipped_dir = shipped_dir  # tests replace the shipped library
        self.clock: Clock = clock or SystemClock()
        self.seed = seed
        self.voice_wavs = list(voice_wavs)  # test recordings played instead of the microphone
        self.start_drill = drill
        self.start_pair = pair  # (rep, partner, observer, view) with `drill` the scenario
        self.pair_roles: PairRoles | None = None  # the pair session's roles, once one ran
        self.settings: Settings | None = None
        self.store: SerialStore | None = None
        self.library: Library | None = None
        self.problems: list[str] = []
        self.active_drill: DrillScreen | None = None
        theme = _peek_theme()
        if theme and theme in self.available_themes:
            self.theme = theme

    # -- start-up -------------------------------------------------------------------------

    def on_mount(self) -> None:
        # Load after the first frame is on screen.
        self.call_after_refresh(self.run_worker, self._boot, thread=True, name="boot")

    def _boot(self) -> None:
        """Worker thread: settings, then the practice log, then the scenario library."""
        from trainer.settings import load_settings

        settings, problems = load_settings()
        if settings.keys:
            from trainer.keymap import keymap_problems, valid_keymap

            problems += keymap_problems(settings.keys)
            settings.keys = valid_keymap(settings.keys)
        self.post_message(SettingsLoaded(settings, problems))
        try:
            from trainer.store.open import open_store
            from trainer.tui.serial_store import SerialStore

            self.post_message(StoreOpened(SerialStore(partial(open_store, self.db))))
        except Exception as exc:  # StoreError and anything the backend raises: say it plainly
            self.post_message(BootFailed("practice log", str(exc)))
        try:
            from trainer.scenario.library import load_library

            library = load_library(self.scenario_dirs, shipped_dir=self.shipped_dir)
            self.post_message(LibraryLoaded(library))
        except Exception as exc:
            self.post_message(BootFailed("scenario library", str(exc)))
        # Warm what the first drill needs, so that it opens and scores without a wait.
        import trainer.drill.recorder
        import trainer.scoring.scorer
        import trainer.tui.screens.drill  # noqa: F401

    def on_settings_loaded(self, message: SettingsLoaded) -> None:
        self.settings = message.settings
        for problem in message.problems:
            self.notify(display(problem), title="Settings", severity="warning", timeout=8,
                        markup=False)
        if self.settings.theme and self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        if self.settings.keys:
            self.set_keymap(self.settings.keys)
        from trainer.store.base import is_team_url

        if not self.settings.rep and not is_team_url(self.db):  # team server: the login
            from trainer.tui.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen(), self._name_given)
        self.data_changed()

    def on_store_opened(self, message: StoreOpened) -> None:
        self.store = message.store
        self.data_changed()

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        self.library = message.library
        self.data_changed()
        if self.start_drill:
            scenario_id, self.start_drill = self.start_drill, None
            if self.start_pair is not None:
                from trainer.drill.pair import PairRoles

                rep, partner, observer, view = self.start_pair
                self.pair_roles = PairRoles(rep, partner, observer)
                self.start_pairing(scenario_id, view)
            else:
                self.start_drilling(scenario_id)

    def on_boot_failed(self, message: BootFailed) -> None:
        self.problems.append(f"{message.what}: {message.error}")
        self.notify(display(message.error), title=f"Cannot open the {message.what}",
                    severity="error", markup=False,
                    timeout=30)
        self.data_changed()

    def data_changed(self) -> None:
        """New data arrived (or a drill was logged): the screen in view shows it."""
        from trainer.tui.widgets.nav import NavBar

        screen = self.screen
        for nav in screen.query(NavBar):
            nav.refresh()
        if isinstance(screen, DataScreen):
            screen.reload()

    # -- the rep and settings -------------------------------------------------------------

    @property
    def rep(self) -> str:
        from trainer.store.base import fixed_rep

        if team_login := fixed_rep(self.store):  # team server: the login
            return team_login
        if self.settings is not None and self.settings.rep:
            return self.settings.rep
        from trainer.settings import default_rep_name

        return default_rep_name()

    def key_for(self, binding_id: str, default: str) -> str:
        """How the key for a binding shows on screen, after the rep's remapping."""

        keys = self.settings.keys.get(binding_id) if self.settings is not None else None
        key = (keys or default).split(",")[0].strip()
        return self.get_key_display(Binding(key, ""))

    @property
    def current_settings(self) -> Settings:
        """The settings in force (the defaults until the settings file has been read)."""
        if self.settings is None:
            from trainer.settings import Settings

            return Settings()
        return self.settings

    @property
    def ready(self) -> bool:
        return self.store is not None and self.library is not None and self.settings is not None

    def _name_given(self, name: str | None) -> None:
        if name and self.settings is not None:
            self.save_settings(rep=name)

    def save_settings(self, **changes: Any) -> None:
        """Change settings and write them to the settings file (in a worker)."""
        if self.settings is None:
            return
        from pydantic import ValidationError

        for key, value in changes.items():
            try:
                setattr(self.settings, key, value)
            except ValidationError as exc:  # refused, as `trainer config set` refuses it
                message = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
                self.notify(display(f"{key}: {message}; not saved"), title="Settings",
                            severity="error", timeout=8, markup=False)
                return
        settings = self.settings

        def write() -> None:
            from trainer.settings import SettingsProblem, save_settings

            try:
                save_settings(settings)
            except SettingsProblem as exc:
                self.call_from_thread(self.notify, display(str(exc)), title="Settings not saved",
                                      severity="error", timeout=15, markup=False)

        self.run_worker(write, thread=True, name="save-settings")
        self.data_changed()

    def watch_theme(self, theme: str) -> None:
        if self.settings is not None and self.settings.theme != theme:
            self.save_settings(theme=theme)

    # -- navigation -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("place", "settings"):
            # No leaving a drill or a dialog by a place key (and no importing the drill
            # screen to ask: this runs for the first frame's footer).
            screen = self.screen
            return not (screen is self.active_drill or isinstance(screen, ModalScreen))
        return True

    def action_place(self, place: str) -> None:
        if place in PLACES:
            self.switch_mode(place)

    def action_settings(self) -> None:
        if self.settings is None:
            return
        from trainer.tui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen(self.settings))

    def start_drilling(self, scenario_id: str) -> None:
        if self.library is None or self.store is None:
            self.notify("Still loading, try again in a moment.")
            return
        loaded = self.library.scenarios.get(scenario_id)
        if loaded is None:
            self.notify(display(f"No scenario with id {scenario_id!r}."), severity="error",
                        markup=False)
            return
        self.open_drill(loaded)

    def start_pairing(self, scenario_id: str, view: str = "partner") -> None:
        """A pair call of a scenario with the session's roles. `view`: partner (runs the call),
        rep or observer (read the call from the log)."""
        loaded = self.library.scenarios.get(scenario_id) if self.library else None
        if loaded is None or self.store is None:
            self.notify(display(f"No scenario with id {scenario_id!r}."), severity="error",
                        markup=False)
            return
        self.open_pair(loaded, view)

    def open_pair(self, loaded: LoadedScenario, view: str = "partner") -> None:
        from trainer.drill.pair import PairRoles

        roles = self.pair_roles
        if roles is None:
            rep = self.rep
            roles = self.pair_roles = PairRoles(rep, "partner" if rep != "partner" else "rep")
        if view in ("rep", "observer"):  # read-only views of the call the partner runs
            from trainer.tui.screens.pair_rep import PairRepScreen

            self.push_screen(PairRepScreen(loaded, roles.rep, roles.partner,
                                           observer=view == "observer"))
            return
        from trainer.tui.screens.pair_partner import PairPartnerScreen

        self.push_screen(PairPartnerScreen(loaded, roles), lambda _: self.data_changed())

    def open_drill(self, loaded: LoadedScenario) -> None:
        from trainer.tui.screens.drill import DrillScreen

        self.push_screen(DrillScreen(loaded), lambda _: self.data_changed())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette lists every action that has a key, with its key."""
        yield from super().get_system_commands(screen)
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.show or not binding.description or not active.enabled:
                continue
            if binding.action in seen:
                continue
            seen.add(binding.action)
            yield SystemCommand(
                binding.description,
                f"key: {self.get_key_display(binding)}",
                partial(self.run_action, binding.action, active.node),
            )

    def on_unmount(self) -> None:
        if self.active_drill is not None:
            self.active_drill.abandon_now()
        if self.store is not None:
            store, self.store = self.store, None
            store.close()


class DataScreen(Screen[None], Generic[D]):
    """A screen that shows data from the store and library, fetched in a worker.

    Subclasses implement `fetch` (runs in a thread, returns plain data of type D) and `show`
    (runs on the UI thread with what `fetch` returned).
    """

    @property
    def trainer(self) -> TrainerApp:
        app = self.app
        assert isinstance(app, TrainerApp)
        return app

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        if not self.trainer.ready:
            self.waiting()
            return
        self.run_worker(self.fetch, thread=True, exclusive=True, group="fetch", name="fetch",
                        exit_on_error=False)

    def waiting(self) -> None:
        """Shown until the store and library are ready."""

    def fetch(self) -> D:
        raise NotImplementedError

    def show(self, data: D) -> None:
        raise NotImplementedError

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        from textual.worker import WorkerState

        worker = event.worker
        if worker.name != "fetch":
            return
        if event.state is WorkerState.SUCCESS:
            self.show(cast("D", worker.result))
        elif event.state is WorkerState.ERROR:
            self.notify(display(str(worker.error)), title="Could not read the practice log",
                        severity="error", markup=False)


def _peek_theme() -> str | None:
    """The theme from the settings file, read before the first frame (no validation here:
    the full settings load later, in a worker)."""
    from trainer.paths import settings_file

    try:
        raw = tomllib.loads(settings_file().read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    theme = raw.get("theme")
    return theme if isinstance(theme, str) else None
