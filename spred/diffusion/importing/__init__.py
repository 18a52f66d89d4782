"""Importing adoptions from files (docs/adoption-format.md).

``format`` names the columns; ``reading`` turns a CSV, XLSX or JSON file into rows of text;
``checking`` checks the rows and plans each adoption (``results``) for
``services.imports.adoptions_import`` to write; ``examples`` writes the example files.
"""
