"""The ``kg`` command line.

Exit codes: 0 success (and, for ``validate``, the graph conforms); 1 the graph
does not conform (``validate``); 2 an error: bad input, a malformed query, a
missing file. Errors go to standard error and say what and where.
"""

from __future__ import annotations

import importlib.util
import math
import os
import socket
import sys
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from kg import settings
from kg.devtools.codegen import NAMESPACE_MODULE, render_namespace, write_namespace
from kg.graph import pipeline
from kg.graph.pipeline import CURATED, FILES_UP_TO
from kg.messages import message
from kg.progress import Progress, summary
from kg.settings import BUILD_DIR
from kg.sparql.catalogue import QueryNotFound
from kg.sparql.embedded import EmbeddedStore
from kg.sparql.errors import QueryProblem
from kg.sparql.limits import MAX_TIMEOUT, Limits
from kg.sparql.named import ParameterError, Prepared, prepare, records
from kg.sparql.push import push_graphs
from kg.sparql.remote import RemoteStore, check_endpoint
from kg.sparql.result import Result, to_records
from kg.sparql.store import Store, open_sandbox, open_store
from kg.sparql.writers import BY_NAME, to_text_table

F = TypeVar("F", bound=Callable[..., Any])
EXPORT_FORMATS = {"ttl": "ttl", "nt": "nt", "jsonld": "jsonld", "rdfxml": "rdf"}


class Seconds(click.FloatRange):
    """A number of seconds above 0 and at most a day: inf, 1e300 and nan are refused here, not overflowed later."""

    name = "seconds"

    def __init__(self) -> None:
        super().__init__(min=0, max=MAX_TIMEOUT, min_open=True)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        seconds = super().convert(value, param, ctx)
        if math.isnan(seconds):
            self.fail(message("cli.not_seconds", "en", value=value), param, ctx)
        return seconds


def fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def handled(func: F) -> F:
    """Turn the errors users can cause into exit code 2 with a one-line reason."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except QueryProblem as err:
            fail(err.for_terminal())
        except (QueryNotFound, ValueError, OSError) as err:  # the pipeline's BuildError and every bad-input error among them
            fail(str(err))

    return wrapper  # type: ignore[return-value]


def _endpoint() -> str | None:
    """The SPARQL endpoint given by --endpoint or $KG_SPARQL_ENDPOINT, if any."""
    context = click.get_current_context(silent=True)
    return (context.find_root().obj or {}).get("endpoint") if context else None


def _built_graph(graph_path: Path | None) -> Path | None:
    """The built graph to read; None, after saying so, when the default one is not there and the graph is to be built in memory."""
    try:
        return settings.built_graph(graph_path)
    except settings.GraphNotBuilt as err:
        if graph_path is not None:
            raise
        click.echo(f"no built graph at {err.path}; building it in memory (run `kg build` to skip this)", err=True)
        return None


def _store(graph_path: Path | None) -> Store:
    """The endpoint (unless --graph is given), else the built graph, else the graph built in memory."""
    endpoint = _endpoint()
    if endpoint and graph_path is None:
        return open_store(endpoint=endpoint)
    path = _built_graph(graph_path)
    return open_store(path) if path else EmbeddedStore.from_graph(pipeline.in_memory())


def _endpoint_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return check_endpoint(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


@click.group()
@click.version_option(package_name="wijkteams-kg")
@click.option(
    "--endpoint", envvar="KG_SPARQL_ENDPOINT", callback=_endpoint_url, help="Ask this SPARQL 1.1 endpoint instead of the embedded graph ($KG_SPARQL_ENDPOINT)."
)
@click.pass_context
def main(ctx: click.Context, endpoint: str | None) -> None:
    """Knowledge graph of 'Wijkteams werken aan veiligheid' (2022)."""
    ctx.obj = {"endpoint": endpoint}


report_option = click.option(
    "--report", "reports", multiple=True, type=click.Path(path_type=Path), help="Report file (repeatable). Default: every .md in data/."
)
curated_option = click.option("--curated", type=click.Path(path_type=Path), default=CURATED, show_default=True, help="Curated layer (YAML).")
graph_option = click.option(
    "--graph",
    "graph_path",
    type=click.Path(path_type=Path),
    help="Built store (a folder) or graph file (.nt, .nq, .ttl or .trig). Default: build/store, else build/kg.nt.",
)


@main.command()
@click.option("--out", type=click.Path(path_type=Path), default=BUILD_DIR, show_default=True, help="Output directory.")
@click.option("--reason/--no-reason", "with_reasoner", default=True, show_default=True, help="Add the types HermiT infers.")
@click.option("--force", is_flag=True, help="Rebuild every report, even when no input changed.")
@click.option(
    "--files/--no-files",
    default=None,
    help=f"Also write kg.ttl, kg.nt, kg.jsonld and kg.nq of the whole graph (default: up to {FILES_UP_TO} reports).",
)
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True, help="Worker processes for builds of many reports.")
@report_option
@curated_option
@handled
def build(out: Path, with_reasoner: bool, force: bool, files: bool | None, workers: int, reports: tuple[Path, ...], curated: Path) -> None:
    """Build the graph into DIR: the on-disk store the app and the commands open (DIR/store, one named graph per
    report) and, up to a hundred reports, DIR/kg.ttl, DIR/kg.nt, DIR/kg.jsonld and DIR/kg.nq, byte for byte the
    same each time.

    Each report is built on its own, and only the reports that changed since the last build are rebuilt (a
    change to the curated layer, the ontology or the code rebuilds them all; --force too). A report that cannot
    be built is named with its line and skipped, keeping its previous graph; the others are built, and the
    exit code is 1. Readers see the new store and files only once the build has finished.
    """
    start = time.perf_counter()
    built = pipeline.build(out, list(reports) or None, force, curated=curated, with_reasoner=with_reasoner, progress=Progress(), files=files, workers=workers)
    if built.skipped:
        click.echo(f"up to date: {built.store} (no input changed; --force rebuilds)", err=True)
        return
    outputs = [built.store, *built.files]
    click.echo(f"{built.triples} triples -> {', '.join(str(p) for p in outputs)} in {time.perf_counter() - start:.1f} s", err=True)
    if len(built.built) + len(built.failed) + built.unchanged > 1:
        click.echo(summary(built), err=True)
    sys.exit(1 if built.failed else 0)


@main.command()
@graph_option
@click.option("--reason/--no-reason", "with_reasoner", default=True, show_default=True, help="Also check consistency with HermiT.")
@report_option
@curated_option
@handled
def validate(graph_path: Path | None, with_reasoner: bool, reports: tuple[Path, ...], curated: Path) -> None:
    """Check the graph against the SHACL shapes and (by default) the OWL reasoner.

    Without --graph the graph is built from the report first. Exit 0 when it
    conforms, 1 with a readable report of the violations, 2 on error.
    """
    verdict = pipeline.validate(graph_path, list(reports) or None, curated, with_reasoner=with_reasoner)
    if not verdict.conforms:
        click.echo(verdict.report)
    if verdict.consistent is not None:
        click.echo(f"reasoner (HermiT): {'consistent' if verdict.consistent else 'INCONSISTENT'}, {verdict.individuals} individuals")
    click.echo(f"SHACL: {'conforms' if verdict.conforms else 'does not conform'}")
    sys.exit(0 if verdict.conforms and verdict.consistent is not False else 1)


def _values(params: tuple[str, ...]) -> dict[str, str]:
    """The NAME=VALUE pairs of --param, or exit 2 on one without a name."""
    values = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name:
            fail(f"--param needs NAME=VALUE, got '{item}'")
        values[name] = value
    return values


def _prepared(name_or_file: str, params: tuple[str, ...]) -> Prepared:
    """The query with its --param values bound as the kinds its header declares, or exit 2 naming the value."""
    try:
        return prepare(name_or_file, _values(params))
    except ParameterError as err:
        fail(f"--param {err.name}: {err}")


QUERY_FORMATS = ["table", *BY_NAME]


@main.command()
@click.argument("name_or_file")
@graph_option
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True, help="ntriples and turtle for CONSTRUCT/DESCRIBE.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind a query variable (repeatable).")
@click.option("--timeout", type=Seconds(), default=None, help="Stop the query after SECONDS (at most a day).")
@click.option("--max-rows", type=click.IntRange(min=1), default=None, help="Return at most N rows; the total is reported on standard error.")
@handled
def query(name_or_file: str, graph_path: Path | None, fmt: str, params: tuple[str, ...], timeout: float | None, max_rows: int | None) -> None:
    """Run a query (SELECT, ASK, CONSTRUCT or DESCRIBE) from queries/ by NAME, or a .rq FILE.

    Updates, SERVICE and FROM are refused before anything runs. The query runs
    in a worker process with no network access, stopped after --timeout.
    """
    prepared = _prepared(name_or_file, params)
    result = _sandboxed(prepared, graph_path, timeout, max_rows)
    if result.cut_at_bytes:
        click.echo(message("cli.cut_at_bytes", "en", kept=len(result.rows), total=result.total, mb=result.cut_at_bytes >> 20), err=True)
    elif result.capped:
        click.echo(f"{len(result.rows)} of {result.total} rows (--max-rows)", err=True)
    if fmt == "table":
        click.echo(to_text_table(result))
        return
    writer = BY_NAME[fmt]
    if result.form not in writer.forms:
        fitting = ", ".join(f.name for f in BY_NAME.values() if result.form in f.forms)
        fail(f"--format {fmt} cannot hold a {'graph' if result.form == 'graph' else result.form.upper()} result; use {fitting}")
    click.echo(writer.write(result), nl=False)


def _sandboxed(prepared: Prepared, graph_path: Path | None, timeout: float | None, max_rows: int | None) -> Result:
    endpoint = _endpoint()
    path = None if endpoint and graph_path is None else settings.built_graph(graph_path)
    if path:
        from kg.sparql.guard import guard

        guard(prepared.text)  # before a worker is started for nothing
    with open_sandbox(path, endpoint, workers=1) as sandbox:
        return sandbox.run(prepared.text, timeout=timeout, max_rows=max_rows, bindings=prepared.bindings)


@main.command()
@click.option("--format", "fmt", type=click.Choice([*EXPORT_FORMATS, "aif", "graphml", "argdown", "review"]), default="ttl", show_default=True)
@graph_option
@click.option("--out", type=click.Path(path_type=Path), help="File to write (default: standard output).")
@handled
def export(fmt: str, graph_path: Path | None, out: Path | None) -> None:
    """Export the graph (ttl, nt, jsonld, rdfxml) or its argument (aif, graphml, argdown, or review: the reviewer's table in Markdown)."""
    from kg.explore.argument_export import aif_json, argdown, graphml, review_table

    if out:
        _check_target(out)
    if fmt in EXPORT_FORMATS:
        data = pipeline.export(_built_graph(graph_path), EXPORT_FORMATS[fmt])
    else:
        store = _store(graph_path)
        data = {"aif": aif_json, "graphml": graphml, "argdown": argdown, "review": review_table}[fmt](store).encode("utf-8")
    if out:
        pipeline.write_atomic({out: data})
    else:
        sys.stdout.buffer.write(data)


def _check_target(out: Path) -> None:
    """An export replaces only a regular file or writes a new one, in a folder that exists: never a device, a
    link or a pipe (renaming onto /dev/full replaced the device), and no folder is made on the way."""
    if out.is_symlink() or (out.exists() and not out.is_file()):
        fail(message("cli.out_not_a_file", "en", path=out))
    if not out.parent.is_dir():
        fail(message("cli.out_no_folder", "en", path=out, folder=out.parent))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["apa", "bibtex", "ris", "csljson"]), default="apa", show_default=True)
