"""The trainer app: four places (Home, Library, History, Progress) and the drill on top.

Start-up draws the first frame before anything slow happens; settings, the practice log and
the scenario library then load in a worker and arrive as messages. Screens that show data
subclass `DataScreen` and reload when they come into view or when new data arrives.
"""

from __future__ import annotations

import contextlib
import gc
import tomllib
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, cast

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.worker import Worker

from trainer.clock import Clock, SystemClock
from trainer.safe_text import display
from trainer.tui.daily import DailyPlanned
from trainer.tui.keys import bindings

if TYPE_CHECKING:
    from textual.content import Content
    from textual.driver import Driver

    from trainer.drill.pair import PairRoles
    from trainer.practice.stats import SpotNames
    from trainer.scenario.library import Library, LoadedScenario
    from trainer.settings import Settings
    from trainer.tui.home_view import HomeView
    from trainer.tui.prefetch import Prefetch
    from trainer.tui.screens.drill import DrillScreen
    from trainer.tui.screens.pair_partner import PairPartnerScreen
    from trainer.tui.serial_store import SerialStore

PLACES = ("home", "library", "history", "progress")  # every rep's
TEAM = "team"  # a manager's (or the admin's) on a team server: `TrainerApp.may_visit`
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


def _team() -> Screen[None]:
    from trainer.tui.screens.team import TeamScreen

    return TeamScreen()


def _progress() -> Screen[None]:
    from trainer.tui.screens.progress import ProgressScreen

    return ProgressScreen()


def _palette() -> type[Provider]:
    from trainer.tui.palette import TrainerCommands

    return TrainerCommands


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


class HomePrefetched(Message):
    def __init__(self, view: HomeView | None) -> None:
        super().__init__()
        self.view = view


class BootFailed(Message):
    def __init__(self, what: str, error: str, again: bool = False) -> None:
        super().__init__()
        self.what = what
        self.error = error
        self.again = again  # worth trying again later (the team server did not answer)


# The app's actions that leave the screen in view (place keys, settings, q, daily practice).
LEAVING_ACTIONS = ("place", "settings", "quit_key", "daily")


