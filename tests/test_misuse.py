"""Every malformed input to `kg build`, `kg query` and `kg serve`: a one-line message, exit 2, and nothing lost.

Run through the real command (a subprocess), since a crash in the engine would
kill an in-process runner along with the test.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.cli import main
from tests.helpers import CURATED

KG = str(Path(sys.executable).parent / "kg")


def kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KG, *args], capture_output=True, text=True, timeout=120, cwd=cwd)


def one_line_exit_2(result: subprocess.CompletedProcess[str]) -> str:
    """The error, checked to be one line on standard error with exit code 2 and no traceback."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert ("Traceback" not in result.stderr and len(lines) == 1) or lines[0].startswith("Usage:"), result.stderr
    return result.stderr


def _curated_with(tmp_path: Path, change: dict[str, object]) -> Path:
    data = yaml.safe_load(CURATED.read_text(encoding="utf-8"))
    data.update(change)
    path = tmp_path / "curated.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _bomb(tmp_path: Path) -> Path:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        prev, name = chr(ord("a") + n - 1), chr(ord("a") + n)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\nconcepts: *j\n", encoding="utf-8")
    return path


BUILD_CASES = {
    "non-UTF-8 report": (lambda t: _write(t / "r.md", b"# Titel\n\nVeiligheid " + b"\xff\xfe caf\xe9\n"), "not UTF-8"),
    "binary report": (lambda t: _write(t / "r.md", bytes(range(256)) * 10), "binary"),
    "empty report": (lambda t: _write(t / "r.md", b""), "line"),
    "a directory as report": (lambda t: (t / "dir.md").mkdir() or (t / "dir.md"), "directory"),
    "/dev/zero as report": (lambda t: Path("/dev/zero"), "not a regular file"),
    "huge report": (lambda t: _write(t / "r.md", b"a" * (51 << 20)), "larger than"),
    "missing report": (lambda t: t / "nothing.md", "no report at"),
}
CURATED_CASES = {
    "concepts as text": (lambda t: _curated_with(t, {"concepts": "zelfregie"}), "'concepts' must be a list"),
    "relations in the curated file": (lambda t: _curated_with(t, {"relations": {"a": 1}}), "moved to the argument map"),
    "a concept that is a string": (lambda t: _curated_with(t, {"concepts": ["zelfregie"]}), "concepts[1] must be a mapping"),
    "a label that is a list": (lambda t: _curated_with(t, {"scheme": {"id": "b", "label": ["x"]}}), "unexpected shape"),
    "an unknown report": (lambda t: _curated_with(t, {"report": "een-ander-rapport"}), "is not among the reports built"),
    "a YAML alias bomb": (_bomb, "aliases"),
    "binary curated file": (lambda t: _write(t / "c.yaml", b"\x00\x01\x02"), "binary"),
    "a YAML list at the top": (lambda t: _write(t / "c.yaml", b"- a\n- b\n"), "mapping at the top level"),
    "nested 2,000 levels deep": (lambda t: _write(t / "c.yaml", b"concepts: " + b"[" * 2000 + b"]" * 2000 + b"\n"), "levels deep"),
    "nested 2,000 mappings deep": (lambda t: _write(t / "c.yaml", b"scheme: " + b"{a: " * 2000 + b"b" + b"}" * 2000 + b"\n"), "levels deep"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Path:
    """A good build whose files must survive every failed one."""
    out = tmp_path_factory.mktemp("out")
    assert kg("build", "--no-reason", "--out", str(out)).returncode == 0
    return out


BAD_INPUTS = [("--report", case, *BUILD_CASES[case]) for case in BUILD_CASES] + [("--curated", case, *CURATED_CASES[case]) for case in CURATED_CASES]


@pytest.mark.parametrize(("option", "case", "make", "expected"), BAD_INPUTS, ids=[f"{o} {c}" for o, c, _, _ in BAD_INPUTS])
def test_kg_build_refuses_bad_input_and_keeps_the_previous_build(option, case, make, expected, tmp_path, previous):
    before = _files(previous)
    message = one_line_exit_2(kg("build", "--no-reason", "--out", str(previous), option, str(make(tmp_path))))
    assert expected in message
    assert _files(previous) == before


def _files(out: Path) -> dict[str, bytes]:
    """Every file of a build, the on-disk store's and the ledger's included, by its path inside the build."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and not p.is_symlink()}


def _query_file(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / "q.rq"
    path.write_bytes(data)
    return str(path)


QUERY_CASES = {
    "invalid IRI in --param": (lambda t, g: ["query", "evidence-chain", "--graph", g, "--param", "advice=not an iri"], "is not an IRI"),
    "IRI with a space in --param": (lambda t, g: ["query", "evidence-chain", "--graph", g, "--param", "advice=http://a b"], "is not an IRI"),
    "--param without =": (lambda t, g: ["query", "evidence-chain", "--graph", g, "--param", "advice"], "NAME=VALUE"),
    "non-UTF-8 query file": (lambda t, g: ["query", _query_file(t, b"SELECT * { ?s ?p '\xff' }"), "--graph", g], "not UTF-8"),
    "malformed --graph": (lambda t, g: ["query", "counts", "--graph", _write(t / "bad.nt", b"<a> <b> .\n").as_posix()], "not a valid"),
    "--graph of an unknown kind": (lambda t, g: ["query", "counts", "--graph", _write(t / "bad.xyz", b"x").as_posix()], "must end in"),
    "--timeout -1": (lambda t, g: ["query", "counts", "--graph", g, "--timeout", "-1"], "--timeout"),
    "--timeout 0": (lambda t, g: ["query", "counts", "--graph", g, "--timeout", "0"], "--timeout"),
    "--max-rows -1": (lambda t, g: ["query", "counts", "--graph", g, "--max-rows", "-1"], "--max-rows"),
    "endpoint that is not a URL": (lambda t, g: ["--endpoint", "not a url", "query", "counts"], "http:// or https://"),
    "endpoint with another scheme": (lambda t, g: ["--endpoint", "file:///etc/passwd", "query", "counts"], "http:// or https://"),
    "an update": (lambda t, g: ["query", _query_file(t, b"DELETE WHERE { ?s ?p ?o }"), "--graph", g], "query refused"),
    "3,000 nested braces": (lambda t, g: ["query", _query_file(t, b"SELECT * WHERE " + b"{" * 3000 + b"}" * 3000), "--graph", g], "too deeply"),
    "ask as csv": (lambda t, g: ["query", _query_file(t, b"ASK { ?s ?p ?o }"), "--graph", g, "--format", "ntriples"], "cannot hold"),
    "--advice that is not an IRI": (lambda t, g: ["cite", "--advice", "zelfregie", "--graph", g], "is not an IRI"),
    "serve on a graph that is not there": (lambda t, g: ["serve", "--graph", str(t / "none.nt")], "no built graph"),
    "serve with --timeout 0": (lambda t, g: ["serve", "--graph", g, "--timeout", "0"], "--timeout"),
    "serve on a malformed graph": (lambda t, g: ["serve", "--graph", _write(t / "bad.nt", b"<a> <b> .\n").as_posix(), "--port", "0"], "not a valid"),
    "serve on a port out of range": (lambda t, g: ["serve", "--graph", g, "--port", "70000"], "--port"),
    "--timeout inf": (lambda t, g: ["query", "counts", "--graph", g, "--timeout", "inf"], "--timeout"),
    "--timeout 1e300": (lambda t, g: ["query", "counts", "--graph", g, "--timeout", "1e300"], "--timeout"),
    "--timeout nan": (lambda t, g: ["query", "counts", "--graph", g, "--timeout", "nan"], "not a number of seconds"),
    "serve --timeout inf": (lambda t, g: ["serve", "--graph", g, "--timeout", "inf"], "--timeout"),
    "serve --timeout nan": (lambda t, g: ["serve", "--graph", g, "--timeout", "nan"], "not a number of seconds"),
    "export --out into a missing folder": (lambda t, g: ["export", "--graph", g, "--out", str(t / "missing" / "kg.ttl")], "does not exist"),
    "export --out onto a folder": (lambda t, g: ["export", "--graph", g, "--out", str(t)], "not a regular file"),
    "export --out onto a link": (lambda t, g: ["export", "--graph", g, "--out", _link(t)], "not a regular file"),
    "export --out onto a pipe": (lambda t, g: ["export", "--graph", g, "--out", _fifo(t)], "not a regular file"),
    "export --out onto a device": (lambda t, g: ["export", "--graph", g, "--out", "/dev/null"], "not a regular file"),
    "a pipe as --graph": (lambda t, g: ["query", "counts", "--graph", _fifo(t, "kg.nt")], "not a regular file"),
    "serve on a pipe as --graph": (lambda t, g: ["serve", "--graph", _fifo(t, "kg.nt")], "not a regular file"),
    "export from a pipe as --graph": (lambda t, g: ["export", "--format", "aif", "--graph", _fifo(t, "kg.nt")], "not a regular file"),
    "serve on an address of another machine": (lambda t, g: ["serve", "--graph", g, "--host", "192.0.2.1"], "cannot listen on 192.0.2.1"),
}


def _link(folder: Path) -> str:
    target = _write(folder / "target.ttl", b"keep me\n")
    (folder / "link.ttl").symlink_to(target)
    return str(folder / "link.ttl")


def _fifo(folder: Path, name: str = "pipe.ttl") -> str:
    os.mkfifo(folder / name)
    return str(folder / name)


@pytest.mark.parametrize("case", QUERY_CASES, ids=list(QUERY_CASES))
def test_cli_misuse_is_one_line_and_exit_2(case, tmp_path, previous):
    make, expected = QUERY_CASES[case]
    begin = time.monotonic()
    message = one_line_exit_2(kg(*make(tmp_path, str(previous / "kg.nt"))))
    assert expected in message
    assert time.monotonic() - begin < 30  # refused at once: a pipe as --graph used to report "busy" after 23 s


def test_export_leaves_what_it_refused_as_it_was(tmp_path, previous):
    link = Path(_link(tmp_path))
    one_line_exit_2(kg("export", "--graph", str(previous / "kg.nt"), "--out", str(link)))
    assert link.is_symlink() and link.resolve().read_bytes() == b"keep me\n"
    one_line_exit_2(kg("export", "--graph", str(previous / "kg.nt"), "--out", "/dev/null"))
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert not (tmp_path / "missing").exists()


def test_serve_on_a_port_in_use_is_one_line_and_exit_2(previous):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        message = one_line_exit_2(kg("serve", "--graph", str(previous / "kg.nt"), "--port", str(port)))
    assert f"cannot listen on 127.0.0.1:{port}" in message


@pytest.mark.slow
@pytest.mark.parametrize("form", ["ASK { ?a a wtv:Advice }", "CONSTRUCT WHERE { ?a a wtv:Advice }", "DESCRIBE ?a WHERE { ?a a wtv:Advice } LIMIT 1"])
@pytest.mark.parametrize("graph", ["kg.nt", "kg.nq", "kg.ttl"])
def test_every_query_form_on_every_graph_file(form, graph, tmp_path, previous):
    result = kg("query", _query_file(tmp_path, form.encode()), "--graph", str(previous / graph), "--timeout", "30")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "true" if form.startswith("ASK") else "subject" in result.stdout


NUMBERS = st.one_of(
    st.sampled_from(["inf", "-inf", "+inf", "Infinity", "nan", "NaN", "-nan", "1e300", "1e-300", "0", "-0", "0x10", "1_000", "", " ", "1e", "٣"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(max_size=8),
)


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(option=st.sampled_from(["--timeout", "--max-rows"]), value=NUMBERS, command=st.sampled_from(["query", "serve"]))
def test_any_number_given_to_a_limit_is_taken_or_refused_in_one_line(option, value, command, tmp_path_factory):
    """In-process, on a graph that is not there: every value is refused as an option (usage, exit 2) or taken
    and then stopped by the missing graph (one line, exit 2); never a traceback."""
    missing = str(tmp_path_factory.getbasetemp() / "no-graph.nt")
    args = ["query", "counts", "--graph", missing] if command == "query" else ["serve", "--graph", missing, "--port", "0"]
    result = CliRunner().invoke(main, [*args, option, value])
    assert result.exit_code == 2, (value, result.output, result.exception)
    assert isinstance(result.exception, SystemExit), (value, result.exception)
    assert "Traceback" not in result.output and ("no built graph" in result.output or "Invalid value" in result.output), (value, result.output)
    if "no built graph" in result.output:  # taken: then it is a limit the sandbox can keep
        number = float(value) if option == "--timeout" else int(value)
        assert 0 < number <= (86_400 if option == "--timeout" else 10**30), value