@click.option("--advice", help="Only the sources this advice (IRI) rests on.")
@click.option("--section", help="Only the sources cited in this section (IRI) and its subsections.")
@click.option("--concept", help="Only the sources cited by text about this concept (IRI).")
@graph_option
@handled
def cite(fmt: str, advice: str | None, section: str | None, concept: str | None, graph_path: Path | None) -> None:
    """Write the deduplicated bibliography (or a selection) as APA 7, BibTeX, RIS or CSL-JSON."""
    from kg.explore.cite import FORMATTERS, sources

    store = _store(graph_path)
    chosen: set[str] | None = None
    for name, value in (("advice", advice), ("section", section), ("concept", concept)):
        if value:
            try:
                found = {r["source"] for r in records(store, f"sources-of-{name}", **{name: value})}
            except ParameterError as err:
                fail(f"--{name}: {err}")
            chosen = found if chosen is None else chosen & found
    items = [s.csl for s in sources(store, chosen)]
    click.echo(FORMATTERS[fmt](items), nl=False)


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["lines", "table", "csv", "json"]),
    default="lines",
    show_default=True,
    help="lines: file:line: kind: detail, one finding per line.",
)
@graph_option
@handled
def lint(fmt: str, graph_path: Path | None) -> None:
    """Report check: what a careful editor would fix before the next edition (exit 1 if anything is found)."""
    from kg.explore.report_check import findings, lines

    table = findings(_store(graph_path))
    if fmt == "lines":
        click.echo(lines(to_records(table)))
    else:
        click.echo(to_text_table(table, width=10_000) if fmt == "table" else BY_NAME[fmt].write(table))
    sys.exit(1 if table.rows else 0)


