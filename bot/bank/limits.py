"""Lengths a bank value may have so that every place it is shown stays within Discord's limits.

The numbers come from ../shared/discord-limits.md and from where each value ends up:
a choice option becomes a button label (80), a prompt the description of an embed
that also carries a header and a progress bar, a model answer an embed field that the
UI splits into chunks of 1024 with a total of 6000 per message.
"""

from __future__ import annotations

from typing import Final

SLUG_MAX: Final = 50  # topic slugs travel inside custom_ids (100 characters in all)
QUESTION_ID_MAX: Final = 64
TITLE_MAX: Final = 80
DESCRIPTION_MAX: Final = 300
PROMPT_MAX: Final = 1000
ANSWER_MAX: Final = 1800
EXPLAIN_MAX: Final = 1000
OPTION_MAX: Final = 80  # button label
POINT_TEXT_MAX: Final = 150
HINT_MAX: Final = 60
TAG_MAX: Final = 32
REF_MAX: Final = 300
KEY_POINTS_MIN: Final = 2
KEY_POINTS_MAX: Final = 8
WRONG_MIN: Final = 1
WRONG_MAX: Final = 4  # with the correct option: five buttons, one action row
WEIGHT_MAX: Final = 10.0
# Probes are answers, so they may be as long as an answer box (a modal text input).
PROBE_TEXT_MAX: Final = 4000
# Follow-ups are shown in the interviewer's kit, an ephemeral embed.
FOLLOW_UPS_MIN: Final = 2
FOLLOW_UPS_MAX: Final = 3
FOLLOW_UP_ASK_MAX: Final = 300
LISTEN_FOR_MIN: Final = 1
LISTEN_FOR_MAX: Final = 4
LISTEN_FOR_MAX_CHARS: Final = 100
