"""discord.py extensions, one per feature; the bot loads every module in this package."""
