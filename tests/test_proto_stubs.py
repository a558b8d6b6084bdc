"""The committed stubs in client/pagewash/v1 are exactly what `make proto` generates from the proto."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ("normalizer_pb2.py", "normalizer_pb2.pyi", "normalizer_pb2_grpc.py")


def test_stubs_are_not_stale(tmp_path: Path) -> None:
    protoc = pytest.importorskip("grpc_tools.protoc", reason="grpcio-tools (dev extra) generates the stubs")
    status = protoc.main(
        [
            "grpc_tools.protoc",
            f"-I{ROOT / 'proto'}",
            f"--python_out={tmp_path}",
            f"--grpc_python_out={tmp_path}",
            f"--pyi_out={tmp_path}",
            str(ROOT / "proto" / "pagewash" / "v1" / "normalizer.proto"),
        ]
    )
    assert status == 0
    for name in GENERATED:
        fresh = (tmp_path / "pagewash" / "v1" / name).read_bytes()
        committed = (ROOT / "client" / "pagewash" / "v1" / name).read_bytes()
        assert fresh == committed, f"client/pagewash/v1/{name} is stale: run `make proto` and commit it"


def test_the_proto_declares_the_versioned_contract() -> None:
    from pagewash.v1 import normalizer_pb2

    service = normalizer_pb2.DESCRIPTOR.services_by_name["Normalizer"]
    assert normalizer_pb2.DESCRIPTOR.package == "pagewash.v1"
    methods = {m.name: (m.client_streaming, m.server_streaming) for m in service.methods}
    assert methods == {
        "Normalize": (False, False),
        "NormalizeStream": (True, True),
        "GetServerInfo": (False, False),
    }
    options = normalizer_pb2.Options.DESCRIPTOR
    # Every option is explicitly optional on the wire, so that "unset" means the server's default.
    assert all(field.has_presence for field in options.fields)
