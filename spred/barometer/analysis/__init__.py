"""The barometer's statistics, in plain numpy and scipy: no models, no database, no requests.

``design`` (the stratified sample design), ``estimation`` (estimates, intervals and the change
between waves — the engine checked against R), ``calibration`` (post-stratification and raking)
and ``disclosure`` (which cells of a table to hide). Everything here takes arrays and returns
arrays or plain values, so the R comparison and the benchmarks run it without a database.
"""
