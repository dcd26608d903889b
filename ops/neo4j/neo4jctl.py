#!/usr/bin/env python3
"""Run a real Neo4j 5.26 Community server from Maven Central jars — no Docker, no tarball.

    python ops/neo4j/neo4jctl.py fetch | start | stop | status | wait | env
    python ops/neo4j/neo4jctl.py import --nodes=Person=people.csv … (neo4j-admin's options)

* `fetch` resolves the server (and APOC core) with Maven into `var/neo4j-dist/` once.
* `start` writes the config from `neo4j.conf.template`, sets the initial password on a new
  store, starts `org.neo4j.server.CommunityEntryPoint` in the background and waits until
  Bolt answers. Starting a running server is harmless.
* `stop` ends it (TERM, then KILL after a grace period) and removes the pid file.
* `import` runs `neo4j-admin database import full` (the import tool's jar comes with the
  server's) into the stopped server's `neo4j` database, replacing its store; the options
  after `import` go to the import tool as they are. `goodwill rebuild --offline` uses it.

Settings come from the environment, then from the same `.env` file Goodwill reads
(`$GOODWILL_ENV_FILE`, else `.env` in the working directory; a generated password is kept
there on first run): `NEO4J_PASSWORD`, `NEO4J_BOLT_PORT` (7687), `GOODWILL_NEO4J_DIR`
(`var/neo4j`, one folder per server instance), `NEO4J_HEAP` (1g), `NEO4J_PAGECACHE` (512m).
Only the standard library is used, so this runs before the virtualenv exists.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DIST = ROOT / "var" / "neo4j-dist"
ENV_FILE_VARIABLE = "GOODWILL_ENV_FILE"
MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
ADMIN_CLASS = "org.neo4j.cli.AdminTool"
# The flags Neo4j's own launcher passes on Java 17.
JVM_FLAGS = [
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-modules=jdk.incubator.vector",
    "--enable-native-access=ALL-UNNAMED",
    "-XX:+UseG1GC",
    # Regions of 4 MB (1 MB by default at a 1 GB heap): values up to 2 MB — an analyst's
    # long strings and lists — are then young objects, not humongous ones; humongous
    # allocations paused the whole server often enough to double everyone's latency while
    # analysts ran (bench/analyst_isolation.py).
    "-XX:G1HeapRegionSize=4m",
    "-XX:-OmitStackTraceInFastThrow",
    "-Dfile.encoding=UTF-8",
]


class Neo4jError(RuntimeError):
    """A problem a person can act on; printed without a stack trace."""


def env_file() -> Path:
    """The `.env` file of Goodwill's settings (config/env_file.py finds the same one)."""
    named = os.environ.get(ENV_FILE_VARIABLE)
    return Path(named).absolute() if named else Path.cwd() / ".env"


def read_env_file() -> dict[str, str]:
    """`NAME=value` lines (an `export ` prefix, quotes and `#` comments allowed), as the
    settings' dotenv reader takes them for the values written here."""
    values: dict[str, str] = {}
    path = env_file()
    if not path.exists():
        return values
    for line in path.read_text().splitlines():
        key, sep, value = line.strip().removeprefix("export ").partition("=")
        if not sep or key.strip().startswith("#"):
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def setting(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name) or read_env_file().get(name) or default


def ensure_password() -> str:
    """The password from the environment or `.env`; generated into `.env` on first run."""
    password = setting("NEO4J_PASSWORD")
    if password:
        return password
    alphabet = string.ascii_letters + string.digits
    password = "".join(secrets.choice(alphabet) for _ in range(24))
    path = env_file()
    text = path.read_text() if path.exists() else ""
    # created 0600 from the start, as config/env_file.py does: it holds secrets
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), "a") as env:
        env.write(("\n" if text and not text.endswith("\n") else "") +
                  f"NEO4J_PASSWORD={password}\n")
    path.chmod(0o600)
    return password


@dataclass(frozen=True)
class Instance:
    home: Path
    bolt_port: int
    password: str
    heap: str
    pagecache: str

    @classmethod
    def from_env(cls) -> Instance:
        home = Path(setting("GOODWILL_NEO4J_DIR", str(ROOT / "var" / "neo4j")))
        return cls(
            home=home if home.is_absolute() else ROOT / home,
            bolt_port=int(setting("NEO4J_BOLT_PORT", "7687")),
            password=ensure_password(),
            heap=setting("NEO4J_HEAP", "1g"),
            pagecache=setting("NEO4J_PAGECACHE", "512m"),
        )

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "goodwill-neo4j.pid"

    @property
    def console_log(self) -> Path:
        return self.home / "logs" / "console.log"


# --- fetching the jars ---------------------------------------------------------------

