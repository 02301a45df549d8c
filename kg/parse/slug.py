"""Readable, stable identifiers from titles."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str) -> str:
    """ASCII, lower case, hyphens.

    >>> slugify("Zelfdeterminatie / Self determination theory")
    'zelfdeterminatie-self-determination-theory'
    >>> slugify("Voorkomen en signaleren van potentiële onveiligheid")
    'voorkomen-en-signaleren-van-potentiele-onveiligheid'
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def unique(slug: str, taken: set[str], tried: dict[str, int] | None = None) -> str:
    """``slug``, or ``slug-2``, ``slug-3``... if already taken; records it.

    ``tried`` remembers, per slug, the suffix the last call ended on: ``taken`` only grows, so every suffix
    below it is still taken and the next call starts there. Without it, a registry of ten thousand works
    by one author in one year tried every suffix again for each (quadratic; a build of 10,000 reports spent
    most of its time here).

    >>> taken, tried = {"ryan-2000"}, {}
    >>> [unique("ryan-2000", taken, tried) for _ in range(3)], tried
    (['ryan-2000-2', 'ryan-2000-3', 'ryan-2000-4'], {'ryan-2000': 4})
    """
    n = tried.get(slug, 1) if tried is not None else 1
    candidate = (slug or "x") if n == 1 else f"{slug}-{n}"
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    taken.add(candidate)
    if tried is not None:
        tried[slug] = n
    return candidate
