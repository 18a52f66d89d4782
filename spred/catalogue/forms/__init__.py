"""Input parsing for the catalogue's pages, by area: ``entries`` (an entry's content and a
case's partners), ``workflow`` (the review), ``contact``, ``attachments``, ``imports`` and
``discovery`` (the search page's query string)."""
