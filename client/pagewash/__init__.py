"""pagewash: clean article text from raw web page dumps. The thin client and the shared result types."""

from .types import Diagnostics, Document, ErrorInfo, Metadata, Options, Paragraph, Request, Result

__version__ = "0.1.0"

__all__ = [
    "Diagnostics",
    "Document",
    "ErrorInfo",
    "Metadata",
    "Options",
    "Paragraph",
    "Request",
    "Result",
    "__version__",
]
