"""The SPARQL page under AppTest: the query in the address, runs from the editor, stale results, errors, English.

The editor is a custom component; AppTest cannot type into it, so a test gives the page what the editor sends
(its text, its document number and a run token, through the widget's session state) and reads what the page
sends back (the component's arguments).
"""

from __future__ import annotations

import json
from typing import Any

from streamlit.testing.v1 import AppTest

from kg.sparql.catalogue import load_query
from kg.ui.pages.sparql import ADDRESS_LIMIT
from tests.helpers import open_page

KEY = "sparql_editor"
SMALL = "SELECT ?s WHERE { ?s a wtv:Advice } LIMIT 3"


def editor(app: AppTest) -> dict[str, Any]:
    """What the page last sent the editor: text, document number, the query whose result it shows, the error."""
    [element] = app.get("component_instance")
    return json.loads(element.proto.json_args)


def typed(app: AppTest, text: str, run: str | None = None) -> AppTest:
    """What the editor sends when the user types (and, with a token, runs): the page runs again with it."""
    app.session_state[KEY] = {"text": text, "doc": editor(app)["doc"], "run": run}
    return app.run()


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def test_a_visit_without_parameters_opens_on_the_first_example_and_says_so_in_the_address():
    app = open_page("sparql")
    assert app.query_params["example"] == "counts" and "query" not in app.query_params
    assert editor(app)["text"] == load_query("counts").body
    assert not app.dataframe  # shown, not run
    assert any("meer dan 6.000 tekens" in c for c in texts(app.caption))  # what a link can carry, said up front


def test_an_old_link_naming_an_example_opens_that_example():
    app = open_page("sparql", query="duplicate-footnotes")
    assert not app.exception
    assert app.query_params["example"] == "duplicate-footnotes" and "query" not in app.query_params
    assert app.selectbox[0].value == "duplicate-footnotes"
    assert editor(app)["text"] == load_query("duplicate-footnotes").body
    assert not editor(app)["text"].startswith("#+")  # the header is shown above the editor, not in it
    assert not app.dataframe


def test_running_an_example_from_the_editor_shows_rows_and_puts_the_query_in_the_address():
    app = open_page("sparql", example="duplicate-footnotes")
    app = typed(app, editor(app)["text"], run="first")
    assert not app.exception
    # Eight works under several footnote numbers; footnote 30 naming Ryan & Deci in words is not a ninth.
    assert app.dataframe and len(app.dataframe[0].value) == 8
    assert "8 rijen" in texts(app.caption)
    assert app.query_params["query"] == load_query("duplicate-footnotes").body
    assert app.query_params["example"] == "duplicate-footnotes"  # run as it is, it is still that example
    assert editor(app)["ran"] == load_query("duplicate-footnotes").body and editor(app)["ran_token"] == "first"
    links = [v for v in app.dataframe[0].value.iloc[:, 0] if v]  # the report column
    # Each IRI links to its entity page, encoded by the library; slashes stay, so the link text reads as the IRI.
    assert all(v.startswith("entiteit?") and "entity=https://w3id.org/wijkteams-veiligheid/id/report/" in v and "lang=nl" in v for v in links), links[:2]


def test_an_example_changed_and_run_is_the_users_own_query():
    app = open_page("sparql", example="counts")
    app = typed(app, SMALL, run="mine")
    assert app.query_params["query"] == SMALL and "example" not in app.query_params
    assert app.selectbox[0].value == "" and not [c for c in texts(app.caption) if c.startswith("Aantallen secties")]


def test_a_link_with_a_query_shows_that_query_and_its_result():
    app = open_page("sparql", query=SMALL)
    assert not app.exception
    assert editor(app)["text"] == SMALL and editor(app)["ran"] == SMALL
    assert len(app.dataframe[0].value) == 3 and "3 rijen" in texts(app.caption)
    assert app.selectbox[0].value == ""  # no example: "— eigen query —"
    assert app.query_params["query"] == SMALL


