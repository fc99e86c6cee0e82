"""What a person reads on the console when `qeval serve` cannot start (issue 24): a busy port in Chinese
words with the way out, not NIO's `bind(descriptor:ptr:bytes:): Address already in use (errno: 98)`."""

import subprocess

from test_web import QEVAL, ROOT, server, workdir  # noqa: F401


def test_a_busy_port_is_said_in_words(server, workdir):
    p = subprocess.run(
        [str(QEVAL), "serve", "--port", str(server.port), "--data", str(workdir / "other")],
        cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert p.returncode != 0
    said = p.stdout + p.stderr
    assert f"端口 {server.port} 已被占用" in said, said
    assert f"--port {server.port + 1}" in said
    assert "errno" not in said and "bind(" not in said
