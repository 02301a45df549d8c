"""One message catalogue per language, with the same keys in both."""

from kg.messages import catalogue


def _keys(node, prefix=""):
    if isinstance(node, dict):
        return {k for key, value in node.items() for k in _keys(value, f"{prefix}{key}.")}
    return {prefix.rstrip(".")}


def test_dutch_and_english_have_the_same_messages():
    nl, en = _keys(catalogue("nl")), _keys(catalogue("en"))
    assert nl == en, {"only in nl": sorted(nl - en), "only in en": sorted(en - nl)}


def test_every_message_used_in_the_code_exists():
    import re

    from kg.settings import ROOT

    used = set()
    for path in [*(ROOT / "kg").rglob("*.py"), ROOT / "app.py"]:
        used |= set(re.findall(r'\b(?:t|message)\("([a-z_]+(?:\.[a-z_]+)+)"', path.read_text()))  # keys built at run time end in "." and are skipped
    missing = sorted(key for key in used if key not in _keys(catalogue("nl")))
    assert not missing, missing
