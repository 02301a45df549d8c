"""Loading a built graph into a SPARQL server, one named graph at a time, sending only what changed.

A built N-Quads file holds one named graph per report and a default graph (the ontology, the curated layer, the
works several reports share). Each graph's fingerprint is its lines' digest; a ledger beside the file keeps, per
server, the fingerprints it last took. A push sends the graphs whose fingerprint changed and drops those that are
gone, so changing one report of ten thousand sends that report (and the default graph, if what it shares changed).
The server must answer over the union of its graphs (``oxigraph serve --union-default-graph``), as the embedded
store does. The changed graphs are read into memory to be sent: for a first load of thousands of reports, serve
the store ``kg build`` publishes read-only instead (deploy/README.md).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.sparql.remote import RemoteStore

DEFAULT = ""  # the default graph's key in the ledger


@dataclass
class Pushed:
    """What a push did: the graphs sent, dropped and left as they were."""

    sent: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    unchanged: int = 0


def ledger_of(graph_file: Path) -> Path:
    return graph_file.with_name(graph_file.name + ".pushed.json")


def _quads(graph_file: Path) -> Iterator[tuple[str, str]]:
    """(graph key, N-Triples line) for each quad, in file order; read as it streams."""
    for quad in ox.parse(path=str(graph_file), format=ox.RdfFormat.N_QUADS):
        key = DEFAULT if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        yield key, f"{quad.subject} {quad.predicate} {quad.object} .\n"


def fingerprints(graph_file: Path) -> dict[str, str]:
    """Each graph's digest, over its lines as written (the build writes them in a fixed order)."""
    digests: dict[str, hashlib._Hash] = {}
    for key, line in _quads(graph_file):
        digests.setdefault(key, hashlib.sha256()).update(line.encode("utf-8"))
    return {key: digest.hexdigest() for key, digest in sorted(digests.items())}


def _graph_texts(graph_file: Path, keys: set[str]) -> dict[str, bytes]:
    """The N-Triples of the graphs ``keys``, read in one pass (memory: the size of those graphs)."""
    lines: dict[str, list[str]] = {key: [] for key in keys}
    for key, line in _quads(graph_file):
        if key in lines:
            lines[key].append(line)
    return {key: "".join(found).encode("utf-8") for key, found in lines.items()}


def push_graphs(remote: RemoteStore, graph_file: Path, *, everything: bool = False) -> Pushed:
    """Send the changed graphs of an N-Quads file to ``remote`` (every graph with ``everything``), drop the ones
    gone, and note what it now holds."""
    ledger = ledger_of(graph_file)
    known = json.loads(ledger.read_text(encoding="utf-8")) if ledger.exists() else {}
    before: dict[str, str] = {} if everything else known.get(remote.store_url, {})
    now = fingerprints(graph_file)
    done = Pushed()
    changed = [key for key, digest in now.items() if before.get(key) != digest]
    done.unchanged = len(now) - len(changed)
    for key, text in sorted(_graph_texts(graph_file, set(changed)).items()):
        remote.put(text, key or None)
        done.sent.append(key)
    for key in sorted(set(before) - set(now)):
        if key:
            remote.drop(key)
        else:
            remote.put(b"", None)
        done.dropped.append(key)
    known[remote.store_url] = now
    ledger.write_text(json.dumps(known, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return done
