"""Issue 26 against a real `qeval serve`: HTTPS with a certificate made in the test (cookie flags, HSTS,
plain HTTP refused), `kill -9` during uploads (SQLite's integrity check, no half evaluation), a backup while
serving restored into a new folder (the same figures from both servers), and in a real browser: a restart
keeps the sign-in and the unsaved draft. Only 127.0.0.1 is contacted; every wait is bounded.

Run: python3 -m pytest Tests/e2e/test_office.py (scripts/test runs every file of Tests/e2e).
"""

import hashlib
import http.client
import signal
import socket
import sqlite3
import ssl
import subprocess
import threading
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from test_hostile import Client
from test_web import QEVAL, ROOT, SAMPLE, Server, browser, make_certificate, workdir  # noqa: F401 (fixtures)


def add_user(data, name, role, password="correct horse"):
    done = subprocess.run([str(QEVAL), "user", "add", name, "--role", role, "--data", str(data)], cwd=ROOT,
                          input=f"{password}\n{password}\n", capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def multipart(path, token):
    boundary = "qevalofficeboundary"
    content = path.read_bytes()
    return boundary, (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n"
                      f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.name}\"\r\n"
                      f"Content-Type: text/csv\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()


def upload(client, path):
    token = client.token("/")
    boundary, body = multipart(path, token)
    status, headers, _ = client.request("POST", "/evaluations", body,
                                        {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert status == 303, status
    return headers["Location"]


def integrity(data):
    with sqlite3.connect(data / "qeval.sqlite") as db:
        return (db.execute("PRAGMA integrity_check").fetchone()[0],
                [(i, n, hashlib.sha256(b).hexdigest(), s) for i, n, b, s in
                 db.execute("SELECT id, applicants, bytes, sha256 FROM evaluation ORDER BY id")])


def test_https_sets_secure_cookies_and_hsts_and_refuses_plain_http(workdir):
    data = workdir / "data"
    assert "角色：管理员" in add_user(data, "admin", "管理员")
    server = Server(data, host="0.0.0.0").start()
    try:
        c = Client(server.port, tls=server.tls)
        status, headers, body = c.request("GET", "/login")
        assert status == 200 and "登录".encode() in body
        assert headers["Strict-Transport-Security"] == "max-age=31536000"
        token = c.token("/login")
        status, headers, _ = c.form("/login", {"csrf": token, "user": "admin", "password": "correct horse"})
        assert status == 303
        session = [v for v in headers.get_all("Set-Cookie") if v.startswith("qeval_session=")]
        assert len(session) == 1
        flags = [f.strip().lower() for f in session[0].split(";")]
        assert "secure" in flags and "httponly" in flags and "samesite=strict" in flags, session
        assert c.request("GET", "/admin")[0] == 200
        # The certificate is checked as a browser would: it names 127.0.0.1.
        context = ssl.create_default_context(cafile=str(server.tls[0]))
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as raw:
            with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
                assert tls.version() in ("TLSv1.2", "TLSv1.3")
        # Plain HTTP to the HTTPS port gets no page.
        plain = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        try:
            plain.request("GET", "/login")
            answered = plain.getresponse().status
        except (ConnectionError, http.client.HTTPException, OSError):
            answered = None
        assert answered is None or answered >= 400
    finally:
        server.stop()
    # A key that is not a PEM file is refused at start, naming the file.
    cert, _ = make_certificate(workdir / "tls")
    refused = subprocess.run([str(QEVAL), "serve", "--host", "0.0.0.0", "--data", str(data), "--tls-cert", str(cert),
                              "--tls-key", str(SAMPLE)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 1 and f"无法读取私钥文件 {SAMPLE}" in refused.stderr


def test_kill_9_during_uploads_leaves_no_half_evaluation(workdir):
    data = workdir / "data"
    big = workdir / "cohort-2844.csv"
    subprocess.run([str(QEVAL), "generate", "--count", "2844", "--seed", "2844", "--out", str(big)], cwd=ROOT,
                   check=True, capture_output=True, timeout=120)
    server = Server(data).start()
    upload(Client(server.port), SAMPLE)
    kept = integrity(data)[1]
    assert len(kept) == 1
    # Killed at different moments: mid-body, just after the body (reading, scoring, writing), a bit later.
    for moment in ("mid-body", 0.0, 0.3, 0.8):
        c = Client(server.port)
        token = c.token("/")
        boundary, body = multipart(big, token)
        connection = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        head = (f"POST /evaluations HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
                f"Cookie: {'; '.join(f'{k}={v}' for k, v in c.cookies.items())}\r\n"
                f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {len(body)}\r\n\r\n")
        connection.sendall(head.encode())
        if moment == "mid-body":
            connection.sendall(body[: len(body) // 2])
        else:
            connection.sendall(body)
            time.sleep(moment)
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(timeout=10)
        connection.close()
        check, evaluations = integrity(data)
        assert check == "ok", (moment, check)
        # Either the upload was not stored at all, or it was stored whole (its bytes are the file's).
        assert evaluations[: len(kept)] == kept
        for _, applicants, digest, _ in evaluations[len(kept):]:
            assert applicants == 2844 and digest == hashlib.sha256(big.read_bytes()).hexdigest(), moment
        kept = evaluations
        server.start()
    try:
        assert Client(server.port).request("GET", "/e/1")[0] == 200
    finally:
        server.stop()


def test_backup_while_serving_restores_the_same_evaluations(workdir):
    data = workdir / "data"
    server = Server(data).start()
    try:
        c = Client(server.port)
        upload(c, SAMPLE)
        upload(c, SAMPLE)
        # A third upload goes on while the backup copies.
        writer = threading.Thread(target=lambda: upload(Client(server.port), SAMPLE))
        writer.start()
        backup = workdir / "qeval-backup.sqlite"
        done = subprocess.run([str(QEVAL), "backup", "--data", str(data), "--out", str(backup)], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
        writer.join(timeout=60)
        assert done.returncode == 0, done.stderr
        assert f"已备份到 {backup}" in done.stdout and "备份已通过完整性检查" in done.stdout
        original = c.request("GET", "/e/1/download/scores.csv")[2]
        # The 管理员 page (the local user on loopback) shows the last backup.
        admin = c.request("GET", "/admin")[2].decode()
        assert str(backup) in admin and 'id="last-backup"' in admin
    finally:
        server.stop()
    restored = workdir / "restored"
    done = subprocess.run([str(QEVAL), "restore", "--from", str(backup), "--data", str(restored)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "已恢复到" in done.stdout, done.stderr
    # Never over existing data.
    again = subprocess.run([str(QEVAL), "restore", "--from", str(backup), "--data", str(restored)], cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 1 and "恢复不会覆盖" in again.stderr
    copy = Server(restored).start()
    try:
        assert Client(copy.port).request("GET", "/e/1/download/scores.csv")[2] == original
        assert Client(copy.port).request("GET", "/e/2")[0] == 200
    finally:
        copy.stop()
    assert integrity(restored)[0] == "ok"


def wait(driver, seconds=30):
    return WebDriverWait(driver, seconds)


def test_a_restart_keeps_the_sign_in_and_the_draft(workdir, browser):
    data = workdir / "data"
    add_user(data, "zhang", "评审")
    server = Server(data, host="0.0.0.0").start()
    try:
        browser.get(server.url + "/login")
        wait(browser).until(EC.presence_of_element_located((By.ID, "login-form")))
        browser.find_element(By.NAME, "user").send_keys("zhang")
        browser.find_element(By.NAME, "password").send_keys("correct horse")
        browser.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").click()
        wait(browser).until(EC.presence_of_element_located((By.ID, "use-sample"))).click()
        wait(browser).until(EC.url_matches(r"/e/\d+$"))
        browser.get(browser.current_url + "/weights")
        field = wait(browser).until(EC.presence_of_element_located((By.ID, "points-31")))
        field.clear()
        field.send_keys("3")
        # The page posts the draft as the points change; the server keeps it in the session (in the database).
        wait(browser).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-reweighed"))
        with sqlite3.connect(data / "qeval.sqlite") as db:
            sessions = [bytes(v).decode() for (v,) in db.execute("SELECT value FROM session WHERE user = 'zhang'")]
        assert any('"drafts":{"1":' in v for v in sessions), sessions
        server.stop()
        server.start()
        browser.get(server.url + "/e/1/weights?s=draft")
        field = wait(browser).until(EC.presence_of_element_located((By.ID, "points-31")))
        assert field.get_attribute("value") == "3"
        assert "zhang" in browser.find_element(By.ID, "nav-account").text
        assert "login" not in browser.current_url
    finally:
        server.stop()
