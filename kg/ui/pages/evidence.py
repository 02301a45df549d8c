"""Onderbouwing: an evidence profile per advice, its premises and chain on demand, the autonomy-safety dilemma, and the gap list."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kg.explore.network import short
from kg.ui.data import evidence_word, rows
from kg.ui.i18n import localized, t
from kg.ui.links import reader_url, thing_url
from kg.ui.url_state import choice
from kg.ui.widgets import CSS, esc, html_block, link, paged, table, thing_link


def render() -> None:
    st.title(t("pages.evidence"))
    html_block(CSS)
    st.write(t("evidence.intro"))
    _profiles()
    _gaps()  # a member's first question ("where is it thin?"), compact: one line per kind of gap, opened on demand
    _chain()
    _dilemma()


def _profiles() -> None:
    st.subheader(t("evidence.profiles"))
    c = lambda key: t(f"evidence.columns.{key}")  # noqa: E731 - column names in the user's language
    data = [
        {
            c("section"): r["section"],
            c("advice"): thing_url(r["advice"], "advice"),
            c("text"): r["adviceText"],
            c("level"): evidence_word("level", r["level"]),
            c("scientific"): int(r["science"]),
            c("guidance"): int(r["guidance"]),
            c("grey"): int(r["grey"]),
            c("practice"): int(r["practice"]),
            c("peer"): int(r["peerReviewed"]),
            c("profile"): [int(r["science"]), int(r["guidance"]), int(r["grey"]), int(r["practice"])],
        }
        for r in rows("advice-evidence")
    ]
    config = {
        c("advice"): st.column_config.LinkColumn(c("advice"), display_text=t("evidence.open_advice")),
        c("profile"): st.column_config.BarChartColumn(c("profile"), y_min=0, help="wetenschap · norm · grijs · praktijk"),
    }
    st.dataframe(pd.DataFrame(data), hide_index=True, column_config=config)


def _chain() -> None:
    st.subheader(t("evidence.chain"))
    advice = rows("advice-evidence")
    keys = [r["advice"] for r in advice]
    texts = {r["advice"]: f"{r['section']}: {short(r['adviceText'], 90)}" for r in advice}
    chosen = choice(st.selectbox, t("evidence.choose"), keys, "entity", page="evidence", format_func=texts.__getitem__) or keys[0]
    chosen_row = next(r for r in advice if r["advice"] == chosen)
    verdict = f"<b>{esc(t('argument.level'))}:</b> {esc(evidence_word('level', chosen_row['level']))}"
    html_block(f"<p>{verdict} · {link(thing_url(chosen, 'advice'), t('entity.open_advice') + ' →')}</p>")
    _premises(chosen)
    body = []
    for r in rows("evidence-chain", advice=chosen):
        kind = localized(r, "kindLabel", "kindLabelEn")
        carrier = link(reader_url(r["carrier"]), short(r["carrierText"] or "", 110))
        body.append(
            [
                esc(localized(r, "via", "viaEn")),
                carrier,
                esc(r["number"]),
                thing_link(r["source"], r["sourceLabel"], "source"),
                esc(kind),
                "✓" if r["peerReviewed"] == "true" else "",
            ]
        )
    head = [t(f"evidence.columns.{k}") for k in ("via", "text", "footnote", "source", "kind", "peer")]
    html_block(table(body, head) if body else f"<p>{esc(_no_source(chosen_row))}</p>")


def _no_source(row: dict[str, str]) -> str:
    """Why no chain is shown: no footnote anywhere, or premises without one though the passage cites a source."""
    text = f"{evidence_word('gap', row['gap'])}: {evidence_word('gap', row['gap'], definition=True)}"
    return text + (f" ({row['passageSources']})" if row.get("passageSources") else "")


def _gaps() -> None:
    st.subheader(t("evidence.gaps"))
    advice = [{"node": r["advice"], "text": r["adviceText"], **r} for r in rows("advice-evidence") if r["gap"]]
    gaps = advice + rows("premise-gaps")
    for gap in ("no-source", "uncited-premises", "practice-only", "no-peer-reviewed-or-guidance", "claim-without-citation", "claim-paragraph-level"):
        chosen = [r for r in gaps if r["gap"] == gap]
        if not chosen:
            continue
        title = f"{evidence_word('gap', gap)}: {evidence_word('gap', gap, definition=True)}"
        with st.expander(f"{title} ({len(chosen)})"):
            shown = paged(chosen, f"gap_{gap}", size=50)  # with many reports a list runs to thousands
            items = "".join(f"<li>{esc(r['section'])} — {link(reader_url(r['node']), short(r['text'], 160))}</li>" for r in shown)
            html_block(f"<ul>{items}</ul>")


def _premises(advice: str) -> None:
    """The statements the advice rests on, as the argument map reads them, each with the words that justify the link."""
    found = rows("advice-premises", advice=advice)
    if not found:
        return
    st.markdown(f"**{t('evidence.premises')}**")
    seen: dict[str, dict[str, str]] = {}
    for r in found:
        seen.setdefault(r["premise"], r)
    body = [
        [
            link(reader_url(r["premise"]), r["premiseText"]),
            f"“{esc(r['quote'])}”",
            esc(r["premiseSection"]) + _called_on(r),
            esc(localized(r, "scheme", "schemeEn")),
        ]
        for r in seen.values()
    ]
    html_block(table(body, [t(f"evidence.columns.{k}") for k in ("premise", "quote", "section", "scheme")]))


def _called_on(row: dict[str, str]) -> str:
    """For a premise from another section: the advice's own words that call on it."""
    return f"<br><small>{esc(t('evidence.called_on', words=row['why']))}</small>" if row.get("why") else ""


def _dilemma() -> None:
    """Where the report weighs autonomy, voluntariness or consent against safety: both sides and the report's words."""
    st.subheader(t("evidence.dilemma"))
    st.caption(t("evidence.dilemma_intro"))
    body = [
        [
            esc(r["section"]),
            link(reader_url(r["safetySide"]), r["safetyText"]),
            esc(_relation_name(r["relation"]) if r["kind"] == "tension" else t("evidence.within_one_sentence")),
            link(reader_url(r["autonomySide"]), r["autonomyText"]),
            f"“{esc(r['quote'])}”",
        ]
        for r in rows("autonomy-safety")
    ]
    html_block(table(body, [t(f"evidence.columns.{k}") for k in ("section", "safety_side", "relation", "autonomy_side", "quote")]))


def _relation_name(relation: str) -> str:
    """'nuanceert', not 'nuanceert (oranje, streep)': the legend's drawing note does not belong in a table."""
    return t(f"network.relation_names.{relation}").split(" (")[0]
