"""`python -m dashboard`: the command line."""

import sys

from dashboard.cli.commands import main

sys.exit(main())
