"""The error hierarchy shared by every layer.

Domain code raises these; the Discord side and the CLI decide how to show them. A
``UserFacingError`` carries a sentence written for the member, never internals.
"""

from __future__ import annotations


class InterviewBotError(Exception):
    """Root of every error this project raises on purpose."""


class UserFacingError(InterviewBotError):
    """An error whose message is safe and useful to show to the member as is."""


class ConfigError(InterviewBotError):
    """A setting is missing or invalid; the message names the setting and the fix."""