def pom_digest() -> str:
    return hashlib.sha256((HERE / "pom.xml").read_bytes()).hexdigest()[:16]


def fetch() -> Path:
    """Resolve the server's jars into var/neo4j-dist (again only when pom.xml changed)."""
    stamp = DIST / ".pom-digest"
    if stamp.exists() and stamp.read_text() == pom_digest():
        return DIST
    if shutil.which("mvn") is None:
        raise Neo4jError("Maven (mvn) is not on PATH; it is needed once to fetch Neo4j's jars.")
    print("Fetching Neo4j 5.26 Community and APOC core from Maven Central …", flush=True)
    shutil.rmtree(DIST, ignore_errors=True)
    lib, plugins = DIST / "lib", DIST / "plugins"
    command = [
        "mvn", "-B", "-q", "-f", str(HERE / "pom.xml"), "dependency:copy-dependencies",
        f"-DoutputDirectory={lib}", "-DincludeScope=runtime",
    ]
    if subprocess.run(command).returncode != 0:
        raise Neo4jError("Maven could not resolve Neo4j's jars (see its output above).")
    plugins.mkdir(parents=True, exist_ok=True)
    # Neo4j compiles procedures from plugins/ but loads extensions (APOC's config) from the
    # classpath, so the APOC jars belong in both places.
    for jar in lib.glob("apoc-*.jar"):
        shutil.copy2(jar, plugins / jar.name)
    stamp.write_text(pom_digest())
    return DIST


def java_command(main_class: str, *args: str, heap: str | None = None) -> list[str]:
    java = shutil.which("java")
    if java is None:
        raise Neo4jError("Java 17 (java) is not on PATH; Neo4j 5.26 needs it.")
    memory = [f"-Xms{heap}", f"-Xmx{heap}"] if heap else []
    return [java, *memory, *JVM_FLAGS, "-cp", str(DIST / "lib" / "*"), main_class, *args]


# --- process state -------------------------------------------------------------------

