from types import SimpleNamespace

from newsgraph.serve.templating import PlainDictEnvironment


def render(source: str, **values) -> str:
    return PlainDictEnvironment().from_string(source).render(**values)


def test_a_dict_key_reads_as_an_attribute():
    assert render("{{ row.label }} {{ row.count }}", row={"label": "Blinken", "count": 3}) == "Blinken 3"


def test_the_methods_of_dict_stay_methods_even_when_a_key_has_their_name():
    row = {"items": "a key", "get": "another"}
    assert render("{% for k, v in row.items() %}{{ k }}={{ v }};{% endfor %}", row=row) == "items=a key;get=another;"
    assert render("{{ row.get('missing', 'fallback') }}", row=row) == "fallback"


def test_a_missing_key_is_undefined_as_in_jinja():
    assert render("[{{ row.nothing }}]{% if row.nothing is undefined %} undefined{% endif %}", row={}) == "[] undefined"


def test_objects_and_dict_subclasses_keep_jinjas_lookup():
    class Row(dict):
        label = "attribute"

    assert render("{{ row.label }}", row=SimpleNamespace(label="x")) == "x"
    assert render("{{ row.label }}", row=Row(label="item")) == "attribute"
