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


def unique(slug: str, taken: set[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3``... if already taken; records it."""
    candidate, n = slug or "x", 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    taken.add(candidate)
    return candidate
