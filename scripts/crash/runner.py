"""Running qunzhu-cli: to completion, or killed with SIGKILL at a chosen moment.

Output goes to files (not pipes), so a child killed mid-write never blocks the harness and a
chatty child (the chat import's progress on stderr) never fills a pipe.
"""

import os
import signal
import subprocess
import time
from dataclasses import dataclass


@dataclass
class Result:
    argv: list
    returncode: int  # negative: ended by that signal
    stdout: str
    stderr: str
    duration: float  # seconds from spawn to exit (or to the kill)
    killed: bool  # the harness sent SIGKILL while it was running

    @property
    def ok(self) -> bool:
        """Exited 0 on its own: whatever it printed is acknowledged."""
        return self.returncode == 0 and not self.killed

    def describe(self) -> str:
        cmd = " ".join(str(a) for a in self.argv[3:])
        return f"`{cmd}` exit {self.returncode}: {self.stderr.strip()[-400:]}"


def _start_time(pid: int) -> str | None:
    """Field 22 of /proc/PID/stat (start time in clock ticks), None when the process is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read().decode("ascii", "replace")
    except (FileNotFoundError, ProcessLookupError):
        return None
    # The command name (field 2) may hold spaces: split after its closing parenthesis.
    return stat.rsplit(")", 1)[1].split()[19]


def wait_gone(pid: int, started: str | None, timeout: float = 30.0) -> None:
    """Polls /proc/PID until the process is really gone (a reused PID is another process)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        now = _start_time(pid)
        if now is None or now != started:
            return
        time.sleep(0.005)
    raise RuntimeError(f"process {pid} still present {timeout:.0f} s after SIGKILL")


class Cli:
    """qunzhu-cli on one data folder."""

    def __init__(self, binary: str, data_dir: str, scratch: str):
        self.binary = binary
        self.data_dir = data_dir
        self.scratch = scratch
        self.spawned = 0
        # English error messages (any locale not zh*), and no data folder from the environment.
        self.env = {k: v for k, v in os.environ.items() if k != "QUNZHU_DATA_DIR"}
        self.env.update(LANG="C.UTF-8", LC_ALL="C.UTF-8")

    def argv(self, args) -> list:
        return [self.binary, "--data-dir", self.data_dir, *[str(a) for a in args]]

    def run(self, *args, timeout: float = 900.0) -> Result:
        """Runs to completion (never killed)."""
        return self.run_until(args, kill_after=None, timeout=timeout)

    def run_until(self, args, kill_after: float | None, timeout: float = 900.0, watch=None) -> Result:
        """Runs; if still running `kill_after` seconds after the spawn, SIGKILLs it and waits
        until the process is gone. `kill_after` None: let it finish. `watch(seconds)` is called
        every couple of milliseconds while it runs."""
        self.spawned += 1
        out_path = os.path.join(self.scratch, f"cli-{self.spawned}.out")
        err_path = os.path.join(self.scratch, f"cli-{self.spawned}.err")
        argv = self.argv(args)
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            t0 = time.monotonic()
            proc = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=self.env)
            started = _start_time(proc.pid)
            killed = False
            limit = t0 + (kill_after if kill_after is not None else timeout)
            while proc.poll() is None:
                if watch:
                    watch(time.monotonic() - t0)
                left = limit - time.monotonic()
                if left <= 0:
                    if kill_after is None:
                        proc.kill()
                        proc.wait()
                        raise RuntimeError(f"{argv} did not finish in {timeout:.0f} s")
                    os.kill(proc.pid, signal.SIGKILL)
                    killed = True
                    duration = time.monotonic() - t0
                    proc.wait()
                    wait_gone(proc.pid, started)
                    break
                time.sleep(min(left, 0.002))
            else:
                duration = time.monotonic() - t0
        # Exited on its own just as the kill was due: the signal found no process to kill.
        if killed and proc.returncode != -signal.SIGKILL:
            killed = False
        result = Result(argv, proc.returncode, _read(out_path), _read(err_path), duration, killed)
        os.remove(out_path)
        os.remove(err_path)
        return result


def _read(path: str) -> str:
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "replace")