class TrainerApp(App[None]):
    TITLE = "trainer"
    CSS_PATH = "app.tcss"
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        "home": _home,
        "library": _library,
        "history": _history,
        "progress": _progress,
        TEAM: _team,  # managers only (`may_visit`)
    }
    DEFAULT_MODE = "home"
    # Narrow terminals (below 80 columns) get the `-narrow` class: the footer then leaves out
    # the palette's label (ctrl+p still works; help lists it).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-normal")]  # noqa: RUF012
    LIBRARY_POLL_S = 2.0  # how often the running app looks for changed scenario files
    WARM_UP_AFTER_S = 1.0  # after the library arrived, when Home has not shown it by then
    COLLECT_AFTER_S = 3.0  # garbage collection back on by then, had Home not settled
    HOLD_KEYS_S = 3.0  # keys held for a drill that is opening go on by then at the latest
    STORE_AGAIN_S = 10.0  # how often the app tries the team server again while it is away
    UNREACHABLE = f"Team server unreachable: trying again every {STORE_AGAIN_S:g} s."
    CONNECTED = "Connected to the team server."  # said once it answers again
    COMMANDS = App.COMMANDS | {_palette}
    BINDINGS: ClassVar[list[BindingType]] = bindings("app")

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver; on Linux and macOS one whose pastes holding ESC arrive whole
        and in order (trainer/tui/paste.py)."""
        driver = super().get_driver_class()
        from textual.drivers.linux_driver import LinuxDriver

        if driver is LinuxDriver:
            from trainer.tui.paste import PasteSafeDriver

            return PasteSafeDriver
        return driver

    def __init__(
        self,
        db: str | None = None,
        scenario_dirs: Sequence[str | Path] = (),
        *,
        shipped_dir: Path | None = None,
        clock: Clock | None = None,
        drill: str | None = None,
        daily: bool = False,
        seed: int | None = None,
        voice_wavs: Sequence[Path] = (),
        pair: tuple[str, str, str | None, str] | None = None,
        prefetch: Prefetch | None = None,
    ) -> None:
        super().__init__()
        self.prefetch = prefetch  # Home's data on its way from a child process
        self.log_names: list[str] = []  # the log's rep names (`Store.rep_names`), read once
        self.db = db
        self.scenario_dirs = [Path(d) for d in scenario_dirs]
        self.shipped_dir = shipped_dir  # tests replace the shipped library
        self.clock: Clock = clock or SystemClock()
        self.seed = seed
        self.voice_wavs = list(voice_wavs)  # test recordings played instead of the microphone
        self.start_drill = drill
        self.start_daily = daily  # open the daily session once loaded
        self.start_pair = pair  # (rep, partner, observer, view) with `drill` the scenario
        self.pair_roles: PairRoles | None = None  # the pair session's roles, once one ran
        self.settings: Settings | None = None
        self.store: SerialStore | None = None
        self.library: Library | None = None
        self.problems: list[str] = []
        self.told: set[str] = set()  # messages shown once a run (`tell_once`)
        self.active_drill: DrillScreen | None = None
        self.active_pair: PairPartnerScreen | None = None  # a pair card the partner runs
        self.library_stamp: frozenset[tuple[str, int, int]] | None = None
        self._spot_names: tuple[Library, SpotNames] | None = None  # `spot_names`' last
        self._library_started = False
        self._warmed = False
        # The log, settings or library changed since start-up: the prefetch's view is old.
        self.changed = False
        self.manager = False  # a manager (or the admin) on a team server: the Team place
        self.reconnecting = False  # the team server did not answer: tried again on a timer
        self.lost = False  # the open team server stopped answering a read: the same timer
        self._store_again: Timer | None = None  # that timer: one at a time
        self._held: list[events.Key | events.Paste] | None = None  # for the opening drill
        self._held_timer: Timer | None = None
        theme = _peek_theme()
        if theme and theme in self.available_themes:
            self.theme = theme

    # -- start-up -------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.set_timer(self.COLLECT_AFTER_S, self.collect_garbage)  # at the latest
        if self.prefetch is not None:  # Home's data first (trainer.tui.prefetch), then load
            self.run_worker(self._receive_home, thread=True, name="prefetch")
        else:
            self._start_loading()

    def tell_once(self, message: str, timeout: float = 6) -> None:
        """A notification shown the first time only in this run (e.g. no speakers: every
        call would say it again over the answer box)."""
        if self.first_time(message):
            self.notify(message, timeout=timeout, markup=False)

    def first_time(self, message: str) -> bool:
        """True the first time `message` is asked about in this run (then never again)."""
        if message in self.told:
            return False
        self.told.add(message)
        return True

    def take_ready_prefetch(self, wait: float = 0.0) -> HomeView | None:
        """Home's data if the child has sent it within `wait` seconds (it usually has by the
        time Home is composed: it reads on another core while Textual loads), so that Home's
        first frame shows it; None while it is on its way (then `on_mount` waits for it in a
        worker)."""
        if self.prefetch is None or not self.prefetch.ready(wait):
            return None
        view, self.prefetch = self.prefetch.receive(), None
        return view

    def _receive_home(self) -> None:
        """Worker thread: wait for the prefetch's data (the wait holds no lock)."""
        assert self.prefetch is not None
        self.post_message(HomePrefetched(self.prefetch.receive()))

    def on_home_prefetched(self, message: HomePrefetched) -> None:
        self.prefetch = None
        if message.view is not None:
            for screen in self.screen_stack:
                if isinstance(screen, DataScreen):
                    screen.prefetched(message.view)
        # Our own loading starts once that frame is drawn: it shares the interpreter lock.
        self.call_after_refresh(self._start_loading)

    def _start_loading(self) -> None:
        # Load after the first frame is on screen: settings, the practice log and the
        # scenario library at once (the library is read back from its cache, see
        # trainer.scenario.cache). On a team server the library waits for the log: the
        # server's published scenarios are copied first.
        self.call_after_refresh(self.run_worker, self._open_store, thread=True, name="store")
        self.call_after_refresh(self.run_worker, self._boot, thread=True, name="boot")
        from trainer.store.url import is_team_url

        if not is_team_url(self.db):
            self.call_after_refresh(self._start_library)

    def _library_after_home(self) -> None:
        """On a team server, start reading the library once settings and the log are in (or
        have failed)."""
        if self.settings is None or (self.store is None and not self.problems):
            return
        self._start_library()

    def _start_library(self) -> None:
        if not self._library_started:
            self._library_started = True
            self.run_worker(self._load_library, thread=True, name="library")

    @staticmethod
    def collect_garbage() -> None:
        """Garbage collection back on, once Home shows its data (trainer.launch turns it
        off for the start-up); what start-up made (modules, classes, styles) is frozen, so
        that no collection walks it again."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    def warm_up(self) -> None:
        """Import what the first drill needs, so that it opens and scores without a wait;
        once Home has settled (it would hold Home's last data back: one interpreter lock)."""
        if not self._warmed:
            self._warmed = True
            self.run_worker(_warm_up, thread=True, name="warm-up", exit_on_error=False)

    def _boot(self) -> None:
        """Worker thread: the settings."""
        from trainer.settings import load_settings

        settings, problems = load_settings()
        if settings.keys:
            from trainer.keymap import keymap_problems, valid_keymap

            problems += keymap_problems(settings.keys)
            valid = valid_keymap(settings.keys)
            if valid != settings.keys:
                settings = settings._replace(keys=valid)
        self.post_message(SettingsLoaded(settings, problems))

    def _open_store(self) -> None:
        """Worker thread: the practice log."""
        try:
            from trainer.store.open import open_store
            from trainer.tui.serial_store import SerialStore

            store = SerialStore(partial(open_store, self.db))
            with contextlib.suppress(Exception):  # unknown: no Team place
                self.manager = store.login_role() in ("manager", "admin")
            if not store.fixed_rep:  # a file log: how it spells its reps (`rep_of`)
                with contextlib.suppress(Exception):
                    self.log_names = store.rep_names()
            self.post_message(StoreOpened(store))
        except Exception as exc:  # StoreError and anything the backend raises: say it plainly
            from trainer.store.base import ServerUnreachable

            store = None
            again = isinstance(exc, ServerUnreachable)
            self.post_message(BootFailed("practice log", str(exc), again))

    def reopen_store(self) -> None:
        """Try the team server again (it did not answer): on a timer, and at once when the
        rep asks for something that needs it. A server lost after start-up is tried by
        reading the place in view again."""
        trying = any(w.name == "store" and not w.is_finished for w in self.workers)
        if self.store is None and self.reconnecting and not trying:
            self.run_worker(self._open_store, thread=True, name="store", exit_on_error=False)
        elif self.lost:
            self.data_arrived()

    def _try_again_later(self) -> None:
        """The one retry timer (`STORE_AGAIN_S`): a try that failed again restarts it."""
        if self._store_again is not None:
            self._store_again.stop()
        self._store_again = self.set_timer(self.STORE_AGAIN_S, self.reopen_store)

    def server_lost(self) -> None:
        """A read of the open team server found it gone: the place in view says so and keeps
        what it showed, marked as of when it was read, until a try on the timer reads it."""
        self.lost = True
        self._try_again_later()

    def server_back(self) -> None:
        """A read succeeded after the team server was lost."""
        if self.lost:
            self.lost = False
            self.notify(self.CONNECTED, timeout=4)

    def _load_library(self) -> None:
        """Worker thread: the scenario library, then what the first drill needs."""
        store = self.store
        if store is not None and store.fixed_rep:  # a team server: copy what it publishes
            from trainer import paths
            from trainer.store.published import sync_published

            with contextlib.suppress(Exception):  # offline: the last copy serves
                sync_published(store, paths.published_scenarios_dir())
        try:
            from trainer.scenario.library import load_library

            library = load_library(self.scenario_dirs, shipped_dir=self.shipped_dir)
            self.library_stamp = self._stamp(library)
            self.post_message(LibraryLoaded(library))
        except Exception as exc:
            self.post_message(BootFailed("scenario library", str(exc)))

    def spot_names(self) -> SpotNames:
        """What the weak spots read as (trainer.practice.stats.spot_names) for the library
        in force: worked out once per library read, not on every Progress or Team load
        (any thread may ask; two asking at once work it out twice, harmlessly)."""
        library = self.library
        assert library is not None
        known = self._spot_names
        if known is None or known[0] is not library:
            from trainer.practice.stats import spot_names

            known = self._spot_names = (library, spot_names(library))
        return known[1]

    def on_settings_loaded(self, message: SettingsLoaded) -> None:
        self.settings = message.settings
        for problem in message.problems:
            self.notify(
                display(problem), title="Settings", severity="warning", timeout=8, markup=False
            )
        if self.settings.theme and self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        if self.settings.keys:
            self.set_keymap(self.settings.keys)
        from trainer.store.url import is_team_url

        if not self.settings.rep and not is_team_url(self.db):  # team server: the login
            from trainer.tui.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen(), self._name_given)
        self.data_arrived()
        self._library_after_home()
        self._open_first_place()

    def on_store_opened(self, message: StoreOpened) -> None:
        self.store = message.store
        if self.reconnecting:  # the team server is back
            self.reconnecting = False
            self.problems = [p for p in self.problems if p != self.UNREACHABLE]
            self.notify(self.CONNECTED, timeout=4)
            if self._library_started:  # its published scenarios may have changed meanwhile
                self.run_worker(self._load_library, thread=True, name="library-reload")
        self.data_arrived()
        self._library_after_home()
        self._open_first_place()

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        first = self.library is None
        self.library = message.library
        if first:
            self.data_arrived()
            self.set_interval(self.LIBRARY_POLL_S, self._watch_library, name="library-watch")
            self.set_timer(self.WARM_UP_AFTER_S, self.warm_up)  # if Home has not done it
        else:  # a scenario file changed
            self.data_changed()
        self._open_first_place()

    def _open_first_place(self) -> None:
        """The drill, pair call or daily session asked for on the command line, once the
        settings, the log and the library are all in (they arrive in any order)."""
        if not self.ready:
            return
        if self.start_drill:
            scenario_id, self.start_drill = self.start_drill, None
            if self.start_pair is not None:
                from trainer.drill.pair import PairRoles

                rep, partner, observer, view = self.start_pair
                self.pair_roles = PairRoles(rep, partner, observer)
                self.start_pairing(scenario_id, view)
            else:
                self.start_drilling(scenario_id)
        elif self.start_daily:
            self.start_daily = False
            self.action_daily()

    # -- the live library ------------------------------------------------------------------

    @staticmethod
    def _stamp(library: Library) -> frozenset[tuple[str, int, int]]:
        from trainer.scenario.library import library_stamp

        return library_stamp(library.roots)

    def _watch_library(self) -> None:
        if self.library is not None and not any(
            w.name == "library-reload" and not w.is_finished for w in self.workers
        ):
            self.run_worker(
                self._reload_library, thread=True, name="library-reload", exit_on_error=False
            )

    def _reload_library(self) -> None:
        """Worker: read the library again when a scenario file was added, changed or
        removed (new and fixed files appear, broken ones are listed with their errors)."""
        library = self.library
        if library is None:
            return
        stamp = self._stamp(library)
        if stamp == self.library_stamp:
            return
        from trainer.scenario.library import load_library

        fresh = load_library(self.scenario_dirs, shipped_dir=self.shipped_dir)
        self.library_stamp = self._stamp(fresh)
        self.post_message(LibraryLoaded(fresh))

    def on_boot_failed(self, message: BootFailed) -> None:
        if message.again:
            self._try_again_later()  # a try the rep asked for that failed too restarts it
            if self.reconnecting:
                return  # still away: said once already
            self.reconnecting = True
            self.problems.append(self.UNREACHABLE)
        else:
            self.problems.append(f"{message.what}: {message.error}")
        self.notify(
            display(message.error),
            title=f"Cannot open the {message.what}",
            severity="error",
            markup=False,
            timeout=30,
        )
        self.data_arrived()
        self._library_after_home()

    def data_changed(self) -> None:
        """The log, the settings or the library changed in this run (a drill was logged,
        settings saved, a scenario file edited): the screen in view shows it."""
        self.changed = True
        self.data_arrived()

    def data_arrived(self) -> None:
        """Settings, the log or the library arrived at start-up (or failed to): the screen
        in view shows what is in."""
        from trainer.tui.widgets.nav import NavBar

        screen = self.screen
        for nav in screen.query(NavBar):
            nav.refresh()
        if isinstance(screen, DataScreen):
            screen.reload()

    # -- the rep and settings -------------------------------------------------------------

    @property
    def rep(self) -> str:
        """Who practises (`rep_of`), spelt as the log first wrote them (its names were read
        when it opened: never a store call on the screen's thread)."""
        from trainer.store.base import rep_of

        return rep_of(self.store, self.settings, names=self.log_names)

    def key_for(self, binding_id: str, default: str | None = None, typing: bool = False) -> str:
        """How the key for a binding shows on screen, after the rep's remapping (else
        `default`, else the keymap's own key); `typing`: the first of its keys that acts while
        the answer box has focus (not `?`)."""
        from trainer.keymap import default_key, while_typing

        keys = (self.settings.keys.get(binding_id) if self.settings is not None else None) or (
            default or default_key(binding_id)
        )
        key = (while_typing(keys) if typing else None) or keys.split(",")[0].strip()
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

        from trainer.settings import changed

        try:
            settings = changed(self.settings, **changes)
        except ValidationError as exc:  # refused, as `trainer config set` refuses it
            from trainer.settings import refused_value

            first = exc.errors()[0]
            key = str(first["loc"][0]) if first["loc"] else "?"
            self.notify(
                display(f"{key}: {refused_value(first)}; not saved"),
                title="Settings",
                severity="error",
                timeout=8,
                markup=False,
            )
            return
        self.keep_settings(settings)

    def keep_settings(self, settings: Settings) -> None:
        """Settings already checked (`trainer.settings.changed`, as the Settings screen
        does) put in force and written to the settings file (in a worker)."""
        self.settings = settings

        def write() -> None:
            from trainer.settings import SettingsProblem, save_settings

            try:
                save_settings(settings)
            except SettingsProblem as exc:
                self.call_from_thread(
                    self.notify,
                    display(str(exc)),
                    title="Settings not saved",
                    severity="error",
                    timeout=15,
                    markup=False,
                )

        self.run_worker(write, thread=True, name="save-settings")
        self.data_changed()

    def watch_theme(self, theme: str) -> None:
        if self.settings is not None and self.settings.theme != theme:
            self.save_settings(theme=theme)

    # -- keys typed while a drill opens ----------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        """Keys and pastes that arrive while a drill is opening (enter on a scenario, then
        the answer typed at once: one burst) are held and go to the drill's answer box, in
        order, once it has the focus: never to the place underneath."""
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            if self._held is not None:
                self._held.append(event)
                return
            opens = isinstance(event, events.Key) and self._opens_drill(event.key)
            await super().on_event(event)
            if opens:
                self._held = []
                self._held_timer = self.set_timer(self.HOLD_KEYS_S, self.release_keys)
            return
        await super().on_event(event)

    def _opens_drill(self, key: str) -> bool:
        opens = getattr(self.screen, "opens_drill", None)
        return bool(opens is not None and opens(key))

    async def release_keys(self) -> None:
        """The held keys, in order, to whatever has the focus now (the drill's answer box
        once it is mounted; the place's own widgets if no drill opened)."""
        held, self._held = self._held, None
        if self._held_timer is not None:
            self._held_timer.stop()
            self._held_timer = None
        for event in held or ():
            fresh = (
                events.Key(event.key, event.character)
                if isinstance(event, events.Key)
                else events.Paste(event.text)
            )
            await self.on_event(fresh)

    # -- navigation -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.acts_over(self.screen, action)  # False hides the key

    def acts_over(self, screen: Screen[Any], action: str) -> bool:
        """Whether an app action acts over `screen`: those that leave it ask `can_leave`."""
        return action not in LEAVING_ACTIONS or self.can_leave(screen, action)

    def can_leave(self, screen: Screen[Any], action: str) -> bool:
        """Whether place keys may act over `screen`: never from a drill or a dialog, nor
        (but q, which asks there) from a pair card; no importing the drill screen to ask:
        this runs for the first frame's footer. The palette goes anywhere, asking first
        mid-call (`leave_then`)."""
        return not (
            screen is self.active_drill
            or (screen is self.active_pair and action != "quit_key")
            or isinstance(screen, ModalScreen)
            or type(screen).__name__ == "SettingsScreen"
        )

    async def action_quit(self) -> None:
        """Quit, after asking when a call is running or an answer is typed."""
        from trainer.tui.screens.confirm import ConfirmScreen

        drill, pair = self.active_drill, self.active_pair
        if pair is not None and pair.mid_call:
            if not isinstance(self.screen, ConfirmScreen):
                pair.confirm("Quit trainer?", pair.ending_now(), self.exit)
            return
        if drill is None or not (drill.mid_call or drill.typed):
            self.exit()
            return
        if isinstance(self.screen, ConfirmScreen):
            return
        detail = drill.ending_now() if drill.mid_call else "What you have typed is not sent."
        drill.confirm("Quit trainer?", detail, self.exit)

    async def action_quit_key(self) -> None:
        await self.action_quit()

    def action_help(self) -> None:
        from trainer.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def may_visit(self, place: str) -> bool:
        """The one rule of who goes where, for the keys, the nav bar, help and the palette:
        every rep to the four places, a manager to the Team place too."""
        return place in PLACES or (place == TEAM and self.manager)

    def places(self) -> list[str]:
        """The places this rep may go to, in the nav bar's order."""
        return [place for place in (*PLACES, TEAM) if self.may_visit(place)]

    def has_key(self, binding_id: str) -> bool:
        """Whether a key of the key map is this rep's: a place's key only for a place the
        rep may go to (`app.team` for managers)."""
        section, _, name = binding_id.partition(".")
        return not (section == "app" and name in (*PLACES, TEAM)) or self.may_visit(name)

    def action_place(self, place: str) -> None:
        if self.may_visit(place) and self.current_mode == place:
            screen = self.screen  # its key in the place itself: read it afresh
            if self.store is None:
                self.reopen_store()  # a team server away since start-up: try it now
            elif isinstance(screen, DataScreen):
                screen.read_afresh()
        elif self.may_visit(place):
            self.switch_mode(place)
        elif place == TEAM:
            self.notify(
                "The Team place is for managers on a team server "
                "(`trainer team report` reads a log on the command line).",
                timeout=6,
            )

    def leave_then(self, then: Callable[[], object]) -> None:
        """Go elsewhere from the screen in view (the palette's places, drills, settings):
        dialogs and Settings close first; a solo drill or a pair card asks as esc does,
        mid-call (or with a typed answer), and the call is kept as ended early."""
        from textual.command import CommandPalette

        while isinstance(self.screen, ModalScreen) and not isinstance(self.screen, CommandPalette):
            self.pop_screen()
        call = self.call_in_view()
        if call is not None:
            call.leave(then)
        else:
            then()

    def call_in_view(self) -> DrillScreen | PairPartnerScreen | None:
        """The solo drill or the pair card in view, which asks before it is left mid-call."""
        for call in (self.active_drill, self.active_pair):
            if call is not None and self.screen is call:
                return call
        return None

    def action_settings(self) -> None:
        if self.settings is None:
            return
        from trainer.tui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen(self.settings))

    def open_setting(self, field: str) -> None:
        """Settings, with the cursor in one field (`rep`, `daily`…)."""
        self.action_settings()
        self.call_after_refresh(lambda: self.screen.query(f"#{field}").first().focus())

    def no_log_yet(self) -> str:
        """Why nothing can be drilled now (the practice log is not open), trying the team
        server again at once if it was away."""
        if self.reconnecting:
            self.reopen_store()
            return (
                "The team server cannot be reached, so nothing can be logged: trying again "
                "now. Drill once it is back."
            )
        if self.problems:
            return f"Nothing can be drilled: {self.problems[0]}"
        return "Still loading, try again in a moment."

    def start_drilling(self, scenario_id: str) -> None:
        if self.library is None or self.store is None:
            self.call_later(self.release_keys)
            self.notify(display(self.no_log_yet()), markup=False)
            return
        loaded = self.library.scenarios.get(scenario_id)
        if loaded is None:
            self.call_later(self.release_keys)
            self.notify(
                display(f"No scenario with id {scenario_id!r}."), severity="error", markup=False
            )
            return
        self.open_drill(loaded)

    def start_pairing(self, scenario_id: str, view: str = "partner") -> None:
        """A pair call of a scenario with the session's roles. `view`: partner (runs the call),
        rep or observer (read the call from the log)."""
        if self.store is None:
            self.notify(display(self.no_log_yet()), markup=False)
            return
        loaded = self.library.scenarios.get(scenario_id) if self.library else None
        if loaded is None:
            self.notify(
                display(f"No scenario with id {scenario_id!r}."), severity="error", markup=False
            )
            return
        self.open_pair(loaded, view)

    def open_pair(self, loaded: LoadedScenario, view: str = "partner") -> None:
        from trainer.drill.pair import PairRoles

        roles = self.pair_roles
        if roles is None and view != "partner":  # reads the log only: nothing is logged
            rep = self.rep
            roles = PairRoles(rep, "partner" if rep != "partner" else "rep")
        if roles is None:  # the first call of the session: the partner names themself
            from trainer.tui.screens.partner_name import PartnerNameScreen

            def named(names: tuple[str, str | None] | None) -> None:
                if names:
                    self.pair_roles = PairRoles(self.rep, *names)
                    self.open_pair(loaded, view)

            self.push_screen(PartnerNameScreen(self.rep), named)
            return
        if view == "rep":  # a read-only view of the call the partner runs
            from trainer.tui.screens.pair_rep import PairRepScreen

            self.push_screen(PairRepScreen(loaded, roles.rep, roles.partner))
            return
        if view == "observer":  # follows the call; writes only the observer's own notes
            from trainer.tui.screens.pair_observer import PairObserverScreen

            self.push_screen(
                PairObserverScreen(loaded, roles.rep, roles.partner, roles.observer),
                lambda _: self.data_changed(),
            )
            return
        from trainer.tui.screens.pair_partner import PairPartnerScreen

        self.push_screen(PairPartnerScreen(loaded, roles), lambda _: self.data_changed())

    def open_drill(
        self,
        loaded: LoadedScenario,
        note: str | None = None,
        then: Callable[[DrillScreen], None] | None = None,
    ) -> None:
        """The drill screen; `note` heads it and `then` runs when it closes (the daily
        session opens the next due drill)."""
        from trainer.tui.screens.drill import DrillScreen

        if self.store is None:  # nowhere to log it
            self.call_later(self.release_keys)
            self.notify(display(self.no_log_yet()), severity="warning", markup=False)
            return
        screen = DrillScreen(loaded, note)

        def closed(_: None) -> None:
            self.data_changed()
            if then is not None and not screen.leaving:  # not when the rep went elsewhere
                then(screen)

        self.push_screen(screen, closed)

    # -- the daily session (trainer/tui/daily.py) ------------------------------------------

    def action_daily(self) -> None:
        if not self.ready:
            self.notify(display(self.no_log_yet()), markup=False)
            return
        from trainer.tui.daily import plan_daily

        self.run_worker(partial(plan_daily, self), thread=True, group="daily")

    def on_daily_planned(self, message: DailyPlanned) -> None:
        from trainer.tui.daily import DailyRunner

        if message.session is None:
            self.notify(display(message.error), severity="error", markup=False)
        elif not message.session.queue.items:
            when = message.session.queue.next_due
            self.notify(
                "Nothing is due today"
                + (f"; next on {when:%a %d %b}." if when else ": drill a scenario to start."),
                timeout=4,
            )
        else:
            DailyRunner(self, message.session).next()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette lists every action that has a key, with its key. Textual's "Keys"
        panel is left out: our help (`?`, F1) lists the place's keys and esc closes it."""
        for command in super().get_system_commands(screen):
            if command.title != "Keys":
                yield command
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.show or not binding.description or not active.enabled:
                continue
            if binding.action in seen or binding.action in ("quit", "quit_key", "help"):
                continue  # Textual lists Quit; Help has its own palette entry
            seen.add(binding.action)
            yield SystemCommand(
                binding.description,
                f"key: {self.get_key_display(binding)}",
                partial(self.run_action, binding.action, active.node),
            )

    def on_unmount(self) -> None:
        if self.active_drill is not None:
            self.active_drill.abandon_now()
        if self.active_pair is not None:
            self.active_pair.abandon_now()
        if self.store is not None:
            store, self.store = self.store, None
            store.close()


