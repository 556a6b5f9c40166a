class AttachmentError(Exception):
    """A refused attachment operation; `code` is stable (docs/chat-protocol.md)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class AttachmentRejected(AttachmentError):
    """An upload that is not a file we keep: nothing was stored."""
