"""The streaming build: each report on its own, in worker processes, into an on-disk store; only what changed.

A build finds which reports are new, changed or gone (:mod:`kg.graph.ledger`
remembers what the last build read), then works in two passes over the
changed ones, in worker processes (:mod:`kg.graph.worker`, :mod:`kg.graph.lanes`):

1. *claims*: each changed report is parsed for the works it cites, so the
   cross-report registry can give every work its key exactly as one build of
   all the reports, in their order, would (:class:`kg.graph.registry.SourceRegistry`);
   a report whose works' keys moved (another report now names a work first)
   is rebuilt too;
2. *build*: each report is built into its own graph and split into its own
   triples (loaded into its named graph) and what it states about shared
   works and concepts (counted per triple, so that a triple leaves the default
   graph when no report states it any more).

The passes interleave: a report's build starts once the claims of every report
before it are in, on the worker that parsed it, so each report is parsed once.

Memory does not grow with the number of reports: only the reports in flight
are held. One report that cannot be built is reported and skipped; the
others are built, and it keeps what the last build made of it.
"""

from __future__ import annotations

import hashlib
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.graph import worker
from kg.graph.assemble import Base, check_curated_report, file_label, load_base, read_report
from kg.graph.curated import CuratedError
from kg.graph.lanes import BrokenProcessPool, Lanes
from kg.graph.ledger import Entry, Ledger
from kg.graph.reason import subclass_types
from kg.graph.registry import Claim, SourceRegistry
from kg.graph.serialize import canonical_nt, nt_lines, write_graph_files
from kg.graph.statistics import line_counts, statistics_graph
from kg.graph.storage import STORES, WORK, StoreWriter, published
from kg.settings import PACKAGE

LEDGER = "registry.sqlite"
CHUNKS = "reports"
WORKERS = 2  # a worker per core of the machine it was measured on
BATCH = 25  # reports per bulk load: fewer, larger loads are faster, and a batch is what a crash can lose
WINDOW = 4  # tasks in flight per worker: enough to keep it busy, few enough that it still holds what it parsed
FILES_UP_TO = 100  # the merged graph files are written by default up to this many reports
POOL_FROM = 16  # fewer reports are built in this process: starting the workers would cost more than it saves

Progress = Callable[["Step"], object]


class BuildStopped(ValueError):
    """A build stopped by an input every report needs (the curated layer, the ontology) or by the reasoner."""


@dataclass(frozen=True)
class Step:
    """One report built, or skipped with the reason in ``failed``: ``done`` of ``total`` so far."""

    done: int
    total: int
    path: str
    failed: str | None
    elapsed: float


@dataclass
class Outcome:
    """What a build did."""

    built: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[worker.Failed] = field(default_factory=list)
    unchanged: int = 0
    triples: int = 0
    store: Path | None = None
    files: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def skipped(self) -> bool:
        """Nothing was rebuilt, removed or written: every report and file was up to date."""
        return not (self.built or self.removed or self.failed or self.files)


@dataclass(frozen=True)
class Found:
    """A report file as this build finds it."""

    slug: str
    path: Path
    label: str
    stat: str


