"""The error of portable credentials: a stable code and a message for people."""


class CredentialError(Exception):
    """Something about a credential, a key or a context that we refuse.

    `code` is stable and meant for programs and logs ("context_unknown",
    "key_format", ...); `message` is for the person, already translated.
    """

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"{self.message} ({self.code})"
