"""A member's own data in a server: hide it from boards, export it, delete it. No Discord here."""

from bot.privacy.export import ExportFile, export_file
from bot.privacy.service import DEFAULT_ATTACHMENT_LIMIT, ConfirmationExpired, NotYourConfirmation, PrivacyService

__all__ = [
    "DEFAULT_ATTACHMENT_LIMIT",
    "ConfirmationExpired",
    "ExportFile",
    "NotYourConfirmation",
    "PrivacyService",
    "export_file",
]
