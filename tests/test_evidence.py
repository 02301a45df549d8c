"""Evidence profiles and the gap list against what the report says (read by hand)."""

import pytest

from kg.queries import load_query
from tests.conftest import rows

ADVICE = "https://w3id.org/wijkteams-veiligheid/id/wijkteams-werken-aan-veiligheid/advice/"


def profile(store, advice: str) -> dict[str, int]:
    found = [r for r in rows(store, load_query("evidence-profile").text) if r["advice"] == ADVICE + advice]
    return {k: int(found[0][k]) for k in ("scientific", "guidance", "greyLiterature", "practice", "peerReviewed", "sources")}


@pytest.mark.parametrize(
    ("advice", "expected"),
    [
        # "Sociaal netwerk": footnotes 7 (Haslam e.a., a book), 8 (Li e.a., a journal article), 9 (Ince e.a., an NJi report).
        ("sociaal-netwerk/a1", {"scientific": 2, "guidance": 0, "greyLiterature": 1, "practice": 0, "peerReviewed": 1, "sources": 3}),
        # "Signaleren en de Meldcode": footnote 24, the Wet meldcode.
        ("signaleren-en-de-meldcode/a1", {"scientific": 0, "guidance": 1, "greyLiterature": 0, "practice": 0, "peerReviewed": 0, "sources": 1}),
        # "Cyclisch werken": only the heading's footnote 14 (Arum e.a., 2020, a report).
        ("cyclisch-werken/a1", {"scientific": 0, "guidance": 0, "greyLiterature": 1, "practice": 0, "peerReviewed": 0, "sources": 1}),
        # "Brede intake" has no footnote at all.
        ("brede-intake/a1", {"scientific": 0, "guidance": 0, "greyLiterature": 0, "practice": 0, "peerReviewed": 0, "sources": 0}),
    ],
)
def test_evidence_profile(store, advice, expected):
    assert profile(store, advice) == expected


def test_full_chain_of_an_advice(store):
    import pyoxigraph as ox

    chain = rows(store, load_query("evidence-chain").text, advice=ox.NamedNode(ADVICE + "sociaal-netwerk/a1"))
    assert {(r["number"], r["sourceLabel"], r["via"]) for r in chain} == {
        ("7", "Haslam e.a. (2018)", "bewering"),
        ("8", "Li e.a. (2011)", "bewering"),
        ("9", "Ince e.a. (2018)", "bewering"),
    }


def test_gap_list(store):
    found = rows(store, load_query("gap-list").text)
    by_gap: dict[str, set[str]] = {}
    for r in found:
        by_gap.setdefault(r["gap"], set()).add(r["node"])
    advice = {g: {n.removeprefix(ADVICE) for n in nodes} for g, nodes in by_gap.items() if not g.startswith("claim-")}
    assert advice["no-source"] == {"brede-intake/a1", "samenwerken-en-informatie-uitwisselen/a1"}
    assert advice["grey-only"] == {
        "integraal-werken-in-de-wijk/a1",
        "cyclisch-werken/a1",
        "veiligheid-als-basisfunctie/a1",
        "collectief/a1",
        "5-gezinsprofielen/a1",
        "5-gezinsprofielen/a2",
    }
    assert "practice-only" not in advice  # every advice with practice knowledge also cites a written source
    claims = by_gap["claim-without-citation"]
    # Brede intake has no footnote anywhere; its premise p1/s1 is a premise without a citation.
    assert any(c.endswith("/claim/brede-intake/p1/s1") for c in claims)
    assert not any(c.endswith("/claim/sociaal-netwerk/p1/s2") for c in claims)  # carries footnote 8
    # bevoegdheid p1/s1 ("altijd vrijwillig") cites nothing itself; footnote 43 sits on p1/s3 of the same paragraph.
    assert any(c.endswith("/claim/bevoegdheid/p1/s1") for c in by_gap["claim-paragraph-level"])
    # Only premises the argument uses: the reading guide and questions are not gaps.
    listed = claims | by_gap["claim-paragraph-level"]
    assert not any("/claim/leeswijzer/" in c or c.endswith("/claim/werken-aan-directe-veiligheid/p3/s2") for c in listed)
