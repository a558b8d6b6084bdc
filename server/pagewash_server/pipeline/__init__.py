"""The normalizer pipeline as a plain library (no gRPC): `normalize(bytes) -> Document`."""

from .document import DEFAULT_MAX_CONTENT_BYTES, check_options, detect_format, normalize
from .errors import ContentTooLargeError, InvalidArgumentError, PipelineError, UndecodableContentError

__all__ = [
    "DEFAULT_MAX_CONTENT_BYTES",
    "ContentTooLargeError",
    "InvalidArgumentError",
    "PipelineError",
    "UndecodableContentError",
    "check_options",
    "detect_format",
    "normalize",
]
