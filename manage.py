#!/usr/bin/env python3
"""Django's command-line utility; the installed ``preventplan`` command does the same."""

import sys

from preventplan.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
