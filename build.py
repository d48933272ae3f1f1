#!/usr/bin/env python3
"""Penjelas: build a static explainer site. See README.md; `python build.py --help`."""

from penjelas.cli import exit_now, main

if __name__ == "__main__":
    exit_now(main())
