"""The catalogue's pages: thin — parse input, call selectors and services, render.

By area: ``entries`` (an entry's page, create, edit, a case's versions), ``workflow`` (the
steps, the review, the user's own entries and the editors' queue), ``contact`` and
``attachments`` (what only cases have), ``discovery`` (search, autocomplete, exports, DCAT)
and ``imports`` (the editors' import page, publiccode.yml). ``kinds`` holds what sets cases and
solutions apart, so the pages both have are written once.
"""
