"""publiccode.yml: reading, checking and writing the public-software metadata standard.

publiccode.yml is the file public software carries at the root of its repository to describe
itself to catalogues (standard versions 0.2–0.4 are read here). Spred reads one into a solution
and writes a solution as one.

``standard`` holds what the standard fixes; ``reading`` parses a file safely; ``codes`` and
``checks`` check it against the standard's rules; ``mapping`` turns a file into a solution and
``writing`` a solution into a file.
"""
