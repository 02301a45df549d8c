"""Full-text search under the app's threads: every Streamlit session runs in its own thread."""

from __future__ import annotations

import threading

from kg.explore.search import WORD, Document, SearchIndex, stem
from tests.helpers import REPORT_FILE


def test_stemming_in_several_threads_at_once_gives_each_the_same_stems():
    """Seen in CI as an IndexError on the search page: two sessions built their indexes with one shared stemmer."""
    words = WORD.findall(REPORT_FILE.read_text(encoding="utf-8"))[:20_000]
    expected = [stem(w) for w in words]
    outcomes: list[object] = []

    def work() -> None:
        try:
            outcomes.append([stem(w) for w in words] == expected)
        except Exception as error:
            outcomes.append(error)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == [True] * 4


def test_indexes_built_in_parallel_find_the_same_hits():
    documents = [Document(f"d{i}", "claim", line) for i, line in enumerate(REPORT_FILE.read_text(encoding="utf-8").splitlines()) if line.strip()]
    indexes: list[SearchIndex] = []
    threads = [threading.Thread(target=lambda: indexes.append(SearchIndex(documents))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    found = [[h.document.node for h in index.search("veilig gezin")] for index in indexes]
    assert len(found) == 3 and found[0] and found[0] == found[1] == found[2]


def test_search_finds_an_advice_by_its_sections_title_and_a_section_by_its_own():
    from tests.helpers import html_of, machine_words, open_page, visible_text

    # "meldcode": the advice of "Signaleren en de Meldcode" does not say the word; its section's title does.
    app = open_page("zoeken", q="meldcode")
    assert "Signaleren en de Meldcode: De wijkteamprofessional gebruikt haar vakmanschap" in html_of(app)
    assert machine_words(visible_text(app)) == []  # hits are titled in words, not by their paths
