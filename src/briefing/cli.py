"""The `briefing` command line. The only module that prints results or exits.

Commands parse options and call library functions; heavy modules (the pipeline,
trafilatura, lingua, and above all torch) are imported inside the commands, so
`briefing --help` stays fast.
"""

from __future__ import annotations

import contextlib
import json
import logging
import signal
import sys
from collections.abc import Callable, Iterator
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from . import __version__
from .document import printable
from .errors import BriefingError, ConfigError, CorpusError, LockHeld, ModelError, OutputError, UsageError

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class Exit(IntEnum):
    """Exit codes, also listed in `briefing --help` and the README."""

    OK = 0  # every page processed
    SOME_FAILED = 1  # some pages failed; the rest were written
    USAGE = 2  # bad command-line usage (typer/click)
    MOST_FAILED = 3  # nearly all pages failed (>= 90%), or none could be processed
    CONFIG = 4  # models.yaml or glossary invalid
    INPUT = 5  # corpus folder missing or unreadable, or an input file unreadable
    MODEL = 6  # a model is missing or failed, under --strict, or a `models` command failed
    IO_ERROR = 74  # a file or folder could not be written or read: disk full, read-only, a link (EX_IOERR)
    LOCKED = 75  # another run holds the output folder's lock (EX_TEMPFAIL: try later)
    INTERRUPTED = 130  # stopped by SIGINT or SIGTERM (128 + SIGINT, as shells report Ctrl-C)


NEARLY_ALL_FAILED = 0.9  # share of failed pages that turns exit 1 into exit 3

EXIT_HELP = "Exit codes: " + ", ".join(f"{c.value} {c.name.lower().replace('_', ' ')}" for c in Exit) + "."


class _Commands(TyperGroup):
    """The one place where what a command did not handle becomes a message and an exit code.

    An OSError (a full disk, a read-only or missing folder, an OUT under /proc) names its
    path; outputs are only ever replaced whole, so the previous ones stay readable. SIGINT
    and SIGTERM (see `_sigterm_as_interrupt`) unwind the command, whose cleanups run on the
    way out. No traceback reaches the user.
    """

    def invoke(self, ctx: Any) -> Any:  # ctx: the click Context that typer vendors and does not export
        try:
            return super().invoke(ctx)
        except OSError as exc:
            raise _fail(Exit.IO_ERROR, _os_problem(exc)) from None
        except OutputError as exc:
            raise _fail(Exit.IO_ERROR, str(exc)) from None
        except KeyboardInterrupt:
            raise _fail(Exit.INTERRUPTED, "interrupted") from None
        except BriefingError as exc:  # a library error no command anticipated
            raise _fail(Exit.INPUT, str(exc)) from None


def _os_problem(exc: OSError) -> str:
    """`path: problem`, e.g. "out/index.md: No space left on device"."""
    where = " -> ".join(printable(str(name)) for name in (exc.filename, exc.filename2) if name is not None)
    problem = exc.strerror or str(exc)
    return f"{where}: {problem}" if where else problem