def test_a_query_that_matches_nothing_says_so_and_where_to_look():
    """The user's first own query often asks for a property the graph does not use (advice text is wtv:text)."""
    app = open_page("sparql", query="SELECT ?advies ?tekst WHERE { ?advies a wtv:Advice ; rdfs:label ?tekst }")
    assert not app.exception and not app.dataframe
    assert app.info and app.info[0].value.startswith("Geen rijen") and "wtv:text" in app.info[0].value


def test_editing_the_query_marks_the_result_as_an_earlier_querys_until_it_runs_again():
    app = open_page("sparql", query=SMALL)
    assert not app.warning
    edited = SMALL.replace("LIMIT 3", "LIMIT 2")
    app = typed(app, edited)
    assert any("hoort bij een eerdere versie van de query" in w for w in texts(app.warning))
    assert len(app.dataframe[0].value) == 3  # still there, marked, not silently replaced
    assert any(SMALL in c for c in texts(app.code))  # the query this result belongs to, on show
    assert app.query_params["query"] == SMALL  # the address keeps what the result answers
    app = typed(app, edited, run="again")
    assert not app.warning
    assert len(app.dataframe[0].value) == 2 and app.query_params["query"] == edited
    assert editor(app)["ran"] == edited


def test_typing_back_to_the_query_that_ran_makes_the_result_current_again():
    app = typed(typed(open_page("sparql", query=SMALL), SMALL + " "), SMALL)
    assert not app.warning


def test_what_the_editor_typed_into_a_replaced_text_is_ignored():
    app = open_page("sparql", query=SMALL)
    old = editor(app)["doc"]
    app.selectbox[0].select("tensions").run()
    assert editor(app)["doc"] == old + 1 and editor(app)["text"] == load_query("tensions").body
    app.session_state[KEY] = {"text": "SELECT * { ?s ?p ?o }", "doc": old, "run": "late"}
    app.run()
    assert editor(app)["text"] == load_query("tensions").body and not app.dataframe
    assert editor(app)["ran_token"] == "late"  # answered, so the editor stops waiting


def test_choosing_an_example_replaces_the_query_and_clears_the_result_and_the_address():
    app = open_page("sparql", query=SMALL)
    app.selectbox[0].select("tensions").run()
    assert editor(app)["text"] == load_query("tensions").body and editor(app)["ran"] is None
    assert not app.dataframe and "query" not in app.query_params
    assert app.query_params["example"] == "tensions"


def test_the_english_view_describes_the_examples_in_english():
    en, nl = open_page("sparql", "en", example="counts"), open_page("sparql", "nl", example="counts")
    assert "Numbers of sections, paragraphs, claims, advice, footnotes, sources, concepts and figures. — everyone" in texts(en.caption)
    assert "Aantallen secties, alinea's, beweringen, adviezen, voetnoten, bronnen, begrippen en figuren. — iedereen" in texts(nl.caption)
    assert "How many of each kind?" in en.selectbox[0].options and "Hoeveel van elk soort?" in nl.selectbox[0].options
    assert editor(en)["words"]["run"] == "Run" and editor(nl)["words"]["run"] == "Uitvoeren"


def test_a_malformed_query_says_line_and_column_and_the_editor_marks_the_place():
    app = open_page("sparql", "en", query="SELECT ?s WHERE {\n  ?s ?p\n}")
    assert app.error and "line 2, column 3" in app.error[0].value
    error = editor(app)["error"]
    assert (error["line"], error["column"]) == (2, 3) and "line 2, column 3" in error["message"]


def test_a_refused_query_explains_and_runs_nothing():
    app = open_page("sparql", query="SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert app.warning and "SERVICE vraagt gegevens op bij een andere server" in app.warning[0].value
    assert not app.dataframe and editor(app)["error"] is None


def test_a_query_too_long_for_the_address_stays_out_of_it_and_the_page_says_so():
    padding = "# " + "x" * ADDRESS_LIMIT + "\n"
    app = open_page("sparql", example="counts")
    app = typed(app, padding + SMALL, run="long")
    assert len(app.dataframe[0].value) == 3
    assert "query" not in app.query_params
    assert any("te lang voor het adres" in i for i in texts(app.info))
    assert any(b.label == "Download de query (.rq)" for b in app.get("download_button"))
