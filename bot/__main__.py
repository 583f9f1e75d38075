"""`python -m bot` does what the `interview-bot` command does."""

import sys

from bot.cli import main

sys.exit(main())