app = typer.Typer(
    cls=_Commands,
    help=f"Turn scraped news pages into tri-lingual (en, hy, az) Markdown briefings.\n\n{EXIT_HELP}",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
models_app = typer.Typer(help="List, download, check and convert the models in models.yaml.", no_args_is_help=True)
cache_app = typer.Typer(help="Inspect or clear the incremental cache.", no_args_is_help=True)
app.add_typer(models_app, name="models")
app.add_typer(cache_app, name="cache")

log = logging.getLogger("briefing")

ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        help="models.yaml to use (default: ./models.yaml when present, else built-in defaults).",
        envvar="BRIEFING_CONFIG",
    ),
]
LangOption = Annotated[
    str | None, typer.Option("--lang", "-l", help="Comma-separated output languages, e.g. en,hy,az.")
]
CorpusArgument = Annotated[
    Path,
    # readable=False: `discover` reports an unreadable corpus as such (exit 5); click would call it bad usage (exit 2)
    typer.Argument(help="Folder of scraped pages (.txt, .md, .html).", readable=False),
]
OutOption = Annotated[Path, typer.Option("--out", "-o", help="Output folder (not the corpus, nor inside it).")]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Fail instead of falling back when a configured model is unavailable.")
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"briefing {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    verbose: Annotated[
        int,
        typer.Option("--verbose", "-v", count=True, help="More logging on stderr (-v: a line per page, -vv: debug)."),
    ] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr, no progress bar.")] = False,
) -> None:
    """Global options."""
    level = logging.ERROR if quiet else {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    _setup_logging(level)
    _state.update(verbose=verbose, quiet=quiet)


_state: dict[str, object] = {"verbose": 0, "quiet": False}


def _setup_logging(level: int) -> None:
    from rich.console import Console
    from rich.logging import RichHandler

    handler = RichHandler(console=Console(stderr=True), show_time=False, show_path=False, markup=False)
    root = logging.getLogger("briefing")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def _fail(code: Exit, message: str) -> typer.Exit:
    typer.echo(f"briefing: {message}", err=True)
    return typer.Exit(int(code))


def _load_config(path: Path | None, lang: str | None = None, **overrides):
    from .config import load_config

    if path is None and Path("models.yaml").is_file():
        path = Path("models.yaml")
    if lang:
        overrides["languages"] = [part.strip() for part in lang.split(",") if part.strip()]
    try:
        cfg = load_config(path, **overrides)
    except ConfigError as exc:
        raise _fail(Exit.CONFIG, str(exc)) from None
    log.info("config: %s", path or "built-in defaults")
    return cfg


def _exit_for(pages: int, failed: int) -> Exit:
    if failed == 0:
        return Exit.OK
    if failed >= pages or failed / max(pages, 1) >= NEARLY_ALL_FAILED:
        return Exit.MOST_FAILED
    return Exit.SOME_FAILED


@app.command()
def run(
    corpus: CorpusArgument = Path("corpus"),
    out: OutOption = Path("out"),
    config: ConfigOption = None,
    lang: LangOption = None,
    strict: StrictOption = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the pages, cache hits, events and models; write nothing.")
    ] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Recompute everything (the cache is neither read nor written).")
    ] = False,
    allow_empty: Annotated[
        bool,
        typer.Option(
            "--allow-empty",
            help="Let a corpus with no pages remove the briefings of an earlier run (refused otherwise: "
            "an unmounted share looks empty).",
        ),
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Processes (local) or actors (ray) for the per-page stages. Default: this machine's cores. "
            "The output is the same for every count.",
            show_default=False,
        ),
    ] = None,
    executor: Annotated[
        str,
        typer.Option(
            "--executor",
            help="Where the per-page stages run: local (this machine) or ray (a Ray cluster; "
            "pip install 'briefing\\[ray]'). The output is the same.",
        ),
    ] = "local",
    ray_address: Annotated[
        str | None,
        typer.Option(
            "--ray-address",
            help="The Ray cluster to join (e.g. auto, or ray://head:10001). Default: RAY_ADDRESS if set, "
            "else a local cluster with --workers CPUs. Needs --executor ray.",
        ),
    ] = None,
) -> None:
    """Run the nightly job: read CORPUS, write briefings into OUT, print a one-line summary."""
    from .executors import EXECUTORS, default_workers
    from .ingest import discover
    from .pipeline import Pipeline

    if executor not in EXECUTORS:
        raise _fail(Exit.USAGE, f"--executor {executor!r}: choose one of {', '.join(EXECUTORS)}")
    cfg = _load_config(config, lang)
    if ray_address and executor != "ray":
        raise _fail(Exit.USAGE, "--ray-address needs --executor ray")
    try:
        paths = discover(corpus)
        pipeline = Pipeline(
            cfg,
            strict=strict,
            workers=workers or default_workers(),
            executor=executor,
            ray_address=ray_address,
        )
        if dry_run:
            _print_plan(pipeline.plan(corpus))
            return
        with _sigterm_as_interrupt(), _progress(len(paths)) as on_page:
            report = pipeline.run(corpus, out, on_page=on_page, use_cache=not no_cache, allow_empty=allow_empty)
    except KeyboardInterrupt:
        raise _fail(
            Exit.INTERRUPTED, "interrupted; temporary files removed, lock released, every output whole (old or new)"
        ) from None
    except UsageError as exc:
        raise _fail(Exit.USAGE, str(exc)) from None
    except CorpusError as exc:
        raise _fail(Exit.INPUT, str(exc)) from None
    except ConfigError as exc:
        raise _fail(Exit.CONFIG, str(exc)) from None
    except ModelError as exc:
        raise _fail(Exit.MODEL, str(exc)) from None
    except LockHeld as exc:
        raise _fail(Exit.LOCKED, str(exc)) from None
    for failure in report.failures:
        typer.echo(f"briefing: {printable(str(failure.path))}: {failure.reason}", err=True)
    typer.echo(report.summary_line())
    code = _exit_for(report.pages_seen, len(report.failures))
    if code:
        raise typer.Exit(int(code))


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Let SIGTERM (`kill`, systemd, a cron wrapper's timeout) unwind the run as Ctrl-C does.

    By default SIGTERM ends the process on the spot, leaving its temporary files
    and a lock file that names it. Raised as KeyboardInterrupt, it runs every
    cleanup on the way out. A second SIGTERM is ignored, so the cleanup finishes.
    """

    def interrupt(signum: int, frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _print_plan(plan: dict) -> None:
    typer.echo(f"pages: {len(plan['pages'])} ({len(plan['cache_hits'])} cached, {len(plan['to_compute'])} to compute)")
    for name, reason in plan["failures"]:
        typer.echo(f"  would fail: {name}: {reason}")
    typer.echo(f"events: {len(plan['events'])}")
    for slug, ids in plan["events"]:
        typer.echo(f"  {slug}: {', '.join(ids)}")
    typer.echo("models:")
    for stage, method in sorted(plan["models"].items()):
        typer.echo(f"  {stage}: {method}")
    typer.echo("nothing written (--dry-run)")


class _progress:
    """A progress bar on a terminal; a log line per page at -v; silence under cron."""

    def __init__(self, total: int):
        self.total = total
        self.bar: tuple[Progress, TaskID] | None = None  # the bar and its task, on a terminal only

    def __enter__(self) -> Callable[[Path, str | None], None]:
        if sys.stderr.isatty() and not _state["quiet"] and not _state["verbose"]:
            from rich.progress import Progress

            bar = Progress(transient=True, console=None)
            bar.start()
            self.bar = (bar, bar.add_task("pages", total=self.total))
        return self.on_page

    def on_page(self, path: Path, problem: str | None) -> None:
        if problem:
            log.warning("%s: %s", printable(str(path)), problem)
        else:
            log.info("%s: ok", printable(path.name))
        if self.bar is not None:
            bar, task = self.bar
            bar.advance(task)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar[0].stop()


@app.command()
def summarise(
    files: Annotated[list[Path], typer.Argument(help="Pages to summarise.", exists=False)],
    lang: Annotated[str, typer.Option("--lang", "-l", help="Language of the summary: en, hy or az.")] = "en",
    fmt: Annotated[str, typer.Option("--format", "-f", help="md or json.")] = "md",
    config: ConfigOption = None,
    strict: StrictOption = False,
) -> None:
    """Summarise the given pages, grouped by event, to stdout."""
    from .pipeline import summarise_files

    if fmt not in ("md", "json"):
        raise _fail(Exit.USAGE, f"--format must be md or json, not {fmt!r}")
    cfg = _load_config(config, lang)
    try:
        batch = summarise_files(files, cfg, strict=strict)
    except ModelError as exc:
        raise _fail(Exit.MODEL, str(exc)) from None
    for failure in batch.failures:
        typer.echo(f"briefing: {printable(str(failure.path))}: {failure.reason}", err=True)
    if fmt == "json":
        typer.echo(json.dumps(_batch_json(batch, lang), ensure_ascii=False, indent=2))
    else:
        from .glossary import Glossary
        from .localise import Localiser
        from .render import render_event

        loc = Localiser(Glossary.load(cfg.resolve(cfg.glossary) if cfg.glossary else None), lang)
        typer.echo("\n\n".join(render_event(event, batch, loc) for event in batch.events), nl=False)
    code = _exit_for(len(files), len(batch.failures))
    if code:
        raise typer.Exit(int(code))


def _batch_json(batch, lang: str) -> dict:
    def sentences(items):
        return [
            {
                "text": s.text,
                "language": s.language,
                "sources": s.sources,
                "translation": s.translations.get(lang),
                "flags": s.flags.get(lang, []),
            }
            for s in items
        ]

    return {
        "language": lang,
        "methods": batch.methods,
        "events": [
            {
                "title": e.title,
                "start": e.start.isoformat() if e.start else None,
                "end": e.end.isoformat() if e.end else None,
                "articles": [a.id for a in e.articles],
                "summary": sentences(e.summary),
            }
            for e in batch.events
        ],
        "articles": [
            {
                "id": a.id,
                "title": a.meta.title,
                "published": a.meta.published.isoformat() if a.meta.published else None,
                "summary": sentences(a.summary),
            }
            for a in batch.articles
        ],
        "failures": [{"file": printable(str(f.path)), "reason": f.reason} for f in batch.failures],
    }


@app.command()
def detect(
    files: Annotated[list[Path], typer.Argument(help="Pages to inspect.")],
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
    config: ConfigOption = None,
) -> None:
    """Print the language-fragment report for the given pages."""
    from .pipeline import detect_files
    from .render import fragment_record

    cfg = _load_config(config)
    articles, failures = detect_files(files, cfg)
    for failure in failures:
        typer.echo(f"briefing: {printable(str(failure.path))}: {failure.reason}", err=True)
    fragments = [f for a in articles for f in a.fragments]
    if as_json:
        typer.echo(json.dumps([fragment_record(f) for f in fragments], ensure_ascii=False, indent=2))
    else:
        for a in articles:
            typer.echo(f"{printable(str(a.page.path))}: main language {a.language}, {len(a.fragments)} fragments")
            for f in a.fragments:
                typer.echo(
                    f"  line {f.line:>4}  {f.script:<9} {f.language or '?':<3} {f.confidence:4.2f}  "
                    f"{f.kind:<9} {f.action:<12} {f.text!r}"
                )
    code = _exit_for(len(files), len(failures))
    if code:
        raise typer.Exit(int(code))


@models_app.command("list")
def models_list(
    config: ConfigOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
) -> None:
    """Each configured model: task, languages, whether it is present locally, size, licence."""
    from .hub import configured_models

    infos = configured_models(_load_config(config))
    if as_json:
        rows = [
            {
                "role": i.role,
                "id": i.spec.id,
                "task": i.task,
                "languages": i.languages,
                "used": i.used,
                "present": i.present_locally,
                "path": str(i.local_path) if i.local_path else None,
                "size_bytes": i.size_bytes,
                "licence": i.licence,
                "revision": i.revision,
            }
            for i in infos
        ]
        typer.echo(json.dumps(rows, indent=2))
        return
    for i in infos:
        size = f"{i.size_bytes / 1e6:,.0f} MB" if i.size_bytes else "-"
        state = "present" if i.present_locally else "absent"
        used = "" if i.used else "  (configured, not used)"
        typer.echo(
            f"{i.role:<22} {i.spec.id:<40} {state:<8} {size:>10}  licence: {i.licence or 'unknown'}  "
            f"task: {i.task} [{', '.join(i.languages)}]{used}"
        )


@models_app.command("pull")
def models_pull(config: ConfigOption = None) -> None:
    """Download the configured models (safetensors only unless allowed) and verify them."""
    from .hub import pull

    cfg = _load_config(config)
    try:
        infos = pull(cfg, progress=sys.stderr.isatty() and not _state["quiet"])
    except ModelError as exc:
        raise _fail(Exit.MODEL, str(exc)) from None
    for i in infos:
        typer.echo(f"{i.role:<22} {i.spec.id:<40} ok  {i.local_path}")


@models_app.command("check")
def models_check(config: ConfigOption = None) -> None:
    """Translate one sentence in each configured direction, and summarise once, on the engine `run` uses.

    Prints a table: model, direction, engine, device, dtype, tokens/s, and the verdict of the
    run's checks (numbers, names, script, and the output's language by the language
    identifier). Exit 6 if any direction or model fails.
    """
    from .hub import check

    results = check(_load_config(config))
    header = ("model", "direction", "engine", "device", "dtype", "tokens/s", "result", "output")
    rows = [
        (
            r.model,
            r.direction,
            r.engine,
            r.device,
            r.dtype,
            f"{r.tokens_per_second:,.1f}" if r.tokens_per_second is not None else "-",
            r.status,
            r.detail,
        )
        for r in results
    ]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header) - 1)]
    for row in [header, *rows]:
        typer.echo("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1])
    if any(not r.ok and not r.skipped for r in results):
        raise typer.Exit(int(Exit.MODEL))


@models_app.command("convert")
def models_convert(
    config: ConfigOption = None,
    quantization: Annotated[
        str, typer.Option("--quantization", help="int8 (CPU), float16 or int8_float16 (GPU), ...")
    ] = "int8",
    force: Annotated[bool, typer.Option("--force", help="Convert again even if a current conversion exists.")] = False,
) -> None:
    """Convert the configured models to CTranslate2, every direction of each, going on past failures.

    Translation models (the shared one and each per-pair one) unless translation.backend
    is none; summary models when summary.backend is ctranslate2. A conversion made from
    an older snapshot than the one pulled is made again. A model CTranslate2 cannot
    convert (LED/PRIMERA) is reported and runs on transformers; exit 6 if any failed.
    """
    from .backends.ct2 import convert_all

    cfg = _load_config(config)
    try:
        results = convert_all(cfg, quantization=quantization, force=force)
    except ModelError as exc:
        raise _fail(Exit.MODEL, str(exc)) from None
    for r in results:
        typer.echo(f"{r.role:<22} {r.spec.id:<40} {r.status:<11} {r.detail}")
    if any(r.status == "failed" for r in results):
        raise typer.Exit(int(Exit.MODEL))


def _cache_path(config: Path | None) -> Path | None:
    """The configured cache file, or None (after saying so) when there is none yet."""
    path = _load_config(config).cache_file()
    if not path.exists():
        typer.echo(f"no cache at {path}")
        return None
    return path


@cache_app.command("info")
def cache_info(config: ConfigOption = None) -> None:
    """Where the cache is, its size in bytes, its entries and bytes per stage, and the runs it remembers."""
    from .cache import Cache
    from .pipeline import CACHE_KEEP_RUNS

    path = _cache_path(config)
    if path is not None:
        with Cache(path) as cache:
            info = cache.info()
        info["keeps_entries_used_by_last_runs"] = CACHE_KEEP_RUNS
        typer.echo(json.dumps(info, indent=2, default=str))


@cache_app.command("clear")
def cache_clear(
    stage: Annotated[str | None, typer.Option("--stage", help="Only this stage (article, event or run).")] = None,
    config: ConfigOption = None,
) -> None:
    """Delete cached results, so the next run recomputes them."""
    from .cache import Cache
    from .pipeline import CACHE_STAGES

    if stage is not None and stage not in CACHE_STAGES:
        raise _fail(Exit.USAGE, f"--stage {stage!r} is not a cache stage; the stages are {', '.join(CACHE_STAGES)}")
    path = _cache_path(config)
    if path is not None:
        with Cache(path) as cache:
            removed = cache.clear(stage)
        typer.echo(f"removed {removed} entries from {path}")


def main() -> None:
    app()