class DataScreen(Screen[None], Generic[D]):
    """A screen that shows data from the store and library, fetched in a worker.

    Subclasses implement `fetch` (runs in a thread, returns plain data of type D) and `show`
    (runs on the UI thread with what `fetch` returned).
    """

    # False: the screen shows what it can before the scenario library has loaded (Home's
    # figures), and reloads when it arrives.
    NEEDS_LIBRARY: ClassVar[bool] = True
    # The Static(s) saying "Loading…" until the data is shown: when reading fails, they say
    # why instead (and what to do), so that the screen never waits for nothing.
    PROBLEM_AT: ClassVar[str] = ""
    read_at: datetime | None = None  # when what the screen shows was read (None: not yet)

    @property
    def trainer(self) -> TrainerApp:
        app = self.app
        assert isinstance(app, TrainerApp)
        return app

    def on_screen_resume(self) -> None:
        self.reload()

    def read_afresh(self) -> None:
        """The place's own key pressed in it: read everything again, unless a read is under
        way (a cancelled thread still runs: a held key would stack whole reads)."""
        if not any(
            w.name == "fetch" and w.node is self and not w.is_finished for w in self.workers
        ):
            self.reload()

    def reload(self) -> None:
        app = self.trainer
        if not (
            app.ready
            or (not self.NEEDS_LIBRARY and app.store is not None and app.settings is not None)
        ):
            self.waiting()
            self.boot_problems()
            return
        self.run_worker(
            self.fetch,
            thread=True,
            exclusive=True,
            group="fetch",
            name="fetch",
            exit_on_error=False,
        )

    def waiting(self) -> None:
        """Shown until the store and library are ready."""

    def waiting_text(self, loading: str) -> str:
        """What a screen waiting for the log says: `loading`, or why the log is not open."""
        app = self.trainer
        if app.store is None and app.reconnecting:
            return app.UNREACHABLE
        return loading

    def prefetched(self, data: object) -> None:
        """Data read before the app had loaded anything (trainer.tui.prefetch): Home
        shows it; other screens wait for their own."""

    def fetch(self) -> D:
        raise NotImplementedError

    def show(self, data: D) -> None:
        raise NotImplementedError

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        from textual.worker import WorkerState

        worker = event.worker
        if worker.name != "fetch":
            return
        if event.state is WorkerState.ERROR and self.lost_server(worker.error):
            return
        if event.state is WorkerState.SUCCESS:
            self.read_again()
            self.read_at = self.trainer.clock.now()
            self.show(cast("D", worker.result))
        elif event.state is WorkerState.ERROR:
            self.cannot_read(display(str(worker.error)))

    def boot_problems(self) -> None:
        """What could not be opened at start (the log on a full disk, the library): in the
        banner, whole and wrapped (a card would cut it), as a failed read is."""
        from textual.content import Content

        app = self.trainer
        problems = [p for p in app.problems if p != app.UNREACHABLE]
        if problems:
            self.show_problem(Content(display("\n".join(problems))))

    def cannot_read(self, message: str) -> None:
        """Reading failed: a banner under the place names says why and what to do, for as
        long as the screen is open, and its "Loading…" texts say they will not come."""
        from textual.content import Content

        said = "practice log" in message  # a store's message names what it could not read
        self.show_problem(
            Content.assemble(("" if said else "Could not read the practice log. ", "bold"), message)
        )

    def show_problem(self, text: Content, placeholder: bool = True) -> None:
        """`text` in the banner under the place names; with `placeholder` the screen's
        "Loading…" texts point to it (not where it keeps what it showed)."""
        from textual.content import Content
        from textual.widgets import Static

        from trainer.tui.widgets.nav import NavBar

        for banner in self.query("#read-problem").results(Static):
            banner.update(text)
            break
        else:
            banner = Static(text, id="read-problem", markup=False)
            navs = self.query(NavBar)
            if navs:
                self.mount(banner, after=navs.first())
            else:
                self.mount(banner, before=0)
        if self.PROBLEM_AT and placeholder:
            for widget in self.query(self.PROBLEM_AT).results(Static):
                widget.update(Content.styled("Not read: see the message above.", "$text-muted"))

    def lost_server(self, error: BaseException | None) -> bool:
        """A read found the open team server gone (False for any other error): the app tries
        it again on its timer; the banner says so and, when the screen had been read, it
        keeps what it showed, dimmed and marked as of then (old figures never pass for
        current ones)."""
        from textual.content import Content

        from trainer.store.base import ServerUnreachable
        from trainer.tui import render

        if not isinstance(error, ServerUnreachable):
            return False
        app = self.trainer
        app.server_lost()
        text = Content(app.UNREACHABLE)
        if self.read_at is not None:
            when = f" Shown as of {render.local(self.read_at):%H:%M}."
            text = Content.assemble(text, (when, "bold"))
            self.add_class("-stale")
        self.show_problem(text, placeholder=self.read_at is None)
        return True

    def read_again(self) -> None:
        """A read succeeded: the banner of an earlier failure goes, and what is shown is
        current again."""
        self.query("#read-problem").remove()
        self.remove_class("-stale")
        self.trainer.server_back()


def _warm_up() -> None:
    import trainer.drill.recorder
    import trainer.scoring.scorer
    import trainer.tui.screens.drill  # noqa: F401


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
