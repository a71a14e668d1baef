"""The template engine of the documents: Jinja2 over activities/templates/, autoescaping on.

`_page.html` is the A4 page every document `{% extends %}`; a document's template fills its
`body` block, with the parts the documents write alike (the signature, a numbered list) taken from
`_macros.html`. The templates own every tag; the values they receive are plain text (strings, lists
and pairs of them, flags, None for a sentence left out), never HTML, so nothing a case carries can
become markup.

A template is rendered with all of its values and nothing else: a missing value fails before
rendering (and `StrictUndefined` fails on any that slipped through), an unused one too, since it
means the template and its renderer disagree about the document.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, TemplateError, meta

from contracts.html import escaped

Values = dict[str, object]


LOADER = PackageLoader("activities", "templates")
ENVIRONMENT = Environment(
    loader=LOADER,
    autoescape=True,
    undefined=StrictUndefined,
    finalize=escaped,
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
    """The values template `filename` and the templates it extends, includes or imports read."""
    source, _, _ = LOADER.get_source(ENVIRONMENT, filename)
    tree = ENVIRONMENT.parse(source, filename)
    names = set(meta.find_undeclared_variables(tree))
    for referenced in meta.find_referenced_templates(tree):
        if referenced is None:
            raise TemplateError(f"{filename}: a template name computed at render time")
        names |= variables(referenced)
    return frozenset(names)
