"""The display leaf: what every view of the results shares and no model needs.

HTML escaping and tables (``html``, ``values``), numbers in words per language
(``numbers``), small inline SVG charts (``svg``), the palette (``palette``) and
every user-facing word as data, one module per language (``sv``, ``en``, joined
in ``words``). It imports no model: the models' ``_repr_html_``, the report, the
plots, the Excel writer and the CLI import it, never the reverse.
"""
