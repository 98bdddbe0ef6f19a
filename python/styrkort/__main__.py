"""``python -m styrkort``: the command line (see :mod:`styrkort.cli`)."""

import sys

from .cli import main

sys.exit(main())