def _stat(*paths: Path) -> str:
    parts = []
    for path in paths:
        try:
            info = path.stat()
            parts.append(f"{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            parts.append("-")
    return "|".join(parts)


def inputs_fingerprint(curated: Path, ontology: Path, *, with_reasoner: bool) -> str:
    """One hash of what every report's build reads besides the report: the curated layer, the ontology, the
    reasoner switch and the code (and message catalogues) that turn them into triples. When it changes,
    every report is rebuilt."""
    digest = hashlib.sha256(f"reasoner={with_reasoner}\n".encode())
    for path in [curated, ontology, *sorted(PACKAGE.rglob("*.py")), *sorted((PACKAGE / "messages").glob("*.yaml"))]:
        # Only regular files of a sane size are read: a directory or a device given as the curated layer must
        # reach the build's own checks (which say what is wrong), not hang or exhaust memory here.
        readable = path.is_file() and path.stat().st_size <= 256 << 20
        digest.update(str(path.name).encode() + b"\0")
        digest.update(path.read_bytes() if readable else f"(not read: {path.is_file()})".encode())
        digest.update(b"\0")
    return digest.hexdigest()


def report_fingerprint(found: Found, argument_map: Path) -> str:
    """What one report's part of the graph is built from: how it names its file, its bytes, its argument map."""
    digest = hashlib.sha256(found.label.encode() + b"\0" + found.path.read_bytes() + b"\0")
    digest.update(argument_map.read_bytes() if argument_map.is_file() else b"(none)")
    return digest.hexdigest()


def _found(reports: Sequence[Path], base: Base) -> list[Found]:
    seen: dict[str, Path] = {}
    found = []
    for path in reports:
        if not path.exists():
            raise FileNotFoundError(f"no report at {path}")
        if path.stem in seen:
            raise BuildStopped(f"{path}: another report has the same name ({seen[path.stem]}); each report needs a file name of its own")
        seen[path.stem] = path
        found.append(Found(path.stem, path, file_label(path), _stat(path, base.argument_dir / f"{path.stem}.yaml")))
    return found


class _Build:
    """One run of the streaming build (see the module's description)."""

    def __init__(self, out: Path, base: Base, *, with_reasoner: bool, fresh: bool, files: bool, progress: Progress | None) -> None:
        self.out, self.base, self.files, self.progress = out, base, files, progress
        self.with_reasoner = with_reasoner
        self.ledger = Ledger(out / LEDGER)
        self.fresh = fresh
        self.writer: StoreWriter | None = None
        self.outcome = Outcome()
        self.start = time.perf_counter()
        self.done = self.total = 0
        self.todo: dict[str, tuple[Found, str, list[Claim], dict[str, str]]] = {}
        self.batch: list[tuple[Entry, worker.Part]] = []
        self.last = time.perf_counter()

    # -- what changed ------------------------------------------------------

    def changes(self, found: list[Found]) -> tuple[dict[str, tuple[Found, str]], set[str]]:
        """The new or changed reports (with their fingerprints) and the slugs of reports gone since the last build."""
        known = self.ledger.stats()
        changed: dict[str, tuple[Found, str]] = {}
        for report in found:
            path, stat, fingerprint = known.get(report.slug, (None, None, None))
            chunk_ok = not self.files or self._chunk(report.slug).is_file()
            if path == report.label and stat == report.stat and chunk_ok:
                continue
            new = report_fingerprint(report, self.base.argument_dir / f"{report.slug}.yaml")
            if new == fingerprint and path == report.label and chunk_ok:
                self.ledger.touch(report.slug, report.label, report.stat)
                continue
            changed[report.slug] = (report, new)
        return changed, set(known) - {r.slug for r in found}

    def _chunk(self, slug: str) -> Path:
        return self.out / CHUNKS / f"{slug}.nt"

    def _step(self, path: str, failed: str | None = None) -> None:
        self.done += 1
        if self.progress:
            self.progress(Step(self.done, max(self.total, self.done), path, failed, time.perf_counter() - self.start))

    def _fail(self, failure: worker.Failed) -> None:
        if failure.fatal:
            raise BuildStopped(failure.message)
        self.outcome.failed.append(failure)
        self._step(failure.path, failure.message)

    # -- the two passes, interleaved ---------------------------------------

    def rebuild(self, lanes: Lanes, order: list[Found], changed: dict[str, tuple[Found, str]]) -> None:
        """Claims, then builds: a report's build starts as soon as the claims of every report before it are
        known, since its works' keys depend on those alone. Reports the registry renames are rebuilt too."""
        plan = _Plan(order, changed, self.ledger, lanes)
        writer = _Committer(self.commit)
        self.total = len(changed)
        try:
            while True:
                plan.ask_claims()
                for slug, keys, fingerprint, claims in plan.ready():
                    if slug not in changed:
                        self.total += 1  # renamed: rebuilt although unchanged
                    plan.build(slug, keys)
                    self.todo[slug] = (plan.report[slug], fingerprint, claims, keys)
                if not plan.pending:
                    break
                for stage, slug, result in plan.results():
                    if isinstance(result, worker.Failed):
                        plan.failed.add(slug)
                        self._fail(result)
                    elif stage == "claims":
                        plan.new_claims[slug] = result.claims
                    else:
                        self.batch.append(self._built(result))
                        if len(self.batch) >= BATCH or time.perf_counter() - self.last > 5:
                            writer.commit(self.batch)
                            self.batch, self.last = [], time.perf_counter()
            writer.commit(self.batch)
        finally:
            writer.finish()

    def _built(self, part: worker.Part) -> tuple[Entry, worker.Part]:
        report, fingerprint, claims, keys = self.todo.pop(part.slug)
        self._step(str(report.path))
        return Entry(part.slug, report.label, report.stat, fingerprint, claims, keys, part.counts, len(part.own)), part

    # -- into the store and the ledger --------------------------------------

    def commit(self, batch: list[tuple[Entry, worker.Part]], gone: Iterable[str] = ()) -> None:
        """Load a batch of built reports (and drop the gone ones) in the store, and remember them, together."""
        assert self.writer is not None
        if not batch and not gone:
            return
        added: list[str] = []
        removed: list[str] = []
        with self.ledger.batch():
            for entry, part in batch:
                previous = self.ledger.entry(entry.slug)
                old = set(self.ledger.shared_lines(entry.slug)) if previous else set()
                new = set(part.shared)
                removed += self.ledger.state(sorted(old - new), -1)
                added += self.ledger.state(sorted(new - old), +1)
                if previous:
                    self.ledger.add_totals(previous.counts, -1)
                self.ledger.add_totals(part.counts)
                self.ledger.record(entry, part.shared)
                self.outcome.built.append(entry.slug)
            for slug in gone:
                previous = self.ledger.entry(slug)
                if previous is None:
                    continue
                removed += self.ledger.state(self.ledger.shared_lines(slug), -1)
                self.ledger.add_totals(previous.counts, -1)
                self.ledger.forget(slug)
                self.writer.drop(slug)
                self._chunk(slug).unlink(missing_ok=True)
                self.outcome.removed.append(slug)
            back, gone_lines = set(added) & set(removed), set(removed) - set(added)
            self.ledger.add_totals(line_counts(set(added) - back))
            self.ledger.add_totals(line_counts(gone_lines), -1)
            self.writer.unstate(sorted(gone_lines))
            # Every shared line of a rebuilt report is loaded again, not only the newly counted ones: after a
            # build that stopped half-way, the store may lack a line the ledger counts.
            shared = sorted({line for _, part in batch for line in part.shared})
            self.writer.load([(entry.slug, part.own) for entry, part in batch], shared)
            if self.files:
                for entry, part in batch:
                    _write_chunk(self._chunk(entry.slug), sorted(part.own + part.shared))

    def common(self) -> list[str]:
        """The lines no report owns: the ontology and the concept scheme, with their superclass types (canonical blank nodes)."""
        graph = self.base.graph()
        subclass_types(graph)
        return canonical_nt(graph).decode("utf-8").splitlines(keepends=True)

    def start_store(self) -> None:
        self.writer = StoreWriter(self.out, fresh=self.fresh)
        if self.fresh:
            common = self.common()
            with self.ledger.batch():
                self.ledger.add_totals(line_counts(common))
                self.ledger.set_meta("common", str(len(common)))
                self.writer.load([], common)

    def void(self) -> list[str]:
        """Replace the VoID description with one of the counts as they now stand."""
        assert self.writer is not None
        lines = sorted(nt_lines(statistics_graph(+self.ledger.totals())))
        old = (self.ledger.meta("void") or "").splitlines(keepends=True)
        with self.ledger.batch():
            self.writer.unstate(sorted(set(old) - set(lines)))
            self.writer.load([], lines)
            self.ledger.set_meta("void", "".join(lines))
        return lines

    def write_files(self, order: list[Found], void: list[str]) -> list[Path]:
        chunks: list[Callable[[], Iterable[str]]] = [lambda: iter(self.common()), lambda: iter(void)]
        chunks += [_reader(self._chunk(r.slug)) for r in order if self._chunk(r.slug).is_file()]
        targets = {ext: self.out / f"kg.{ext}" for ext in ("ttl", "nt", "jsonld", "nq")}
        write_graph_files(targets, chunks)
        return list(targets.values())

    def triples(self) -> int:
        return self.ledger.triples() + self.ledger.shared_count() + int(self.ledger.meta("common") or 0) + len((self.ledger.meta("void") or "").splitlines())


class _Plan:
    """Which report to ask for its claims next, which can be built (with which keys), and what is running where."""

    def __init__(self, order: list[Found], changed: dict[str, tuple[Found, str]], ledger: Ledger, lanes: Lanes) -> None:
        self.order, self.changed, self.lanes = order, changed, lanes
        self.report = {r.slug: r for r in order}
        self.old_claims, self.old_keys, self.known = ledger.claims(), ledger.keys(), ledger.stats()
        self.registry = SourceRegistry()
        self.waiting = deque(r.slug for r in order if r.slug in changed)
        self.lane_of = {slug: n % lanes.count for n, slug in enumerate(self.waiting)}
        self.new_claims: dict[str, list[Claim]] = {}
        self.failed: set[str] = set()
        self.pending: dict[Future[Any], tuple[str, str]] = {}
        self.position = 0

    def ask_claims(self) -> None:
        """Ask the next changed reports for their claims, while their workers have room."""
        while self.waiting and self.lanes.in_flight[self.lane_of[self.waiting[0]]] < WINDOW:
            slug = self.waiting.popleft()
            self._submit("claims", slug, worker.claims_of, str(self.changed[slug][0].path))

    def ready(self) -> Iterator[tuple[str, dict[str, str], str, list[Claim]]]:
        """The reports that can be built now, in order, with their works' keys: the changed ones whose claims are
        in, and the unchanged ones whose keys moved. Stops at the first report whose claims are not in yet."""
        while self.position < len(self.order):
            slug = self.order[self.position].slug
            waiting = slug in self.changed and slug not in self.new_claims and slug not in self.failed
            if waiting:
                return  # the reports after it must wait for its claims
            self.position += 1
            fresh = slug in self.new_claims
            claims = self.new_claims.pop(slug) if fresh else self.old_claims.get(slug)
            if claims is None:
                continue  # a new report that could not be read
            keys = {work: self.registry.claim(work, key) for work, key in claims}
            if fresh:
                yield slug, keys, self.changed[slug][1], claims
            elif slug not in self.failed and keys != self.old_keys.get(slug):
                self.lane_of[slug] = self.lanes.idlest()
                yield slug, keys, self.known[slug][2], claims

    def build(self, slug: str, keys: dict[str, str]) -> None:
        self._submit("build", slug, worker.build, str(self.report[slug].path), keys)

    def _submit(self, stage: str, slug: str, func: Callable[..., Any], *args: Any) -> None:
        self.pending[self.lanes.submit(self.lane_of[slug], func, *args)] = (stage, slug)

    def results(self) -> Iterator[tuple[str, str, Any]]:
        """What the workers finished since last asked (waiting for at least one)."""
        done, _ = wait(self.pending, return_when=FIRST_COMPLETED)
        for future in done:
            stage, slug = self.pending.pop(future)
            self.lanes.finished(self.lane_of[slug])
            yield stage, slug, future.result()


class _Committer:
    """Commits batches on a thread of their own, so the workers are fed while the store loads (pyoxigraph lets go
    of the interpreter while it loads). At most two batches wait; a failed commit stops the build."""

    def __init__(self, commit: Callable[[list[tuple[Entry, worker.Part]]], None]) -> None:
        self.thread = ThreadPoolExecutor(1, thread_name_prefix="kg-commit")
        self.commit_batch = commit
        self.waiting: deque[Future[None]] = deque()

    def commit(self, batch: list[tuple[Entry, worker.Part]]) -> None:
        if not batch:
            return
        while len(self.waiting) >= 2:
            self.waiting.popleft().result()
        self.waiting.append(self.thread.submit(self.commit_batch, batch))

    def finish(self) -> None:
        try:
            while self.waiting:
                self.waiting.popleft().result()
        finally:
            self.thread.shutdown()


def _write_chunk(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_suffix(".tmp")
    staged.write_text("".join(lines), encoding="utf-8")
    staged.replace(path)


def _reader(path: Path) -> Callable[[], Iterable[str]]:
    def lines() -> Iterator[str]:
        with path.open(encoding="utf-8") as handle:
            yield from handle

    return lines


def build_reports(
    out: Path,
    reports: Sequence[Path],
    *,
    curated: Path,
    ontology: Path,
    with_reasoner: bool = True,
    force: bool = False,
    files: bool | None = None,
    workers: int = WORKERS,
    progress: Progress | None = None,
    argument_dir: Path | None = None,
) -> Outcome:
    """Build ``reports`` into ``out``: the store (``out/store``), the ledger and, up to :data:`FILES_UP_TO` reports
    (or as ``files`` says), the merged graph files. Only what changed since the last build is rebuilt."""
    base = load_base(curated, ontology, argument_dir)
    found = _found(reports, base)
    try:
        check_curated_report(base, [r.slug for r in found])
    except CuratedError as err:
        # A report that cannot be read has no name the curated layer could match: its own error says more.
        for item in found if len(found) <= FILES_UP_TO else ():
            read_report(item.path)
        raise BuildStopped(str(err)) from None
    write_files = files if files is not None else len(found) <= FILES_UP_TO
    inputs = inputs_fingerprint(curated, ontology, with_reasoner=with_reasoner)
    run = _Build(out, base, with_reasoner=with_reasoner, fresh=False, files=write_files, progress=progress)
    try:
        run.fresh = force or run.ledger.meta("inputs") != inputs or not (out / STORES / WORK).is_dir()
        if run.fresh:
            run.ledger.clear()
        changed, gone = run.changes(found)
        outputs_there = published(out).exists() and (not write_files or all((out / f"kg.{ext}").is_file() for ext in ("ttl", "nt", "jsonld", "nq")))
        if not changed and not gone and outputs_there:
            run.outcome.unchanged = len(found)
            run.outcome.store = published(out)
            run.outcome.triples = run.triples()
            return run.outcome
        lanes = Lanes(
            workers if len(changed) >= POOL_FROM else 1,
            worker.start,
            (str(base.curated), str(base.ontology_path), str(base.argument_dir), with_reasoner),
            lambda: worker.use(base, with_reasoner),
        )
        try:
            run.start_store()
            run.rebuild(lanes, found, changed)
        except BrokenProcessPool:
            raise BuildStopped("a build worker stopped unexpectedly (out of memory?); the previous store is still published") from None
        finally:
            lanes.close()
        run.outcome.unchanged = len(found) - len(run.outcome.built) - len(run.outcome.failed)
        run.commit([], gone)
        void = run.void()
        run.ledger.set_meta("inputs", inputs)
        assert run.writer is not None
        run.outcome.store = run.writer.publish(optimize=run.fresh and len(run.outcome.built) > BATCH)
        run.writer.close()
        if write_files:
            run.outcome.files = run.write_files(found, void)
        else:
            for ext in ("ttl", "nt", "jsonld", "nq"):
                (out / f"kg.{ext}").unlink(missing_ok=True)  # a merged file left from a smaller build would be stale
        run.outcome.triples = run.triples()
        run.outcome.seconds = time.perf_counter() - run.start
        return run.outcome
    finally:
        run.ledger.close()
