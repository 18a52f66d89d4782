"""Importing catalogue content from files (docs/catalogue-format.md).

``readers`` turns a JSON, CSV or XLSX file into records in the JSON shape of the format, with
safety limits; ``records`` checks each record and maps it to the services' input;
``runner`` writes everything in one transaction through the catalogue services, or nothing.
"""