@main.command()
@graph_option
@click.option("--store-url", help="Graph Store Protocol address (default: the endpoint's /store).")
@click.option("--all", "everything", is_flag=True, help="With an N-Quads file: send every graph, not only the changed ones.")
@click.pass_context
@handled
def push(ctx: click.Context, graph_path: Path | None, store_url: str | None, everything: bool) -> None:
    """Load the built graph into the SPARQL server given by --endpoint (Graph Store Protocol PUT).

    An N-Quads file (build/kg.nq, the default when it is there) goes one named graph per report, and only the
    graphs that changed since the last push to that server; the server must answer over the union of its graphs
    (oxigraph serve --union-default-graph). An N-Triples file replaces the server's default graph."""
    endpoint = _endpoint()
    if not endpoint:
        fail("kg push needs --endpoint URL (or $KG_SPARQL_ENDPOINT)")
    path = settings.built_graph(graph_path or settings.push_file())
    remote = RemoteStore(endpoint, store_url=store_url)
    if path.suffix == ".nq":
        done = push_graphs(remote, path, everything=everything)
        click.echo(f"{remote.store_url}: {len(done.sent)} of {len(done.sent) + done.unchanged} graphs sent, {len(done.dropped)} dropped", err=True)
        return

    shown = {"percent": -10}

    def progress(sent: int, total: int) -> None:
        percent = sent * 100 // total
        if percent >= shown["percent"] + 10 or sent >= total:
            shown["percent"] = percent
            click.echo(f"\rpushing {path.name}: {percent:3d}% of {total / 1e6:.1f} MB", err=True, nl=sent >= total)

    remote.push(path, progress)
    click.echo(f"{remote.store_url}: default graph replaced by {path}", err=True)


@main.command()
@graph_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (only this machine by default).")
@click.option("--port", default=7879, show_default=True, type=click.IntRange(0, 65535))
@click.option("--timeout", default=Limits.timeout, show_default=True, type=Seconds(), help="Wall-clock limit per query, in seconds (at most a day).")
@click.option("--max-rows", default=Limits.max_rows, show_default=True, type=click.IntRange(min=1))
@click.option(
    "--max-bytes", default=Limits.max_bytes, show_default=True, type=click.IntRange(min=1), help="Most bytes an answer keeps (X-Cut-At-Bytes when cut)."
)
@click.option("--memory", default=Limits.memory, show_default=True, type=click.IntRange(min=256), help="Memory the serving process may take, in MB.")
@click.option("--max-body", default=Limits.max_body, show_default=True, type=click.IntRange(min=1), help="Largest request body, in bytes (413 above it).")
@click.option("--workers", default=Limits.workers, show_default=True, type=click.IntRange(1, 32), help="Query worker processes.")
@click.option("--allow-host", "allow_hosts", multiple=True, help="Another Host header to accept (repeatable); the local names always are.")
@click.option(
    "--cors", "cors_origins", multiple=True, metavar="ORIGIN", help="Let pages from ORIGIN query the endpoint from a browser (repeatable). Off by default."
)
@handled
def serve(
    graph_path: Path | None,
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    max_bytes: int,
    memory: int,
    max_body: int,
    workers: int,
    allow_hosts: tuple[str, ...],
    cors_origins: tuple[str, ...],
) -> None:
    """Publish the graph as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/sparql."""
    from kg.serve import limit_memory, make_server

    path = settings.built_graph(graph_path)
    limits = Limits(
        timeout=timeout,
        max_rows=max_rows,
        max_bytes=max_bytes,
        answers=2 * workers,
        memory=memory,
        max_body=max_body,
        allowed_hosts=(*Limits.allowed_hosts, *allow_hosts),
        cors_origins=cors_origins,
    )
    listening = _listen(host, port)  # a port in use stops here, before any worker starts
    limit_memory(memory)
    with open_sandbox(path, workers=workers) as sandbox:
        sandbox.run("ASK {}", timeout=120)  # a graph that does not load, or no way to isolate the workers, stops here
        server = make_server(sandbox, host, port, limits)
        click.echo(f"read-only SPARQL endpoint: http://{host}:{port}/sparql (Ctrl-C stops it)", err=True)
        server.run(sockets=[listening])


