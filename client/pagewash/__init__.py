"""pagewash: clean article text from raw web page dumps. The thin client and the shared result types."""

from . import errors
from ._client import AsyncClient, Client
from .errors import PagewashError
from .types import (
    Diagnostics,
    Document,
    ErrorInfo,
    Metadata,
    Options,
    Paragraph,
    Request,
    Result,
    ServerInfo,
    ServerLimits,
)

__version__ = "0.1.0"

__all__ = [
    "AsyncClient",
    "Client",
    "Diagnostics",
    "Document",
    "ErrorInfo",
    "Metadata",
    "Options",
    "PagewashError",
    "Paragraph",
    "Request",
    "Result",
    "ServerInfo",
    "ServerLimits",
    "__version__",
    "errors",
]
