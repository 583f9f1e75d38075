"""Flask interview coach: a Discord bot (and terminal trainer) that runs mock interviews on Flask."""
