"""Overzicht: what the report is, what the graph holds, and where each kind of user starts."""

from __future__ import annotations

import streamlit as st

from kg.ui.data import current_report, evidence_word, loaded_reports, report_list, rows
from kg.ui.i18n import Count, localized, t
from kg.ui.links import url
from kg.ui.widgets import CSS, esc, html_block, link, table

# The levels an advice can reach; an advice no source reaches is counted by its gap, so "no source at all" and
# "premises without a source of their own" stay apart.
LEVELS = ("peer-reviewed", "science", "guidance", "grey", "practice")
UNSOURCED = ("no-source", "uncited-premises")


def render() -> None:
    html_block(CSS)
    reports, chosen = loaded_reports(), current_report()
    if len(report_list()) > 1 and not chosen:
        _several(reports)
        return
    info = next((r for r in reports if r["report"] == chosen), reports[0])
    st.title(info["title"])
    st.caption(f"{t('app_subtitle')} · {info['subtitle']}")
    st.write(t("overview.about"))
    st.caption(t("overview.by", author=info["author"], date=info["date"], commission=info["commission"]))
    _roles()
    left, right = st.columns([3, 2])
    with left:
        _evidence()
        _counts()
    with right:
        _outline()


def _several(reports: list[dict[str, str]]) -> None:
    """With several reports and none chosen: the reports, each a link that scopes the app to it."""
    st.title(t("report_scope.all", count=Count(len(report_list()))))
    st.caption(t("app_subtitle"))
    st.write(t("overview.several"))
    items = [f"<li>{link(url('overview', report=r['report']), r['title'])} <small>{esc(r['author'])} · {esc(r['date'])}</small></li>" for r in reports]
    html_block(f"<ul>{''.join(items)}</ul>")
    _roles()
    left, right = st.columns([3, 2])
    with left:
        _evidence()
    with right:
        _counts()


def _roles() -> None:
    st.subheader(t("overview.roles"))
    columns = st.columns(3)
    targets = [("role_evidence", url("evidence")), ("role_cite", url("sources")), ("role_course", url("course"))]
    for column, (key, href) in zip(columns, targets, strict=True):
        with column:
            html_block(f"<h4>{link(href, t(f'overview.{key}'))}</h4><p>{esc(t(f'overview.{key}_text'))}</p>")


def _evidence() -> None:
    st.subheader(t("overview.evidence"))
    st.caption(t("overview.evidence_help"))
    found = rows("advice-evidence")
    counted = [(evidence_word("level", lv), sum(r["level"] == lv for r in found)) for lv in LEVELS]
    counted += [(evidence_word("gap", gap), sum(r["gap"] == gap for r in found)) for gap in UNSOURCED]
    # Plain HTML bars: the chart library and the data grid were most of this page's load time.
    most = max(1, *(n for _, n in counted))
    bar = "<div style='background:#4361ee;height:.8em;width:{:.0f}%'></div>"
    body = [[esc(label), n, bar.format(100 * n / most)] for label, n in counted]
    html_block(table(body, [t("overview.kind"), t("overview.count"), ""], id="evidence-levels", styles=["", "", "width:45%"]))
    html_block(link(url("evidence"), t("overview.to_evidence")))
    has = {kind: sum(int(r[kind]) > 0 for r in found) for kind in ("peerReviewed", "guidance", "practice")}
    st.caption(t("overview.rests_on", total=len(found), peer=has["peerReviewed"], guidance=has["guidance"], practice=has["practice"]))


def _counts() -> None:
    st.subheader(t("overview.counts"))
    counts = rows("counts")
    columns = st.columns(4)
    for n, row in enumerate(counts):
        columns[n % 4].metric(localized(row, "label", "labelEn"), row["count"])


def _outline() -> None:
    st.subheader(t("overview.outline"))
    items = []
    for row in rows("section-outline"):
        indent = int(row["level"]) - 1
        items.append(f'<div style="margin-left:{indent * 1.2}em">{link(url("section", entity=row["section"]), row["title"])}</div>')
    html_block("".join(items))
