"""The IRI scheme (docs/decisions/0001-iri-scheme.md): readable paths, stable across builds.

Parts of a report live under ``id/<report>/``; sources, concepts and named
entities are shared between reports and live under ``id/``.
"""

from __future__ import annotations

from rdflib import URIRef

from kg.vocab.namespace import ID

REPORT_KINDS = (
    "section",
    "paragraph",
    "claim",
    "advice",
    "list",
    "item",
    "figure",
    "footnote",
    "bibentry",
    "inference",
    "conflict",
    "premise",
    "argument-map",
    "grounding",
    "set-aside",
    "weighing",
)
SHARED_KINDS = ("source", "concept", "organisation", "legislation", "scheme", "outside-definition")


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


def local_name(iri: str) -> str:
    """The last segment of an IRI (after its last ``#`` or ``/``): a short name to show when no label is known.

    >>> local_name("https://w3id.org/wijkteams-veiligheid/ontology#restsOn"), local_name(str(ID["source/ogink-2019"]))
    ('restsOn', 'ogink-2019')
    """
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit("/", 1)[-1]


def citation_key(iri: str) -> str:
    """A source's key in a reference list (BibTeX, RIS, CSL-JSON): a shared work's own key; a practice account's
    footnote with its report in front, since every report has its own footnote 41.

    >>> citation_key(str(shared("source", "ogink-2019"))), citation_key(str(practice_source("wwav", 41)))
    ('ogink-2019', 'wwav-voetnoot-41')
    """
    path = id_path(iri)
    practice = "source/praktijkkennis/"
    return path.removeprefix(practice).replace("/", "-") if path.startswith(practice) else local_name(iri)


def id_path(iri: str) -> str:
    """An IRI of this project without its ``…/id/`` base: readable, and unique among our IRIs.

    >>> id_path(str(part("wwav", "claim", "bevoegdheid/p1/s3")))
    'wwav/claim/bevoegdheid/p1/s3'
    """
    return iri[len(str(ID)) :] if iri.startswith(str(ID)) else iri


def report_graph(slug: str) -> URIRef:
    """The named graph that holds one report's own triples (in the N-Quads output)."""
    return ID[f"graph/{slug}"]


def report_slug(iri: str) -> str | None:
    """The report an IRI of ours belongs to (its slug), or None for shared resources and foreign IRIs.

    >>> report_slug(str(part("wwav", "claim", "a/p1/s1"))), report_slug(str(report("wwav"))), report_slug(str(shared("source", "ryan-2000")))
    ('wwav', 'wwav', None)
    """
    path = id_path(iri)
    if path == iri:
        return None
    segments = path.split("/")
    if segments[0] == "report" and len(segments) > 1:
        return segments[1]
    if segments[0] in (*SHARED_KINDS, "report", "graph", "dataset") or len(segments) < 2:
        return None
    return segments[0]
