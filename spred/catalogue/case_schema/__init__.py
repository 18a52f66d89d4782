"""The open catalogue format as JSON Schema (draft 2020-12), and validation with Danish messages.

``building`` builds the schemas of a case, a solution and a whole file from the taxonomy data
file and the choices; ``validation`` checks records and files against them.
"""
