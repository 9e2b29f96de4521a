"""What can go wrong in ``prsite enews send``, by what the sender does next."""


class SettingsError(Exception):
    """Settings or private files are wrong; ``lines`` holds one line per problem."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__("\n".join(lines))


class Fatal(Exception):
    """The run cannot go on (login refused, sender refused, another send running)."""


class Temporary(Exception):
    """The server is out of reach and has not taken the message; try again in this run."""


class Deferred(Exception):
    """The server answered 4xx about this recipient or message: try it later, go on with the others."""


class Permanent(Exception):
    """The server refused this recipient or message for good (5xx)."""


class Unconfirmed(Exception):
    """The message was handed over but the server never confirmed it."""