def _listen(host: str, port: int) -> socket.socket:
    """The server's socket, bound here so that an address in use or not on this machine is one line and exit 2."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        return socket.create_server((host.strip("[]"), port), family=family, backlog=2048)
    except OSError as err:
        fail(message("cli.cannot_listen", "en", host=host, port=port, reason=err.strerror or err))


# What the explorer runs with, wherever it is started: Streamlit reads .streamlit/config.toml only from the
# working directory, so the launcher passes each setting that keeps visitors safe on the command line itself.
APP_SETTINGS = {
    "server.headless": "true",
    "server.enableStaticServing": "true",
    "server.maxUploadSize": "2",  # MB: the collection file limit, refused before the upload is read
    "server.maxMessageSize": "32",  # MB: a websocket message (a query typed into the editor, say)
    "browser.gatherUsageStats": "false",
    "browser.serverAddress": "localhost",
    "client.showErrorDetails": "none",
    "client.toolbarMode": "minimal",
}


@main.command(name="app")
@click.option("--address", default="127.0.0.1", show_default=True, help="Address to listen on; put a reverse proxy in front of anything but this machine.")
@click.option("--port", default=8501, show_default=True, type=click.IntRange(1, 65535))
def app_command(address: str, port: int) -> None:
    """Start the explorer with its safe settings (local address, no usage statistics, no error details for visitors)."""
    script = settings.ROOT / "app.py"
    if not settings.CHECKOUT or not script.is_file():
        fail(message("cli.app_needs_checkout", "en"))
    if importlib.util.find_spec("streamlit") is None:
        fail(message("cli.app_needs_streamlit", "en"))
    flags = [f"--{key}={value}" for key, value in {**APP_SETTINGS, "server.address": address, "server.port": str(port)}.items()]
    os.execv(sys.executable, [sys.executable, "-m", "streamlit", "run", str(script), *flags])


@main.command()
@click.option("--check", is_flag=True, help="Exit 1 if kg/vocab/namespace.py is out of date.")
def namespace(check: bool) -> None:
    """Regenerate kg/vocab/namespace.py from ontology/wtv.ttl."""
    if check:
        current = NAMESPACE_MODULE.read_text(encoding="utf-8")
        sys.exit(0 if current == render_namespace() else 1)
    write_namespace()
    click.echo(f"wrote {NAMESPACE_MODULE}", err=True)


@main.command()
@click.option("--check", is_flag=True, help="Exit 1 if a term of the ontology has no entry in docs/ontology.html.")
def reference(check: bool) -> None:
    """Write docs/ontology.html, the ontology's reference documentation (pyLODE)."""
    from kg.devtools.reference import missing_terms, write_reference
    from kg.settings import REFERENCE

    if check:
        page = settings.reference_page()
        missing = missing_terms(page) if page is not None else ["(no docs/ontology.html: run 'kg reference')"]
        for term in missing:
            click.echo(f"{REFERENCE.name}: no entry for {term}", err=True)
        sys.exit(1 if missing else 0)
    click.echo(f"wrote {write_reference()}", err=True)


if __name__ == "__main__":
    main()
