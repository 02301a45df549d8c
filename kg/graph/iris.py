"""The IRI scheme (docs/decisions/0001-iri-scheme.md): readable paths, stable across builds.

Parts of a report live under ``id/<report>/``; sources, concepts and named
entities are shared between reports and live under ``id/``.
"""

from __future__ import annotations

from rdflib import URIRef

from kg.vocab.namespace import ID

REPORT_KINDS = ("section", "paragraph", "claim", "advice", "list", "item", "figure", "footnote", "bibentry", "inference", "conflict", "premise", "argument-map")
SHARED_KINDS = ("source", "concept", "organisation", "legislation", "scheme")


def report(slug: str) -> URIRef:
    return ID[f"report/{slug}"]


def source_file(slug: str) -> URIRef:
    return ID[f"{slug}/file"]


def part(slug: str, kind: str, path: str) -> URIRef:
    """A part of one report.

    >>> str(part("wwav", "claim", "bevoegdheid/p1/s3"))
    'https://w3id.org/wijkteams-veiligheid/id/wwav/claim/bevoegdheid/p1/s3'
    """
    return ID[f"{slug}/{kind}/{path}"]


def shared(kind: str, key: str) -> URIRef:
    return ID[f"{kind}/{key}"]


def practice_source(slug: str, number: int) -> URIRef:
    return ID[f"source/praktijkkennis/{slug}/voetnoot-{number}"]


def resolve(slug: str, ref: str) -> URIRef | None:
    """The IRI a curated-layer reference such as ``claim/x/p1/s2`` names."""
    kind, _, rest = ref.partition("/")
    if not rest:
        return None
    if kind in REPORT_KINDS:
        return part(slug, kind, rest)
    if kind in SHARED_KINDS:
        return shared(kind, rest)
    return None
