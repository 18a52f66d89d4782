"""The import kit every app's imports build on: reading JSON, CSV and XLSX files within limits
(``tables``), the one problem type and report (``problems``, ``report``), what the import pages
share (``pages``) and what the import commands share (``cli``)."""
