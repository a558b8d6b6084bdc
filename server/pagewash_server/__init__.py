"""pagewash server: the normalizer pipeline and the gRPC service around it."""

__version__ = "0.1.0"
