#!/usr/bin/env python3
"""Penjelas: build a static explainer site. See README.md; `python build.py --help`."""

import sys

from penjelas.cli import main

if __name__ == "__main__":
    sys.exit(main())
