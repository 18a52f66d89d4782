"""Reading and checking the Innovation Barometer's files: the codebook (``codebook``), the
microdata (``microdata``) and the strata with their population counts (``strata``); CSV and XLSX
tables are read through the import kit within the barometer's limits (``tables``).

Nothing here writes to the database. The readers turn a file into plain specs and list *every*
problem they find on an ``ImportReport`` of the import kit — with the file, row and column, and
a reason in Danish — so the analyst can fix the file in one go. ``services.imports`` stores a
file only when its report has no errors.
"""