def running_pid(instance: Instance) -> int | None:
    """The server's pid if it runs; a stale pid file is removed."""
    try:
        pid = int(instance.pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    try:
        os.kill(pid, 0)
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (ProcessLookupError, FileNotFoundError, PermissionError):
        cmdline = b""
    if MAIN_CLASS.encode() in cmdline:
        return pid
    print(f"Removing stale pid file {instance.pid_file} (process {pid} is gone).")
    instance.pid_file.unlink(missing_ok=True)
    return None


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def bolt_answers(instance: Instance) -> bool:
    """True when the server accepts a Bolt handshake for versions 5.x / 4.x."""
    try:
        with socket.create_connection(("127.0.0.1", instance.bolt_port), timeout=2) as conn:
            conn.sendall(
                bytes.fromhex("6060B017")
                + bytes.fromhex("00080805")  # 5.0 – 5.8
                + bytes.fromhex("00000404")
                + bytes(8)
            )
            reply = conn.recv(4)
            return len(reply) == 4 and reply != bytes(4)
    except OSError:
        return False


def wait_for_bolt(
    instance: Instance, process: subprocess.Popen | None = None, timeout: float = 180.0
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if bolt_answers(instance):
            return
        if process is not None and process.poll() is not None:
            instance.pid_file.unlink(missing_ok=True)
            raise Neo4jError(f"Neo4j stopped while starting.\n{log_tail(instance)}")
        time.sleep(0.5)
    raise Neo4jError(
        f"Neo4j did not answer on {instance.uri} within {timeout:.0f}s.\n{log_tail(instance)}"
    )


def log_tail(instance: Instance, lines: int = 25) -> str:
    if not instance.console_log.exists():
        return "(no console log yet)"
    text = instance.console_log.read_text(errors="replace").splitlines()[-lines:]
    return f"Last lines of {instance.console_log}:\n" + "\n".join(text)


# --- commands ------------------------------------------------------------------------

def write_config(instance: Instance) -> Path:
    conf_dir = instance.home / "conf"
    conf_dir.mkdir(parents=True, exist_ok=True)
    template = string.Template((HERE / "neo4j.conf.template").read_text())
    (conf_dir / "neo4j.conf").write_text(
        template.substitute(
            bolt_port=instance.bolt_port,
            instance=instance.home,
            dist=DIST,
            heap=instance.heap,
            pagecache=instance.pagecache,
        )
    )
    return conf_dir


def set_initial_password(instance: Instance, conf_dir: Path) -> None:
    """On a new store only: Neo4j applies the initial password before its first start."""
    if (instance.home / "data" / "databases").exists():
        return
    env = {**os.environ, "NEO4J_HOME": str(instance.home), "NEO4J_CONF": str(conf_dir)}
    result = subprocess.run(
        java_command(ADMIN_CLASS, "dbms", "set-initial-password", instance.password),
        env=env, capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise Neo4jError(f"Setting Neo4j's initial password failed:\n{result.stderr[-2000:]}")


def start(instance: Instance) -> None:
    pid = running_pid(instance)
    if pid is not None:
        wait_for_bolt(instance)
        print(f"Neo4j already running (pid {pid}) on {instance.uri}.")
        return
    if port_open(instance.bolt_port):
        raise Neo4jError(
            f"Port {instance.bolt_port} is already in use by another program. Stop it, or choose "
            f"another port with NEO4J_BOLT_PORT (and NEO4J_URI for Goodwill)."
        )
    fetch()
    conf_dir = write_config(instance)
    for folder in ("data", "logs", "run"):
        (instance.home / folder).mkdir(parents=True, exist_ok=True)
    set_initial_password(instance, conf_dir)
    env = {**os.environ, "NEO4J_HOME": str(instance.home), "NEO4J_CONF": str(conf_dir)}
    command = java_command(
        MAIN_CLASS,
        f"--home-dir={instance.home}",
        f"--config-dir={conf_dir}",
        "--console-mode",
        heap=instance.heap,
    )
    with instance.console_log.open("ab") as log:
        process = subprocess.Popen(
            command, cwd=instance.home, env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
    instance.pid_file.write_text(str(process.pid))
    started = time.monotonic()
    wait_for_bolt(instance, process)
    elapsed = time.monotonic() - started
    print(f"Neo4j started (pid {process.pid}) on {instance.uri} in {elapsed:.1f}s.")


def stop(instance: Instance, grace: float = 60.0) -> None:
    pid = running_pid(instance)
    if pid is None:
        print("Neo4j is not running.")
        return
    os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
        with contextlib.suppress(ChildProcessError):  # reap it when it is our child
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.2)
    if Path(f"/proc/{pid}").exists():
        os.killpg(pid, signal.SIGKILL)
    instance.pid_file.unlink(missing_ok=True)
    print(f"Neo4j stopped (pid {pid}).")


DATABASE = "neo4j"  # Community's one user database


def store_folders(instance: Instance, database: str = DATABASE) -> tuple[Path, Path]:
    """The database's store and its transaction logs (`neo4j.conf.template`'s folders)."""
    data = instance.home / "data"
    return data / "databases" / database, data / "transactions" / database


def import_database(instance: Instance, options: list[str], database: str = DATABASE,
                    report: Path | None = None) -> None:
    """`neo4j-admin database import full` into `database` of the stopped server, replacing
    the store that is there. Any bad entry fails the import (`--bad-tolerance=0`)."""
    if running_pid(instance) is not None:
        raise Neo4jError("Stop Neo4j first: the import replaces the store it serves.")
    fetch()
    conf_dir = write_config(instance)
    for folder in ("data", "logs", "run"):
        (instance.home / folder).mkdir(parents=True, exist_ok=True)
    set_initial_password(instance, conf_dir)
    report = report or instance.home / "logs" / "import.report"
    env = {**os.environ, "NEO4J_HOME": str(instance.home), "NEO4J_CONF": str(conf_dir)}
    command = java_command(
        ADMIN_CLASS, "database", "import", "full", "--overwrite-destination=true",
        "--bad-tolerance=0", f"--report-file={report}", *options, database,
        heap=instance.heap,
    )
    result = subprocess.run(command, cwd=instance.home, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise Neo4jError(f"neo4j-admin database import failed:\n"
                         f"{(result.stdout + result.stderr)[-3000:]}")


def status(instance: Instance) -> int:
    pid = running_pid(instance)
    if pid is None:
        print("Neo4j is not running.")
        return 1
    state = "answering" if bolt_answers(instance) else "not answering yet"
    print(f"Neo4j running (pid {pid}) on {instance.uri}, Bolt {state}.")
    return 0


def print_env(instance: Instance) -> None:
    """Shell assignments that point Goodwill at this server."""
    print(f"NEO4J_URI={instance.uri}\nNEO4J_USER=neo4j\nNEO4J_PASSWORD={instance.password}")


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "--help"
    if command in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    try:
        if command == "fetch":
            fetch()
            return 0
        instance = Instance.from_env()
        if command == "start":
            start(instance)
        elif command == "stop":
            stop(instance)
        elif command == "status":
            return status(instance)
        elif command == "wait":
            wait_for_bolt(instance)
        elif command == "env":
            print_env(instance)
        elif command == "import":
            import_database(instance, argv[2:])
            print(f"Imported into {store_folders(instance)[0]}.")
        else:
            print(f"Unknown command {command!r}; try --help.", file=sys.stderr)
            return 2
    except Neo4jError as problem:
        print(f"neo4jctl: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
