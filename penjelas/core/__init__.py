"""Foundations every stage uses: errors with file:line, digests, the build day, dates and time zones,
safe output names, atomic file writes and the worker-process pool.

Modules: ``errors``, ``messages`` (what editors read, in Indonesian or English), ``digests``, ``clock`` (the build day), ``dates``, ``timezones``, ``paths`` (safe
output names), ``atomic`` (whole-file writes) and ``processes`` (``map_in_processes``).

May import: nothing else of penjelas (its version aside).
"""
