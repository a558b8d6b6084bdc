"""`pagewash-server` in a subprocess on a free localhost port, for the service tests."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading

_LISTENING = re.compile(r"listening on (\S+:\d+)")


class ServerProcess:
    """`pagewash-server` in a subprocess; its stderr is collected so a failing test can show it."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        command = [
            sys.executable,
            "-m",
            "pagewash_server",
            "--listen",
            "127.0.0.1:0",
            "--log-level",
            "info",
            "--stats-interval",
            "0",
            *args,
        ]
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **(env or {})},
        )
        self.lines: list[str] = []
        self._listening = threading.Event()
        self.target = ""
        threading.Thread(target=self._collect, daemon=True).start()
        if not self._listening.wait(90) or not self.target:
            self.stop()
            raise RuntimeError("server did not start:\n" + "".join(self.lines))

    def _collect(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line)
            match = _LISTENING.search(line)
            if match and not self.target:
                self.target = match.group(1)
                self._listening.set()
        self._listening.set()

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def signal(self, sig: int) -> None:
        self.process.send_signal(sig)

    def wait(self, timeout: float) -> int:
        return self.process.wait(timeout)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
