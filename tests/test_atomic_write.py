"""The build publishes its files as one set: faults injected at every step leave the
previous files all intact and no temporary file behind; the error names file and reason."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from analysis.build import pipeline
from analysis.core import paths
from analysis.core.errors import BuildError


@pytest.fixture()
def out_dir(tmp_path: Path) -> Path:
    out = tmp_path / "data" / "processed"
    shutil.copytree(paths.PROCESSED, out)
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def new_set(folder: Path) -> dict[str, bytes]:
    """A full set of files that differs from the current one in every file."""
    return {name: data + b"\n(new)" for name, data in snapshot(folder).items()}


def leftovers(out: Path) -> list[str]:
    """Anything but the processed folder beside it, or any hidden or temporary file in it."""
    beside = [p.name for p in out.parent.iterdir() if p != out]
    inside = [p.name for p in out.iterdir() if p.name.startswith(".") or p.suffix == ".tmp"]
    return beside + inside


class DiskFull:
    """os.write fails with ENOSPC once `after` of our files have been written."""

    def __init__(self, monkeypatch, root: Path, after: int) -> None:
        self.ours: set[int] = set()
        self.opened = 0
        real_open, real_write = os.open, os.write

        def fake_open(path, flags, *args, **kwargs):
            fd = real_open(path, flags, *args, **kwargs)
            if str(path).startswith(str(root)) and flags & os.O_CREAT:
                self.opened += 1
                if self.opened > after:
                    self.ours.add(fd)
            return fd

        def fake_write(fd, data):
            if fd in self.ours:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real_write(fd, data)

        monkeypatch.setattr(os, "open", fake_open)
        monkeypatch.setattr(os, "write", fake_write)


def test_a_full_disk_on_the_third_file_changes_nothing_and_names_the_file(out_dir, monkeypatch):
    before = snapshot(out_dir)
    files = new_set(out_dir)
    third = list(files)[2]
    DiskFull(monkeypatch, out_dir.parent, after=2)
    with pytest.raises(BuildError) as info:
        pipeline.write_atomically(files, out_dir)
    monkeypatch.undo()
    msg = str(info.value)
    assert msg.startswith(f"data/processed/{third}: cannot write the file: No space left on device")
    assert "nothing in data/processed was changed" in msg
    assert snapshot(out_dir) == before
    assert leftovers(out_dir) == []


def test_a_failing_switch_changes_nothing(out_dir, monkeypatch):
    before = snapshot(out_dir)

    def broken(a, b):
        raise OSError(errno.EIO, os.strerror(errno.EIO), str(b))

    monkeypatch.setattr(pipeline, "_exchange", broken)
    with pytest.raises(BuildError) as info:
        pipeline.write_atomically(new_set(out_dir), out_dir)
    assert "data/processed: cannot put the new files in place: Input/output error" in str(
        info.value
    )
    assert snapshot(out_dir) == before
    assert leftovers(out_dir) == []


def no_exchange(a, b):
    raise NotImplementedError("not on this file system")


def test_without_an_atomic_swap_the_fallback_publishes_the_whole_set(out_dir, monkeypatch):
    files = new_set(out_dir)
    monkeypatch.setattr(pipeline, "_exchange", no_exchange)
    pipeline.write_atomically(files, out_dir)
    assert snapshot(out_dir) == files
    assert leftovers(out_dir) == []


def test_the_fallback_restores_the_previous_set_when_its_second_rename_fails(out_dir, monkeypatch):
    before = snapshot(out_dir)
    monkeypatch.setattr(pipeline, "_exchange", no_exchange)
    real_rename = os.rename

    def rename(src, dst):
        if Path(dst) == out_dir and ".new-" in str(src):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real_rename(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(BuildError, match="Input/output error"):
        pipeline.write_atomically(new_set(out_dir), out_dir)
    monkeypatch.undo()
    assert snapshot(out_dir) == before
    assert leftovers(out_dir) == []


class Crash(BaseException):
    """The process dies here (no except clause of the build catches it)."""


@pytest.mark.parametrize("where", ["third file", "before the switch", "after the switch"])
@pytest.mark.parametrize("atomic_swap", [True, False])
def test_a_crash_at_any_point_leaves_one_whole_set(out_dir, monkeypatch, where, atomic_swap):
    before, files = snapshot(out_dir), new_set(out_dir)
    if not atomic_swap:
        monkeypatch.setattr(pipeline, "_exchange", no_exchange)
    real_write, real_switch, real_fsync_dir = (
        pipeline._write_file,
        pipeline._switch,
        pipeline._fsync_dir,
    )
    written = []

    def write(path, data):
        written.append(path)
        if where == "third file" and len(written) == 3:
            real_write(path, data[: len(data) // 2])
            raise Crash
        real_write(path, data)

    def switch(staging, out):
        if where == "before the switch":
            raise Crash
        real_switch(staging, out)

    def fsync_dir(path):
        if where == "after the switch" and Path(path) == out_dir.parent:
            raise Crash
        real_fsync_dir(path)

    monkeypatch.setattr(pipeline, "_write_file", write)
    monkeypatch.setattr(pipeline, "_switch", switch)
    monkeypatch.setattr(pipeline, "_fsync_dir", fsync_dir)
    with pytest.raises(Crash):
        pipeline.write_atomically(files, out_dir)
    monkeypatch.undo()
    assert snapshot(out_dir) in (before, files), "a mix of old and new files"
    assert snapshot(out_dir) == (files if where == "after the switch" else before)
    # The next build clears whatever the crash left (here: the finally already did).
    pipeline.recover(out_dir)
    assert leftovers(out_dir) == []


def test_a_crash_between_the_fallbacks_two_renames_is_recovered(out_dir, monkeypatch):
    before = snapshot(out_dir)
    monkeypatch.setattr(pipeline, "_exchange", no_exchange)
    real_rename = os.rename

    def rename(src, dst):
        if Path(dst) == out_dir:
            raise Crash  # the old set is aside, the new one not yet in place
        return real_rename(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(Crash):
        pipeline.write_atomically(new_set(out_dir), out_dir)
    monkeypatch.undo()
    assert not out_dir.exists()
    pipeline.recover(out_dir)  # what the next build does first
    assert snapshot(out_dir) == before
    assert leftovers(out_dir) == []


def test_a_file_the_build_did_not_write_is_never_dropped(out_dir):
    before, files = snapshot(out_dir), new_set(out_dir)
    (out_dir / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(BuildError, match="notes.txt: the build did not write this file"):
        pipeline.write_atomically(files, out_dir)
    assert (out_dir / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert {k: v for k, v in snapshot(out_dir).items() if k != "notes.txt"} == before


def test_a_real_full_disk_changes_nothing(tmp_path):
    """On a small tmpfs (needs root; the test machine and CI run as root)."""
    mount = tmp_path / "small"
    mount.mkdir()
    size = sum(len(d) for d in snapshot(paths.PROCESSED).values())
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size + 64 * 1024}", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, f"cannot mount a small tmpfs: {done.stderr}"
    try:
        out = mount / "processed"
        shutil.copytree(paths.PROCESSED, out)
        before = snapshot(out)
        with pytest.raises(BuildError) as info:
            pipeline.write_atomically(new_set(out), out)
        assert "No space left on device" in str(info.value)
        assert snapshot(out) == before
        assert [p.name for p in mount.iterdir()] == ["processed"]
    finally:
        subprocess.run(["umount", str(mount)], check=False)
