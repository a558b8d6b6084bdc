"""Errors the pipeline raises for bad arguments or content; the service maps each to one gRPC status."""

from __future__ import annotations


class PipelineError(Exception):
    """Base of every error the pipeline raises on purpose."""


class InvalidArgumentError(PipelineError, ValueError):
    """An argument is wrong; `field` names it (e.g. "content", "format", "language", "options.length_low")."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class ContentTooLargeError(PipelineError):
    """The content is larger than the configured limit."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"content: {size} bytes is over the limit of {limit} bytes")
        self.size = size
        self.limit = limit


class UndecodableContentError(PipelineError):
    """The bytes are not text in any charset (binary data such as an image or an archive)."""

    def __init__(self, message: str) -> None:
        super().__init__(f"content: {message}")
        self.field = "content"
