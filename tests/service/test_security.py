"""TLS, mutual TLS and the bearer token, with certificates made by openssl inside the test."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from _service_server import ServerProcess
from pagewash import Client, Request, errors

TEXT = b"The committee met on Tuesday to discuss the budget for the coming year.\n"

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl makes the test certificates")


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def _signed(name: str, subject: str, extensions: str, cwd: Path) -> None:
    _openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        f"{name}.key",
        "-subj",
        subject,
        "-out",
        f"{name}.csr",
        cwd=cwd,
    )
    (cwd / f"{name}.ext").write_text(extensions)
    _openssl(
        "x509",
        "-req",
        "-in",
        f"{name}.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-sha256",
        "-extfile",
        f"{name}.ext",
        "-out",
        f"{name}.pem",
        cwd=cwd,
    )


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throw-away CA, a server certificate for 127.0.0.1/localhost and a client certificate."""
    directory = tmp_path_factory.mktemp("pki")
    _openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=pagewash test CA",
        cwd=directory,
    )
    _signed("server", "/CN=localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1\n", directory)
    _signed("client", "/CN=pagewash test client", "extendedKeyUsage=clientAuth\n", directory)
    _openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "rogue.key",
        "-out",
        "rogue.pem",
        "-days",
        "2",
        "-subj",
        "/CN=rogue",
        cwd=directory,
    )
    return directory


def _credentials(pki: Path, *, client: str = "") -> grpc.ChannelCredentials:
    ca = (pki / "ca.pem").read_bytes()
    if not client:
        return grpc.ssl_channel_credentials(ca)
    return grpc.ssl_channel_credentials(
        ca, (pki / f"{client}.key").read_bytes(), (pki / f"{client}.pem").read_bytes()
    )


@pytest.fixture(scope="module")
def tls_server(pki: Path) -> Iterator[ServerProcess]:
    proc = ServerProcess(
        "--workers",
        "1",
        "--tls-cert",
        str(pki / "server.pem"),
        "--tls-key",
        str(pki / "server.key"),
    )
    yield proc
    proc.stop()


def test_tls_round_trip_and_plaintext_is_refused(pki: Path, tls_server: ServerProcess) -> None:
    assert "(TLS)" in tls_server.log
    with Client(tls_server.target, credentials=_credentials(pki), timeout=30.0) as client:
        assert client.health() == "SERVING"
        assert client.normalize(TEXT).text
        assert [r.ok for r in client.normalize_many([Request(id="a", content=TEXT)])] == [True]
    with Client(tls_server.target, timeout=5.0) as plaintext, pytest.raises(errors.UnavailableError):
        plaintext.health()


@pytest.fixture(scope="module")
def mtls_server(pki: Path) -> Iterator[ServerProcess]:
    proc = ServerProcess(
        "--workers",
        "1",
        "--tls-cert",
        str(pki / "server.pem"),
        "--tls-key",
        str(pki / "server.key"),
        "--tls-client-ca",
        str(pki / "ca.pem"),
    )
    yield proc
    proc.stop()


def test_mutual_tls_needs_a_client_certificate_from_the_ca(pki: Path, mtls_server: ServerProcess) -> None:
    assert "(mutual TLS)" in mtls_server.log
    with Client(mtls_server.target, credentials=_credentials(pki, client="client"), timeout=30.0) as client:
        assert client.normalize(TEXT).text
    for credentials in (_credentials(pki), _credentials(pki, client="rogue")):
        with (
            Client(mtls_server.target, credentials=credentials, timeout=5.0) as stranger,
            pytest.raises(errors.UnavailableError),
        ):
            stranger.health()


@pytest.fixture(scope="module")
def token_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    token_file = tmp_path_factory.mktemp("token") / "token"
    token_file.write_text("s3cret-token-for-tests\n")
    proc = ServerProcess("--workers", "1", "--auth-token-file", str(token_file))
    yield proc
    proc.stop()


def test_bearer_token_is_required_except_for_health(token_server: ServerProcess) -> None:
    assert "bearer token required" in token_server.log
    assert "s3cret" not in token_server.log
    for token in (None, "wrong", "s3cret-token-for-test"):
        with Client(token_server.target, token=token, timeout=30.0) as caller:
            assert caller.health() == "SERVING"  # probes need no token
            with pytest.raises(errors.UnauthenticatedError) as caught:
                caller.normalize(TEXT)
            assert "bearer token" in caught.value.message
            with pytest.raises(errors.UnauthenticatedError):
                caller.info()
            with pytest.raises(errors.UnauthenticatedError):
                list(caller.normalize_many([Request(id="x", content=TEXT)]))
    with Client(token_server.target, token="s3cret-token-for-tests", timeout=30.0) as client:
        assert client.normalize(TEXT).text
        assert client.info().limits.workers == 1
        assert [r.ok for r in client.normalize_many([Request(id="x", content=TEXT)])] == [True]
