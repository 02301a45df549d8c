"""A printed author's name as CSL reads it: family, given, particles ("Zwaan, J. van der"), or an organisation."""

from __future__ import annotations

import re

PARTICLES = ("van der", "van den", "van de", "van", "de", "der", "den", "te", "ter", "ten")

INITIALS = re.compile(r"^(?:[A-Z]\.?[\s-]*)+(?:(?:van|de|der|den|te|ter|ten)\s*)*$")  # "De genoemde websites zijn geraadpleegd op 23 november 2022"


def person(name: str) -> dict[str, str]:
    """A printed author as a CSL name; organisations stay literal.

    >>> person("Zwaan, J. van der")
    {'family': 'Zwaan', 'given': 'J.', 'dropping-particle': 'van der'}
    >>> person("van der Horst, H.")
    {'family': 'Horst', 'given': 'H.', 'non-dropping-particle': 'van der'}
    >>> person("KNMG")
    {'literal': 'KNMG'}
    >>> person("Ministerie van Volksgezondheid, Welzijn en Sport")
    {'literal': 'Ministerie van Volksgezondheid, Welzijn en Sport'}
    """
    family, sep, given = name.partition(",")
    if not sep or not INITIALS.match(given.strip()):
        return {"literal": name.strip()}
    given = given.strip()
    out: dict[str, str] = {}
    for particle in PARTICLES:
        if given.endswith(" " + particle) or given == particle:
            out["dropping-particle"] = particle
            given = given[: -len(particle)].strip()
            break
    for particle in PARTICLES:
        if family.lower().startswith(particle + " "):
            out["non-dropping-particle"] = particle
            family = family[len(particle) + 1 :]
            break
    if re.fullmatch(r"(?:[A-Z]\s?)+", given):  # "H van" printed without full stops
        given = " ".join(f"{c}." for c in given.split())
    return {"family": family.strip(), "given": given, **out}


def initials_last(name: str) -> str:
    """'Edwards, AG' -> 'Edwards, A. G.'."""
    family, _, given = name.partition(",")
    letters = re.sub(r"[^A-Z]", "", given)
    return f"{family.strip()}, {' '.join(f'{c}.' for c in letters)}" if letters else name
