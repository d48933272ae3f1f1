"""Foundations every stage uses: errors with file:line, digests, the build day, dates and time zones,
safe output names, atomic file writes and the worker-process pool.

May import: nothing else of penjelas (its version aside).
"""
