"""The template engine of the documents: Jinja2 over activities/templates/, autoescaping on.

`_page.html` is the A4 page every document `{% extends %}`; a document's template fills its
`body` block. The templates own every tag; the values they receive are plain text (strings, lists
and pairs of them, flags, None for a sentence left out), never HTML, so nothing a case carries can
become markup.

A template is rendered with all of its values and nothing else: a missing value fails before
rendering (and `StrictUndefined` fails on any that slipped through), an unused one too, since it
means the template and its renderer disagree about the document.
"""

from __future__ import annotations

import html
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, TemplateError, meta
from markupsafe import Markup

Values = dict[str, object]


def _escaped(value: object) -> object:
    """Every `{{ value }}` escaped as `html.escape(quote=True)` writes it.

    Jinja2's own escaping (markupsafe) escapes the same five characters but writes quotes as
    `&#34;`/`&#39;`; the documents (and their tests) have always written `&quot;`/`&#x27;`, and a
    notice should read the same bytes before and after the move to Jinja2. Markup (a block or
    macro's output) is already escaped and goes in as it is.
    """
    if hasattr(value, "__html__"):
        return value
    return Markup(html.escape(str(value), quote=True))


LOADER = PackageLoader("activities", "templates")
ENVIRONMENT = Environment(
    loader=LOADER,
    autoescape=True,
    undefined=StrictUndefined,
    finalize=_escaped,
    # Block tags sit on lines of their own: they leave no blank lines in the document.
    trim_blocks=True,
    lstrip_blocks=True,
    # A document ends with a newline, as its page template does.
    keep_trailing_newline=True,
    auto_reload=False,
)


def render(name: str, /, **values: object) -> str:
    """Template `<name>.html` filled with `values`: all of its values, and nothing else."""
    expected = variables(f"{name}.html")
    if expected != set(values):
        raise ValueError(
            f"template {name}: missing {sorted(expected - set(values))}, "
            f"unused {sorted(set(values) - expected)}"
        )
    return ENVIRONMENT.get_template(f"{name}.html").render(values)


@cache
def variables(filename: str) -> frozenset[str]:
    """The values template `filename` and the templates it extends or includes read."""
    source, _, _ = LOADER.get_source(ENVIRONMENT, filename)
    tree = ENVIRONMENT.parse(source, filename)
    names = set(meta.find_undeclared_variables(tree))
    for referenced in meta.find_referenced_templates(tree):
        if referenced is None:
            raise TemplateError(f"{filename}: a template name computed at render time")
        names |= variables(referenced)
    return frozenset(names)
