"""What kind of statement a sentence is: a claim the argument can use, or something else.

Only claims take part in the argument: a question, an example, a bare lead-in
to a list, or a sentence about the report itself is never a premise (the argument map's tests hold it to that) and never a gap of the
evidence. The rules read the sentence as a careful editor would, and are kept
small enough to check by eye.
"""

from __future__ import annotations

import re

KINDS = ("claim", "question", "example", "lead-in", "about-the-report")
LEAD_IN_WORDS = 6  # "Het gaat hierbij om:"; a longer sentence ending in a colon still says something
ABOUT_THE_REPORT_SECTIONS = ("aanleiding", "leeswijzer")
_ABOUT_THE_REPORT = re.compile(r"\b(dit (document|verslag)|(volgende|vorige) alinea'?s|mijn (stageopdracht|interpretatie|adviezen)|ik heb)\b", re.I)
_EXAMPLE = re.compile(r"^(bijvoorbeeld|zo is|denk aan)\b", re.I)


def statement_kind(text: str, section: str) -> str:
    """The kind of one sentence of the report.

    >>> statement_kind("Bijvoorbeeld 'wat gebeurt er als er ruzie ontstaat bij jullie thuis'?", "brede-intake")
    'example'
    >>> statement_kind("Wat is voor de inwoner belangrijk?", "werken-aan-directe-veiligheid")
    'question'
    >>> statement_kind("Het gaat hierbij om:", "de-brede-opdracht-naast-de-inwoner")
    'lead-in'
    >>> statement_kind("De visie gefaseerd samenwerken aan veiligheid beschrijft een aanpak in drie stappen:", "onveiligheid-en-herstel")
    'claim'
    >>> statement_kind("In de vorige alinea's is de individuele ontwikkeling reeds genoemd.", "reflectie-op-kwaliteit")
    'about-the-report'
    >>> statement_kind("Voorspelbaarheid kan bijdragen aan vertrouwen.", "werken-aan-directe-veiligheid")
    'claim'
    """
    plain = text.strip()
    if section in ABOUT_THE_REPORT_SECTIONS or _ABOUT_THE_REPORT.search(plain):
        return "about-the-report"
    if _EXAMPLE.match(plain):
        return "example"
    if plain.rstrip("'\"’”").endswith("?"):
        return "question"
    if plain.endswith(":") and len(plain.split()) <= LEAD_IN_WORDS:
        return "lead-in"
    return "claim"
